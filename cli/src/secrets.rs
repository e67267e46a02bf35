//! Reading secrets from the environment, files, stdin or (discouraged) argv,
//! in the order they were given on the command line (newest first).

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use clap::ArgMatches;
use clap::parser::ValueSource;
use identity_hmac::{MAX_SECRET_BYTES, Secret, TokenVerifier, TokenVerifierBuilder, Verifier, VerifierBuilder};
use zeroize::Zeroizing;

use crate::cli::SecretArgs;
use crate::failure::{Failure, os_bytes};

/// One place a secret is read from.
#[derive(Debug)]
enum Source {
    Env(OsString),
    File(PathBuf),
    Stdin,
    Argument(OsString),
}

impl Source {
    /// Names the source without its content, for messages.
    fn label(&self) -> String {
        match self {
            Source::Env(name) => match env_name_for_messages(name) {
                Some(shown) => format!("--secret-env {shown}"),
                None => "--secret-env (a name not shown)".to_owned(),
            },
            Source::File(path) => format!("--secret-file {}", path.display()),
            Source::Stdin => "--secret-stdin".to_owned(),
            Source::Argument(_) => "--secret".to_owned(),
        }
    }

    fn read(self, warnings: &mut Warnings) -> Result<Zeroizing<Vec<u8>>, Failure> {
        let label = self.label();
        let bytes = match self {
            Source::Env(name) => match std::env::var_os(&name) {
                Some(value) => Zeroizing::new(os_bytes(value)?),
                None => {
                    return Err(Failure::Usage(match env_name_for_messages(&name) {
                        Some(shown) => format!("the environment variable {shown} is not set"),
                        None => format!("the environment variable named by --secret-env is not set ({HIDDEN_NAME})"),
                    }));
                }
            },
            Source::File(path) => {
                let context = || format!("cannot read the secret file {}", path.display());
                let mut file = File::open(&path).map_err(|e| Failure::io(context(), e))?;
                warnings.check_file_mode(&path, &file);
                strip_one_line_end(read_capped(&mut file, &label).map_err(|e| e.with_context(context))?)
            }
            Source::Stdin => {
                // Unbuffered, so no copy of the secret stays in std's stdin buffer.
                let mut stdin = stdin_file().map_err(|e| Failure::io("cannot read the secret from stdin", e))?;
                let bytes = read_capped(&mut stdin, &label)
                    .map_err(|e| e.with_context(|| "cannot read the secret from stdin".to_owned()))?;
                strip_one_line_end(bytes)
            }
            Source::Argument(value) => Zeroizing::new(os_bytes(value)?),
        };
        if bytes.len() > MAX_SECRET_BYTES {
            return Err(too_long(&label));
        }
        Ok(bytes)
    }
}

/// A variable name as typed, unless it does not look like one (say, the
/// secret itself given to --secret-env by mistake): then it is not repeated.
fn env_name_for_messages(name: &OsString) -> Option<String> {
    let bytes = name.as_encoded_bytes();
    let conventional = !bytes.is_empty()
        && bytes.len() <= 64
        && !bytes[0].is_ascii_digit()
        && bytes.iter().all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    conventional.then(|| name.to_string_lossy().into_owned())
}

const HIDDEN_NAME: &str = "its name is not repeated: it is not an upper-case name such as CHATWOOT_HMAC_TOKEN, \
                           and may be a secret typed there by mistake";

fn too_long(label: &str) -> Failure {
    Failure::Usage(format!(
        "the secret from {label} is longer than {MAX_SECRET_BYTES} bytes (64 KiB), the most identity-hmac reads"
    ))
}

/// Why reading a capped secret failed.
enum ReadFailure {
    TooLong(Failure),
    Io(io::Error),
}

impl ReadFailure {
    fn with_context(self, context: impl FnOnce() -> String) -> Failure {
        match self {
            ReadFailure::TooLong(failure) => failure,
            ReadFailure::Io(e) => Failure::io(context(), e),
        }
    }
}

/// Reads at most `MAX_SECRET_BYTES` plus a line end into one buffer sized up
/// front: it never reallocates, so no unwiped copy of the secret is left in
/// freed memory, and an endless source (`/dev/zero`) stops at the cap.
fn read_capped(source: &mut impl Read, label: &str) -> Result<Zeroizing<Vec<u8>>, ReadFailure> {
    // Room for the cap, a `\r\n` that is removed, and one byte more to see that
    // the source is longer.
    let mut buffer = Zeroizing::new(vec![0u8; MAX_SECRET_BYTES + 3]);
    let mut len = 0;
    while len < buffer.len() {
        match source.read(&mut buffer[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadFailure::Io(e)),
        }
    }
    if len == buffer.len() {
        return Err(ReadFailure::TooLong(too_long(label)));
    }
    // Shortening keeps the allocation, which Zeroizing wipes whole on drop.
    buffer.truncate(len);
    Ok(buffer)
}

/// Stdin as an unbuffered file of its own (a duplicate of descriptor 0).
#[cfg(unix)]
fn stdin_file() -> io::Result<File> {
    use std::os::fd::AsFd;
    Ok(File::from(io::stdin().as_fd().try_clone_to_owned()?))
}

#[cfg(not(unix))]
fn stdin_file() -> io::Result<impl Read> {
    Ok(io::stdin())
}

/// Removes exactly one trailing `\n` or `\r\n`, as a text editor or `echo` adds.
fn strip_one_line_end(mut bytes: Zeroizing<Vec<u8>>) -> Zeroizing<Vec<u8>> {
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
    }
    bytes
}

/// Warnings about how secrets were given, each printed once.
#[derive(Default)]
struct Warnings {
    argument: bool,
    open_files: Vec<String>,
}

impl Warnings {
    /// Notes a regular secret file that group or others may read, as ssh does
    /// for private keys (but without refusing it).
    fn check_file_mode(&mut self, path: &Path, file: &File) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(metadata) = file.metadata() {
                let mode = metadata.permissions().mode() & 0o777;
                let entry = format!("{} (mode {mode:04o})", path.display());
                if metadata.is_file() && mode & 0o077 != 0 && !self.open_files.contains(&entry) {
                    self.open_files.push(entry);
                }
            }
        }
        #[cfg(not(unix))]
        let _ = (path, file);
    }

    fn print(&self) {
        let mut stderr = io::stderr().lock();
        if self.argument {
            let _ = writeln!(
                stderr,
                "warning: --secret puts the secret in the process list and the shell history; prefer --secret-env or --secret-file"
            );
        }
        if !self.open_files.is_empty() {
            let _ = writeln!(
                stderr,
                "warning: group or others can read the secret file {}; restrict it with chmod 600",
                self.open_files.join(", ")
            );
        }
    }
}

/// Takes the i-th secret's bytes into a verifier under construction.
type PushSecret<'a> = dyn FnMut(usize, &[u8]) -> Result<(), identity_hmac::Error> + 'a;

/// The secret sources of one subcommand, in command-line order.
#[derive(Debug)]
pub struct SecretInputs {
    sources: Vec<Source>,
}

impl SecretInputs {
    pub fn from_matches(matches: &ArgMatches) -> Self {
        let mut indexed: Vec<(usize, Source)> = Vec::new();
        let mut collect = |id: &str, make: &dyn Fn(OsString) -> Source| {
            if let (Some(values), Some(indices)) = (matches.get_raw(id), matches.indices_of(id)) {
                indexed.extend(indices.zip(values.map(|v| make(v.to_owned()))));
            }
        };
        collect("secret_env", &Source::Env);
        collect("secret_file", &|v| Source::File(PathBuf::from(v)));
        collect("secret", &Source::Argument);
        if matches.value_source("secret_stdin") == Some(ValueSource::CommandLine) {
            indexed.push((matches.index_of("secret_stdin").unwrap_or(usize::MAX), Source::Stdin));
        }
        indexed.sort_by_key(|(index, _)| *index);
        SecretInputs { sources: indexed.into_iter().map(|(_, source)| source).collect() }
    }

    /// Refuses every way two readers would share stdin: `--secret-stdin` or a
    /// `--secret-file` that is stdin (`/dev/stdin`, `/proc/self/fd/0`, the
    /// file stdin is redirected from) together with identifiers on stdin, or
    /// with each other. Checked before anything is read.
    pub fn check_stdin_use(&self, identifiers_from_stdin: bool) -> Result<(), Failure> {
        let stdin = stdin_identity();
        let mut readers: Vec<String> = Vec::new();
        for source in &self.sources {
            let reads_stdin = match source {
                Source::Stdin => true,
                Source::File(path) => stdin.is_some() && file_identity(path) == stdin,
                Source::Env(_) | Source::Argument(_) => false,
            };
            if !reads_stdin {
                continue;
            }
            if identifiers_from_stdin {
                return Err(Failure::Usage(match source {
                    Source::Stdin => {
                        "--secret-stdin needs the identifiers as arguments, since stdin cannot carry both".to_owned()
                    }
                    _ => format!(
                        "{} is stdin, which carries the identifiers: give the identifiers as arguments, \
                         or the secret through --secret-env or another file",
                        source.label()
                    ),
                }));
            }
            readers.push(source.label());
        }
        if readers.len() > 1 {
            return Err(Failure::Usage(format!("stdin can be read only once, but {} all read it", readers.join(", "))));
        }
        Ok(())
    }

    /// The one secret, as given (before decoding), with its label.
    pub fn single_input(self) -> Result<(String, Zeroizing<Vec<u8>>), Failure> {
        let count = self.sources.len();
        let Some(source) = self.sources.into_iter().next().filter(|_| count == 1) else {
            return Err(Failure::Usage(if count == 0 { NO_SECRET.to_owned() } else { MANY_SECRETS.to_owned() }));
        };
        let label = source.label();
        let mut warnings = Warnings { argument: matches!(source, Source::Argument(_)), ..Warnings::default() };
        let read = source.read(&mut warnings);
        warnings.print();
        read.map(|bytes| (label, bytes))
    }

    /// The one secret, decoded.
    pub fn single_secret(self, args: &SecretArgs) -> Result<Secret, Failure> {
        let encoding = args.encoding()?;
        let (label, bytes) = self.single_input()?;
        Secret::decode_bytes(&bytes, encoding).map_err(|e| Failure::secret_or_core(&label, e))
    }

    /// Every secret, decoded into a verifier, with their labels, newest first.
    /// The count is checked before any secret is read.
    pub fn verifier(self, args: &SecretArgs) -> Result<(Verifier, Vec<String>), Failure> {
        let mut builder = VerifierBuilder::new(args.encoding()?);
        let labels = self.read_each(&mut |_, bytes| builder.push(bytes))?;
        Ok((builder.build().map_err(Failure::core)?, labels))
    }

    /// Every secret, decoded into a token verifier by `builder`'s encoding,
    /// newest first, the i-th with `key_ids[i]` when key ids are given (one
    /// per secret).
    pub fn token_verifier(
        self,
        mut builder: TokenVerifierBuilder,
        key_ids: &[String],
    ) -> Result<TokenVerifier, Failure> {
        if !key_ids.is_empty() && key_ids.len() != self.sources.len() {
            return Err(Failure::Usage(format!(
                "{} --key-id options for {} secrets: give one key id per secret, in the same order",
                key_ids.len(),
                self.sources.len()
            )));
        }
        self.read_each(&mut |index, bytes| builder.push(key_ids.get(index).map(String::as_str), bytes))?;
        builder.build().map_err(Failure::core)
    }

    /// Reads every secret, newest first, into `push` (with its index), and
    /// returns their labels. The count is checked before any secret is read;
    /// the first error stops it, naming that secret's source.
    fn read_each(self, push: &mut PushSecret<'_>) -> Result<Vec<String>, Failure> {
        if self.sources.is_empty() {
            // The verifier's code, as every binding reports it for an empty key list.
            return Err(Failure::Usage(format!("{NO_SECRET} [NO_SECRETS]")));
        }
        Verifier::check_secret_count(self.sources.len()).map_err(Failure::core)?;
        let labels: Vec<String> = self.sources.iter().map(Source::label).collect();
        let mut warnings =
            Warnings { argument: self.sources.iter().any(|s| matches!(s, Source::Argument(_))), ..Warnings::default() };
        let mut outcome = Ok(());
        for (index, source) in self.sources.into_iter().enumerate() {
            let pushed = source.read(&mut warnings).and_then(|bytes| {
                push(index, &bytes).map_err(|e| match e.secret_index() {
                    Some(index) => Failure::secret_or_core(&labels[index], e),
                    None => Failure::core(e),
                })
            });
            if let Err(failure) = pushed {
                outcome = Err(failure);
                break;
            }
        }
        warnings.print();
        outcome?;
        Ok(labels)
    }
}

/// The device and inode of stdin, when it is open.
#[cfg(unix)]
fn stdin_identity() -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    stdin_file().and_then(|file| file.metadata()).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn stdin_identity() -> Option<(u64, u64)> {
    None
}

#[cfg(not(unix))]
fn file_identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

const MANY_SECRETS: &str = "this command takes one secret; only verify accepts several (for key rotation)";
const NO_SECRET: &str = "no secret given: use --secret-env VAR, --secret-file PATH or --secret-stdin";

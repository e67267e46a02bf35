//! Reading secrets from the environment, files, stdin or (discouraged) argv,
//! in the order they were given on the command line (newest first).

use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::path::PathBuf;

use clap::ArgMatches;
use clap::parser::ValueSource;
use identity_hmac::Secret;
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
            Source::Env(name) => format!("--secret-env {}", name.to_string_lossy()),
            Source::File(path) => format!("--secret-file {}", path.display()),
            Source::Stdin => "--secret-stdin".to_owned(),
            Source::Argument(_) => "--secret".to_owned(),
        }
    }

    fn read(self) -> Result<Zeroizing<Vec<u8>>, Failure> {
        match self {
            Source::Env(name) => match std::env::var_os(&name) {
                Some(value) => os_bytes(value).map(Zeroizing::new),
                None => Err(Failure::Usage(format!("the environment variable {} is not set", name.to_string_lossy()))),
            },
            Source::File(path) => std::fs::read(&path)
                .map(|bytes| strip_one_line_end(Zeroizing::new(bytes)))
                .map_err(|e| Failure::io(format!("cannot read the secret file {}", path.display()), e)),
            Source::Stdin => {
                let mut bytes = Zeroizing::new(Vec::new());
                io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map_err(|e| Failure::io("cannot read the secret from stdin", e))?;
                Ok(strip_one_line_end(bytes))
            }
            Source::Argument(value) => {
                let _ = writeln!(
                    io::stderr(),
                    "warning: --secret puts the secret in the process list and the shell history; prefer --secret-env or --secret-file"
                );
                os_bytes(value).map(Zeroizing::new)
            }
        }
    }
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

    pub fn uses_stdin(&self) -> bool {
        self.sources.iter().any(|s| matches!(s, Source::Stdin))
    }

    /// The one secret, as given (before decoding), with its label.
    pub fn single_input(self) -> Result<(String, Zeroizing<Vec<u8>>), Failure> {
        let count = self.sources.len();
        let Some(source) = self.sources.into_iter().next().filter(|_| count == 1) else {
            return Err(Failure::Usage(if count == 0 { NO_SECRET.to_owned() } else { MANY_SECRETS.to_owned() }));
        };
        let label = source.label();
        source.read().map(|bytes| (label, bytes))
    }

    /// The one secret, decoded.
    pub fn single_secret(self, args: &SecretArgs) -> Result<Secret, Failure> {
        let encoding = args.encoding()?;
        let (label, bytes) = self.single_input()?;
        Secret::decode_bytes(&bytes, encoding).map_err(|e| Failure::secret_or_core(&label, e))
    }

    /// Every secret, decoded, with its label, newest first.
    pub fn all_secrets(self, args: &SecretArgs) -> Result<Vec<(String, Secret)>, Failure> {
        let encoding = args.encoding()?;
        if self.sources.is_empty() {
            // The verifier's code, as every binding reports it for an empty key list.
            return Err(Failure::Usage(format!("{NO_SECRET} [NO_SECRETS]")));
        }
        self.sources
            .into_iter()
            .map(|source| {
                let label = source.label();
                let bytes = source.read()?;
                let secret = Secret::decode_bytes(&bytes, encoding).map_err(|e| Failure::secret_or_core(&label, e))?;
                Ok((label, secret))
            })
            .collect()
    }
}

const MANY_SECRETS: &str = "this command takes one secret; only verify accepts several (for key rotation)";
const NO_SECRET: &str = "no secret given: use --secret-env VAR, --secret-file PATH or --secret-stdin";

//! `identity-hmac`: identity hashes for chat widgets on the command line.
//!
//! Every rule (secret decoding, signing, hex, comparison, diagnosis) lives in
//! the `identity_hmac` core; this binary parses arguments, reads secrets and
//! streams lines.
#![forbid(unsafe_code)]

mod batch;
mod cli;
mod csv_mode;
mod failure;
mod jsonl_mode;
mod ordered;
mod secrets;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use identity_hmac::{
    Claims, Diagnosis, ErrorCode, PageValues, Scheme, SecretEncoding, Signer, TokenOptions, TokenVerifierBuilder, User,
    VerifyError, Widget,
};
use zeroize::Zeroizing;

use crate::cli::{
    Cli, Command, DiagnoseArgs, IdentifyArgs, KeygenArgs, SecretArgs, SignArgs, TokenCommand, TokenSignArgs,
    TokenVerifyArgs, VerifyArgs,
};
use crate::failure::{Failure, os_bytes};
use crate::secrets::SecretInputs;

/// Exit status of a well-formed "no" answer: a mismatching hash.
const EXIT_MISMATCH: u8 = 1;
/// Exit status of every error, including a malformed hash.
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    // A bug must still end as one line on stderr, never a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string().replace('\n', " ");
        let _ = writeln!(io::stderr(), "error: internal error in identity-hmac: {message}");
    }));
    match run() {
        Ok(code) => code,
        // The reader of our output went away (`| head`): stop quietly.
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(failure) => {
            let _ = writeln!(io::stderr(), "error: {failure}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn run() -> Result<ExitCode, Failure> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let mut command = Cli::command();
    let matches = match command.try_get_matches_from_mut(&args) {
        Ok(matches) => matches,
        Err(e) => return Ok(clap_exit(e, &secret_arguments(&args))),
    };
    let cli = Cli::from_arg_matches(&matches).map_err(|e| Failure::Usage(first_line(&e)))?;
    let sub_matches = matches.subcommand().map(|(_, m)| m);
    // `token sign` and `token verify` carry their options one level deeper.
    let leaf_matches = sub_matches.and_then(|m| m.subcommand()).map(|(_, m)| m);
    match (cli.command, sub_matches) {
        (Command::Token(command), Some(_)) => match (command, leaf_matches) {
            (TokenCommand::Sign(args), Some(m)) => token_sign(args, SecretInputs::from_matches(m)),
            (TokenCommand::Verify(args), Some(m)) => token_verify(args, SecretInputs::from_matches(m)),
            (_, None) => Err(Failure::Usage("token needs a subcommand: sign or verify".into())),
        },
        (Command::Sign(args), Some(m)) => sign(args, SecretInputs::from_matches(m)),
        (Command::Verify(args), Some(m)) => verify(args, SecretInputs::from_matches(m)),
        (Command::Diagnose(args), Some(m)) => diagnose(args, SecretInputs::from_matches(m)),
        (Command::Identify(args), Some(m)) => identify(args, SecretInputs::from_matches(m)),
        (Command::Keygen(args), _) => keygen(args),
        (_, None) => Err(Failure::Usage("a subcommand is required".into())),
    }
}

/// Help and version go to stdout with status 0; usage errors are one line,
/// never one that quotes a value given for `--secret`.
fn clap_exit(e: clap::Error, secrets: &[&[u8]]) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(EXIT_ERROR)
        }
        _ => {
            let mut message = first_line(&e);
            // The program's own option names (`'--secret' found`) are not values.
            let mut scanned = message.clone();
            for name in long_option_names() {
                scanned = scanned.replace(&name, " ");
            }
            if secrets.iter().any(|secret| shares_a_piece(scanned.as_bytes(), secret)) {
                message = WITHHELD.to_owned();
            }
            let _ = writeln!(io::stderr(), "{message} (see --help)");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

const WITHHELD: &str =
    "error: invalid arguments (the parser's message is not shown: it would quote a value given for a secret)";

/// The values given with `--secret VALUE` or `--secret=VALUE`, wherever they
/// are: a parse error may have stopped before clap knew which is which.
fn secret_arguments(args: &[OsString]) -> Vec<&[u8]> {
    let mut values = Vec::new();
    let mut args = args.iter().map(|a| a.as_encoded_bytes());
    while let Some(arg) = args.next() {
        if arg == b"--secret" {
            values.extend(args.next());
        } else if let Some(value) = arg.strip_prefix(b"--secret=") {
            values.push(value);
        }
    }
    values
}

/// Every `--long` option name of every subcommand, longest first.
fn long_option_names() -> Vec<String> {
    let command = Cli::command();
    let mut names: Vec<String> = std::iter::once(&command)
        .chain(command.get_subcommands())
        .flat_map(|c| c.get_arguments().filter_map(|a| a.get_long()).map(|l| format!("--{l}")).collect::<Vec<_>>())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names
}

/// Whether `message` holds any 4-byte piece of `secret` (the whole of a shorter one).
fn shares_a_piece(message: &[u8], secret: &[u8]) -> bool {
    let piece = secret.len().min(4);
    piece > 0 && secret.windows(piece).any(|p| message.windows(piece).any(|m| m == p))
}

/// Clap's message up to its first blank line (before tips and usage), as one line.
fn first_line(e: &clap::Error) -> String {
    let rendered = e.render().to_string();
    let message: Vec<&str> =
        rendered.lines().map(str::trim).skip_while(|l| l.is_empty()).take_while(|l| !l.is_empty()).collect();
    if message.is_empty() { "error: invalid arguments".to_owned() } else { message.join(" ") }
}

/// sign, verify and diagnose compute hashes: a token preset has none.
fn hash_preset(args: &SecretArgs, command: &str) -> Result<(), Failure> {
    match args.preset {
        Some(widget) if widget.scheme() == Scheme::Token => Err(Failure::Usage(format!(
            "--preset {widget} signs tokens, not hashes: use `identity-hmac token sign` or `identify` instead of {command}"
        ))),
        _ => Ok(()),
    }
}

/// token sign and token verify take token presets only.
fn token_preset(args: &SecretArgs) -> Result<Option<Widget>, Failure> {
    match args.preset {
        Some(widget) if widget.scheme() != Scheme::Token => Err(Failure::Usage(format!(
            "--preset {widget} signs hashes, not tokens: use `identity-hmac sign` or `identify`"
        ))),
        preset => Ok(preset),
    }
}

fn sign(args: SignArgs, inputs: SecretInputs) -> Result<ExitCode, Failure> {
    hash_preset(&args.secret, "sign")?;
    if args.csv || args.jsonl {
        return sign_file(args, inputs);
    }
    let from_stdin = args.identifiers.is_empty();
    inputs.check_stdin_use(from_stdin)?;
    let signer = Signer::new(&inputs.single_secret(&args.secret)?);
    if from_stdin {
        if io::stdin().is_terminal() {
            let _ = writeln!(io::stderr(), "reading identifiers from stdin, one per line (end with Ctrl-D)");
        }
        let progress = batch::Progress::for_stdin();
        let signed = batch::sign_stream(&signer, args.with_identifier, &progress);
        progress.finish();
        return signed.map(|_| ExitCode::SUCCESS);
    }
    let identifiers = args.identifiers.into_iter().map(os_bytes).collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::new();
    batch::sign_lines(&signer, &identifiers, args.with_identifier, &mut out)?;
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `sign --csv` and `sign --jsonl`: a file from stdin, the same with hashes to stdout.
fn sign_file(args: SignArgs, inputs: SecretInputs) -> Result<ExitCode, Failure> {
    enum Mode {
        Csv(csv_mode::CsvOptions),
        Jsonl(jsonl_mode::JsonlOptions),
    }
    let mode = match (args.column, args.field) {
        (Some(column), _) if args.csv => {
            let column = os_bytes(column)?;
            let output_column = match args.output_column {
                Some(name) => os_bytes(name)?,
                None => [&column[..], b"_hash"].concat(),
            };
            if output_column == column {
                return Err(Failure::Usage("--output-column must differ from --column".into()));
            }
            Mode::Csv(csv_mode::CsvOptions { column, output_column })
        }
        (_, Some(field)) if args.jsonl => {
            let output_field = args.output_field.unwrap_or_else(|| format!("{field}_hash"));
            if output_field == field {
                return Err(Failure::Usage("--output-field must differ from --field".into()));
            }
            Mode::Jsonl(jsonl_mode::JsonlOptions { field, output_field })
        }
        _ => return Err(Failure::Usage("--csv needs --column, and --jsonl needs --field".into())),
    };
    inputs.check_stdin_use(true)?;
    let signer = Signer::new(&inputs.single_secret(&args.secret)?);
    if io::stdin().is_terminal() {
        let what = if args.csv { "CSV" } else { "JSON Lines" };
        let _ = writeln!(io::stderr(), "reading {what} from stdin (end with Ctrl-D)");
    }
    let progress = batch::Progress::for_stdin();
    let signed = match &mode {
        Mode::Csv(options) => csv_mode::sign_csv(&signer, options, &progress),
        Mode::Jsonl(options) => jsonl_mode::sign_jsonl(&signer, options, &progress),
    };
    progress.finish();
    signed.map(|()| ExitCode::SUCCESS)
}

fn verify(args: VerifyArgs, inputs: SecretInputs) -> Result<ExitCode, Failure> {
    hash_preset(&args.secret, "verify")?;
    let identifier = os_bytes(args.identifier)?;
    let hash = os_bytes(args.hash)?;
    inputs.check_stdin_use(false)?;
    let (verifier, labels) = inputs.verifier(&args.secret)?;
    match verifier.check(&identifier, &hash) {
        Ok(index) if labels.len() > 1 => {
            let label = &labels[index];
            write_stdout(format!("ok (key {} of {}: {label})\n", index + 1, labels.len()).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(_) => write_stdout(b"ok\n").map(|()| ExitCode::SUCCESS),
        Err(VerifyError::Mismatch) => {
            write_stdout(b"mismatch\n")?;
            let _ = writeln!(
                io::stderr(),
                "hint: run `identity-hmac diagnose` with the same arguments to look for a common mistake"
            );
            Ok(ExitCode::from(EXIT_MISMATCH))
        }
        Err(e) => Err(Failure::Verify(e)),
    }
}

fn diagnose(args: DiagnoseArgs, inputs: SecretInputs) -> Result<ExitCode, Failure> {
    hash_preset(&args.secret, "diagnose")?;
    let identifier = os_bytes(args.identifier)?;
    let hash = os_bytes(args.hash)?;
    inputs.check_stdin_use(false)?;
    let (label, secret_input) = inputs.single_input()?;
    let encoding = args.secret.encoding()?;
    let diagnosis = identity_hmac::diagnose(&secret_input, encoding, &identifier, &hash)
        .map_err(|e| Failure::secret_or_core(&label, e))?;
    let report = match diagnosis {
        Diagnosis::Matches => {
            write_stdout(b"ok: the hash matches\n")?;
            return Ok(ExitCode::SUCCESS);
        }
        Diagnosis::Mistake(mistake) => {
            format!("mismatch: {mistake}.\nfix: {}.\ncode: {}\n", mistake.fix(), mistake.code())
        }
        Diagnosis::NoKnownMistake { suggestions } => {
            let mut report = String::from("mismatch: no common mistake reproduces this hash. Likely causes:\n");
            for suggestion in suggestions {
                report.push_str(&format!("  - {suggestion}\n"));
            }
            report
        }
    };
    write_stdout(report.as_bytes())?;
    Ok(ExitCode::from(EXIT_MISMATCH))
}

fn identify(args: IdentifyArgs, inputs: SecretInputs) -> Result<ExitCode, Failure> {
    let Some(widget) = args.secret.preset else {
        return Err(Failure::Usage("identify needs --preset, which says whose call to print".into()));
    };
    let mut user = User::new();
    let fields = [
        ("identifier", args.identifier),
        ("email", args.email),
        ("name", args.name),
        ("avatar_url", args.avatar_url),
        ("phone_number", args.phone_number),
    ];
    for (field, value) in fields {
        if let Some(value) = value {
            user.set(field.as_bytes(), utf8(value, &option_name(field))?).map_err(Failure::core)?;
        }
    }
    let mut page = PageValues::new();
    for value in args.page {
        let value = utf8(value, "--page")?;
        let Some((name, value)) = value.split_once('=') else {
            return Err(Failure::Usage("--page takes NAME=VALUE, such as --page app_id=YOUR_APP_ID".into()));
        };
        page.insert(name, value);
    }
    let nonce = args.nonce.map(|n| utf8(n, "--nonce")).transpose()?;
    let mut options = TokenOptions::new();
    options.key_id = args.key_id.map(|k| utf8(k, "--key-id")).transpose()?;
    options.expires_in = args.expires_in;
    options.now = args.now;
    inputs.check_stdin_use(false)?;
    let secret = inputs.single_secret(&args.secret)?;
    let identity = identity_hmac::identify_with(widget, &secret, &user, &options).map_err(missing_field_hint)?;
    let mut out = if args.json {
        identity.to_json()
    } else {
        identity.script(&page, nonce.as_deref()).map_err(missing_field_hint)?
    };
    out.push('\n');
    write_stdout(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The command-line option of a user field: `avatar_url` is `--avatar-url`.
fn option_name(field: &str) -> String {
    format!("--{}", field.replace('_', "-"))
}

/// An argument that becomes a JavaScript string: it must be UTF-8.
fn utf8(value: OsString, option: &str) -> Result<String, Failure> {
    value.into_string().map_err(|_| Failure::Usage(format!("{option} is not valid UTF-8")))
}

/// The core's MISSING_FIELD error, with the option that supplies the field.
fn missing_field_hint(error: identity_hmac::Error) -> Failure {
    match error.field() {
        Some(field) => {
            let option = if User::FIELDS.contains(&field) || field == "key_id" {
                option_name(field)
            } else {
                format!("--page {field}=...")
            };
            Failure::Other(format!("{error}: give it with {option} [{}]", error.code()))
        }
        None => Failure::core(error),
    }
}

fn token_sign(args: TokenSignArgs, inputs: SecretInputs) -> Result<ExitCode, Failure> {
    let preset = token_preset(&args.secret)?;
    let claims = os_bytes(args.claims)?;
    let mut options = TokenOptions::new();
    options.key_id = args.key_id.map(|k| utf8(k, "--key-id")).transpose()?;
    options.expires_in = args.expires_in;
    options.now = args.now;
    if let Some(widget) = preset {
        // Claims that do not parse are reported by the core's sign_token below.
        if let Ok(parsed) = serde_json::from_slice::<Claims>(&claims) {
            widget.check_claims(&parsed, options.key_id.as_deref()).map_err(missing_field_hint)?;
        }
    }
    inputs.check_stdin_use(false)?;
    let secret = inputs.single_secret(&args.secret)?;
    let mut token = identity_hmac::sign_token(&secret, &claims, &options).map_err(Failure::core)?;
    token.push('\n');
    write_stdout(token.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn token_verify(args: TokenVerifyArgs, inputs: SecretInputs) -> Result<ExitCode, Failure> {
    let preset = token_preset(&args.secret)?;
    let token = os_bytes(args.token)?;
    let key_ids = args.key_id.into_iter().map(|k| utf8(k, "--key-id")).collect::<Result<Vec<_>, _>>()?;
    let mut required = args.require.into_iter().map(|c| utf8(c, "--require")).collect::<Result<Vec<_>, _>>()?;
    if let Some(widget) = preset {
        required.extend(widget.required_claims().iter().map(|&claim| claim.to_owned()));
    }
    inputs.check_stdin_use(false)?;
    let builder = TokenVerifierBuilder::new(args.secret.encoding()?)
        .with_leeway(args.leeway)
        .with_max_lifetime(args.max_lifetime)
        .with_required_claims(required);
    let verifier = inputs.token_verifier(builder, &key_ids)?;
    let verified = match args.now {
        Some(now) => verifier.verify_at(&token, now),
        None => verifier.verify(&token),
    };
    match verified {
        Ok(claims) => {
            write_stdout(format!("{}\n", serde_json::Value::Object(claims)).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Err(error) if error.error_code() == ErrorCode::MalformedToken => Err(Failure::core(error)),
        Err(error) => {
            write_stdout(format!("refused: {error} [{}]\n", error.code()).as_bytes())?;
            Ok(ExitCode::from(EXIT_MISMATCH))
        }
    }
}

fn keygen(args: KeygenArgs) -> Result<ExitCode, Failure> {
    let encoding: SecretEncoding = args.encoding;
    let secret = match encoding {
        SecretEncoding::Hex => identity_hmac::Secret::generate_hex(),
        SecretEncoding::Text => identity_hmac::Secret::try_generate_text(),
    }
    // "the operating system's random source failed [RANDOM_SOURCE_FAILED]"
    .map_err(Failure::core)?;
    let mut line = Zeroizing::new(Vec::with_capacity(secret.len() + 1));
    line.extend_from_slice(secret.as_bytes());
    line.push(b'\n');
    write_stdout(&line)?;
    Ok(ExitCode::SUCCESS)
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(bytes).and_then(|()| stdout.flush()).map_err(Failure::output)
}

#[cfg(test)]
mod tests {
    use super::{WITHHELD, long_option_names, secret_arguments, shares_a_piece};
    use std::ffi::OsString;

    #[test]
    fn finds_secret_values_in_both_forms_and_anywhere() {
        let args: Vec<OsString> =
            ["identity-hmac", "--secret", "-Zq9", "keygen", "--secret=a=b", "--secret"].map(OsString::from).into();
        assert_eq!(secret_arguments(&args), [&b"-Zq9"[..], b"a=b"]);
    }

    #[test]
    fn any_four_byte_piece_counts() {
        assert!(shares_a_piece(b"unexpected argument '-Zq9' found", b"x-Zq9secret"));
        assert!(!shares_a_piece(b"unexpected argument '-Zq' found", b"x-Zq9secret"));
        assert!(shares_a_piece(b"value 'ab' found", b"ab"));
        assert!(!shares_a_piece(b"anything", b""));
        assert!(!shares_a_piece(WITHHELD.as_bytes(), b"Zq9-Kw7v"));
    }

    #[test]
    fn option_names_longest_first() {
        let names = long_option_names();
        let at = |name: &str| names.iter().position(|n| n == name).unwrap_or_else(|| panic!("{name}"));
        assert!(at("--secret-encoding") < at("--secret"));
        assert!(at("--secret-file") < at("--secret"));
    }
}

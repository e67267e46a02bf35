//! `identity-hmac`: identity hashes for chat widgets on the command line.
//!
//! Every rule (secret decoding, signing, hex, comparison, diagnosis) lives in
//! the `identity_hmac` core; this binary parses arguments, reads secrets and
//! streams lines.
#![forbid(unsafe_code)]

mod batch;
mod cli;
mod failure;
mod secrets;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use identity_hmac::{Diagnosis, SecretEncoding, Signer, Verifier, VerifyError};
use zeroize::Zeroizing;

use crate::cli::{Cli, Command, DiagnoseArgs, KeygenArgs, SignArgs, VerifyArgs};
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
    let mut command = Cli::command();
    let matches = match command.try_get_matches_from_mut(std::env::args_os()) {
        Ok(matches) => matches,
        Err(e) => return Ok(clap_exit(e)),
    };
    let cli = Cli::from_arg_matches(&matches).map_err(|e| Failure::Usage(first_line(&e)))?;
    let sub_matches = matches.subcommand().map(|(_, m)| m);
    match (cli.command, sub_matches) {
        (Command::Sign(args), Some(m)) => sign(args, SecretInputs::from_matches(m)),
        (Command::Verify(args), Some(m)) => verify(args, SecretInputs::from_matches(m)),
        (Command::Diagnose(args), Some(m)) => diagnose(args, SecretInputs::from_matches(m)),
        (Command::Keygen(args), _) => keygen(args),
        (_, None) => Err(Failure::Usage("a subcommand is required".into())),
    }
}

/// Help and version go to stdout with status 0; usage errors are one line.
fn clap_exit(e: clap::Error) -> ExitCode {
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
            let _ = writeln!(io::stderr(), "{} (see --help)", first_line(&e));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Clap's message up to its first blank line (before tips and usage), as one line.
fn first_line(e: &clap::Error) -> String {
    let rendered = e.render().to_string();
    let message: Vec<&str> =
        rendered.lines().map(str::trim).skip_while(|l| l.is_empty()).take_while(|l| !l.is_empty()).collect();
    if message.is_empty() { "error: invalid arguments".to_owned() } else { message.join(" ") }
}

fn sign(args: SignArgs, inputs: SecretInputs) -> Result<ExitCode, Failure> {
    let from_stdin = args.identifiers.is_empty();
    if from_stdin && inputs.uses_stdin() {
        return Err(Failure::Usage(
            "--secret-stdin needs the identifiers as arguments, since stdin cannot carry both".into(),
        ));
    }
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

fn verify(args: VerifyArgs, inputs: SecretInputs) -> Result<ExitCode, Failure> {
    let identifier = os_bytes(args.identifier)?;
    let hash = os_bytes(args.hash)?;
    let secrets = inputs.all_secrets(&args.secret)?;
    let verifier = Verifier::new(secrets.iter().map(|(_, secret)| secret)).map_err(Failure::core)?;
    match verifier.check(&identifier, &hash) {
        Ok(index) if secrets.len() > 1 => {
            let label = &secrets[index].0;
            write_stdout(format!("ok (key {} of {}: {label})\n", index + 1, secrets.len()).as_bytes())?;
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
    let identifier = os_bytes(args.identifier)?;
    let hash = os_bytes(args.hash)?;
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

fn keygen(args: KeygenArgs) -> Result<ExitCode, Failure> {
    let encoding: SecretEncoding = args.encoding;
    let secret = match encoding {
        SecretEncoding::Hex => identity_hmac::Secret::try_generate().map(|s| s.expose_hex()),
        SecretEncoding::Text => identity_hmac::Secret::try_generate_text(),
    }
    .map_err(|e| Failure::Other(format!("the operating system's random source failed: {e}")))?;
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

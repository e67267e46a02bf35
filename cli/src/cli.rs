//! The command line, as clap derive types.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use identity_hmac::{SecretEncoding, Widget};

use crate::failure::Failure;

/// Identity-verification hashes for chat widgets (Chatwoot, Pylon, Intercom, ...):
/// lowercase_hex(HMAC-SHA256(secret, identifier)).
///
/// A secret may be at most 64 KiB (65536 bytes, after a removed newline), from any
/// source; a longer one is an error.
///
/// Exit status: 0 success, 1 a hash that does not match (verify, diagnose),
/// 2 any error, including a malformed hash.
#[derive(Debug, Parser)]
#[command(name = "identity-hmac", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the identity hash of each identifier, one lowercase hash per line.
    ///
    /// With no IDENTIFIER arguments, identifiers are read from stdin, one per line,
    /// and one output line is written per input line, in the same order, so the
    /// output can be pasted next to the input. A line end (\n or \r\n) is not part
    /// of the identifier; an empty line is the empty identifier; bytes that are
    /// not UTF-8 are hashed as they are.
    ///
    /// A lone \r at the very end of the input (a last line "id\r" with no \n) is
    /// removed like the \r of \r\n; any other \r (as in "a\rb", or the first one
    /// of "a\r\r\n") is part of the identifier.
    ///
    /// A line may hold at most 64 MiB (67108864 bytes, not counting its line end);
    /// a longer one stops the command with an error naming its line number (from
    /// 1), exit status 2, after the hashes of the lines before it. The work is
    /// spread over all cores in chunks, with flat memory whatever the input size.
    ///
    /// With --csv or --jsonl, stdin is a CSV or JSON Lines file instead, written
    /// back to stdout with a hash column or member added (see Files below).
    Sign(SignArgs),
    /// Check a presented hash: prints `ok` (exit 0) or `mismatch` (exit 1).
    ///
    /// A malformed hash (not 64 hex characters) is an error (exit 2). Give several
    /// --secret-env/--secret-file options, newest first, during a key rotation:
    /// every key is tried and the matching one is named.
    Verify(VerifyArgs),
    /// Print a new 32-byte secret from the operating system's random source.
    Keygen(KeygenArgs),
    /// Explain why a presented hash does not match, by trying the common mistakes.
    ///
    /// Tries a trailing newline or white space on the secret, a text secret read
    /// as hex and the reverse, a line end, other letter case or other Unicode
    /// form of the identifier, swapped key and message, an upper-case hash and an
    /// empty key, and names the first that reproduces the hash.
    ///
    /// Exit status: 0 when the hash matches, 1 when it does not, 2 on errors.
    /// The secret is never printed.
    Diagnose(DiagnoseArgs),
    /// Print a widget's identify call for one user, ready for the page.
    ///
    /// Signs what the preset signs (Chatwoot, Chatbase, Gleap: --identifier;
    /// Pylon, Help Scout, Front, Plain: --email; Intercom: --identifier, else
    /// --email) under the preset's secret encoding, and prints the vendor's call
    /// as JavaScript. Every value is JSON-encoded with <, >, &, ', U+2028 and
    /// U+2029 escaped, so a name such as </script> stays inert inside a
    /// <script> element. With --nonce, the whole <script nonce="..."> element;
    /// with --json, the call's fields as one JSON object instead.
    ///
    /// Values the page's call needs and the core cannot know come with --page:
    /// app_id=... (pylon, intercom, intercom-jwt), chatId=... (front), appId=... (plain).
    ///
    /// The token presets sign an HS256 JWT instead: intercom-jwt (user_id = --identifier,
    /// email, name) and zendesk (external_id = --identifier, scope "user", name,
    /// email; --key-id is required), with --expires-in for an exp claim.
    Identify(IdentifyArgs),
    /// Sign or verify an HS256 identity token (JWT), as Intercom's Messenger
    /// security and Zendesk take them.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Print an HS256 JWT of the claims (a JSON object), with iat added.
    ///
    /// The header is {"alg":"HS256","typ":"JWT"}, with "kid" for --key-id. exp, nbf
    /// and iat must be integers. With --preset intercom-jwt or zendesk, the claims the
    /// vendor requires are checked too (user_id; external_id and scope "user").
    Sign(TokenSignArgs),
    /// Check a token: prints its claims as JSON (exit 0), or `refused: ...` with the
    /// reason's code (exit 1); a token that cannot be read is an error (exit 2).
    ///
    /// Only HS256 is accepted (none, RS256, HS384 and every other alg are refused
    /// before any key is used). Give several secrets, newest first, during a key
    /// rotation, each with its --key-id (in the same order) if the tokens carry one.
    Verify(TokenVerifyArgs),
}

#[derive(Debug, Args)]
pub struct TokenSignArgs {
    /// The claims, a JSON object, such as '{"user_id":"42","email":"alice@example.com"}'.
    #[arg(long, value_name = "JSON", allow_hyphen_values = true)]
    pub claims: OsString,
    /// Seconds until the token expires: sets exp.
    #[arg(long, value_name = "SECONDS")]
    pub expires_in: Option<u64>,
    /// The signing key's id, written as the header's kid (Zendesk's key id).
    #[arg(long, value_name = "ID")]
    pub key_id: Option<OsString>,
    /// The current time in seconds since the Unix epoch, instead of the clock (for
    /// reproducible tokens).
    #[arg(long, value_name = "SECONDS", allow_hyphen_values = true)]
    pub now: Option<i64>,
    #[command(flatten)]
    pub secret: SecretArgs,
}

#[derive(Debug, Args)]
pub struct TokenVerifyArgs {
    /// The token.
    pub token: OsString,
    /// The key id of each secret, in the order the secrets are given.
    #[arg(long, value_name = "ID")]
    pub key_id: Vec<OsString>,
    /// Clock leeway in seconds for exp, nbf and iat.
    #[arg(long, value_name = "SECONDS", default_value_t = identity_hmac::DEFAULT_LEEWAY)]
    pub leeway: u64,
    /// Refuse tokens whose exp - iat is longer than this.
    #[arg(long, value_name = "SECONDS")]
    pub max_lifetime: Option<u64>,
    /// A claim every token must have; repeat for several (--preset adds the vendor's).
    #[arg(long, value_name = "CLAIM")]
    pub require: Vec<OsString>,
    /// The current time in seconds since the Unix epoch, instead of the clock.
    #[arg(long, value_name = "SECONDS", allow_hyphen_values = true)]
    pub now: Option<i64>,
    #[command(flatten)]
    pub secret: SecretArgs,
}

/// Where the secret comes from and how it is decoded.
#[derive(Debug, Args)]
#[command(next_help_heading = "Secret")]
pub struct SecretArgs {
    /// Read the secret from the environment variable VAR, byte for byte.
    /// verify: repeat --secret-env/--secret-file, newest first, for key rotation.
    #[arg(long, value_name = "VAR")]
    pub secret_env: Vec<OsString>,
    /// Read the secret from a file; exactly one trailing newline (\n or \r\n) is removed.
    /// At most 64 KiB are read (a longer secret is an error). Warns when group or others can read the file (chmod 600 it). Refused when the
    /// file is stdin (/dev/stdin) while stdin carries the identifiers.
    #[arg(long, value_name = "PATH")]
    pub secret_file: Vec<PathBuf>,
    /// Read the secret from stdin (exactly one trailing newline is removed; at most
    /// 64 KiB are read); identifiers must then be arguments.
    #[arg(long)]
    pub secret_stdin: bool,
    /// The secret itself, even one that begins with `-`. Avoid: it is visible in the
    /// process list and shell history (a warning says so).
    #[arg(long, value_name = "VALUE", allow_hyphen_values = true)]
    pub secret: Vec<OsString>,
    /// How the secret becomes key bytes: `text` (its UTF-8 bytes) or `hex` (strict hex).
    /// Default: the preset's, else text.
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    pub secret_encoding: Option<SecretEncoding>,
    /// Widget preset, from the core's table; sets the secret encoding (pylon: hex,
    /// the others: text) and, for identify, the call.
    #[arg(long, value_name = "PRESET", value_parser = widget_parser())]
    pub preset: Option<Widget>,
}

impl SecretArgs {
    /// The encoding from --secret-encoding or --preset; they must agree.
    pub fn encoding(&self) -> Result<SecretEncoding, Failure> {
        let preset = self.preset.map(Widget::secret_encoding);
        match (self.secret_encoding, preset) {
            (Some(explicit), Some(from_preset)) if explicit != from_preset => Err(Failure::Usage(format!(
                "--secret-encoding {explicit} contradicts --preset, whose secrets are {from_preset}"
            ))),
            (explicit, from_preset) => Ok(explicit.or(from_preset).unwrap_or_default()),
        }
    }
}

/// The core decides which names are valid; the message carries its code.
fn parse_encoding(name: &str) -> Result<SecretEncoding, String> {
    name.parse().map_err(|e: identity_hmac::Error| format!("{e} [{}]", e.code()))
}

/// The core's preset names, listed in --help and in errors.
fn widget_parser() -> impl TypedValueParser<Value = Widget> {
    PossibleValuesParser::new(Widget::ALL.iter().map(|w| w.as_str())).try_map(|name: String| name.parse::<Widget>())
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// Identifiers to sign; with none, read one per line from stdin.
    #[arg(value_name = "IDENTIFIER")]
    pub identifiers: Vec<OsString>,
    /// Print `identifier<TAB>hash` instead of the hash alone.
    #[arg(long)]
    pub with_identifier: bool,
    /// Read a CSV file from stdin (a header row, then records; quoted fields, \n or
    /// \r\n, an optional UTF-8 BOM) and write it to stdout with the hash of --column
    /// added as the last column, --output-column.
    ///
    /// Every record must have the header's number of fields and a UTF-8 --column
    /// field, and may take at most 64 MiB. A bad record stops the command with an
    /// error naming its data row (from 1, the header not counted) and line, exit
    /// status 2, after the rows before it were written: the message says how many.
    #[arg(long, help_heading = "Files", requires = "column", conflicts_with_all = ["identifiers", "with_identifier", "jsonl"])]
    pub csv: bool,
    /// --csv: the header name of the column to sign, byte for byte.
    #[arg(long, help_heading = "Files", value_name = "NAME", requires = "csv")]
    pub column: Option<OsString>,
    /// --csv: the header name of the added column [default: <COLUMN>_hash].
    #[arg(long, help_heading = "Files", value_name = "NAME", requires = "csv")]
    pub output_column: Option<OsString>,
    /// Read JSON Lines from stdin (one JSON object per line) and write each object
    /// to stdout with the hash of --field added as its last member, --output-field.
    ///
    /// The field must be a string (its UTF-8 bytes are signed) or an integer (its
    /// decimal digits). Blank lines are kept as they are. A bad line stops the
    /// command with an error naming its line number (from 1), exit status 2, after
    /// the lines before it were written: the message says how many.
    #[arg(long, help_heading = "Files", requires = "field", conflicts_with_all = ["identifiers", "with_identifier"])]
    pub jsonl: bool,
    /// --jsonl: the name of the member to sign.
    #[arg(long, help_heading = "Files", value_name = "NAME", requires = "jsonl")]
    pub field: Option<String>,
    /// --jsonl: the name of the added member [default: <FIELD>_hash].
    #[arg(long, help_heading = "Files", value_name = "NAME", requires = "jsonl")]
    pub output_field: Option<String>,
    #[command(flatten)]
    pub secret: SecretArgs,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The identifier the widget receives.
    pub identifier: OsString,
    /// The presented hash: 64 hex characters, in either case.
    pub hash: OsString,
    #[command(flatten)]
    pub secret: SecretArgs,
}

#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// The identifier the widget receives.
    pub identifier: OsString,
    /// The hash your backend produced for it.
    pub hash: OsString,
    #[command(flatten)]
    pub secret: SecretArgs,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// `hex`: 64 hex characters (use with --secret-encoding hex, as Pylon does);
    /// `text`: 32 characters from [A-Za-z0-9], like Chatwoot's tokens.
    #[arg(long, value_name = "ENCODING", default_value = "hex", value_parser = parse_encoding)]
    pub encoding: SecretEncoding,
}

#[derive(Debug, Args)]
pub struct IdentifyArgs {
    /// Your id of the user (Chatwoot's identifier, Intercom's and Chatbase's user_id,
    /// Gleap's userId); an integer id is its decimal digits.
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub identifier: Option<OsString>,
    /// The user's email, byte for byte.
    #[arg(long, value_name = "EMAIL", allow_hyphen_values = true)]
    pub email: Option<OsString>,
    /// The user's display name.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    pub name: Option<OsString>,
    /// An avatar image URL (chatwoot, pylon, plain).
    #[arg(long, value_name = "URL")]
    pub avatar_url: Option<OsString>,
    /// A phone number (chatwoot).
    #[arg(long, value_name = "PHONE", allow_hyphen_values = true)]
    pub phone_number: Option<OsString>,
    /// A value of the page's call: app_id=... (pylon, intercom), chatId=... (front),
    /// appId=... (plain). Repeat for several.
    #[arg(long, value_name = "NAME=VALUE")]
    pub page: Vec<OsString>,
    /// A CSP nonce (base64): print the whole <script nonce="..."> element.
    #[arg(long, value_name = "NONCE")]
    pub nonce: Option<OsString>,
    /// Print the call's fields, the hash included, as one JSON object in the call's order.
    #[arg(long, conflicts_with_all = ["page", "nonce"])]
    pub json: bool,
    /// Token presets: seconds until the token expires (its exp claim).
    #[arg(long, value_name = "SECONDS")]
    pub expires_in: Option<u64>,
    /// Token presets: the signing key's id, the token header's kid (required by zendesk).
    #[arg(long, value_name = "ID")]
    pub key_id: Option<OsString>,
    /// Token presets: the current time in seconds since the Unix epoch, instead of the clock.
    #[arg(long, value_name = "SECONDS", allow_hyphen_values = true)]
    pub now: Option<i64>,
    #[command(flatten)]
    pub secret: SecretArgs,
}

//! The shared corpus, the line protocol between the runner and a harness,
//! and how a response is judged against a vector.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

pub mod tokens;

pub use tokens::{TokenCorpus, TokenExpectation, TokenSignRow, TokenVerifyRow};

/// Bytes as the corpus stores them: `{"utf8": ...}` or `{"hex": ...}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bytes {
    utf8: Option<String>,
    hex: Option<String>,
}

impl Bytes {
    /// The raw bytes.
    pub fn to_vec(&self) -> Result<Vec<u8>, String> {
        match (&self.utf8, &self.hex) {
            (Some(text), None) => Ok(text.as_bytes().to_vec()),
            (None, Some(hex)) => hex::decode(hex).map_err(|e| format!("bad hex in corpus: {e}")),
            _ => Err("a BYTES object needs exactly one of \"utf8\" or \"hex\"".into()),
        }
    }
}

/// A sign vector.
#[derive(Debug, Clone, Deserialize)]
pub struct SignVector {
    pub id: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub secret_encoding: String,
    pub secret: Bytes,
    pub identifier: Bytes,
    pub expected: String,
}

/// A verify vector.
#[derive(Debug, Clone, Deserialize)]
pub struct VerifyVector {
    pub id: String,
    pub secret_encoding: String,
    pub secret: Bytes,
    pub identifier: Bytes,
    pub presented: Bytes,
    pub expected: bool,
}

/// An invalid-secret vector.
#[derive(Debug, Clone, Deserialize)]
pub struct InvalidSecretVector {
    pub id: String,
    pub secret_encoding: String,
    pub secret: Bytes,
    pub expected_code: String,
    pub position: Option<usize>,
}

/// The whole corpus (unknown groups are ignored): `corpus.json`, and the
/// `tokens` group from `tokens.json` beside it.
#[derive(Debug, Clone, Deserialize)]
pub struct Corpus {
    pub format: u32,
    pub sign: Vec<SignVector>,
    pub verify: Vec<VerifyVector>,
    pub invalid_secrets: Vec<InvalidSecretVector>,
    #[serde(skip)]
    pub tokens: TokenCorpus,
}

/// The vector groups, in matrix column order.
pub const GROUPS: [Group; 5] =
    [Group::Sign, Group::Verify, Group::InvalidSecrets, Group::TokenVerify, Group::TokenSign];

/// The group names a manifest's `groups` may list: `tokens` stands for both
/// token groups (`token_verify` and `token_sign` requests).
pub const MANIFEST_GROUPS: [&str; 4] = ["sign", "verify", "invalid_secrets", "tokens"];

/// A vector group of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Sign,
    Verify,
    InvalidSecrets,
    /// `tokens.json`'s `verify` rows (`token_verify` requests).
    TokenVerify,
    /// `tokens.json`'s `sign` rows (`token_sign` requests).
    TokenSign,
}

impl Group {
    /// The corpus key (the request kind, for the token groups).
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Sign => "sign",
            Group::Verify => "verify",
            Group::InvalidSecrets => "invalid_secrets",
            Group::TokenVerify => "token_verify",
            Group::TokenSign => "token_sign",
        }
    }

    /// Parses a corpus key.
    pub fn parse(name: &str) -> Option<Group> {
        GROUPS.into_iter().find(|g| g.as_str() == name)
    }

    /// The groups one name of a manifest's `groups` stands for.
    pub fn parse_manifest(name: &str) -> Option<Vec<Group>> {
        match name {
            "tokens" => Some(vec![Group::TokenVerify, Group::TokenSign]),
            "token_verify" | "token_sign" => None,
            other => Group::parse(other).map(|g| vec![g]),
        }
    }

    /// Whether this is one of the token groups.
    pub fn is_tokens(self) -> bool {
        matches!(self, Group::TokenVerify | Group::TokenSign)
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The repository root: the `CONFORMANCE_REPO_ROOT` variable, else the
/// nearest ancestor of the working directory holding `conformance/corpus.json`,
/// else this crate's parent.
pub fn repo_root() -> PathBuf {
    if let Some(root) = std::env::var_os("CONFORMANCE_REPO_ROOT") {
        return PathBuf::from(root);
    }
    if let Ok(cwd) = std::env::current_dir()
        && let Some(found) = cwd.ancestors().find(|dir| dir.join("conformance/corpus.json").is_file())
    {
        return found.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Reads and parses the corpus.
pub fn load_corpus(path: &Path) -> Result<Corpus, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let corpus: Corpus = serde_json::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
    if corpus.format != 1 {
        return Err(format!("unsupported corpus format {}", corpus.format));
    }
    let mut corpus = corpus;
    corpus.tokens = tokens::load(&path.with_file_name("tokens.json"))?;
    Ok(corpus)
}

/// One request of the line protocol, with what the corpus expects.
#[derive(Debug, Clone)]
pub struct Request {
    pub group: Group,
    pub id: String,
    pub line: String,
    pub expected: Expected,
}

/// The expected outcome of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Hash(String),
    Bool(bool),
    Error {
        code: String,
        position: Option<usize>,
    },
    /// Claims, compared as JSON values (`token_verify`).
    Claims(Value),
    /// A token that the judge verifies on its own (`token_sign`).
    Token(TokenExpectation),
    /// Any of these (where the host decides, e.g. a duplicate claim name).
    OneOf(Vec<Expected>),
}

/// The protocol's request lines for the chosen groups, in corpus order.
pub fn requests(corpus: &Corpus, groups: &[Group]) -> Result<Vec<Request>, String> {
    let mut out = Vec::new();
    for &group in &GROUPS {
        if !groups.contains(&group) {
            continue;
        }
        match group {
            Group::Sign => {
                for v in &corpus.sign {
                    let line = format!(
                        "sign\t{}\t{}\t{}\t{}",
                        v.id,
                        v.secret_encoding,
                        hex::encode(v.secret.to_vec()?),
                        hex::encode(v.identifier.to_vec()?)
                    );
                    out.push(Request { group, id: v.id.clone(), line, expected: Expected::Hash(v.expected.clone()) });
                }
            }
            Group::Verify => {
                for v in &corpus.verify {
                    let line = format!(
                        "verify\t{}\t{}\t{}\t{}\t{}",
                        v.id,
                        v.secret_encoding,
                        hex::encode(v.secret.to_vec()?),
                        hex::encode(v.identifier.to_vec()?),
                        hex::encode(v.presented.to_vec()?)
                    );
                    out.push(Request { group, id: v.id.clone(), line, expected: Expected::Bool(v.expected) });
                }
            }
            Group::InvalidSecrets => {
                for v in &corpus.invalid_secrets {
                    let line = format!("secret\t{}\t{}\t{}", v.id, v.secret_encoding, hex::encode(v.secret.to_vec()?));
                    let expected = Expected::Error { code: v.expected_code.clone(), position: v.position };
                    out.push(Request { group, id: v.id.clone(), line, expected });
                }
            }
            Group::TokenVerify => {
                for row in &corpus.tokens.verify {
                    out.push(Request { group, id: row.id.clone(), line: row.line()?, expected: row.expected()? });
                }
            }
            Group::TokenSign => {
                for row in &corpus.tokens.sign {
                    out.push(Request { group, id: row.id.clone(), line: row.line()?, expected: row.expected()? });
                }
            }
        }
    }
    Ok(out)
}

/// A parsed response line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    Hash(String),
    Bool(bool),
    Ok,
    Error(String),
    Unsupported(String),
    /// `claims TAB <hex of the claims' JSON text>`.
    Claims(String),
    /// `token TAB <token>`.
    Token(String),
}

/// Parses `<id> TAB <kind> [TAB <value>]`, checking the echoed id.
pub fn parse_response(line: &str, expected_id: &str) -> Result<Response, String> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut fields = line.splitn(3, '\t');
    let id = fields.next().unwrap_or_default();
    if id != expected_id {
        return Err(format!("response for {id:?} where {expected_id:?} was expected"));
    }
    let kind = fields.next().unwrap_or_default();
    let value = fields.next();
    match (kind, value) {
        ("hash", Some(h)) => Ok(Response::Hash(h.to_string())),
        ("bool", Some("true")) => Ok(Response::Bool(true)),
        ("bool", Some("false")) => Ok(Response::Bool(false)),
        ("ok", None) => Ok(Response::Ok),
        ("error", Some(e)) => Ok(Response::Error(e.to_string())),
        ("claims", Some(c)) => Ok(Response::Claims(c.to_string())),
        ("token", Some(t)) => Ok(Response::Token(t.to_string())),
        ("unsupported", reason) => Ok(Response::Unsupported(reason.unwrap_or_default().to_string())),
        _ => Err(format!("malformed response line {line:?}")),
    }
}

/// How one response compares with the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Exactly what the corpus expects (for a snippet's invalid secret: it was refused).
    Match,
    /// A hash other than the expected one.
    OtherHash(String),
    /// The wrong boolean.
    WrongBool(bool),
    /// Wrong claims, or a token the judge refuses (what is wrong).
    WrongValue(String),
    /// A snippet refused a malformed secret (with its own message).
    Refused(String),
    /// An error where a value was expected, or the wrong error code.
    Error(String),
    /// A malformed secret was accepted.
    Accepted,
    /// The implementation cannot express this input.
    Unsupported(String),
    /// No usable response (crash, protocol violation, wrong response type).
    Broken(String),
}

impl Outcome {
    /// Whether this is what the corpus asks for (a snippet's refusal counts).
    pub fn is_match(&self) -> bool {
        matches!(self, Outcome::Match | Outcome::Refused(_))
    }

    /// The outcome class recorded for snippets.
    pub fn class(&self) -> &'static str {
        match self {
            Outcome::Match => "same",
            Outcome::OtherHash(_) => "other",
            Outcome::WrongBool(_) | Outcome::WrongValue(_) => "wrong",
            Outcome::Refused(_) => "refused",
            Outcome::Error(_) => "error",
            Outcome::Accepted => "accepted",
            Outcome::Unsupported(_) => "unsupported",
            Outcome::Broken(_) => "broken",
        }
    }

    /// The detail worth recording (a hash, an error message, a reason).
    pub fn detail(&self) -> Option<String> {
        match self {
            Outcome::OtherHash(h) => Some(h.clone()),
            Outcome::WrongBool(b) => Some(b.to_string()),
            Outcome::Error(e)
            | Outcome::Refused(e)
            | Outcome::Unsupported(e)
            | Outcome::Broken(e)
            | Outcome::WrongValue(e) => Some(e.clone()),
            Outcome::Match | Outcome::Accepted => None,
        }
    }
}

/// Judges a response. `strict_codes` (our implementations) requires the
/// exact error code; a snippet only has to refuse the secret.
pub fn judge(expected: &Expected, response: &Response, strict_codes: bool) -> Outcome {
    match (expected, response) {
        (_, Response::Unsupported(reason)) => Outcome::Unsupported(reason.clone()),
        (Expected::Hash(want), Response::Hash(got)) => {
            if got == want {
                Outcome::Match
            } else {
                Outcome::OtherHash(got.clone())
            }
        }
        (Expected::Bool(want), Response::Bool(got)) => {
            if got == want {
                Outcome::Match
            } else {
                Outcome::WrongBool(*got)
            }
        }
        (Expected::Error { code, .. }, Response::Error(got)) => {
            if !strict_codes {
                Outcome::Refused(got.clone())
            } else if got == code {
                Outcome::Match
            } else {
                Outcome::Error(got.clone())
            }
        }
        (Expected::Error { .. }, Response::Ok) => Outcome::Accepted,
        (Expected::Claims(want), Response::Claims(hex_text)) => tokens::judge_claims(want, hex_text),
        (Expected::Token(want), Response::Token(token)) => match tokens::check_token(want, token) {
            Ok(()) => Outcome::Match,
            Err(why) => Outcome::WrongValue(why),
        },
        (Expected::OneOf(alternatives), response) => {
            let outcomes: Vec<Outcome> = alternatives.iter().map(|a| judge(a, response, strict_codes)).collect();
            match outcomes.iter().position(Outcome::is_match) {
                Some(i) => outcomes[i].clone(),
                // The alternative of the same kind as the answer tells best what is wrong.
                None => outcomes
                    .iter()
                    .find(|o| !matches!(o, Outcome::Broken(_) | Outcome::Accepted | Outcome::Error(_)))
                    .or(outcomes.first())
                    .cloned()
                    .unwrap_or_else(|| Outcome::Broken("no expectation".into())),
            }
        }
        (Expected::Error { .. }, Response::Claims(_) | Response::Token(_)) => Outcome::Accepted,
        (_, Response::Error(e)) => Outcome::Error(e.clone()),
        (_, other) => Outcome::Broken(format!("unexpected response {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_parse_and_check_the_echoed_id() {
        assert_eq!(parse_response("a\thash\tab", "a"), Ok(Response::Hash("ab".into())));
        assert_eq!(parse_response("a\tbool\tfalse\r", "a"), Ok(Response::Bool(false)));
        assert_eq!(parse_response("a\tok", "a"), Ok(Response::Ok));
        assert_eq!(parse_response("a\terror\tEMPTY_SECRET", "a"), Ok(Response::Error("EMPTY_SECRET".into())));
        assert_eq!(parse_response("a\tunsupported\twhy", "a"), Ok(Response::Unsupported("why".into())));
        assert_eq!(parse_response("a\tclaims\t7b7d", "a"), Ok(Response::Claims("7b7d".into())));
        assert_eq!(parse_response("a\ttoken\tx.y.z", "a"), Ok(Response::Token("x.y.z".into())));
        assert!(parse_response("a\ttoken", "a").is_err());
        assert!(parse_response("b\tok", "a").is_err());
        assert!(parse_response("a\tbool\tyes", "a").is_err());
        assert!(parse_response("a", "a").is_err());
    }

    #[test]
    fn ours_need_the_exact_code_snippets_only_a_refusal() {
        let expected = Expected::Error { code: "INVALID_HEX_SECRET".into(), position: Some(3) };
        let wrong = Response::Error("EMPTY_SECRET".into());
        assert_eq!(judge(&expected, &wrong, true), Outcome::Error("EMPTY_SECRET".into()));
        assert!(judge(&expected, &wrong, false).is_match());
        assert_eq!(judge(&expected, &Response::Ok, false), Outcome::Accepted);
        let hash = Expected::Hash("ab".into());
        assert_eq!(judge(&hash, &Response::Hash("cd".into()), true), Outcome::OtherHash("cd".into()));
        assert_eq!(judge(&hash, &Response::Bool(true), true).class(), "broken");
    }

    #[test]
    fn bytes_need_exactly_one_form() {
        let both: Bytes = serde_json::from_str(r#"{"utf8": "a", "hex": "61"}"#).unwrap();
        assert!(both.to_vec().is_err());
        let hex: Bytes = serde_json::from_str(r#"{"hex": "ff00"}"#).unwrap();
        assert_eq!(hex.to_vec().unwrap(), vec![0xff, 0]);
    }
}

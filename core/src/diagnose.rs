//! "Why does my identity hash fail?": a search over the common mistakes.
//!
//! [`diagnose`] recomputes the hash the way a buggy backend would have, one
//! known mistake at a time, and reports the first that reproduces the
//! presented hash. Every explanation is fixed text: none contains the secret.

use std::fmt;

use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::error::Error;
use crate::hash::IdentityHash;
use crate::secret::{Secret, SecretEncoding};
use crate::signer::Signer;

/// What [`diagnose`] found out about a presented hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diagnosis {
    /// The presented hash is right, in lowercase hex.
    Matches,
    /// The presented hash was produced by this known mistake.
    Mistake(Mistake),
    /// No known mistake reproduces the presented hash; these are the likely
    /// causes that cannot be checked without more information.
    NoKnownMistake {
        /// Likely causes, most common first.
        suggestions: Vec<Suggestion>,
    },
}

/// A line ending added to a secret or an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineEnding {
    /// `\n`.
    Lf,
    /// `\r\n`.
    CrLf,
}

/// The letter case an identifier was hashed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LetterCase {
    /// All lower case.
    Lower,
    /// All upper case.
    Upper,
}

/// A Unicode normalization form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NormalizationForm {
    /// Composed: `é` is one code point.
    Nfc,
    /// Decomposed: `é` is `e` plus a combining accent.
    Nfd,
}

/// A known mistake that reproduces the presented hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mistake {
    /// The hash is right but in upper case; widgets compare lowercase text.
    UppercaseHash,
    /// The secret was used with a line ending after it.
    SecretLineEnding(LineEnding),
    /// The secret was used with spaces or tabs around it.
    SecretSurroundingWhitespace,
    /// The secret given to [`diagnose`] has white space around it, and the
    /// hash was made without that white space.
    SecretWhitespaceInInput,
    /// A `hex` secret was used as `text` (its characters, not its bytes).
    HexSecretUsedAsText,
    /// A `text` secret was decoded from hex.
    TextSecretDecodedAsHex,
    /// The identifier was hashed with a line ending after it.
    IdentifierLineEnding(LineEnding),
    /// The identifier was hashed in another letter case.
    IdentifierLetterCase(LetterCase),
    /// The identifier was hashed in another Unicode normalization form.
    IdentifierNormalization(NormalizationForm),
    /// Key and message swapped: `HMAC(identifier, secret)`.
    KeyAndMessageSwapped,
    /// The hash was made with an empty key.
    EmptyKey,
}

impl Mistake {
    /// A stable code for this mistake, for programs and bindings.
    pub fn code(&self) -> &'static str {
        match self {
            Mistake::UppercaseHash => "UPPERCASE_HASH",
            Mistake::SecretLineEnding(_) => "SECRET_LINE_ENDING",
            Mistake::SecretSurroundingWhitespace => "SECRET_SURROUNDING_WHITESPACE",
            Mistake::SecretWhitespaceInInput => "SECRET_WHITESPACE_IN_INPUT",
            Mistake::HexSecretUsedAsText => "HEX_SECRET_USED_AS_TEXT",
            Mistake::TextSecretDecodedAsHex => "TEXT_SECRET_DECODED_AS_HEX",
            Mistake::IdentifierLineEnding(_) => "IDENTIFIER_LINE_ENDING",
            Mistake::IdentifierLetterCase(_) => "IDENTIFIER_LETTER_CASE",
            Mistake::IdentifierNormalization(_) => "IDENTIFIER_NORMALIZATION",
            Mistake::KeyAndMessageSwapped => "KEY_AND_MESSAGE_SWAPPED",
            Mistake::EmptyKey => "EMPTY_KEY",
        }
    }

    /// How to fix the mistake, in plain words.
    pub fn fix(&self) -> &'static str {
        match self {
            Mistake::UppercaseHash => "send the hash in lower case",
            Mistake::SecretLineEnding(_) | Mistake::SecretSurroundingWhitespace => {
                "trim the secret where your backend reads it (file, environment variable or config)"
            }
            Mistake::SecretWhitespaceInInput => {
                "your backend is probably right: give the secret here exactly as the vendor shows it, without the white space"
            }
            Mistake::HexSecretUsedAsText => "decode the secret from hex before signing (secret encoding `hex`)",
            Mistake::TextSecretDecodedAsHex => "use the secret's characters as they are (secret encoding `text`)",
            Mistake::IdentifierLineEnding(_) => "strip the line ending from each identifier before signing",
            Mistake::IdentifierLetterCase(_) | Mistake::IdentifierNormalization(_) => {
                "sign exactly the identifier the widget receives, byte for byte"
            }
            Mistake::KeyAndMessageSwapped => {
                "pass the identifier as the message and the secret as the key: in PHP, hash_hmac('sha256', $identifier, $secret)"
            }
            Mistake::EmptyKey => {
                "make sure the secret decodes to a non-empty key and fail loudly when it does not; identity-hmac refuses empty and malformed secrets"
            }
        }
    }
}

impl fmt::Display for Mistake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mistake::UppercaseHash => f.write_str(
                "the hash is right but in upper case; widgets that compare it as text, such as Chatwoot, expect lowercase hex and refuse it",
            ),
            Mistake::SecretLineEnding(LineEnding::Lf) => f.write_str(
                "the hash was made with a newline (\\n) after the secret, as when a secret is read from a file or from echo output without trimming",
            ),
            Mistake::SecretLineEnding(LineEnding::CrLf) => f.write_str(
                "the hash was made with a Windows line ending (\\r\\n) after the secret, as when a secret is read from a file saved on Windows without trimming",
            ),
            Mistake::SecretSurroundingWhitespace => f.write_str(
                "the hash was made with spaces or tabs around the secret, as when it is pasted with padding into a config file",
            ),
            Mistake::SecretWhitespaceInInput => f.write_str(
                "the hash was made with the secret trimmed, but the secret given here has white space at its start or end",
            ),
            Mistake::HexSecretUsedAsText => f.write_str(
                "the secret is a hex secret (like Pylon's identity secret), but the hash was made with its characters as text instead of the bytes they encode",
            ),
            Mistake::TextSecretDecodedAsHex => f.write_str(
                "the secret is a text secret (like Chatwoot's HMAC token), but the hash was made with it decoded from hex",
            ),
            Mistake::IdentifierLineEnding(LineEnding::Lf) => f.write_str(
                "the hash was made for the identifier followed by a newline (\\n), as when identifiers are read line by line without stripping the line end",
            ),
            Mistake::IdentifierLineEnding(LineEnding::CrLf) => f.write_str(
                "the hash was made for the identifier followed by a Windows line ending (\\r\\n), as when a CSV file from Windows is read line by line",
            ),
            Mistake::IdentifierLetterCase(case) => {
                let case = match case {
                    LetterCase::Lower => "lower",
                    LetterCase::Upper => "upper",
                };
                write!(
                    f,
                    "the hash was made for the identifier in {case} case, but the widget receives it in another letter case (email addresses are often lower-cased in one place only)"
                )
            }
            Mistake::IdentifierNormalization(form) => {
                let (made, given) = match form {
                    NormalizationForm::Nfc => ("NFC (composed accents)", "NFD (decomposed accents)"),
                    NormalizationForm::Nfd => ("NFD (decomposed accents)", "NFC (composed accents)"),
                };
                write!(
                    f,
                    "the hash was made for the identifier in Unicode {made} form, but the widget receives it in {given} form: the text looks the same, the bytes differ"
                )
            }
            Mistake::KeyAndMessageSwapped => f.write_str(
                "key and message were swapped: the hash is HMAC(identifier, secret) instead of HMAC(secret, identifier), as with PHP's hash_hmac($algo, $data, $key) called with the secret first",
            ),
            Mistake::EmptyKey => f.write_str(
                "the hash was made with an empty key, which anyone can forge; Node's Buffer.from(secret, 'hex') returns an empty key for a malformed hex secret without any error",
            ),
        }
    }
}

/// A likely cause that [`diagnose`] cannot check by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Suggestion {
    /// Chatwoot: the inbox's website token was used instead of its HMAC token.
    WebsiteTokenInsteadOfHmacToken,
    /// The hash was made with another secret.
    OtherSecret,
    /// The hash was made for another identifier than the widget receives.
    OtherIdentifier,
}

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Suggestion::WebsiteTokenInsteadOfHmacToken => {
                "the website token (the widget's websiteToken) may have been used instead of the inbox's HMAC token; both are in the inbox settings, only the HMAC token signs identities"
            }
            Suggestion::OtherSecret => {
                "the hash may have been made with another secret: another inbox or environment, or a secret that was rotated since"
            }
            Suggestion::OtherIdentifier => {
                "the hash may have been made for another identifier than the widget receives, for example the user id instead of the email address"
            }
        })
    }
}

/// Explains why `presented_hash` is not the identity hash of `identifier`
/// under the secret `secret_input`, read with `encoding`.
///
/// `secret_input` is the secret as the vendor gave it (characters, before
/// decoding). Known mistakes are tried in turn and the first that reproduces
/// the presented hash is returned. Errors: the secret does not decode
/// (`EMPTY_SECRET`, `INVALID_HEX_SECRET`) or the presented hash is not 64 hex
/// characters (`MALFORMED_HASH`).
///
/// ```
/// use identity_hmac::{Diagnosis, LineEnding, Mistake, SecretEncoding, Signer, Secret, diagnose};
///
/// // A backend read the token from a file and kept its newline.
/// let with_newline = Signer::new(&Secret::text("token\n")?).sign_hex("user@example.com");
/// let diagnosis = diagnose(b"token", SecretEncoding::Text, b"user@example.com", with_newline.as_bytes())?;
/// assert_eq!(diagnosis, Diagnosis::Mistake(Mistake::SecretLineEnding(LineEnding::Lf)));
/// # Ok::<(), identity_hmac::Error>(())
/// ```
pub fn diagnose(
    secret_input: &[u8],
    encoding: SecretEncoding,
    identifier: &[u8],
    presented_hash: &[u8],
) -> Result<Diagnosis, Error> {
    let presented = IdentityHash::from_hex(presented_hash)?;
    let signer = Signer::new(&Secret::decode_bytes(secret_input, encoding)?);
    if signer.sign(identifier) == presented {
        return Ok(if presented_hash.iter().any(u8::is_ascii_uppercase) {
            Diagnosis::Mistake(Mistake::UppercaseHash)
        } else {
            Diagnosis::Matches
        });
    }
    let search = Search { secret_input, encoding, identifier, presented, signer };
    Ok(match search.first_mistake() {
        Some(mistake) => Diagnosis::Mistake(mistake),
        None => Diagnosis::NoKnownMistake { suggestions: suggestions(encoding) },
    })
}

fn suggestions(encoding: SecretEncoding) -> Vec<Suggestion> {
    let mut suggestions = Vec::with_capacity(3);
    // Website tokens are Chatwoot's, whose HMAC token is a text secret.
    if encoding == SecretEncoding::Text {
        suggestions.push(Suggestion::WebsiteTokenInsteadOfHmacToken);
    }
    suggestions.extend([Suggestion::OtherSecret, Suggestion::OtherIdentifier]);
    suggestions
}

struct Search<'a> {
    secret_input: &'a [u8],
    encoding: SecretEncoding,
    identifier: &'a [u8],
    presented: IdentityHash,
    /// The correct signer.
    signer: Signer,
}

impl Search<'_> {
    fn first_mistake(&self) -> Option<Mistake> {
        self.secret_mistake()
            .or_else(|| self.encoding_mistake())
            .or_else(|| self.identifier_mistake())
            .or_else(|| self.key_mistake())
    }

    /// Whether the secret `variant`, read with `encoding`, reproduces the hash.
    fn secret_reproduces(&self, variant: &[u8], encoding: SecretEncoding) -> bool {
        Secret::decode_bytes(variant, encoding)
            .is_ok_and(|key| Signer::new(&key).sign(self.identifier) == self.presented)
    }

    /// Whether the correct key reproduces the hash for `identifier`.
    fn identifier_reproduces(&self, identifier: &[u8]) -> bool {
        identifier != self.identifier && self.signer.sign(identifier) == self.presented
    }

    fn secret_mistake(&self) -> Option<Mistake> {
        let secret = self.secret_input;
        for (ending, suffix) in [(LineEnding::Lf, &b"\n"[..]), (LineEnding::CrLf, b"\r\n")] {
            if self.secret_reproduces(&Zeroizing::new([secret, suffix].concat()), self.encoding) {
                return Some(Mistake::SecretLineEnding(ending));
            }
        }
        for pad in [&b" "[..], b"\t"] {
            // Each variant is a copy of the secret: wiped when dropped.
            let padded =
                [[pad, secret].concat(), [secret, pad].concat(), [pad, secret, pad].concat()].map(Zeroizing::new);
            if padded.iter().any(|variant| self.secret_reproduces(variant, self.encoding)) {
                return Some(Mistake::SecretSurroundingWhitespace);
            }
        }
        let trimmed = secret.trim_ascii();
        if trimmed.len() != secret.len() && self.secret_reproduces(trimmed, self.encoding) {
            return Some(Mistake::SecretWhitespaceInInput);
        }
        None
    }

    fn encoding_mistake(&self) -> Option<Mistake> {
        match self.encoding {
            SecretEncoding::Hex if self.secret_reproduces(self.secret_input, SecretEncoding::Text) => {
                Some(Mistake::HexSecretUsedAsText)
            }
            SecretEncoding::Text if self.secret_reproduces(self.secret_input, SecretEncoding::Hex) => {
                Some(Mistake::TextSecretDecodedAsHex)
            }
            _ => None,
        }
    }

    fn identifier_mistake(&self) -> Option<Mistake> {
        let identifier = self.identifier;
        for (ending, suffix) in [(LineEnding::Lf, &b"\n"[..]), (LineEnding::CrLf, b"\r\n")] {
            if self.identifier_reproduces(&[identifier, suffix].concat()) {
                return Some(Mistake::IdentifierLineEnding(ending));
            }
        }
        let text = std::str::from_utf8(identifier).ok();
        let lower = text.map_or_else(|| identifier.to_ascii_lowercase(), |t| t.to_lowercase().into_bytes());
        if self.identifier_reproduces(&lower) {
            return Some(Mistake::IdentifierLetterCase(LetterCase::Lower));
        }
        let upper = text.map_or_else(|| identifier.to_ascii_uppercase(), |t| t.to_uppercase().into_bytes());
        if self.identifier_reproduces(&upper) {
            return Some(Mistake::IdentifierLetterCase(LetterCase::Upper));
        }
        if let Some(text) = text.filter(|t| !t.is_ascii()) {
            if self.identifier_reproduces(text.nfc().collect::<String>().as_bytes()) {
                return Some(Mistake::IdentifierNormalization(NormalizationForm::Nfc));
            }
            if self.identifier_reproduces(text.nfd().collect::<String>().as_bytes()) {
                return Some(Mistake::IdentifierNormalization(NormalizationForm::Nfd));
            }
        }
        None
    }

    fn key_mistake(&self) -> Option<Mistake> {
        // PHP's snippet passes the secret string; a hex secret may also have
        // been decoded first.
        let swapped = Signer::from_key_bytes(self.identifier);
        let decoded = Secret::decode_bytes(self.secret_input, self.encoding).ok();
        let messages = std::iter::once(self.secret_input).chain(decoded.as_ref().map(Secret::expose_bytes));
        if messages.into_iter().any(|message| swapped.sign(message) == self.presented) {
            return Some(Mistake::KeyAndMessageSwapped);
        }
        if Signer::from_key_bytes(&[]).sign(self.identifier) == self.presented {
            return Some(Mistake::EmptyKey);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    //! Every presented hash below was computed with Python's `hmac` module,
    //! independently of this crate.
    use super::*;

    const SECRET: &[u8] = b"s3cr3t-Zq9-chatwoot";
    const HEX_SECRET: &[u8] = b"8f1c0a4e2b7d9635c1e0f4a2b8d6e3c90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    const ID: &[u8] = b"jane.doe@example.com";

    fn text(identifier: &[u8], presented: &str) -> Diagnosis {
        diagnose(SECRET, SecretEncoding::Text, identifier, presented.as_bytes()).unwrap()
    }

    fn mistake(m: Mistake) -> Diagnosis {
        Diagnosis::Mistake(m)
    }

    #[test]
    fn a_correct_lowercase_hash_matches() {
        assert_eq!(text(ID, "2c3ff62b7fcee590fcd0fb4d5b60b42180b080db7e6986f7f01c3a300911c7a2"), Diagnosis::Matches);
        let hex = diagnose(
            HEX_SECRET,
            SecretEncoding::Hex,
            ID,
            b"6df34cf8f07ba309ee86ddebe76ede97f681adde98946554582a31f60e2577e7",
        );
        assert_eq!(hex, Ok(Diagnosis::Matches));
    }

    #[test]
    fn an_uppercase_hash_is_reported() {
        let d = text(ID, "2C3FF62B7FCEE590FCD0FB4D5B60B42180B080DB7E6986F7F01C3A300911C7A2");
        assert_eq!(d, mistake(Mistake::UppercaseHash));
    }

    #[test]
    fn secret_line_endings() {
        let lf = text(ID, "00401acaa3fd2f0c0aaefec8fb49217a3c495310619b978a08abdd0e7e53c3a1");
        assert_eq!(lf, mistake(Mistake::SecretLineEnding(LineEnding::Lf)));
        let crlf = text(ID, "5622c85ccb033d2677a9eb9ad0859f1d68f47b78653de32e5db6497dacf33de8");
        assert_eq!(crlf, mistake(Mistake::SecretLineEnding(LineEnding::CrLf)));
    }

    #[test]
    fn secret_surrounding_whitespace() {
        // " secret " and "secret\t".
        for hash in [
            "a7c38cd9517e400b3a5541a0e25f0edf85d3bd46f0c9f6e9749f5b3845e7cb06",
            "31f1271c467d80f9fa9d1d3a8009d193ae306a5ed5c1b9fe9ce3a9bb5f5c8b34",
        ] {
            assert_eq!(text(ID, hash), mistake(Mistake::SecretSurroundingWhitespace));
        }
    }

    #[test]
    fn whitespace_around_the_given_secret() {
        let given = [b" ", SECRET, b"\n"].concat();
        let d = diagnose(
            &given,
            SecretEncoding::Text,
            ID,
            b"2c3ff62b7fcee590fcd0fb4d5b60b42180b080db7e6986f7f01c3a300911c7a2",
        );
        assert_eq!(d, Ok(mistake(Mistake::SecretWhitespaceInInput)));
    }

    #[test]
    fn hex_secret_used_as_text() {
        let d = diagnose(
            HEX_SECRET,
            SecretEncoding::Hex,
            ID,
            b"cec79efd36199902652313bd358984b5cddf6ecb74bf4b38732299cdf996c680",
        );
        assert_eq!(d, Ok(mistake(Mistake::HexSecretUsedAsText)));
    }

    #[test]
    fn text_secret_decoded_as_hex() {
        let d = diagnose(
            b"deadbeefcafe",
            SecretEncoding::Text,
            ID,
            b"469f3ce485053ead4c2c793279d6f1a2acdcad7b40e7fa2488f7fdfb33dac248",
        );
        assert_eq!(d, Ok(mistake(Mistake::TextSecretDecodedAsHex)));
    }

    #[test]
    fn identifier_line_endings() {
        let lf = text(ID, "f6db66e37639cad344628aac93ac61ed01d77f90a377e87de6828187fe5fd8f4");
        assert_eq!(lf, mistake(Mistake::IdentifierLineEnding(LineEnding::Lf)));
        let crlf = text(ID, "399a649bccd0593c3f8ea32d13875fec9b8e278611f339381c52251328c6adbe");
        assert_eq!(crlf, mistake(Mistake::IdentifierLineEnding(LineEnding::CrLf)));
    }

    #[test]
    fn identifier_letter_case() {
        let mixed = b"Jane.Doe@Example.com";
        let lower = text(mixed, "2c3ff62b7fcee590fcd0fb4d5b60b42180b080db7e6986f7f01c3a300911c7a2");
        assert_eq!(lower, mistake(Mistake::IdentifierLetterCase(LetterCase::Lower)));
        let upper = text(mixed, "31f6817b5cffab3c1013152edc98233a8dc5df8038668eec8becd64f16c48fba");
        assert_eq!(upper, mistake(Mistake::IdentifierLetterCase(LetterCase::Upper)));
    }

    #[test]
    fn identifier_normalization_both_ways() {
        let nfc = "Jos\u{e9} M\u{fc}ller".as_bytes();
        let nfd = "Jose\u{301} Mu\u{308}ller".as_bytes();
        // The widget receives the NFD form; the hash was made from NFC, and the reverse.
        let d = text(nfd, "4e1484d53e009f4210b37f6700bd11d03adf5bff946c19d58a1a9058589797de");
        assert_eq!(d, mistake(Mistake::IdentifierNormalization(NormalizationForm::Nfc)));
        let d = text(nfc, "54bdaa6cd4ecd51fb2b5b621f1af9bd365437f82234f845d56ea7a309cd9adaf");
        assert_eq!(d, mistake(Mistake::IdentifierNormalization(NormalizationForm::Nfd)));
    }

    #[test]
    fn key_and_message_swapped() {
        let d = text(ID, "6e02abb4779eb0ba8ee080561aa4225c07539c5b7c0ff1628206f3c46fda665e");
        assert_eq!(d, mistake(Mistake::KeyAndMessageSwapped));
        // A hex secret decoded first, then swapped.
        let d = diagnose(
            HEX_SECRET,
            SecretEncoding::Hex,
            ID,
            b"4d49de48430be6a45e0f732687187ead79bcfcf82759f75dffed5614d2bd9465",
        );
        assert_eq!(d, Ok(mistake(Mistake::KeyAndMessageSwapped)));
    }

    #[test]
    fn empty_key() {
        let d = diagnose(
            HEX_SECRET,
            SecretEncoding::Hex,
            ID,
            b"d21c1434dd29ef9e9fc481dc8ac442bf06a9da9d77c7270419a95e96483f092b",
        );
        assert_eq!(d, Ok(mistake(Mistake::EmptyKey)));
    }

    #[test]
    fn unknown_mismatch_suggests_the_website_token_for_text_secrets_only() {
        let other = "ab".repeat(32);
        let d = text(ID, &other);
        let Diagnosis::NoKnownMistake { suggestions } = d else { panic!("expected no known mistake, got {d:?}") };
        assert_eq!(
            suggestions,
            [Suggestion::WebsiteTokenInsteadOfHmacToken, Suggestion::OtherSecret, Suggestion::OtherIdentifier]
        );
        let d = diagnose(HEX_SECRET, SecretEncoding::Hex, ID, other.as_bytes()).unwrap();
        assert_eq!(
            d,
            Diagnosis::NoKnownMistake { suggestions: vec![Suggestion::OtherSecret, Suggestion::OtherIdentifier] }
        );
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let good = b"2c3ff62b7fcee590fcd0fb4d5b60b42180b080db7e6986f7f01c3a300911c7a2";
        assert_eq!(diagnose(SECRET, SecretEncoding::Text, ID, &good[1..]).map_err(|e| e.code()), Err("MALFORMED_HASH"));
        assert_eq!(diagnose(b"", SecretEncoding::Text, ID, good).map_err(|e| e.code()), Err("EMPTY_SECRET"));
        let err = diagnose(b"s3cr3t-zz", SecretEncoding::Hex, ID, good).unwrap_err();
        assert_eq!(err.code(), "INVALID_HEX_SECRET");
        assert!(!err.to_string().contains("s3cr3t"));
    }

    #[test]
    fn no_explanation_contains_the_secret() {
        let mistakes = [
            Mistake::UppercaseHash,
            Mistake::SecretLineEnding(LineEnding::Lf),
            Mistake::SecretLineEnding(LineEnding::CrLf),
            Mistake::SecretSurroundingWhitespace,
            Mistake::SecretWhitespaceInInput,
            Mistake::HexSecretUsedAsText,
            Mistake::TextSecretDecodedAsHex,
            Mistake::IdentifierLineEnding(LineEnding::Lf),
            Mistake::IdentifierLineEnding(LineEnding::CrLf),
            Mistake::IdentifierLetterCase(LetterCase::Lower),
            Mistake::IdentifierLetterCase(LetterCase::Upper),
            Mistake::IdentifierNormalization(NormalizationForm::Nfc),
            Mistake::IdentifierNormalization(NormalizationForm::Nfd),
            Mistake::KeyAndMessageSwapped,
            Mistake::EmptyKey,
        ];
        let suggestions =
            [Suggestion::WebsiteTokenInsteadOfHmacToken, Suggestion::OtherSecret, Suggestion::OtherIdentifier];
        let texts = mistakes
            .iter()
            .flat_map(|m| [m.to_string(), m.fix().to_owned(), m.code().to_owned()])
            .chain(suggestions.iter().map(ToString::to_string));
        for text in texts {
            assert!(!text.contains("s3cr3t") && !text.contains("8f1c0a4e"), "{text}");
            assert!(!text.is_empty() && !text.contains('\n'), "one line each: {text:?}");
        }
    }
}

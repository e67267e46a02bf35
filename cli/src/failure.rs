//! Everything that ends the program with an error, as one line of text.

use std::ffi::OsString;
use std::fmt;
use std::io;

use identity_hmac::VerifyError;

/// Why the command failed. `Display` is the one line printed after `error: `;
/// none includes a secret.
#[derive(Debug)]
pub enum Failure {
    /// Stdout was closed by its reader; not reported.
    BrokenPipe,
    /// The arguments do not make sense together.
    Usage(String),
    /// A secret was refused by the core.
    Secret {
        label: String,
        error: identity_hmac::Error,
    },
    /// Another error from the core.
    Core(identity_hmac::Error),
    /// A malformed presented hash.
    Verify(VerifyError),
    /// Reading input or writing output failed.
    Io {
        context: String,
        error: io::Error,
    },
    Other(String),
}

impl Failure {
    pub fn core(error: identity_hmac::Error) -> Self {
        Failure::Core(error)
    }

    /// Secret errors name where the secret came from; others stand alone.
    pub fn secret_or_core(label: &str, error: identity_hmac::Error) -> Self {
        if error.is_invalid_secret() {
            Failure::Secret { label: label.to_owned(), error }
        } else {
            Failure::Core(error)
        }
    }

    pub fn io(context: impl Into<String>, error: io::Error) -> Self {
        Failure::Io { context: context.into(), error }
    }

    /// A failed write to stdout: a closed pipe is a normal way to stop.
    pub fn output(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::io("cannot write to stdout", error)
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::BrokenPipe => f.write_str("stdout was closed"),
            Failure::Usage(message) | Failure::Other(message) => f.write_str(message),
            Failure::Secret { label, error } => {
                write!(f, "the secret from {label} is refused: {error} [{}]", error.code())
            }
            Failure::Core(error) => write!(f, "{error} [{}]", error.code()),
            Failure::Verify(error) => write!(f, "{error} [{}]", error.code()),
            Failure::Io { context, error } => write!(f, "{context}: {error}"),
        }
    }
}

/// An argument's bytes: any bytes on Unix, valid Unicode elsewhere.
pub fn os_bytes(arg: OsString) -> Result<Vec<u8>, Failure> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Ok(arg.into_vec())
    }
    #[cfg(not(unix))]
    {
        arg.into_string().map(String::into_bytes).map_err(|_| Failure::Usage("an argument is not valid Unicode".into()))
    }
}

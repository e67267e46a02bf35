//! `identity_hmac._native`: the pyo3 layer of the Python package `identity_hmac`.
//!
//! It turns Python values into bytes, maps the core's errors to the package's
//! exception classes and releases the GIL for batches. Every rule (secret
//! decoding, HMAC, hex, comparison, batching, limits) lives in the core crate.

use identity_hmac::{
    Error, ErrorCode, HASH_HEX_LEN, HashFormat, PackedBatch, Secret, SecretEncoding, Signer, Verifier, VerifierBuilder,
};
use pyo3::exceptions::{PyMemoryError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyInt, PyList, PyMemoryView, PyString, PyType};
use zeroize::Zeroizing;

#[cfg(feature = "arrow")]
mod arrow;
mod tokens;
mod widgets;

/// The bytes of an identifier or a presented hash, borrowed from an immutable
/// Python object where possible.
pub(crate) enum Message<'a, 'py> {
    Utf8(&'a str),
    Bytes(Bound<'py, PyBytes>),
    Owned(Vec<u8>),
}

impl Message<'_, '_> {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Message::Utf8(text) => text.as_bytes(),
            Message::Bytes(bytes) => bytes.as_bytes(),
            Message::Owned(bytes) => bytes,
        }
    }
}

pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    match obj.get_type().name() {
        Ok(name) => name.to_string(),
        Err(_) => String::from("object"),
    }
}

/// A `str` or bytes-like value, which iterates over characters or byte values
/// where an iterable of values is expected.
pub(crate) fn is_single_value(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
        || obj.is_instance_of::<PyByteArray>()
        || obj.is_instance_of::<PyMemoryView>()
}

/// `bytes`, or an immutable `bytes` copy of a `bytearray` or `memoryview` (of
/// any shape): the array may change while the GIL is released, or at any time
/// on a free-threaded build. Python allocates the copy, so a failure is a
/// `MemoryError`.
pub(crate) fn bytes_like<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyBytes>>> {
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        return Ok(Some(bytes.clone()));
    }
    if obj.is_instance_of::<PyByteArray>() {
        return Ok(Some(obj.py().get_type::<PyBytes>().call1((obj,))?.cast_into::<PyBytes>()?));
    }
    if obj.is_instance_of::<PyMemoryView>() {
        let bytes = obj.call_method0(intern!(obj.py(), "tobytes"))?;
        return Ok(Some(bytes.cast_into::<PyBytes>()?));
    }
    Ok(None)
}

/// An identifier: `str` (UTF-8; lone surrogates raise `UnicodeEncodeError`
/// like `str.encode`), bytes-like, or `int` (its decimal string, as
/// Chatwoot's server sees it). `bool` is not an identifier.
fn identifier<'a, 'py>(obj: &'a Bound<'py, PyAny>) -> PyResult<Message<'a, 'py>> {
    if let Ok(text) = obj.cast::<PyString>() {
        // The str's own cached UTF-8 (its very data for ASCII): no copy.
        return text.to_str().map(Message::Utf8);
    }
    if let Some(bytes) = bytes_like(obj)? {
        return Ok(Message::Bytes(bytes));
    }
    if obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() {
        if let Ok(number) = obj.extract::<i64>() {
            return Ok(Message::Owned(number.to_string().into_bytes()));
        }
        // Larger ints: int's own formatting, whatever a subclass's __str__ says.
        let digits = obj.py().get_type::<PyInt>().call_method1(intern!(obj.py(), "__repr__"), (obj,))?;
        return Ok(Message::Bytes(digits.cast_into::<PyString>()?.encode_utf8()?));
    }
    Err(PyTypeError::new_err(format!(
        "identifier must be str, bytes, bytearray, memoryview or int, not {}",
        type_name(obj)
    )))
}

/// A presented hash: `str` or bytes-like. `None` means it cannot be a hash at
/// all (a `str` with lone surrogates), which verifies as `False`.
fn presented_hash<'a, 'py>(obj: &'a Bound<'py, PyAny>) -> PyResult<Option<Message<'a, 'py>>> {
    if let Ok(text) = obj.cast::<PyString>() {
        return Ok(text.to_str().ok().map(Message::Utf8));
    }
    match bytes_like(obj)? {
        Some(bytes) => Ok(Some(Message::Bytes(bytes))),
        None => Err(PyTypeError::new_err(format!("identity_hash must be str or bytes, not {}", type_name(obj)))),
    }
}

static IDENTITY_HMAC_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INVALID_SECRET_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static WIDGET_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static TOKEN_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The package's exception for a core error: `MemoryError` for `OUT_OF_MEMORY`,
/// `InvalidSecretError` (with `reason`, `position`, `secret_index`) for a
/// secret's value, `WidgetError` (with `field`, `reason`, `position`) for a
/// preset's input, `TokenError` (with `reason`, `claim`) for a token's, else
/// `IdentityHmacError`, each with the core's `code`. The core's messages never
/// contain the secret, so they pass through as they are.
pub(crate) fn core_error(py: Python<'_>, error: &Error) -> PyErr {
    if matches!(error, Error::OutOfMemory) {
        return PyMemoryError::new_err(error.to_string());
    }
    let (message, code) = (error.to_string(), error.code());
    let raised = match error.error_code() {
        _ if error.is_invalid_secret() => INVALID_SECRET_ERROR
            .import(py, "identity_hmac._errors", "InvalidSecretError")
            .and_then(|class| class.call1((message, code, error.reason(), error.position(), error.secret_index()))),
        ErrorCode::UnknownWidget | ErrorCode::MissingField | ErrorCode::UnknownField | ErrorCode::InvalidNonce => {
            WIDGET_ERROR
                .import(py, "identity_hmac._errors", "WidgetError")
                .and_then(|class| class.call1((message, code, error.field(), error.reason(), error.position())))
        }
        ErrorCode::MalformedToken
        | ErrorCode::UnsupportedAlgorithm
        | ErrorCode::UnknownKeyId
        | ErrorCode::BadSignature
        | ErrorCode::TokenExpired
        | ErrorCode::TokenNotYetValid
        | ErrorCode::LifetimeTooLong
        | ErrorCode::MissingClaim
        | ErrorCode::InvalidClaims => TOKEN_ERROR
            .import(py, "identity_hmac._errors", "TokenError")
            .and_then(|class| class.call1((message, code, error.reason(), error.claim()))),
        _ => IDENTITY_HMAC_ERROR
            .import(py, "identity_hmac._errors", "IdentityHmacError")
            .and_then(|class| class.call1((message, code))),
    };
    match raised {
        Ok(exception) => PyErr::from_value(exception),
        Err(failure) => failure,
    }
}

/// `None` or an omitted argument is the default (`text`), the one rule of every
/// language; a name must be exactly `"text"` or `"hex"`.
pub(crate) fn secret_encoding(py: Python<'_>, encoding: Option<&Bound<'_, PyAny>>) -> PyResult<SecretEncoding> {
    let name = match encoding {
        Some(name) if !name.is_none() => match name.cast::<PyString>() {
            // A name with lone surrogates is simply not "text" or "hex".
            Ok(name) => Some(name.to_string_lossy()),
            Err(_) => {
                return Err(PyTypeError::new_err(format!(
                    "secret_encoding must be a str ('text' or 'hex') or None, not {}",
                    type_name(name)
                )));
            }
        },
        _ => None,
    };
    SecretEncoding::from_optional_name(name.as_deref().map(str::as_bytes)).map_err(|error| core_error(py, &error))
}

/// Hands the bytes of a secret to `use_bytes` and returns what it made of
/// them, or the core's error: a `str`'s UTF-8 (decoded by the core by its
/// encoding), a `bytes` object's own bytes, or a zeroizing copy of a
/// `bytearray` (taken under the array's lock: another thread may resize it on
/// a free-threaded build). The outer error is a wrong type or a failure of
/// Python itself. No error shows any of the secret.
pub(crate) fn with_secret_bytes<T>(
    obj: &Bound<'_, PyAny>,
    encoding: SecretEncoding,
    use_bytes: impl FnOnce(&[u8]) -> Result<T, Error>,
) -> PyResult<Result<T, Error>> {
    if let Ok(text) = obj.cast::<PyString>() {
        return match text.to_str() {
            Ok(text) => Ok(use_bytes(text.as_bytes())),
            Err(encode_error) => lone_surrogate_secret(text, &encode_error, encoding, use_bytes),
        };
    }
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        return Ok(use_bytes(bytes.as_bytes()));
    }
    if let Ok(array) = obj.cast::<PyByteArray>() {
        return Ok(use_bytes(&Zeroizing::new(array.to_vec())));
    }
    if obj.is_instance_of::<PyMemoryView>() {
        let bytes = obj.call_method0(intern!(obj.py(), "tobytes"))?.cast_into::<PyBytes>()?;
        return Ok(use_bytes(bytes.as_bytes()));
    }
    Err(PyTypeError::new_err(format!("secret must be str or bytes, not {}", type_name(obj))))
}

/// A `str` secret with lone surrogates (what `os.environ` makes of non-UTF-8
/// bytes). `UnicodeEncodeError` would print the offending character, a part
/// of the secret, so it becomes the core's error, which names only a position.
fn lone_surrogate_secret<T>(
    text: &Bound<'_, PyString>,
    encode_error: &PyErr,
    encoding: SecretEncoding,
    use_bytes: impl FnOnce(&[u8]) -> Result<T, Error>,
) -> PyResult<Result<T, Error>> {
    let py = text.py();
    if encoding == SecretEncoding::Hex {
        // The surrogate is not a hex digit: the core reports the first bad
        // character, and every byte before it is ASCII, so its byte position
        // is the character position.
        let passed = text.call_method1(intern!(py, "encode"), ("utf-8", "surrogatepass"))?;
        return Ok(use_bytes(passed.cast::<PyBytes>()?.as_bytes()));
    }
    let position = encode_error.value(py).getattr(intern!(py, "start"))?.extract::<usize>()?;
    Ok(Err(Error::InvalidTextSecret { position, secret_index: None }))
}

fn secret(obj: &Bound<'_, PyAny>, encoding: SecretEncoding) -> PyResult<Secret> {
    with_secret_bytes(obj, encoding, |bytes| Secret::decode_bytes(bytes, encoding))?
        .map_err(|error| core_error(obj.py(), &error))
}

/// Signs and verifies identifiers under one secret. Immutable and safe to share between threads.
#[pyclass(frozen, module = "identity_hmac", name = "Signer")]
pub(crate) struct PySigner {
    pub(crate) signer: Signer,
}

/// What `sign_many` returns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BatchOutput {
    /// `list[str]`, one hash per identifier.
    Strings,
    /// One `bytes` of 64 hex digits per identifier, back to back.
    HexBytes,
    /// One `bytes` of 32 raw digest bytes per identifier, back to back.
    RawBytes,
}

impl BatchOutput {
    fn from_py(output: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let Some(output) = output.filter(|output| !output.is_none()) else {
            return Ok(BatchOutput::Strings);
        };
        let name = output.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "output must be 'strings', 'hex_bytes' or 'raw_bytes', not {}",
                type_name(output)
            ))
        })?;
        match name.to_str() {
            Ok("strings") => Ok(BatchOutput::Strings),
            Ok("hex_bytes") => Ok(BatchOutput::HexBytes),
            Ok("raw_bytes") => Ok(BatchOutput::RawBytes),
            _ => Err(PyValueError::new_err(format!(
                "output must be 'strings', 'hex_bytes' or 'raw_bytes', not {}",
                name.repr()?
            ))),
        }
    }

    fn format(self) -> HashFormat {
        match self {
            BatchOutput::RawBytes => HashFormat::Raw,
            _ => HashFormat::Hex,
        }
    }
}

/// Where `sign_many` puts its hashes: Python strings made chunk by chunk, or
/// the bytes of every hash, handed over as one `bytes` at the end.
struct BatchSink<'py> {
    output: BatchOutput,
    hashes: Bound<'py, PyList>,
    signed: Vec<u8>,
}

impl<'py> BatchSink<'py> {
    fn new(py: Python<'py>, output: BatchOutput) -> Self {
        BatchSink { output, hashes: PyList::empty(py), signed: Vec::new() }
    }

    /// Turns the hashes of a signed chunk into Python strings.
    fn take_strings(&mut self) -> PyResult<()> {
        if self.output == BatchOutput::Strings {
            for digits in self.signed.chunks_exact(HASH_HEX_LEN) {
                // The core writes lowercase hex digits only.
                let text = std::str::from_utf8(digits).unwrap_or_default();
                self.hashes.append(PyString::new(self.hashes.py(), text))?;
            }
            self.signed.clear();
        }
        Ok(())
    }

    fn finish(self) -> Bound<'py, PyAny> {
        match self.output {
            BatchOutput::Strings => self.hashes.into_any(),
            _ => PyBytes::new(self.hashes.py(), &self.signed).into_any(),
        }
    }
}

impl PySigner {
    /// Signs the pending chunk with the GIL released, hands its hashes to
    /// `sink`, and empties it for the next one.
    fn flush(&self, batch: &mut PackedBatch, sink: &mut BatchSink<'_>) -> PyResult<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let py = sink.hashes.py();
        let format = sink.output.format();
        let signed = &mut sink.signed;
        py.detach(|| self.signer.sign_batch_into(batch, format, signed)).map_err(|error| core_error(py, &error))?;
        batch.clear();
        sink.take_strings()
    }
}

/// What `Signer._bench_floor` returns in place of a hash: 64 lowercase hex digits.
const BENCH_FLOOR_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const _: () = assert!(BENCH_FLOOR_HASH.len() == HASH_HEX_LEN);

#[pymethods]
impl PySigner {
    #[new]
    #[pyo3(signature = (secret, *, secret_encoding = None), text_signature = "(secret, *, secret_encoding='text')")]
    fn new(secret: &Bound<'_, PyAny>, secret_encoding: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let encoding = self::secret_encoding(secret.py(), secret_encoding)?;
        let secret = self::secret(secret, encoding)?;
        Ok(PySigner { signer: Signer::new(&secret) })
    }

    /// The identity hash of `identifier` as 64 lowercase hex characters.
    fn sign<'py>(&self, identifier: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
        let message = self::identifier(identifier)?;
        let mut hex = [0u8; HASH_HEX_LEN];
        Ok(PyString::new(identifier.py(), self.signer.sign_hex_into(message.as_bytes(), &mut hex)))
    }

    /// benchmark floor: sign without the HMAC; not API
    #[pyo3(name = "_bench_floor")]
    fn bench_floor<'py>(&self, identifier: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
        // The same conversion as `sign`; the bytes are kept so it is not optimised away.
        let message = self::identifier(identifier)?;
        std::hint::black_box(message.as_bytes());
        Ok(PyString::new(identifier.py(), BENCH_FLOOR_HASH))
    }

    /// The raw 32-byte HMAC-SHA256 digest of `identifier`.
    fn digest<'py>(&self, identifier: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
        let message = self::identifier(identifier)?;
        Ok(PyBytes::new(identifier.py(), self.signer.sign(message.as_bytes()).as_bytes()))
    }

    /// Whether `identity_hash` (64 hex characters, either case) belongs to
    /// `identifier`. Constant time; a malformed hash is `False`.
    fn verify(&self, identifier: &Bound<'_, PyAny>, identity_hash: &Bound<'_, PyAny>) -> PyResult<bool> {
        let message = self::identifier(identifier)?;
        Ok(match presented_hash(identity_hash)? {
            Some(presented) => self.signer.verify(message.as_bytes(), presented.as_bytes()),
            None => false,
        })
    }

    /// The identity hashes of every identifier of an iterable, in order:
    /// `list[str]`, or with `output="hex_bytes"` / `"raw_bytes"` one `bytes`
    /// of 64 hex digits / 32 digest bytes per identifier, back to back.
    /// Identifiers are read one at a time into chunks of bounded size (large
    /// ones are signed where they lie); the GIL is released while hashing.
    #[pyo3(signature = (identifiers, *, output = None), text_signature = "($self, identifiers, *, output='strings')")]
    fn sign_many<'py>(
        &self,
        identifiers: &Bound<'py, PyAny>,
        output: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = identifiers.py();
        if is_single_value(identifiers) {
            return Err(PyTypeError::new_err(format!(
                "identifiers must be an iterable of identifiers, not a single {}",
                type_name(identifiers)
            )));
        }
        let mut sink = BatchSink::new(py, BatchOutput::from_py(output)?);
        let mut batch = PackedBatch::new();
        for item in identifiers.try_iter()? {
            let item = item?;
            let message = self::identifier(&item)?;
            let bytes = message.as_bytes();
            if PackedBatch::signs_in_place(bytes.len()) {
                self.flush(&mut batch, &mut sink)?;
                // `bytes` is immutable (a str's UTF-8, a bytes object, or our
                // own copy) and `item` keeps it alive.
                let hash = py.detach(|| self.signer.sign(bytes));
                let mut digits = [0u8; HASH_HEX_LEN];
                let signed: &[u8] = match sink.output.format() {
                    HashFormat::Raw => hash.as_bytes(),
                    HashFormat::Hex => hash.encode_hex(&mut digits).as_bytes(),
                };
                sink.signed.try_reserve(signed.len()).map_err(|_| core_error(py, &Error::OutOfMemory))?;
                sink.signed.extend_from_slice(signed);
                sink.take_strings()?;
            } else {
                batch.try_push(bytes).map_err(|error| core_error(py, &error))?;
                if batch.is_full() {
                    self.flush(&mut batch, &mut sink)?;
                }
            }
        }
        self.flush(&mut batch, &mut sink)?;
        Ok(sink.finish())
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.signer)
    }
}

/// Verifies under 1 to 16 secrets, newest first, for key rotation.
/// Immutable and safe to share between threads.
#[pyclass(frozen, module = "identity_hmac", name = "Verifier")]
struct PyVerifier {
    verifier: Verifier,
}

#[pymethods]
impl PyVerifier {
    #[new]
    #[pyo3(signature = (secrets, *, secret_encoding = None), text_signature = "(secrets, *, secret_encoding='text')")]
    fn new(secrets: &Bound<'_, PyAny>, secret_encoding: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let py = secrets.py();
        // Iterating a single secret would make one key per character.
        if is_single_value(secrets) {
            return Err(PyTypeError::new_err(format!(
                "secrets must be an iterable of secrets, newest first, not a single {}",
                type_name(secrets)
            )));
        }
        let encoding = self::secret_encoding(py, secret_encoding)?;
        let mut builder = VerifierBuilder::new(encoding);
        // One item at a time: an endless iterator stops at the 17th item,
        // which the core refuses before anything of it is read.
        for item in secrets.try_iter()? {
            let item = item?;
            let index = builder.len();
            Verifier::check_secret_count(index + 1).map_err(|error| core_error(py, &error))?;
            with_secret_bytes(&item, encoding, |bytes| builder.push(bytes))?
                .map_err(|error| core_error(py, &error.with_secret_index(index)))?;
        }
        let verifier = builder.build().map_err(|error| core_error(py, &error))?;
        Ok(PyVerifier { verifier })
    }

    /// Whether `identity_hash` matches `identifier` under any of the secrets.
    fn verify(&self, identifier: &Bound<'_, PyAny>, identity_hash: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.matching_key(identifier, identity_hash)?.is_some())
    }

    /// The index (0 = newest) of the first secret under which `identity_hash`
    /// matches, or `None`. Every secret is always tried.
    fn matching_key(&self, identifier: &Bound<'_, PyAny>, identity_hash: &Bound<'_, PyAny>) -> PyResult<Option<usize>> {
        let message = self::identifier(identifier)?;
        Ok(match presented_hash(identity_hash)? {
            Some(presented) => self.verifier.matching_key(message.as_bytes(), presented.as_bytes()),
            None => None,
        })
    }

    /// How many secrets it holds.
    fn __len__(&self) -> usize {
        self.verifier.len()
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.verifier)
    }
}

/// The identity hash of `identifier` under `secret`, as 64 lowercase hex characters.
#[pyfunction]
#[pyo3(signature = (secret, identifier, *, secret_encoding = None), text_signature = "(secret, identifier, *, secret_encoding='text')")]
fn sign<'py>(
    secret: &Bound<'py, PyAny>,
    identifier: &Bound<'py, PyAny>,
    secret_encoding: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyString>> {
    let secret = self::secret(secret, self::secret_encoding(secret.py(), secret_encoding)?)?;
    let message = self::identifier(identifier)?;
    let mut hex = [0u8; HASH_HEX_LEN];
    Ok(PyString::new(identifier.py(), Signer::new(&secret).sign_hex_into(message.as_bytes(), &mut hex)))
}

/// Whether `identity_hash` belongs to `identifier` under `secret`. Constant
/// time; a malformed hash is `False`.
#[pyfunction]
#[pyo3(signature = (secret, identifier, identity_hash, *, secret_encoding = None), text_signature = "(secret, identifier, identity_hash, *, secret_encoding='text')")]
fn verify(
    secret: &Bound<'_, PyAny>,
    identifier: &Bound<'_, PyAny>,
    identity_hash: &Bound<'_, PyAny>,
    secret_encoding: Option<&Bound<'_, PyAny>>,
) -> PyResult<bool> {
    let secret = self::secret(secret, self::secret_encoding(secret.py(), secret_encoding)?)?;
    let message = self::identifier(identifier)?;
    Ok(match presented_hash(identity_hash)? {
        Some(presented) => identity_hmac::verify(&secret, message.as_bytes(), presented.as_bytes()),
        None => false,
    })
}

/// A new secret: 32 bytes from the operating system's CSPRNG, as 64 hex
/// characters (use it with `secret_encoding="hex"`). The hex passes from the
/// core's zeroizing buffer straight into the Python string.
#[pyfunction]
fn generate_secret(py: Python<'_>) -> PyResult<Bound<'_, PyString>> {
    let hex = Secret::generate_hex().map_err(|error| core_error(py, &error))?;
    Ok(PyString::new(py, &hex))
}

#[pymodule(gil_used = false)]
#[pyo3(name = "_native")]
fn native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<PySigner>()?;
    module.add_class::<PyVerifier>()?;
    module.add_function(wrap_pyfunction!(sign, module)?)?;
    module.add_function(wrap_pyfunction!(verify, module)?)?;
    module.add_function(wrap_pyfunction!(generate_secret, module)?)?;
    widgets::register(module)?;
    tokens::register(module)?;
    #[cfg(feature = "arrow")]
    arrow::register(module)?;
    module.add("__version__", identity_hmac::VERSION)?;
    Ok(())
}

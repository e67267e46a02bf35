//! `identity_hmac._native`: the pyo3 layer of the Python package `identity_hmac`.
//!
//! It turns Python values into bytes, maps the core's errors to the package's
//! exception classes and releases the GIL for batches. Every rule (secret
//! decoding, HMAC, hex, comparison) lives in the core crate.

use std::borrow::Cow;

use identity_hmac::{self as core, Error, HASH_HEX_LEN, Secret, SecretEncoding};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyInt, PyList, PyMemoryView, PyString, PyType};

/// The bytes of an identifier or a presented hash, borrowed from an immutable
/// Python object where possible.
enum Message<'a, 'py> {
    Utf8(&'a [u8]),
    Bytes(Bound<'py, PyBytes>),
    Owned(Vec<u8>),
}

impl Message<'_, '_> {
    fn as_bytes(&self) -> &[u8] {
        match self {
            Message::Utf8(bytes) => bytes,
            Message::Bytes(bytes) => bytes.as_bytes(),
            Message::Owned(bytes) => bytes,
        }
    }
}

/// The UTF-8 form of a `str`; lone surrogates raise `UnicodeEncodeError`, as
/// `str.encode` does.
fn utf8<'a, 'py>(text: &'a Bound<'py, PyString>) -> PyResult<Message<'a, 'py>> {
    #[cfg(not(windows))]
    {
        // The str's own cached UTF-8 (its very data for ASCII): no temporary
        // bytes object. PyUnicode_AsUTF8AndSize is in the stable ABI from 3.10
        // and exported with the same signature by every CPython 3 on Unix, so
        // this abi3-py39 module links and runs on 3.9 too. Windows resolves
        // abi3 symbols through python3.dll, which has it only from 3.10 on.
        unsafe extern "C" {
            fn PyUnicode_AsUTF8AndSize(
                unicode: *mut pyo3::ffi::PyObject,
                size: *mut pyo3::ffi::Py_ssize_t,
            ) -> *const u8;
        }
        let mut size: pyo3::ffi::Py_ssize_t = 0;
        // SAFETY: `text` is a live str (the GIL is held through `Bound`).
        let data = unsafe { PyUnicode_AsUTF8AndSize(text.as_ptr(), &mut size) };
        if data.is_null() {
            return Err(PyErr::fetch(text.py()));
        }
        let len = usize::try_from(size).unwrap_or(0);
        // SAFETY: CPython keeps the `len` bytes at `data` alive and unchanged
        // for as long as the str lives, which outlives the borrow `'a`.
        Ok(Message::Utf8(unsafe { std::slice::from_raw_parts(data, len) }))
    }
    #[cfg(windows)]
    {
        Ok(Message::Bytes(text.encode_utf8()?))
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    match obj.get_type().name() {
        Ok(name) => name.to_string(),
        Err(_) => String::from("object"),
    }
}

/// A `str` or bytes-like value, which iterates over characters or byte values
/// where an iterable of values is expected.
fn is_single_value(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
        || obj.is_instance_of::<PyByteArray>()
        || obj.is_instance_of::<PyMemoryView>()
}

/// `bytes`, `bytearray` or `memoryview` (any shape: `tobytes()` flattens it).
fn bytes_like<'a, 'py>(obj: &'a Bound<'py, PyAny>) -> PyResult<Option<Message<'a, 'py>>> {
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        return Ok(Some(Message::Bytes(bytes.clone())));
    }
    if let Ok(array) = obj.cast::<PyByteArray>() {
        // A copy: the array may change once the GIL is released.
        return Ok(Some(Message::Owned(array.to_vec())));
    }
    if obj.is_instance_of::<PyMemoryView>() {
        let bytes = obj.call_method0(intern!(obj.py(), "tobytes"))?;
        return Ok(Some(Message::Bytes(bytes.cast_into::<PyBytes>()?)));
    }
    Ok(None)
}

/// An identifier: `str` (UTF-8; lone surrogates raise `UnicodeEncodeError`
/// like `str.encode`), bytes-like, or `int` (its decimal string, as
/// Chatwoot's server sees it). `bool` is not an identifier.
fn identifier<'a, 'py>(obj: &'a Bound<'py, PyAny>) -> PyResult<Message<'a, 'py>> {
    if let Ok(text) = obj.cast::<PyString>() {
        return utf8(text);
    }
    if let Some(bytes) = bytes_like(obj)? {
        return Ok(bytes);
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
        return Ok(utf8(text).ok());
    }
    match bytes_like(obj)? {
        Some(bytes) => Ok(Some(bytes)),
        None => Err(PyTypeError::new_err(format!("identity_hash must be str or bytes, not {}", type_name(obj)))),
    }
}

static IDENTITY_HMAC_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INVALID_SECRET_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// An `IdentityHmacError` (or its `InvalidSecretError` subclass) carrying `code`.
fn package_error(py: Python<'_>, message: String, code: &'static str, invalid_secret: bool) -> PyErr {
    let class = if invalid_secret {
        INVALID_SECRET_ERROR.import(py, "identity_hmac._errors", "InvalidSecretError")
    } else {
        IDENTITY_HMAC_ERROR.import(py, "identity_hmac._errors", "IdentityHmacError")
    };
    match class.and_then(|class| class.call1((message, code))) {
        Ok(error) => PyErr::from_value(error),
        Err(error) => error,
    }
}

/// The core's messages never contain the secret, so they pass through as they are.
fn core_error(py: Python<'_>, error: &Error) -> PyErr {
    package_error(py, error.to_string(), error.code(), error.is_invalid_secret())
}

fn secret_encoding(encoding: Option<&Bound<'_, PyAny>>) -> PyResult<SecretEncoding> {
    let Some(encoding) = encoding else {
        return Ok(SecretEncoding::Text);
    };
    let Ok(name) = encoding.cast::<PyString>() else {
        return Err(PyTypeError::new_err(format!(
            "secret_encoding must be a str ('text' or 'hex'), not {}",
            type_name(encoding)
        )));
    };
    // A name with lone surrogates is simply not "text" or "hex".
    let name = name.to_cow().unwrap_or(Cow::Borrowed(""));
    name.parse::<SecretEncoding>().map_err(|error| core_error(encoding.py(), &error))
}

/// A secret: `str` (decoded by `encoding`) or bytes-like (with `text` the raw
/// key bytes; with `hex` ASCII hex digits). No error shows any of it.
fn secret(obj: &Bound<'_, PyAny>, encoding: SecretEncoding) -> PyResult<Secret> {
    let py = obj.py();
    let decoded = if let Ok(text) = obj.cast::<PyString>() {
        match utf8(text) {
            Ok(bytes) => Secret::decode_bytes(bytes.as_bytes(), encoding),
            Err(error) => return Err(unencodable_secret(text, error, encoding)),
        }
    } else if let Ok(array) = obj.cast::<PyByteArray>() {
        // SAFETY: no Python code runs while the slice is borrowed, so nothing
        // can resize the array; reading it in place avoids a copy of the key.
        Secret::decode_bytes(unsafe { array.as_bytes() }, encoding)
    } else if let Some(bytes) = bytes_like(obj)? {
        Secret::decode_bytes(bytes.as_bytes(), encoding)
    } else {
        return Err(PyTypeError::new_err(format!("secret must be str or bytes, not {}", type_name(obj))));
    };
    decoded.map_err(|error| core_error(py, &error))
}

/// A `str` secret with lone surrogates (what `os.environ` makes of non-UTF-8
/// bytes). `UnicodeEncodeError` would print the offending character, a part
/// of the secret, so the error names only its position.
fn unencodable_secret(text: &Bound<'_, PyString>, encode_error: PyErr, encoding: SecretEncoding) -> PyErr {
    let py = text.py();
    if encoding == SecretEncoding::Hex {
        // The core reports the first non-hex character; every byte before it is ASCII.
        if let Ok(passed) = text.call_method1(intern!(py, "encode"), ("utf-8", "surrogatepass"))
            && let Ok(bytes) = passed.cast::<PyBytes>()
            && let Err(error) = Secret::decode_bytes(bytes.as_bytes(), encoding)
        {
            return core_error(py, &error);
        }
    }
    let position = encode_error.value(py).getattr(intern!(py, "start")).and_then(|start| start.extract::<usize>());
    let at = position.map(|p| format!(" at position {p}")).unwrap_or_default();
    package_error(
        py,
        format!(
            "the text secret is not valid Unicode: a lone surrogate{at} cannot be encoded as UTF-8 \
             (os.environ holds non-UTF-8 bytes this way; pass the secret as bytes instead)"
        ),
        "INVALID_TEXT_SECRET",
        true,
    )
}

/// Identifiers hashed per release of the GIL in `sign_many`.
const BATCH_CHUNK: usize = 16 * 1024;

/// Signs and verifies identifiers under one secret. Immutable and safe to share between threads.
#[pyclass(frozen, module = "identity_hmac", name = "Signer")]
struct PySigner {
    signer: core::Signer,
}

#[pymethods]
impl PySigner {
    #[new]
    #[pyo3(signature = (secret, *, secret_encoding = None), text_signature = "(secret, *, secret_encoding='text')")]
    fn new(secret: &Bound<'_, PyAny>, secret_encoding: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let encoding = self::secret_encoding(secret_encoding)?;
        let secret = self::secret(secret, encoding)?;
        Ok(PySigner { signer: core::Signer::new(&secret) })
    }

    /// The identity hash of `identifier` as 64 lowercase hex characters.
    fn sign<'py>(&self, identifier: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyString>> {
        let message = self::identifier(identifier)?;
        let mut hex = [0u8; HASH_HEX_LEN];
        Ok(PyString::new(identifier.py(), self.signer.sign_hex_into(message.as_bytes(), &mut hex)))
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

    /// The identity hashes of every identifier of an iterable, in order. The
    /// GIL is released while hashing; large batches use every core.
    fn sign_many<'py>(&self, identifiers: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let py = identifiers.py();
        if is_single_value(identifiers) {
            return Err(PyTypeError::new_err(format!(
                "identifiers must be an iterable of identifiers, not a single {}",
                type_name(identifiers)
            )));
        }
        let signer = &self.signer;
        let hashes = PyList::empty(py);
        let mut iterator = identifiers.try_iter()?;
        // Chunks keep the buffers small and in cache. Each chunk's bytes are
        // copied out first, so nothing Python is touched without the GIL.
        let mut data = Vec::new();
        let mut ends = Vec::with_capacity(BATCH_CHUNK);
        let mut hex = Vec::new();
        loop {
            data.clear();
            ends.clear();
            for item in iterator.by_ref().take(BATCH_CHUNK) {
                data.extend_from_slice(self::identifier(&item?)?.as_bytes());
                ends.push(data.len());
            }
            let mut start = 0;
            let slices: Vec<&[u8]> = ends
                .iter()
                .map(|&end| {
                    let slice = &data[start..end];
                    start = end;
                    slice
                })
                .collect();
            hex.resize(slices.len() * HASH_HEX_LEN, 0);
            if !py.detach(|| signer.sign_many_hex_into(&slices, &mut hex)) {
                return Err(PyRuntimeError::new_err("internal error: batch buffer size mismatch"));
            }
            for digits in hex.chunks_exact(HASH_HEX_LEN) {
                hashes.append(PyString::new(py, std::str::from_utf8(digits).unwrap_or_default()))?;
            }
            if slices.len() < BATCH_CHUNK {
                break;
            }
        }
        Ok(hashes)
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.signer)
    }
}

/// Verifies under 1 to 16 secrets, newest first, for key rotation.
/// Immutable and safe to share between threads.
#[pyclass(frozen, module = "identity_hmac", name = "Verifier")]
struct PyVerifier {
    verifier: core::Verifier,
}

#[pymethods]
impl PyVerifier {
    #[new]
    #[pyo3(signature = (secrets, *, secret_encoding = None), text_signature = "(secrets, *, secret_encoding='text')")]
    fn new(secrets: &Bound<'_, PyAny>, secret_encoding: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        // Iterating a single secret would make one key per character.
        if is_single_value(secrets) {
            return Err(PyTypeError::new_err(format!(
                "secrets must be an iterable of secrets, newest first, not a single {}",
                type_name(secrets)
            )));
        }
        let encoding = self::secret_encoding(secret_encoding)?;
        let mut decoded = Vec::new();
        for item in secrets.try_iter()? {
            decoded.push(secret(&item?, encoding)?);
        }
        match core::Verifier::new(&decoded) {
            Ok(verifier) => Ok(PyVerifier { verifier }),
            Err(error) => Err(core_error(secrets.py(), &error)),
        }
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
    let secret = self::secret(secret, self::secret_encoding(secret_encoding)?)?;
    let message = self::identifier(identifier)?;
    let mut hex = [0u8; HASH_HEX_LEN];
    Ok(PyString::new(identifier.py(), core::Signer::new(&secret).sign_hex_into(message.as_bytes(), &mut hex)))
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
    let secret = self::secret(secret, self::secret_encoding(secret_encoding)?)?;
    let message = self::identifier(identifier)?;
    Ok(match presented_hash(identity_hash)? {
        Some(presented) => core::verify(&secret, message.as_bytes(), presented.as_bytes()),
        None => false,
    })
}

/// A new secret: 32 bytes from the operating system's CSPRNG, as 64 hex
/// characters (use it with `secret_encoding="hex"`).
#[pyfunction]
fn generate_secret() -> PyResult<String> {
    match Secret::try_generate() {
        Ok(secret) => Ok(secret.expose_hex().to_string()),
        Err(error) => Err(PyOSError::new_err(format!("the operating system's random source failed: {error}"))),
    }
}

#[pymodule(gil_used = false)]
#[pyo3(name = "_native")]
fn native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<PySigner>()?;
    module.add_class::<PyVerifier>()?;
    module.add_function(wrap_pyfunction!(sign, module)?)?;
    module.add_function(wrap_pyfunction!(verify, module)?)?;
    module.add_function(wrap_pyfunction!(generate_secret, module)?)?;
    module.add("__version__", core::VERSION)?;
    Ok(())
}

//! Identity tokens: `sign_token` and `TokenVerifier`. Claims travel as JSON
//! text, written and read by Python's `json`; the JWT rules are the core's.

use identity_hmac::{Error, Secret, TokenVerifier, TokenVerifierBuilder, Verifier};
use pyo3::exceptions::{PyRecursionError, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyMapping, PyString, PyTuple};

use crate::widgets::token_options;
use crate::{Message, bytes_like, core_error, is_single_value, type_name, with_secret_bytes};

/// `INVALID_CLAIMS` (the core's `claims_not_encodable`) in place of the error
/// Python's `json` raised, whose message may quote a claim's value: the new
/// error suppresses it as its context (`raise ... from None`).
fn not_encodable(py: Python<'_>) -> PyErr {
    let error = core_error(py, &Error::claims_not_encodable());
    let value = error.value(py);
    if let Err(failure) = value.setattr(intern!(py, "__cause__"), py.None()) {
        return failure;
    }
    if let Err(failure) = value.setattr(intern!(py, "__suppress_context__"), true) {
        return failure;
    }
    error
}

/// UTF-8 JSON text of the claims: a mapping encoded by `json.dumps` (no NaN
/// or infinity, non-ASCII as is, compact), or JSON text given as `str` or bytes.
fn claims_json<'py>(claims: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let py = claims.py();
    let text = if let Ok(text) = claims.cast::<PyString>() {
        text.clone()
    } else if let Some(bytes) = bytes_like(claims)? {
        return Ok(bytes);
    } else if claims.is_instance_of::<PyMapping>() {
        // json.dumps encodes dicts only: another mapping is copied into one first.
        let object = if claims.is_instance_of::<PyDict>() {
            claims.clone()
        } else {
            py.get_type::<PyDict>().call1((claims,))?
        };
        let options = PyDict::new(py);
        options.set_item(intern!(py, "allow_nan"), false)?;
        options.set_item(intern!(py, "ensure_ascii"), false)?;
        options.set_item(intern!(py, "separators"), (",", ":"))?;
        let dumps = py.import(intern!(py, "json"))?.getattr(intern!(py, "dumps"))?;
        match dumps.call((object,), Some(&options)) {
            Ok(text) => text.cast_into::<PyString>()?,
            Err(error)
                if error.is_instance_of::<PyTypeError>(py)
                    || error.is_instance_of::<PyValueError>(py)
                    || error.is_instance_of::<PyRecursionError>(py) =>
            {
                return Err(not_encodable(py));
            }
            Err(error) => return Err(error),
        }
    } else {
        return Err(PyTypeError::new_err(format!(
            "claims must be a mapping (a dict) or JSON text (str or bytes), not {}",
            type_name(claims)
        )));
    };
    // A str with lone surrogates has no UTF-8, so it cannot be JSON text.
    match text.encode_utf8() {
        Ok(bytes) => Ok(bytes),
        Err(_) => Err(not_encodable(py)),
    }
}

/// An HS256 JWT of the claims: header `{"alg":"HS256","typ":"JWT"}` (and `kid`),
/// `iat` added, and `exp` with `expires_in`. The GIL is released while signing.
#[pyfunction]
#[pyo3(signature = (secret, claims, *, expires_in = None, key_id = None, now = None, secret_encoding = None), text_signature = "(secret, claims, *, expires_in=None, key_id=None, now=None, secret_encoding='text')")]
fn sign_token<'py>(
    secret: &Bound<'py, PyAny>,
    claims: &Bound<'py, PyAny>,
    expires_in: Option<u64>,
    key_id: Option<String>,
    now: Option<i64>,
    secret_encoding: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyString>> {
    let py = secret.py();
    let encoding = crate::secret_encoding(py, secret_encoding)?;
    let secret: Secret = with_secret_bytes(secret, encoding, |bytes| Secret::decode_bytes(bytes, encoding))?
        .map_err(|error| core_error(py, &error))?;
    let json = claims_json(claims)?;
    let options = token_options(expires_in, key_id, now);
    let text = json.as_bytes();
    let token =
        py.detach(|| identity_hmac::sign_token(&secret, text, &options)).map_err(|error| core_error(py, &error))?;
    Ok(PyString::new(py, &token))
}

/// Verifies HS256 tokens under 1 to 16 keys, newest first, each optionally
/// with a key id. Immutable and safe to share between threads.
#[pyclass(frozen, module = "identity_hmac", name = "TokenVerifier")]
struct PyTokenVerifier {
    verifier: TokenVerifier,
}

#[pymethods]
impl PyTokenVerifier {
    #[new]
    #[pyo3(signature = (keys, *, secret_encoding = None, leeway = 60, max_lifetime = None, required_claims = None), text_signature = "(keys, *, secret_encoding='text', leeway=60, max_lifetime=None, required_claims=())")]
    fn new(
        keys: &Bound<'_, PyAny>,
        secret_encoding: Option<&Bound<'_, PyAny>>,
        leeway: u64,
        max_lifetime: Option<u64>,
        required_claims: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let py = keys.py();
        // Iterating a single secret would make one key per character.
        if is_single_value(keys) {
            return Err(PyTypeError::new_err(format!(
                "keys must be an iterable of secrets or (key_id, secret) pairs, newest first, not a single {}",
                type_name(keys)
            )));
        }
        let mut names = Vec::new();
        if let Some(required) = required_claims.filter(|obj| !obj.is_none()) {
            if is_single_value(required) {
                return Err(PyTypeError::new_err(format!(
                    "required_claims must be an iterable of claim names, not a single {}",
                    type_name(required)
                )));
            }
            for name in required.try_iter()? {
                let name = name?;
                let Ok(text) = name.cast::<PyString>() else {
                    return Err(PyTypeError::new_err(format!(
                        "a required claim must be a str, not {}",
                        type_name(&name)
                    )));
                };
                names.push(text.to_str()?.to_owned());
            }
        }
        let encoding = crate::secret_encoding(py, secret_encoding)?;
        let mut builder = TokenVerifierBuilder::new(encoding)
            .with_leeway(leeway)
            .with_max_lifetime(max_lifetime)
            .with_required_claims(names);
        // One item at a time: an endless iterator stops at the 17th item,
        // which the core refuses before anything of it is read.
        for item in keys.try_iter()? {
            let item = item?;
            let index = builder.len();
            Verifier::check_secret_count(index + 1).map_err(|error| core_error(py, &error))?;
            let (key_id, secret) = match item.cast::<PyTuple>() {
                Ok(pair) if pair.len() == 2 => {
                    let key_id = pair.get_item(0)?;
                    let Ok(key_id) = key_id.cast::<PyString>() else {
                        return Err(PyTypeError::new_err(format!(
                            "a key id must be a str, not {}",
                            type_name(&key_id)
                        )));
                    };
                    (Some(key_id.to_str()?.to_owned()), pair.get_item(1)?)
                }
                Ok(_) => {
                    return Err(PyTypeError::new_err("a key must be a secret or a (key_id, secret) pair"));
                }
                Err(_) => (None, item),
            };
            with_secret_bytes(&secret, encoding, |bytes| builder.push(key_id.as_deref(), bytes))?
                .map_err(|error| core_error(py, &error.with_secret_index(index)))?;
        }
        let verifier = builder.build().map_err(|error| core_error(py, &error))?;
        Ok(PyTokenVerifier { verifier })
    }

    /// The token's claims as a dict (parsed by `json.loads`), checked at `now`
    /// (seconds since the Unix epoch; default the system clock). The GIL is
    /// released while verifying.
    #[pyo3(signature = (token, *, now = None))]
    fn verify<'py>(&self, token: &Bound<'py, PyAny>, now: Option<i64>) -> PyResult<Bound<'py, PyAny>> {
        let py = token.py();
        let message = if let Ok(text) = token.cast::<PyString>() {
            match text.to_str() {
                Ok(text) => Message::Utf8(text),
                // Lone surrogates are passed on for the core to refuse (they are not base64url).
                Err(_) => Message::Bytes(
                    text.call_method1(intern!(py, "encode"), ("utf-8", "surrogatepass"))?.cast_into::<PyBytes>()?,
                ),
            }
        } else if let Some(bytes) = bytes_like(token)? {
            Message::Bytes(bytes)
        } else {
            return Err(PyTypeError::new_err(format!("token must be str or bytes, not {}", type_name(token))));
        };
        let input = message.as_bytes();
        let json = py
            .detach(|| {
                let claims = match now {
                    Some(now) => self.verifier.verify_at(input, now),
                    None => self.verifier.verify(input),
                }?;
                Ok::<_, Error>(serde_json::Value::Object(claims).to_string())
            })
            .map_err(|error| core_error(py, &error))?;
        py.import(intern!(py, "json"))?.getattr(intern!(py, "loads"))?.call1((json,))
    }

    /// How many keys it holds.
    fn __len__(&self) -> usize {
        self.verifier.len()
    }

    fn __repr__(&self) -> String {
        format!("{:?}", self.verifier)
    }
}

pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<PyTokenVerifier>()?;
    module.add_function(wrap_pyfunction!(sign_token, module)?)?;
    Ok(())
}

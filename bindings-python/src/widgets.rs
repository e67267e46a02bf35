//! Widget presets: `identify` and `identify_script`. Python values become the
//! core's `Widget`, `User`, `PageValues` and `TokenOptions`; the preset table,
//! the signing and the rendering are the core's.

use identity_hmac::{Error, Identifier, Identity, PageValues, Secret, SecretEncoding, TokenOptions, User, Widget};
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyInt, PyMapping, PyString, PyTuple, PyType};

use crate::{core_error, type_name, with_secret_bytes};

static WIDGET_ENUM: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// An `identity_hmac.Widget` member, or a preset's name as a `str` (checked
/// by the core: anything else is `UNKNOWN_WIDGET`).
fn widget(obj: &Bound<'_, PyAny>) -> PyResult<Widget> {
    let py = obj.py();
    let class = WIDGET_ENUM.import(py, "identity_hmac._widgets", "Widget")?;
    let name = if obj.is_instance(class)? { obj.getattr(intern!(py, "value"))? } else { obj.clone() };
    let Ok(name) = name.cast::<PyString>() else {
        return Err(PyTypeError::new_err(format!(
            "widget must be an identity_hmac.Widget or a preset's name (str), not {}",
            type_name(obj)
        )));
    };
    // A name with lone surrogates is simply no preset's name.
    Widget::from_name(name.to_string_lossy().as_bytes()).map_err(|error| core_error(py, &error))
}

/// `None` (or an omitted argument) is the preset's own encoding; a name must
/// be exactly `"text"` or `"hex"`.
fn explicit_encoding(py: Python<'_>, encoding: Option<&Bound<'_, PyAny>>) -> PyResult<Option<SecretEncoding>> {
    match encoding {
        Some(name) if !name.is_none() => crate::secret_encoding(py, Some(name)).map(Some),
        _ => Ok(None),
    }
}

/// The vendor secret, decoded by `secret_encoding` or else by the preset's encoding.
fn widget_secret(widget: Widget, obj: &Bound<'_, PyAny>, explicit: Option<SecretEncoding>) -> PyResult<Secret> {
    let encoding = widget.resolve_encoding(explicit);
    with_secret_bytes(obj, encoding, |bytes| widget.decode_secret(bytes, Some(encoding)))?
        .map_err(|error| core_error(obj.py(), &error))
}

/// The `(key, value)` pairs of a mapping, keys as `str`.
fn mapping_items<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Vec<(String, Bound<'py, PyAny>)>> {
    let Ok(mapping) = obj.cast::<PyMapping>() else {
        return Err(PyTypeError::new_err(format!("{what} must be a mapping (a dict), not {}", type_name(obj))));
    };
    let mut items = Vec::new();
    for item in mapping.items()?.iter() {
        let pair = item.cast_into::<PyTuple>()?;
        let (key, value) = (pair.get_item(0)?, pair.get_item(1)?);
        let Ok(key) = key.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!("{what}'s keys must be str, not {}", type_name(&key))));
        };
        items.push((key.to_string_lossy().into_owned(), value));
    }
    Ok(items)
}

/// A user mapping: keys of the core's `User::FIELDS` (any other is
/// `UNKNOWN_FIELD`), values `str`, `None` (left out), and for `identifier` also
/// `int` (signed and rendered as its decimal string; not `bool`).
fn user(obj: &Bound<'_, PyAny>) -> PyResult<User> {
    let py = obj.py();
    let mut user = User::new();
    for (key, value) in mapping_items(obj, "user")? {
        if !User::FIELDS.contains(&key.as_str()) {
            return Err(core_error(py, &Error::UnknownUserField));
        }
        if value.is_none() {
            continue;
        }
        if let Ok(text) = value.cast::<PyString>() {
            user.set(key.as_bytes(), text.to_str()?).map_err(|error| core_error(py, &error))?;
        } else if key == "identifier" && value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
            user.identifier = Some(match value.extract::<i128>() {
                Ok(number) => Identifier::Integer(number),
                // Larger ints: int's own decimal digits, which is what is signed.
                Err(_) => Identifier::Text(
                    py.get_type::<PyInt>().call_method1(intern!(py, "__repr__"), (&value,))?.extract::<String>()?,
                ),
            });
        } else {
            let expected = if key == "identifier" { "str, int or None" } else { "str or None" };
            return Err(PyTypeError::new_err(format!("user[{key:?}] must be {expected}, not {}", type_name(&value))));
        }
    }
    Ok(user)
}

/// Page values (`app_id`, `chatId`, `appId`): a mapping of `str` to `str`, or `None`.
fn page(obj: Option<&Bound<'_, PyAny>>) -> PyResult<PageValues> {
    let mut page = PageValues::new();
    let Some(obj) = obj.filter(|obj| !obj.is_none()) else {
        return Ok(page);
    };
    for (key, value) in mapping_items(obj, "page")? {
        let Ok(text) = value.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!("page[{key:?}] must be str, not {}", type_name(&value))));
        };
        page.insert(key, text.to_str()?);
    }
    Ok(page)
}

pub(crate) fn token_options(expires_in: Option<u64>, key_id: Option<String>, now: Option<i64>) -> TokenOptions {
    let mut options = TokenOptions::new();
    if let Some(seconds) = expires_in {
        options = options.with_expires_in(seconds);
    }
    if let Some(key_id) = key_id {
        options = options.with_key_id(key_id);
    }
    if let Some(now) = now {
        options = options.with_now(now);
    }
    options
}

#[allow(clippy::too_many_arguments)]
fn identity(
    widget: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
    user: &Bound<'_, PyAny>,
    secret_encoding: Option<&Bound<'_, PyAny>>,
    expires_in: Option<u64>,
    key_id: Option<String>,
    now: Option<i64>,
) -> PyResult<Identity> {
    let py = widget.py();
    let widget = self::widget(widget)?;
    let explicit = explicit_encoding(py, secret_encoding)?;
    let secret = widget_secret(widget, secret, explicit)?;
    let user = self::user(user)?;
    let options = token_options(expires_in, key_id, now);
    identity_hmac::identify_with(widget, &secret, &user, &options).map_err(|error| core_error(py, &error))
}

/// The fields the widget's identify call takes, the hash (or token) included,
/// in the call's order.
#[pyfunction]
#[pyo3(signature = (widget, secret, user, *, secret_encoding = None, expires_in = None, key_id = None, now = None))]
#[allow(clippy::too_many_arguments)]
fn identify<'py>(
    widget: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    user: &Bound<'py, PyAny>,
    secret_encoding: Option<&Bound<'py, PyAny>>,
    expires_in: Option<u64>,
    key_id: Option<String>,
    now: Option<i64>,
) -> PyResult<Bound<'py, PyDict>> {
    let identity = identity(widget, secret, user, secret_encoding, expires_in, key_id, now)?;
    let fields = PyDict::new(widget.py());
    for (name, value) in identity.fields() {
        fields.set_item(*name, value)?;
    }
    Ok(fields)
}

/// The widget's identify call as JavaScript source, safe inside a `<script>`
/// element; with a CSP `nonce`, the whole `<script nonce="…">…</script>` element.
#[pyfunction]
#[pyo3(signature = (widget, secret, user, *, page = None, nonce = None, secret_encoding = None, expires_in = None, key_id = None, now = None))]
#[allow(clippy::too_many_arguments)]
fn identify_script<'py>(
    widget: &Bound<'py, PyAny>,
    secret: &Bound<'py, PyAny>,
    user: &Bound<'py, PyAny>,
    page: Option<&Bound<'py, PyAny>>,
    nonce: Option<&str>,
    secret_encoding: Option<&Bound<'py, PyAny>>,
    expires_in: Option<u64>,
    key_id: Option<String>,
    now: Option<i64>,
) -> PyResult<Bound<'py, PyString>> {
    let py = widget.py();
    let identity = identity(widget, secret, user, secret_encoding, expires_in, key_id, now)?;
    let page = self::page(page)?;
    let script = identity.script(&page, nonce).map_err(|error| core_error(py, &error))?;
    Ok(PyString::new(py, &script))
}

/// The core's preset names, in its order (`Widget::ALL`): the test that keeps
/// `identity_hmac.Widget` equal to the core's table reads them.
#[pyfunction]
fn widget_names() -> Vec<&'static str> {
    Widget::ALL.iter().map(|widget| widget.as_str()).collect()
}

pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(identify, module)?)?;
    module.add_function(wrap_pyfunction!(identify_script, module)?)?;
    module.add_function(wrap_pyfunction!(widget_names, module)?)?;
    Ok(())
}

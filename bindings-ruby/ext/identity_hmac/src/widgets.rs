//! Widget presets: `IdentityHmac::WIDGETS`, `IdentityHmac.identify` and
//! `IdentityHmac.identify_script`. Only conversions: the presets, the
//! fields, the rendering and every check are the core's.

use identity_hmac::{Identifier as CoreIdentifier, Identity, PageValues, SecretEncoding, TokenOptions, User, Widget};
use magnus::prelude::*;
use magnus::r_hash::ForEach;
use magnus::scan_args::{get_kwargs, scan_args};
use magnus::{Error, Integer, RArray, RHash, RString, Ruby, Symbol, Value};

use super::{core_error, secret_encoding, secret_string, type_error, utf8_bytes_of, with_bytes};

/// The Ruby name of a preset: the core's name with `-` written `_`
/// (`intercom-jwt` is `:intercom_jwt`).
pub(crate) fn ruby_name(widget: Widget) -> String {
    widget.as_str().replace('-', "_")
}

/// `IdentityHmac::WIDGETS`: every preset of the core, in the core's order.
pub(crate) fn widget_symbols(ruby: &Ruby) -> RArray {
    let symbols = ruby.ary_from_iter(Widget::ALL.iter().map(|&widget| ruby.to_symbol(ruby_name(widget))));
    symbols.freeze();
    symbols
}

/// `IdentityHmac::USER_FIELDS`: the user fields the core takes, as Strings.
pub(crate) fn user_fields(ruby: &Ruby) -> RArray {
    let fields = ruby.ary_from_iter(User::FIELDS.iter().map(|&field| {
        let name = ruby.str_new(field);
        name.freeze();
        name
    }));
    fields.freeze();
    fields
}

/// A preset Symbol, read by the core: its name with every `_` written `-`
/// must be one of the core's names. A name that already holds a `-` is not
/// a Ruby preset name (so each preset has exactly one Symbol).
fn widget_of(ruby: &Ruby, value: Value) -> Result<Widget, Error> {
    let Some(symbol) = Symbol::from_value(value) else {
        return Err(type_error(ruby, "widget", "a Symbol (one of IdentityHmac::WIDGETS)", value));
    };
    let name: RString = symbol.funcall("to_s", ())?;
    // Not transcoded: a Symbol in another encoding is no preset anyway.
    let core_name = with_bytes(name, |bytes| {
        (!bytes.contains(&b'-')).then(|| bytes.iter().map(|&b| if b == b'_' { b'-' } else { b }).collect::<Vec<u8>>())
    });
    match core_name {
        Some(core_name) => Widget::from_name(&core_name).map_err(|err| core_error(ruby, &err)),
        None => Err(core_error(ruby, &identity_hmac::Error::UnknownWidget)),
    }
}

/// A Hash key: a Symbol or a String, as its UTF-8 bytes.
fn key_name(ruby: &Ruby, key: Value, what: &str) -> Result<Vec<u8>, Error> {
    let name = if let Some(symbol) = Symbol::from_value(key) {
        symbol.funcall("to_s", ())?
    } else if let Some(string) = RString::from_value(key) {
        utf8_bytes_of(ruby, string)?
    } else {
        return Err(type_error(ruby, what, "a Symbol or a String", key));
    };
    Ok(with_bytes(name, <[u8]>::to_vec))
}

/// A String value as UTF-8 text (other encodings are transcoded first);
/// `what` names it in errors, which never show the value.
fn text_of(ruby: &Ruby, value: Value, what: &str) -> Result<String, Error> {
    let Some(string) = RString::from_value(value) else {
        return Err(type_error(ruby, what, "a String", value));
    };
    let string = utf8_bytes_of(ruby, string).map_err(|_| not_utf8(ruby, what))?;
    with_bytes(string, |bytes| String::from_utf8(bytes.to_vec())).map_err(|_| not_utf8(ruby, what))
}

fn not_utf8(ruby: &Ruby, what: &str) -> Error {
    Error::new(ruby.exception_encoding_error(), format!("{what} is not valid UTF-8 (its bytes are not shown)"))
}

/// The user Hash, keys per `User::FIELDS` (Symbols or Strings). `nil`
/// values are left out; `identifier` may be an Integer, signed as its
/// decimal form. A key the core does not know is its `UNKNOWN_FIELD`.
fn user_of(ruby: &Ruby, value: Value) -> Result<User, Error> {
    let Some(hash) = RHash::from_value(value) else {
        return Err(type_error(ruby, "user", "a Hash", value));
    };
    let mut user = User::new();
    hash.foreach(|key: Value, field: Value| {
        let name = key_name(ruby, key, "a user key")?;
        // The name is checked first, even for nil: a misspelt key is an error.
        User::new().set(&name, "").map_err(|err| core_error(ruby, &err))?;
        if field.is_nil() {
            return Ok(ForEach::Continue);
        }
        let label = format!("user[:{}]", String::from_utf8_lossy(&name));
        if name == b"identifier" && RString::from_value(field).is_none() {
            let Some(integer) = Integer::from_value(field) else {
                return Err(type_error(ruby, &label, "a String or an Integer", field));
            };
            user.identifier = Some(CoreIdentifier::Integer(integer.to_i128()?));
            return Ok(ForEach::Continue);
        }
        let text = text_of(ruby, field, &label)?;
        user.set(&name, text).map_err(|err| core_error(ruby, &err))?;
        Ok(ForEach::Continue)
    })?;
    Ok(user)
}

/// The page values Hash (`app_id:`, `chatId:`, `appId:`), String values;
/// `nil` means none.
fn page_of(ruby: &Ruby, value: Option<Value>) -> Result<PageValues, Error> {
    let mut page = PageValues::new();
    let Some(value) = value.filter(|value| !value.is_nil()) else {
        return Ok(page);
    };
    let Some(hash) = RHash::from_value(value) else {
        return Err(type_error(ruby, "page", "a Hash", value));
    };
    hash.foreach(|key: Value, field: Value| {
        let name = key_name(ruby, key, "a page key")?;
        let name = String::from_utf8(name).map_err(|_| not_utf8(ruby, "a page key"))?;
        if !field.is_nil() {
            let text = text_of(ruby, field, &format!("page[:{name}]"))?;
            page.insert(name, text);
        }
        Ok(ForEach::Continue)
    })?;
    Ok(page)
}

/// `nil` or absent: none; else an Integer that fits `T`.
fn optional_integer<T: magnus::TryConvert>(value: Option<Value>) -> Result<Option<T>, Error> {
    value.filter(|value| !value.is_nil()).map(T::try_convert).transpose()
}

/// The token options of a token preset (and of `sign_token`): `expires_in:`
/// (seconds, >= 0), `key_id:` (a String) and `now:` (Unix seconds).
pub(crate) fn token_options(
    ruby: &Ruby,
    expires_in: Option<Value>,
    key_id: Option<Value>,
    now: Option<Value>,
) -> Result<TokenOptions, Error> {
    let mut options = TokenOptions::new();
    if let Some(seconds) = optional_integer::<u64>(expires_in)? {
        options = options.with_expires_in(seconds);
    }
    if let Some(key_id) = key_id.filter(|value| !value.is_nil()) {
        options = options.with_key_id(text_of(ruby, key_id, "key_id")?);
    }
    if let Some(now) = optional_integer::<i64>(now)? {
        options = options.with_now(now);
    }
    Ok(options)
}

/// `secret_encoding:` of a preset call: `nil` or absent is the preset's own.
fn preset_encoding(ruby: &Ruby, value: Option<Value>) -> Result<Option<SecretEncoding>, Error> {
    match value.filter(|value| !value.is_nil()) {
        None => Ok(None),
        some => secret_encoding(ruby, some).map(Some),
    }
}

/// The identity of `(widget, secret, user)`: the secret decoded by the
/// preset's encoding unless `secret_encoding:` says otherwise.
fn identity_of(
    ruby: &Ruby,
    widget: Value,
    secret: Value,
    user: Value,
    encoding: Option<Value>,
    options: TokenOptions,
) -> Result<Identity, Error> {
    let widget = widget_of(ruby, widget)?;
    let encoding = preset_encoding(ruby, encoding)?;
    let secret = secret_string(ruby, secret, "secret")?;
    let secret =
        with_bytes(secret, |bytes| widget.decode_secret(bytes, encoding)).map_err(|err| core_error(ruby, &err))?;
    let user = user_of(ruby, user)?;
    identity_hmac::identify_with(widget, &secret, &user, &options).map_err(|err| core_error(ruby, &err))
}

/// `IdentityHmac.identify(widget, secret, user, secret_encoding: nil,
/// expires_in: nil, key_id: nil, now: nil)`: the call's fields as a Hash of
/// Strings, in the call's order.
pub(crate) fn identify(ruby: &Ruby, args: &[Value]) -> Result<RHash, Error> {
    let args = scan_args::<(Value, Value, Value), (), (), (), RHash, ()>(args)?;
    let (widget, secret, user) = args.required;
    type Optional = (Option<Value>, Option<Value>, Option<Value>, Option<Value>);
    let kwargs =
        get_kwargs::<_, (), Optional, ()>(args.keywords, &[], &["secret_encoding", "expires_in", "key_id", "now"])?;
    let (encoding, expires_in, key_id, now) = kwargs.optional;
    let options = token_options(ruby, expires_in, key_id, now)?;
    let identity = identity_of(ruby, widget, secret, user, encoding, options)?;
    let fields = ruby.hash_new();
    for (name, value) in identity.fields() {
        fields.aset(ruby.str_new(name), ruby.str_new(value))?;
    }
    Ok(fields)
}

/// `IdentityHmac.identify_script(widget, secret, user, page: nil, nonce: nil,
/// secret_encoding: nil, expires_in: nil, key_id: nil, now: nil)`: the
/// identify call as JavaScript, or with a nonce the whole `<script>` element.
pub(crate) fn identify_script(ruby: &Ruby, args: &[Value]) -> Result<RString, Error> {
    let args = scan_args::<(Value, Value, Value), (), (), (), RHash, ()>(args)?;
    let (widget, secret, user) = args.required;
    type Optional = (Option<Value>, Option<Value>, Option<Value>, Option<Value>, Option<Value>, Option<Value>);
    let kwargs = get_kwargs::<_, (), Optional, ()>(
        args.keywords,
        &[],
        &["page", "nonce", "secret_encoding", "expires_in", "key_id", "now"],
    )?;
    let (page, nonce, encoding, expires_in, key_id, now) = kwargs.optional;
    let options = token_options(ruby, expires_in, key_id, now)?;
    let page = page_of(ruby, page)?;
    let nonce = match nonce.filter(|value| !value.is_nil()) {
        Some(nonce) => Some(nonce_text(ruby, nonce)?),
        None => None,
    };
    let identity = identity_of(ruby, widget, secret, user, encoding, options)?;
    let script = identity.script(&page, nonce.as_deref()).map_err(|err| core_error(ruby, &err))?;
    Ok(ruby.str_new(&script))
}

/// A nonce String; the core checks that it is base64.
fn nonce_text(ruby: &Ruby, nonce: Value) -> Result<String, Error> {
    let Some(string) = RString::from_value(nonce) else {
        return Err(type_error(ruby, "nonce", "a String", nonce));
    };
    let string = utf8_bytes_of(ruby, string)?;
    // Bytes that are not UTF-8 cannot be base64: the core's INVALID_NONCE.
    Ok(with_bytes(string, |bytes| String::from_utf8_lossy(bytes).into_owned()))
}

//! Widget presets: `identify`, `identifyScript` and the lists the entry
//! point and the tests read (`widgets`, the user fields, the error codes).
//! The table, the rendering and every check are the core's; this module
//! converts the `widget` name, the `user` and `page` objects and the
//! options, and builds the result object.

use napi::JsString;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::errors::{core_error, type_error};
use crate::input::{Arg, ArgName, FromArg, SecretInput, big_decimal, describe, utf8, wrong_type};
use crate::object;

/// A preset name, read by the core (`UNKNOWN_WIDGET` for any other string).
pub struct WidgetName(pub identity_hmac::Widget);

/// Its TypeScript name is the literal union `Widget` of `dts-header.d.ts`.
pub type Widget = Arg<WidgetName>;

impl FromArg for WidgetName {
    const NAME: &'static str = "widget";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        if !object::is_string(&value) {
            return Err(wrong_type(env, name, "a preset name such as 'chatwoot' (see widgets)", &value));
        }
        let bytes = utf8(env, &JsString::from_unknown(value)?)?;
        identity_hmac::Widget::from_name(&bytes).map(WidgetName).map_err(|error| core_error(env, &error))
    }
}

/// The logged-in user: a plain object whose keys are the core's
/// `User::FIELDS`. Any other own key is the core's `UNKNOWN_FIELD`.
pub struct UserValue(pub identity_hmac::User);

pub type User = Arg<UserValue>;

impl FromArg for UserValue {
    const NAME: &'static str = "user";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        let user_object = object::object(env, value, name, "an object such as { identifier, email, name }")?;
        let mut user = identity_hmac::User::new();
        for key in object::own_keys(env, &user_object)? {
            let Some(&field) = identity_hmac::User::FIELDS.iter().find(|&&field| field == key) else {
                return Err(core_error(env, &identity_hmac::Error::UnknownUserField));
            };
            let Some(value) = object::get(&user_object, field)? else {
                continue;
            };
            if field == "identifier" {
                user.identifier = Some(identifier(env, value)?);
            } else {
                let text = object::string(env, value, &format!("user.{field}"))?;
                user.set(field.as_bytes(), text).map_err(|error| core_error(env, &error))?;
            }
        }
        Ok(UserValue(user))
    }
}

/// `user.identifier`: a string, or an integer (a safe-integer number or a
/// bigint), which the core signs and renders as its decimal string.
fn identifier(env: &Env, value: Unknown<'_>) -> Result<identity_hmac::Identifier> {
    const EXPECTED: &str = "a string, safe-integer number or bigint";
    match value.get_type() {
        Ok(ValueType::String) => Ok(identity_hmac::Identifier::Text(object::string(env, value, "user.identifier")?)),
        Ok(ValueType::Number) => {
            let number = f64::from_unknown(value)?;
            if number.is_finite() && number.fract() == 0.0 && number.abs() <= 9_007_199_254_740_991.0 {
                // A safe integer fits in an i64 exactly; -0 is 0.
                Ok(identity_hmac::Identifier::Integer(i128::from(number as i64)))
            } else {
                Err(type_error(
                    env,
                    "user.identifier must be a safe integer when it is a number (Number.isSafeInteger); pass larger ones as a bigint or a string",
                ))
            }
        }
        Ok(ValueType::BigInt) => {
            let bigint = BigInt::from_unknown(value)?;
            Ok(match bigint_to_i128(&bigint) {
                Some(n) => identity_hmac::Identifier::Integer(n),
                // Beyond 128 bits: its decimal string, which is what the core
                // would sign and render for an integer.
                None => identity_hmac::Identifier::Text(big_decimal(&bigint)),
            })
        }
        _ => Err(type_error(env, &format!("user.identifier must be {EXPECTED}, got {}", describe(&value)))),
    }
}

fn bigint_to_i128(bigint: &BigInt) -> Option<i128> {
    let magnitude = match bigint.words.as_slice() {
        [] => 0u128,
        [low] => u128::from(*low),
        [low, high] => u128::from(*low) | (u128::from(*high) << 64),
        _ => return None,
    };
    if bigint.sign_bit {
        0i128.checked_sub_unsigned(magnitude)
    } else {
        i128::try_from(magnitude).ok()
    }
}

/// The options of `identify` (`IdentifyScriptOptions` adds `page` and `nonce`).
pub struct PresetOptions {
    encoding: Option<identity_hmac::SecretEncoding>,
    token: identity_hmac::TokenOptions,
    page: identity_hmac::PageValues,
    nonce: Option<String>,
}

/// `identify`'s options; `IdentifyScriptOptions` is read the same way, with `page` and `nonce`.
pub struct IdentifyOptionsTag(PresetOptions);
pub struct IdentifyScriptOptionsTag(PresetOptions);

pub type IdentifyOptions = Arg<IdentifyOptionsTag>;
pub type IdentifyScriptOptions = Arg<IdentifyScriptOptionsTag>;

fn preset_options(env: &Env, value: Unknown<'_>, name: ArgName, script: bool) -> Result<PresetOptions> {
    let expected = "an object such as { secretEncoding: 'hex' }";
    let mut options = no_options();
    let Some(given) = object::optional_object(env, value, name, expected)? else {
        return Ok(options);
    };
    options.encoding = object::secret_encoding(env, &given)?;
    options.token = object::token_options(env, &given)?;
    if script {
        if let Some(page) = object::get(&given, "page")? {
            let page = object::object(env, page, ArgName::plain("options.page"), "an object such as { app_id: '...' }")?;
            for key in object::own_keys(env, &page)? {
                if let Some(value) = object::get(&page, &key)? {
                    // The value is named by its page value (`app_id`), never shown.
                    let text = object::string(env, value, "each options.page value")?;
                    options.page.insert(key, text);
                }
            }
        }
        if let Some(nonce) = object::get(&given, "nonce")? {
            options.nonce = Some(object::string(env, nonce, "options.nonce")?);
        }
    }
    Ok(options)
}

impl FromArg for IdentifyOptionsTag {
    const NAME: &'static str = "options";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        preset_options(env, value, name, false).map(IdentifyOptionsTag)
    }
}

impl FromArg for IdentifyScriptOptionsTag {
    const NAME: &'static str = "options";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        preset_options(env, value, name, true).map(IdentifyScriptOptionsTag)
    }
}

/// The identity the core computes for the preset's call.
fn identity(
    env: &Env,
    widget: identity_hmac::Widget,
    secret: &SecretInput,
    user: &identity_hmac::User,
    options: &PresetOptions,
) -> Result<identity_hmac::Identity> {
    let secret = secret.decode(widget.resolve_encoding(options.encoding)).map_err(|error| core_error(env, &error))?;
    identity_hmac::identify_with(widget, &secret, user, &options.token).map_err(|error| core_error(env, &error))
}

fn no_options() -> PresetOptions {
    PresetOptions {
        encoding: None,
        token: identity_hmac::TokenOptions::new(),
        page: identity_hmac::PageValues::new(),
        nonce: None,
    }
}

/// The fields the widget's identify call takes, the hash (or a token
/// preset's token) included, named and ordered as the vendor's call has them.
///
/// The secret is decoded by the preset's own encoding (`'hex'` for Pylon,
/// `'text'` for the others) unless `secretEncoding` says otherwise. The
/// token presets (`'intercom-jwt'`, `'zendesk'`) sign with `expiresIn`,
/// `keyId` (Zendesk needs one) and `now`.
///
/// @throws {IdentityHmacError} `UNKNOWN_WIDGET`, `MISSING_FIELD` (with `field`), `UNKNOWN_FIELD`, a secret's code, `INVALID_CLAIMS`
/// @throws {TypeError} when an argument or a property has the wrong type
#[napi(ts_return_type = "IdentityFields")]
pub fn identify<'env>(
    env: &'env Env,
    widget: Widget,
    secret: SecretInput,
    user: User,
    options: Option<IdentifyOptions>,
) -> Result<Object<'env>> {
    let options = options.map(|options| options.0.0).unwrap_or_else(no_options);
    let identity = identity(env, widget.0.0, &secret, &user.0.0, &options)?;
    let mut fields = Object::new(env)?;
    for (name, value) in identity.fields() {
        fields.set_named_property(name, env.create_string(value)?)?;
    }
    Ok(fields)
}

/// The widget's identify call as JavaScript source, safe inside a
/// `<script>` element (every value JSON-encoded, with `<`, `>`, `&`, `'`,
/// U+2028 and U+2029 escaped); with `nonce`, the whole
/// `<script nonce="…">…</script>` element. `page` carries what the core
/// cannot know: `app_id` (Pylon, Intercom), `chatId` (Front), `appId` (Plain).
///
/// @throws {IdentityHmacError} as `identify`, and `UNKNOWN_FIELD` / `MISSING_FIELD` for page values, `INVALID_NONCE`
/// @throws {TypeError} when an argument or a property has the wrong type
#[napi]
pub fn identify_script<'env>(
    env: &'env Env,
    widget: Widget,
    secret: SecretInput,
    user: User,
    options: Option<IdentifyScriptOptions>,
) -> Result<JsString<'env>> {
    let options = options.map(|options| options.0.0).unwrap_or_else(no_options);
    let identity = identity(env, widget.0.0, &secret, &user.0.0, &options)?;
    let script = identity.script(&options.page, options.nonce.as_deref()).map_err(|error| core_error(env, &error))?;
    env.create_string(&script)
}

/// The core's preset names, in its order (`widgets` of the entry point).
#[napi(js_name = "__widgets", skip_typescript)]
pub fn widget_names() -> Vec<&'static str> {
    identity_hmac::Widget::ALL.iter().map(|widget| widget.as_str()).collect()
}

/// The core's user field names (the tests compare `User` of index.d.ts with them).
#[napi(js_name = "__userFields", skip_typescript)]
pub fn user_fields() -> Vec<&'static str> {
    identity_hmac::User::FIELDS.to_vec()
}

/// Every error code of the core (the tests compare `IdentityHmacErrorCode` with them).
#[napi(js_name = "__errorCodes", skip_typescript)]
pub fn error_codes() -> Vec<&'static str> {
    identity_hmac::ErrorCode::ALL.iter().map(|code| code.as_str()).collect()
}

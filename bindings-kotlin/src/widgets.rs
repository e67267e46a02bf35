//! Widget presets, `identify` and `identify_script` (the design contract's
//! §6), for the hand-written `Widget`, `identify` and `identifyScript` of
//! src/main/kotlin/.../Widgets.kt. The preset table, the field rules and the
//! rendering are the core's; this only converts the host's values.

use identity_hmac::{Identifier, PageValues, Secret, TokenOptions, User, Widget};

use crate::{IdentityHmacError, Result, SecretEncoding, SecretString};

/// A value of the host's user map: text, or an integer identifier given as
/// its decimal digits (a JVM `Long` or `BigInteger`), which the core signs
/// and renders as that decimal string.
#[derive(Debug, Clone, uniffi::Enum)]
pub enum UserValue {
    Text { value: String },
    Integer { decimal: String },
}

/// One entry of the host's user map, named as `User::FIELDS` names it.
#[derive(Debug, Clone, uniffi::Record)]
pub struct UserEntry {
    pub name: String,
    pub value: UserValue,
}

/// A name and its value: one field of an identity, or one page value.
#[derive(Debug, Clone, uniffi::Record)]
pub struct NamedValue {
    pub name: String,
    pub value: String,
}

/// A preset's row of the core's table.
#[derive(Debug, Clone, uniffi::Record)]
pub struct WidgetInfo {
    /// `hash` or `token`.
    pub scheme: String,
    /// The vendor secret's encoding.
    pub secret_encoding: SecretEncoding,
    /// `identifier`, `email` or `identifier_or_email`.
    pub signed_value: String,
    /// The field of the identify call that carries the hash (or token).
    pub hash_field: String,
    /// The page values `identifyScript` needs (`app_id`, `chatId`, `appId`).
    pub page_values: Vec<String>,
    /// The claims a token preset's vendor requires.
    pub required_claims: Vec<String>,
    /// Whether the preset's tokens carry a key id (Zendesk).
    pub needs_key_id: bool,
}

/// The token options of a token preset (`intercom-jwt`, `zendesk`); hash presets ignore them.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct WidgetTokenOptions {
    pub expires_in: Option<u64>,
    pub key_id: Option<String>,
    pub now: Option<i64>,
}

fn widget(name: &str) -> Result<Widget> {
    Ok(Widget::from_name(name.as_bytes())?)
}

/// The name of every preset, in the core's order (`Widget::ALL`).
#[uniffi::export]
pub fn widget_names() -> Vec<String> {
    Widget::ALL.iter().map(|widget| widget.as_str().to_owned()).collect()
}

/// The names of a user's fields (`User::FIELDS`).
#[uniffi::export]
pub fn user_field_names() -> Vec<String> {
    User::FIELDS.iter().map(|&name| name.to_owned()).collect()
}

/// The core's row for the preset `name` (`UNKNOWN_WIDGET` for any other name).
#[uniffi::export]
pub fn widget_info(name: String) -> Result<WidgetInfo> {
    let widget = widget(&name)?;
    Ok(WidgetInfo {
        scheme: widget.scheme().as_str().to_owned(),
        secret_encoding: match widget.secret_encoding() {
            identity_hmac::SecretEncoding::Hex => SecretEncoding::Hex,
            _ => SecretEncoding::Text,
        },
        signed_value: widget.signed_value().as_str().to_owned(),
        hash_field: widget.hash_field().to_owned(),
        page_values: widget.page_values().iter().map(|&name| name.to_owned()).collect(),
        required_claims: widget.required_claims().iter().map(|&name| name.to_owned()).collect(),
        needs_key_id: widget.needs_key_id(),
    })
}

/// The user the core reads from the host's map; an unknown name is `UNKNOWN_FIELD`.
fn user(entries: Vec<UserEntry>) -> Result<User> {
    let mut user = User::new();
    for entry in entries {
        match entry.value {
            UserValue::Text { value } => user.set(entry.name.as_bytes(), value)?,
            UserValue::Integer { decimal } => {
                // Checks the name as for text (UNKNOWN_FIELD), then keeps the integer.
                user.set(entry.name.as_bytes(), decimal.clone())?;
                if entry.name == "identifier" {
                    // The host sends only decimal digits within the 128-bit range; text otherwise signs the same bytes.
                    user.identifier = Some(match decimal.parse::<i128>() {
                        Ok(n) => Identifier::Integer(n),
                        Err(_) => Identifier::Text(decimal),
                    });
                }
            }
        }
    }
    Ok(user)
}

fn options(options: WidgetTokenOptions) -> TokenOptions {
    let mut token_options = TokenOptions::new();
    token_options.expires_in = options.expires_in;
    token_options.key_id = options.key_id;
    token_options.now = options.now;
    token_options
}

fn decode(widget: Widget, secret: &SecretString, secret_encoding: Option<SecretEncoding>) -> Result<Secret> {
    Ok(Secret::decode_utf16(&secret.0, widget.resolve_encoding(secret_encoding.map(Into::into)))?)
}

/// The fields of the preset's identify call, the hash (or token) included,
/// in the call's order. `secretEncoding` null means the preset's own.
#[uniffi::export]
pub fn native_identify(
    widget: String,
    secret: SecretString,
    user: Vec<UserEntry>,
    secret_encoding: Option<SecretEncoding>,
    token_options: WidgetTokenOptions,
) -> Result<Vec<NamedValue>> {
    let widget = self::widget(&widget)?;
    let secret = decode(widget, &secret, secret_encoding)?;
    let identity = identity_hmac::identify_with(widget, &secret, &self::user(user)?, &options(token_options))?;
    Ok(identity
        .fields()
        .iter()
        .map(|(name, value)| NamedValue { name: (*name).to_owned(), value: value.clone() })
        .collect())
}

/// The preset's identify call as JavaScript source, or with a CSP `nonce` the
/// whole `<script nonce="…">` element (the core's `identify_script`).
#[uniffi::export]
pub fn native_identify_script(
    widget: String,
    secret: SecretString,
    user: Vec<UserEntry>,
    page: Vec<NamedValue>,
    nonce: Option<String>,
    secret_encoding: Option<SecretEncoding>,
    token_options: WidgetTokenOptions,
) -> Result<String> {
    let widget = self::widget(&widget)?;
    let secret = decode(widget, &secret, secret_encoding)?;
    let identity = identity_hmac::identify_with(widget, &secret, &self::user(user)?, &options(token_options))?;
    let page: PageValues = page.into_iter().map(|entry| (entry.name, entry.value)).collect();
    identity.script(&page, nonce.as_deref()).map_err(IdentityHmacError::from)
}

//! Widget presets: which value each chat widget signs, with which key
//! encoding, where the hash goes, and the identify call the page makes
//! (the design contract's §6).
//!
//! Every row was checked against the vendor's own documentation (read
//! 2026-12-02) before it was coded:
//!
//! | preset | signs | key | hash field | identify call | vendor page |
//! |---|---|---|---|---|---|
//! | `chatwoot` | identifier (integers as decimal) | text | `identifier_hash` | `window.$chatwoot.setUser(identifier, {email, name, avatar_url, phone_number, identifier_hash})` after `chatwoot:ready` | chatwoot.com/docs/product/channels/live-chat/sdk/identity-validation and .../sdk/setup |
//! | `pylon` | email | hex | `email_hash` | `window.pylon = {chat_settings: {app_id, email, name, avatar_url, email_hash}}` | docs.usepylon.com, chat-widget/identity-verification and chat-widget/chat-setup |
//! | `intercom` | identifier as `user_id`, else email | text | `user_hash` | `window.intercomSettings = {app_id, user_id, email, name, user_hash}` | intercom.com/help/en/articles/183 ("the User ID will take preference") |
//! | `helpscout` | email | text | `signature` | `window.Beacon('identify', {name, email, signature})` | developer.helpscout.com/beacon-2/web/secure-mode |
//! | `front` | email | text | `userHash` | `window.FrontChat('init', {chatId, useDefaultLauncher: true, email, name, userHash})` | dev.frontapp.com/docs/identify-users and /chat-sdk-reference |
//! | `plain` | email | text | `emailHash` | `Plain.init({appId, customerDetails: {email, emailHash, fullName, chatAvatarUrl}})` | plain.com/docs/chat/authentication |
//! | `chatbase` | identifier as `user_id` | text | `user_hash` | `window.chatbase('identify', {user_id, user_hash, user_metadata: {name, email}})` | chatbase.co/docs/developer-guides/identity-verification |
//! | `gleap` | identifier as a string | text | `userHash` (3rd argument) | `Gleap.identify(userId, {name, email}, userHash)` | docs.gleap.io/guides/enforce-identity-verification |
//!
//! The token presets sign an HS256 JWT (see [`crate::sign_token`]) instead
//! of a hash, checked the same way (read 2026-12-02):
//!
//! | preset | header | claims | key | token field | identify call | vendor page |
//! |---|---|---|---|---|---|---|
//! | `intercom-jwt` | `alg`, `typ` | `user_id` (required, a string: the identifier), `email`, `name`, `iat`, `exp` with `expires_in` | text | `intercom_user_jwt` | `window.intercomSettings = {app_id, intercom_user_jwt}` | developers.intercom.com/installing-intercom/web/identity-verification; intercom.com/help/en/articles/10589769 ("user_id is required; tokens without it are rejected") |
//! | `zendesk` | `alg`, `typ`, `kid` (required: the signing key's id) | `external_id` (required: the identifier), `scope: "user"`, `name`, `email`, `iat`, `exp` | text | `jwt` (the `loginUser` callback's argument) | `zE('messenger', 'loginUser', function (callback) { callback(jwt); })` | developer.zendesk.com/api-reference/widget-messaging/web/authentication and .../sdks/web/enabling_auth_visitors |
//!
//! Left out: Crisp (its page does not show the algorithm or key); Drift
//! (its page confirms the `sub` claim and the `userJwt` name, but not the
//! call that passes the token, so no script could be rendered as documented);
//! Kustomer, Canny, Frill and Featurebase (not checked yet). Intercom's
//! signed claims stay out of `intercomSettings`, as intercom-rails does for
//! signed fields. Front signs a user id instead when one is passed; this
//! preset never passes one, so it signs the email as Front's page requires.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::error::Error;
use crate::secret::{Secret, SecretEncoding};
use crate::signer::Signer;
use crate::token::{Claims, TokenOptions, sign_token_claims};

/// How a widget verifies who is logged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scheme {
    /// `lowercase_hex(HMAC-SHA256(secret, value))` in a field of the call.
    Hash,
    /// An HS256 JWT of the user's claims in a field of the call.
    Token,
}

impl Scheme {
    /// `"hash"` or `"token"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Hash => "hash",
            Scheme::Token => "token",
        }
    }
}

/// Which value of the user a preset signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignedValue {
    /// The identifier (an integer as its decimal string).
    Identifier,
    /// The email, byte for byte.
    Email,
    /// The identifier if the user has one, else the email (Intercom).
    IdentifierOrEmail,
}

impl SignedValue {
    /// `"identifier"`, `"email"` or `"identifier_or_email"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignedValue::Identifier => "identifier",
            SignedValue::Email => "email",
            SignedValue::IdentifierOrEmail => "identifier_or_email",
        }
    }
}

/// A chat widget whose identity verification the core knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Widget {
    /// Chatwoot's website widget.
    Chatwoot,
    /// Pylon's chat widget (hex identity secret).
    Pylon,
    /// Intercom Messenger with (legacy, HMAC) identity verification.
    Intercom,
    /// Help Scout Beacon in secure mode.
    HelpScout,
    /// Front Chat.
    Front,
    /// Plain's chat.
    Plain,
    /// Chatbase's identity verification by user hash.
    Chatbase,
    /// Gleap.
    Gleap,
    /// Intercom Messenger security: an HS256 JWT in `intercom_user_jwt`.
    IntercomJwt,
    /// Zendesk messaging: an HS256 JWT with the key id in its header,
    /// handed to `loginUser`.
    Zendesk,
}

impl Widget {
    /// Every preset, in a fixed order.
    pub const ALL: &'static [Widget] = &[
        Widget::Chatwoot,
        Widget::Pylon,
        Widget::Intercom,
        Widget::HelpScout,
        Widget::Front,
        Widget::Plain,
        Widget::Chatbase,
        Widget::Gleap,
        Widget::IntercomJwt,
        Widget::Zendesk,
    ];

    /// The preset's name: `"chatwoot"`, `"pylon"`, `"intercom"`,
    /// `"helpscout"`, `"front"`, `"plain"`, `"chatbase"`, `"gleap"`,
    /// `"intercom-jwt"`, `"zendesk"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Widget::Chatwoot => "chatwoot",
            Widget::Pylon => "pylon",
            Widget::Intercom => "intercom",
            Widget::HelpScout => "helpscout",
            Widget::Front => "front",
            Widget::Plain => "plain",
            Widget::Chatbase => "chatbase",
            Widget::Gleap => "gleap",
            Widget::IntercomJwt => "intercom-jwt",
            Widget::Zendesk => "zendesk",
        }
    }

    /// Exactly one of the names of [`Widget::as_str`]; anything else (other
    /// case, white space, a NUL and more bytes after it) is `UNKNOWN_WIDGET`.
    /// Ruby symbols and C strings are read here, as their whole bytes.
    pub fn from_name(name: &[u8]) -> Result<Self, Error> {
        Self::ALL.iter().copied().find(|widget| widget.as_str().as_bytes() == name).ok_or(Error::UnknownWidget)
    }

    /// How the widget verifies identity.
    pub fn scheme(self) -> Scheme {
        match self {
            Widget::IntercomJwt | Widget::Zendesk => Scheme::Token,
            _ => Scheme::Hash,
        }
    }

    /// How the vendor's secret becomes key bytes: `hex` for Pylon, `text`
    /// for the others.
    pub fn secret_encoding(self) -> SecretEncoding {
        match self {
            Widget::Pylon => SecretEncoding::Hex,
            _ => SecretEncoding::Text,
        }
    }

    /// Which value of the user is signed.
    pub fn signed_value(self) -> SignedValue {
        match self {
            Widget::Chatwoot | Widget::Chatbase | Widget::Gleap | Widget::IntercomJwt | Widget::Zendesk => {
                SignedValue::Identifier
            }
            Widget::Pylon | Widget::HelpScout | Widget::Front | Widget::Plain => SignedValue::Email,
            Widget::Intercom => SignedValue::IdentifierOrEmail,
        }
    }

    /// The field of the identify call that carries the hash (or, for a
    /// token preset, the token).
    pub fn hash_field(self) -> &'static str {
        match self {
            Widget::Chatwoot => "identifier_hash",
            Widget::Pylon => "email_hash",
            Widget::Intercom | Widget::Chatbase => "user_hash",
            Widget::HelpScout => "signature",
            Widget::Front => "userHash",
            Widget::Plain => "emailHash",
            Widget::Gleap => "userHash",
            Widget::IntercomJwt => "intercom_user_jwt",
            Widget::Zendesk => "jwt",
        }
    }

    /// The values the page must pass to [`identify_script`], which the core
    /// cannot know (the vendor's app or chat id), named as the call names them.
    pub fn page_values(self) -> &'static [&'static str] {
        match self {
            Widget::Pylon | Widget::Intercom | Widget::IntercomJwt => &["app_id"],
            Widget::Front => &["chatId"],
            Widget::Plain => &["appId"],
            Widget::Chatwoot | Widget::HelpScout | Widget::Chatbase | Widget::Gleap | Widget::Zendesk => &[],
        }
    }

    /// The claims a token preset's vendor requires (`user_id` for Intercom,
    /// `external_id` and `scope` for Zendesk); none for hash presets. A
    /// vendor-side [`crate::TokenVerifierBuilder`] takes them as required claims.
    pub fn required_claims(self) -> &'static [&'static str] {
        match self {
            Widget::IntercomJwt => &["user_id"],
            Widget::Zendesk => &["external_id", "scope"],
            _ => &[],
        }
    }

    /// Whether the preset's tokens carry the key id in their header (Zendesk).
    pub fn needs_key_id(self) -> bool {
        self == Widget::Zendesk
    }

    /// Checks claims (and the key id) against what a token preset's vendor
    /// requires: `MISSING_CLAIM` for an absent required claim, `INVALID_CLAIMS`
    /// for Intercom's `user_id` or Zendesk's `external_id` that is not a
    /// non-empty string or a `scope` other than `"user"`, `MISSING_FIELD`
    /// (`key_id`) for a Zendesk token without a key id. Hash presets take anything.
    pub fn check_claims(self, claims: &Claims, key_id: Option<&str>) -> Result<(), Error> {
        for &name in self.required_claims() {
            let value = claims.get(name).ok_or_else(|| Error::MissingClaim { claim: name.to_owned() })?;
            let valid = match name {
                "scope" => value == "user",
                _ => value.as_str().is_some_and(|text| !text.is_empty()),
            };
            if !valid {
                let reason = if name == "scope" { "not \"user\"" } else { "not a non-empty string" };
                return Err(Error::InvalidClaims { claim: Some(name), reason });
            }
        }
        if self.needs_key_id() {
            required(self, "key_id", key_id)?;
        }
        Ok(())
    }

    /// The secret encoding to use: `explicit` if given, else the preset's.
    pub fn resolve_encoding(self, explicit: Option<SecretEncoding>) -> SecretEncoding {
        explicit.unwrap_or(self.secret_encoding())
    }

    /// Decodes a vendor secret given as bytes, by `explicit` or else by the
    /// preset's own encoding.
    pub fn decode_secret(self, secret: &[u8], explicit: Option<SecretEncoding>) -> Result<Secret, Error> {
        Secret::decode_bytes(secret, self.resolve_encoding(explicit))
    }
}

impl fmt::Display for Widget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Widget {
    type Err = Error;

    /// Exactly a preset's name; anything else is `UNKNOWN_WIDGET`.
    fn from_str(name: &str) -> Result<Self, Error> {
        Self::from_name(name.as_bytes())
    }
}

/// A user's identifier: text, or an integer that is signed (and rendered)
/// as its decimal string, as Chatwoot's `.to_s` and Gleap's `String(id)` do.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identifier {
    /// Text, signed as its UTF-8 bytes.
    Text(String),
    /// An integer, signed as its decimal string (`42` signs `"42"`).
    Integer(i128),
}

impl Identifier {
    /// The text that is signed and rendered.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Identifier::Text(text) => Cow::Borrowed(text),
            Identifier::Integer(n) => Cow::Owned(n.to_string()),
        }
    }
}

impl From<&str> for Identifier {
    fn from(text: &str) -> Self {
        Identifier::Text(text.to_owned())
    }
}

impl From<String> for Identifier {
    fn from(text: String) -> Self {
        Identifier::Text(text)
    }
}

macro_rules! identifier_from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for Identifier {
            fn from(n: $t) -> Self {
                Identifier::Integer(i128::from(n))
            }
        }
    )*};
}
identifier_from_integer!(i8, i16, i32, i64, i128, u8, u16, u32, u64);

/// The user fields' names, for messages.
pub(crate) const USER_FIELD_LIST: &str = "identifier, email, name, avatar_url, phone_number";

/// The logged-in user, as the identify calls take them. A preset uses the
/// fields its call takes and ignores the others (Pylon has no identifier).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct User {
    /// Your id of the user: Chatwoot's identifier, Intercom's and Chatbase's
    /// `user_id`, Gleap's `userId`.
    pub identifier: Option<Identifier>,
    /// The email address, byte for byte (no trimming or lowercasing).
    pub email: Option<String>,
    /// The display name (Plain's `fullName`).
    pub name: Option<String>,
    /// An avatar image URL (Chatwoot, Pylon, Plain's `chatAvatarUrl`).
    pub avatar_url: Option<String>,
    /// A phone number (Chatwoot).
    pub phone_number: Option<String>,
}

impl User {
    /// The names of the fields, as bindings accept them in a host map.
    pub const FIELDS: &'static [&'static str] = &["identifier", "email", "name", "avatar_url", "phone_number"];

    /// A user with no fields set.
    pub fn new() -> Self {
        User::default()
    }

    /// Sets the identifier (text or an integer).
    pub fn with_identifier(mut self, identifier: impl Into<Identifier>) -> Self {
        self.identifier = Some(identifier.into());
        self
    }

    /// Sets the email.
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Sets the display name.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the avatar URL.
    pub fn with_avatar_url(mut self, avatar_url: impl Into<String>) -> Self {
        self.avatar_url = Some(avatar_url.into());
        self
    }

    /// Sets the phone number.
    pub fn with_phone_number(mut self, phone_number: impl Into<String>) -> Self {
        self.phone_number = Some(phone_number.into());
        self
    }

    /// Sets the text field named `field` (one of [`User::FIELDS`]), for
    /// bindings that read a host map; an `identifier` set here is text.
    /// Any other name is `UNKNOWN_FIELD`.
    pub fn set(&mut self, field: &[u8], value: impl Into<String>) -> Result<(), Error> {
        let slot = match field {
            b"identifier" => {
                self.identifier = Some(Identifier::Text(value.into()));
                return Ok(());
            }
            b"email" => &mut self.email,
            b"name" => &mut self.name,
            b"avatar_url" => &mut self.avatar_url,
            b"phone_number" => &mut self.phone_number,
            _ => return Err(Error::UnknownUserField),
        };
        *slot = Some(value.into());
        Ok(())
    }
}

/// Values the page passes to the identify call that the core cannot know:
/// `app_id` (Pylon, Intercom), `chatId` (Front), `appId` (Plain). Setting a
/// name twice keeps the last value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageValues {
    values: Vec<(String, String)>,
}

impl PageValues {
    /// No page values.
    pub fn new() -> Self {
        PageValues::default()
    }

    /// These values, with `name` set to `value`.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(name, value);
        self
    }

    /// Sets `name` to `value`, replacing an earlier value.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        match self.values.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name, value)),
        }
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Whether no value is set.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for PageValues {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        let mut values = PageValues::new();
        for (name, value) in iter {
            values.insert(name, value);
        }
        values
    }
}

/// The fields a widget's identify call takes, the hash included, in the
/// order the call lists them: what [`identify`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    widget: Widget,
    fields: Vec<(&'static str, String)>,
}

impl Identity {
    /// The preset.
    pub fn widget(&self) -> Widget {
        self.widget
    }

    /// `(field, value)` pairs named as the vendor's call names them
    /// (`identifier`, `user_id`, `userId`, `email`, `fullName`, ...), in the
    /// call's order, the hash field included. Absent optional fields are left out.
    pub fn fields(&self) -> &[(&'static str, String)] {
        &self.fields
    }

    /// The value of `field`, if the identity has it.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields.iter().find(|(name, _)| *name == field).map(|(_, value)| value.as_str())
    }

    /// The fields as one compact JSON object, in the call's order (for
    /// hosts that take JSON text, such as the C ABI and the CLI's `--json`).
    pub fn to_json(&self) -> String {
        let members: Vec<String> = self
            .fields
            .iter()
            .map(|(name, value)| {
                format!("{}:{}", serde_json::Value::from(*name), serde_json::Value::from(value.as_str()))
            })
            .collect();
        format!("{{{}}}", members.join(","))
    }

    /// The identity hash (lowercase hex), or a token preset's token.
    pub fn hash(&self) -> &str {
        self.get(self.widget.hash_field()).unwrap_or_default()
    }

    /// A token preset's token (`None` for hash presets).
    pub fn token(&self) -> Option<&str> {
        (self.widget.scheme() == Scheme::Token).then(|| self.hash())
    }

    /// The identify call as JavaScript source, or with a CSP `nonce` the
    /// whole `<script nonce="…">…</script>` element. See [`identify_script`].
    pub fn script(&self, page: &PageValues, nonce: Option<&str>) -> Result<String, Error> {
        crate::script::render(self, page, nonce)
    }
}

/// A required text field: `MISSING_FIELD` when absent or empty.
fn required<'a>(widget: Widget, field: &'static str, value: Option<&'a str>) -> Result<&'a str, Error> {
    match value {
        None => Err(Error::MissingField { widget, field, empty: false }),
        Some("") => Err(Error::MissingField { widget, field, empty: true }),
        Some(value) => Ok(value),
    }
}

/// The fields the widget's identify call needs, the hash included.
///
/// `secret` must already be decoded by the preset's encoding (see
/// [`Widget::decode_secret`]). The signed value must be present and not
/// empty, or the error is `MISSING_FIELD` naming it (`identifier` or
/// `email`); for Intercom, with neither, it names `email`. A token preset
/// signs with the default [`TokenOptions`]: use [`identify_with`] for its
/// expiry and key id (Zendesk needs one).
pub fn identify(widget: Widget, secret: &Secret, user: &User) -> Result<Identity, Error> {
    identify_with(widget, secret, user, &TokenOptions::default())
}

/// [`identify`], with the options a token preset signs with (`expires_in`,
/// `key_id`, `now`); hash presets do not use them.
///
/// `intercom-jwt` signs `user_id` (the identifier, as a string), `email` and
/// `name`; `zendesk` signs `external_id` (the identifier), `scope: "user"`,
/// `name` and `email`, with the key id as `kid` (`MISSING_FIELD` `key_id`
/// without one). Both need the identifier (`MISSING_FIELD`). The identity
/// holds the one field the call takes: `intercom_user_jwt` or `jwt`.
pub fn identify_with(widget: Widget, secret: &Secret, user: &User, options: &TokenOptions) -> Result<Identity, Error> {
    if widget.scheme() == Scheme::Token {
        return identify_token(widget, secret, user, options);
    }
    let identifier = user.identifier.as_ref().map(Identifier::as_text);
    let identifier = identifier.as_deref();
    let email = user.email.as_deref();
    let signed = match widget.signed_value() {
        SignedValue::Identifier => required(widget, "identifier", identifier)?,
        SignedValue::Email => required(widget, "email", email)?,
        SignedValue::IdentifierOrEmail => match identifier {
            Some(id) => required(widget, "identifier", Some(id))?,
            None => required(widget, "email", email)?,
        },
    };
    let hash = Signer::new(secret).sign_hex(signed);
    let optional = |name: &'static str, value: Option<&str>| value.map(|v| (name, v.to_owned()));
    let (name, avatar_url, phone_number) =
        (user.name.as_deref(), user.avatar_url.as_deref(), user.phone_number.as_deref());
    let hash_field = Some((widget.hash_field(), hash));
    let fields: Vec<Option<(&'static str, String)>> = match widget {
        Widget::Chatwoot => vec![
            optional("identifier", identifier),
            optional("email", email),
            optional("name", name),
            optional("avatar_url", avatar_url),
            optional("phone_number", phone_number),
            hash_field,
        ],
        Widget::Pylon => {
            vec![optional("email", email), optional("name", name), optional("avatar_url", avatar_url), hash_field]
        }
        Widget::Intercom => {
            vec![optional("user_id", identifier), optional("email", email), optional("name", name), hash_field]
        }
        Widget::HelpScout => vec![optional("name", name), optional("email", email), hash_field],
        Widget::Front => vec![optional("email", email), optional("name", name), hash_field],
        Widget::Plain => vec![
            optional("email", email),
            hash_field,
            optional("fullName", name),
            optional("chatAvatarUrl", avatar_url),
        ],
        Widget::Chatbase => {
            vec![optional("user_id", identifier), hash_field, optional("name", name), optional("email", email)]
        }
        Widget::Gleap => {
            vec![optional("userId", identifier), optional("name", name), optional("email", email), hash_field]
        }
        Widget::IntercomJwt | Widget::Zendesk => vec![],
    };
    Ok(Identity { widget, fields: fields.into_iter().flatten().collect() })
}

/// The token of a token preset, as the one field of its identity.
fn identify_token(widget: Widget, secret: &Secret, user: &User, options: &TokenOptions) -> Result<Identity, Error> {
    let identifier = user.identifier.as_ref().map(Identifier::as_text);
    let identifier = required(widget, "identifier", identifier.as_deref())?;
    let mut claims = Claims::new();
    let mut put = |name: &str, value: Option<&str>| {
        if let Some(value) = value {
            claims.insert(name.to_owned(), Value::from(value));
        }
    };
    match widget {
        Widget::Zendesk => {
            put("external_id", Some(identifier));
            put("scope", Some("user"));
        }
        _ => put("user_id", Some(identifier)),
    }
    put("email", user.email.as_deref());
    put("name", user.name.as_deref());
    widget.check_claims(&claims, options.key_id.as_deref())?;
    let token = sign_token_claims(secret, claims, options)?;
    Ok(Identity { widget, fields: vec![(widget.hash_field(), token)] })
}

/// The widget's identify call as JavaScript source, safe inside a
/// `<script>` element; with a CSP `nonce`, the whole
/// `<script nonce="…">…</script>` element.
///
/// Every value is JSON-encoded, then `<`, `>`, `&`, `'`, U+2028 and U+2029
/// are escaped as `\uXXXX`, so no value can end the script, open an HTML
/// comment or break out of its string. Integers are rendered as their
/// decimal string, the value that was signed. The same input always gives
/// the same bytes.
///
/// Errors, in this order: `MISSING_FIELD` for the user (as [`identify`]),
/// `UNKNOWN_FIELD` for a page value the call does not take, `MISSING_FIELD`
/// for a page value it needs (see [`Widget::page_values`]), `INVALID_NONCE`
/// for a nonce that is empty or not base64.
///
/// ```
/// use identity_hmac::{PageValues, User, Widget, identify_script};
///
/// let widget: Widget = "pylon".parse()?;
/// let secret = widget.decode_secret(b"00112233445566778899aabbccddeeff", None)?; // hex, Pylon's encoding
/// let user = User::new().with_email("alice@example.com").with_name("</script>");
/// let page = PageValues::new().with("app_id", "your-pylon-app-id");
/// let tag = identify_script(widget, &secret, &user, &page, Some("r4nd0m"))?;
/// assert!(tag.starts_with("<script nonce=\"r4nd0m\">\nwindow.pylon = {"));
/// assert!(tag.contains(r#"name: "\u003c/script\u003e""#));
/// # Ok::<(), identity_hmac::Error>(())
/// ```
pub fn identify_script(
    widget: Widget,
    secret: &Secret,
    user: &User,
    page: &PageValues,
    nonce: Option<&str>,
) -> Result<String, Error> {
    identify(widget, secret, user)?.script(page, nonce)
}

impl PageValues {
    /// Checks these values against what `widget`'s call takes.
    pub(crate) fn check(&self, widget: Widget) -> Result<(), Error> {
        let takes = widget.page_values();
        if self.values.iter().any(|(name, _)| !takes.contains(&name.as_str())) {
            return Err(Error::UnknownPageValue { widget });
        }
        for &name in takes {
            required(widget, name, self.get(name))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_only_exact_names_parse() {
        for &widget in Widget::ALL {
            assert_eq!(Widget::from_name(widget.as_str().as_bytes()), Ok(widget));
            assert_eq!(widget.to_string().parse::<Widget>(), Ok(widget));
        }
        for bad in [&b"Chatwoot"[..], b"chatwoot ", b"chatwoot\0x", b"", b"crisp", b"help_scout"] {
            assert_eq!(Widget::from_name(bad), Err(Error::UnknownWidget), "{bad:?}");
        }
        assert_eq!(Error::UnknownWidget.code(), "UNKNOWN_WIDGET");
    }

    #[test]
    fn the_table_holds_the_confirmed_rows() {
        let rows: Vec<_> = Widget::ALL
            .iter()
            .map(|w| (w.as_str(), w.secret_encoding().as_str(), w.signed_value().as_str(), w.hash_field()))
            .collect();
        assert_eq!(
            rows,
            [
                ("chatwoot", "text", "identifier", "identifier_hash"),
                ("pylon", "hex", "email", "email_hash"),
                ("intercom", "text", "identifier_or_email", "user_hash"),
                ("helpscout", "text", "email", "signature"),
                ("front", "text", "email", "userHash"),
                ("plain", "text", "email", "emailHash"),
                ("chatbase", "text", "identifier", "user_hash"),
                ("gleap", "text", "identifier", "userHash"),
                ("intercom-jwt", "text", "identifier", "intercom_user_jwt"),
                ("zendesk", "text", "identifier", "jwt"),
            ]
        );
        let tokens: Vec<_> = Widget::ALL.iter().filter(|w| w.scheme() == Scheme::Token).map(|w| w.as_str()).collect();
        assert_eq!(tokens, ["intercom-jwt", "zendesk"]);
    }

    #[test]
    fn user_fields_are_set_by_name() {
        let mut user = User::new();
        for &field in User::FIELDS {
            user.set(field.as_bytes(), field).unwrap();
        }
        assert_eq!(user.identifier, Some(Identifier::Text("identifier".into())));
        assert_eq!(user.phone_number.as_deref(), Some("phone_number"));
        assert_eq!(user.set(b"e-mail", "x"), Err(Error::UnknownUserField));
        assert_eq!(Error::UnknownUserField.code(), "UNKNOWN_FIELD");
        assert_eq!(USER_FIELD_LIST, User::FIELDS.join(", "));
    }

    #[test]
    fn page_values_keep_the_last_value_of_a_name() {
        let page: PageValues = [("app_id", "a"), ("app_id", "b")].into_iter().collect();
        assert_eq!(page.get("app_id"), Some("b"));
        assert_eq!(page.check(Widget::Pylon), Ok(()));
        assert_eq!(page.check(Widget::Front), Err(Error::UnknownPageValue { widget: Widget::Front }));
        assert_eq!(
            PageValues::new().check(Widget::Front),
            Err(Error::MissingField { widget: Widget::Front, field: "chatId", empty: false })
        );
    }
}

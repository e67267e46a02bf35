//! Widget presets: `IdentityHmac.widgets/0`, `identify/4` and
//! `identify_script/4`. Only conversions: the presets, the fields, the
//! rendering and every check are the core's.

use identity_hmac::{Identity, PageValues, SecretEncoding, TokenOptions, User, Widget};
use rustler::{Encoder, Env, ListIterator, Term};

use super::{atom, badarg, bytes_of, error_tuple, nil, ok_tuple};

/// The Elixir atom of a preset: the core's name with `-` written `_`
/// (`intercom-jwt` is `:intercom_jwt`).
fn elixir_name(widget: Widget) -> String {
    widget.as_str().replace('-', "_")
}

/// Every preset of the core, in the core's order.
#[rustler::nif]
fn widgets(env: Env<'_>) -> Vec<Term<'_>> {
    Widget::ALL.iter().map(|&widget| atom(env, &elixir_name(widget))).collect()
}

/// The user fields the core takes.
#[rustler::nif]
fn user_fields() -> Vec<&'static str> {
    User::FIELDS.to_vec()
}

/// A preset atom's name, read by the core: with every `_` written `-` it
/// must be one of the core's names. A name that already holds a `-` is not
/// an Elixir preset name, so each preset has exactly one atom.
fn widget_of(name: &[u8]) -> Result<Widget, identity_hmac::Error> {
    if name.contains(&b'-') {
        return Err(identity_hmac::Error::UnknownWidget);
    }
    let core_name: Vec<u8> = name.iter().map(|&b| if b == b'_' { b'-' } else { b }).collect();
    Widget::from_name(&core_name)
}

/// `nil`, or a binary that must be UTF-8 text.
fn optional_text(term: Term<'_>) -> Option<Option<String>> {
    if term == nil().encode(term.get_env()) {
        return Some(None);
    }
    let bytes = bytes_of(term)?;
    String::from_utf8(bytes.to_vec()).ok().map(Some)
}

/// `{name, value}` pairs of UTF-8 binaries (the Elixir side has put every key
/// and value in that form).
fn text_pairs(term: Term<'_>) -> Option<Vec<(Vec<u8>, String)>> {
    let iter: ListIterator = term.decode().ok()?;
    iter.map(|pair| {
        let (name, value): (Term, Term) = pair.decode().ok()?;
        Some((bytes_of(name)?.to_vec(), String::from_utf8(bytes_of(value)?.to_vec()).ok()?))
    })
    .collect()
}

/// `{expires_in, key_id, now}`, each `nil` or a value.
pub(crate) fn token_options(term: Term<'_>) -> Option<TokenOptions> {
    let (expires_in, key_id, now): (Term, Term, Term) = term.decode().ok()?;
    let env = term.get_env();
    let mut options = TokenOptions::new();
    if expires_in != nil().encode(env) {
        options = options.with_expires_in(expires_in.decode::<u64>().ok()?);
    }
    if let Some(key_id) = optional_text(key_id)? {
        options = options.with_key_id(key_id);
    }
    if now != nil().encode(env) {
        options = options.with_now(now.decode::<i64>().ok()?);
    }
    Some(options)
}

/// Everything `identify` and `identify_script` share: the preset, the secret
/// decoded by the preset's encoding (unless one is given), the user.
fn identity_of<'a>(
    widget: Term<'a>,
    secret: Term<'a>,
    encoding: Term<'a>,
    user: Term<'a>,
    options: Term<'a>,
) -> Option<Result<Identity, identity_hmac::Error>> {
    let widget = bytes_of(widget)?;
    let secret = bytes_of(secret)?;
    let encoding = optional_text(encoding)?;
    let user = text_pairs(user)?;
    let options = token_options(options)?;
    Some((|| {
        let widget = widget_of(widget)?;
        let encoding = encoding.map(|name| SecretEncoding::from_name(name.as_bytes())).transpose()?;
        let secret = widget.decode_secret(secret, encoding)?;
        let mut core_user = User::new();
        for (name, value) in user {
            core_user.set(&name, value)?;
        }
        identity_hmac::identify_with(widget, &secret, &core_user, &options)
    })())
}

/// `{:ok, [{field, value}]}` in the call's order.
#[rustler::nif]
fn identify<'a>(
    env: Env<'a>,
    widget: Term<'a>,
    secret: Term<'a>,
    encoding: Term<'a>,
    user: Term<'a>,
    options: Term<'a>,
) -> Term<'a> {
    match identity_of(widget, secret, encoding, user, options) {
        None => badarg().encode(env),
        Some(Err(err)) => error_tuple(env, &err),
        Some(Ok(identity)) => {
            let fields: Vec<(&str, &str)> =
                identity.fields().iter().map(|(name, value)| (*name, value.as_str())).collect();
            ok_tuple(env, fields)
        }
    }
}

/// `{:ok, script}`: the identify call as JavaScript, or with a nonce the
/// whole `<script>` element.
#[rustler::nif]
#[allow(clippy::too_many_arguments)]
fn identify_script<'a>(
    env: Env<'a>,
    widget: Term<'a>,
    secret: Term<'a>,
    encoding: Term<'a>,
    user: Term<'a>,
    options: Term<'a>,
    page: Term<'a>,
    nonce: Term<'a>,
) -> Term<'a> {
    let (Some(page), Some(nonce)) = (text_pairs(page), optional_text(nonce)) else {
        return badarg().encode(env);
    };
    let page: PageValues =
        page.into_iter().map(|(name, value)| (String::from_utf8_lossy(&name).into_owned(), value)).collect();
    match identity_of(widget, secret, encoding, user, options) {
        None => badarg().encode(env),
        Some(Err(err)) => error_tuple(env, &err),
        Some(Ok(identity)) => match identity.script(&page, nonce.as_deref()) {
            Ok(script) => ok_tuple(env, script),
            Err(err) => error_tuple(env, &err),
        },
    }
}

//! Renders a widget's identify call as JavaScript that is safe inside an
//! HTML `<script>` element.

use crate::error::Error;
use crate::widget::{Identity, PageValues, Widget};

/// A JavaScript value of an identify call.
enum Js<'a> {
    /// A string, JSON-encoded and escaped for HTML.
    Str(&'a str),
    /// `true`.
    True,
    /// An object literal with fixed, unquoted keys.
    Object(Vec<(&'static str, Js<'a>)>),
}

/// A JSON string literal of `value` in which `<`, `>`, `&`, `'`, U+2028
/// and U+2029 are `\uXXXX` escapes: it cannot close a `<script>` element,
/// open an HTML comment, end a single-quoted string or (in older engines)
/// a line.
fn js_string(value: &str, out: &mut String) {
    // `Value`'s Display is its JSON text and cannot fail.
    let json = serde_json::Value::String(value.to_owned()).to_string();
    out.reserve(json.len());
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\'' => out.push_str("\\u0027"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            ch => out.push(ch),
        }
    }
}

fn write(value: &Js<'_>, indent: usize, out: &mut String) {
    match value {
        Js::Str(text) => js_string(text, out),
        Js::True => out.push_str("true"),
        Js::Object(entries) if entries.is_empty() => out.push_str("{}"),
        Js::Object(entries) => {
            out.push_str("{\n");
            for (i, (key, value)) in entries.iter().enumerate() {
                push_indent(indent + 1, out);
                out.push_str(key);
                out.push_str(": ");
                write(value, indent + 1, out);
                out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
            }
            push_indent(indent, out);
            out.push('}');
        }
    }
}

fn push_indent(level: usize, out: &mut String) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// Entries for the fields named in `names` that the identity (or page) has,
/// in that order.
fn entries<'a>(identity: &'a Identity, names: &[&'static str]) -> Vec<(&'static str, Js<'a>)> {
    names.iter().filter_map(|&name| identity.get(name).map(|value| (name, Js::Str(value)))).collect()
}

/// The page value `name`; [`PageValues::check`] has made sure it is there.
fn page_value<'a>(page: &'a PageValues, name: &'static str) -> (&'static str, Js<'a>) {
    (name, Js::Str(page.get(name).unwrap_or_default()))
}

/// The call's source text, without a `<script>` element around it.
fn source(identity: &Identity, page: &PageValues) -> String {
    let mut out = String::new();
    let field = |name: &str| identity.get(name).unwrap_or_default();
    match identity.widget() {
        Widget::Chatwoot => {
            out.push_str("window.addEventListener('chatwoot:ready', function () {\n  window.$chatwoot.setUser(");
            js_string(field("identifier"), &mut out);
            out.push_str(", ");
            let details = entries(identity, &["email", "name", "avatar_url", "phone_number", "identifier_hash"]);
            write(&Js::Object(details), 1, &mut out);
            out.push_str(");\n});");
        }
        Widget::Pylon => {
            let mut settings = vec![page_value(page, "app_id")];
            settings.extend(entries(identity, &["email", "name", "avatar_url", "email_hash"]));
            out.push_str("window.pylon = ");
            write(&Js::Object(vec![("chat_settings", Js::Object(settings))]), 0, &mut out);
            out.push(';');
        }
        Widget::Intercom => {
            let mut settings = vec![page_value(page, "app_id")];
            settings.extend(entries(identity, &["user_id", "email", "name", "user_hash"]));
            out.push_str("window.intercomSettings = ");
            write(&Js::Object(settings), 0, &mut out);
            out.push(';');
        }
        Widget::HelpScout => {
            out.push_str("window.Beacon('identify', ");
            write(&Js::Object(entries(identity, &["name", "email", "signature"])), 0, &mut out);
            out.push_str(");");
        }
        Widget::Front => {
            let mut options = vec![page_value(page, "chatId"), ("useDefaultLauncher", Js::True)];
            options.extend(entries(identity, &["email", "name", "userHash"]));
            out.push_str("window.FrontChat('init', ");
            write(&Js::Object(options), 0, &mut out);
            out.push_str(");");
        }
        Widget::Plain => {
            let details = entries(identity, &["email", "emailHash", "fullName", "chatAvatarUrl"]);
            out.push_str("Plain.init(");
            write(&Js::Object(vec![page_value(page, "appId"), ("customerDetails", Js::Object(details))]), 0, &mut out);
            out.push_str(");");
        }
        Widget::Chatbase => {
            let mut properties = entries(identity, &["user_id", "user_hash"]);
            let metadata = entries(identity, &["name", "email"]);
            if !metadata.is_empty() {
                properties.push(("user_metadata", Js::Object(metadata)));
            }
            out.push_str("window.chatbase('identify', ");
            write(&Js::Object(properties), 0, &mut out);
            out.push_str(");");
        }
        Widget::Gleap => {
            out.push_str("Gleap.identify(");
            js_string(field("userId"), &mut out);
            out.push_str(", ");
            write(&Js::Object(entries(identity, &["name", "email"])), 0, &mut out);
            out.push_str(", ");
            js_string(field("userHash"), &mut out);
            out.push_str(");");
        }
        Widget::IntercomJwt => {
            let mut settings = vec![page_value(page, "app_id")];
            settings.extend(entries(identity, &["intercom_user_jwt"]));
            out.push_str("window.intercomSettings = ");
            write(&Js::Object(settings), 0, &mut out);
            out.push(';');
        }
        Widget::Zendesk => {
            out.push_str("zE('messenger', 'loginUser', function (callback) {\n  callback(");
            js_string(field("jwt"), &mut out);
            out.push_str(");\n});");
        }
    }
    out
}

/// A CSP nonce is a base64 value (CSP3 `base64-value`): one or more of
/// `A-Z a-z 0-9 + / - _`, then at most two `=`.
fn check_nonce(nonce: &str) -> Result<(), Error> {
    let bytes = nonce.as_bytes();
    if bytes.is_empty() {
        return Err(Error::InvalidNonce { position: None });
    }
    let body =
        bytes.iter().take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_')).count();
    if body == 0 {
        return Err(Error::InvalidNonce { position: Some(0) });
    }
    let end = body + bytes[body..].iter().take_while(|&&b| b == b'=').count().min(2);
    if end < bytes.len() { Err(Error::InvalidNonce { position: Some(end) }) } else { Ok(()) }
}

pub(crate) fn render(identity: &Identity, page: &PageValues, nonce: Option<&str>) -> Result<String, Error> {
    page.check(identity.widget())?;
    if let Some(nonce) = nonce {
        check_nonce(nonce)?;
    }
    let source = source(identity, page);
    Ok(match nonce {
        Some(nonce) => format!("<script nonce=\"{nonce}\">\n{source}\n</script>"),
        None => source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(value: &str) -> String {
        let mut out = String::new();
        js_string(value, &mut out);
        out
    }

    #[test]
    fn strings_are_json_with_html_significant_characters_escaped() {
        assert_eq!(escaped("</script>"), r#""\u003c/script\u003e""#);
        assert_eq!(escaped("a&b'c\"d\\"), r#""a\u0026b\u0027c\"d\\""#);
        assert_eq!(escaped("\u{2028}\u{2029}\n"), r#""\u2028\u2029\n""#);
        assert_eq!(escaped("<!--"), r#""\u003c!--""#);
        assert_eq!(escaped("é😀"), "\"é😀\"");
    }

    #[test]
    fn nonces_are_base64() {
        for good in ["abc", "r4nd0m+/==", "a-_b=", "A"] {
            assert_eq!(check_nonce(good), Ok(()), "{good}");
        }
        assert_eq!(check_nonce(""), Err(Error::InvalidNonce { position: None }));
        assert_eq!(check_nonce("=abc"), Err(Error::InvalidNonce { position: Some(0) }));
        assert_eq!(check_nonce("ab\"c"), Err(Error::InvalidNonce { position: Some(2) }));
        assert_eq!(check_nonce("abc==="), Err(Error::InvalidNonce { position: Some(5) }));
        assert_eq!(check_nonce("ab=c"), Err(Error::InvalidNonce { position: Some(3) }));
        assert_eq!(check_nonce("ab c"), Err(Error::InvalidNonce { position: Some(2) }));
    }
}

//! Widget presets: `identify` and `identify_script` for every preset, the
//! escaping of hostile values, and the rendered scripts run by Node.
//!
//! Every expected hash was computed with Python's `hmac` module, not with
//! this crate: `hmac.new(key, value.encode(), hashlib.sha256).hexdigest()`.

use std::path::PathBuf;
use std::process::Command;

use identity_hmac::{Error, PageValues, Secret, TokenOptions, User, Widget, identify, identify_script, identify_with};
use proptest::prelude::*;

const PYLON_SECRET: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fn secret(widget: Widget, text: &str) -> Secret {
    widget.decode_secret(text.as_bytes(), None).unwrap()
}

fn alice() -> User {
    User::new().with_email("alice@example.com").with_name("Alice")
}

fn script(widget: Widget, key: &str, user: &User, page: &PageValues) -> String {
    identify_script(widget, &secret(widget, key), user, page, None).unwrap()
}

#[test]
fn chatwoot_waits_for_ready_and_signs_the_identifier() {
    let user =
        alice().with_identifier("user-42").with_avatar_url("https://example.com/a.png").with_phone_number("+15550100");
    let identity = identify(Widget::Chatwoot, &secret(Widget::Chatwoot, "your_web_widget_hmac_token"), &user).unwrap();
    let hash = "798a64d4c7a06cb74cee5ec9f5a187334c582c4aea576444211dea2b5075ce02";
    assert_eq!(identity.hash(), hash);
    let names: Vec<_> = identity.fields().iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["identifier", "email", "name", "avatar_url", "phone_number", "identifier_hash"]);
    assert_eq!(identity.get("identifier"), Some("user-42"));
    assert_eq!(
        script(Widget::Chatwoot, "your_web_widget_hmac_token", &user, &PageValues::new()),
        format!(
            "window.addEventListener('chatwoot:ready', function () {{\n  window.$chatwoot.setUser(\"user-42\", {{\n    email: \"alice@example.com\",\n    name: \"Alice\",\n    avatar_url: \"https://example.com/a.png\",\n    phone_number: \"+15550100\",\n    identifier_hash: \"{hash}\"\n  }});\n}});"
        )
    );
}

#[test]
fn pylon_signs_the_email_under_its_hex_decoded_secret() {
    assert_eq!(Widget::Pylon.secret_encoding().as_str(), "hex");
    let page = PageValues::new().with("app_id", "pylon-app");
    assert_eq!(
        script(Widget::Pylon, PYLON_SECRET, &alice().with_identifier("ignored"), &page),
        "window.pylon = {\n  chat_settings: {\n    app_id: \"pylon-app\",\n    email: \"alice@example.com\",\n    name: \"Alice\",\n    email_hash: \"8bbecacb3a224e1931ff07cbc12eb5af54d876d028ab5c8f80bca48dad697493\"\n  }\n};"
    );
    // The same secret read as text is another key.
    let as_text = Secret::text(PYLON_SECRET).unwrap();
    assert_ne!(
        identify(Widget::Pylon, &as_text, &alice()).unwrap().hash(),
        identify(Widget::Pylon, &secret(Widget::Pylon, PYLON_SECRET), &alice()).unwrap().hash()
    );
}

#[test]
fn intercom_signs_the_user_id_and_falls_back_to_the_email() {
    let page = PageValues::new().with("app_id", "abc123");
    assert_eq!(
        script(Widget::Intercom, "intercom_secret", &alice().with_identifier(42), &page),
        "window.intercomSettings = {\n  app_id: \"abc123\",\n  user_id: \"42\",\n  email: \"alice@example.com\",\n  name: \"Alice\",\n  user_hash: \"de410e427fb6d4abf6cb591b42bd8e69803391f63bcb755e532fe9ca1d7b94e2\"\n};"
    );
    assert_eq!(
        script(Widget::Intercom, "intercom_secret", &alice(), &page),
        "window.intercomSettings = {\n  app_id: \"abc123\",\n  email: \"alice@example.com\",\n  name: \"Alice\",\n  user_hash: \"bb39f96ce8a74f38c90b5dac13f268633b81a497afe889fdd3d44572d35d9ca6\"\n};"
    );
}

#[test]
fn helpscout_front_and_plain_sign_the_email() {
    assert_eq!(
        script(Widget::HelpScout, "secret_key_from_beacon_config", &alice(), &PageValues::new()),
        "window.Beacon('identify', {\n  name: \"Alice\",\n  email: \"alice@example.com\",\n  signature: \"05a90f143b2696f330ef89b2fa96ffd031d6db768a222530edc3bf196ab2e29d\"\n});"
    );
    assert_eq!(
        script(Widget::Front, "front_verification_secret", &alice(), &PageValues::new().with("chatId", "front-chat")),
        "window.FrontChat('init', {\n  chatId: \"front-chat\",\n  useDefaultLauncher: true,\n  email: \"alice@example.com\",\n  name: \"Alice\",\n  userHash: \"c19bf25a5de461828ab25da7b9e90533c5f63c5dda6d62e4ccb6842853e0c151\"\n});"
    );
    assert_eq!(
        script(
            Widget::Plain,
            "plain_secret",
            &alice().with_avatar_url("https://example.com/a.png"),
            &PageValues::new().with("appId", "liveChatApp_01")
        ),
        "Plain.init({\n  appId: \"liveChatApp_01\",\n  customerDetails: {\n    email: \"alice@example.com\",\n    emailHash: \"c6f7798692fcfe86a33d94eeb090d8a77efbbc572e9f42f55ae1c14d561d97d1\",\n    fullName: \"Alice\",\n    chatAvatarUrl: \"https://example.com/a.png\"\n  }\n});"
    );
}

#[test]
fn chatbase_and_gleap_sign_the_identifier() {
    assert_eq!(
        script(Widget::Chatbase, "chatbase_secret", &alice().with_identifier("user-42"), &PageValues::new()),
        "window.chatbase('identify', {\n  user_id: \"user-42\",\n  user_hash: \"b9b8dc537b1c986ce069019b7a0bb1754fe6decd4b9327b7e38018558cb4a199\",\n  user_metadata: {\n    name: \"Alice\",\n    email: \"alice@example.com\"\n  }\n});"
    );
    assert_eq!(
        script(Widget::Chatbase, "chatbase_secret", &User::new().with_identifier("user-42"), &PageValues::new()),
        "window.chatbase('identify', {\n  user_id: \"user-42\",\n  user_hash: \"b9b8dc537b1c986ce069019b7a0bb1754fe6decd4b9327b7e38018558cb4a199\"\n});"
    );
    let franz = User::new().with_identifier(19283u32).with_name("Franz").with_email("franz@example.com");
    assert_eq!(
        script(Widget::Gleap, "YOUR-SECRET", &franz, &PageValues::new()),
        "Gleap.identify(\"19283\", {\n  name: \"Franz\",\n  email: \"franz@example.com\"\n}, \"07b2b1583b49d3a346d76ec54275f6f77904c0d8701abc983dab74d1392dd8f4\");"
    );
    assert_eq!(
        script(Widget::Gleap, "YOUR-SECRET", &User::new().with_identifier("19283"), &PageValues::new()),
        "Gleap.identify(\"19283\", {}, \"07b2b1583b49d3a346d76ec54275f6f77904c0d8701abc983dab74d1392dd8f4\");"
    );
}

/// The user of the issue's browser test: a name that closes the script, an
/// email with `"` and U+2028, an integer identifier beyond 2^53.
fn hostile() -> User {
    User::new()
        .with_identifier(9_007_199_254_740_993u64)
        .with_name("</script><script>window.pwned=1</script>")
        .with_email("a\"b\u{2028}c@example.com")
}

#[test]
fn identity_json_keeps_the_call_order() {
    let user = hostile().with_avatar_url("https://example.com/a.png");
    let identity = identify(Widget::Plain, &Secret::text("k").unwrap(), &user).unwrap();
    let json = identity.to_json();
    let names: Vec<_> = identity.fields().iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["email", "emailHash", "fullName", "chatAvatarUrl"]);
    let positions: Vec<_> = names.iter().map(|name| json.find(&format!("\"{name}\":")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{json}");
    let parsed: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["fullName"], "</script><script>window.pwned=1</script>");
    assert_eq!(parsed["email"], "a\"b\u{2028}c@example.com");
    assert_eq!(parsed.len(), 4);
}

#[test]
fn hostile_values_stay_inside_their_strings() {
    let key = "your_web_widget_hmac_token";
    let out = script(Widget::Chatwoot, key, &hostile(), &PageValues::new());
    assert_eq!(
        out,
        "window.addEventListener('chatwoot:ready', function () {\n  window.$chatwoot.setUser(\"9007199254740993\", {\n    email: \"a\\\"b\\u2028c@example.com\",\n    name: \"\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned=1\\u003c/script\\u003e\",\n    identifier_hash: \"0c8f31f57a699932b582e1547e6aaaf0049fc938bb0231cf6ac5d55d99861ae2\"\n  });\n});"
    );
    // The integer is signed as its decimal string.
    let email_user = User::new().with_email("a\"b\u{2028}c@example.com");
    let helpscout = identify(Widget::HelpScout, &Secret::text(key).unwrap(), &email_user).unwrap();
    assert_eq!(helpscout.hash(), "2e395b3c051bba876582b57b32dce1268a6536bea23105b1e65294e5333bc8ea");
    assert_eq!(helpscout.get("email"), Some("a\"b\u{2028}c@example.com"));
}

#[test]
fn a_nonce_gives_the_whole_element() {
    let out = identify_script(
        Widget::HelpScout,
        &Secret::text("secret_key_from_beacon_config").unwrap(),
        &alice(),
        &PageValues::new(),
        Some("r4nd0m+/Nonce=="),
    )
    .unwrap();
    let inner = script(Widget::HelpScout, "secret_key_from_beacon_config", &alice(), &PageValues::new());
    assert_eq!(out, format!("<script nonce=\"r4nd0m+/Nonce==\">\n{inner}\n</script>"));
    for bad in ["", "a\"><script>", "a b", "abc===", "=="] {
        let error =
            identify_script(Widget::HelpScout, &Secret::text("k").unwrap(), &alice(), &PageValues::new(), Some(bad))
                .unwrap_err();
        assert_eq!(error.code(), "INVALID_NONCE", "{bad:?}");
        assert!(!error.to_string().contains(bad) || bad.is_empty(), "{error}");
    }
}

#[test]
fn missing_and_unknown_values_are_typed_errors() {
    let key = Secret::text("k").unwrap();
    let pylon = identify(Widget::Pylon, &key, &User::new().with_identifier(1).with_name("No Email")).unwrap_err();
    assert_eq!((pylon.code(), pylon.field(), pylon.reason()), ("MISSING_FIELD", Some("email"), Some("missing")));
    assert_eq!(pylon.to_string(), "the pylon preset needs email, which is missing");
    let empty = identify(Widget::Chatwoot, &key, &User::new().with_identifier("")).unwrap_err();
    assert_eq!((empty.field(), empty.reason()), (Some("identifier"), Some("empty")));
    let intercom = identify(Widget::Intercom, &key, &User::new().with_name("x")).unwrap_err();
    assert_eq!(intercom.field(), Some("email"));

    let front = identify_script(Widget::Front, &key, &alice(), &PageValues::new(), None).unwrap_err();
    assert_eq!((front.code(), front.field()), ("MISSING_FIELD", Some("chatId")));
    let empty_page = identify_script(Widget::Front, &key, &alice(), &PageValues::new().with("chatId", ""), None);
    assert_eq!(empty_page.unwrap_err().reason(), Some("empty"));
    let typo = identify_script(Widget::Pylon, &key, &alice(), &PageValues::new().with("appId", "x"), None).unwrap_err();
    assert_eq!(typo.code(), "UNKNOWN_FIELD");
    assert_eq!(typo.to_string(), "unknown page value for the pylon preset: it takes app_id");
    let none =
        identify_script(Widget::Gleap, &key, &User::new().with_identifier(1), &PageValues::new().with("x", "y"), None);
    assert_eq!(none.unwrap_err().to_string(), "unknown page value for the gleap preset: it takes none");
    assert_eq!(Widget::from_name(b"drift").unwrap_err().code(), "UNKNOWN_WIDGET");
}

#[test]
fn the_preset_encoding_can_be_overridden_and_bad_secrets_keep_their_codes() {
    let text = Widget::Pylon.decode_secret(b"abc", Some(identity_hmac::SecretEncoding::Text)).unwrap();
    assert_eq!(text.expose_bytes(), b"abc");
    let odd = Widget::Pylon.decode_secret(b"abc", None).unwrap_err();
    assert_eq!((odd.code(), odd.position()), ("INVALID_HEX_SECRET", Some(3)));
    assert_eq!(Widget::Chatwoot.decode_secret(b"", None).unwrap_err(), Error::EmptySecret { secret_index: None });
}

/// Runs `source` with Node, returning its stdout. Node is part of the
/// project's toolchain (scripts/setup.sh installs it).
fn node(name: &str, source: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(name);
    std::fs::write(&path, source).unwrap();
    let output = Command::new("node")
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}): install Node.js, as scripts/setup.sh does"));
    assert!(output.status.success(), "node failed on {}:\n{}", path.display(), String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Stubs of every vendor API that record the identify call as JSON.
const STUBS: &str = r#"
const calls = [];
const listeners = {};
const window = globalThis;
window.addEventListener = (event, f) => { listeners[event] = f; };
window.$chatwoot = { setUser: (identifier, details) => calls.push(['setUser', identifier, details]) };
window.Beacon = (...args) => calls.push(['Beacon', ...args]);
window.FrontChat = (...args) => calls.push(['FrontChat', ...args]);
window.Plain = { init: (options) => calls.push(['Plain.init', options]) };
window.chatbase = (...args) => calls.push(['chatbase', ...args]);
window.Gleap = { identify: (...args) => calls.push(['Gleap.identify', ...args]) };
window.zE = (...args) => args[2]((jwt) => calls.push(['zE', args[0], args[1], jwt]));
"#;

const REPORT: &str = r#"
if (listeners['chatwoot:ready']) listeners['chatwoot:ready']();
if (window.pylon) calls.push(['pylon', window.pylon]);
if (window.intercomSettings) calls.push(['intercomSettings', window.intercomSettings]);
calls.push(['pwned', typeof window.pwned]);
process.stdout.write(JSON.stringify(calls));
"#;

fn page_for(widget: Widget) -> PageValues {
    widget.page_values().iter().map(|&name| (name, format!("<{name}>'\u{2029}"))).collect()
}

/// Every preset's script for the hostile user, run by Node against stubs
/// of the vendor APIs: the call receives exactly the input values and the
/// hash, and nothing else runs.
#[test]
fn node_runs_every_script_with_the_values_intact() {
    let user = hostile();
    for &widget in Widget::ALL {
        let key = if widget == Widget::Pylon { PYLON_SECRET } else { "your_web_widget_hmac_token" };
        let key = secret(widget, key);
        let page = page_for(widget);
        let identity = identify_with(widget, &key, &user, &token_options()).unwrap();
        let source = identity.script(&page, None).unwrap();
        let out = node(&format!("identify-{widget}.js"), &format!("{STUBS}\n{source}\n{REPORT}"));
        let calls: serde_json::Value = serde_json::from_str(&out).unwrap();
        let calls = calls.as_array().unwrap();
        assert_eq!(calls.len(), 2, "{widget}: one call and the pwned probe: {out}");
        assert_eq!(calls[1], serde_json::json!(["pwned", "undefined"]), "{widget}");
        // Every field and page value arrives byte for byte, wherever the call puts it.
        let mut found: Vec<(String, String)> = Vec::new();
        collect_strings(&calls[0], "", &mut found);
        for (field, value) in identity.fields() {
            assert!(found.iter().any(|(_, v)| v == value), "{widget}: {field} not passed intact: {out}");
        }
        for &name in widget.page_values() {
            assert!(found.iter().any(|(k, v)| k == name && Some(v.as_str()) == page.get(name)), "{widget}: {name}");
        }
        assert!(found.iter().any(|(_, v)| v == identity.hash()), "{widget}: the hash");
    }
}

fn collect_strings(value: &serde_json::Value, key: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::String(s) => out.push((key.to_owned(), s.clone())),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, key, out)),
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| collect_strings(v, k, out)),
        _ => {}
    }
}

/// `node --check` parses the nonce form as well: the element's content is
/// the same script, so the source between the tags must parse.
#[test]
fn node_parses_the_script_inside_the_element() {
    let element = identify_script(
        Widget::Chatwoot,
        &Secret::text("k").unwrap(),
        &hostile(),
        &PageValues::new(),
        Some("abc123=="),
    )
    .unwrap();
    let inner =
        element.strip_prefix("<script nonce=\"abc123==\">\n").and_then(|s| s.strip_suffix("\n</script>")).unwrap();
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("identify-element.js");
    std::fs::write(&path, inner).unwrap();
    let status = Command::new("node").arg("--check").arg(&path).status().expect("node");
    assert!(status.success());
}

/// What the token presets sign with (Zendesk needs a key id).
fn token_options() -> TokenOptions {
    TokenOptions::new().with_key_id("app_1").with_now(1_700_000_000)
}

/// Any string, or one made of the characters that matter to HTML and JavaScript.
fn tricky() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[<>&'\"\\\\/!a-zA-Z\u{2028}\u{2029}\n\r -]{0,24}"]
}

fn any_user() -> impl Strategy<Value = User> {
    let text = || prop::option::of(tricky());
    let identifier = prop_oneof![
        tricky().prop_map(identity_hmac::Identifier::Text),
        any::<i64>().prop_map(|n| identity_hmac::Identifier::Integer(n.into())),
    ];
    (prop::option::of(identifier), text(), text(), text(), text()).prop_map(
        |(identifier, email, name, avatar, phone)| {
            let mut user = User::new();
            user.identifier = identifier;
            user.email = email;
            user.name = name;
            user.avatar_url = avatar;
            user.phone_number = phone;
            user
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the values, the source holds no `<`, `>` or `&` (so no
    /// `</script`, `<!--` or `-->`), no raw U+2028/U+2029, and only the
    /// template's own single quotes; and the same input gives the same bytes.
    #[test]
    fn no_value_escapes_its_string(user in any_user(), page_value in tricky(), pick in 0..Widget::ALL.len()) {
        let widget = Widget::ALL[pick];
        let key = Secret::text("k").unwrap();
        let page: PageValues = widget.page_values().iter().map(|&n| (n, page_value.clone())).collect();
        let render = |user: &User, page: &PageValues, nonce| identify_with(widget, &key, user, &token_options()).and_then(|i| i.script(page, nonce));
        let Ok(out) = render(&user, &page, None) else { return Ok(()) };
        for forbidden in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            prop_assert!(!out.contains(forbidden), "{widget}: {forbidden:?} in {out}");
        }
        let template = render(&User::new().with_identifier("i").with_email("e"), &PageValues::new().with_all(widget), None).unwrap();
        prop_assert_eq!(out.matches('\'').count(), template.matches('\'').count());
        prop_assert_eq!(render(&user, &page, None).unwrap(), out.clone());
        let element = render(&user, &page, Some("n0nce")).unwrap();
        prop_assert_eq!(element.matches("</script").count(), 1);
        prop_assert!(!element.contains("<!--"));
    }
}

trait WithAll {
    fn with_all(self, widget: Widget) -> Self;
}

impl WithAll for PageValues {
    /// Every page value the widget takes, set to a plain value.
    fn with_all(mut self, widget: Widget) -> Self {
        for &name in widget.page_values() {
            self.insert(name, "v");
        }
        self
    }
}

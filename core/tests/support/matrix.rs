//! Reading `conformance/bad_inputs.json` and the corpus, shared by the core's
//! and the CLI's bad-input tests (the CLI includes this file by path).

use std::path::PathBuf;

use serde_json::Value;

/// A file of `conformance/`, parsed. `manifest_dir` is the including crate's.
pub fn load(manifest_dir: &str, name: &str) -> Value {
    let path = PathBuf::from(manifest_dir).join("../conformance").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

pub fn decode_hex(hex: &str) -> Vec<u8> {
    assert!(hex.len().is_multiple_of(2), "odd hex {hex:?}");
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")).collect()
}

/// A corpus `BYTES` field: `{"utf8": ...}` or `{"hex": ...}`.
pub fn bytes(field: &Value) -> Vec<u8> {
    if let Some(text) = field.get("utf8").and_then(Value::as_str) {
        return text.as_bytes().to_vec();
    }
    decode_hex(field.get("hex").and_then(Value::as_str).unwrap_or_else(|| panic!("not a BYTES field: {field}")))
}

pub fn text(value: &Value, key: &str) -> String {
    value.get(key).and_then(Value::as_str).unwrap_or_else(|| panic!("{} has no {key}", value["id"])).to_owned()
}

/// The expectation for `language`, or `None` when the input cannot be
/// expressed in it.
pub fn expectation<'a>(case: &'a Value, language: &str) -> Option<&'a Value> {
    let expect = &case["expect"];
    match expect.get("by_language") {
        Some(by_language) => by_language.get(language).or_else(|| by_language.get("default")),
        None => Some(expect),
    }
}

/// A `bytes` or `repeat` input as bytes; `None` for every other kind.
pub fn literal_bytes(input: &Value) -> Option<Vec<u8>> {
    if let Some(field) = input.get("bytes") {
        return Some(bytes(field));
    }
    let repeat = input.get("repeat")?;
    let count = usize::try_from(repeat["count"].as_u64()?).ok()?;
    Some(decode_hex(repeat["pattern_hex"].as_str()?).repeat(count))
}

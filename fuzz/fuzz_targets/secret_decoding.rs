#![no_main]
//! Secret decoding: any bytes under either encoding give a secret or a
//! typed error whose wording does not carry the input; hex round-trips.

use identity_hmac::{Secret, SecretEncoding};
use libfuzzer_sys::fuzz_target;

#[path = "split.rs"]
mod split;

fuzz_target!(|data: &[u8]| {
    let mut fields = split::Fields(data);
    let encoding = split::encoding(fields.next_byte());
    let input = fields.rest();
    match Secret::decode_bytes(input, encoding) {
        Ok(secret) => match encoding {
            SecretEncoding::Text => assert_eq!(secret.expose_bytes(), input),
            SecretEncoding::Hex => assert_eq!(secret.expose_hex().as_bytes(), input.to_ascii_lowercase().as_slice()),
        },
        Err(error) => {
            assert!(error.is_invalid_secret(), "{}", error.code());
            split::assert_fixed_wording(&error.to_string());
            split::assert_fixed_wording(&format!("{error:?}"));
        }
    }
    if let Ok(name) = std::str::from_utf8(input) {
        let _ = name.parse::<SecretEncoding>();
    }
});

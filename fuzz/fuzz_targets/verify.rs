#![no_main]
//! Verify with arbitrary presented hashes: never panics, accepts exactly the
//! right hash (in either case) and nothing else.

use identity_hmac::{Secret, Signer, Verifier, VerifyError};
use libfuzzer_sys::fuzz_target;

#[path = "split.rs"]
mod split;

fuzz_target!(|data: &[u8]| {
    let mut fields = split::Fields(data);
    let key = fields.next_field();
    let identifier = fields.next_field();
    let presented = fields.rest();
    let Ok(secret) = Secret::from_bytes(key) else { return };
    let signer = Signer::new(&secret);
    let expected = signer.sign_hex(identifier);
    let is_right = presented.eq_ignore_ascii_case(expected.as_bytes());

    assert_eq!(signer.verify(identifier, presented), is_right);
    match signer.check(identifier, presented) {
        Ok(()) => assert!(is_right),
        Err(VerifyError::Mismatch) => assert!(!is_right && presented.len() == 64),
        Err(VerifyError::MalformedHash(_)) => assert!(!is_right),
        Err(_) => unreachable!("no other verify error exists"),
    }
    assert!(signer.verify(identifier, &expected));

    let other = Secret::from_bytes(b"another fuzz key").expect("constant secret");
    let verifier = Verifier::new([&other, &secret]).expect("two secrets");
    let index = verifier.matching_key(identifier, presented);
    assert_eq!(index.is_some(), is_right || Signer::new(&other).verify(identifier, presented));
});

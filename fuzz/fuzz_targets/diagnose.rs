#![no_main]
//! Diagnose never panics; its verdicts agree with verify; its messages never
//! carry the secret.

use identity_hmac::{Diagnosis, Secret, Signer, diagnose};
use libfuzzer_sys::fuzz_target;

#[path = "split.rs"]
mod split;

fuzz_target!(|data: &[u8]| {
    let mut fields = split::Fields(data);
    let encoding = split::encoding(fields.next_byte());
    let secret = fields.next_field();
    let identifier = fields.next_field();
    let presented = fields.rest();
    match diagnose(secret, encoding, identifier, presented) {
        Ok(diagnosis) => {
            let signer = Signer::new(&Secret::decode_bytes(secret, encoding).expect("diagnose accepted this secret"));
            let verifies = signer.verify(identifier, presented);
            if matches!(diagnosis, Diagnosis::Matches) {
                assert!(verifies);
            }
            split::assert_fixed_wording(&format!("{diagnosis:?}"));
        }
        Err(error) => split::assert_fixed_wording(&error.to_string()),
    }
});

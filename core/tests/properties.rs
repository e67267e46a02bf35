//! Property tests against a from-scratch `hmac::Hmac<Sha256>`.

use hmac::{Hmac, KeyInit, Mac};
use identity_hmac::{Secret, Signer, Verifier, sign, verify};
use proptest::prelude::*;
use sha2::Sha256;

fn reference(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

fn key() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 1..200)
}

fn message() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..4096)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn sign_equals_reference_hmac(key in key(), message in message()) {
        let secret = Secret::from_bytes(&key).unwrap();
        let expected = reference(&key, &message);
        prop_assert_eq!(*Signer::new(&secret).sign(&message).as_bytes(), expected);
        prop_assert_eq!(*sign(&secret, &message).as_bytes(), expected);
    }

    #[test]
    fn every_length_around_block_boundaries(key in key(), len in 0usize..300, fill in any::<u8>()) {
        let message = vec![fill; len];
        let secret = Secret::from_bytes(&key).unwrap();
        prop_assert_eq!(*Signer::new(&secret).sign(&message).as_bytes(), reference(&key, &message));
    }

    #[test]
    fn verify_accepts_own_hash_in_either_case(key in key(), message in message()) {
        let secret = Secret::from_bytes(&key).unwrap();
        let signer = Signer::new(&secret);
        let hash = signer.sign_hex(&message);
        prop_assert!(signer.verify(&message, &hash));
        prop_assert!(signer.verify(&message, hash.to_uppercase()));
        prop_assert!(verify(&secret, &message, &hash));
    }

    #[test]
    fn any_changed_hash_character_fails(key in key(), message in message(), at in 0usize..64, to in any::<char>()) {
        let signer = Signer::new(&Secret::from_bytes(&key).unwrap());
        let hash = signer.sign_hex(&message);
        let mut chars: Vec<char> = hash.chars().collect();
        prop_assume!(!chars[at].eq_ignore_ascii_case(&to));
        chars[at] = to;
        let changed: String = chars.into_iter().collect();
        prop_assert!(!signer.verify(&message, &changed));
    }

    #[test]
    fn any_changed_length_fails(key in key(), message in message(), cut in 0usize..64, extra in "[0-9a-f]{1,8}") {
        let signer = Signer::new(&Secret::from_bytes(&key).unwrap());
        let hash = signer.sign_hex(&message);
        prop_assert!(!signer.verify(&message, &hash[..cut]));
        let longer = format!("{}{}", hash, extra);
        prop_assert!(!signer.verify(&message, &longer));
    }

    #[test]
    fn any_changed_message_byte_fails(key in key(), message in prop::collection::vec(any::<u8>(), 1..512), at in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let signer = Signer::new(&Secret::from_bytes(&key).unwrap());
        let hash = signer.sign_hex(&message);
        let mut changed = message.clone();
        changed[at.index(message.len())] ^= flip;
        prop_assert!(!signer.verify(&changed, &hash));
    }

    #[test]
    fn verify_never_panics_on_arbitrary_strings(key in key(), message in message(), presented in ".*", raw in prop::collection::vec(any::<u8>(), 0..100)) {
        let secret = Secret::from_bytes(&key).unwrap();
        let signer = Signer::new(&secret);
        let verifier = Verifier::new([&secret]).unwrap();
        let _ = signer.verify(&message, &presented);
        let _ = signer.check(&message, &raw);
        let _ = verifier.matching_key(&message, &presented);
        let _ = verifier.matching_key(&message, &raw);
    }

    #[test]
    fn hex_secret_is_its_decoded_bytes(key in key(), upper in any::<bool>()) {
        let text = hex::encode(&key);
        let text = if upper { text.to_uppercase() } else { text };
        let secret = Secret::hex(&text).unwrap();
        prop_assert_eq!(secret.expose_bytes(), key.as_slice());
    }

    #[test]
    fn sign_many_equals_one_by_one(key in key(), messages in prop::collection::vec(message(), 0..20)) {
        let signer = Signer::new(&Secret::from_bytes(&key).unwrap());
        let one_by_one: Vec<String> = messages.iter().map(|m| signer.sign_hex(m)).collect();
        let many: Vec<String> = signer.sign_many(&messages).iter().map(|h| h.to_hex()).collect();
        prop_assert_eq!(&many, &one_by_one);
        let mut hex = vec![0u8; messages.len() * 64];
        prop_assert!(signer.sign_many_hex_into(&messages, &mut hex));
        prop_assert_eq!(String::from_utf8(hex).unwrap(), one_by_one.concat());
    }
}

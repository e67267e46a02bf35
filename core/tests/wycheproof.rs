//! Project Wycheproof's HMAC-SHA256 suite, read from the repository's own
//! copy (conformance/vectors/wycheproof, with its licence).

use std::path::PathBuf;

use identity_hmac::{Secret, Signer};
use serde::Deserialize;
use sha2::Digest;
use subtle::ConstantTimeEq;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Suite {
    number_of_tests: usize,
    test_groups: Vec<Group>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    tag_size: usize,
    tests: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Case {
    tc_id: u32,
    key: String,
    msg: String,
    tag: String,
    result: String,
}

/// SHA-256 of the upstream file: the copy must stay unmodified.
const SUITE_SHA256: &str = "2d201cfa61d1bf95e6f5d07d96634b4a348b31e8eaa277ad7c8d09677b7a743f";

fn suite_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../conformance/vectors/wycheproof/hmac_sha256_test.json")
}

#[test]
fn every_wycheproof_case() {
    let text = std::fs::read_to_string(suite_path()).expect("conformance/vectors/wycheproof is part of the repository");
    assert_eq!(hex::encode(sha2::Sha256::digest(text.as_bytes())), SUITE_SHA256, "the Wycheproof copy was modified");
    let suite: Suite = serde_json::from_str(&text).expect("Wycheproof JSON");
    let (mut valid, mut invalid) = (0, 0);
    for group in &suite.test_groups {
        let tag_len = group.tag_size / 8;
        for case in &group.tests {
            let key = hex::decode(&case.key).expect("hex key");
            let msg = hex::decode(&case.msg).expect("hex msg");
            let tag = hex::decode(&case.tag).expect("hex tag");
            let signer = Signer::new(&Secret::from_bytes(&key).expect("Wycheproof keys are not empty"));
            let mac = signer.sign(&msg);
            let matches: bool = mac.as_bytes()[..tag_len].ct_eq(&tag).into();
            match case.result.as_str() {
                "valid" => {
                    assert!(matches, "tcId {} must match", case.tc_id);
                    if tag_len == 32 {
                        assert!(signer.verify(&msg, &case.tag), "tcId {} must verify", case.tc_id);
                    }
                    valid += 1;
                }
                "invalid" => {
                    assert!(!matches, "tcId {} must not match", case.tc_id);
                    if tag.len() == 32 {
                        assert!(!signer.verify(&msg, &case.tag), "tcId {} must not verify", case.tc_id);
                    }
                    invalid += 1;
                }
                other => panic!("tcId {}: unknown result {other}", case.tc_id),
            }
        }
    }
    assert_eq!(valid + invalid, suite.number_of_tests, "every case was run");
    assert_eq!((valid, invalid), (66, 108));
}

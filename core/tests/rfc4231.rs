//! RFC 4231, section 4: the HMAC-SHA256 test cases.

use identity_hmac::{Secret, Signer};

/// `AA131` stands for the 131-byte key of 0xaa in cases 6 and 7.
fn unhex(s: &str) -> Vec<u8> {
    if s == "AA131" {
        return vec![0xaa; 131];
    }
    hex::decode(s).expect("test vector is hex")
}

/// (key, data, expected HMAC-SHA256, compared bytes)
const CASES: [(&str, &str, &str, usize); 7] = [
    (
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "4869205468657265",
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        32,
    ),
    (
        "4a656665",
        "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        32,
    ),
    (
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        32,
    ),
    (
        "0102030405060708090a0b0c0d0e0f10111213141516171819",
        "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        32,
    ),
    // Case 5 truncates the output to 128 bits.
    (
        "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
        "546573742057697468205472756e636174696f6e",
        "a3b6167473100ee06e0c796c2955552b",
        16,
    ),
    (
        "AA131",
        "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        32,
    ),
    (
        "AA131",
        "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        32,
    ),
];

#[test]
fn all_seven_rfc4231_cases() {
    for (number, (key, data, expected, compared)) in (1..).zip(CASES) {
        let signer = Signer::new(&Secret::from_bytes(&unhex(key)).expect("RFC keys are not empty"));
        let mac = signer.sign(unhex(data));
        assert_eq!(&mac.as_bytes()[..compared], unhex(expected).as_slice(), "RFC 4231 case {number}");
        if compared == 32 {
            assert!(signer.verify(unhex(data), expected), "case {number} verifies");
        }
    }
}

#[test]
fn hex_secret_matches_raw_bytes() {
    let (key, data, expected, _) = CASES[0];
    let signer = Signer::new(&Secret::hex(key).expect("valid hex"));
    assert_eq!(signer.sign_hex(unhex(data)), expected);
}

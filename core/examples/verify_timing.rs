//! dudect-style timing test of `Signer::verify`:
//! `cargo run --release -p identity-hmac --example verify_timing`
//! (an example, not a bench: dudect-bencher parses its own arguments).
//!
//! Both classes present a wrong hash for the same identifier: the left one
//! differs from the right hash in its first byte, the right one only in its
//! last byte. A comparison that stopped at the first differing byte would
//! separate them; |t| well under 5 says the timings are indistinguishable.

use dudect_bencher::rand::RngExt;
use dudect_bencher::{BenchRng, Class, CtRunner, ctbench_main};
use identity_hmac::{HASH_HEX_LEN, Secret, Signer};

const SAMPLES: usize = 100_000;

fn presented_hash_matching_prefix(signer: &Signer, identifier: &[u8], matching_bytes: usize) -> [u8; HASH_HEX_LEN] {
    let mut bytes = *signer.sign(identifier).as_bytes();
    bytes[matching_bytes] ^= 0x01;
    let mut hex = [0u8; HASH_HEX_LEN];
    identity_hmac::IdentityHash::from_bytes(bytes).encode_hex(&mut hex);
    hex
}

fn verify_first_vs_last_byte_mismatch(runner: &mut CtRunner, rng: &mut BenchRng) {
    let signer = Signer::new(&Secret::text("dudect-timing-secret").expect("constant secret"));
    let identifier = b"jane.doe@example.com";
    let mut inputs = Vec::with_capacity(SAMPLES);
    for _ in 0..SAMPLES {
        let class = if rng.random::<bool>() { Class::Left } else { Class::Right };
        let matching = if matches!(class, Class::Left) { 0 } else { 31 };
        inputs.push((class, presented_hash_matching_prefix(&signer, identifier, matching)));
    }
    for (class, presented) in inputs {
        runner.run_one(class, || signer.verify(identifier, presented));
    }
}

ctbench_main!(verify_first_vs_last_byte_mismatch);

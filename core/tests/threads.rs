//! One `Signer` shared by 8 threads, each signing 100 000 identifiers, every
//! result checked against RustCrypto's `hmac` (computed once, up front).

use std::sync::Arc;
use std::thread;

use hmac::{Hmac, KeyInit, Mac};
use identity_hmac::{Secret, Signer};
use sha2::Sha256;

const THREADS: usize = 8;
const PER_THREAD: usize = 100_000;
const TOKEN: &[u8] = b"shared-signer-thread-token";

fn identifier(i: usize) -> String {
    // Lengths from 8 to about 90 bytes: one, two and three compression blocks.
    format!("user-{i}@example.com{}", "x".repeat(i % 71))
}

#[test]
fn eight_threads_share_one_signer() {
    let identifiers: Arc<Vec<String>> = Arc::new((0..PER_THREAD).map(identifier).collect());
    let reference = Hmac::<Sha256>::new_from_slice(TOKEN).expect("any key length");
    let expected: Arc<Vec<[u8; 32]>> = Arc::new(
        identifiers
            .iter()
            .map(|id| {
                let mut mac = reference.clone();
                mac.update(id.as_bytes());
                mac.finalize().into_bytes().into()
            })
            .collect(),
    );
    let signer = Arc::new(Signer::new(&Secret::from_bytes(TOKEN).expect("non-empty")));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (signer, identifiers, expected) =
                (Arc::clone(&signer), Arc::clone(&identifiers), Arc::clone(&expected));
            thread::spawn(move || {
                // Each thread walks the list from its own offset, so threads sign
                // different identifiers at the same moment.
                let start = t * PER_THREAD / THREADS;
                let mut checked = 0;
                for k in 0..PER_THREAD {
                    let i = (start + k) % PER_THREAD;
                    let hash = signer.sign(&identifiers[i]);
                    assert_eq!(hash.as_bytes(), &expected[i], "thread {t}, identifier {i}");
                    checked += 1;
                }
                checked
            })
        })
        .collect();
    let total: usize = workers.into_iter().map(|w| w.join().expect("worker thread")).sum();
    assert_eq!(total, THREADS * PER_THREAD);
}

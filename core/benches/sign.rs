//! `cargo bench -p identity-hmac --bench sign`: ns per identifier for the
//! floor (two single-block SHA-256 compressions), `Signer::sign_hex`, a
//! one-shot `sign` and `sign_many` over 1 M identifiers, then the ratios.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use identity_hmac::{Secret, Signer, sign};
use sha2::block_api::compress256;

const SECRET: &str = "your_web_widget_hmac_tok";
const IDENTIFIER: &str = "jane.doe@example.com";
const BATCH: usize = 1_000_000;
const GROUP: &str = "identity-hmac";

fn benches(c: &mut Criterion) {
    let secret = Secret::text(SECRET).expect("constant secret is valid");
    let signer = Signer::new(&secret);
    let batch: Vec<String> = (0..BATCH).map(|i| format!("user{i:07}@example.com")).collect();

    let mut group = c.benchmark_group(GROUP);
    group.bench_function("floor", |b| {
        let blocks = [[0x36u8; 64], [0x5cu8; 64]];
        b.iter(|| {
            let mut state = [0u32; 8];
            compress256(&mut state, std::slice::from_ref(&black_box(blocks)[0]));
            compress256(&mut state, std::slice::from_ref(&black_box(blocks)[1]));
            state
        })
    });
    group.bench_function("sign_hex", |b| b.iter(|| signer.sign_hex(black_box(IDENTIFIER))));
    group.bench_function("one_shot_sign", |b| b.iter(|| sign(black_box(&secret), black_box(IDENTIFIER)).to_hex()));
    // Reported per identifier: each iteration signs the whole batch.
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function(BenchmarkId::new("sign_many_per_identifier", BATCH), |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(signer.sign_many(black_box(&batch)));
            }
            start.elapsed() / BATCH as u32
        })
    });
    group.finish();
}

fn median_ns(name: &str) -> Option<f64> {
    let path = format!("{}/criterion/{GROUP}/{name}/new/estimates.json", target_dir());
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn target_dir() -> String {
    std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target").to_owned())
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();

    let Some(floor) = median_ns("floor") else { return };
    println!("\nns per identifier (medians of this run; floor = two SHA-256 compressions)");
    for name in ["floor", "sign_hex", "one_shot_sign", &format!("sign_many_per_identifier/{BATCH}")] {
        if let Some(ns) = median_ns(name) {
            println!("{name:<34} {ns:>8.1} ns   {:>5.2}x floor", ns / floor);
        }
    }
}

//! `cargo bench -p identity-hmac --bench sign`: ns per identifier for the
//! floor (two single-block SHA-256 compressions), `Signer::sign_hex`, a
//! one-shot `sign` and `sign_many` over 1 M identifiers, then the ratios.
//! With `IDENTITY_HMAC_BENCH_JSON=<file>`, it also measures the rows shared by
//! every language (`scripts/bench.sh`) and appends them to that file as JSON
//! lines.

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

/// ns per call of each case, per round, cases in turn within a round; round 0
/// is the warm-up.
/// Where `Signer::sign`'s time above its dependent floor goes, from `perf record`
/// of a loop of email signs on x86-64 with SHA-NI (2026-12-02); re-measure
/// when `KeyedState::mac` changes.
const FLOOR_REST: &str = "perf: 82% of its cycles are sha2's two compressions, 11% KeyedState::mac itself \
    (the padding block, and the big-endian words of the inner digest, which wait on the first compression), \
    3% the call";

fn alternate(cases: &mut [&mut dyn FnMut(u32)], calls: u32, runs: usize) -> Vec<Vec<f64>> {
    let mut rounds = vec![Vec::with_capacity(runs); cases.len()];
    for round in 0..=runs {
        for (case, samples) in cases.iter_mut().zip(rounds.iter_mut()) {
            let start = Instant::now();
            case(calls);
            let ns = start.elapsed().as_nanos() as f64 / f64::from(calls);
            if round > 0 {
                samples.push(ns);
            }
        }
    }
    rounds
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 { sorted[middle] } else { (sorted[middle - 1] + sorted[middle]) / 2.0 }
}

fn median_ratio(baseline: &[f64], ours: &[f64]) -> f64 {
    median(&baseline.iter().zip(ours).map(|(b, o)| b / o).collect::<Vec<_>>())
}

/// The rows shared by every language's benchmark: the same secret and
/// identifiers everywhere. The floor of an identifier is the SHA-256
/// compressions a keyed HMAC cannot avoid: the inner blocks (message and
/// padding) plus one outer block, two for an email.
fn shared_rows(path: &str) -> std::io::Result<()> {
    use std::io::Write;
    let runs: usize = std::env::var("IDENTITY_HMAC_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(7);
    let secret = Secret::text("your_web_widget_hmac_token").expect("constant secret is valid");
    let signer = Signer::new(&secret);
    let mut out = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    println!();
    for (label, pad, calls, batch) in
        [("email ~20 bytes", "", 200_000, 100_000), ("1 KiB", &*"x".repeat(1001), 20_000, 10_000)]
    {
        let identifier = format!("{pad}user0000001@example.com");
        let compressions = (identifier.len() + 9).div_ceil(64) + 1;
        let blocks = vec![[0x36u8; 64]; compressions];
        let mut floor = |n: u32| {
            for _ in 0..n {
                let mut state = [0u32; 8];
                for block in black_box(&blocks) {
                    compress256(&mut state, std::slice::from_ref(block));
                }
                black_box(state);
            }
        };
        // The same compressions with HMAC's data flow: the last block's message
        // is the previous output, so its schedule cannot start early.
        let mut chained = |n: u32| {
            for _ in 0..n {
                let mut state = [0u32; 8];
                let (head, last) = black_box(&blocks).split_at(compressions - 1);
                for block in head {
                    compress256(&mut state, std::slice::from_ref(block));
                }
                let mut block = last[0];
                for (chunk, word) in block[..32].chunks_exact_mut(4).zip(state) {
                    chunk.copy_from_slice(&word.to_be_bytes());
                }
                let mut outer = [1u32; 8];
                compress256(&mut outer, std::slice::from_ref(&block));
                black_box(outer);
            }
        };
        let mut ours = |n: u32| {
            for _ in 0..n {
                black_box(signer.sign(black_box(&identifier)));
            }
        };
        let mut one_shot = |n: u32| {
            for _ in 0..n {
                black_box(sign(black_box(&secret), black_box(&identifier)));
            }
        };
        let mut hex = |n: u32| {
            for _ in 0..n {
                black_box(signer.sign_hex(black_box(&identifier)));
            }
        };
        let rounds = alternate(&mut [&mut floor, &mut ours, &mut one_shot, &mut hex, &mut chained], calls, runs);
        let identifiers: Vec<String> = (0..batch).map(|i| format!("{pad}user{i:07}@example.com")).collect();
        let mut many = |_: u32| {
            black_box(signer.sign_many(black_box(&identifiers)));
        };
        let batch_rounds = alternate(&mut [&mut many], batch, runs.div_ceil(2).max(3));
        let row = serde_json::json!({
            "language": "Rust core",
            "stdlib_call": format!("floor: {compressions} SHA-256 compressions"),
            "identifier": label, "identifier_bytes": identifier.len(), "runs": runs,
            "stdlib_ns": median(&rounds[0]), "signer_ns": median(&rounds[1]),
            "ratio": median_ratio(&rounds[0], &rounds[1]),
            "oneshot_ns": median(&rounds[2]), "oneshot_ratio": median_ratio(&rounds[0], &rounds[2]),
            "sign_hex_ns": median(&rounds[3]), "chained_floor_ns": median(&rounds[4]),
            "batch_ns_per_item": median(&batch_rounds[0]), "batch_size": batch,
            "floor_rest": FLOOR_REST,
        });
        println!(
            "shared row, {label}: floor {:.1} ns (chained as in HMAC: {:.1} ns), Signer::sign {:.1} ns ({:.2}x the floor), sign_hex {:.1} ns, one-shot {:.1} ns, sign_many {:.1} ns/item",
            median(&rounds[0]),
            median(&rounds[4]),
            median(&rounds[1]),
            1.0 / median_ratio(&rounds[0], &rounds[1]),
            median(&rounds[3]),
            median(&rounds[2]),
            median(&batch_rounds[0]),
        );
        writeln!(out, "{row}")?;
    }
    Ok(())
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
    if let Ok(path) = std::env::var("IDENTITY_HMAC_BENCH_JSON")
        && let Err(error) = shared_rows(&path)
    {
        eprintln!("cannot write {path}: {error}");
        std::process::exit(1);
    }

    let Some(floor) = median_ns("floor") else { return };
    println!("\nns per identifier (medians of this run; floor = two SHA-256 compressions)");
    for name in ["floor", "sign_hex", "one_shot_sign", &format!("sign_many_per_identifier/{BATCH}")] {
        if let Some(ns) = median_ns(name) {
            println!("{name:<34} {ns:>8.1} ns   {:>5.2}x floor", ns / floor);
        }
    }
}

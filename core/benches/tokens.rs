//! `cargo bench -p identity-hmac --bench tokens`: µs per HS256 token signed
//! (Intercom's claims) and verified, under one key and under 16 keys without
//! a key id (every key is tried, in constant time).

use std::hint::black_box;

use criterion::Criterion;
use identity_hmac::{Secret, SecretEncoding, TokenOptions, TokenVerifierBuilder, sign_token};

const CLAIMS: &str = r#"{"user_id":"42","email":"jane.doe@example.com","name":"Jane Doe"}"#;

fn benches(c: &mut Criterion) {
    let secret = Secret::text("intercom-messenger-api-secret").expect("constant secret is valid");
    let options = TokenOptions::new().with_expires_in(3600);
    let token = sign_token(&secret, CLAIMS, &options).expect("constant claims are valid");
    let verifier = |keys: usize| {
        let mut builder = TokenVerifierBuilder::new(SecretEncoding::Text);
        for i in 1..keys {
            builder.push(None, format!("older-secret-{i}").as_bytes()).expect("constant secret is valid");
        }
        builder.push_secret(None, &secret).expect("room for the key");
        builder.build().expect("at least one key")
    };
    let (one, sixteen) = (verifier(1), verifier(16));

    let mut group = c.benchmark_group("tokens");
    group.bench_function("sign_token", |b| b.iter(|| sign_token(black_box(&secret), black_box(CLAIMS), &options)));
    group.bench_function("verify_1_key", |b| b.iter(|| one.verify(black_box(&token))));
    group.bench_function("verify_16_keys", |b| b.iter(|| sixteen.verify(black_box(&token))));
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
}

//! The NIF behind the Elixir binding (`IdentityHmac.Native`).
//!
//! Only conversions: every rule (secret decoding, encoding names, HMAC, hex,
//! batches, constant-time comparison, presets, tokens) is the core's.
//!
//! Why rustler rather than `erl_nif` over the C ABI of `bindings-c`: with
//! rustler this crate calls the core's Rust types directly and maps the
//! core's `Error` once, as the Ruby and Python bindings do; over the C ABI it
//! would need a C NIF that re-declares every function, copies out-structs and
//! maps status integers back to codes, plus a second library to build, link
//! and find at run time. rustler needs no Erlang headers (it declares the NIF
//! API itself) and no Hex package: `IdentityHmac.Native` loads the library
//! with `:erlang.load_nif`.
//!
//! Conventions, so that no secret reaches a crash report: a NIF that takes a
//! secret never raises (the BEAM puts a raising NIF's arguments into the
//! stack trace); it returns `{:error, %IdentityHmac.Error{}}`, or `:badarg`
//! when an argument has the wrong type, and the Elixir side raises. NIFs that
//! take no secret (a Signer's `sign`) may raise `badarg`: their arguments are
//! a resource and an identifier.

mod tokens;
mod widgets;

use identity_hmac::{
    ErrorCode, HASH_HEX_LEN, MAX_SECRETS, Secret, SecretEncoding, Verifier as CoreVerifier, VerifierBuilder,
};
use rustler::types::atom::Atom;
use rustler::{Binary, Encoder, Env, ListIterator, NewBinary, ResourceArc, Term};

rustler::atoms! {
    ok,
    error,
    nil,
    badarg,
    // sign_many's answers when it does not sign on this scheduler.
    dirty,
    slow_path,
    __struct__,
    __exception__,
    code,
    code_string,
    message,
    reason,
    position,
    secret_index,
    field,
    claim,
}

/// Batches above this cost go to a dirty CPU scheduler, where a long call
/// cannot delay other processes. The BEAM asks a NIF on a normal scheduler
/// to return within about 1 ms. Measured on a 2-core x86_64 with SHA-NI,
/// under a load average of 10: a normal-scheduler batch of 1,000 emails took
/// 0.22 ms (median of 15), 255 identifiers of 1 KiB (253 KiB) 0.19 ms, so
/// this budget (1,000 items or 256 KiB, whichever comes first) stays under
/// 1 ms on a machine four times slower, while the hop to a dirty scheduler
/// (a few µs) is small against any batch above it. Single inputs of 64 KiB
/// or more go dirty too (`IdentityHmac.Input`): 64 KiB took 0.04 ms.
const DIRTY_ITEMS: usize = 1000;
const DIRTY_BYTES: usize = 256 * 1024;

/// `%IdentityHmac.Error{}` for a core error. The core's messages never
/// contain a secret.
pub(crate) fn error_struct<'a>(env: Env<'a>, err: &identity_hmac::Error) -> Term<'a> {
    let code_name = err.code();
    let keys = [
        __struct__().encode(env),
        __exception__().encode(env),
        code().encode(env),
        code_string().encode(env),
        message().encode(env),
        reason().encode(env),
        position().encode(env),
        secret_index().encode(env),
        field().encode(env),
        claim().encode(env),
    ];
    let values = [
        atom(env, "Elixir.IdentityHmac.Error"),
        true.encode(env),
        atom(env, &code_name.to_ascii_lowercase()),
        code_name.encode(env),
        err.to_string().encode(env),
        optional(env, err.reason()),
        optional(env, err.position()),
        optional(env, err.secret_index()),
        optional(env, err.field()),
        optional(env, err.claim()),
    ];
    Term::map_from_term_arrays(env, &keys, &values).unwrap_or_else(|_| error().encode(env))
}

/// `{:error, %IdentityHmac.Error{}}`
pub(crate) fn error_tuple<'a>(env: Env<'a>, err: &identity_hmac::Error) -> Term<'a> {
    (error(), error_struct(env, err)).encode(env)
}

/// `{:ok, value}`
pub(crate) fn ok_tuple<'a>(env: Env<'a>, value: impl Encoder) -> Term<'a> {
    (ok(), value).encode(env)
}

pub(crate) fn atom<'a>(env: Env<'a>, name: &str) -> Term<'a> {
    match Atom::from_str(env, name) {
        Ok(atom) => atom.encode(env),
        Err(_) => nil().encode(env),
    }
}

/// `nil` for `None`.
pub(crate) fn optional<'a, T: Encoder>(env: Env<'a>, value: Option<T>) -> Term<'a> {
    match value {
        Some(value) => value.encode(env),
        None => nil().encode(env),
    }
}

/// A new binary holding `bytes` (on the process heap up to 64 bytes). The
/// term as it is: `Binary::from` would inspect the new binary once more.
pub(crate) fn binary<'a>(env: Env<'a>, bytes: &[u8]) -> Term<'a> {
    let mut out = NewBinary::new(env, bytes.len());
    out.as_mut_slice().copy_from_slice(bytes);
    out.into()
}

/// The bytes of a binary argument, or `None`.
pub(crate) fn bytes_of(term: Term<'_>) -> Option<&[u8]> {
    term.decode::<Binary>().ok().map(|binary| binary.as_slice())
}

/// A secret-encoding name (the Elixir side passes atoms as their names), or
/// the core's `UNKNOWN_SECRET_ENCODING`.
pub(crate) fn encoding_of(term: Term<'_>) -> Option<Result<SecretEncoding, identity_hmac::Error>> {
    bytes_of(term).map(SecretEncoding::from_name)
}

pub struct SignerResource {
    inner: identity_hmac::Signer,
}

#[rustler::resource_impl]
impl rustler::Resource for SignerResource {}

pub struct VerifierResource {
    inner: CoreVerifier,
}

#[rustler::resource_impl]
impl rustler::Resource for VerifierResource {}

fn new_signer<'a>(env: Env<'a>, secret: Term<'a>, encoding: Term<'a>) -> Term<'a> {
    let (Some(secret), Some(encoding)) = (bytes_of(secret), encoding_of(encoding)) else {
        return badarg().encode(env);
    };
    match encoding.and_then(|encoding| Secret::decode_bytes(secret, encoding)) {
        Ok(secret) => ok_tuple(env, ResourceArc::new(SignerResource { inner: identity_hmac::Signer::new(&secret) })),
        Err(err) => error_tuple(env, &err),
    }
}

#[rustler::nif]
fn signer_new<'a>(env: Env<'a>, secret: Term<'a>, encoding: Term<'a>) -> Term<'a> {
    new_signer(env, secret, encoding)
}

/// For secrets of 64 KiB or more: decoding and pre-hashing them takes long.
#[rustler::nif(schedule = "DirtyCpu")]
fn signer_new_dirty<'a>(env: Env<'a>, secret: Term<'a>, encoding: Term<'a>) -> Term<'a> {
    new_signer(env, secret, encoding)
}

/// A new 64-byte binary that `write` fills with hex.
fn hex_binary<'a>(env: Env<'a>, write: impl FnOnce(&mut [u8; HASH_HEX_LEN])) -> Term<'a> {
    let mut out = NewBinary::new(env, HASH_HEX_LEN);
    let hex: &mut [u8; HASH_HEX_LEN] = match out.as_mut_slice().try_into() {
        Ok(hex) => hex,
        Err(_) => return badarg().encode(env),
    };
    write(hex);
    out.into()
}

fn hex_term<'a>(env: Env<'a>, signer: &identity_hmac::Signer, identifier: &[u8]) -> Term<'a> {
    hex_binary(env, |hex| {
        signer.sign_hex_into(identifier, hex);
    })
}

fn digest_term<'a>(env: Env<'a>, signer: &identity_hmac::Signer, identifier: &[u8]) -> Term<'a> {
    binary(env, signer.sign(identifier).as_bytes())
}

#[rustler::nif]
fn signer_sign<'a>(env: Env<'a>, signer: ResourceArc<SignerResource>, identifier: Binary<'a>) -> Term<'a> {
    hex_term(env, &signer.inner, identifier.as_slice())
}

/// Identifiers of 64 KiB or more (the Elixir side chooses).
#[rustler::nif(schedule = "DirtyCpu")]
fn signer_sign_dirty<'a>(env: Env<'a>, signer: ResourceArc<SignerResource>, identifier: Binary<'a>) -> Term<'a> {
    hex_term(env, &signer.inner, identifier.as_slice())
}

/// What the benchmark floor returns instead of a hash: 64 lowercase hex characters.
const FLOOR_HEX: [u8; HASH_HEX_LEN] = [b'0'; HASH_HEX_LEN];

/// `hex_term` without the HMAC: the same result binary, 64 '0's in it.
fn floor_term<'a>(env: Env<'a>, signer: &identity_hmac::Signer, identifier: &[u8]) -> Term<'a> {
    hex_binary(env, |hex| {
        std::hint::black_box((signer, identifier));
        hex.copy_from_slice(&FLOOR_HEX);
    })
}

/// Benchmark floor: `signer_sign` without the HMAC (same arguments, same result binary); not API.
#[rustler::nif]
fn signer_bench_floor<'a>(env: Env<'a>, signer: ResourceArc<SignerResource>, identifier: Binary<'a>) -> Term<'a> {
    floor_term(env, &signer.inner, identifier.as_slice())
}

/// Benchmark floor: `signer_sign_dirty` without the HMAC; not API.
#[rustler::nif(schedule = "DirtyCpu")]
fn signer_bench_floor_dirty<'a>(env: Env<'a>, signer: ResourceArc<SignerResource>, identifier: Binary<'a>) -> Term<'a> {
    floor_term(env, &signer.inner, identifier.as_slice())
}

#[rustler::nif]
fn signer_digest<'a>(env: Env<'a>, signer: ResourceArc<SignerResource>, identifier: Binary<'a>) -> Term<'a> {
    digest_term(env, &signer.inner, identifier.as_slice())
}

#[rustler::nif(schedule = "DirtyCpu")]
fn signer_digest_dirty<'a>(env: Env<'a>, signer: ResourceArc<SignerResource>, identifier: Binary<'a>) -> Term<'a> {
    digest_term(env, &signer.inner, identifier.as_slice())
}

#[rustler::nif]
fn signer_verify(signer: ResourceArc<SignerResource>, identifier: Binary, presented: Binary) -> bool {
    signer.inner.verify(identifier.as_slice(), presented.as_slice())
}

#[rustler::nif(schedule = "DirtyCpu")]
fn signer_verify_dirty(signer: ResourceArc<SignerResource>, identifier: Binary, presented: Binary) -> bool {
    signer.inner.verify(identifier.as_slice(), presented.as_slice())
}

/// One item of a batch: a binary as it is, a small integer as its decimal
/// form. Anything else (a big integer, a charlist, a wrong type) sends the
/// whole batch to the Elixir side's slow path, which converts or refuses it.
enum Item<'a> {
    Bytes(&'a [u8]),
    Decimal(String),
}

impl Item<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Item::Bytes(bytes) => bytes,
            Item::Decimal(decimal) => decimal.as_bytes(),
        }
    }
}

fn item_of(term: Term<'_>) -> Option<Item<'_>> {
    if let Some(bytes) = bytes_of(term) {
        return Some(Item::Bytes(bytes));
    }
    term.decode::<i64>().ok().map(|integer| Item::Decimal(integer.to_string()))
}

/// Reads the batch; `None` when an item needs the slow path.
fn batch_items(list: Term<'_>) -> Option<Vec<Item<'_>>> {
    let iter: ListIterator = list.decode().ok()?;
    iter.map(item_of).collect()
}

/// Signs `items` with the core's `sign_many_hex_into` (spread over every
/// core from 4,096 items), then makes one binary per hash. The items are
/// borrowed from their binaries, which stay alive for the whole call: no
/// copy, unlike bindings whose host may move memory during the call.
fn sign_items<'a>(env: Env<'a>, signer: &identity_hmac::Signer, items: &[Item<'_>]) -> Term<'a> {
    let slices: Vec<&[u8]> = items.iter().map(Item::bytes).collect();
    let mut hex = Vec::new();
    let Some(size) = slices.len().checked_mul(HASH_HEX_LEN).filter(|&size| hex.try_reserve_exact(size).is_ok()) else {
        return error_tuple(env, &identity_hmac::Error::OutOfMemory);
    };
    hex.resize(size, 0);
    // Sized above to one hash per item, so the core always signs.
    if !signer.sign_many_hex_into(&slices, &mut hex) {
        return error_tuple(env, &identity_hmac::Error::OutOfMemory);
    }
    // Built from the last hash back, one cell each: no array of terms in between.
    let hashes = hex
        .chunks_exact(HASH_HEX_LEN)
        .rev()
        .fold(Term::list_new_empty(env), |list, hash| list.list_prepend(binary(env, hash)));
    ok_tuple(env, hashes)
}

/// A batch read on a normal scheduler: its items while it stays within the
/// budget, else the answer that sends it elsewhere.
enum Budgeted<'a> {
    Items(Vec<Item<'a>>),
    Dirty,
    SlowPath,
}

/// Reads the batch up to the normal scheduler's budget: a larger one is
/// `Dirty` as soon as it is over, without reading the rest (the dirty NIF
/// reads it all).
fn budgeted_items(list: Term<'_>) -> Budgeted<'_> {
    let Ok(iter) = list.decode::<ListIterator>() else { return Budgeted::SlowPath };
    let mut items = Vec::new();
    let mut bytes = 0usize;
    for term in iter {
        let Some(item) = item_of(term) else { return Budgeted::SlowPath };
        bytes = bytes.saturating_add(item.bytes().len());
        items.push(item);
        if items.len() > DIRTY_ITEMS || bytes > DIRTY_BYTES {
            return Budgeted::Dirty;
        }
    }
    Budgeted::Items(items)
}

/// `{:ok, hashes}`, or `:dirty` when the batch is over the normal
/// scheduler's budget, or `:slow_path` when an item is not a binary or a
/// small integer.
#[rustler::nif]
fn signer_sign_many<'a>(env: Env<'a>, signer: ResourceArc<SignerResource>, identifiers: Term<'a>) -> Term<'a> {
    match budgeted_items(identifiers) {
        Budgeted::Items(items) => sign_items(env, &signer.inner, &items),
        Budgeted::Dirty => dirty().encode(env),
        Budgeted::SlowPath => slow_path().encode(env),
    }
}

#[rustler::nif(schedule = "DirtyCpu")]
fn signer_sign_many_dirty<'a>(env: Env<'a>, signer: ResourceArc<SignerResource>, identifiers: Term<'a>) -> Term<'a> {
    match batch_items(identifiers) {
        Some(items) => sign_items(env, &signer.inner, &items),
        None => slow_path().encode(env),
    }
}

/// Decodes every secret of `secrets` (a list of binaries, newest first).
/// The 17th is refused before it is decoded.
fn new_verifier<'a>(env: Env<'a>, secrets: Term<'a>, encoding: Term<'a>) -> Term<'a> {
    let (Ok(secrets), Some(encoding)) = (secrets.decode::<ListIterator>(), encoding_of(encoding)) else {
        return badarg().encode(env);
    };
    let encoding = match encoding {
        Ok(encoding) => encoding,
        Err(err) => return error_tuple(env, &err),
    };
    let mut builder = VerifierBuilder::new(encoding);
    for secret in secrets {
        if let Err(err) = CoreVerifier::check_secret_count(builder.len() + 1) {
            return error_tuple(env, &err);
        }
        let Some(secret) = bytes_of(secret) else {
            return badarg().encode(env);
        };
        if let Err(err) = builder.push(secret) {
            return error_tuple(env, &err);
        }
    }
    match builder.build() {
        Ok(inner) => ok_tuple(env, ResourceArc::new(VerifierResource { inner })),
        Err(err) => error_tuple(env, &err),
    }
}

#[rustler::nif]
fn verifier_new<'a>(env: Env<'a>, secrets: Term<'a>, encoding: Term<'a>) -> Term<'a> {
    new_verifier(env, secrets, encoding)
}

#[rustler::nif(schedule = "DirtyCpu")]
fn verifier_new_dirty<'a>(env: Env<'a>, secrets: Term<'a>, encoding: Term<'a>) -> Term<'a> {
    new_verifier(env, secrets, encoding)
}

#[rustler::nif]
fn verifier_verify(verifier: ResourceArc<VerifierResource>, identifier: Binary, presented: Binary) -> bool {
    verifier.inner.verify(identifier.as_slice(), presented.as_slice())
}

#[rustler::nif(schedule = "DirtyCpu")]
fn verifier_verify_dirty(verifier: ResourceArc<VerifierResource>, identifier: Binary, presented: Binary) -> bool {
    verifier.inner.verify(identifier.as_slice(), presented.as_slice())
}

#[rustler::nif]
fn verifier_matching_key(
    verifier: ResourceArc<VerifierResource>,
    identifier: Binary,
    presented: Binary,
) -> Option<usize> {
    verifier.inner.matching_key(identifier.as_slice(), presented.as_slice())
}

#[rustler::nif(schedule = "DirtyCpu")]
fn verifier_matching_key_dirty(
    verifier: ResourceArc<VerifierResource>,
    identifier: Binary,
    presented: Binary,
) -> Option<usize> {
    verifier.inner.matching_key(identifier.as_slice(), presented.as_slice())
}

#[rustler::nif]
fn verifier_size(verifier: ResourceArc<VerifierResource>) -> usize {
    verifier.inner.len()
}

/// One-shot sign: the secret is decoded, used once and wiped.
fn sign_once<'a>(env: Env<'a>, secret: Term<'a>, encoding: Term<'a>, identifier: Term<'a>) -> Term<'a> {
    let (Some(secret), Some(encoding), Some(identifier)) =
        (bytes_of(secret), encoding_of(encoding), bytes_of(identifier))
    else {
        return badarg().encode(env);
    };
    match encoding.and_then(|encoding| Secret::decode_bytes(secret, encoding)) {
        Ok(secret) => {
            let mut hex = [0u8; HASH_HEX_LEN];
            ok_tuple(env, binary(env, identity_hmac::sign(&secret, identifier).encode_hex(&mut hex).as_bytes()))
        }
        Err(err) => error_tuple(env, &err),
    }
}

#[rustler::nif]
fn sign<'a>(env: Env<'a>, secret: Term<'a>, encoding: Term<'a>, identifier: Term<'a>) -> Term<'a> {
    sign_once(env, secret, encoding, identifier)
}

#[rustler::nif(schedule = "DirtyCpu")]
fn sign_dirty<'a>(env: Env<'a>, secret: Term<'a>, encoding: Term<'a>, identifier: Term<'a>) -> Term<'a> {
    sign_once(env, secret, encoding, identifier)
}

/// One-shot verify: `{:ok, boolean}` or `{:error, %Error{}}` for the secret.
fn verify_once<'a>(
    env: Env<'a>,
    secret: Term<'a>,
    encoding: Term<'a>,
    identifier: Term<'a>,
    presented: Term<'a>,
) -> Term<'a> {
    let (Some(secret), Some(encoding), Some(identifier), Some(presented)) =
        (bytes_of(secret), encoding_of(encoding), bytes_of(identifier), bytes_of(presented))
    else {
        return badarg().encode(env);
    };
    match encoding.and_then(|encoding| Secret::decode_bytes(secret, encoding)) {
        Ok(secret) => ok_tuple(env, identity_hmac::verify(&secret, identifier, presented)),
        Err(err) => error_tuple(env, &err),
    }
}

#[rustler::nif]
fn verify<'a>(
    env: Env<'a>,
    secret: Term<'a>,
    encoding: Term<'a>,
    identifier: Term<'a>,
    presented: Term<'a>,
) -> Term<'a> {
    verify_once(env, secret, encoding, identifier, presented)
}

#[rustler::nif(schedule = "DirtyCpu")]
fn verify_dirty<'a>(
    env: Env<'a>,
    secret: Term<'a>,
    encoding: Term<'a>,
    identifier: Term<'a>,
    presented: Term<'a>,
) -> Term<'a> {
    verify_once(env, secret, encoding, identifier, presented)
}

/// `{:ok, 64 hex characters}` from the OS random source.
#[rustler::nif]
fn generate_secret(env: Env<'_>) -> Term<'_> {
    match Secret::generate_hex() {
        Ok(secret) => ok_tuple(env, binary(env, secret.as_bytes())),
        Err(err) => error_tuple(env, &err),
    }
}

/// Every error code as the atom the binding uses (drift-checked against
/// `IdentityHmac.Error`'s type by the tests).
#[rustler::nif]
fn error_codes(env: Env<'_>) -> Vec<Term<'_>> {
    ErrorCode::ALL.iter().map(|code| atom(env, &code.as_str().to_ascii_lowercase())).collect()
}

#[rustler::nif]
fn version() -> &'static str {
    identity_hmac::VERSION
}

#[rustler::nif]
fn max_secrets() -> usize {
    MAX_SECRETS
}

/// The core's batch budget, for the tests and the benchmark.
#[rustler::nif]
fn dirty_threshold() -> (usize, usize) {
    (DIRTY_ITEMS, DIRTY_BYTES)
}

rustler::init!("Elixir.IdentityHmac.Native");

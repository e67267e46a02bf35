//! `signMany` through the core's `PackedBatch`: identifiers are copied into
//! one chunk (bounded by bytes and by items), a chunk is signed at once (in
//! parallel when large), and an identifier of `PackedBatch::IN_PLACE_BYTES`
//! or more is signed where it lies. Memory holds one chunk and the results,
//! never a copy of the whole input; a failed allocation is a `RangeError`.
//!
//! The results are an array of strings (the default) or one `Buffer` of
//! every hash back to back, as hex or raw bytes, which skips creating a
//! JavaScript string per item.

use std::panic::{AssertUnwindSafe, catch_unwind};

use identity_hmac::{HASH_HEX_LEN, HASH_LEN, HashFormat, PackedBatch};
use napi::bindgen_prelude::*;

use crate::errors::core_error;
use crate::input::{IdentifierBytes, ListValue, SignManyOutput};

/// Where the hashes go.
trait Results {
    /// The format the core writes them in.
    const FORMAT: HashFormat;

    /// Takes the hashes of `count` items, starting at item `first`, one after
    /// another in `hashes`.
    fn take(&mut self, env: &Env, first: u32, hashes: &[u8]) -> Result<()>;
}

/// One JavaScript string per item, set in the result array.
struct Strings<'a, 'env> {
    out: &'a mut Array<'env>,
}

impl Results for Strings<'_, '_> {
    const FORMAT: HashFormat = HashFormat::Hex;

    fn take(&mut self, env: &Env, first: u32, hashes: &[u8]) -> Result<()> {
        for (index, hash) in (first..).zip(hashes.chunks_exact(HASH_HEX_LEN)) {
            self.out.set(index, env.create_string_latin1(hash)?)?;
        }
        Ok(())
    }
}

/// Every hash back to back in one buffer, allocated once for all items.
struct Bytes<const FORMAT_RAW: bool> {
    out: Vec<u8>,
}

impl<const FORMAT_RAW: bool> Results for Bytes<FORMAT_RAW> {
    const FORMAT: HashFormat = if FORMAT_RAW { HashFormat::Raw } else { HashFormat::Hex };

    fn take(&mut self, _env: &Env, _first: u32, hashes: &[u8]) -> Result<()> {
        // The capacity was reserved for every item, so this never allocates.
        self.out.extend_from_slice(hashes);
        Ok(())
    }
}

/// A chunk signed on another thread while this one reads the next chunk (a
/// chunk is items that are copied, so nothing of JavaScript crosses).
/// A panic there is caught there, so the thread scope never re-raises one.
type Signed = (PackedBatch, Vec<u8>, std::thread::Result<identity_hmac::Result<()>>);

/// Chunks hand off to a signing thread only from this many items: below, a
/// thread costs more than it saves.
const HAND_OFF_ITEMS: usize = 4096;

/// The chunk being filled, the index of its first item, and the chunk before
/// it, if it is being signed on another thread.
struct Pipeline<'scope> {
    batch: PackedBatch,
    hashes: Vec<u8>,
    first: u32,
    /// The buffers of the last chunk the other thread signed, for reuse.
    spare: Option<PackedBatch>,
    signing: Option<(u32, std::thread::ScopedJoinHandle<'scope, Signed>)>,
}

impl<'scope> Pipeline<'scope> {
    /// Waits for the chunk on the other thread, if any, and hands over its hashes.
    fn join<R: Results>(&mut self, env: &Env, results: &mut R) -> Result<()> {
        let Some((first, handle)) = self.signing.take() else {
            return Ok(());
        };
        let panicked = || Error::new(Status::GenericFailure, "identity-hmac: a signing thread panicked");
        let (mut batch, hashes, signed) = handle.join().map_err(|_| panicked())?;
        signed.map_err(|_| panicked())?.map_err(|error| core_error(env, &error))?;
        results.take(env, first, &hashes)?;
        // The other thread's buffers are reused for the chunk after next.
        self.hashes = hashes;
        batch.clear();
        self.spare = Some(batch);
        Ok(())
    }

    /// Signs everything pending, in order, on this thread.
    fn finish<R: Results>(&mut self, env: &Env, signer: &identity_hmac::Signer, results: &mut R) -> Result<()> {
        self.join(env, results)?;
        if self.batch.is_empty() {
            return Ok(());
        }
        self.hashes.clear();
        signer.sign_batch_into(&self.batch, R::FORMAT, &mut self.hashes).map_err(|error| core_error(env, &error))?;
        results.take(env, self.first, &self.hashes)?;
        self.first += u32::try_from(self.batch.len()).unwrap_or(u32::MAX);
        self.batch.clear();
        Ok(())
    }

    /// Starts signing the chunk on another thread, after handing over the
    /// hashes of the one before it; a small chunk is signed here.
    fn hand_off<'env, R: Results>(
        &mut self,
        threads: &'scope std::thread::Scope<'scope, 'env>,
        env: &Env,
        signer: &'env identity_hmac::Signer,
        results: &mut R,
    ) -> Result<()> {
        if self.batch.len() < HAND_OFF_ITEMS {
            return self.finish(env, signer, results);
        }
        self.join(env, results)?;
        let batch = std::mem::replace(&mut self.batch, self.spare.take().unwrap_or_default());
        let mut hashes = std::mem::take(&mut self.hashes);
        let first = self.first;
        self.first += u32::try_from(batch.len()).unwrap_or(u32::MAX);
        let handle = std::thread::Builder::new()
            .spawn_scoped(threads, move || {
                hashes.clear();
                let signed = catch_unwind(AssertUnwindSafe(|| signer.sign_batch_into(&batch, R::FORMAT, &mut hashes)));
                (batch, hashes, signed)
            })
            .map_err(|_| Error::new(Status::GenericFailure, "identity-hmac: starting a signing thread failed"))?;
        self.signing = Some((first, handle));
        Ok(())
    }
}

/// Reads every identifier, a chunk per handle scope, and hands the hashes to
/// `results` in order. While one chunk is read, the one before it is signed
/// on another thread.
fn sign_into<R: Results>(
    env: &Env,
    signer: &identity_hmac::Signer,
    list: &ListValue<'_>,
    results: &mut R,
) -> Result<()> {
    let len = list.len();
    std::thread::scope(|threads| {
        let mut pipeline =
            Pipeline { batch: PackedBatch::new(), spare: None, hashes: Vec::new(), first: 0, signing: None };
        let mut index = 0;
        while index < len {
            // One handle scope per chunk, so that a million elements do not pile
            // up a million handles.
            let scope = HandleScope::create(env)?;
            // SAFETY: every value made inside the scope (the elements read, the
            // hash strings, once stored in the result array) is dropped before it
            // closes; the list and the result array were created outside it.
            index = unsafe {
                scope.close(list.0, |_| {
                    let mut next = index;
                    // In-place items count too, so a scope never holds more than
                    // CHUNK_ITEMS elements' handles.
                    while next < len && next - index < PackedBatch::CHUNK_ITEMS as u32 {
                        let identifier: IdentifierBytes = list.get(env, "identifiers", next)?;
                        let bytes = identifier.as_ref();
                        if PackedBatch::signs_in_place(bytes.len()) {
                            pipeline.finish(env, signer, results)?;
                            let hash = signer.sign(bytes);
                            let mut hex = [0u8; HASH_HEX_LEN];
                            let hash = match R::FORMAT {
                                HashFormat::Hex => hash.encode_hex(&mut hex).as_bytes(),
                                HashFormat::Raw => hash.as_bytes().as_slice(),
                            };
                            results.take(env, next, hash)?;
                            pipeline.first = next + 1;
                        } else {
                            pipeline.batch.try_push(bytes).map_err(|error| core_error(env, &error))?;
                        }
                        next += 1;
                        if pipeline.batch.is_full() {
                            break;
                        }
                    }
                    if next < len {
                        pipeline.hand_off(threads, env, signer, results)?;
                    } else {
                        pipeline.finish(env, signer, results)?;
                    }
                    Ok(next)
                })
            }?;
        }
        // An error above leaves a chunk on the other thread: the scope joins it.
        Ok(())
    })
}

/// One buffer of `len` hashes of `item_len` bytes, or `OUT_OF_MEMORY`.
fn reserve(env: &Env, len: u32, item_len: usize) -> Result<Vec<u8>> {
    let bytes =
        (len as usize).checked_mul(item_len).ok_or_else(|| core_error(env, &identity_hmac::Error::OutOfMemory))?;
    let mut out = Vec::new();
    out.try_reserve_exact(bytes).map_err(|_| core_error(env, &identity_hmac::Error::OutOfMemory))?;
    Ok(out)
}

pub fn sign_many<'env>(
    env: &'env Env,
    signer: &identity_hmac::Signer,
    list: &ListValue<'_>,
    output: SignManyOutput,
) -> Result<Either<Array<'env>, Buffer>> {
    match output {
        SignManyOutput::Strings => {
            let mut out = env.create_array(list.len())?;
            sign_into(env, signer, list, &mut Strings { out: &mut out })?;
            Ok(Either::A(out))
        }
        SignManyOutput::HexBuffer => {
            let mut results = Bytes::<false> { out: reserve(env, list.len(), HASH_HEX_LEN)? };
            sign_into(env, signer, list, &mut results)?;
            Ok(Either::B(results.out.into()))
        }
        SignManyOutput::RawBuffer => {
            let mut results = Bytes::<true> { out: reserve(env, list.len(), HASH_LEN)? };
            sign_into(env, signer, list, &mut results)?;
            Ok(Either::B(results.out.into()))
        }
    }
}

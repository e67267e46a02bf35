//! `signMany` through the core's `PackedBatch`: identifiers are copied into
//! one chunk (bounded by bytes and by items), a chunk is signed at once (in
//! parallel when large), and an identifier of `PackedBatch::IN_PLACE_BYTES`
//! or more is signed where it lies. Memory holds one chunk and the results,
//! never a copy of the whole input; a failed allocation is a `RangeError`.

use identity_hmac::{HASH_HEX_LEN, HashFormat, PackedBatch};
use napi::bindgen_prelude::*;

use crate::errors::core_error;
use crate::input::{IdentifierBytes, ListValue};

/// The chunk being filled, and where its first item goes in the result.
struct Chunk {
    batch: PackedBatch,
    hex: Vec<u8>,
    first: u32,
}

impl Chunk {
    /// Signs the pending items into `out` at their indexes and empties the chunk.
    fn flush(&mut self, env: &Env, signer: &identity_hmac::Signer, out: &mut Array<'_>) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        self.hex.clear();
        signer.sign_batch_into(&self.batch, HashFormat::Hex, &mut self.hex).map_err(|error| core_error(env, &error))?;
        for (offset, hash) in (0u32..).zip(self.hex.chunks_exact(HASH_HEX_LEN)) {
            out.set(self.first + offset, env.create_string_latin1(hash)?)?;
        }
        self.first += u32::try_from(self.batch.len()).unwrap_or(u32::MAX);
        self.batch.clear();
        Ok(())
    }
}

pub fn sign_many<'env>(env: &'env Env, signer: &identity_hmac::Signer, list: &ListValue<'_>) -> Result<Array<'env>> {
    let len = list.len();
    let out = env.create_array(len)?;
    let mut chunk = Chunk { batch: PackedBatch::new(), hex: Vec::new(), first: 0 };
    let mut index = 0;
    while index < len {
        // One handle scope per chunk, so that a million elements do not pile
        // up a million handles.
        let scope = HandleScope::create(env)?;
        // SAFETY: every value made inside the scope (the elements read, the
        // hash strings, once stored in `out`) is dropped before it closes;
        // `out` itself was created outside it.
        index = unsafe {
            scope.close(out, |mut out| {
                let mut next = index;
                // In-place items count too, so a scope never holds more than
                // CHUNK_ITEMS elements' handles.
                while next < len && next - index < PackedBatch::CHUNK_ITEMS as u32 {
                    let identifier: IdentifierBytes = list.get(env, "identifiers", next)?;
                    let bytes = identifier.as_ref();
                    if PackedBatch::signs_in_place(bytes.len()) {
                        chunk.flush(env, signer, &mut out)?;
                        let mut hex = [0u8; HASH_HEX_LEN];
                        signer.sign_hex_into(bytes, &mut hex);
                        out.set(next, env.create_string_latin1(hex)?)?;
                        chunk.first = next + 1;
                    } else {
                        chunk.batch.try_push(bytes).map_err(|error| core_error(env, &error))?;
                    }
                    next += 1;
                    if chunk.batch.is_full() {
                        break;
                    }
                }
                chunk.flush(env, signer, &mut out)?;
                Ok(next)
            })
        }?;
    }
    Ok(out)
}

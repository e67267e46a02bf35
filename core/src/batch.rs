//! Batches: identifiers packed into one buffer with end offsets, signed into
//! a caller's buffer. Every binding's `sign_many` and the C ABI's batch call
//! go through here, so chunking, bounds and allocation failures are handled
//! once.

use crate::error::Error;
use crate::hash::IdentityHash;
use crate::signer::Signer;
use crate::{HASH_HEX_LEN, HASH_LEN};

/// Batches with at least this many items are spread over threads.
#[cfg(feature = "parallel")]
const PARALLEL_THRESHOLD: usize = 4096;

/// Items per unit of parallel work.
#[cfg(feature = "parallel")]
const PARALLEL_CHUNK: usize = 1024;

/// Growth of an output buffer from which zeroing it on every thread pays.
#[cfg(feature = "parallel")]
const PARALLEL_ZEROING_BYTES: usize = 1 << 20;

/// Appends `added` zero bytes to `out` for hashes to be written into, and
/// returns them; `OUT_OF_MEMORY` when they cannot be allocated. With the
/// `parallel` feature a big growth is zeroed on every thread: the first touch
/// of fresh pages (the fault and the kernel's zeroing) costs about a third of
/// hashing into them, and would otherwise all fall on the calling thread.
pub fn grow_output(out: &mut Vec<u8>, added: usize) -> Result<&mut [u8], Error> {
    out.try_reserve(added).map_err(|_| Error::OutOfMemory)?;
    let old_len = out.len();
    #[cfg(feature = "parallel")]
    if added >= PARALLEL_ZEROING_BYTES {
        use rayon::iter::ParallelExtend;
        out.par_extend(rayon::iter::repeat_n(0u8, added));
        return Ok(&mut out[old_len..]);
    }
    out.resize(old_len + added, 0);
    Ok(&mut out[old_len..])
}

/// How each hash of a batch is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashFormat {
    /// 64 lowercase hex bytes per item.
    Hex,
    /// 32 raw bytes per item.
    Raw,
}

impl HashFormat {
    /// Bytes each item takes in the output.
    pub const fn item_len(self) -> usize {
        match self {
            HashFormat::Hex => HASH_HEX_LEN,
            HashFormat::Raw => HASH_LEN,
        }
    }
}

/// Why a packed batch was refused. Only a caller that builds offsets by hand
/// (C) can see it; nothing is written when it is returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PackedBatchError {
    /// `ends[index]` is smaller than the end before it, or past the data.
    #[error("end offset {index} is out of order or past the end of the data")]
    BadOffsets {
        /// The first bad offset.
        index: usize,
    },
    /// The output buffer does not hold exactly one hash per item.
    #[error("the output buffer must hold exactly {expected} bytes")]
    WrongOutputSize {
        /// The size it must have (`usize::MAX` when that overflows).
        expected: usize,
    },
}

/// One chunk of identifiers, packed: their bytes back to back, and where
/// each one ends.
///
/// A binding's `sign_many` reads host items one at a time: an item of at
/// least [`PackedBatch::IN_PLACE_BYTES`] is signed where it lies (after the
/// pending chunk, to keep the order), any other is copied in with
/// [`PackedBatch::try_push`], and the chunk is signed once
/// [`PackedBatch::is_full`]. So memory holds one chunk and the results, never
/// a copy of the whole input, and a failed allocation is an error
/// (`OUT_OF_MEMORY`) rather than an abort.
#[derive(Default)]
pub struct PackedBatch {
    data: Vec<u8>,
    ends: Vec<usize>,
}

impl PackedBatch {
    /// A chunk is full once it holds this many bytes...
    pub const CHUNK_BYTES: usize = 1 << 20;
    /// ...or this many items.
    pub const CHUNK_ITEMS: usize = 16 * 1024;
    /// Items at least this long are not copied: sign them in place.
    pub const IN_PLACE_BYTES: usize = 64 * 1024;

    /// An empty chunk; buffers are allocated by the first pushes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether an item of `len` bytes should be signed in place instead of
    /// being copied into the chunk.
    pub fn signs_in_place(len: usize) -> bool {
        len >= Self::IN_PLACE_BYTES
    }

    /// Copies `item` in. `OUT_OF_MEMORY` when the buffers cannot grow.
    pub fn try_push(&mut self, item: &[u8]) -> Result<(), Error> {
        if self.data.capacity() - self.data.len() < item.len() {
            // Reserve a whole chunk at once, so a chunk reallocates rarely.
            let want = item.len().max(Self::CHUNK_BYTES.saturating_sub(self.data.len()));
            self.data.try_reserve(want).map_err(|_| Error::OutOfMemory)?;
        }
        if self.ends.len() == self.ends.capacity() {
            let want = 1024.min(Self::CHUNK_ITEMS);
            self.ends.try_reserve(want).map_err(|_| Error::OutOfMemory)?;
        }
        self.data.extend_from_slice(item);
        self.ends.push(self.data.len());
        Ok(())
    }

    /// Whether the chunk should be signed now.
    pub fn is_full(&self) -> bool {
        self.data.len() >= Self::CHUNK_BYTES || self.ends.len() >= Self::CHUNK_ITEMS
    }

    /// How many items it holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it holds no item.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Empties it, keeping its buffers for the next chunk.
    pub fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
    }

    /// The items' bytes, back to back.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// Where each item ends in [`PackedBatch::data`].
    pub fn ends(&self) -> &[usize] {
        &self.ends
    }
}

impl Signer {
    /// Signs the packed items `data[ends[i - 1]..ends[i]]` (the first starts
    /// at 0) into `out`, one hash after another in `format`. `ends` must not
    /// decrease and must stay within `data`; `out` must hold exactly one hash
    /// per item. Large batches run in parallel with the `parallel` feature.
    pub fn sign_packed_into(
        &self,
        data: &[u8],
        ends: &[usize],
        format: HashFormat,
        out: &mut [u8],
    ) -> Result<(), PackedBatchError> {
        let expected = ends.len().saturating_mul(format.item_len());
        if out.len() != expected {
            return Err(PackedBatchError::WrongOutputSize { expected });
        }
        let mut start = 0;
        for (index, &end) in ends.iter().enumerate() {
            if end < start || end > data.len() {
                return Err(PackedBatchError::BadOffsets { index });
            }
            start = end;
        }
        #[cfg(feature = "parallel")]
        if ends.len() >= PARALLEL_THRESHOLD {
            use rayon::prelude::*;
            ends.par_chunks(PARALLEL_CHUNK)
                .zip(out.par_chunks_mut(PARALLEL_CHUNK * format.item_len()))
                .enumerate()
                .for_each(|(chunk, (ends_chunk, out_chunk))| {
                    let first = chunk * PARALLEL_CHUNK;
                    let start = if first == 0 { 0 } else { ends[first - 1] };
                    self.sign_packed_unchecked(data, start, ends_chunk, format, out_chunk);
                });
            return Ok(());
        }
        self.sign_packed_unchecked(data, 0, ends, format, out);
        Ok(())
    }

    /// Offsets and sizes were checked by the caller.
    fn sign_packed_unchecked(&self, data: &[u8], mut start: usize, ends: &[usize], format: HashFormat, out: &mut [u8]) {
        match format {
            HashFormat::Hex => {
                for (&end, slot) in ends.iter().zip(out.as_chunks_mut::<HASH_HEX_LEN>().0) {
                    self.sign(&data[start..end]).encode_hex(slot);
                    start = end;
                }
            }
            HashFormat::Raw => {
                for (&end, slot) in ends.iter().zip(out.as_chunks_mut::<HASH_LEN>().0) {
                    *slot = *self.sign(&data[start..end]).as_bytes();
                    start = end;
                }
            }
        }
    }

    /// Appends the hashes of every item of `batch` to `out`, in `format`.
    /// `OUT_OF_MEMORY` when `out` cannot grow; `out` is then unchanged.
    pub fn sign_batch_into(&self, batch: &PackedBatch, format: HashFormat, out: &mut Vec<u8>) -> Result<(), Error> {
        let added = batch.len().checked_mul(format.item_len()).ok_or(Error::OutOfMemory)?;
        let slots = grow_output(out, added)?;
        // Offsets built by PackedBatch are always in order and in range.
        self.sign_packed_into(batch.data(), batch.ends(), format, slots).map_err(|_| Error::OutOfMemory)
    }

    /// Signs every identifier, in order; large batches run in parallel when
    /// the `parallel` feature is on.
    pub fn sign_many<I: AsRef<[u8]> + Sync>(&self, identifiers: &[I]) -> Vec<IdentityHash> {
        #[cfg(feature = "parallel")]
        if identifiers.len() >= PARALLEL_THRESHOLD {
            use rayon::prelude::*;
            return identifiers.par_iter().with_min_len(PARALLEL_CHUNK).map(|id| self.sign(id)).collect();
        }
        identifiers.iter().map(|id| self.sign(id)).collect()
    }

    /// Signs every identifier into `out` (64 hex bytes each, no separators),
    /// for Rust callers that hold their identifiers as slices. `out` must hold
    /// exactly `64 * identifiers.len()` bytes; returns `false` and writes
    /// nothing otherwise.
    pub fn sign_many_hex_into<I: AsRef<[u8]> + Sync>(&self, identifiers: &[I], out: &mut [u8]) -> bool {
        if out.len() != identifiers.len().saturating_mul(HASH_HEX_LEN) {
            return false;
        }
        let sign_chunk = |ids: &[I], out: &mut [u8]| {
            for (id, slot) in ids.iter().zip(out.as_chunks_mut::<HASH_HEX_LEN>().0) {
                self.sign(id).encode_hex(slot);
            }
        };
        #[cfg(feature = "parallel")]
        if identifiers.len() >= PARALLEL_THRESHOLD {
            use rayon::prelude::*;
            identifiers
                .par_chunks(PARALLEL_CHUNK)
                .zip(out.par_chunks_mut(PARALLEL_CHUNK * HASH_HEX_LEN))
                .for_each(|(ids, out)| sign_chunk(ids, out));
            return true;
        }
        sign_chunk(identifiers, out);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grow_output_appends_zeroes_below_and_above_the_parallel_size() {
        for added in [0, 64, (1 << 20) + 64] {
            let mut out = vec![7u8; 3];
            assert_eq!(grow_output(&mut out, added).map(|slots| slots.len()), Ok(added));
            assert_eq!(out.len(), 3 + added);
            assert_eq!(&out[..3], &[7, 7, 7]);
            assert!(out[3..].iter().all(|&byte| byte == 0));
        }
    }
    use crate::Secret;

    fn signer() -> Signer {
        Signer::new(&Secret::text("batch").unwrap())
    }

    #[test]
    fn packed_items_match_one_by_one_in_both_formats() {
        let signer = signer();
        let items: Vec<Vec<u8>> = (0..5000).map(|i| vec![b'x'; i % 97]).collect();
        let mut batch = PackedBatch::new();
        for item in &items {
            batch.try_push(item).unwrap();
        }
        let mut hex = Vec::new();
        signer.sign_batch_into(&batch, HashFormat::Hex, &mut hex).unwrap();
        let mut raw = Vec::new();
        signer.sign_batch_into(&batch, HashFormat::Raw, &mut raw).unwrap();
        for (i, item) in items.iter().enumerate() {
            assert_eq!(&hex[i * 64..(i + 1) * 64], signer.sign_hex(item).as_bytes(), "item {i}");
            assert_eq!(&raw[i * 32..(i + 1) * 32], signer.sign(item).as_bytes(), "item {i}");
        }
    }

    #[test]
    fn bad_offsets_and_sizes_write_nothing() {
        let signer = signer();
        let mut out = [7u8; 128];
        assert_eq!(
            signer.sign_packed_into(b"abcd", &[3, 2], HashFormat::Hex, &mut out),
            Err(PackedBatchError::BadOffsets { index: 1 })
        );
        assert_eq!(
            signer.sign_packed_into(b"abcd", &[2, 5], HashFormat::Hex, &mut out),
            Err(PackedBatchError::BadOffsets { index: 1 })
        );
        assert_eq!(
            signer.sign_packed_into(b"abcd", &[2], HashFormat::Hex, &mut out),
            Err(PackedBatchError::WrongOutputSize { expected: 64 })
        );
        assert!(out.iter().all(|&b| b == 7));
        assert_eq!(signer.sign_packed_into(b"", &[], HashFormat::Raw, &mut []), Ok(()));
    }

    #[test]
    fn a_chunk_fills_by_bytes_or_items() {
        let mut by_bytes = PackedBatch::new();
        while !by_bytes.is_full() {
            by_bytes.try_push(&[0u8; 60_000]).unwrap();
        }
        assert_eq!(by_bytes.len(), PackedBatch::CHUNK_BYTES.div_ceil(60_000));
        let mut by_items = PackedBatch::new();
        while !by_items.is_full() {
            by_items.try_push(b"a").unwrap();
        }
        assert_eq!(by_items.len(), PackedBatch::CHUNK_ITEMS);
        by_items.clear();
        assert!(by_items.is_empty() && !by_items.is_full());
        assert!(PackedBatch::signs_in_place(PackedBatch::IN_PLACE_BYTES));
        assert!(!PackedBatch::signs_in_place(PackedBatch::IN_PLACE_BYTES - 1));
    }
}

//! HMAC-SHA256 on top of sha2's block function.
//!
//! The keyed inner and outer states are computed once per secret, so signing
//! an identifier of up to 55 bytes costs exactly two SHA-256 compressions.
//! `hmac::Hmac::clone` reaches the same result at about twice that cost,
//! which is why this module drives `compress256` itself; the tests compare it
//! with `hmac::Hmac<Sha256>`, RFC 4231 and Wycheproof.

use sha2::block_api::compress256;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::HASH_LEN;

const BLOCK_LEN: usize = 64;

/// SHA-256 initial hash value (FIPS 180-4, 5.3.3).
const INITIAL_STATE: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// The outer message is always the 32-byte inner digest after one key block,
/// so its padding never changes.
const OUTER_PADDING: [u8; BLOCK_LEN] = {
    let mut block = [0u8; BLOCK_LEN];
    block[HASH_LEN] = 0x80;
    let bits = ((BLOCK_LEN + HASH_LEN) as u64 * 8).to_be_bytes();
    let mut i = 0;
    while i < 8 {
        block[56 + i] = bits[i];
        i += 1;
    }
    block
};

/// SHA-256 states after absorbing `key ^ ipad` and `key ^ opad`.
#[derive(Clone)]
pub(crate) struct KeyedState {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl Drop for KeyedState {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

impl KeyedState {
    pub(crate) fn new(key: &[u8]) -> Self {
        let mut key_block = Zeroizing::new([0u8; BLOCK_LEN]);
        if key.len() > BLOCK_LEN {
            // The digest of a long key is the key: wipe the temporary too.
            let digest = Zeroizing::new(<[u8; HASH_LEN]>::from(Sha256::digest(key)));
            key_block[..HASH_LEN].copy_from_slice(digest.as_slice());
        } else {
            key_block[..key.len()].copy_from_slice(key);
        }
        let mut pad = Zeroizing::new([0u8; BLOCK_LEN]);
        let mut absorb = |xor: u8| {
            for (p, k) in pad.iter_mut().zip(key_block.iter()) {
                *p = k ^ xor;
            }
            let mut state = INITIAL_STATE;
            compress256(&mut state, std::slice::from_ref(&*pad));
            state
        };
        let inner = absorb(0x36);
        let outer = absorb(0x5c);
        KeyedState { inner, outer }
    }

    pub(crate) fn mac(&self, message: &[u8]) -> [u8; HASH_LEN] {
        let mut inner = self.inner;
        let (blocks, rest) = message.as_chunks::<BLOCK_LEN>();
        if !blocks.is_empty() {
            compress256(&mut inner, blocks);
        }
        let bit_len = ((BLOCK_LEN + message.len()) as u64).wrapping_mul(8).to_be_bytes();
        // Up to 55 bytes of tail leave room for the 0x80 byte and the length
        // in one block; the common case zeroes and compresses only that one.
        if rest.len() < BLOCK_LEN - 8 {
            let mut last = [0u8; BLOCK_LEN];
            last[..rest.len()].copy_from_slice(rest);
            last[rest.len()] = 0x80;
            last[BLOCK_LEN - 8..].copy_from_slice(&bit_len);
            compress256(&mut inner, std::slice::from_ref(&last));
        } else {
            let mut last = [[0u8; BLOCK_LEN]; 2];
            last[0][..rest.len()].copy_from_slice(rest);
            last[0][rest.len()] = 0x80;
            last[1][BLOCK_LEN - 8..].copy_from_slice(&bit_len);
            compress256(&mut inner, &last);
        }

        let mut outer_block = OUTER_PADDING;
        write_be_words(&inner, &mut outer_block[..HASH_LEN]);
        let mut outer = self.outer;
        compress256(&mut outer, std::slice::from_ref(&outer_block));
        let mut digest = [0u8; HASH_LEN];
        write_be_words(&outer, &mut digest);
        digest
    }
}

fn write_be_words(words: &[u32; 8], out: &mut [u8]) {
    for (chunk, word) in out.chunks_exact_mut(4).zip(words) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initial_state_is_sha256s() {
        // An empty message is one padding block from the initial state.
        let mut state = INITIAL_STATE;
        let mut block = [0u8; BLOCK_LEN];
        block[0] = 0x80;
        compress256(&mut state, &[block]);
        let mut digest = [0u8; 32];
        write_be_words(&state, &mut digest);
        assert_eq!(digest.as_slice(), Sha256::digest(b"").as_slice());
    }
}

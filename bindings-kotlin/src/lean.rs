//! The raw entry point behind `Signer.sign` and `Signer.signBytes` on the JVM.
//!
//! uniffi's generated JNA code makes four FFI calls per method call (clone
//! handle, allocate the argument buffer, the call, free the result buffer),
//! each building JNA `Structure`s whose native memory JNA tracks in a global
//! map and frees on its single cleaner thread: about 15 µs of JVM work per
//! `sign`, far more than the HMAC. This function is bound with JNA direct
//! mapping and takes one plain array, so one call does the whole job.
#![allow(unsafe_code)]

use std::panic::{AssertUnwindSafe, catch_unwind};

use identity_hmac::HASH_HEX_LEN;

use crate::Signer;

/// Signs in place: `buffer` holds 64 bytes for the result followed by the `len`
/// identifier bytes; the identity hash (64 lowercase hex characters) goes into
/// those first 64 bytes. One array both ways, because JNA copies each array
/// argument in and back out. Returns 0, or -1 for an invalid argument.
///
/// # Safety
///
/// `signer` must be a uniffi handle of a live [`Signer`], kept alive by the
/// caller until this returns (the generated class's call counter does that);
/// `buffer` must point to `64 + len` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_kotlin_signer_sign_hex(signer: u64, buffer: *mut u8, len: i32) -> i32 {
    let Ok(len) = usize::try_from(len) else { return -1 };
    if signer == 0 || buffer.is_null() {
        return -1;
    }
    // uniffi hands a Rust object over as `Arc::into_raw` of it; borrow it, do not consume it.
    let signer = uniffi::ffi::Handle::from_raw_unchecked(signer).as_pointer::<Signer>();
    // SAFETY: the caller guarantees the handle and the buffer's size; the two
    // slices cover disjoint parts of the buffer.
    let (signer, out, identifier) = unsafe {
        (
            &*signer,
            &mut *buffer.cast::<[u8; HASH_HEX_LEN]>(),
            std::slice::from_raw_parts(buffer.add(HASH_HEX_LEN).cast_const(), len),
        )
    };
    // The core does not panic on any input; this only keeps a bug from unwinding into the JVM.
    match catch_unwind(AssertUnwindSafe(|| {
        signer.inner.sign_hex_into(identifier, out);
    })) {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

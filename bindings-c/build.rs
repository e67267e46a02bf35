//! Names the shared library as the platform's loader expects a versioned
//! library to be named, so programs record `libidentity_hmac.so.0` (or
//! `@rpath/libidentity_hmac.0.dylib`) and keep working across compatible
//! upgrades. The number is the crate's major version: install.sh and
//! package.sh name the files from the same version.
//! Exports need no linker flags: rustc's cdylib link already hides every
//! symbol but the `#[unsafe(no_mangle)]` functions (tests/check-exports.sh
//! verifies it).
use std::env;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let major = env!("CARGO_PKG_VERSION_MAJOR");
    // The target's, not the build machine's: build scripts run on the host.
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let family = env::var("CARGO_CFG_TARGET_FAMILY").unwrap_or_default();
    let vendor = env::var("CARGO_CFG_TARGET_VENDOR").unwrap_or_default();
    if vendor == "apple" {
        // Untested here (no macOS): the install name ld64 records in programs.
        println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libidentity_hmac.{major}.dylib");
    } else if family.split(',').any(|f| f == "unix") && os != "emscripten" {
        // ELF: Linux (glibc and musl), Android, the BSDs.
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libidentity_hmac.so.{major}");
    }
}

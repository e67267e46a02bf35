//! Names the shared library as the platform's loader expects a versioned
//! library to be named, so programs record `libidentity_hmac.so.0` (or
//! `@rpath/libidentity_hmac.0.dylib`) and keep working across compatible
//! upgrades. The number is the crate's major version: install.sh and
//! package.sh name the files from the same version.
//! Exports: with the platforms' own linkers, rustc's cdylib link already
//! hides every symbol but the `#[unsafe(no_mangle)]` functions. The release
//! cross-builds link with zig, whose PE linker exports every global symbol
//! (std's, the MinGW runtime's) unless given a .def file: for Windows this
//! writes one from the header's functions. (zig's Mach-O linker takes no
//! export list at all: scripts/release/c.sh links the macOS dylib itself.)
//! tests/check-exports.sh verifies the exports of every platform.
use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let major = env!("CARGO_PKG_VERSION_MAJOR");
    // The target's, not the build machine's: build scripts run on the host.
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let family = env::var("CARGO_CFG_TARGET_FAMILY").unwrap_or_default();
    let vendor = env::var("CARGO_CFG_TARGET_VENDOR").unwrap_or_default();
    if os == "windows" && env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu") {
        windows_def_file();
    }
    if vendor == "apple" {
        // Untested here (no macOS): the install name ld64 records in programs.
        println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libidentity_hmac.{major}.dylib");
    } else if family.split(',').any(|f| f == "unix") && os != "emscripten" {
        // ELF: Linux (glibc and musl), Android, the BSDs.
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libidentity_hmac.so.{major}");
    }
}

/// OUT_DIR/identity_hmac.def, the DLL's exports: every `identity_hmac_*(`
/// function the committed header declares (tests/headers.rs keeps the header
/// in step with src/lib.rs).
fn windows_def_file() {
    println!("cargo:rerun-if-changed=include/identity_hmac.h");
    let header = fs::read_to_string("include/identity_hmac.h").unwrap_or_default();
    let mut names: Vec<&str> = header
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '('))
        .filter_map(|word| word.strip_suffix('('))
        .filter(|name| name.starts_with("identity_hmac_"))
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        println!("cargo:warning=include/identity_hmac.h declares no identity_hmac_* function: no .def file");
        return;
    }
    let mut def = String::from("EXPORTS\n");
    for name in names {
        def.push_str(name);
        def.push('\n');
    }
    let path = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("identity_hmac.def");
    if fs::write(&path, def).is_ok() {
        // A plain linker input, as the MinGW linkers (GNU ld, lld, zig's) take a .def file.
        println!("cargo:rustc-cdylib-link-arg={}", path.display());
    }
}

#!/usr/bin/env bash
# The Go module of the release, in dist/go/ (not committed): it builds with
# CGO_ENABLED=1 and a C compiler, and no Rust toolchain:
#   dist/go/go.mod, *.go                 bindings-c/go's package sources (not the tests)
#   dist/go/include/identity_hmac.h      the header
#   dist/go/lib/PLATFORM/libidentity_hmac.a   one prebuilt static library per target
#       (PLATFORM: lib.sh's target_go_platform: linux_amd64, linux_arm64_musl, ...)
#   dist/go/link.go                      #cgo CFLAGS: the module's include/
#   dist/go/link_PLATFORM.go             #cgo LDFLAGS of the platform's library, chosen by
#       //go:build lines; musl (no GOOS of its own) by the build tag `musl`:
#       `go build -tags musl` on Alpine and other musl systems.
# link_checkout.go (the checkout's target/release) stays out of the module.
# Each platform's library is one record. Its check: a fresh module outside
# the repository's tree (target/release-go/app) requires the module through a
# replace directive, builds with no cargo or rustc on PATH, and prints the
# README's hash:
#   linux/amd64: run natively, plus the package's own go test;
#   linux/arm64: cross-built with zig cc, run under qemu;
#   musl (-tags musl): built static with zig cc, run natively / under qemu;
#   windows/amd64: built with zig cc, run under wine;
#   darwin: built with zig cc (Mach-O checked), not run.
# Usage: bash scripts/release/go.sh TARGET...
set -euo pipefail
source "$(dirname "$0")/lib.sh"
release_component=go
release_tools "$@"
[ $# -gt 0 ] || release_die "usage: go.sh TARGET..."
for t in "$@"; do release_check_target "$t"; done

src="$release_root/bindings-c/go"
module="$release_dist/go"
scratch="$release_root/target/release-go"
module_path="$(awk '$1 == "module" {print $2}' "$src/go.mod")"
mkdir -p "$module/lib" "$module/include" "$scratch"
fail() { release_die "$*"; }
command -v go >/dev/null || fail "go not found"

# The libraries, built as the C tarballs' (musl's with its unwinder inside).
bash "$release_root/scripts/release/c.sh" --libs-only "$@"

# --- assemble -----------------------------------------------------------------
# Sources: every non-test .go file of the package but link_checkout.go, so
# that the module is the package as the repository tests it.
# (Other targets' link_PLATFORM.go and lib/PLATFORM/ from an earlier call stay.)
find "$module" -maxdepth 1 -name '*.go' ! -name 'link_*.go' -delete
for f in "$src"/*.go; do
    case "$f" in *_test.go | */link_checkout.go) continue ;; esac
    cp "$f" "$module/"
done
cp "$src/go.mod" "$module/go.mod"
cp "$release_root/bindings-c/include/identity_hmac.h" "$module/include/"
for f in LICENSE-MIT LICENSE-APACHE; do [ -f "$release_root/$f" ] && cp "$release_root/$f" "$module/"; done
cat > "$module/link.go" <<'GO'
package identityhmac

// The release module's header; link_<platform>.go picks the platform's
// prebuilt static library from lib/<platform>/.

/*
#cgo CFLAGS: -I${SRCDIR}/include
*/
import "C"
GO

# link_go PLATFORM: the //go:build line and the system libraries the static
# library needs there (rustc --print native-static-libs, less what the C
# compiler adds anyway).
write_link_go() {
    local platform="$1" goos goarch constraint libs
    goos="${platform%%_*}"
    goarch="${platform#*_}"; goarch="${goarch%%_*}"
    case "$platform" in
        linux_*_musl) constraint="linux && $goarch && musl" libs="-lm" ;;
        linux_*) constraint="linux && $goarch && !musl" libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl" ;;
        darwin_*) constraint="darwin && $goarch" libs="-lm" ;;
        windows_*) constraint="windows && $goarch" libs="-lgcc_eh -lkernel32 -lntdll -luserenv -lws2_32 -ldbghelp" ;;
    esac
    cat > "$module/link_$platform.go" <<GO
//go:build $constraint

package identityhmac

/*
#cgo LDFLAGS: -L\${SRCDIR}/lib/$platform -lidentity_hmac $libs
*/
import "C"
GO
}

for t in "$@"; do
    platform="$(target_go_platform "$t")"
    rm -rf "$module/lib/$platform"
    mkdir -p "$module/lib/$platform"
    # Only the .a in the directory: -lidentity_hmac links it statically.
    cp "$release_root/target/release-c/$t/libs/libidentity_hmac.a" "$module/lib/$platform/"
    strip_tool=llvm-strip
    "$strip_tool" --strip-debug "$module/lib/$platform/libidentity_hmac.a"
    write_link_go "$platform"
done
gofmt -l "$module" | grep . && fail "gofmt: the module's files are not formatted"

# --- checks ---------------------------------------------------------------------
# A PATH without cargo, rustc or rustup: the module must not need them.
no_rust_path=""
IFS=: read -ra path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
    [ -n "$d" ] || continue
    if [ -x "$d/cargo" ] || [ -x "$d/rustc" ] || [ -x "$d/rustup" ]; then continue; fi
    no_rust_path="${no_rust_path:+$no_rust_path:}$d"
done
go_bin="$(command -v go)"
no_rust() { env PATH="$no_rust_path" CGO_ENABLED=1 "$@"; }
no_rust sh -c '! command -v cargo && ! command -v rustc' >/dev/null || fail "cargo or rustc still on the stripped PATH"
# python3 (zig's wrapper) may sit beside cargo in a venv; zig cc's wrappers name it by full path.

expected="$(python3 -c 'import hmac, hashlib; print(hmac.new(b"wyHVRZzzJhjPMKR2h7LpeJVy", b"test", hashlib.sha256).hexdigest())')"
app="$scratch/app"
rm -rf "$app" && mkdir -p "$app"
cat > "$app/go.mod" <<MOD
module example.com/identity-hmac-release-check

go 1.24

require $module_path v0.0.0

replace $module_path => $module
MOD
cat > "$app/main.go" <<'GO'
// Signs the README's example with the release module and prints the hash
// and the library's version.
package main

import (
	"fmt"
	"log"

	identityhmac "github.com/identity-hmac/identity-hmac/bindings-c/go"
)

func main() {
	signer, err := identityhmac.NewSigner("wyHVRZzzJhjPMKR2h7LpeJVy", identityhmac.Text)
	if err != nil {
		log.Fatal(err)
	}
	defer signer.Close()
	fmt.Println(signer.Sign("test"), identityhmac.Version())
}
GO
export GOFLAGS=-mod=mod GOWORK=off
# Debian's wine64 package puts its loader in /usr/lib/wine (the wine package adds /usr/bin/wine).
wine="$(command -v wine64 || command -v wine || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; } || true)"

# check_output FILE: the program printed the expected hash and version.
check_output() {
    local got
    got="$(tr -d '\r' < "$1")"
    [ "$got" = "$expected $release_version" ] || fail "$2 printed '$got', expected '$expected $release_version'"
}

for t in "$@"; do
    platform="$(target_go_platform "$t")"
    goos="${platform%%_*}" goarch="${platform#*_}"; goarch="${goarch%%_*}"
    bin="$scratch/bin/$platform/app"
    [ "$goos" = windows ] && bin="$bin.exe"
    mkdir -p "$(dirname "$bin")"
    tags=() cc=()
    case "$platform" in *_musl) tags=(-tags musl) ;; esac
    case "$t" in
        x86_64-unknown-linux-gnu) cc=(CC=cc) ;;
        *) cc=(CC="$(release_zig_cc "$t")") ;;
    esac
    ldflags=()
    case "$t" in *-musl) ldflags=(-ldflags '-linkmode external -extldflags -static') ;; esac
    release_log "$t: go build ($platform${tags:+, ${tags[*]}})"
    if [ "$goos" = darwin ]; then
        # Go's darwin link asks for -framework CoreFoundation and -lresolv,
        # which zig's macOS stubs lack: the package compiles (cgo, zig cc)
        # but the program is not linked; the library is inspected.
        (cd "$app" && no_rust "${cc[@]}" GOOS="$goos" GOARCH="$goarch" "$go_bin" build "$module_path")
        case "$goarch" in amd64) want=X86_64 ;; arm64) want=ARM64 ;; esac
        cputypes="$(llvm-objdump --macho --private-header "$module/lib/$platform/libidentity_hmac.a" 2>/dev/null |
            awk '$1 == "MH_MAGIC_64" {print $2}' | sort -u | tr '\n' ' ')"
        [ "$cputypes" = "$want " ] || fail "lib/$platform/libidentity_hmac.a: Mach-O objects of '$cputypes', expected $want"
        how="the package compiled for $goos/$goarch with zig cc and no cargo/rustc on PATH (cgo against the module's header); lib/$platform/libidentity_hmac.a holds only Mach-O $want objects; not linked: Go's darwin link needs -framework CoreFoundation and -lresolv, which zig's macOS stubs lack"
        record "go/lib/$platform/libidentity_hmac.a" "$t" "inspected only" "$how"
        release_log "$t: inspected only: $how"
        continue
    fi
    (cd "$app" && no_rust "${cc[@]}" GOOS="$goos" GOARCH="$goarch" "$go_bin" build "${tags[@]}" "${ldflags[@]}" -o "$bin" .)
    runner="$(target_runner "$t")"
    case "$t" in *-windows-*) [ -n "$wine" ] && runner=wine ;; esac
    case "$runner" in
        native)
            "$bin" > "$scratch/out-$platform.txt"
            check_output "$scratch/out-$platform.txt" "$bin"
            how="a fresh module (replace => dist/go) built with no cargo/rustc on PATH, run natively: prints the README hash"
            case "$t" in
                *-musl) file -b "$bin" | grep 'statically linked' >/dev/null || fail "$bin is not statically linked"
                    how="$how; -tags musl, zig cc, statically linked" ;;
                x86_64-unknown-linux-gnu)
                    # The package's own tests, on a copy of the module with them
                    # and the repository files they read, still with no Rust toolchain.
                    tests="$scratch/tests"
                    rm -rf "$tests" && mkdir -p "$tests/bindings-c"
                    cp -R "$module" "$tests/bindings-c/go"
                    cp "$src"/*_test.go "$src/go.sum" "$tests/bindings-c/go/"  # go.sum: the golang-jwt cross-check
                    ln -s "$release_root/browser-tests" "$tests/browser-tests"  # fixture.json of the preset tests
                    ln -s "$release_root/conformance" "$tests/conformance"
                    ln -s "$release_root/Cargo.toml" "$tests/Cargo.toml"
                    (cd "$tests/bindings-c/go" && no_rust CC=cc "$go_bin" test -count=1 . > "$scratch/go-test.log" 2>&1) ||
                        { cat "$scratch/go-test.log" >&2; fail "go test of the release module failed"; }
                    tail -1 "$scratch/go-test.log" >&2
                    how="$how; and the package's go test suite on the module's library" ;;
            esac
            check="ran natively" ;;
        qemu)
            bash "$release_root/scripts/release/run-arm64.sh" "$bin" > "$scratch/out-$platform.txt"
            check_output "$scratch/out-$platform.txt" "$bin"
            how="a fresh module (replace => dist/go) cross-built with zig cc, no cargo/rustc on PATH, run under qemu-aarch64: prints the README hash"
            case "$t" in *-musl) how="$how; -tags musl, statically linked" ;; esac
            check="ran under qemu" ;;
        wine)
            # As c.sh: wine 8 lacks bcryptprimitives.dll, so a ProcessPrng stand-in sits beside the program.
            "${cc[0]#CC=}" -shared -O2 -o "$(dirname "$bin")/bcryptprimitives.dll" \
                "$release_root/bindings-c/tests/wine/bcryptprimitives.c" -ladvapi32
            if WINEPREFIX="$release_root/target/release-c/wine" WINEDEBUG=-all "$wine" "$bin" > "$scratch/out-$platform.txt" 2>"$scratch/wine-$platform.log"; then
                check_output "$scratch/out-$platform.txt" "$bin"
                how="a fresh module (replace => dist/go) built with zig cc for windows/amd64, no cargo/rustc on PATH, run under wine 8 (ProcessPrng stand-in): prints the README hash"
                check="ran under wine"
            else
                cat "$scratch/wine-$platform.log" >&2
                fail "$bin failed under wine"
            fi ;;
        *)
            what="$(file -b "$bin")"
            case "$goos/$goarch" in
                darwin/amd64) want="^Mach-O 64-bit x86_64 executable" why="no macOS here" ;;
                darwin/arm64) want="^Mach-O 64-bit arm64 executable" why="no macOS here" ;;
                windows/amd64) want="^PE32\+ executable.*x86-64" why="no wine here" ;;
            esac
            grep -qE "$want" <<<"$what" || fail "$bin: file says '$what'"
            how="a fresh module (replace => dist/go) built with zig cc for $goos/$goarch, no cargo/rustc on PATH: $what (not run: $why)"
            check="inspected only" ;;
    esac
    record "go/lib/$platform/libidentity_hmac.a" "$t" "$check" "$how"
    release_log "$t: $check: $how"
done

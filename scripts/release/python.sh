#!/usr/bin/env bash
# Python release artifacts: an abi3 wheel (CPython 3.10+) per target and the
# sdist, into dist/python/, each checked, then recorded for the manifest.
#
#   bash scripts/release/python.sh TARGET...
#
# Built with the pinned maturin of bindings-python/release-tools.txt:
# - Linux through zig: manylinux2014 (glibc 2.17 symbols) and musllinux_1_2;
#   the host's x86_64 glibc wheel is bindings-python/build-wheel.sh's own.
# - macOS through zig, for lib.sh's MACOSX_DEPLOYMENT_TARGET (11.0).
# - Windows (x86_64-pc-windows-gnu) with MinGW-w64's gcc as the linker:
#   `maturin --zig` fails to link it (lld-link: undefined symbol
#   PyInit_identity_hmac._native, the dotted module name). maturin makes the
#   python3.dll import library itself (abi3), so no crate feature is needed.
# Checks: every wheel abi3audit --strict, twine check --strict, the licence
# texts inside. x86_64 glibc: installed into a fresh venv, tests/ run with
# pytest. arm64 glibc: installed into a venv of the arm64 root's CPython 3.11,
# tests/ run under qemu. musl, macOS, Windows: their native module inspected
# (tag, machine, linked libraries, exports). The sdist (built once per call):
# its members, twine check, licence texts (bindings-python/test.sh installs it).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
release_component=python
release_tools "$@"
[ "$#" -gt 0 ] || release_die "usage: $0 TARGET..."
# The host runs the x86_64 glibc wheel natively and the arm64 one under qemu.
[ "$(uname -sm)" = "Linux x86_64" ] || release_die "python.sh runs on a Linux x86-64 host"
for target in "$@"; do release_check_target "$target"; done

py_dir="$release_root/bindings-python"
out="$release_dist/python"
scratch="$release_root/target/release-python"
tools="$(bash "$py_dir/tools-venv.sh")"
v="$release_version"
mkdir -p "$out" "$scratch"
# The tools venv first: maturin runs zig as `python3 -m ziglang`.
PATH="$tools/bin:$PATH"
export PATH

need_command() { # need_command COMMAND DEBIAN_PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    release_log "apt-get install $2 (for $1)"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$2" >&2
}
need_command readelf binutils
need_command file file

# The wheel's platform tag for a target, as a glob (maturin writes
# manylinux2014_X.manylinux_2_17_X for glibc).
wheel_platform_glob() {
    case "$1" in
        x86_64-unknown-linux-gnu) echo 'manylinux2014_x86_64.manylinux_2_17_x86_64' ;;
        aarch64-unknown-linux-gnu) echo 'manylinux2014_aarch64.manylinux_2_17_aarch64' ;;
        x86_64-unknown-linux-musl) echo 'musllinux_1_2_x86_64' ;;
        aarch64-unknown-linux-musl) echo 'musllinux_1_2_aarch64' ;;
        x86_64-apple-darwin) echo 'macosx_*_x86_64' ;;
        aarch64-apple-darwin) echo 'macosx_*_arm64' ;;
        x86_64-pc-windows-gnu) echo 'win_amd64' ;;
    esac
}

# Drop the records of artifacts that are gone (a rerun replaces its files).
prune_records() {
    local tsv="$release_dist/.records/python.tsv" path rest
    [ -f "$tsv" ] || return 0
    while IFS=$'\t' read -r path rest; do
        [ -f "$release_dist/$path" ] && printf '%s\t%s\n' "$path" "$rest"
    done <"$tsv" >"$tsv.new"
    mv "$tsv.new" "$tsv"
}

# check_licences ARCHIVE: the workspace's licence texts are inside, unchanged.
check_licences() {
    "$tools/bin/python" - "$1" "$release_root" "$v" <<'EOF'
import sys, tarfile, zipfile
from pathlib import Path
archive, root, version = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
names = ("LICENSE-MIT", "LICENSE-APACHE")
if archive.suffix == ".whl":
    with zipfile.ZipFile(archive) as wheel:
        found = {n: wheel.read(f"identity_hmac-{version}.dist-info/licenses/{n}") for n in names
                 if f"identity_hmac-{version}.dist-info/licenses/{n}" in wheel.namelist()}
        metadata = wheel.read(f"identity_hmac-{version}.dist-info/METADATA").decode()
else:
    with tarfile.open(archive) as sdist:
        members = set(sdist.getnames())
        found = {n: sdist.extractfile(f"identity_hmac-{version}/{n}").read() for n in names
                 if f"identity_hmac-{version}/{n}" in members}
        metadata = sdist.extractfile(f"identity_hmac-{version}/PKG-INFO").read().decode()
for name in names:
    if found.get(name) != (root / name).read_bytes():
        sys.exit(f"{archive.name}: {name} is missing or differs from the repository's")
    if f"License-File: {name}" not in metadata.splitlines():
        sys.exit(f"{archive.name}: its metadata lacks License-File: {name}")
EOF
}

# unpack_wheel WHEEL DIR: prints the path of the native module inside.
unpack_wheel() {
    rm -rf "$2"
    "$tools/bin/python" -m zipfile -e "$1" "$2"
    local native=("$2"/identity_hmac/_native.*)
    [ "${#native[@]}" -eq 1 ] && [ -f "${native[0]}" ] || release_die "$(basename "$1"): no single native module: ${native[*]}"
    echo "${native[0]}"
}

# auditwheel_field WHEEL FIELD [LDPATHS]: a field of `auditwheel show --json`
# (a tag, or the external libraries as NAME,NAME). With LDPATHS, libraries are
# looked up only there.
auditwheel_field() {
    local wheel="$1" field="$2" ldpaths=()
    [ "$#" -lt 3 ] || ldpaths=(--ldpaths "$3")
    "$tools/bin/auditwheel" show --json "${ldpaths[@]}" "$wheel" 2>/dev/null |
        "$tools/bin/python" -c 'import json, sys
report = json.load(sys.stdin)
value = report[sys.argv[1]]
print(",".join(sorted(value)) if isinstance(value, dict) else value)' "$field"
}

# check_elf MODULE MACHINE NEEDED_REGEX: machine, shared libraries, exports.
check_elf() {
    local module="$1" machine="$2" needed_ok="$3" needed exports
    readelf -h "$module" | grep -q "Machine: *$machine\$" ||
        release_die "$module: not $machine: $(readelf -h "$module" | grep Machine:)"
    needed="$(readelf -d "$module" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')"
    for lib in $needed; do
        [[ "$lib" =~ ^($needed_ok)$ ]] || release_die "$module links $lib (allowed: $needed_ok)"
    done
    exports="$(nm -D --defined-only "$module" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sort | tr '\n' ' ')"
    [ "$exports" = "PyInit__native " ] || release_die "$module exports more than PyInit__native: $exports"
    echo "ELF $machine; NEEDED ${needed% }; exports only PyInit__native"
}

# check_macho MODULE ARCH WHEEL: arch, minimum macOS (= the wheel's tag),
# libraries, exports. The minimum is LC_BUILD_VERSION's minos, or, for
# deployment targets before 10.14 (x86_64's default 10.12), LC_VERSION_MIN_MACOSX.
check_macho() {
    local module="$1" arch="$2" wheel="$3" headers minos tag_arch dylibs exports how mac_target
    need_command llvm-objdump llvm
    file -b "$module" | grep -q "^Mach-O 64-bit .*$arch" || release_die "$module: $(file -b "$module")"
    headers="$(llvm-objdump --macho --private-headers "$module")"
    minos="$(awk '/cmd LC_BUILD_VERSION/{b=1} b && $1=="minos"{print $2; exit}' <<<"$headers")"
    if [ -n "$minos" ]; then
        awk '/cmd LC_BUILD_VERSION/{b=1} b && $1=="platform"{print $2; exit}' <<<"$headers" | grep -qx 'macos' ||
            release_die "$module: LC_BUILD_VERSION's platform is not macos"
        how="LC_BUILD_VERSION platform macos minos $minos"
    else
        minos="$(awk '/cmd LC_VERSION_MIN_MACOSX/{b=1} b && $1=="version"{print $2; exit}' <<<"$headers")"
        [ -n "$minos" ] || release_die "$module: neither LC_BUILD_VERSION nor LC_VERSION_MIN_MACOSX"
        how="LC_VERSION_MIN_MACOSX $minos"
    fi
    [ "$arch" = x86_64 ] && tag_arch=x86_64 || tag_arch=arm64
    case "$minos" in *.*) ;; *) minos="$minos.0" ;; esac
    case "$(basename "$wheel")" in
        *"-macosx_${minos%%.*}_${minos#*.}_${tag_arch}.whl") ;;
        *) release_die "$(basename "$wheel"): its tag does not match the module's minimum macOS $minos" ;;
    esac
    # Rust's std links libiconv (which brings libcharset): all three are macOS's own.
    dylibs="$(awk '/cmd LC_LOAD_DYLIB/{d=1} d && $1=="name"{print $2; d=0}' <<<"$headers" | sort | tr '\n' ' ')"
    for lib in $dylibs; do
        case "$lib" in
            /usr/lib/libSystem.B.dylib | /usr/lib/libiconv.2.dylib | /usr/lib/libcharset.1.dylib) ;;
            *) release_die "$module links $lib, not a library of macOS" ;;
        esac
    done
    grep -q '^/usr/lib/libSystem.B.dylib ' <<<"$dylibs" || release_die "$module does not link libSystem"
    [ "$arch" = x86_64 ] && mac_target=x86_64-apple-darwin || mac_target=aarch64-apple-darwin
    exports="$(check_exports "$module" "$mac_target" PyInit__native)"
    echo "Mach-O $arch; $how = tag macosx_${minos//./_}; links only ${dylibs% } (macOS's); $exports"
}

# check_pe MODULE: PE32+ x86-64, imports python3.dll (abi3) and system DLLs only.
check_pe() {
    local module="$1" dump dlls exports
    file -b "$module" | grep -q '^PE32+ executable (DLL).*x86-64' || release_die "$module: $(file -b "$module")"
    dump="$(objdump -p "$module")"
    dlls="$(sed -n 's/^\s*DLL Name: //p' <<<"$dump" | sort -f | tr '\n' ' ')"
    grep -qw python3.dll <<<"$dlls" || release_die "$module does not import python3.dll: $dlls"
    for dll in $dlls; do
        case "${dll,,}" in
            python3.dll | kernel32.dll | msvcrt.dll | ntdll.dll | bcryptprimitives.dll | api-ms-win-*.dll | ws2_32.dll | userenv.dll) ;;
            *) release_die "$module imports $dll, not a system DLL nor python3.dll" ;;
        esac
    done
    exports="$(awk '/\[Ordinal\/Name Pointer\] Table/{t=1; next} t && /^[ \t]*\[/{print $NF; next} t{exit}' <<<"$dump" | tr '\n' ' ')"
    [ "$exports" = "PyInit__native " ] || release_die "$module exports more than PyInit__native: $exports"
    echo "PE32+ x86-64 DLL; imports python3.dll (abi3) and Windows DLLs only (${dlls% }); exports only PyInit__native"
}

# pytest_summary JUNIT_XML: "N passed" (fails unless all ran tests passed).
pytest_summary() {
    "$tools/bin/python" - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root if root.tag == "testsuite" else root.find("testsuite")
tests, failures, errors, skipped = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
if failures or errors or tests - skipped == 0:
    sys.exit(f"pytest: {tests} tests, {failures} failures, {errors} errors")
print(f"{tests - skipped} passed" + (f", {skipped} skipped" if skipped else ""))
EOF
}

# Two test modules need packages beyond pytest's hash-pinned wheels (Jinja2,
# Django and Flask for the framework helpers, PyJWT for the token cross-check):
# bindings-python/test.sh runs them against its installed wheel.
pytest_args=(-q -p no:cacheprovider --import-mode=importlib --rootdir "$py_dir" "$py_dir/tests"
    --ignore="$py_dir/tests/test_frameworks.py" --ignore="$py_dir/tests/test_jwt_interop.py")
export IDENTITY_HMAC_CORPUS="$release_root/conformance/corpus.json"
export IDENTITY_HMAC_BAD_INPUTS="$release_root/conformance/bad_inputs.json"
pydeps="$scratch/pytest-wheels"
pytest_wheels() {
    if ! cmp -s "$py_dir/requirements-release-tests.txt" "$pydeps/requirements.txt" 2>/dev/null; then
        rm -rf "$pydeps"
        "$tools/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps \
            --only-binary=:all: -d "$pydeps" -r "$py_dir/requirements-release-tests.txt" >&2
        cp "$py_dir/requirements-release-tests.txt" "$pydeps/requirements.txt"
    fi
}

# Tests of the arm64 suite that cannot run under qemu-user, and why.
qemu_deselect=(
    # qemu-user ignores a guest's setrlimit(RLIMIT_AS) (it needs the address
    # space itself), so the child is never short of memory: the first would
    # pass without meeting its limit (in 90 s), the second fails. Node ids
    # are relative to bindings-python, pytest's --rootdir.
    "tests/test_bounds.py::test_sign_many_of_large_items_under_a_memory_limit_does_not_abort"
    "tests/test_bounds.py::test_sign_many_that_cannot_allocate_its_chunk_raises_memory_error"
)

# build_wheel TARGET DIR: one wheel for TARGET into DIR (emptied first).
build_wheel() {
    local target="$1" dir="$2" args=(build --quiet --locked --release --manifest-path "$py_dir/Cargo.toml" --out "$2")
    local build_env=()
    rm -rf "$dir"
    case "$target" in
        *-linux-gnu) args+=(--zig --target "$target" --compatibility manylinux2014) ;;
        *-linux-musl) args+=(--zig --target "$target" --compatibility musllinux_1_2) ;;
        # Fat LTO: zig's Mach-O linker ignores rustc's export list (see lib.sh's release_zigbuild).
        *-apple-darwin) args+=(--zig --target "$target"); build_env+=(CARGO_PROFILE_RELEASE_LTO=fat) ;;
        x86_64-pc-windows-gnu)
            need_command x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64
            export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
            args+=(--target "$target") ;;
    esac
    env "${build_env[@]}" CARGO_TARGET_DIR="$scratch/cargo" "$tools/bin/maturin" "${args[@]}" >&2
}

test_natively() { # test_natively VENV: pytest on the installed wheel
    local venv="$1" work="$scratch/x86_64-test"
    pytest_wheels
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --no-deps \
        --require-hashes -r "$py_dir/requirements-release-tests.txt" --find-links "$pydeps" >&2
    rm -rf "$work" && mkdir -p "$work"
    (cd "$work" && "$venv/bin/python" -m pytest "${pytest_args[@]}" --junitxml="$work/junit.xml" >&2)
    pytest_summary "$work/junit.xml"
}

test_under_qemu() { # test_under_qemu WHEEL: pytest in the arm64 root's python3
    local wheel="$1" rootfs venv="$scratch/arm64-venv" work="$scratch/arm64-test" site
    rootfs="$(bash "$release_root/scripts/release/arm64-root.sh")"
    pytest_wheels
    rm -rf "$venv" "$work" && mkdir -p "$work/bin"
    bash "$release_root/scripts/release/run-arm64.sh" "$rootfs/usr/bin/python3" -m venv --without-pip "$venv" >&2
    # The venv's python is a script that starts the root's python3.11 under
    # qemu with argv[0] = itself: sys.executable is then runnable here, so
    # the tests' child Pythons run (under qemu) too. An LD_PRELOAD is the
    # arm64 program's, not qemu's.
    rm -f "$venv/bin/python" "$venv/bin/python3" "$venv/bin/python3.11"
    cat >"$venv/bin/python3.11" <<EOF
#!/bin/sh
if [ -n "\${LD_PRELOAD:-}" ]; then
    exec env -u LD_PRELOAD bash "$release_root/scripts/release/run-arm64.sh" -E "LD_PRELOAD=\$LD_PRELOAD" -0 "\$0" "$rootfs/usr/bin/python3.11" "\$@"
fi
exec bash "$release_root/scripts/release/run-arm64.sh" -0 "\$0" "$rootfs/usr/bin/python3.11" "\$@"
EOF
    chmod +x "$venv/bin/python3.11"
    ln -s python3.11 "$venv/bin/python3" && ln -s python3.11 "$venv/bin/python"
    site="$venv/lib/python3.11/site-packages"
    # pip of the host installs the arm64 wheel and pytest's wheels (hash-pinned) into the arm64 venv.
    "$tools/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --no-deps \
        --target "$site" --platform manylinux_2_17_aarch64 --python-version 3.11 --implementation cp \
        --abi abi3 --only-binary=:all: "$wheel" >&2
    "$tools/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --no-deps \
        --target "$site" --only-binary=:all: --require-hashes -r "$py_dir/requirements-release-tests.txt" \
        --find-links "$pydeps" >&2
    # test_errors builds a failing getrandom() with `cc`: an arm64 one here.
    printf '#!/bin/sh\nexec "%s" "$@"\n' "$(release_zig_cc aarch64-unknown-linux-gnu)" >"$work/bin/cc"
    chmod +x "$work/bin/cc"
    (cd "$work" && "$venv/bin/python" -I -c '
import platform, sys, identity_hmac
assert platform.machine() == "aarch64", platform.machine()
assert identity_hmac.__file__.startswith(sys.prefix), identity_hmac.__file__
assert identity_hmac.sign("wyHVRZzzJhjPMKR2h7LpeJVy", "test").startswith("45e289a6")
' >&2)
    local deselect=() t
    for t in "${qemu_deselect[@]}"; do deselect+=(--deselect "$t"); done
    (cd "$work" && PATH="$work/bin:$PATH" "$venv/bin/python" -m pytest "${pytest_args[@]}" "${deselect[@]}" \
        --junitxml="$work/junit.xml" >&2)
    pytest_summary "$work/junit.xml"
}

# --- wheels -------------------------------------------------------------------
for target in "$@"; do
    step=$SECONDS
    glob="$(wheel_platform_glob "$target")"
    rm -f "$out"/identity_hmac-*-$glob.whl
    prune_records
    dir="$scratch/wheels/$target"
    if [ "$target" = x86_64-unknown-linux-gnu ]; then
        # The host wheel: build-wheel.sh builds it (as test.sh does, into the
        # same cargo target directory) and installs it into a fresh venv.
        bash "$py_dir/build-wheel.sh" "$scratch/x86_64-venv" "$dir" >&2
    else
        build_wheel "$target" "$dir"
    fi
    wheels=("$dir"/identity_hmac-"$v"-cp310-abi3-$glob.whl)
    [ "$(ls "$dir" | wc -l)" -eq 1 ] && [ -f "${wheels[0]}" ] ||
        release_die "$target: expected one identity_hmac-$v-cp310-abi3-$glob.whl in $dir, found: $(ls "$dir")"
    wheel="${wheels[0]}"
    name="$(basename "$wheel")"
    "$tools/bin/abi3audit" --strict --summary "$wheel" >&2
    "$tools/bin/twine" check --strict "$wheel" >&2
    check_licences "$wheel"
    module="$(unpack_wheel "$wheel" "$scratch/unpacked/$target")"
    common="abi3audit --strict clean, twine check --strict, licence texts inside"
    case "$target" in
        *-linux-gnu)
            arch="${target%%-*}"
            policy="$(auditwheel_field "$wheel" overall_tag)"
            [ "$policy" = "manylinux_2_17_$arch" ] || {
                minor="$(sed -n 's/^manylinux_2_\([0-9]*\)_.*/\1/p' <<<"$policy")"
                [ -n "$minor" ] && [ "$minor" -le 17 ] || release_die "$name: auditwheel says '$policy', not manylinux_2_17 or older"
            }
            [ "$arch" = x86_64 ] && machine="Advanced Micro Devices X86-64" || machine=AArch64
            elf="$(check_elf "$module" "$machine" 'libc\.so\.6|libm\.so\.6|libgcc_s\.so\.1|libpthread\.so\.0|libdl\.so\.2|ld-linux-.*')"
            if [ "$arch" = x86_64 ]; then
                cp "$wheel" "$out/" # before the tests: they read nothing from dist
                summary="$(test_natively "$scratch/x86_64-venv")"
                check="ran natively"
                how="installed into a fresh venv, bindings-python/tests: $summary; auditwheel: $policy; $common"
            else
                summary="$(test_under_qemu "$wheel")"
                cp "$wheel" "$out/"
                check="ran under qemu"
                how="installed into a venv of Debian's arm64 CPython 3.11, bindings-python/tests under qemu-aarch64: $summary (${#qemu_deselect[@]} RLIMIT_AS tests deselected: qemu-user ignores the limit); auditwheel: $policy; $common"
            fi
            ;;
        *-linux-musl)
            # auditwheel's symbol policy is musllinux_1_2. Its overall tag
            # stays linux_*: it wants Alpine's soname libc.musl-ARCH.so.1,
            # zig links musl's own name libc.so, which musl's loader maps
            # to itself on every musl system.
            arch="${target%%-*}"
            # Looked up nowhere: the host's libc.so is glibc's linker script.
            mkdir -p "$scratch/no-ldpaths"
            policy="$(auditwheel_field "$wheel" sym_tag "$scratch/no-ldpaths")"
            [ "$policy" = "musllinux_1_2_$arch" ] || release_die "$name: auditwheel's symbol policy is '$policy', not musllinux_1_2_$arch"
            external="$(auditwheel_field "$wheel" external_libs "$scratch/no-ldpaths")"
            [ "$external" = libc.so ] || release_die "$name: needs more than musl's libc.so: $external"
            [ "$arch" = x86_64 ] && machine="Advanced Micro Devices X86-64" || machine=AArch64
            elf="$(check_elf "$module" "$machine" "libc\.so|libc\.musl-$arch\.so\.1")"
            cp "$wheel" "$out/"
            check="inspected only"
            how="no musl CPython here; auditwheel: symbol policy $policy, external libraries only libc.so; $elf; $common"
            ;;
        *-apple-darwin)
            [ "${target%%-*}" = x86_64 ] && arch=x86_64 || arch=arm64
            macho="$(check_macho "$module" "$arch" "$wheel")"
            cp "$wheel" "$out/"
            check="inspected only"
            how="$macho; $common"
            ;;
        x86_64-pc-windows-gnu)
            pe="$(check_pe "$module")"
            cp "$wheel" "$out/"
            check="inspected only"
            how="no Windows CPython here (wine has none); $pe; linked by MinGW-w64 gcc; $common"
            ;;
    esac
    record "python/$name" "$target" "$check" "$how"
    release_log "$name: $(wc -c <"$out/$name") bytes, $check, $((SECONDS - step)) s"
done

# --- sdist --------------------------------------------------------------------
step=$SECONDS
rm -f "$out"/identity_hmac-*.tar.gz
prune_records
rm -rf "$scratch/sdist"
"$tools/bin/maturin" sdist --manifest-path "$py_dir/Cargo.toml" --out "$scratch/sdist" >&2
sdist="$scratch/sdist/identity_hmac-$v.tar.gz"
[ -f "$sdist" ] || release_die "no $sdist"
members="$(tar -tzf "$sdist" | sed 's|^[^/]*/||')"
for member in PKG-INFO pyproject.toml Cargo.toml Cargo.lock LICENSE-MIT LICENSE-APACHE core/Cargo.toml \
    core/src/lib.rs bindings-python/Cargo.toml bindings-python/src/lib.rs python/identity_hmac/__init__.py \
    python/identity_hmac/__init__.pyi python/identity_hmac/py.typed; do
    grep -qxF "$member" <<<"$members" || release_die "the sdist lacks $member"
done
"$tools/bin/twine" check --strict "$sdist" >&2
check_licences "$sdist"
# Not installed here: bindings-python/test.sh (in the test command, like
# this script's CI slice) builds the same sdist from the same tree and pip
# builds and installs it in a fresh venv on every run; doing it twice would
# add minutes of compiling to CI.
cp "$sdist" "$out/"
record "python/$(basename "$sdist")" any "inspected only" \
    "$(wc -l <<<"$members") files incl. the core crate and Cargo.lock; twine check --strict; licence texts inside (pip-install of the same sdist: bindings-python/test.sh)"
release_log "$(basename "$sdist"): $(wc -c <"$out/$(basename "$sdist")") bytes, $((SECONDS - step)) s"

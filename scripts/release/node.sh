#!/usr/bin/env bash
# The Node release artifacts, in napi-rs's layout, into dist/node/:
#   identity-hmac-VERSION.tgz                 the main package (entry point, loader,
#                                             types), with an optional dependency on
#                                             every platform package
#   identity-hmac-PLATFORM-VERSION.tgz        one per target asked for: the .node file
#                                             (PLATFORM from target_node_platform)
#
#   bash scripts/release/node.sh TARGET...
#
# Each .node is built with `napi build --target T --cross-compile` (cargo-zigbuild;
# glibc 2.17 symbols on Linux gnu); the Windows GNU one with release_zigbuild,
# since napi's --cross-compile takes only MSVC for Windows. Then it is checked:
#   x86_64 gnu   a fresh project installs the main + platform tarballs and runs the
#                binding's node:test suite natively;
#   aarch64 gnu  the same install with npm's --cpu/--os/--libc, the suite run by
#                the arm64 root's Node under qemu;
#   the others   inspected: format, architecture, linked libraries, exports; and
#                npm given the target's --os/--cpu/--libc installs the package.
# The main tarball is installed alone too (no platform package): requiring it must
# fail with an error that names this machine's platform package.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
release_component=node
release_tools "$@"
shopt -s inherit_errexit

[ "$#" -gt 0 ] || release_die "usage: node.sh TARGET..."
for target in "$@"; do release_check_target "$target"; done

node_dir="$release_root/bindings-node"
scratch="$release_root/target/release-node"
dist="$release_dist/node"
main_name="identity-hmac-$release_version.tgz"

rm -rf "$scratch"
mkdir -p "$scratch" "$dist"
cd "$node_dir"
release_log "npm ci"
npm ci --no-audit --no-fund --loglevel=error >&2

# --- build -------------------------------------------------------------------
# napi-build links Windows GNU addons with -lnode from LIBNODE_PATH and wants a
# libnode.dll there. The addon finds Node-API in node.exe at run time (napi's
# dyn-symbols), so an import library without symbols is all the link needs; the
# libnode.dll beside it only satisfies napi-build's existence check.
libnode_stub() {
    local dir="$scratch/libnode"
    mkdir -p "$dir"
    printf 'LIBRARY node.exe\nEXPORTS\n' > "$dir/libnode.def"
    python3 -m ziglang dlltool -d "$dir/libnode.def" -l "$dir/libnode.dll.a" -m i386:x86-64 >&2
    : > "$dir/libnode.dll"
    echo "$dir"
}

build_node_file() {
    local target="$1" platform out
    platform="$(target_node_platform "$target")"
    out="$scratch/$platform"
    mkdir -p "$out"
    if [ "$target" = x86_64-pc-windows-gnu ]; then
        LIBNODE_PATH="$(libnode_stub)" release_zigbuild "$target" -p identity-hmac-node >&2
        cp "$(target_cargo_out "$target")/identity_hmac_node.dll" "$out/identity-hmac.$platform.node"
    else
        CARGO_TARGET_DIR="$release_cargo_target" npx napi build --platform --release --cross-compile \
            --target "$(target_zigbuild "$target")" --output-dir "$out" --js index.js --dts index.d.ts >&2
    fi
    [ -f "$out/identity-hmac.$platform.node" ] || release_die "no identity-hmac.$platform.node from the $target build"
    echo "$out/identity-hmac.$platform.node"
}

# --- inspection --------------------------------------------------------------
# lib.sh's inspect_* check format, architecture, linked libraries (glibc 2.17
# floor, macOS 11.0); here, what a Node addon needs on top: it exports the
# Node-API entry point, and takes Node-API from the process that loads it
# (napi-rs resolves it at load), never from a library of its own.
check_has() { # what text pattern
    grep -Eq -- "$3" <<<"$2" || release_die "$1: expected /$3/ in: $(head -c 2000 <<<"$2")"
}

check_addon_exports() {
    local node_file="$1" target="$2"
    exported_symbols "$node_file" "$target" | grep -x napi_register_module_v1 >/dev/null ||
        release_die "$node_file: does not export napi_register_module_v1"
}

inspect_addon() {
    local target="$1" node_file="$2" how needed
    case "$target" in
        *-linux-*)
            how="$(inspect_elf "$node_file" "$target")"
            if objdump -T "$node_file" | grep 'UND.* napi_' >/dev/null; then release_die "$node_file: undefined napi_* symbols"; fi
            if [[ "$target" = *-musl ]]; then
                # Linked against musl's libc (its loader answers libc.so with itself).
                needed="$(readelf -d "$node_file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
                grep -Eqx 'libc\.so|libc\.musl-.*\.so\.1' <<<"$needed" || release_die "$node_file: not linked against musl's libc"
            fi
            ;;
        *-apple-darwin)
            how="$(inspect_macho "$node_file" "$target")"
            # napi-build links with -undefined dynamic_lookup: any napi_* left
            # undefined is looked up at load, never bound to a library.
            if llvm-nm -m --undefined-only "$node_file" | grep '_napi_' | grep -vq 'dynamically looked up'; then
                release_die "$node_file: a napi_* symbol is bound to a library"
            fi
            ;;
        *-windows-gnu)
            how="$(inspect_pe "$node_file")"
            file -b "$node_file" | grep -q '(DLL)' || release_die "$node_file: not a DLL"
            ;;
    esac
    check_addon_exports "$node_file" "$target"
    echo "$how; exports napi_register_module_v1; Node-API from the loading process"
}

# --- runs --------------------------------------------------------------------
# A fresh npm project in $1 (the package.json there, if one was written, else
# npm init's) with the tarballs $3... installed with npm flags $2.
fresh_project() {
    local project="$1" flags="$2"
    shift 2
    mkdir -p "$project"
    [ -f "$project/package.json" ] || (cd "$project" && npm init -y >/dev/null)
    # shellcheck disable=SC2086 # flags are words
    (cd "$project" &&
        npm install --no-audit --no-fund --loglevel=error $flags "$@" >&2)
    cp -R "$node_dir/test" "$project/test"
}

run_suite_native() {
    local project="$1" log="$scratch/suite-x64.log" count
    bash "$node_dir/npm-dirs.sh" "$scratch/linux-x64-gnu/npm" 2>/dev/null
    (cd "$project" && IDENTITY_HMAC_REPO_ROOT="$release_root" IDENTITY_HMAC_GENERATED_DIR="$scratch/linux-x64-gnu" \
        node --test test/*.test.mjs test/*.test.cjs) > "$log" 2>&1 || { cat "$log" >&2; release_die "node --test failed natively"; }
    count="$(sed -n 's/^# pass //p' "$log")"
    grep -qx '# fail 0' "$log" || release_die "node --test: failures natively"
    echo "$count"
}

# Debian's Node 18 under qemu. Its `node --test` runs each file in a child
# node, which qemu-user cannot start (no binfmt_misc), so one node imports
# every test file and node:test runs them in that process. Tests that start
# child processes skip themselves; threads.test.mjs (8 workers x 100 000
# signs, minutes under emulation) is left out.
run_suite_qemu() {
    local project="$1" log="$scratch/suite-arm64.log" node files=() file pass
    node="$(bash "$release_root/scripts/release/arm64-root.sh")/usr/bin/node"
    bash "$node_dir/npm-dirs.sh" "$scratch/linux-arm64-gnu/npm" 2>/dev/null
    # A smoke test first: the arm64 binary loads and gives the known digest.
    (cd "$project" && bash "$release_root/scripts/release/run-arm64.sh" "$node" -e '
        const { sign } = require("identity-hmac")
        const got = sign("wyHVRZzzJhjPMKR2h7LpeJVy", "test")
        if (process.arch !== "arm64" || got !== "45e289a669fbb7b4f7c09b3c68734dd9c52d508aba109dc7543c8133e0ec98be") throw new Error(process.arch + " " + got)
        console.log(process.version, process.arch, got)') >&2 || release_die "arm64 smoke test failed under qemu"
    for file in "$project"/test/*.test.mjs "$project"/test/*.test.cjs; do
        [ "$(basename "$file")" = threads.test.mjs ] || files+=("$file")
    done
    (cd "$project" && IDENTITY_HMAC_REPO_ROOT="$release_root" IDENTITY_HMAC_GENERATED_DIR="$scratch/linux-arm64-gnu" \
        IDENTITY_HMAC_NO_CHILD_PROCESSES="qemu-user without binfmt_misc cannot start an arm64 child" \
        bash "$release_root/scripts/release/run-arm64.sh" "$node" --input-type=module \
        -e 'for (const file of process.argv.slice(1)) await import(file)' "${files[@]}") > "$log" 2>&1 ||
        { cat "$log" >&2; release_die "node:test failed under qemu"; }
    pass="$(sed -n 's/^# pass //p' "$log")"
    if ! grep -qx '# fail 0' "$log" || [ "${pass:-0}" -eq 0 ]; then
        cat "$log" >&2
        release_die "node:test under qemu: no clean pass"
    fi
    echo "$pass tests in ${#files[@]} files passed, $(sed -n 's/^# skipped //p' "$log") skipped"
}

# npm picks the platform package for its platform: installed with npm's
# --os/--cpu/--libc of the target, the main tarball gets it as its optional
# dependency (an override points that at the local tarball).
check_npm_selects() {
    local target="$1" tarball="$2" platform project os cpu libc flags
    platform="$(target_node_platform "$target")"
    project="$scratch/project-$platform"
    IFS=- read -r os cpu libc <<<"$platform"
    [ "$os" = linux ] || libc=""
    flags="--offline --os=$os --cpu=$cpu"
    case "$libc" in gnu) flags+=" --libc=glibc" ;; musl) flags+=" --libc=musl" ;; esac
    mkdir -p "$project"
    printf '{"name":"%s-check","version":"1.0.0","private":true,"overrides":{"%s":"file:%s"}}\n' \
        "$platform" "identity-hmac-$platform" "$dist/$tarball" > "$project/package.json"
    fresh_project "$project" "$flags" "$dist/$main_name"
    [ -f "$project/node_modules/identity-hmac-$platform/identity-hmac.$platform.node" ] ||
        release_die "npm $flags did not install identity-hmac-$platform"
    echo "npm $flags installs it as the main package's optional dependency"
}

# The main tarball alone, with optional dependencies left out: requiring it
# fails with an error naming this machine's platform package.
check_missing_binding() {
    local project="$scratch/project-main-only" out
    fresh_project "$project" "--omit=optional --offline" "$dist/$main_name"
    if out="$(cd "$project" && node -e 'require("identity-hmac")' 2>&1)"; then
        release_die "identity-hmac loaded with no platform package"
    fi
    check_has "main package alone" "$out" \
        'Error: identity-hmac has no native binding for linux-x64-gnu: install identity-hmac-linux-x64-gnu'
}

# --- main --------------------------------------------------------------------
start=$SECONDS
node_files=()
for target in "$@"; do
    release_log "build $target"
    node_files+=("$(build_node_file "$target")")
done

# Drop this component's earlier records and tarballs of what is rebuilt now.
records="$release_dist/.records/node.tsv"
tarball_of() { echo "identity-hmac-$(target_node_platform "$1")-$release_version.tgz"; }
rm -f "$dist/$main_name"
for target in "$@"; do rm -f "$dist/$(tarball_of "$target")"; done
if [ -f "$records" ]; then
    rebuilt="node/$main_name"
    for target in "$@"; do rebuilt+=$'\n'"node/$(tarball_of "$target")"; done
    awk -F '\t' 'NR==FNR{drop[$0]=1; next} !($1 in drop)' <(printf '%s\n' "$rebuilt") "$records" > "$records.new"
    mv "$records.new" "$records"
fi

release_log "npm pack"
bash "$node_dir/pack.sh" "$scratch/pack" "${node_files[@]}" > "$scratch/tarballs"
while read -r tarball; do cp "$tarball" "$dist/"; done < "$scratch/tarballs"

main_how=""
for target in "$@"; do
    platform="$(target_node_platform "$target")"
    tarball="$(tarball_of "$target")"
    node_file="$scratch/$platform/identity-hmac.$platform.node"
    release_log "check $tarball"
    case "$target" in
        x86_64-unknown-linux-gnu)
            how="$(inspect_addon "$target" "$node_file")"
            fresh_project "$scratch/project-$platform" "--offline" "$dist/$main_name" "$dist/$tarball"
            passed="$(run_suite_native "$scratch/project-$platform")"
            record "node/$tarball" "$target" "ran natively" \
                "installed with the main tarball in a fresh project; node --test: $passed passed ($(node --version)); $how"
            main_how="installed with $tarball, node --test: $passed passed; "
            ;;
        aarch64-unknown-linux-gnu)
            how="$(inspect_addon "$target" "$node_file")"
            check_npm_selects "$target" "$tarball" >/dev/null
            passed="$(run_suite_qemu "$scratch/project-$platform")"
            node_version="$(bash "$release_root/scripts/release/run-arm64.sh" "$(bash "$release_root/scripts/release/arm64-root.sh")/usr/bin/node" --version)"
            record "node/$tarball" "$target" "ran under qemu" \
                "installed as the main tarball's optional dependency (npm --cpu=arm64 --os=linux --libc=glibc); Debian Node $node_version arm64 under qemu-aarch64: sign smoke test, node:test in one process: $passed (those starting child processes), threads.test.mjs left out; $how"
            ;;
        *)
            how="$(inspect_addon "$target" "$node_file")"
            record "node/$tarball" "$target" "inspected only" "$how; $(check_npm_selects "$target" "$tarball")"
            ;;
    esac
done

release_log "check $main_name"
check_missing_binding
record "node/$main_name" any "ran natively" \
    "${main_how}installed alone (--omit=optional): require fails naming identity-hmac-linux-x64-gnu"

release_log "done in $((SECONDS - start)) s"
ls -l "$dist" >&2

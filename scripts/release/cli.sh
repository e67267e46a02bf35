#!/usr/bin/env bash
# The command-line tool's archives: `bash scripts/release/cli.sh TARGET...`.
#
# dist/cli/identity-hmac-VERSION-TRIPLE.tar.gz (Linux, macOS) or .zip (Windows),
# each holding identity-hmac-VERSION-TRIPLE/ with the binary, README.md (the
# CLI's, cli/README.md) and the licences. Linux gets the static musl binary of
# its architecture whether gnu or musl is asked for (one archive per
# architecture, named by the musl triple): it runs on any Linux.
#
# Checks, on the binary unpacked from the archive: Linux binaries must be static
# and run here, x86-64 natively (every corpus sign vector, the CLI's integration
# tests and the conformance runner's cli row through IDENTITY_HMAC_BIN), arm64
# under qemu (the same); the Windows .exe runs under wine (the ASCII corpus sign
# vectors); macOS binaries are inspected (architecture, minimum macOS, libSystem only).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
release_component=cli

# What is built for what is asked: Linux always musl, one build per triple.
builds=()
for target in "$@"; do
    release_check_target "$target"
    case "$target" in *-linux-gnu) target="${target%-gnu}-musl" ;; esac
    case " ${builds[*]} " in *" $target "*) ;; *) builds+=("$target") ;; esac
done
release_tools "${builds[@]}"

# Drops an artifact's earlier record (a previous run's), so it keeps exactly one.
unrecord() { # PATH under the dist directory
    local records="$release_dist/.records/$release_component.tsv"
    [ -f "$records" ] || return 0
    awk -F '\t' -v path="$1" '$1 != path' "$records" >"$records.new" && mv "$records.new" "$records"
}
[ "${#builds[@]}" -gt 0 ] || { release_log "no target asked for"; exit 0; }

scratch="$release_root/target/release-cli"
out_dir="$release_dist/cli"
mkdir -p "$scratch" "$out_dir"
# Archive members get the last commit's time, so the same commit gives the same archive.
epoch="$(git -C "$release_root" log -1 --format=%ct 2>/dev/null || echo 0)"

wine=""
case " ${builds[*]} " in
    *" x86_64-pc-windows-gnu "*)
        wine="$(command -v wine64 || command -v wine || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; } || true)"
        if [ -z "$wine" ]; then
            release_log "apt-get install wine64 (runs the Windows binary)"
            apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
            DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends wine64 >&2
            wine="$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)"
        fi ;;
esac

# Signs the corpus's sign vectors with PROGRAM... (one call per secret, all its
# identifiers as arguments) and compares every hash; prints how many matched.
# --ascii: only printable-ASCII secrets and identifiers (a Windows command line
# is UTF-16, and wine's quoting of control characters is not what is tested).
sign_corpus() { # [--ascii] PROGRAM...
    python3 - "$release_root/conformance/corpus.json" "$@" <<'PY'
import collections, json, os, subprocess, sys
corpus, args = sys.argv[1], sys.argv[2:]
ascii_only = args[:1] == ["--ascii"]
program = args[1:] if ascii_only else args
def raw(value):
    return value["utf8"].encode() if "utf8" in value else bytes.fromhex(value["hex"])
def usable(data):
    if b"\0" in data:
        return False  # neither an argument nor an environment variable can hold NUL
    return not ascii_only or all(0x20 <= b < 0x7f for b in data)
groups = collections.defaultdict(list)
for vector in json.load(open(corpus))["sign"]:
    secret, identifier = raw(vector["secret"]), raw(vector["identifier"])
    if usable(secret) and usable(identifier) and identifier[:1] != b"-":
        groups[(vector["secret_encoding"], secret)].append((identifier, vector["expected"]))
checked = 0
for (encoding, secret), vectors in groups.items():
    env = dict(os.environb)
    env[b"IDENTITY_HMAC_RELEASE_SECRET"] = secret
    done = subprocess.run([*program, "sign", "--secret-env", "IDENTITY_HMAC_RELEASE_SECRET",
                           "--secret-encoding", encoding, "--", *[i for i, _ in vectors]],
                          capture_output=True, env=env, timeout=300)
    got = done.stdout.decode("ascii", "replace").split()
    want = [expected for _, expected in vectors]
    if done.returncode != 0 or got != want:
        print(f"sign ({encoding}, {len(vectors)} identifiers): exit {done.returncode}, "
              f"stderr {done.stderr.decode('utf-8', 'replace').strip()!r}", file=sys.stderr)
        for (identifier, expected), hash in zip(vectors, got + [""] * len(want)):
            if hash != expected:
                print(f"  {identifier!r}: got {hash!r}, want {expected}", file=sys.stderr)
        sys.exit(1)
    checked += len(vectors)
print(checked)
PY
}

# Checks the README's example on PROGRAM... exactly (output and exit status of verify).
readme_vector() { # PROGRAM...
    local hash="32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9" got
    got="$(CHATWOOT_HMAC_TOKEN=your_web_widget_hmac_token "$@" sign --secret-env CHATWOOT_HMAC_TOKEN some_identifier | tr -d '\r')"
    [ "$got" = "$hash" ] || release_die "$1 signed the README example as '$got'"
    got="$(CHATWOOT_HMAC_TOKEN=your_web_widget_hmac_token "$@" verify --secret-env CHATWOOT_HMAC_TOKEN some_identifier "$hash" | tr -d '\r')"
    [ "$got" = ok ] || release_die "$1 verify printed '$got'"
    if CHATWOOT_HMAC_TOKEN=your_web_widget_hmac_token "$@" verify --secret-env CHATWOOT_HMAC_TOKEN other_identifier "$hash" >/dev/null 2>&1; then
        release_die "$1 verified a hash of another identifier"
    fi
}

# The CLI's own tests on a given binary: cli/tests through IDENTITY_HMAC_BIN (what
# cli/test.sh does with its installed binary), then the conformance runner's cli row.
# Under qemu one test is skipped: its 100 MB address-space limit leaves qemu
# itself no room for its 128 MiB code buffer (qemu fails, not the binary).
qemu_skipped_test=stdin_lines_are_capped_at_64_mib_with_the_line_number
binary_suites() { # BINARY (a program or a wrapper that runs it) [TEST-TO-SKIP]
    local binary="$1" log="$scratch/suite.log" passed skip=()
    [ -z "${2:-}" ] || skip=(-- --skip "$2")
    (cd "$release_root" && IDENTITY_HMAC_BIN="$binary" cargo test --locked -q -p identity-hmac-cli \
        --test cli --test bad_inputs "${skip[@]}") >"$log" 2>&1 || { cat "$log" >&2; release_die "cli tests failed on $binary"; }
    passed="$(awk '/^test result: ok/ {n += $4} END {print n + 0}' "$log")"
    (cd "$release_root" && IDENTITY_HMAC_BIN="$binary" cargo run --locked -q -p conformance --release -- --only cli) \
        >"$log" 2>&1 || { cat "$log" >&2; release_die "the conformance runner failed on $binary"; }
    echo "$passed"
}

for target in "${builds[@]}"; do
    started=$SECONDS
    name="identity-hmac-$release_version-$target"
    case "$target" in *-windows-*) exe=identity-hmac.exe archive="$name.zip" ;; *) exe=identity-hmac archive="$name.tar.gz" ;; esac
    release_zigbuild "$target" -p identity-hmac-cli
    stage="$scratch/$name"
    rm -rf "$stage"
    mkdir -p "$stage/$name"
    cp "$(target_cargo_out "$target")/$exe" "$stage/$name/$exe"
    cp "$release_root/cli/README.md" "$stage/$name/README.md"
    cp "$release_root/LICENSE-MIT" "$release_root/LICENSE-APACHE" "$stage/$name/"
    rm -f "$out_dir/$archive"
    unrecord "cli/$archive"
    case "$archive" in
        *.tar.gz)
            tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - "$name" \
                | gzip -n -9 >"$out_dir/$archive" ;;
        *.zip)
            python3 - "$stage" "$name" "$epoch" "$out_dir/$archive" <<'PY' ;;
import os, sys, time, zipfile
stage, name, epoch, archive = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
    for member in sorted(os.listdir(os.path.join(stage, name))):
        info = zipfile.ZipInfo(f"{name}/{member}", stamp)
        info.external_attr = 0o100755 << 16 if member.endswith(".exe") else 0o100644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(stage, name, member), "rb") as f:
            out.writestr(info, f.read())
PY
    esac

    # Check what ships: the archive, unpacked afresh.
    unpacked="$scratch/check-$target"
    rm -rf "$unpacked"
    mkdir -p "$unpacked"
    case "$archive" in
        *.tar.gz) tar -C "$unpacked" -xzf "$out_dir/$archive" ;;
        *.zip) python3 -m zipfile -e "$out_dir/$archive" "$unpacked" && chmod +x "$unpacked/$name/$exe" ;;
    esac
    for member in "$exe" README.md LICENSE-MIT LICENSE-APACHE; do
        [ -f "$unpacked/$name/$member" ] || release_die "$archive lacks $name/$member"
    done
    [ "$(find "$unpacked/$name" -type f | wc -l)" -eq 4 ] || release_die "$archive holds more than the binary, README and licences"
    binary="$unpacked/$name/$exe"
    description="$(file -b "$binary")"
    version_line=""
    case "$target" in
        *-linux-musl)
            summary="$(inspect_elf "$binary" "$target")"
            grep -Eq 'static-pie linked|statically linked' <<<"$description" || release_die "$exe is not static: $description"
            ! readelf -d "$binary" 2>/dev/null | grep '(NEEDED)' >/dev/null || release_die "$exe needs shared libraries"
            linkage="$(grep -Eo 'static-pie linked|statically linked' <<<"$description")"
            if [ "$(target_runner "$target")" = native ]; then
                runner=() check="ran natively" where="natively"
            else
                # Static: qemu needs no root, but run-arm64.sh is the one way in.
                wrapper="$scratch/run-$target.sh"
                printf '#!/bin/sh\nexec bash "%s" "%s" "$@"\n' "$release_root/scripts/release/run-arm64.sh" "$binary" >"$wrapper"
                chmod +x "$wrapper"
                runner=(bash "$release_root/scripts/release/run-arm64.sh") check="ran under qemu" where="under qemu-aarch64"
            fi
            version_line="$("${runner[@]}" "$binary" --version)"
            [ "$version_line" = "identity-hmac $release_version" ] || release_die "$exe --version: $version_line"
            readme_vector "${runner[@]}" "$binary"
            vectors="$(sign_corpus "${runner[@]}" "$binary")" || release_die "$exe signed a corpus vector wrongly"
            if [ "${#runner[@]}" -eq 0 ]; then
                tests="$(binary_suites "$binary") passed"
            else
                tests="$(binary_suites "$wrapper" "$qemu_skipped_test")"
                tests="$tests passed; skipped: $qemu_skipped_test, whose 100 MB memory limit leaves qemu no room for its own code buffer"
            fi
            how="$summary; file: $linkage; $where: --version, the README example (sign, verify ok/mismatch), $vectors corpus sign vectors, cli/tests ($tests) and the conformance runner's cli row (sign, verify, invalid secrets) via IDENTITY_HMAC_BIN"
            ;;
        *-apple-darwin)
            summary="$(inspect_macho "$binary" "$target")"
            grep -q "^Mach-O 64-bit .*executable" <<<"$description" || release_die "$exe is not a Mach-O executable: $description"
            grep -q 'cmd LC_MAIN' <<<"$(llvm-objdump --macho --private-headers "$binary")" || release_die "$exe has no LC_MAIN entry point"
            check="inspected only"
            how="$summary; an executable with an LC_MAIN entry point"
            ;;
        *-windows-gnu)
            summary="$(inspect_pe "$binary")"
            grep -q '^PE32+ executable (console)' <<<"$description" || release_die "$exe is not a console program: $description"
            # Wine 8 (Debian 12) has no bcryptprimitives.dll, whose ProcessPrng
            # Rust's std imports: the repository's test stand-in (bindings-c/tests/wine,
            # never shipped) sits beside the unpacked binary, after the member check above.
            "$(release_zig_cc "$target")" -shared -O2 -o "$unpacked/$name/bcryptprimitives.dll" \
                "$release_root/bindings-c/tests/wine/bcryptprimitives.c" -ladvapi32
            export WINEDEBUG=-all WINEPREFIX="$scratch/wine-prefix" WINEDLLOVERRIDES="mscoree,mshtml="
            mkdir -p "$WINEPREFIX"
            version_line="$("$wine" "$binary" --version | tr -d '\r')"
            [ "$version_line" = "identity-hmac $release_version" ] || release_die "$exe --version under wine: $version_line"
            readme_vector "$wine" "$binary"
            vectors="$(sign_corpus --ascii "$wine" "$binary")" || release_die "$exe signed a corpus vector wrongly under wine"
            check="ran under wine"
            how="$summary; console program; under wine 8 (with a ProcessPrng stand-in, which wine 8 lacks): --version, the README example (sign, verify ok/mismatch), $vectors printable-ASCII corpus sign vectors"
            ;;
        *) release_die "no check for $target" ;;
    esac
    record "cli/$archive" "$target" "$check" "$how"
    release_log "cli/$archive ($(du -k "$out_dir/$archive" | cut -f1) KiB, binary $(du -k "$binary" | cut -f1) KiB): $check ($((SECONDS - started)) s)"
done

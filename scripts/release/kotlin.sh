#!/usr/bin/env bash
# The Kotlin/JVM jar: `bash scripts/release/kotlin.sh TARGET...`.
#
# One jar, dist/kotlin/identity-hmac-VERSION.jar (the pom's artifact), carrying
# the native library of every asked-for target that JNA has a resource prefix
# for (target_jna_prefix; musl targets have none), in JNA's layout:
# linux-x86-64/libidentity_hmac_kotlin.so, darwin-aarch64/libidentity_hmac_kotlin.dylib,
# win32-x86-64/identity_hmac_kotlin.dll, ... Each library is cross-built with
# cargo zigbuild (glibc 2.17 floor on Linux) and inspected; Maven then builds the
# jar from the committed sources with those libraries as its resources
# (identityhmac.native.resources) in a scratch build directory.
#
# Checks: the jar lists every expected native and no other; each native's format,
# architecture, libc floor or minimum OS, linked libraries and exports are
# inspected; when the host's target is among them, a small Java program compiled
# outside Maven runs on `java -cp jar:jna:kotlin-stdlib` alone (no
# jna.library.path) and signs and verifies through both JNI and JNA (uniffi).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
release_component=kotlin
release_tools "$@"

# Drops an artifact's earlier record (a previous run's), so it keeps exactly one.
unrecord() { # PATH under the dist directory
    local records="$release_dist/.records/$release_component.tsv"
    [ -f "$records" ] || return 0
    awk -F '\t' -v path="$1" '$1 != path' "$records" >"$records.new" && mv "$records.new" "$records"
}

scratch="$release_root/target/release-kotlin"
natives="$scratch/natives"
out_dir="$release_dist/kotlin"
jar_name="identity-hmac-$release_version.jar"

# The library's file name for a JNA prefix (JNA's NativeLibrary.mapSharedLibraryName).
library_file() {
    case "$1" in
        win32-*) echo identity_hmac_kotlin.dll ;;
        darwin-*) echo libidentity_hmac_kotlin.dylib ;;
        *) echo libidentity_hmac_kotlin.so ;;
    esac
}

# The exports a native may have: the JNI methods of src/jni.rs and uniffi's
# scaffolding (functions, checksums, metadata).
export_pattern='^(Java_io_github_identityhmac_|uniffi_identity_hmac_kotlin_|ffi_identity_hmac_kotlin_|UNIFFI_META_)'
# On macOS, what zig's linker adds even with fat LTO (release_zigbuild): the
# Mach-O header symbol and Rust's unwinding personality.
macho_extras='^(_mh_dylib_header|__dso_handle|rust_eh_personality|_RNvNtCs[0-9A-Za-z]+_3std9panicking11EMPTY_PANIC)$'

# Cross-builds the cdylib. macOS: zig's Mach-O linker ignores rustc's export
# list and release_zigbuild's fat LTO does not apply to a package that is also
# an rlib, so the cdylib alone is built (cargo rustc --crate-type cdylib), whose
# fat LTO internalizes everything but the exports.
build_native() { # TARGET
    case "$1" in
        *-apple-darwin)
            CARGO_PROFILE_RELEASE_LTO=fat CARGO_TARGET_DIR="$release_cargo_target" cargo-zigbuild rustc --release \
                --locked --quiet --target "$1" -p identity-hmac-kotlin --lib --crate-type cdylib ;;
        *) release_zigbuild "$1" -p identity-hmac-kotlin ;;
    esac
}

# Inspects one native (lib.sh's inspect_*, then its exports); prints a one-line summary.
inspect_native() { # TARGET FILE
    local target="$1" file="$2" summary exports stray extras=""
    case "$target" in
        *-linux-gnu) summary="$(inspect_elf "$file" "$target")" ;;
        *-apple-darwin) summary="$(inspect_macho "$file" "$target")" ;;
        *-windows-gnu) summary="$(inspect_pe "$file")" ;;
        *) release_die "no inspection for $target" ;;
    esac
    exports="$(exported_symbols "$file" "$target")"
    case "$target" in
        *-apple-darwin)
            extras="$(grep -Ev "$export_pattern" <<<"$exports" | grep -E "$macho_extras" | paste -sd ' ' - || true)"
            stray="$(grep -Ev "$export_pattern" <<<"$exports" | grep -Ev "$macho_extras" || true)" ;;
        *) stray="$(grep -Ev "$export_pattern" <<<"$exports" || true)" ;;
    esac
    [ -z "$stray" ] || release_die "$file exports more than the binding's symbols: $(head -5 <<<"$stray" | paste -sd ' ' -)"
    grep -qx 'Java_io_github_identityhmac_NativeSigner_create' <<<"$exports" || release_die "$file lacks the JNI method NativeSigner.create"
    grep -qx 'uniffi_identity_hmac_kotlin_fn_func_version' <<<"$exports" || release_die "$file lacks uniffi's version function"
    echo "$summary; exports $(grep -Ec "$export_pattern" <<<"$exports") Java_*/uniffi symbols${extras:+ plus $extras}, nothing else"
}

# --- the targets JNA has a prefix for ----------------------------------------
targets=() prefixes=()
for target in "$@"; do
    release_check_target "$target"
    prefix="$(target_jna_prefix "$target")"
    if [ -z "$prefix" ]; then
        release_log "$target: JNA has no resource prefix for it (musl): not in the jar (see bindings-kotlin/README.md)"
        continue
    fi
    case " ${prefixes[*]} " in *" $prefix "*) continue ;; esac
    targets+=("$target") prefixes+=("$prefix")
done
if [ "${#targets[@]}" -eq 0 ]; then
    release_log "no target with a JNA prefix asked for: no jar"
    exit 0
fi
release_need mvn:maven javac:openjdk-17-jdk-headless

# --- cross-build and inspect each native --------------------------------------
rm -rf "$natives"
mkdir -p "$natives"
declare -A summary
for i in "${!targets[@]}"; do
    target="${targets[$i]}" prefix="${prefixes[$i]}"
    file="$(library_file "$prefix")"
    started=$SECONDS
    build_native "$target"
    mkdir -p "$natives/$prefix"
    cp "$(target_cargo_out "$target")/$file" "$natives/$prefix/$file"
    summary[$prefix]="$(inspect_native "$target" "$natives/$prefix/$file")"
    release_log "$prefix/$file: ${summary[$prefix]} ($((SECONDS - started)) s)"
done

# --- the jar: Maven, from the committed sources, with these natives -----------
started=$SECONDS
maven_dir="$scratch/maven"
rm -rf "$maven_dir"
mvn -B -q -Dstyle.color=never -f "$release_root/bindings-kotlin/pom.xml" \
    -Didentityhmac.build.directory="$maven_dir" -Didentityhmac.native.resources="$natives" \
    -Dmaven.test.skip=true \
    package org.apache.maven.plugins:maven-dependency-plugin:2.8:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$maven_dir/runtime-classpath.txt" \
    2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
[ -f "$maven_dir/$jar_name" ] || release_die "Maven made no $jar_name"
release_log "jar built by Maven in $((SECONDS - started)) s"

# The jar holds exactly the expected natives (and the JNI facade's classes).
python3 - "$maven_dir/$jar_name" "${prefixes[@]}" <<'PY' || release_die "the jar's entries are not the expected ones"
import sys, zipfile
jar, prefixes = sys.argv[1], sys.argv[2:]
names = set(zipfile.ZipFile(jar).namelist())
def library(prefix):
    return {"win32": "identity_hmac_kotlin.dll", "darwin": "libidentity_hmac_kotlin.dylib"}.get(
        prefix.split("-")[0], "libidentity_hmac_kotlin.so")
expected = {f"{p}/{library(p)}" for p in prefixes}
natives = {n for n in names if n.endswith((".so", ".dylib", ".dll", ".jnilib"))}
missing, extra = expected - natives, natives - expected
for needed in ("io/github/identityhmac/NativeSigner.class", "io/github/identityhmac/Signer.class",
               "io/github/identityhmac/Verifier.class", "META-INF/maven/io.github.identity-hmac/identity-hmac/pom.xml"):
    if needed not in names:
        missing.add(needed)
if missing or extra:
    print(f"missing: {sorted(missing)}; unexpected: {sorted(extra)}", file=sys.stderr)
    sys.exit(1)
print(f"jar entries: {', '.join(sorted(expected))}", file=sys.stderr)
PY

# The README's install: the install plugin reads the jar's own pom (coordinates
# and dependencies), into a scratch local repository.
install_repo="$scratch/install-repo"
rm -rf "$install_repo"
mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file \
    -Dfile="$maven_dir/$jar_name" -DlocalRepositoryPath="$install_repo" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
installed="$install_repo/io/github/identity-hmac/identity-hmac/$release_version"
cmp -s "$installed/$jar_name" "$maven_dir/$jar_name" || release_die "install-file did not install the jar"
for dependency in jna kotlin-stdlib; do
    grep -q "<artifactId>$dependency</artifactId>" "$installed/identity-hmac-$release_version.pom" \
        || release_die "the installed pom lacks the $dependency dependency"
done

# --- run it: a program outside the Maven build, on the jar, JNA and kotlin-stdlib --
host_ran=""
if [ -n "${summary[linux-x86-64]:-}" ]; then
    started=$SECONDS
    classpath="$(tr ':' '\n' <"$maven_dir/runtime-classpath.txt")"
    jna_jar="$(grep -E '/jna-[0-9.]+\.jar$' <<<"$classpath")" || release_die "no JNA jar in the runtime classpath"
    stdlib_jar="$(grep -E '/kotlin-stdlib-[0-9.]+\.jar$' <<<"$classpath")" || release_die "no kotlin-stdlib jar in the runtime classpath"
    smoke="$scratch/smoke"
    rm -rf "$smoke"
    mkdir -p "$smoke/classes"
    cp "$maven_dir/$jar_name" "$smoke/"
    cat >"$smoke/Smoke.java" <<'JAVA'
import io.github.identityhmac.IdentityHmac;
import io.github.identityhmac.IdentityHmacException;
import io.github.identityhmac.Identity_hmac_kotlinKt;
import io.github.identityhmac.SecretEncoding;
import io.github.identityhmac.Signer;
import io.github.identityhmac.Verifier;
import java.util.List;

public class Smoke {
    public static void main(String[] args) throws Exception {
        String token = "your_web_widget_hmac_token";
        // JNI: the Signer and the one-shot calls.
        try (Signer signer = new Signer(token, SecretEncoding.TEXT)) {
            String hash = signer.sign("some_identifier");
            System.out.println("jni sign " + hash);
            System.out.println("jni verify " + signer.verify("some_identifier", hash.toUpperCase()));
            System.out.println("jni verify other " + signer.verify("other_identifier", hash));
        }
        System.out.println("jni one-shot " + IdentityHmac.sign(token, "some_identifier", SecretEncoding.TEXT));
        // JNA: uniffi's Verifier, its errors and version().
        try (Verifier verifier = new Verifier(List.of("newest", token), SecretEncoding.TEXT)) {
            System.out.println("jna verifier " + verifier.matchingKey("some_identifier",
                "32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9"));
        }
        try {
            new Signer("0xab", SecretEncoding.HEX);
        } catch (IdentityHmacException e) {
            System.out.println("jna error " + e.code());
        }
        System.out.println("jna version " + Identity_hmac_kotlinKt.version());
    }
}
JAVA
    javac -d "$smoke/classes" -cp "$smoke/$jar_name:$jna_jar:$stdlib_jar" "$smoke/Smoke.java"
    expected="jni sign 32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9
jni verify true
jni verify other false
jni one-shot 32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9
jna verifier 1
jna error INVALID_HEX_SECRET
jna version $release_version"
    run_smoke() { # extra java options...; stdout to smoke/out, stderr (JNA's load log) to smoke/log
        (cd "$smoke" && env -u LD_LIBRARY_PATH -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS \
            java -Djna.debug_load=true "$@" -cp "classes:$jar_name:$jna_jar:$stdlib_jar" Smoke) \
            >"$smoke/out" 2>"$smoke/log" || { cat "$smoke/log" >&2; release_die "the smoke program failed"; }
        [ "$(cat "$smoke/out")" = "$expected" ] || {
            diff <(echo "$expected") "$smoke/out" >&2 || true
            release_die "the smoke program printed something else"
        }
    }
    # From the jar: JNA (uniffi) and the JNI facade both find linux-x86-64/ in it.
    run_smoke
    found="$(grep -c "Found library resource at jar:file:.*$jar_name!/linux-x86-64/libidentity_hmac_kotlin.so" "$smoke/log" || true)"
    [ "$found" -ge 2 ] || { cat "$smoke/log" >&2; release_die "JNA's log does not show both loads from the jar (found $found)"; }
    # The override README.md documents (e.g. for Alpine): an absolute path, used by both.
    run_smoke "-Duniffi.component.identity_hmac_kotlin.libraryOverride=$natives/linux-x86-64/libidentity_hmac_kotlin.so"
    ! grep -q "Found library resource at jar:.*$jar_name!" "$smoke/log" || release_die "the libraryOverride run still loaded the jar's library"
    host_ran="linux-x86-64 ran natively (a javac-compiled program on jar+JNA+kotlin-stdlib only signs the README vector, verifies and maps errors through JNI and JNA, both loading the jar's resource; libraryOverride too)"
    release_log "ran natively: $host_ran ($((SECONDS - started)) s)"
fi

# --- dist and the one record ----------------------------------------------------
mkdir -p "$out_dir"
rm -f "$out_dir"/identity-hmac-*.jar
unrecord "kotlin/$jar_name"
cp "$maven_dir/$jar_name" "$out_dir/$jar_name"
inspected=()
for prefix in "${prefixes[@]}"; do
    [ "$prefix" = linux-x86-64 ] && [ -n "$host_ran" ] && continue
    inspected+=("$prefix")
done
how="${host_ran:+$host_ran; }"
if [ "${#inspected[@]}" -gt 0 ]; then
    how+="$(IFS=,; echo "${inspected[*]}") inspected only ("
    for prefix in "${inspected[@]}"; do how+="$prefix: ${summary[$prefix]}; "; done
    how="${how%; })"
fi
if [ -n "$host_ran" ]; then check="ran natively"; else check="inspected only"; fi
# One jar for every platform: its target is "any".
record "kotlin/$jar_name" any "$check" "$how"
release_log "dist/kotlin/$jar_name ($(du -k "$out_dir/$jar_name" | cut -f1) KiB): $check"

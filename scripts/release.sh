#!/usr/bin/env bash
# Builds the release artifacts into dist/, checks each one wherever this
# machine can run it, and writes dist/MANIFEST.md and dist/SHA256SUMS.
#
#   bash scripts/release.sh [--targets LIST|all] [--components LIST] [--out DIR]
#
# LIST is comma-separated. Targets (default all seven): x86_64-unknown-linux-gnu,
# aarch64-unknown-linux-gnu, x86_64-unknown-linux-musl, aarch64-unknown-linux-musl,
# x86_64-apple-darwin, aarch64-apple-darwin, x86_64-pc-windows-gnu.
# Components (default all): c, go, cli, python, node, kotlin, ruby; each is
# scripts/release/COMPONENT.sh, which builds its artifacts for the targets and
# records how it checked each one. The output directory starts empty.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release/lib.sh

targets=("${RELEASE_ALL_TARGETS[@]}")
components=(c go cli python node kotlin ruby)
out="$release_dist"
while [ "$#" -gt 0 ]; do
    case "$1" in
        --targets) [ "$2" = all ] || IFS=, read -r -a targets <<<"$2"; shift 2 ;;
        --components) IFS=, read -r -a components <<<"$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "release.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
for target in "${targets[@]}"; do release_check_target "$target"; done
for component in "${components[@]}"; do
    [ -f "scripts/release/$component.sh" ] || release_die "unknown component $component"
done
mkdir -p "$out"
export IDENTITY_HMAC_DIST
IDENTITY_HMAC_DIST="$(cd "$out" && pwd)"
release_dist="$IDENTITY_HMAC_DIST"

release_log "version $release_version; targets: ${targets[*]}; components: ${components[*]}"
# A run's manifest says only what this run built and checked. Only an empty
# directory or an earlier run's output is emptied.
if [ -n "$(ls -A "$release_dist")" ] && [ ! -d "$release_dist/.records" ]; then
    release_die "$release_dist is not empty and holds no earlier release: choose another --out"
fi
find "$release_dist" -mindepth 1 -delete
mkdir -p "$release_dist/.records"
timings="$release_dist/.records/timings"
start=$SECONDS
release_tools "${targets[@]}"
printf 'tools and rustup targets\t%d\n' "$((SECONDS - start))" >> "$timings"
if printf '%s\n' "${targets[@]}" | grep -q '^aarch64-unknown-linux'; then
    step=$SECONDS
    bash scripts/release/arm64-root.sh >/dev/null
    printf 'arm64 Debian root for qemu\t%d\n' "$((SECONDS - step))" >> "$timings"
fi
for component in "${components[@]}"; do
    step=$SECONDS
    release_log "==> $component"
    bash "scripts/release/$component.sh" "${targets[@]}"
    printf '%s\t%d\n' "$component" "$((SECONDS - step))" >> "$timings"
    release_log "<== $component: $((SECONDS - step)) s"
done
printf 'whole release\t%d\n' "$((SECONDS - start))" >> "$timings"

commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
python3 scripts/release/manifest.py "$release_dist" --timings "$timings" \
    --title "identity-hmac $release_version, commit \`$commit\`, targets: $(printf '`%s` ' "${targets[@]}")"
release_log "done in $((SECONDS - start)) s: $release_dist/MANIFEST.md"

#!/usr/bin/env bash
# Prints what the browser downloads on a first load of each build of the web app
# (web/src/builds.rs): the assets its index.html loads (HTML, JS, wasm, CSS), raw,
# gzip -9 (what a browser gets over plain http) and brotli -q 11 (what a static server
# would pre-compress for https), and each build's total. The first-load build (the
# resident home, `/`) has a target: 200 KB brotli, fonts excluded. Builds dist/ only if
# it is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$SHEBAO_ROOT"

TARGET_BYTES=$((200 * 1024))

if [ ! -f dist/index.html ]; then
    setup_web_toolchain
    say "dist/ is missing: building the web front end (release, offline)"
    build_web
fi
command -v brotli >/dev/null || apt_install brotli

# Prints the assets of the build in dist/$1 (index.html, then every local asset it
# references, fonts excluded, each once, in order of appearance) and sets `total_br`.
report_build() {
    local dir="$1" title="$2"
    local assets=(index.html) ref seen
    while IFS= read -r ref; do
        ref="${ref##*/}"
        case "$ref" in
            *.js|*.wasm|*.css) ;;
            *) continue ;;
        esac
        [ -f "$dir/$ref" ] || continue
        for seen in "${assets[@]}"; do [ "$seen" = "$ref" ] && continue 2; done
        assets+=("$ref")
    done < <(grep -oE "(href|src)=\"[^\"]+\"|['\"]/[^'\"]+\\.(js|wasm|css)['\"]" "$dir/index.html" \
        | sed -E "s/^(href|src)=//; s/^[\"']//; s/[\"']$//")

    printf '\n%s (%s):\n\n' "$title" "$dir"
    printf '%-44s %12s %12s %12s\n' asset "raw bytes" "gzip bytes" "brotli bytes"
    local total_raw=0 total_gz=0 a raw gz br
    total_br=0
    for a in "${assets[@]}"; do
        raw=$(stat -c %s "$dir/$a")
        gz=$(gzip -9 -c "$dir/$a" | wc -c)
        br=$(brotli -c -q 11 "$dir/$a" | wc -c)
        total_raw=$((total_raw + raw))
        total_gz=$((total_gz + gz))
        total_br=$((total_br + br))
        printf '%-44s %12d %12d %12d\n' "$a" "$raw" "$gz" "$br"
    done
    printf '%-44s %12d %12d %12d\n' total "$total_raw" "$total_gz" "$total_br"
}

report_build dist "First load of the resident home (/)"
printf '\nTarget: %d bytes (200 KB) brotli, fonts excluded. ' "$TARGET_BYTES"
if [ "$total_br" -le "$TARGET_BYTES" ]; then
    awk -v b="$total_br" 'BEGIN { printf "Met: %.1f KB.\n", b / 1024 }'
else
    awk -v b="$total_br" -v t="$TARGET_BYTES" \
        'BEGIN { printf "NOT met: %.1f KB, %.1f KB over.\n", b / 1024, (b - t) / 1024 }'
fi
for name in "${WEB_BUILDS[@]}"; do
    [ -f "dist/builds/$name/index.html" ] || continue
    report_build "dist/builds/$name" "The $name build"
done

#!/usr/bin/env bash
# Prints what the browser downloads on a first load of the resident home (/): the
# assets of dist/ that index.html loads (HTML, JS, wasm, CSS), raw and brotli-compressed
# (brotli -q 11, what a static server would pre-compress), and the total against the
# target: 200 KB brotli, fonts excluded. Builds dist/ only if it is missing.
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

# index.html itself, then every local asset it references (href/src/import/module_or_path),
# fonts excluded, each once, in order of appearance.
assets=(index.html)
while IFS= read -r ref; do
    ref="${ref#/}"
    case "$ref" in
        *.woff|*.woff2|*.ttf|*.otf) continue ;;
        *.js|*.wasm|*.css|*.html) ;;
        *) continue ;;
    esac
    [ -f "dist/$ref" ] || continue
    for seen in "${assets[@]}"; do [ "$seen" = "$ref" ] && continue 2; done
    assets+=("$ref")
done < <(grep -oE "(href|src)=\"[^\"]+\"|['\"]/[^'\"]+\\.(js|wasm|css)['\"]" dist/index.html \
    | sed -E "s/^(href|src)=//; s/^[\"']//; s/[\"']$//")

printf '\nFirst load of the resident home (/), from dist/:\n\n'
printf '%-44s %12s %12s\n' asset "raw bytes" "brotli bytes"
total_raw=0
total_br=0
for a in "${assets[@]}"; do
    raw=$(stat -c %s "dist/$a")
    br=$(brotli -c -q 11 "dist/$a" | wc -c)
    total_raw=$((total_raw + raw))
    total_br=$((total_br + br))
    printf '%-44s %12d %12d\n' "$a" "$raw" "$br"
done
printf '%-44s %12d %12d\n' total "$total_raw" "$total_br"
printf '\nTarget: %d bytes (200 KB) brotli, fonts excluded. ' "$TARGET_BYTES"
if [ "$total_br" -le "$TARGET_BYTES" ]; then
    awk -v b="$total_br" 'BEGIN { printf "Met: %.1f KB.\n", b / 1024 }'
else
    awk -v b="$total_br" -v t="$TARGET_BYTES" \
        'BEGIN { printf "NOT met: %.1f KB, %.1f KB over.\n", b / 1024, (b - t) / 1024 }'
fi

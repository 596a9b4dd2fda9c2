#!/usr/bin/env bash
# Lighthouse (npm lighthouse@12.2.3, mobile settings: its default emulated phone with
# simulated slow-4G and 4× CPU throttling) on three pages of the real server with the
# demo data: the resident home, the personal-certificate page and the employer's
# enrolment page. Prints per page the performance, accessibility and best-practices
# scores and the first-load figures (FCP, LCP, TBT, total bytes). Targets: performance
# ≥ 95, accessibility 100, best practices ≥ 95.
#
# A measurement, not a test: it never fails on a score. Lighthouse runs Debian's
# Chromium (CHROME_PATH) and never downloads a browser. The pages need a login: the
# session cookie from POST /api/v1/session is passed with --extra-headers.
#
#   scripts/lighthouse.sh            # measures dist/ as it is (built with Trunk if missing)
#   scripts/lighthouse.sh --build    # rebuilds the web app first
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$SHEBAO_ROOT"

ensure_browser
ensure_lighthouse
if [ "${1:-}" = "--build" ] || [ ! -f dist/index.html ]; then
    setup_web_toolchain
    build_web
fi
say "building the server (release)"
cargo build --release -p shebao-server

work="$(mktemp -d)"
# Each page's full report stays here for a closer look (Lighthouse's JSON).
reports="${CARGO_TARGET_DIR:-$SHEBAO_ROOT/target}/lighthouse"
mkdir -p "$reports"
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

say "starting the server with the demo data"
target="${CARGO_TARGET_DIR:-$SHEBAO_ROOT/target}"
"$target/release/shebao-server" --listen 127.0.0.1:0 --demo --data-dir "$work/data" --dist dist \
    >"$work/server.log" 2>&1 &
server_pid=$!
base=""
for _ in $(seq 300); do
    base="$(sed -n 's/^Shebao is running at \(http[^ ]*\).*/\1/p' "$work/server.log" | head -1)"
    [ -n "$base" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
    sleep 0.2
done
[ -n "$base" ] || { echo "the server never said where it listens"; exit 1; }
base="${base%/}"

# The session cookie of a demo account, as Lighthouse's extra request headers.
login_headers() {
    local user="$1" password="$2" cookie
    cookie="$(curl -sf -D - -o /dev/null -H 'content-type: application/json' \
        -d "{\"username\":\"$user\",\"password\":\"$password\"}" "$base/api/v1/session" \
        | sed -n 's/^set-cookie: \(shebao_session=[^;]*\).*/\1/ip' | tr -d '\r')"
    [ -n "$cookie" ] || { echo "could not log in as $user" >&2; exit 1; }
    printf '{"Cookie":"%s"}' "$cookie" >"$work/$user.json"
    echo "$work/$user.json"
}
resident_headers="$(login_headers resident Demo-Resident-2026)"
employer_headers="$(login_headers employer Demo-Employer-2026)"

export CHROME_PATH="${CHROMIUM:-/usr/bin/chromium}"
# The flags of the end-to-end tests: headless, and nothing reaching for the (closed) network.
chrome_flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
--disable-quic --disable-background-networking --disable-component-update --disable-sync"

measure() {
    local name="$1" path="$2" headers="$3"
    say "lighthouse: $name ($path)"
    "$LIGHTHOUSE" "$base$path" --quiet --chrome-flags="$chrome_flags" \
        --only-categories=performance,accessibility,best-practices \
        --extra-headers="$headers" \
        --output=json --output-path="$reports/$name.json" >/dev/null 2>"$work/$name.log" \
        || { cat "$work/$name.log"; return 1; }
    node -e '
        const r = require(process.argv[1]);
        const c = r.categories, a = r.audits;
        const score = k => Math.round(c[k].score * 100);
        const ms = k => Math.round(a[k].numericValue);
        console.log(`${process.argv[2].padEnd(22)} performance ${score("performance")}` +
            `  accessibility ${score("accessibility")}  best-practices ${score("best-practices")}` +
            `  FCP ${ms("first-contentful-paint")} ms  LCP ${ms("largest-contentful-paint")} ms` +
            `  TBT ${ms("total-blocking-time")} ms  total ${a["total-byte-weight"].numericValue} B`);
        const failed = Object.values(a).filter(x => x.score !== null && x.score < 0.9 &&
            x.scoreDisplayMode !== "informative" && x.scoreDisplayMode !== "manual" &&
            x.scoreDisplayMode !== "notApplicable");
        for (const x of failed) console.log(`    below 0.9: ${x.id} (${x.score}) ${x.displayValue || ""}`);
    ' "$reports/$name.json" "$name" | tee "$work/$name.txt"
    head -1 "$work/$name.txt" >>"$work/summary.txt"
    # The final page must be the one asked for, not the login page it could fall back to.
    node -e '
        const r = require(process.argv[1]);
        if (!r.finalDisplayedUrl.endsWith(process.argv[2]))
            { console.error(`ended at ${r.finalDisplayedUrl}, not ${process.argv[2]}`); process.exit(1); }
    ' "$reports/$name.json" "$path"
}

measure resident-home /resident "$resident_headers"
measure personal-certificate /resident/certificate "$resident_headers"
measure employer-enrolment /employer/enrol "$employer_headers"

say "Lighthouse $LIGHTHOUSE_VERSION, mobile (targets: performance ≥ 95, accessibility 100, best practices ≥ 95)"
cat "$work/summary.txt"
echo "full reports: $reports/*.json"

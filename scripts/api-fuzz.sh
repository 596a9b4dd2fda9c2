#!/usr/bin/env bash
# API fuzzing: schemathesis against the real server's OpenAPI document, logged in as
# each actor. Starts shebao-server (debug build) with the demo data on a fresh data
# directory, logs in as employer, resident and reviewer (the session cookie, and the
# CSRF token as X-CSRF-Token for writes), and runs schemathesis for each with two
# checks: no 5xx (not_a_server_error) and every response as the document describes
# it (response_schema_conformance). Bounded: examples per operation and seconds per
# actor. A measurement, not part of scripts/test.sh.
#
#   scripts/api-fuzz.sh                     # 50 examples per operation, 300 s per actor
#   API_FUZZ_EXAMPLES=20 API_FUZZ_SECONDS=60 scripts/api-fuzz.sh
#
# Exits non-zero if any actor's run found a failure; the reports are in target/api-fuzz/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$SHEBAO_ROOT"

EXAMPLES="${API_FUZZ_EXAMPLES:-50}"
SECONDS_PER_ACTOR="${API_FUZZ_SECONDS:-300}"
OUT="$SHEBAO_ROOT/target/api-fuzz"

ensure_schemathesis
say "building the server"
cargo build -p shebao-server

mkdir -p "$OUT"
data_dir="$(mktemp -d)"
server_log="$OUT/server.log"
# The per-address limits and the lookup budget would answer most generated requests
# 429 within a minute (the fuzzer is one address): lifted, so the handlers are fuzzed.
target/debug/shebao-server --listen 127.0.0.1:0 --demo --data-dir "$data_dir" \
    --anonymous-requests-per-minute 1000000 --refused-requests-per-minute 1000000 \
    --person-lookups-per-hour 1000000000 >"$server_log" 2>&1 &
server_pid=$!
cleanup() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    rm -rf "$data_dir"
}
trap cleanup EXIT

say "starting the server with the demo data (data in $data_dir)"
url=""
for _ in $(seq 1 600); do
    url="$(sed -n 's|^Shebao is running at \(http://[^/]*\)/.*|\1|p' "$server_log" | head -n 1)"
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$server_log"; echo "the server exited"; exit 1; }
    sleep 0.5
done
[ -n "$url" ] || { echo "the server did not start"; exit 1; }
say "server at $url"

# Logs in; prints "<session token> <csrf token>".
log_in() {
    local user="$1" password="$2" headers body
    headers="$(mktemp)"
    body="$(curl -sS -D "$headers" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$user\",\"password\":\"$password\"}" "$url/api/v1/session")"
    local token csrf
    token="$(sed -n 's/^[Ss]et-[Cc]ookie: shebao_session=\([^;]*\);.*/\1/p' "$headers" | tr -d '\r')"
    csrf="$(printf '%s' "$body" | python3 -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])')"
    rm -f "$headers"
    [ -n "$token" ] && [ -n "$csrf" ] || { echo "login as $user failed: $body" >&2; return 1; }
    echo "$token $csrf"
}

failed=()
for actor in employer:Demo-Employer-2026 resident:Demo-Resident-2026 reviewer:Demo-Reviewer-2026; do
    user="${actor%%:*}"
    read -r token csrf < <(log_in "$user" "${actor#*:}")
    say "schemathesis as $user: $EXAMPLES examples per operation, at most $SECONDS_PER_ACTOR s"
    # Logging out would end the session the rest of the run uses, so DELETE /session is
    # left out; everything else, login included, is fuzzed. Run from target/api-fuzz,
    # where schemathesis keeps its .schemathesis/ state.
    if (cd "$OUT" && PYTHONPATH="$SHEBAO_ROOT/scripts" SCHEMATHESIS_HOOKS=api_fuzz_hooks \
        "$SCHEMATHESIS_VENV/bin/schemathesis" run "$url/api/openapi.json" \
        --url "$url" \
        --checks not_a_server_error,response_schema_conformance \
        --max-examples "$EXAMPLES" \
        --max-time "$SECONDS_PER_ACTOR" \
        --workers 2 \
        --seed 7 \
        --request-timeout 30 \
        --exclude-operation-id log_out \
        --header "Cookie: shebao_session=$token" \
        --header "X-CSRF-Token: $csrf" \
        --report junit --report-junit-path "$OUT/$user.junit.xml" \
        2>&1 | tee "$OUT/$user.log"); then
        say "$user: no failures"
    else
        failed+=("$user")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    say "failures as: ${failed[*]} (logs in $OUT)"
    exit 1
fi
say "no 5xx and no schema break for employer, resident and reviewer"

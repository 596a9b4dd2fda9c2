#!/usr/bin/env bash
# Runs Shebao's whole test suite: installs what is missing, then formatting, clippy
# (warnings denied), native tests, the shared rule vectors natively and in wasm, the
# web build, and the end-to-end tests in headless Chromium against the real server.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$SHEBAO_ROOT"
started=$SECONDS
# A CI run starts from a clean clone: incremental caches would only cost disk (gigabytes)
# and time there.
if [[ -n "${CI:-}" ]]; then export CARGO_INCREMENTAL=0; fi
# A full disk shows up late and far away (a linker's Bus error, SQLite's "database or disk
# is full" in a test server): say how much there is at the start and the end.
disk_free() { df -h --output=avail "$1" | tail -1 | tr -d ' '; }
say "free disk: $(disk_free "$SHEBAO_ROOT") for the build, $(disk_free "${TMPDIR:-/tmp}") for the tests' data"

setup_web_toolchain
ensure_browser
ensure_axe_core
ensure_pdf_tools
ensure_postgres
drop_test_schemas

say "formatting (cargo fmt --check)"
cargo fmt --all --check

say "clippy, warnings denied (native, and the web crate for wasm32)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p shebao-web --target wasm32-unknown-unknown --all-targets -- -D warnings
# Each Trunk build's own set of pages (web/src/builds.rs) compiles cleanly too.
for pages in "$FIRST_LOAD_FEATURES" "${WEB_BUILD_FEATURES[@]}"; do
    cargo clippy -p shebao-web --target wasm32-unknown-unknown --no-default-features \
        --features "$pages" -- -D warnings
done

say "native tests (the server's suites run on SQLite and on PostgreSQL at $SHEBAO_TEST_POSTGRES_URL)"
cargo test --workspace --exclude shebao-e2e

say "shared rule vectors, natively"
cargo test -p shebao-core --test vectors -- --nocapture

say "shared rule vectors, in wasm (wasm-bindgen-test under Node)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test -p shebao-core --target wasm32-unknown-unknown --test vectors -- --nocapture

# The form field, the drop-down, the wizard, the batch table and the pager mounted into
# the real DOM of headless Chromium (web/src/component_tests), driven through Debian's
# chromedriver; the browser's flags for this closed network are in web/webdriver.json.
say "web component tests in headless Chromium"
CHROMEDRIVER="$(command -v chromedriver)" \
    WASM_BINDGEN_TEST_WEBDRIVER_JSON="$SHEBAO_ROOT/web/webdriver.json" \
    WASM_BINDGEN_TEST_TIMEOUT=120 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test -p shebao-web --target wasm32-unknown-unknown

build_web
say "building the server for the end-to-end tests"
cargo build -p shebao-server

say "end-to-end tests in headless Chromium"
cargo test -p shebao-e2e -- --test-threads=1 --nocapture

say "build output on disk: $(du -sh "${CARGO_TARGET_DIR:-$SHEBAO_ROOT/target}" | cut -f1), $(disk_free "$SHEBAO_ROOT") free"
say "all tests passed in $((SECONDS - started)) s"

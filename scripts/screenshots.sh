#!/usr/bin/env bash
# Saves a screenshot of every journey step, from headless Chromium against the real
# server: the resident's at 360×740, the employer's and the reviewer's at 1366×768, in
# target/screenshots/<actor>-<nn>-<step>.png. Builds the web app (Trunk, release) and the
# server first, then runs the ignored e2e test e2e/tests/screenshots.rs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$SHEBAO_ROOT"

ensure_browser
# Always (re)build the web app: a stale dist/ would photograph yesterday's pages.
setup_web_toolchain
build_web
say "building the server"
cargo build -p shebao-server
shots="${CARGO_TARGET_DIR:-$SHEBAO_ROOT/target}/screenshots"
rm -rf "$shots"
say "taking screenshots into $shots/"
cargo test -p shebao-e2e --test screenshots -- --ignored --nocapture
say "$(find "$shots" -name '*.png' | wc -l) screenshots in $shots/"

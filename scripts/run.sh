#!/usr/bin/env bash
# Runs Shebao: installs what is missing, builds the front end, starts the server on
# embedded storage (SQLite in ./data) and prints the URL. Extra arguments go to the
# server, e.g. scripts/run.sh --listen 0.0.0.0:8080 --public-url https://shebao.example.cn
# (a listen address other than loopback needs --public-url, for the QR codes)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$SHEBAO_ROOT"

setup_web_toolchain
ensure_pdf_tools
build_web
say "building the server (release)"
cargo build --release -p shebao-server
say "starting the server"
exec ./target/release/shebao-server --dist "$SHEBAO_ROOT/dist" "$@"

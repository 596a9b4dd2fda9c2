#!/usr/bin/env bash
# Runs Shebao for a first look: installs what is missing, builds the front end, starts
# the server on embedded storage (SQLite in ./data) with the demo data set and the demo
# accounts (--demo; their passwords are public, so the server refuses it on any address
# but loopback) and prints the URL. Extra arguments go to the server, e.g.
# scripts/run.sh --listen 127.0.0.1:9000
# (a listen address other than loopback needs --public-url, for the QR codes).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$SHEBAO_ROOT"

setup_web_toolchain
ensure_pdf_tools
build_web
say "building the server (release)"
cargo build --release -p shebao-server
say "starting the server"
exec ./target/release/shebao-server --dist "$SHEBAO_ROOT/dist" --demo "$@"

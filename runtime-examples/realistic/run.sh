#!/usr/bin/env bash
# One node on this example with the supervisor inside the daemon: schedules, renders a lithos
# processes file per role, and runs the roles as real bubblewrap-sandboxed busybox processes.
# Run as root from anywhere: bash runtime-examples/realistic/run.sh [extra daemon options]
# Installs bubblewrap and busybox-static when missing, builds the example image, then runs
# `verwalter daemon --supervisor embedded` in the foreground (Ctrl-C stops it and its processes).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [ "$(id -u)" -ne 0 ]; then
  echo "run.sh: the supervisor needs root (namespaces, dropping to the containers' uid); run it as root" >&2
  exit 2
fi
missing=()
for p in bubblewrap busybox-static; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# The build bundles the web UI (api/ui) with node and npm; a nodejs that brings its own npm
# conflicts with Debian's npm package, so npm is only asked for when the command is missing.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

sh "$here/lithos/build-image.sh" /tmp/verwalter-example/lithos/images
echo "==> build"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$repo/api" -c Release -nologo -clp:ErrorsOnly -v:q
# The cluster key: created once (mode 0600) in the storage dir and reused on every later run, so
# nodes you add with --join (and the same key file) are authenticated from the start.
key=/tmp/verwalter/storage/cluster.key
if [ ! -s "$key" ]; then
  mkdir -p "$(dirname "$key")"
  (umask 077 && head -c 32 /dev/urandom | base64 > "$key.tmp" && mv "$key.tmp" "$key")
  echo "==> created the cluster key $key"
fi
echo "==> verwalter daemon --supervisor embedded (Ctrl-C stops it and its processes)"
exec "$repo/api/bin/Release/net10.0/verwalter" daemon \
  --config-dir "$here" \
  --storage-dir /tmp/verwalter/storage --log-dir /tmp/verwalter/log \
  --cluster-key-file "$key" \
  --supervisor embedded --supervisor-config "$here/lithos/master.yaml" "$@"

#!/usr/bin/env bash
# The test command (README quick start, and what CI's .ci/run calls): installs the Debian
# packages the tests use, builds with warnings as errors, runs every test, and ends with a
# plain "N passed, N failed" line. Exits non-zero on any failure.
#
#   bash tests/run.sh          everything (root: installs packages, real sandboxes, namespaces, browser)
#   bash tests/run.sh --fast   unit, controller and in-process tests only: no root, no apt-get,
#                              no native publish, no real daemons (needs the .NET SDK, node and npm)
set -euo pipefail
cd "$(dirname "$0")/.."
fast=0
if [ "${1:-}" = "--fast" ]; then
  fast=1
fi
# The --fast selection leaves out every test class that starts real processes or needs root.
fast_filter='FullyQualifiedName!~.Real.&FullyQualifiedName!~EndToEnd&FullyQualifiedName!~.Charts.&FullyQualifiedName!~ProcessTests&FullyQualifiedName!~DaemonTests&FullyQualifiedName!~DaemonFaultTests&FullyQualifiedName!~UpCommandTests&FullyQualifiedName!~.Ui.Ui&FullyQualifiedName!~Promtool&FullyQualifiedName!~.Supervision.Runtime.&FullyQualifiedName!~WatchProcess&FullyQualifiedName!~Wat2Wasm'

# clang and zlib1g-dev link the natively compiled supervisor (dotnet publish with PublishAot).
packages=(prometheus lua5.4 bubblewrap iproute2 busybox-static clang zlib1g-dev golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev systemd nodejs chromium faketime wabt)
if [ "$fast" -eq 0 ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "tests/run.sh: missing Debian packages (${missing[*]}); run as root to install them" >&2
      exit 2
    fi
    echo "==> installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # Nothing here stops, masks or disables a host service: the tests only run promtool from the
  # prometheus package and pick free loopback ports, so a server the package started may keep running.

  # The web UI (api/ui) is bundled with node and npm. Debian ships npm as its own package, but a
  # nodejs that already brings npm (NodeSource's) conflicts with it: install npm only when missing.
  if ! command -v npm >/dev/null 2>&1; then
    echo "==> installing npm"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 CI=true
echo "==> build"
dotnet build Verwalter.sln -c Release -nologo -clp:ErrorsOnly
filter=()
if [ "$fast" -eq 0 ]; then
  echo "==> publish the native supervisor (ahead-of-time compiled, about a minute)"
  native="$PWD/api/Supervisor/bin/native"
  dotnet publish api/Supervisor/Verwalter.Supervisor.csproj -c Release -r linux-x64 -nologo -clp:ErrorsOnly -o "$native"
  # Every real supervisor test goes through `verwalter supervisor`, which hands over to it.
  export VERWALTER_SUPERVISOR_EXE="$native/verwalter-supervisor"
else
  filter=(--filter "$fast_filter")
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
echo "==> test"
set +e
dotnet test tests/Verwalter.Tests/Verwalter.Tests.csproj -c Release --no-build -nologo "${filter[@]}" \
  --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" --results-directory "$results" \
  -- RunConfiguration.TestSessionTimeout=1500000
status=$?
set -e

trx="$results/tests.trx"
if [ ! -f "$trx" ]; then
  echo "0 passed, 1 failed"
  echo "tests/run.sh: no test results were written (dotnet test exited $status)" >&2
  exit 1
fi
passed=$(grep -o '<Counters [^>]*' "$trx" | grep -o 'passed="[0-9]*"' | grep -o '[0-9]*')
failed=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
errors=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' error="[0-9]*"' | grep -o '[0-9]*' || echo 0)
failed=$((failed + errors))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

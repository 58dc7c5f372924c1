#!/usr/bin/env bash
# Scheduler memory after faults (docs/performance.md): RUNS failing scheduler runs in a row against
# a real daemon (four in five stopped by a 128 MiB memory cap, one in five by the instruction
# budget), RSS after each, and 30 s after the last. Needs a Release build of api/.
#   bash tests/Verwalter.Benchmarks/scripts/scheduler-memory.sh [RUNS]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
runs="${1:-100}"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/config/scheduler/v1" "$work/config/runtime/web"
echo "image: web" > "$work/config/runtime/web/v1.yaml"
cat > "$work/config/scheduler/v1/main.lua" <<'LUA'
return { scheduler = function(input)
  local newest, kind = -1, nil
  for id, a in pairs(input.actions) do if id > newest then newest, kind = id, a.kind end end
  if kind == nil then return { ok = true } end
  if kind == "loop" then while true do end end
  local t = {}
  for i = 1, 100000000 do t[i] = string.rep("x", 4096) .. i end
  return { never = true }
end }
LUA
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
Verwalter__Scheduling__MemoryMiB=128 Verwalter__Scheduling__Deadline=00:00:20 Verwalter__Scheduling__InstructionBudget=100000000 \
  dotnet "$repo/api/bin/Release/net10.0/verwalter.dll" daemon --config-dir "$work/config" --storage-dir "$work/storage" \
  --log-dir "$work/log" --host 127.0.0.1 --port "$port" > "$work/daemon.log" 2>&1 &
pid=$!
until curl -sf "localhost:$port/v1/schedule" | grep -q '"ok":true'; do sleep 0.5; done
sleep 5
rss() { awk -v f="$1:" '$1==f {print int($2/1024)}' "/proc/$pid/status"; }
count() { curl -s "localhost:$port/metrics" | awk -v r="$1" -F'[{}" ]+' '$1=="verwalter_scheduler_runs_total" && $3==r {print $NF}'; }
base=$(rss VmRSS)
echo "baseline RSS ${base} MiB"
highest=0
for i in $(seq 1 "$runs"); do
  if [ $((i % 5)) -eq 0 ]; then kind=loop; result=timeout; else kind=table; result=memory; fi
  before=$(count "$result"); before=${before:-0}
  curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"kind\":\"$kind\",\"n\":$i}" "localhost:$port/v1/action"
  while now=$(count "$result"); [ "${now:-0}" -le "$before" ]; do sleep 0.1; done
  r=$(rss VmRSS); [ "$r" -gt "$highest" ] && highest=$r
  [ $((i % 20)) -eq 0 ] && echo "after run $i: RSS $r MiB, peak $(rss VmHWM) MiB"
done
echo "highest RSS right after a failed run: $highest MiB; peak (VmHWM) $(rss VmHWM) MiB"
sleep 30
bound=$(( base * 3 / 2 > base + 64 ? base * 3 / 2 : base + 64 ))
echo "30 s after run $runs: RSS $(rss VmRSS) MiB (bound max(1.5x baseline, baseline + 64 MiB) = $bound MiB)"

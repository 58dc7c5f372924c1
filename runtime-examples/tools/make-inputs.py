#!/usr/bin/env python3
"""Writes the golden scheduler inputs (golden/<case>/input.json).

The parent schedules inside the inputs are real outputs of the example
scheduler from earlier "rounds", produced with the reference harness
(run-reference.lua under lua5.4), so they are exactly what a cluster
running this scheduler would have published:

  round A  t0-2h  leader alpha, 4 nodes, no parents        (first schedule)
  round B  t0-1h  leader alpha, parent A, actions: web -> v1.2.0 (rollback),
                  cache scaled to 4
  round C  t0-30m leader beta during a network split (sees only gamma),
                  parent A, action: worker scaled to 5

The golden cases then run at t0 = 2026-01-01T00:00:00Z.

Usage: make-inputs.py   (rewrites every realistic/golden/*/input.json and
                         minimal/golden/empty/input.json; then run
                         make-golden.sh to refresh the expected files)
"""
import copy
import hashlib
import json
import os
import subprocess
import sys
import tempfile

TOOLS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TOOLS)
REALISTIC = os.path.join(ROOT, "realistic")
MINIMAL = os.path.join(ROOT, "minimal")

T0 = 1767225600000  # 2026-01-01T00:00:00Z in ms
HOUR = 3600 * 1000

IDS = {
    "alpha": "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
    "beta": "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2",
    "gamma": "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3",
    "delta": "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4",
    "epsilon": "e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5",
}
ADDRS = {
    "alpha": "10.0.0.1:8379", "beta": "10.0.0.2:8379",
    "gamma": "10.0.0.3:8379", "delta": "10.0.0.4:8379",
    "epsilon": "10.0.0.5:8379",
}


def peer(host, now, seen_ago=2000, schedule=None, addr=True):
    """One entry of input.peers, shaped like verwalter's (spec 2.2)."""
    return {
        "id": IDS[host],
        "addr": ADDRS[host] if addr else None,
        "name": host + ".example.com",
        "hostname": host,
        "schedule": schedule,
        "known_since": T0 - 30 * 24 * HOUR,
        "last_report_direct": None if seen_ago is None else now - seen_ago,
        "errors": 0,
    }


def peers(hosts, now, **kw):
    return {IDS[h]: peer(h, now, **kw) for h in hosts}


def canonical(data):
    """Compact JSON with sorted keys (enough for this data: no floats other
    than 0.5 / 2.0, ASCII only)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


def stamp(data, timestamp, origin):
    digest = hashlib.sha1(canonical(data).encode("utf-8")).hexdigest()
    return {"timestamp": timestamp, "hash": digest, "origin": IDS[origin]}


def run_reference(inp):
    """Runs the example scheduler on `inp` with the reference harness."""
    runtime = subprocess.run(
        [sys.executable, os.path.join(TOOLS, "build-runtime.py"), REALISTIC],
        check=True, capture_output=True, text=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        paths = {n: os.path.join(tmp, n) for n in ("in", "rt", "out")}
        with open(paths["in"], "w") as f:
            json.dump(inp, f)
        with open(paths["rt"], "w") as f:
            f.write(runtime)
        subprocess.run(["lua5.4", os.path.join(TOOLS, "run-reference.lua"),
                        REALISTIC, paths["in"], "--runtime", paths["rt"],
                        "--out", paths["out"]], check=True)
        with open(paths["out"]) as f:
            return json.load(f)


def button(action, role, **fields):
    b = {"action": action, "role": role}
    b.update(fields)
    return {"button": b}


def base_input(now, host, peer_map, parents=(), actions=None):
    return {
        "now": now,
        "current_host": host,
        "current_id": IDS[host],
        "parents": list(parents),
        "actions": actions or {},
        "peers": peer_map,
        "metrics": {},
    }


def write_case(config_dir, case, inp):
    d = os.path.join(config_dir, "golden", case)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "input.json"), "w") as f:
        json.dump(inp, f, indent=2, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.relpath(os.path.join(d, "input.json"), ROOT))


def main():
    four = ["beta", "gamma", "delta"]  # peers of alpha; alpha is current

    # ---- history ---------------------------------------------------------
    ta, tb, tc = T0 - 2 * HOUR, T0 - HOUR, T0 - HOUR // 2
    sched_a = run_reference(base_input(ta, "alpha", peers(four, ta)))
    sched_b = run_reference(base_input(
        tb, "alpha", peers(four, tb, schedule=stamp(sched_a, ta, "alpha")),
        parents=[sched_a],
        actions={
            str(tb - 40000): button("set_version", "web", version="v1.2.0"),
            str(tb - 20000): button("scale", "cache", instances=4),
        }))
    # split: beta leads a minority with gamma only
    sched_c = run_reference(base_input(
        tc, "beta", peers(["gamma"], tc, schedule=stamp(sched_a, ta, "alpha")),
        parents=[sched_a],
        actions={str(tc - 10000): button("scale", "worker", instances=5)}))
    stamp_b = stamp(sched_b, tb, "alpha")

    # ---- cases -----------------------------------------------------------
    write_case(REALISTIC, "three-peers-fresh",
               base_input(T0, "alpha", peers(four, T0)))

    write_case(REALISTIC, "with-parent-stable", base_input(
        T0, "alpha", peers(four, T0, schedule=stamp_b), parents=[sched_b]))

    write_case(REALISTIC, "action-set-version", base_input(
        T0, "alpha", peers(four, T0, schedule=stamp_b), parents=[sched_b],
        actions={
            str(T0 - 9000): button("set_version", "web", version="v1.0.0"),
            str(T0 - 8000): button("set_version", "web", version="v1.10.0"),
            str(T0 - 7000): button("set_version", "cache", version="v4.0.0-rc1"),
            str(T0 - 6000): button("set_version", "worker", version="v9.9.9"),
            str(T0 - 5000): button("restart", "web"),
            str(T0 - 4000): {"note": "not a button"},
        }))

    write_case(REALISTIC, "action-scale", base_input(
        T0, "alpha", peers(four, T0, schedule=stamp_b), parents=[sched_b],
        actions={
            str(T0 - 9000): button("scale", "web", instances=2),
            str(T0 - 8000): button("scale", "worker", instances=6),
            str(T0 - 7000): button("scale", "cache", instances=5),
            str(T0 - 6000): button("scale", "worker", instances=-1),
            str(T0 - 5000): button("scale", "worker", instances="5"),
            str(T0 - 4000): button("scale", "worker", instances=2.5),
            str(T0 - 3000): button("scale", "db", instances=3),
        }))

    write_case(REALISTIC, "peer-died", base_input(
        T0, "alpha", peers(["beta", "gamma"], T0, schedule=stamp_b),
        parents=[sched_b]))

    stale = peers(["beta", "gamma"], T0)
    stale.update(peers(["delta"], T0, seen_ago=2 * 60 * 1000))
    stale.update(peers(["epsilon"], T0, seen_ago=None, addr=False))
    write_case(REALISTIC, "peer-stale", base_input(T0, "alpha", stale))

    write_case(REALISTIC, "split-brain-parents", base_input(
        T0, "alpha", peers(four, T0, schedule=stamp_b),
        parents=[sched_b, sched_c]))

    gone = copy.deepcopy(sched_b)
    # CI removed worker v0.9.0 from runtime/ after this parent was published;
    # only the state matters to the scheduler, so only the state is edited.
    gone["state"]["worker"]["version"] = "v0.9.0"
    write_case(REALISTIC, "parent-version-gone", base_input(
        T0, "alpha", peers(four, T0), parents=[gone]))

    write_case(MINIMAL, "empty", base_input(T0, "alpha", peers(four, T0)))


if __name__ == "__main__":
    main()

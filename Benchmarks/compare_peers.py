#!/usr/bin/env python3
"""MentorMatch's Hungarian-family solver against the assignment and
min-cost-flow peers, on the instances of shared/bench/GENERATOR.md.

For each instance MentorMatch runs as `mentor-match solve --generate MxN
--family F --solver hungarian`, and its time is the in-process solve time it
reports (`seconds.build + seconds.solve`: validation, network build and
augmenting paths; on candidate pairs and pricing also the dual certificate
and the independent validator, which the dense paths run after their timer
stops; the matrix generation and the process start are excluded, as the
peers' timings exclude building their input). The peers run in this process on the same matrix:
  LSA(n)          SciPy linear_sum_assignment, lap.lapjv (LAPJV);
  CAP(n/5 x n)    OR-Tools SimpleMinCostFlow on the unexpanded network;
  DIV(M x N)      OR-Tools SimpleMinCostFlow on the network view of the
                  department rule: mentee -> (mentor, department) -> mentor.
  TIES            tied scores with minimum loads: all-zero 400 x 600 with every
                  mentor taking exactly one, and 1-5 ratings (gen % 5 + 1) 300 x
                  1000 with loads 1..3, solved from a score file (--scores
                  F.npy --mentor-load L); also with minimum 0, the issue's
                  reference. Peer: SciPy on the slot expansion (a mentor's
                  mandatory slots may not go unmatched; its optional slots may
                  take a dummy column at 0).
Every objective is recomputed from the returned assignment and must agree.
Times are medians of --reps runs, taken one after the other.

usage: python3 Benchmarks/compare_peers.py [--lsa 1000,2000,5000] [--cap 5000] [--div 400x2000,1000x5000]
       [--ties zeros:400x600:1:1,ratings:300x1000:1:3]
       [--reps 5] [--binary .build/release/mentor-match]
needs: numpy, scipy; pip install lap ortools (skipped with a note when missing);
       a release build (swift build -c release --product mentor-match).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
for candidate in (os.path.join(HERE, "..", "..", "shared", "bench"), os.path.join(HERE, "bench")):
    if os.path.exists(os.path.join(candidate, "gen.py")):
        sys.path.insert(0, candidate)
        break
try:
    from gen import gen  # shared/bench/gen.py, the reference generator
except ImportError:  # a user's clone without shared/: the same splitmix64, inline
    def gen(m, n, seed):
        g, c1, c2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
        with np.errstate(over="ignore"):
            z = np.uint64(seed) + np.arange(1, m * n + 1, dtype=np.uint64) * g
            z = (z ^ (z >> np.uint64(30))) * c1
            z = (z ^ (z >> np.uint64(27))) * c2
            z = z ^ (z >> np.uint64(31))
        return (z % np.uint64(1000001)).astype(np.int64).reshape(m, n)


def median(xs):
    return statistics.median(xs)


def mentormatch(binary, size, family):
    p = subprocess.run([binary, "solve", "--generate", size, "--family", family, "--solver", "hungarian"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"mentor-match failed on {family} {size}: {p.stderr}")
    d = json.loads(p.stdout)
    assert d["status"] == "optimal" and d["bound"] == d["objective"], d["status"]
    return d["seconds"]["build"] + d["seconds"]["solve"], int(d["objective"])


def mentormatch_scores(binary, path, load):
    p = subprocess.run([binary, "solve", "--scores", path, "--mentor-load", load, "--solver", "hungarian"], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"mentor-match failed on {path} with loads {load}: {p.stderr}")
    d = json.loads(p.stdout)
    assert d["status"] == "optimal" and d["bound"] == d["objective"], d["status"]
    return d["seconds"]["build"] + d["seconds"]["solve"], int(round(d["objective"]))


def slot_expansion(S, lo, hi):
    """The score matrix of mentors with loads lo..hi as slot rows for a rectangular LSA: each mentor's
    first lo slots must take a mentee, the other hi - lo may take one of the dummy columns (score 0)."""
    m, n = S.shape
    optional = m * (hi - lo)
    rows = []
    for i in range(m):
        for k in range(hi):
            dummy = np.full(optional, -np.inf if k < lo else 0.0)
            rows.append(np.concatenate([S[i].astype(np.float64), dummy]))
    return np.array(rows)


def ours_runs(binary, size, family, reps):
    """MentorMatch's times and objectives over `reps` runs."""
    ours, objs = [], set()
    for _ in range(reps):
        t, o = mentormatch(binary, size, family)
        ours.append(t)
        objs.add(o)
    return ours, objs


def ortools_runs(build, reps):
    """Times of OR-Tools' solve call on a network `build()` makes, and its objective."""
    ts, obj = [], None
    for _ in range(reps):
        f = build()
        t, st = timed(f.solve)
        assert st == f.OPTIMAL, st
        ts.append(t)
        obj = -f.optimal_cost()
    return ts, int(obj)


def timed(fn, *a):
    t = time.perf_counter()
    r = fn(*a)
    return time.perf_counter() - t, r


RESULTS = []   # one dict per (instance, tool), written by --json
CURRENT = {}


def row(name, times, obj, ours):
    ratio = f"{median(ours) / median(times):6.2f}" if ours else ""
    print(f"  {name:36s} median {median(times):8.3f} s  (min {min(times):.3f}, {len(times)} runs)  obj={obj}  {ratio}", flush=True)
    RESULTS.append(dict(CURRENT, tool=name, median_s=median(times), min_s=min(times), runs=len(times),
                        objective=obj if isinstance(obj, int) else (obj[0] if len(obj) == 1 else None),
                        ratio=(median(ours) / median(times)) if ours else None))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lsa", default="1000,2000,5000")
    ap.add_argument("--cap", default="5000")
    ap.add_argument("--div", default="400x2000,1000x5000")
    ap.add_argument("--ties", default="zeros:400x600:1:1,ratings:300x1000:1:3")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--binary", default=".build/release/mentor-match")
    ap.add_argument("--json", help="also write every measurement to this JSON file")
    a = ap.parse_args()
    try:
        return run_all(a)
    finally:
        if a.json:
            with open(a.json, "w") as f:
                json.dump(RESULTS, f, indent=1)


def run_all(a):
    from scipy.optimize import linear_sum_assignment
    try:
        import lap
    except ImportError:
        lap = None
        print("(lap not installed: pip install lap)")
    try:
        from ortools.graph.python import min_cost_flow as ort_mcf
    except ImportError:
        ort_mcf = None
        print("(ortools not installed: pip install ortools)")
    print("ratio = MentorMatch median / peer median (below 1 is faster)")
    ok = True
    for n in [int(x) for x in a.lsa.split(",") if x]:
        S = gen(n, n, n)
        print(f"LSA({n})", flush=True)
        CURRENT.update(family="LSA", instance=f"LSA({n})", size=n * n)
        ours, objs = ours_runs(a.binary, f"{n}x{n}", "lsa", a.reps)
        row("MentorMatch hungarian", ours, sorted(objs), None)
        Sf = S.astype(np.float64)
        ts = []
        for _ in range(a.reps):
            t, (r, c) = timed(linear_sum_assignment, Sf, True)
            ts.append(t)
        objs.add(int(S[r, c].sum()))
        row("SciPy linear_sum_assignment", ts, int(S[r, c].sum()), ours)
        if lap:
            C = (1000000 - S).astype(np.float64)
            ts = []
            for _ in range(a.reps):
                t, (_, x, _) = timed(lap.lapjv, C)
                ts.append(t)
            objs.add(int(S[np.arange(n), x].sum()))
            row("lap.lapjv (LAPJV)", ts, int(S[np.arange(n), x].sum()), ours)
        if len(objs) != 1:
            ok = False
            print(f"  !! objectives disagree: {sorted(objs)}")
    for n in [int(x) for x in a.cap.split(",") if x]:
        m = n // 5
        S = gen(m, n, n)
        print(f"CAP({m}x{n})", flush=True)
        CURRENT.update(family="CAP", instance=f"CAP({m}x{n})", size=m * n)
        ours, objs = ours_runs(a.binary, f"{m}x{n}", "cap", a.reps)
        row("MentorMatch hungarian", ours, sorted(objs), None)
        if ort_mcf:
            src, snk = m + n, m + n + 1
            tails = np.concatenate([np.full(m, src), np.repeat(np.arange(m), n), m + np.arange(n)]).astype(np.int32)
            heads = np.concatenate([np.arange(m), m + np.tile(np.arange(n), m), np.full(n, snk)]).astype(np.int32)
            caps = np.concatenate([np.full(m, 5), np.ones(m * n + n, dtype=np.int64)])
            costs = np.concatenate([np.zeros(m, dtype=np.int64), -S.reshape(-1), np.zeros(n, dtype=np.int64)])

            def build():
                f = ort_mcf.SimpleMinCostFlow()
                f.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
                f.set_node_supply(src, n)
                f.set_node_supply(snk, -n)
                return f
            ts, obj = ortools_runs(build, a.reps)
            objs.add(obj)
            row("OR-Tools SimpleMinCostFlow (solve)", ts, obj, ours)
        if len(objs) != 1:
            ok = False
            print(f"  !! objectives disagree: {sorted(objs)}")
    for size in [x for x in a.div.split(",") if x]:
        M, N = (int(v) for v in size.lower().split("x"))
        print(f"DIV({M}x{N})", flush=True)
        CURRENT.update(family="DIV", instance=f"DIV({M}x{N})", size=M * N)
        ours, objs = ours_runs(a.binary, f"{M}x{N}", "div", a.reps)
        row("MentorMatch hungarian (candidate pairs + pricing)", ours, sorted(objs), None)
        if ort_mcf:
            ts, obj = ortools_runs(lambda: div_network(M, N, ort_mcf), a.reps)
            objs.add(obj)
            row("OR-Tools SimpleMinCostFlow (solve)", ts, obj, ours)
        if len(objs) != 1:
            ok = False
            print(f"  !! objectives disagree: {sorted(objs)}")
    import tempfile
    for spec in [x for x in a.ties.split(",") if x]:
        kind, size, lo, hi = spec.split(":")
        M, N = (int(v) for v in size.lower().split("x"))
        lo, hi = int(lo), int(hi)
        S = np.zeros((M, N), dtype=np.int64) if kind == "zeros" else gen(M, N, N) % 5 + 1
        name = f"TIES-{kind}({M}x{N}, loads {lo}:{hi})"
        print(name, flush=True)
        CURRENT.update(family="TIES", instance=name, size=M * N)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "scores.npy")
            np.save(path, S.astype(np.float64))
            runs = [mentormatch_scores(a.binary, path, f"{lo}:{hi}") for _ in range(a.reps)]
            ours, objs = [t for t, _ in runs], {o for _, o in runs}
            row("MentorMatch hungarian (from a score file)", ours, sorted(objs), None)
            # The reference: the same matrix without the minimum (ratio = with / without).
            free = [mentormatch_scores(a.binary, path, f"0:{hi}") for _ in range(a.reps)]
            row(f"MentorMatch with minimum load 0 (0:{hi})", [t for t, _ in free], sorted({o for _, o in free}), ours)
        E = slot_expansion(S, lo, hi)
        ts = []
        for _ in range(a.reps):
            t, (r, c) = timed(linear_sum_assignment, E, True)
            ts.append(t)
        obj = int(sum(E[i, j] for i, j in zip(r, c) if j < N))
        objs.add(obj)
        row("SciPy linear_sum_assignment (slot expansion)", ts, obj, ours)
        if len(objs) != 1:
            ok = False
            print(f"  !! objectives disagree: {sorted(objs)}")
    return 0 if ok else 1


def div_network(M, N, ort_mcf):
    """DIV of GENERATOR.md as a min-cost flow: source -> mentee (1) ->
    (mentor, department) slot (1, cost -score) -> mentor (2) -> sink, with
    each mentor's lower bound of 1 moved into the node supplies."""
    seed = N
    S = gen(M, N, seed)
    cap = -(-12 * N // (10 * M))
    dept = lambda k: (7 * k + seed) % 8
    dm, dn = dept(np.arange(M)), dept(np.arange(N))
    I, J = np.meshgrid(np.arange(M), np.arange(N), indexing="ij")
    keep = ~((dm[:, None] == dn[None, :]) & ((I + J) % 3 == 0))
    I, J = I[keep], J[keep]
    src, mentee0, slot0 = 0, 1, 1 + N
    mentor0 = slot0 + 8 * M
    sink = mentor0 + M
    slots = np.arange(8 * M)
    tails = np.concatenate([np.zeros(N, np.int64), mentee0 + J, slot0 + slots, mentor0 + np.arange(M), [src]])
    heads = np.concatenate([mentee0 + np.arange(N), slot0 + 8 * I + dn[J], mentor0 + slots // 8, np.full(M, sink), [sink]])
    caps = np.concatenate([np.ones(N + len(I), np.int64), np.full(8 * M, 2, np.int64), np.full(M, cap - 1, np.int64), [N]])
    costs = np.concatenate([np.zeros(N, np.int64), -S[I, J], np.zeros(8 * M + M + 1, np.int64)])
    f = ort_mcf.SimpleMinCostFlow()
    f.add_arcs_with_capacity_and_unit_cost(tails.astype(np.int32), heads.astype(np.int32), caps, costs)
    supply = np.zeros(sink + 1, np.int64)
    supply[src] = N
    supply[sink] = -N + M
    supply[mentor0:mentor0 + M] = -1
    f.set_nodes_supplies(np.arange(sink + 1), supply)
    return f


if __name__ == "__main__":
    sys.exit(main())

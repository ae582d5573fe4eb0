#!/usr/bin/env python3
"""MentorMatch's GLPK solver against glpsol on the model MentorMatch exports.

For each DIV size of shared/bench/GENERATOR.md (seed = N):
  1. `mentor-match solve --generate MxN --family div --export-lp F --no-solve`
     writes the integer program as CPLEX LP;
  2. `glpsol --lp F` solves that file (wall time of the whole process,
     reading included, as a user would run it);
  3. `mentor-match solve --generate MxN --family div --solver glpk` builds the
     same model in memory and solves it with the same GLPK library (wall time
     of the whole process, generation included).
Both objectives are printed and must agree; the ratio is MentorMatch / glpsol
on medians of --reps runs, run one after the other on the same machine.

usage: python3 Benchmarks/compare_glpsol.py [--sizes 200x1000,400x2000] [--reps 3]
       [--binary .build/release/mentor-match] [--workdir bench-work]
needs: glpsol (Debian: apt-get install -y glpk-utils), a release build
       (swift build -c release --product mentor-match).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t0, p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="200x1000,400x2000")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--binary", default=".build/release/mentor-match")
    ap.add_argument("--workdir", default="bench-work")
    ap.add_argument("--family", default="div")
    ap.add_argument("--json", help="also write every measurement to this JSON file")
    a = ap.parse_args()
    results = []
    os.makedirs(a.workdir, exist_ok=True)
    glpsol_version = subprocess.run(["glpsol", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"# {glpsol_version}; MentorMatch {a.binary}; {a.reps} runs each, medians")
    print(f"{'instance':>16} {'glpsol obj':>14} {'mm obj':>14} {'glpsol s':>9} {'mm s':>8} {'mm build':>8} {'mm solve':>8} {'ratio':>6}")
    ok = True
    for size in a.sizes.split(","):
        m, n = size.lower().split("x")
        lp = os.path.join(a.workdir, f"{a.family}_{m}x{n}.lp")
        _, p = run([a.binary, "solve", "--generate", size, "--family", a.family, "--export-lp", lp, "--no-solve"])
        if p.returncode != 0:
            sys.exit(f"export failed: {p.stderr}")
        g_times, m_times, builds, solves = [], [], [], []
        g_obj = m_obj = None
        for _ in range(a.reps):
            t, p = run(["glpsol", "--lp", lp, "-o", os.path.join(a.workdir, "glpsol.out")])
            g_times.append(t)
            with open(os.path.join(a.workdir, "glpsol.out")) as f:
                mo = re.search(r"^Objective:\s+\S+ = ([-\d.e+]+)", f.read(), re.M)
            g_obj = float(mo.group(1)) if mo else None
            t, p = run([a.binary, "solve", "--generate", size, "--family", a.family, "--solver", "glpk"])
            m_times.append(t)
            d = json.loads(p.stdout)
            m_obj = d["objective"]
            builds.append(d["seconds"]["build"])
            solves.append(d["seconds"]["solve"])
        gm, mm = statistics.median(g_times), statistics.median(m_times)
        same = g_obj is not None and m_obj is not None and abs(g_obj - m_obj) < 0.5
        ok &= same
        inst = f"{a.family.upper()}({m}x{n})"
        results.append(dict(family=a.family.upper(), instance=inst, size=int(m) * int(n), tool="glpsol (LP file)", median_s=gm,
                            min_s=min(g_times), runs=a.reps, objective=g_obj, ratio=None))
        results.append(dict(family=a.family.upper(), instance=inst, size=int(m) * int(n), tool="MentorMatch glpk", median_s=mm,
                            min_s=min(m_times), runs=a.reps, objective=m_obj, ratio=mm / gm))
        print(f"{a.family + ' ' + size:>16} {g_obj:>14.0f} {m_obj:>14.0f} {gm:>9.2f} {mm:>8.2f} "
              f"{statistics.median(builds):>8.2f} {statistics.median(solves):>8.2f} {mm / gm:>6.2f}"
              + ("" if same else "  OBJECTIVES DIFFER"), flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""TIGHT (Benchmarks/generator/GENERATOR.md) against the MIP solvers, with the same time limit.

MentorMatch solves the generated instance with its default route (`solve --generate MxN
--family tight`); CBC (Debian's coinor-cbc) and HiGHS (highspy, one thread) solve the
CPLEX LP file MentorMatch exports for the same instance. Every peer's matching is read
back from its solution (columns x_i_j at 1), checked here against TIGHT's rules
independently of MentorMatch, and its objective recomputed from the generator's scores.

usage: python3 compare_tight.py BIN --sizes 100x500,200x1000 --time-limit 30 --workdir DIR
prints one JSON object per line: instance, tool, seconds, status, objective, bound, gap, valid
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "generator"))
from gen import gen  # noqa: E402

NAME = re.compile(r"^x_(\d+)_(\d+)$")


def tight_violations(m, n, seed, pairs):
    """TIGHT's rules, checked from the generator's definition: the number of broken ones."""
    dept = lambda k: (7 * k + seed) % 8
    region = lambda k: (3 * k + seed) % 5
    cap = (12 * n + 10 * m - 1) // (10 * m)
    bad = 0
    mentor_of = {}
    for i, j in pairs:
        if j in mentor_of:
            bad += 1
        mentor_of[j] = i
    bad += sum(1 for j in range(n) if j not in mentor_of)
    load, seen = [0] * m, set()
    for i, j in pairs:
        load[i] += 1
        for key in (("d", i, dept(j)), ("r", i, region(j))):
            bad += key in seen
            seen.add(key)
        if dept(i) == dept(j) and (i + j) % 3 == 0:
            bad += 1
    bad += sum(1 for i in range(m) if not 1 <= load[i] <= cap)
    for j in range(0, n - 1, 10):
        if j in mentor_of and mentor_of.get(j + 1) == mentor_of[j]:
            bad += 1
    same = sum(1 for i, j in pairs if dept(i) == dept(j))
    if len(pairs) - same < 0.9 * len(pairs) - 1e-9:
        bad += 1
    return bad


def check(m, n, seed, pairs, scores):
    return dict(objective=float(sum(scores[i][j] for i, j in pairs)) if pairs else None,
                valid=tight_violations(m, n, seed, pairs) == 0 if pairs else None)


def run_mentormatch(binary, size, tmlim):
    t0 = time.perf_counter()
    p = subprocess.run([binary, "solve", "--generate", size, "--family", "tight", "--time-limit", str(tmlim)],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t0
    j = json.loads(p.stdout)
    return dict(seconds=wall, status=j["status"], pairs=[tuple(x) for x in j.get("pairs", [])],
                bound=j.get("bound"), reported=j.get("objective"), tool="MentorMatch (auto)")


def run_cbc(lp, tmlim, workdir):
    sol = os.path.join(workdir, "tight-cbc.sol")
    t0 = time.perf_counter()
    p = subprocess.run(["cbc", lp, "-timeMode", "elapsed", "-sec", str(tmlim), "-solve", "-solu", sol],
                       capture_output=True, text=True, timeout=tmlim + 600)
    wall = time.perf_counter() - t0
    out = p.stdout
    status = "optimal" if "Optimal solution found" in out else "time limit" if "Stopped on time" in out else "other"
    pairs = []
    if os.path.exists(sol):
        with open(sol) as f:
            first = next(f, "")
            if "no integer solution" in first:
                status = "no integer solution"
                f = []   # the file holds the LP relaxation's values, not a matching
            for line in f:
                # "index name value reduced-cost", with "**" before the index on an infeasible value.
                t = line.split()[-4:]
                if len(t) == 4 and NAME.match(t[1]) and float(t[2]) > 0.5:
                    a = NAME.match(t[1])
                    pairs.append((int(a.group(1)), int(a.group(2))))
    bound = re.search(r"^(?:Upper|Lower) bound:\s+([-\d.e+]+)", out, re.M)
    objective = re.search(r"^Objective value:\s+([-\d.e+]+)", out, re.M)
    # Proven optimal: CBC prints no bound line; the bound is the objective.
    bound = bound or (objective if status == "optimal" else None)
    return dict(seconds=wall, status=status, pairs=pairs, bound=abs(float(bound.group(1))) if bound else None,
                tool=f"CBC {cbc_version()}, {tmlim} s")


def cbc_version():
    p = subprocess.run(["cbc", "-quit"], capture_output=True, text=True)
    v = re.search(r"Version:\s+(\S+)", p.stdout)
    return v.group(1) if v else ""


def run_highs(lp, tmlim):
    import highspy
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("time_limit", float(tmlim))
    t0 = time.perf_counter()
    h.readModel(lp)
    h.run()
    wall = time.perf_counter() - t0
    info = h.getInfo()
    names = list(h.getLp().col_names_)
    values = list(h.getSolution().col_value)
    pairs = []
    if info.primal_solution_status != 2:   # kSolutionStatusFeasible: otherwise no matching was found
        values = []
    for name, v in zip(names, values):
        a = NAME.match(name)
        if a and v > 0.5:
            pairs.append((int(a.group(1)), int(a.group(2))))
    status = h.modelStatusToString(h.getModelStatus())
    bound = info.mip_dual_bound
    return dict(seconds=wall, status="optimal" if status == "Optimal" else status.lower(), pairs=pairs,
                bound=abs(bound) if bound == bound and abs(bound) < 1e30 else None,
                tool=f"HiGHS {h.version()} (highspy, 1 thread), {tmlim} s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--sizes", default="100x500,200x1000")
    ap.add_argument("--time-limit", type=int, default=30)
    ap.add_argument("--workdir", default="bench-work")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    for size in a.sizes.split(","):
        m, n = map(int, size.split("x"))
        seed = n
        scores = gen(m, n, seed).tolist()
        lp = os.path.join(a.workdir, f"tight_{size}.lp")
        subprocess.run([a.binary, "solve", "--generate", size, "--family", "tight", "--export-lp", lp, "--no-solve"],
                       check=True, capture_output=True)
        runs = [lambda: run_mentormatch(a.binary, size, a.time_limit)]
        from shutil import which
        if which("cbc"):
            runs.append(lambda: run_cbc(lp, a.time_limit, a.workdir))
        try:
            import highspy  # noqa: F401
            runs.append(lambda: run_highs(lp, a.time_limit))
        except ImportError:
            pass
        for run in runs:
            r = run()
            c = check(m, n, seed, r["pairs"], scores)
            gap = (r["bound"] - c["objective"]) / r["bound"] if c["objective"] is not None and r.get("bound") else None
            print(json.dumps(dict(instance=f"TIGHT({size})", tool=r["tool"], seconds=round(r["seconds"], 2),
                                  status=r["status"], objective=c["objective"], bound=r.get("bound"),
                                  gap=gap, valid=c["valid"])), flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Runs MentorMatch's benchmarks and the peer comparisons, and writes
BENCHMARKS.md (and charts in Benchmarks/charts/) at the repository root.

  python3 Benchmarks/write_benchmarks_md.py            # the full set (about half an hour)
  python3 Benchmarks/write_benchmarks_md.py --quick    # smaller sizes, fewer runs

Peers: SciPy linear_sum_assignment and LAPJV (`lap`) on LSA; OR-Tools'
min-cost flow on CAP and DIV; glpsol on the LP file MentorMatch exports; a
NumPy version of the compatibility criteria. Every objective is compared.
"""
import argparse
import datetime
import json
import shutil
import math
import os
import platform
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, ".build", "release", "mentor-match")


def sh(cmd, **kw):
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, **kw)


# A small process that forks and execs the command and reports the child's
# peak RSS: Linux charges a process started straight from this (large) Python
# process with this process's own peak memory at exec, so each command is
# started from a fresh, small interpreter instead.
_SPAWN = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measured(cmd):
    """Runs cmd; returns (seconds, peak RSS bytes of that process, stdout, exit code)."""
    import tempfile
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        start = time.perf_counter()
        p = subprocess.run([sys.executable, "-c", _SPAWN, rss.name] + cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
        seconds = time.perf_counter() - start
        try:
            peak = int(open(rss.name).read() or 0) * 1024
        except (OSError, ValueError):
            peak = 0
    return seconds, peak, p.stdout, p.returncode


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.+)", f.read())
            cpu = m.group(1).strip() if m else cpu
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
            mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return f"{os.cpu_count()} cores ({cpu}){mem}; {platform.system()} {platform.release()}; {swift[0] if swift else 'swift'}"


def versions():
    out = []
    for mod in ("numpy", "scipy", "lap", "ortools"):
        try:
            m = __import__(mod)
            out.append(f"{mod} {getattr(m, '__version__', '?')}")
        except ImportError:
            out.append(f"{mod} not installed")
    try:
        out.append(subprocess.run(["glpsol", "--version"], capture_output=True, text=True).stdout.splitlines()[0])
    except (OSError, IndexError):
        out.append("glpsol not installed")
    return ", ".join(out)


def svg_chart(title, series, path, xlabel="pairs (mentors × mentees)", ylabel="seconds"):
    """A log-log line chart: series = {name: [(x, y), …]}."""
    pts = [p for s in series.values() for p in s if p[0] > 0 and p[1] > 0]
    if not pts:
        return None
    W, H, L, B, T, R = 800, 400, 70, 50, 40, 290
    x0, x1 = math.log10(min(p[0] for p in pts)), math.log10(max(p[0] for p in pts))
    y0, y1 = math.floor(math.log10(min(p[1] for p in pts))), math.ceil(math.log10(max(p[1] for p in pts)))
    if x1 - x0 < 1e-9:
        x0, x1 = x0 - 0.5, x1 + 0.5
    if y1 - y0 < 1:
        y1 = y0 + 1
    X = lambda x: L + (math.log10(x) - x0) / (x1 - x0) * (W - L - R)
    Y = lambda y: H - B - (math.log10(y) - y0) / (y1 - y0) * (H - B - T)
    colors = ["#3b6ea8", "#b5651d", "#5a8f5a", "#8e44ad", "#c0392b", "#7f8c8d"]
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>', f'<text x="{L}" y="22" font-size="15" font-weight="bold">{title}</text>']
    for e in range(y0, y1 + 1):
        y = Y(10 ** e)
        o.append(f'<line x1="{L}" y1="{y:.1f}" x2="{W - R}" y2="{y:.1f}" stroke="#e3e7ec"/>')
        o.append(f'<text x="{L - 8}" y="{y + 4:.1f}" text-anchor="end">{10 ** e:g}</text>')
    for x in sorted({p[0] for p in pts}):
        o.append(f'<text x="{X(x):.1f}" y="{H - B + 18}" text-anchor="middle">{x:.2g}</text>')
    o.append(f'<text x="{(L + W - R) / 2}" y="{H - 10}" text-anchor="middle">{xlabel}</text>')
    o.append(f'<text x="16" y="{(T + H - B) / 2}" transform="rotate(-90 16 {(T + H - B) / 2})" text-anchor="middle">{ylabel}</text>')
    for k, (name, s) in enumerate(series.items()):
        c = colors[k % len(colors)]
        s = sorted(p for p in s if p[0] > 0 and p[1] > 0)
        if len(s) > 1:
            o.append('<polyline fill="none" stroke-width="2" stroke="%s" points="%s"/>' % (c, " ".join(f"{X(x):.1f},{Y(y):.1f}" for x, y in s)))
        for x, y in s:
            o.append(f'<circle cx="{X(x):.1f}" cy="{Y(y):.1f}" r="4" fill="{c}"><title>{name}: {y:.3g} s</title></circle>')
        o.append(f'<rect x="{W - R + 14}" y="{T + 10 + 20 * k}" width="12" height="12" fill="{c}"/>')
        o.append(f'<text x="{W - R + 32}" y="{T + 21 + 20 * k}">{name}</text>')
    o.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")
    return os.path.relpath(path, ROOT)


def table(rows, header):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller sizes and fewer runs")
    ap.add_argument("--skip-glpsol", action="store_true")
    ap.add_argument("--package-benchmark", action="store_true", help="also run the nested package-benchmark suite")
    ap.add_argument("--scale", default=None, help="end-to-end cohort sizes, e.g. 2000x10000,5000x25000")
    ap.add_argument("--streamed", default=None, help="end-to-end cohort sizes for the streamed path, e.g. 2000x10000,10000x50000")
    ap.add_argument("--workdir", default=os.path.join(ROOT, "bench-work"))
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    charts = os.path.join(HERE, "charts")
    os.makedirs(charts, exist_ok=True)
    reps = "3" if a.quick else "5"
    sh(["swift", "build", "-c", "release", "--product", "mentor-match"], cwd=ROOT)

    peers = os.path.join(a.workdir, "peers.json")
    sh([sys.executable, os.path.join(HERE, "compare_peers.py"), "--reps", reps, "--json", peers,
        "--binary", BIN] + (["--lsa", "1000,2000", "--cap", "5000", "--div", "400x2000"] if a.quick else []), cwd=ROOT)
    glpsol = os.path.join(a.workdir, "glpsol.json")
    if not a.skip_glpsol:
        sh([sys.executable, os.path.join(HERE, "compare_glpsol.py"), "--json", glpsol, "--binary", BIN, "--workdir", a.workdir]
           + (["--sizes", "200x1000", "--reps", "1"] if a.quick else ["--sizes", "200x1000,400x2000", "--reps", "3"]), cwd=ROOT)
    # Matching within one pool (peer mentoring): the blossom solver against
    # networkx, rustworkx and LEMON on the peer and popularity families.
    pool = os.path.join(a.workdir, "pool.json")
    sh([sys.executable, os.path.join(HERE, "compare_pool_peers.py"), "--json", pool, "--binary", BIN, "--max-seconds", "30"]
       + (["--peer", "500,1000", "--popularity", "500", "--reps", "1", "--nx-max", "0"] if a.quick
          else ["--peer", "500,1000,2000,10000", "--popularity", "500,2000", "--reps", "3", "--nx-max", "500", "--rx-max", "1000", "--lemon-max", "2000"]),
       cwd=ROOT)
    bmatch_rows = []
    for n in ([500] if a.quick else [500, 2000]):
        t, mem, out, code = measured([BIN, "solve", "--generate", f"{n}x{n}", "--family", "peer", "--partners", "0:2"])
        try:
            j = json.loads(out)
            bmatch_rows.append([f"peer({n}), 0…2 partners each", f"{j['seconds']['build'] + j['seconds']['solve']:.2f} s", f"{mem / 1e9:.2f} GB",
                                j["status"], f"{j['objective']:.0f}", "proven (odd-set certificate)" if j["bound"] == j["objective"] else f"gap {j['gap']}"])
        except (ValueError, KeyError, TypeError):
            bmatch_rows.append([f"peer({n}), 0…2 partners each", "", "", f"exit {code}", "", ""])
    compat = os.path.join(a.workdir, "compat.json")
    sh([sys.executable, os.path.join(HERE, "compare_numpy_compat.py"), "--json", compat, "--reps", "3"]
       + (["--mentors", "500", "--mentees", "2500"] if a.quick else []), cwd=ROOT)

    scale_sizes = a.scale or ("500x2500" if a.quick else "2000x10000,5000x25000")
    scale_rows = []
    for size in [s for s in scale_sizes.split(",") if s]:
        m, n = size.lower().split("x")
        d = os.path.join(a.workdir, f"cohort-{size}")
        g_t, g_mem, _, _ = measured([BIN, "generate", "--mentors", m, "--mentees", n, "--seed", "1", "--out", d, "--force"])
        shutil.rmtree(f"{d}/out", ignore_errors=True)
        args = [BIN, "match", "--participants", f"{d}/participants.csv", "--config", f"{d}/program.yaml", "--out", f"{d}/out",
                "--memory-budget", "1000"]
        precision = "single" if int(m) * int(n) <= 2e7 else "byte"
        t, mem, out, code = measured(args + ["--precision", precision, "--time-limit", "600"])
        status, proof = "failed", ""
        try:
            with open(f"{d}/out/assignments.json") as f:
                j = json.load(f)
            status = j["status"]
            proof = "proven optimal (dual bound = objective)" if j["status"] == "optimal" and j["bound"] == j["objective"] else f"gap {j['gap']}"
        except (OSError, ValueError, KeyError):
            pass
        if code != 0:
            status, proof = f"exit {code}", ""
        print(f"scale {size}: generate {g_t:.1f} s, match {t:.1f} s, peak {mem / 1e9:.2f} GB, {status}", flush=True)
        scale_rows.append([f"{m} × {n}", f"{g_t:.1f} s", f"{t:.1f} s", f"{mem / 1e9:.2f} GB", precision, status, proof])

    # The streamed path (candidate pairs + pricing) against the dense one, on
    # the same cohorts with one rule (the department cap; the quota dropped).
    streamed_sizes = a.streamed or ("500x2500" if a.quick else "2000x10000,5000x25000,10000x50000")
    streamed_rows = []
    for size in [s for s in streamed_sizes.split(",") if s]:
        m, n = size.lower().split("x")
        d = os.path.join(a.workdir, f"cohort-{size}")
        g_t = None
        if not os.path.exists(f"{d}/participants.csv"):
            g_t, _, _, _ = measured([BIN, "generate", "--mentors", m, "--mentees", n, "--seed", "1", "--out", d, "--force"])
        with open(f"{d}/program.yaml") as f:
            one = [line for line in f if "kind: quota" not in line]
        with open(f"{d}/one-rule.yaml", "w") as f:
            f.writelines(one)
        base = [BIN, "match", "--participants", f"{d}/participants.csv", "--config", f"{d}/one-rule.yaml", "--time-limit", "600"]
        runs = [("streamed", ["--streamed"])]
        if int(m) * int(n) <= 1.25e8:
            runs.insert(0, ("dense", ["--precision", "single" if int(m) * int(n) <= 2e7 else "byte", "--memory-budget", "1000"]))
        for path, extra in runs:
            out = f"{d}/out-{path}"
            shutil.rmtree(out, ignore_errors=True)
            t, mem, text, code = measured(base + ["--out", out] + extra)
            status, objective, proof, rounds = "failed", "", "", ""
            try:
                with open(f"{out}/assignments.json") as f:
                    j = json.load(f)
                status = j["status"]
                objective = f"{j['objective']:,.2f}"
                proof = "proven optimal" if j["status"] == "optimal" and j["bound"] == j["objective"] else f"gap {j['gap']}"
                if "pricingRounds" in j:
                    rounds = f"{len(j['pricingRounds'])} rounds, {j['pricingRounds'][-1]['candidates']:,} of {int(j['allowedPairs']):,} pairs"
            except (OSError, ValueError, KeyError, IndexError):
                pass
            if code != 0:
                status, objective, proof, rounds = f"exit {code}", "", "", ""
            print(f"streamed section {size} {path}: {t:.1f} s, peak {mem / 1e9:.2f} GB, {status} {objective}", flush=True)
            streamed_rows.append([f"{m} × {n}", path, f"{t:.1f} s", f"{mem / 1e9:.2f} GB", status, objective, proof, rounds])

    # A large problem that is not a network: DIV with separations, 120 s each.
    large_rows = []
    large = "200x1000" if a.quick else "1000x5000"

    def solve_row(instance, label, cmd):
        """One `solve` run as a row: time, peak memory, status, objective and proven gap."""
        t, mem, out, code = measured(cmd)
        try:
            j = json.loads(out)
            gap = j.get("gap")
            large_rows.append([instance, label, f"{t:.1f} s", f"{mem / 1e9:.2f} GB", j["status"],
                               f"{j['objective']:.0f}" if j.get("objective") is not None else "none",
                               f"{100 * gap:.3f} %" if gap is not None else "—"])
        except (ValueError, KeyError):
            large_rows.append([instance, label, f"{t:.1f} s", "", "failed", "", ""])

    solve_row(f"DIV-sep({large})", "MentorMatch (auto)", [BIN, "solve", "--generate", large, "--family", "div-sep", "--time-limit", "120"])
    if not a.skip_glpsol:
        lp = os.path.join(a.workdir, f"divsep_{large}.lp")
        sh([BIN, "solve", "--generate", large, "--family", "div-sep", "--export-lp", lp, "--no-solve"])
        sol = os.path.join(a.workdir, "divsep-glpsol.out")
        t, mem, out, code = measured(["glpsol", "--lp", lp, "--tmlim", "120", "-o", sol])
        status, objective = "no integer solution", "none"
        try:
            with open(sol) as f:
                text = f.read()
            st = re.search(r"^Status:\s+(.+)$", text, re.M)
            ob = re.search(r"^Objective:\s+\S+ = ([-\d.e+]+)", text, re.M)
            status = st.group(1).strip() if st else status
            if ob and "UNDEFINED" not in status:
                objective = f"{float(ob.group(1)):.0f}"
        except OSError:
            pass
        large_rows.append([f"DIV-sep({large})", "glpsol on the exported LP, --tmlim 120", f"{t:.1f} s", f"{mem / 1e9:.2f} GB", status, objective, "—"])

    # TIGHT (two diversity caps, a cross-department share, separations, every
    # mentee matched), 30 s each: MentorMatch's default route (the Lagrangian
    # heuristic with its window search, then GLPK on priced candidate pairs),
    # GLPK on the dense model, and CBC and HiGHS on the exported LP; every
    # matching checked against TIGHT's rules and its objective recomputed by
    # compare_tight.py.
    tight_sizes = ["50x250"] if a.quick else ["100x500", "200x1000"]
    for size in tight_sizes:
        solve_row(f"TIGHT({size}), 30 s", "MentorMatch, GLPK on the dense model",
                  [BIN, "solve", "--generate", size, "--family", "tight", "--time-limit", "30", "--solver", "glpk"])
    p = subprocess.run([sys.executable, os.path.join(HERE, "compare_tight.py"), BIN, "--sizes", ",".join(tight_sizes),
                        "--time-limit", "30", "--workdir", a.workdir], capture_output=True, text=True)
    if p.returncode != 0:
        large_rows.append(["TIGHT", "compare_tight.py failed", "", "", (p.stderr.strip().splitlines() or ["no message"])[-1], "", ""])
    for line in p.stdout.splitlines():
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        valid = "" if r["valid"] else " (BREAKS A RULE)" if r["valid"] is False else ""
        large_rows.append([f"{r['instance']}, 30 s", r["tool"], f"{r['seconds']:.1f} s", "", r["status"] + valid,
                           f"{r['objective']:.0f}" if r["objective"] is not None else "none",
                           f"{100 * r['gap']:.3f} %" if r["gap"] is not None else "—"])

    bench_md = ""
    if a.package_benchmark:
        p = subprocess.run(["swift", "package", "--allow-writing-to-package-directory", "benchmark", "--format", "markdown", "--no-progress"],
                           cwd=HERE, capture_output=True, text=True)
        text = re.sub(r"\x1b\[[0-9;]*m", "", p.stdout)
        out, fenced = [], False
        for l in text.splitlines():
            if l.startswith(("Warning:", "Note:")):
                continue
            if l.startswith("```"):
                fenced = not fenced
            out.append("#" + l if l.startswith("#") and not fenced else l)
        text = "\n".join(out)
        bench_md = text if p.returncode == 0 else f"(package-benchmark failed: {p.stderr[-500:]})"

    # The document.
    with open(peers) as f:
        P = json.load(f)
    G = json.load(open(glpsol)) if os.path.exists(glpsol) and not a.skip_glpsol else []
    C = json.load(open(compat))
    lines = [
        "# Benchmarks", "",
        f"Written by `make bench` (`python3 Benchmarks/write_benchmarks_md.py{' --quick' if a.quick else ''}`) on "
        f"{datetime.date.today().isoformat()}.", "",
        f"Machine: {machine()}.  ", f"Peers: {versions()}.", "",
        "Medians of several runs in the same session; the machine is shared and noisy, so compare ratios, not absolute times. "
        "MentorMatch's time is its in-process build + solve as `solve` reports it; a peer's is its solve call (glpsol: the whole "
        "process on the LP file MentorMatch exports). Every MentorMatch answer is then certified (the dual bound recomputed over "
        "every pair, the independent validator): outside the timer on the dense paths (LSA, CAP; a few per cent of the solve), "
        "inside it on candidate pairs and pricing (DIV).", "",
        "## Assignment and network problems (../shared/bench/GENERATOR.md)", "",
    ]
    rows = []
    by_instance = {}
    for r in P:
        by_instance.setdefault(r["instance"], []).append(r)
    for inst, rs in by_instance.items():
        ours = next((r for r in rs if r["tool"].startswith("MentorMatch")), None)
        for r in rs:
            if r is ours:
                continue
            rows.append([inst, f"{ours['median_s']:.3f} s" if ours else "", r["tool"], f"{r['median_s']:.3f} s",
                         f"{ours['median_s'] / r['median_s']:.2f}" if ours else "", r.get("objective"),
                         "same" if ours and ours.get("objective") == r.get("objective") else "DIFFERENT"])
    lines += [table(rows, ["instance", "MentorMatch", "peer", "peer time", "ratio", "objective", "objectives"]), ""]
    if G:
        lines += ["## The integer-programming path: GLPK in-process vs glpsol", ""]
        g_rows = []
        for inst in dict.fromkeys(r["instance"] for r in G):
            rs = [r for r in G if r["instance"] == inst]
            g = next(r for r in rs if r["tool"].startswith("glpsol")); mm = next(r for r in rs if r["tool"].startswith("MentorMatch"))
            g_rows.append([inst, f"{mm['median_s']:.2f} s", f"{g['median_s']:.2f} s", f"{mm['median_s'] / g['median_s']:.2f}",
                           f"{mm['objective']:.0f}", "same" if abs(mm["objective"] - g["objective"]) < 0.5 else "DIFFERENT"])
        lines += [table(g_rows, ["instance", "MentorMatch (glpk)", "glpsol", "ratio", "objective", "objectives"]), ""]
    o = C["ours"]
    with open(pool) as f:
        prows = json.load(f)
    prows = prows["rows"] if isinstance(prows, dict) else prows
    by_instance = {}
    for r in prows:
        by_instance.setdefault((r["family"], r["n"]), []).append(r)
    pool_table = []
    for (fam, n), rs in sorted(by_instance.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        mm = next((r for r in rs if r["tool"].startswith("MentorMatch") and r.get("median") is not None), None)
        for r in rs:
            if r.get("median") is None:
                continue
            ratio = f"{mm['median'] / r['median']:.3f}×" if mm and r is not mm and r["median"] > 0 else ""
            pool_table.append([f"{fam}({n})", r["tool"], f"{r['median']:.3f} s", ratio,
                               f"{r['objective']:,}" if r.get("objective") is not None else "", "agree" if r.get("agrees", True) else "DISAGREE"])
    lines_pool = ["## Matching within one pool (peer mentoring): blossom vs networkx, rustworkx, LEMON", "",
                  "Complete graphs, integer weights (`Benchmarks/compare_pool_peers.py`; the families are in its docstring). "
                  "MentorMatch's time is the solve it reports (scan, relaxation, blossom, pricing over every pair, and the "
                  "independent check of its odd-set certificate); ratio = MentorMatch's median / the tool's. Every objective "
                  "is recomputed from the tool's own matching.", "",
                  table(pool_table, ["instance", "tool", "median", "MentorMatch ÷ tool", "objective", "optimum"]), "",
                  "Capacities (b-matching by copies and Tutte gadgets; the same optimum as HiGHS on the exported model where it finishes):", "",
                  table(bmatch_rows, ["instance", "MentorMatch", "peak memory", "status", "objective", "proof"]), ""]
    lines += lines_pool
    lines += ["## Compatibility matrices", "",
              f"Cohort of {C['mentors']} mentors × {C['mentees']} mentees, all eleven criteria cached, against the same criteria vectorised with NumPy.", "",
              table([[f"MentorMatch ({k})", f"{v['build_median_s']:.2f} s", f"{v['reweight_median_s']:.3f} s", f"{v['peak_rss_bytes'] / 1e9:.2f} GB"] for k, v in o.items()]
                    + [["NumPy (float32)", f"{C['numpy']['build_median_s']:.2f} s", f"{C['numpy']['reweight_s']:.3f} s", f"{C['numpy']['peak_rss_bytes'] / 1e9:.2f} GB"]],
                    ["", "build", "re-weight", "peak memory"]), "",
              f"Same exclusions and totals: {'yes' if C['same'] else 'NO'}.", ""]
    lines += ["## Problems that are not networks: DIV with separations (120 s), TIGHT (30 s)", "",
              "TIGHT's peers solve the CPLEX LP file MentorMatch exports for the same instance; each matching is checked against "
              "TIGHT's rules and its objective recomputed from the generator's scores (Benchmarks/compare_tight.py). "
              "The gap is (bound − objective) / bound, each solver's own proven bound.", "",
              table(large_rows, ["instance", "solver", "time", "peak memory", "status", "objective", "proven gap"]), ""]
    lines += ["## End to end: `generate` then `match` (capacities, a department cap per mentor, an early-career quota)", "",
              table(scale_rows, ["cohort", "generate", "match", "peak memory", "criteria storage", "status", "proof"]), ""]
    lines += ["## End to end, streamed: candidate pairs and pricing (`match --streamed`)", "",
              "The same cohorts with one rule (the department cap per mentor; the quota left out, so that both paths solve the same one-rule program at every size; the streamed solver takes quotas too, as the 10,000 × 50,000 run with the generated config in the README shows). "
              "The dense path holds every pair's criteria; the streamed path scores pairs a block of rows at a time, keeps 12 candidate mentors "
              "per mentee and 4 mentees per mentor, solves on them, then prices every pair with the duals until none improves the matching, "
              "so its proof covers all pairs. Time is the whole `match` process (reading the CSV, scoring, solving, writing). "
              "Above 20 million pairs the dense path stores the criteria as bytes (1/254 steps), so its scores, and its optimum, "
              "differ slightly from the streamed path's single-precision totals; where both use single precision the optima are equal.", "",
              table(streamed_rows, ["cohort", "path", "match", "peak memory", "status", "objective", "proof", "pricing"]), ""]
    # Charts.
    made = []
    for fam, tools in (("LSA", None), ("DIV", None)):
        series = {}
        for r in P:
            if r["family"] == fam:
                series.setdefault(r["tool"], []).append((r["size"], r["median_s"]))
        if fam == "DIV":
            for r in G:
                series.setdefault(r["tool"], []).append((r["size"], r["median_s"]))
        c = svg_chart(f"{fam}: time against size", series, os.path.join(charts, f"{fam.lower()}.svg"))
        if c:
            made.append((fam, c))
    if made:
        lines += ["## Charts", ""] + [f"![{fam}]({path})" for fam, path in made] + [""]
    if bench_md:
        lines += ["## package-benchmark (Benchmarks/)", "", bench_md, ""]
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
        f.write("\n".join(lines))
    print("wrote BENCHMARKS.md")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Exact maximum-weight matching on general graphs (peer matching within one
pool): networkx, rustworkx, LEMON and, optionally, MentorMatch on the same
instances, with every optimum checked against the others.

Instance families (integer weights, so every optimum is exact; `gen` is the
splitmix64 generator of shared/bench/GENERATOR.md, vertices 0..n-1, complete
graph, n(n-1)/2 edges):
  peer(n)         S = gen(n, n, seed = n); w(i, j) = S[i][j] for i < j
                  (upper triangle only). The family of shared/bench/nx_bench.py.
  popularity(n)   S = gen(n, n, seed = n); a = gen(1, n, seed = n + 1)[0];
                  for i < j: w(i, j) = (a[i] * a[j]) // 1_000_000 + S[i][j] % 100_001.
                  Everyone's top choices are the same few people (those with a
                  large a), so the greedy choices collide.

Tools and what is timed (building each tool's input graph is excluded):
  networkx    nx.max_weight_matching(G) (pure Python), n <= --nx-max;
  rustworkx   rx.max_weight_matching(G, weight_fn=int) (Rust port of the same
              O(n^3) algorithm; the edge payloads are Python ints and weight_fn
              must return an int), n <= --rx-max;
  LEMON       MaxWeightedMatching on a SmartGraph with an EdgeMap<long long>,
              run by Benchmarks/lemon_matching.cpp, compiled here with g++ -O2
              into a cache directory when LEMON's headers are present (Debian:
              apt-get install liblemon-dev); its time is the driver's own
              measure of run() (fractionalInit + start), not reading the input;
              its peak RSS is the driver's own (VmHWM); its dual value (LEMON
              scales integer duals by 4) must equal its weight; n <= --lemon-max;
  MentorMatch `BINARY solve --generate NxN --family peer|popularity --format json`
              (when --binary names an existing file); its time is the
              seconds.build + seconds.solve it reports (generation and process
              start excluded), its peak RSS the child's own (by GNU time when
              present: see run_measured).
Every tool's matching is checked (no vertex twice, no self-pair, vertices in
range) and its weight recomputed here from the pairs it returned; MentorMatch's
reported objective must equal that recomputation. All tools must then agree on
the optimum: each instance prints AGREES or !! DISAGREES (exit status 1 if any
disagreement or failure). Times are medians of --reps runs, one after the other;
once a single run takes longer than --max-seconds the tool is not repeated.
Matched-pair counts can differ between tools (zero-weight edges, ties); only
the total weight must agree.

usage: python3 Benchmarks/compare_pool_peers.py [--peer 200,500,1000] [--popularity 200,500]
       [--reps 3] [--max-seconds 60] [--nx-max 500] [--rx-max 1000] [--lemon-max 5000]
       [--binary .build/release/mentor-match] [--json FILE]
needs: numpy; pip install networkx rustworkx; apt-get install liblemon-dev g++
       (each tool is skipped with a note when missing; make bench-deps installs all but g++).
"""
import argparse
import functools
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
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

LEMON_SOURCE = os.path.join(HERE, "lemon_matching.cpp")


# ---------------------------------------------------------------- instances

def weights(family, n):
    """The n x n int64 weight matrix W of an instance (W[i, j] for i < j is the
    weight of edge {i, j}; the rest is unused) and its edge list (iu, ju, w)."""
    S = gen(n, n, n)
    if family == "peer":
        W = S
    elif family == "popularity":
        a = gen(1, n, n + 1)[0]
        W = (a[:, None] * a[None, :]) // 1_000_000 + S % 100_001  # a[i]*a[j] <= 10^12: no overflow
    else:
        raise ValueError(family)
    iu, ju = np.triu_indices(n, k=1)
    return W, iu, ju, W[iu, ju]


def matching_weight(W, pairs):
    """Weight of `pairs` under W, after checking that they form a matching."""
    n = W.shape[0]
    seen = set()
    total = 0
    for u, v in pairs:
        u, v = int(u), int(v)
        if not (0 <= u < n and 0 <= v < n) or u == v:
            raise ValueError(f"invalid pair ({u}, {v})")
        if u in seen or v in seen:
            raise ValueError(f"vertex matched twice in pair ({u}, {v})")
        seen.update((u, v))
        total += int(W[min(u, v), max(u, v)])
    return total


# ---------------------------------------------------------------- tools
# Each runner is prepared once per instance (graph building, untimed) and then
# returns (seconds, pairs, rss_mb or None, reported objective or None) per run.

def networkx_runner(n, iu, ju, w):
    import networkx as nx
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from(zip(iu.tolist(), ju.tolist(), w.tolist()))

    def run():
        t0 = time.perf_counter()
        mate = nx.max_weight_matching(G)
        return time.perf_counter() - t0, list(mate), None, None
    return run


def rustworkx_runner(n, iu, ju, w):
    import rustworkx as rx
    G = rx.PyGraph(multigraph=False)
    G.add_nodes_from(range(n))
    G.add_edges_from(list(zip(iu.tolist(), ju.tolist(), w.tolist())))

    def run():
        t0 = time.perf_counter()
        mate = rx.max_weight_matching(G, weight_fn=int)
        return time.perf_counter() - t0, list(mate), None, None
    return run


def build_lemon(cache_dir):
    """Compile lemon_matching.cpp (once per source version) and return the
    executable's path, or (None, reason) when it cannot be built."""
    cxx = shutil.which(os.environ.get("CXX", "g++"))
    if not cxx:
        return None, "no C++ compiler (g++) found"
    with open(LEMON_SOURCE, "rb") as f:
        digest = hashlib.sha1(f.read()).hexdigest()[:12]
    exe = os.path.join(cache_dir, f"lemon_matching-{digest}")
    if os.path.exists(exe):
        return exe, None
    os.makedirs(cache_dir, exist_ok=True)
    tmp = f"{exe}.{os.getpid()}.tmp"
    p = subprocess.run([cxx, "-O2", "-std=c++17", LEMON_SOURCE, "-o", tmp], capture_output=True, text=True)
    if p.returncode != 0:
        if "lemon/" in p.stderr and "No such file" in p.stderr:
            return None, "LEMON headers not found (Debian: apt-get install liblemon-dev)"
        return None, "compiling lemon_matching.cpp failed: " + p.stderr.strip().splitlines()[0]
    os.replace(tmp, exe)
    for old in os.listdir(cache_dir):  # builds of earlier versions of the source
        if old.startswith("lemon_matching-") and not old.endswith(".tmp") and os.path.join(cache_dir, old) != exe:
            os.remove(os.path.join(cache_dir, old))
    return exe, None


def lemon_runner(exe, workdir, n, iu, ju, w):
    path = os.path.join(workdir, f"graph-{n}.bin")
    header = np.array([n, len(w)], dtype="<i8")
    edges = np.stack([iu, ju, w], axis=1).astype("<i8")
    with open(path, "wb") as f:
        f.write(header.tobytes())
        f.write(edges.tobytes())

    def run():
        with open(path, "rb") as stdin:
            p = subprocess.run([exe], stdin=stdin, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"lemon_matching exited with {p.returncode}: {p.stderr.strip()}")
        d = json.loads(p.stdout)
        if d["weight"] != d["lemon_weight"] or d["dual_value_scaled"] != d["dual_scale"] * d["weight"]:
            raise RuntimeError(f"LEMON's own figures do not match its matching: {d}")
        rss = d["peak_rss_mb"] if d["peak_rss_mb"] >= 0 else None
        return d["solve_seconds"], d["pairs"], rss, d["weight"]
    return run


@functools.lru_cache(maxsize=None)
def gnu_time():
    """Path of GNU time, or None."""
    exe = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    if exe:
        p = subprocess.run([exe, "--version"], capture_output=True, text=True)
        if "GNU" in p.stdout + p.stderr:
            return exe
    return None


def run_measured(cmd, workdir):
    """Run `cmd`; return (completed process, peak RSS in MB or None).

    A child's ru_maxrss (wait4) is not enough on Linux: an exec keeps the
    high-water mark of the memory it replaces, i.e. this Python process's, so
    a small child would report the harness's peak. GNU time forks the command
    from its own small image, so its %M is the command's own peak; without it,
    the wait4 figure is kept only when it exceeds this process's own peak (then
    it can only be the child's)."""
    gtime = gnu_time()
    if gtime:
        out = os.path.join(workdir, "rss.txt")
        p = subprocess.run([gtime, "-f", "%M", "-o", out] + cmd, capture_output=True)
        try:
            with open(out) as f:
                return p, int(f.read().split()[-1]) / 1024.0
        except (OSError, ValueError, IndexError):
            return p, None
    import resource
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, ru = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        p = subprocess.CompletedProcess(cmd, child.returncode, out.read(), err.read())
    return p, (ru.ru_maxrss / 1024.0 if ru.ru_maxrss > own else None)


def mentormatch_runner(binary, workdir, family, n):
    cmd = [binary, "solve", "--generate", f"{n}x{n}", "--family", family, "--format", "json"]

    def run():
        p, rss = run_measured(cmd, workdir)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited with {p.returncode}: "
                               f"{p.stderr.decode(errors='replace').strip()[:2000]}")
        d = json.loads(p.stdout)
        if d.get("status") != "optimal":
            raise RuntimeError(f"mentor-match status {d.get('status')!r}, expected 'optimal'")
        return d["seconds"]["build"] + d["seconds"]["solve"], d["pairs"], rss, int(d["objective"])
    return run


# ---------------------------------------------------------------- driver

def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def sizes(text):
    return [int(x) for x in text.split(",") if x.strip()]


def available_tools(a, workdir):
    """The tools to run, as (name, largest n, factory), and notes on the skipped
    ones. factory(family, n, iu, ju, w) prepares a runner for one instance."""
    tools, notes = [], []
    try:
        import networkx as nx
        tools.append((f"networkx {nx.__version__}", a.nx_max, lambda f, n, iu, ju, w: networkx_runner(n, iu, ju, w)))
    except ImportError:
        notes.append("networkx skipped: not installed (pip install networkx)")
    try:
        import rustworkx as rx
        tools.append((f"rustworkx {rx.__version__}", a.rx_max, lambda f, n, iu, ju, w: rustworkx_runner(n, iu, ju, w)))
    except ImportError:
        notes.append("rustworkx skipped: not installed (pip install rustworkx)")
    exe, why = build_lemon(a.cache_dir)
    if exe:
        tools.append(("LEMON MaxWeightedMatching", a.lemon_max,
                      lambda f, n, iu, ju, w: lemon_runner(exe, workdir, n, iu, ju, w)))
    else:
        notes.append(f"LEMON skipped: {why}")
    if a.binary and os.path.isfile(a.binary):
        tools.append(("MentorMatch", float("inf"), lambda f, n, iu, ju, w: mentormatch_runner(a.binary, workdir, f, n)))
    else:
        notes.append("MentorMatch skipped: " + (f"{a.binary} does not exist" if a.binary else "no --binary given"))
    return tools, notes


def measure(run, W, reps, max_seconds, row):
    """Fill `row` with up to `reps` runs of `run`, checking each matching and
    recomputing its weight; raises on an invalid or inconsistent result."""
    for _ in range(reps):
        t, pairs, rss, reported = run()
        obj = matching_weight(W, pairs)
        if reported is not None and reported != obj:
            raise RuntimeError(f"reported objective {reported} but its pairs weigh {obj}")
        if row["objective"] is not None and row["objective"] != obj:
            raise RuntimeError(f"objective changed between runs: {row['objective']} then {obj}")
        row["times"].append(t)
        row.update(objective=obj, pairs=len(pairs))
        if rss is not None:
            row["rss_mb"] = max(rss, row.get("rss_mb", 0.0))
        if t > max_seconds:
            break
    row["median"] = statistics.median(row["times"])


def verdict(rows):
    """The per-instance line: AGREES / !! DISAGREES (and failures)."""
    objectives = {r["tool"]: r["objective"] for r in rows if "error" not in r}
    failed = [r["tool"] for r in rows if "error" in r]
    if len(set(objectives.values())) > 1:
        line = "!! DISAGREES: " + ", ".join(f"{k} {v}" for k, v in objectives.items())
    elif len(objectives) > 1:
        line = f"AGREES ({len(objectives)} tools, optimum {next(iter(objectives.values()))})"
    else:
        line = "(fewer than two tools: nothing to compare)"
    if failed:
        line = f"!! FAILED: {', '.join(failed)}; the others: {line}"
    return line, not failed and len(set(objectives.values())) <= 1


def print_table(rows):
    print(f"\n{'family':<11} {'n':>6}  {'tool':<28} {'median s':>10} {'runs':>4} {'objective':>14} {'pairs':>6} {'RSS MB':>7}")
    for r in rows:
        if "error" in r:
            print(f"{r['family']:<11} {r['n']:>6}  {r['tool']:<28} {'FAILED':>10}")
            continue
        rss = f"{r['rss_mb']:7.0f}" if "rss_mb" in r else f"{'':>7}"
        print(f"{r['family']:<11} {r['n']:>6}  {r['tool']:<28} {r['median']:10.3f} {len(r['times']):>4} "
              f"{r['objective']:>14} {r['pairs']:>6} {rss}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peer", default="200,500,1000", help="sizes n of peer(n), comma-separated")
    ap.add_argument("--popularity", default="200,500", help="sizes n of popularity(n), comma-separated")
    ap.add_argument("--reps", type=int, default=3, help="runs per tool and instance (median reported)")
    ap.add_argument("--max-seconds", type=float, default=60,
                    help="no repeats once a single run of a tool takes longer than this")
    ap.add_argument("--nx-max", type=int, default=500, help="largest n given to networkx (n=500 takes ~60 s on peer, "
                    "~110 s on popularity; O(n^3), so n=1000 would take ~8 min)")
    ap.add_argument("--rx-max", type=int, default=1000, help="largest n given to rustworkx (peer n=1000 takes ~11 s)")
    ap.add_argument("--lemon-max", type=int, default=5000, help="largest n given to LEMON")
    ap.add_argument("--binary", help="mentor-match executable (skipped when absent)")
    ap.add_argument("--cache-dir", default=os.path.join(tempfile.gettempdir(), "mentormatch-poolbench"),
                    help="where the LEMON driver is compiled")
    ap.add_argument("--json", help="write every measurement to this JSON file")
    a = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="poolbench-")  # the LEMON driver's input, GNU time's output
    try:
        tools, notes = available_tools(a, workdir)
        print(f"# CPU: {cpu_model()} ({os.cpu_count()} cores); python {platform.python_version()}, "
              f"numpy {np.__version__}")
        print(f"# medians of up to {a.reps} runs (one run only once a run exceeds {a.max_seconds:g} s); "
              "objectives recomputed from each tool's matching")
        for note in notes:
            print(f"# {note}")
        sys.stdout.flush()
        results, ok = [], True
        for family, ns in (("peer", sizes(a.peer)), ("popularity", sizes(a.popularity))):
            for n in ns:
                W, iu, ju, w = weights(family, n)
                print(f"\n{family}({n}): {len(w)} edges, total weight {int(w.sum())}", flush=True)
                rows = []
                for name, nmax, factory in tools:
                    if n > nmax:
                        print(f"  {name:28s} skipped (n > {nmax})", flush=True)
                        continue
                    row = dict(family=family, n=n, tool=name, times=[], median=None, objective=None, pairs=None)
                    rows.append(row)
                    try:
                        measure(factory(family, n, iu, ju, w), W, a.reps, a.max_seconds, row)
                    except Exception as e:  # a failing tool is reported, and the others still run
                        row["error"] = f"{type(e).__name__}: {e}"
                        print(f"  {name:28s} !! FAILED: {row['error']}", flush=True)
                        continue
                    rss = f"  peak RSS {row['rss_mb']:.0f} MB" if "rss_mb" in row else ""
                    print(f"  {name:28s} median {row['median']:9.3f} s  (min {min(row['times']):.3f}, "
                          f"{len(row['times'])} runs)  objective {row['objective']}  pairs {row['pairs']}{rss}",
                          flush=True)
                line, agrees = verdict(rows)
                ok = ok and agrees
                print(f"  {line}", flush=True)
                for row in rows:
                    row["agrees"] = agrees
                results += rows
                if a.json:
                    with open(a.json, "w") as f:
                        json.dump(results, f, indent=1)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_table(results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The compatibility model's built-in criteria, vectorised with NumPy, against
MentorMatch's Swift implementation on the same seeded synthetic cohort.

Builds `compat-timing` (the nested Benchmarks package), which writes the cohort
as JSON and times MentorMatch; then scores the same profiles with NumPy (every
criterion's matrix kept, as MentorMatch keeps them, then the weighted total and
the exclusions of the default hard filters) and prints both times, the ratio,
and whether the totals agree.

usage: python3 Benchmarks/compare_numpy_compat.py [--mentors 2000] [--mentees 10000] [--reps 3]
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS = dict(skillGap=10, interests=3, values=4, personality=2, communication=4, careerStage=5,
               availability=6, timeZone=3, language=0, crossDepartment=2, preferences=5)
SIMILAR = np.array([True, True, False, True, True])  # extraversion is complementary by default
TRAITS = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"]


def offset_hours(tz):
    if tz is None:
        return None
    t = tz.strip()
    if t in ("Z", "UTC", "GMT"):
        return 0.0
    if t.startswith("UTC") or t.startswith("GMT"):
        t = t[3:]
    sign = -1 if t[0] == "-" else 1
    parts = t[1:].split(":")
    return sign * (int(parts[0]) + (int(parts[1]) / 60 if len(parts) > 1 else 0))


def swift_round(x):
    return math.copysign(math.floor(abs(x) + 0.5), x)


def bitsets(lists, vocab):
    words = max(1, (len(vocab) + 63) // 64)
    out = np.zeros((len(lists), words), dtype=np.uint64)
    count = np.zeros(len(lists), dtype=np.int32)
    for p, names in enumerate(lists):
        s = set(names)
        for name in s:
            b = vocab[name]
            out[p, b // 64] |= np.uint64(1) << np.uint64(b % 64)
        count[p] = len(s)
    return out, count


def encode(people, index_of):
    """Everything the criteria read, as arrays (not timed separately: it is part of the build)."""
    skills = sorted({s for p in people for s in list(p["skills"]) + [g["skill"] for g in p["goals"]]})
    sv = {s: k for k, s in enumerate(skills)}
    n = len(people)
    e = {}
    e["skill"] = np.zeros((n, max(1, len(skills))), dtype=np.float32)
    gmax = max([len(p["goals"]) for p in people] + [1])
    gs = np.zeros((n, gmax), dtype=np.int64)
    gc = np.zeros((n, gmax), dtype=np.float32)
    gd = np.zeros((n, gmax), dtype=np.float32)
    gp = np.zeros((n, gmax), dtype=np.float32)
    for i, p in enumerate(people):
        for s, l in p["skills"].items():
            e["skill"][i, sv[s]] = l
        for k, g in enumerate(sorted(p["goals"], key=lambda g: g["skill"])):
            gs[i, k] = sv[g["skill"]]
            gc[i, k] = p["skills"].get(g["skill"], 0)
            gd[i, k] = g["desiredLevel"]
            gp[i, k] = g["priority"]
    e.update(gs=gs, gc=gc, gd=gd, gp=gp, has_goals=np.array([len(p["goals"]) > 0 for p in people]))
    e["pers"] = np.array([[p["personality"][t] for t in TRAITS] if p.get("personality") else [0] * 5 for p in people], dtype=np.float32)
    e["has_pers"] = np.array([p.get("personality") is not None for p in people])
    e["comm"] = np.array([[p["communication"][k] for k in ("collaborative", "flexible", "bigPicture")] if p.get("communication") else [0] * 3 for p in people], dtype=np.float32)
    e["has_comm"] = np.array([p.get("communication") is not None for p in people])
    e["level"] = np.array([p["seniority"]["level"] if p.get("seniority") else 0 for p in people], dtype=np.float32)
    e["has_level"] = np.array([p.get("seniority") is not None for p in people])
    offs = [offset_hours(p.get("timeZone")) for p in people]
    e["offset"] = np.array([o or 0 for o in offs], dtype=np.float32)
    e["has_offset"] = np.array([o is not None for o in offs])
    # Weekly quarter-hours in UTC (672 bits, 11 words), each person's windows read in their own
    # time zone to the quarter-hour, as Cohort.forEachUTCQuarter reads them.
    quarters = np.zeros((n, 11), dtype=np.uint64)
    for i, p in enumerate(people):
        shift = int(swift_round((offs[i] or 0) * 4))
        for s in p["availability"]:
            start = s["startHour"] * 4 + s.get("startMinute", 0) // 15
            end = s["endHour"] * 4 + s.get("endMinute", 0) // 15
            for q in range(start, end):
                utc = ((s["day"] * 96 + q - shift) % 672 + 672) % 672
                quarters[i, utc // 64] |= np.uint64(1) << np.uint64(utc % 64)
    e["hours"] = quarters
    e["hour_count"] = np.bitwise_count(quarters).sum(axis=1)
    e["person"] = np.array([index_of[p["id"]] for p in people])
    e["eligible"] = np.array([p.get("eligible", True) for p in people])
    return e


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentors", type=int, default=2000)
    ap.add_argument("--mentees", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--workdir", default="/tmp/mentormatch-compat")
    ap.add_argument("--json", help="also write the measurements to this JSON file")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "compat-timing"], cwd=HERE, check=True,
                   stdout=subprocess.DEVNULL)
    tool = os.path.join(HERE, ".build", "release", "compat-timing")
    profiles = os.path.join(a.workdir, "profiles.json")
    ours = {}
    for precision in ("single", "byte"):
        out = subprocess.run([tool, str(a.mentors), str(a.mentees), "--seed", str(a.seed), "--reps", str(a.reps),
                              "--precision", precision] + (["--profiles", profiles] if precision == "single" else []),
                             check=True, capture_output=True, text=True).stdout
        ours[precision] = json.loads(out)
    with open(profiles) as f:
        people = json.load(f)

    times = []
    for _ in range(a.reps):
        start = time.perf_counter()
        total, excluded, reweight = numpy_model(people)
        times.append(time.perf_counter() - start)
    times.sort()
    numpy_s = times[len(times) // 2]
    total_sum = float(total.sum())
    print(f"cohort {a.mentors} mentors x {a.mentees} mentees, seed {a.seed}; medians of {a.reps}")
    print(f"{'':24}{'build s':>10}{'reweight s':>12}{'peak MB':>9}{'excluded':>10}{'total sum':>18}")
    for precision, r in ours.items():
        print(f"{'MentorMatch ' + precision:24}{r['build_median_s']:10.3f}{r['reweight_median_s']:12.3f}{r['peak_rss_bytes'] / 1e6:9.0f}"
              f"{r['excluded']:10d}{r['total_sum']:18.1f}")
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(f"{'NumPy (float32 cache)':24}{numpy_s:10.3f}{reweight:12.3f}{peak:9.0f}{excluded:10d}{total_sum:18.1f}")
    for precision, r in ours.items():
        print(f"ratio MentorMatch {precision} / NumPy: build {r['build_median_s'] / numpy_s:.2f}, reweight {r['reweight_median_s'] / reweight:.2f}")
    same = ours["single"]["excluded"] == excluded and abs(ours["single"]["total_sum"] - total_sum) <= 1e-6 * abs(total_sum)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(mentors=a.mentors, mentees=a.mentees, ours=ours, numpy=dict(build_median_s=numpy_s, reweight_s=reweight,
                           peak_rss_bytes=peak * 1e6, excluded=excluded, total_sum=total_sum), same=same), f, indent=1)
    print("same exclusions and totals as MentorMatch (single):", "yes" if same else "NO")
    return 0 if same else 1


def numpy_model(people):
    index_of = {p["id"]: k for k, p in enumerate(people)}
    mentors = [p for p in people if p["role"] != "mentee"]
    mentees = [p for p in people if p["role"] != "mentor"]
    A, B = encode(mentors, index_of), encode(mentees, index_of)
    M, N = len(mentors), len(mentees)
    # Sparse per-person relations: manager chains, blocks, failures, preferences.
    chain = []
    for p in people:
        c, m = [], p.get("managerId")
        while m is not None:
            k = index_of[m]
            c.append(k)
            m = people[k].get("managerId")
        chain.append(c)
    depth = max([len(c) for c in chain] + [1])
    chains = np.full((len(people), depth), -1)
    for k, c in enumerate(chain):
        chains[k, :len(c)] = c
    langs = sorted({l.lower() for p in people for l in p["languages"]})
    lv = {l: k for k, l in enumerate(langs)}
    A["lang"], A["lang_n"] = bitsets([[l.lower() for l in p["languages"]] for p in mentors], lv)
    B["lang"], B["lang_n"] = bitsets([[l.lower() for l in p["languages"]] for p in mentees], lv)
    for key in ("interests", "values"):
        vocab = {t: k for k, t in enumerate(sorted({t for p in people for t in p[key]}))}
        A[key], A[key + "_n"] = bitsets([p[key] for p in mentors], vocab)
        B[key], B[key + "_n"] = bitsets([p[key] for p in mentees], vocab)
    depts = {d: k for k, d in enumerate(sorted({p["department"] for p in people if p.get("department")}))}
    A["dept"] = np.array([depts.get(p.get("department"), -1) for p in mentors])
    B["dept"] = np.array([depts.get(p.get("department"), -1) for p in mentees])
    row_of = {k: i for i, k in enumerate(A["person"])}
    col_of = {k: j for j, k in enumerate(B["person"])}

    cells = M * N
    names = list(WEIGHTS)
    cache = np.empty((len(names), M, N), dtype=np.float32)
    code = np.zeros((M, N), dtype=np.uint8)
    step = 100
    half = np.float32(0.5)
    for lo in range(0, M, step):
        hi = min(M, lo + step)
        r = slice(lo, hi)
        # skillGap: priority-weighted coverage of each goal.
        m = A["skill"][r][:, B["gs"]]                      # rows × N × G
        gap = np.maximum(B["gd"] - B["gc"], 1)
        fit = np.clip((m - B["gc"]) / gap, 0, 1)
        den = B["gp"].sum(axis=1)
        sg = (fit * B["gp"]).sum(axis=2) / np.where(den > 0, den, 1)
        cache[0, r] = np.where(B["has_goals"][None, :], sg, half)
        for k, key in ((1, "interests"), (2, "values")):
            common = np.bitwise_count(A[key][r][:, None, :] & B[key][None, :, :]).sum(axis=2)
            union = A[key + "_n"][r][:, None] + B[key + "_n"][None, :] - common
            both = (A[key + "_n"][r][:, None] > 0) & (B[key + "_n"][None, :] > 0)
            cache[k, r] = np.where(both, common / np.where(union > 0, union, 1), half)
        d = np.abs(A["pers"][r][:, None, :] - B["pers"][None, :, :])
        pers = np.where(SIMILAR, 1 - d, d).sum(axis=2) / 5
        cache[3, r] = np.where(A["has_pers"][r][:, None] & B["has_pers"][None, :], pers, half)
        d = np.abs(A["comm"][r][:, None, :] - B["comm"][None, :, :]).sum(axis=2)
        cache[4, r] = np.where(A["has_comm"][r][:, None] & B["has_comm"][None, :], 1 - d / 3, half)
        g = A["level"][r][:, None] - B["level"][None, :]
        cs = np.where(g < 1, np.maximum(0, 1 - (1 - g) / 3), np.where(g > 3, np.maximum(0, 1 - (g - 3) / 3), 1))
        cache[5, r] = np.where(A["has_level"][r][:, None] & B["has_level"][None, :], cs, half)
        shared = np.bitwise_count(A["hours"][r][:, None, :] & B["hours"][None, :, :]).sum(axis=2)
        av = np.minimum(1, shared * np.float32(1 / 8))   # shared quarter-hours over 4 × availabilityHours (2)
        cache[6, r] = np.where((A["hour_count"][r][:, None] > 0) & (B["hour_count"][None, :] > 0), av, half)
        d = np.abs(A["offset"][r][:, None] - B["offset"][None, :]) % 24
        tz = np.maximum(0, 1 - np.minimum(d, 24 - d) / 8)
        has_tz = A["has_offset"][r][:, None] & B["has_offset"][None, :]
        cache[7, r] = np.where(has_tz, tz, half)
        common = np.bitwise_count(A["lang"][r][:, None, :] & B["lang"][None, :, :]).sum(axis=2)
        both = (A["lang_n"][r][:, None] > 0) & (B["lang_n"][None, :] > 0)
        cache[8, r] = np.where(both, (common > 0).astype(np.float32), half)
        da, db = A["dept"][r][:, None], B["dept"][None, :]
        cache[9, r] = np.where((da >= 0) & (db >= 0), (da != db).astype(np.float32), half)
        # Hard filters (default set), first reason wins as in MentorMatch.
        pa, pb = A["person"][r], B["person"]
        c = np.zeros((hi - lo, N), dtype=np.uint8)
        c[pa[:, None] == pb[None, :]] = 1
        inel = ~(A["eligible"][r][:, None] & B["eligible"][None, :])
        c[(c == 0) & inel] = 2
        line = (chains[pb][None, :, :] == pa[:, None, None]).any(axis=2) | (chains[pa][:, None, :] == pb[None, :, None]).any(axis=2)
        c[(c == 0) & line] = 3
        code[r] = c
        nolang = both & (common == 0)
        code[r][(code[r] == 0) & nolang] = 8
    # preferences: rank scores scattered from the sparse lists.
    pref_a = np.array([0.5 if not p["preferences"] else 0.0 for p in mentors], dtype=np.float32)
    pref_b = np.array([0.5 if not p["preferences"] else 0.0 for p in mentees], dtype=np.float32)
    side_b = np.broadcast_to(pref_b[None, :], (M, N)).copy()   # the mentee's rank of the mentor
    side_a = np.broadcast_to(pref_a[:, None], (M, N)).copy()   # the mentor's rank of the mentee
    for j, p in enumerate(mentees):
        for rank, q in enumerate(p["preferences"]):
            i = row_of.get(index_of[q])
            if i is not None:
                side_b[i, j] = 1 - rank / len(p["preferences"])
    for i, p in enumerate(mentors):
        for rank, q in enumerate(p["preferences"]):
            j = col_of.get(index_of[q])
            if j is not None:
                side_a[i, j] = 1 - rank / len(p["preferences"])
    cache[10] = (side_a + side_b) / 2
    # blocked and past failures (codes 5 and 6), on allowed pairs only.
    for reason, pairs in ((5, [(p["id"], q) for p in people for q in p["blocked"]]),
                          (6, [(p["id"], x["partner"]) for p in people for x in p["pastPairings"] if x["outcome"] == "failed"])):
        for x, y in pairs:
            for u, v in ((x, y), (y, x)):
                if u in index_of and v in index_of:
                    i, j = row_of.get(index_of[u]), col_of.get(index_of[v])
                    if i is not None and j is not None and (code[i, j] == 0 or code[i, j] > reason):
                        code[i, j] = reason
    w = np.array([WEIGHTS[k] for k in names], dtype=np.float64)
    total = np.zeros((M, N))
    for k in range(len(names)):
        if w[k] > 0:
            total += w[k] * cache[k]
    total *= 100 / w.sum()
    # Re-weighting, as compat-timing does it (one new weight vector).
    start = time.perf_counter()
    w2 = w.copy()
    w2[names.index("skillGap")], w2[names.index("availability")], w2[names.index("language")] = 3, 9, 2
    again = np.zeros((M, N))
    for k in range(len(names)):
        if w2[k] > 0:
            again += w2[k] * cache[k]
    again *= 100 / w2.sum()
    reweight = time.perf_counter() - start
    return total, int((code != 0).sum()), reweight


if __name__ == "__main__":
    sys.exit(main())

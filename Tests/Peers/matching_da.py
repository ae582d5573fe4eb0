#!/usr/bin/env python3
"""Deferred acceptance by the `matching` package (Wilde, Knight and Gillard,
JOSS 2020): the peer of MentorMatch's DeferredAcceptance in the tests.

Input: a JSON file, a list of instances {"mentors": M, "mentees": N,
"capacity": [c_i], "mentorPrefs": [[j, ...]], "menteePrefs": [[i, ...]]}
(strict, mutually acceptable lists, best first). Output: one line per
instance, "mentees|mentors" followed by the sorted pairs "i-j" of the
mentee-optimal (residents) and mentor-optimal (hospitals) stable matchings.
"""
import json
import sys
import warnings

from matching.games import HospitalResident


def solve(inst, optimal):
    # Mentors with no capacity and people with empty lists are never matched: left out of the
    # game (the package fails on players whose lists end up empty), which changes no stable matching.
    cap = inst["capacity"]
    open_mentors = {i for i, c in enumerate(cap) if c > 0}
    residents = {f"e{j}": [f"m{i}" for i in prefs if i in open_mentors] for j, prefs in enumerate(inst["menteePrefs"])}
    residents = {r: prefs for r, prefs in residents.items() if prefs}
    hospitals = {f"m{i}": [f"e{j}" for j in prefs if f"e{j}" in residents and f"m{i}" in residents[f"e{j}"]]
                 for i, prefs in enumerate(inst["mentorPrefs"]) if i in open_mentors}
    hospitals = {h: prefs for h, prefs in hospitals.items() if prefs}
    residents = {r: [h for h in prefs if h in hospitals] for r, prefs in residents.items()}
    residents = {r: prefs for r, prefs in residents.items() if prefs}
    if not residents or not hospitals:
        return ""
    capacities = {h: cap[int(h[1:])] for h in hospitals}
    game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities, clean=True)
    result = game.solve(optimal=optimal)
    pairs = sorted((int(str(h)[1:]), int(str(r)[1:])) for h, rs in result.items() for r in rs)
    return " ".join(f"{i}-{j}" for i, j in pairs)


def main():
    warnings.simplefilter("ignore")   # players with empty lists are excluded, as MentorMatch leaves them out
    with open(sys.argv[1]) as f:
        instances = json.load(f)
    for inst in instances:
        print(solve(inst, "resident") + "|" + solve(inst, "hospital"))


if __name__ == "__main__":
    main()

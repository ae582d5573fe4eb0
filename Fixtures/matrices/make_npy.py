#!/usr/bin/env python3
"""Writes the score-matrix fixtures of Fixtures/matrices with NumPy itself.

Run from anywhere: python3 Fixtures/matrices/make_npy.py (needs numpy only).
The tests read the files this writes and never need Python. Re-running it
writes the same bytes (fixed seed). It prints the optimum of each reference
(brute force over every matching, each mentor and mentee at most once), which
the tests hard-code.
"""
import itertools
import os

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(here, name)


rng = np.random.default_rng(20240611)

# The reference: 5 mentors x 7 mentees, quarter fractions (exact in float16,
# float32 and float64), negatives, and one forbidden pair (-inf) at row 1, column 4.
reference = rng.integers(-20, 100, size=(5, 7)).astype(np.float64) + rng.choice([0, 0.25, 0.5, 0.75], size=(5, 7))
reference[1, 4] = -np.inf
np.save(path("reference.npy"), reference)
np.save(path("fortran.npy"), np.asfortranarray(reference))
assert np.load(path("fortran.npy")).flags.f_contiguous
np.save(path("big-endian.npy"), reference.astype(">f8"))
np.save(path("float32.npy"), reference.astype("<f4"))
np.save(path("float16.npy"), reference.astype("<f2"))
with open(path("version2.npy"), "wb") as f:
    np.lib.format.write_array(f, reference, version=(2, 0))
with open(path("version3.npy"), "wb") as f:
    np.lib.format.write_array(f, reference, version=(3, 0))

# Integers 0..99 (they fit int8 and uint16): integer dtypes hold no -inf.
integers = rng.integers(0, 100, size=(5, 7)).astype(np.float64)
np.save(path("integers.npy"), integers)
np.save(path("int32.npy"), integers.astype("<i4"))
np.save(path("int8.npy"), integers.astype("|i1"))
np.save(path("uint16.npy"), integers.astype("<u2"))
np.save(path("int64-big-endian-fortran.npy"), np.asfortranarray(integers.astype(">i8")))

# A 0/1 matrix: bool, and the same as float64.
ones = rng.integers(0, 2, size=(5, 7)).astype(bool)
np.save(path("bool.npy"), ones)
np.save(path("bool-reference.npy"), ones.astype(np.float64))


# The reference as CSV, in the forms spreadsheets and libraries write.
def cells(fmt, inf="-inf"):
    return [[inf if np.isneginf(v) else fmt(v) for v in row] for row in reference]


def write(name, text, encoding="utf-8"):
    with open(path(name), "wb") as f:
        f.write(text.encode(encoding))


np.savetxt(path("plain.csv"), reference, delimiter=",")                     # numpy's own: '%.18e', -inf
g = lambda v: "%g" % v
write("bom.csv", "\n".join(",".join(r) for r in cells(g)) + "\n", "utf-8-sig")   # Excel "CSV UTF-8"
write("utf16le.csv", "\r\n".join("\t".join(r) for r in cells(g, "-Inf")) + "\r\n", "utf-16")   # Excel "Unicode text": BOM, tabs
write("utf16be.csv", "\n".join(",".join(r) for r in cells(g)) + "\n", "utf-16-be")
with open(path("utf16be.csv"), "rb") as f:
    body = f.read()
with open(path("utf16be.csv"), "wb") as f:
    f.write(b"\xfe\xff" + body)
write("semicolon-decimal-comma.csv", "\r\n".join(";".join(r) for r in cells(lambda v: ("%g" % v).replace(".", ","), "-Infinity")) + "\r\n")
write("tab.csv", "\n".join("\t".join(r) for r in cells(g, "-infinity")) + "\n")
write("crlf.csv", "\r\n".join(",".join(r) for r in cells(g, "-∞")) + "\r\n")
write("quoted-cr.csv", "\r".join(", ".join('"%s"' % c for c in r) for r in cells(g)) + "\r")
# pandas.DataFrame(reference, index=mentors, columns=mentees).to_csv(): an empty
# top-left cell, repr floats, -inf as "-inf", "\n" line ends; pandas quotes an
# id holding the delimiter. (Written by hand: pandas is not installed here.)
mentors = ["ada", "grace", "Smith, J", "linus", "barbara"]
mentees = ["m01", "m02", "m03", "m04", "m05", "m06", "m07"]
quote = lambda s: '"%s"' % s if "," in s else s
lines = ["," + ",".join(mentees)]
for name, row in zip(mentors, cells(lambda v: repr(float(v)))):
    lines.append(quote(name) + "," + ",".join(row))
write("pandas.csv", "\n".join(lines) + "\n")


def optimum(m):
    """Best total of a matching (each mentor and mentee at most once, -inf never)."""
    best = 0.0
    rows, cols = m.shape
    for k in range(1, rows + 1):
        for chosen in itertools.combinations(range(rows), k):
            for perm in itertools.permutations(range(cols), k):
                s = sum(m[i, j] for i, j in zip(chosen, perm))
                best = max(best, s)
    return best


for name, m in [("reference", reference), ("integers", integers), ("bool-reference", ones.astype(float))]:
    print(name, "optimum", optimum(m))

#!/usr/bin/env python3
"""Writes the pandas forms of a score matrix into Fixtures/matrices/pandas/ with pandas itself.

Run from anywhere: python3 Fixtures/matrices/make_pandas.py (needs pandas).
The tests (ScoreFileFormsTests, ScoreFileCommandTests) read the files this
writes and never need Python. Each file is one way pandas' DataFrame.to_csv
writes the same 3 x 3 matrix, with or without a header row and an index
column; the comment above each says what the reader must make of it. The
optimum (each mentor and mentee at most once) is 27 for every 3 x 3 form.
"""
import os

import numpy as np
import pandas as pd

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pandas")
os.makedirs(here, exist_ok=True)


def path(name):
    return os.path.join(here, name)


S = np.array([[1, 9, 1], [9, 1, 1], [1, 1, 9]])   # integers: to_csv writes 1,9,1
F = S.astype(float)                                # floats: to_csv writes 1.0,9.0,1.0

# Integer column labels, no index: a header of mentee ids 101, 102, 103 (not a 4th mentor).
pd.DataFrame(F, columns=[101, 102, 103]).to_csv(path("numeric-labels.csv"), index=False)
# Default labels 0, 1, 2, no index: a header, with float and with integer scores.
pd.DataFrame(F).to_csv(path("default-labels.csv"), index=False)
pd.DataFrame(S).to_csv(path("default-labels-int.csv"), index=False)
# Default labels and the default index: header and index (the empty top-left cell).
pd.DataFrame(S).to_csv(path("default-index.csv"))
# No header, an integer index 7, 8, 9: mentor ids, not a mentee column.
pd.DataFrame(F, index=[7, 8, 9]).to_csv(path("index-no-header.csv"), header=False)
pd.DataFrame(S, index=[7, 8, 9]).to_csv(path("index-no-header-int.csv"), header=False)
# A named index of whole-number mentor ids over text mentee ids: mentor_id is not a mentee.
pd.DataFrame(S, index=pd.Index([1, 2, 3], name="mentor_id"), columns=["E1", "E2", "E3"]).to_csv(path("named-index-numeric-ids.csv"))
# A named index of text mentor ids under integer mentee ids: a header, not a mentor called mentor_id.
ids = pd.Index(["ada", "bob", "cy"], name="mentor_id")
pd.DataFrame(F, index=ids, columns=[101, 102, 103]).to_csv(path("named-index-numeric-labels.csv"))
pd.DataFrame(S, index=ids, columns=[101, 102, 103]).to_csv(path("named-index-numeric-labels-int.csv"))
# NaN in the first cell, no header, no index: a 3 x 3 matrix with a NaN (not 2 x 2 with ids).
G = F.copy()
G[0, 0] = np.nan
pd.DataFrame(G).to_csv(path("blank-first-cell.csv"), index=False, header=False)
# One mentee: a single column with a header, tab-separated UTF-16 (with a BOM).
pd.DataFrame(F[:, :1], columns=["mentee 0"]).to_csv(path("single-column-utf16.csv"), sep="\t", encoding="utf-16", index=False)
# UTF-16 LE without a BOM, and Windows-1252, with accented ids.
accents = pd.DataFrame(F, index=pd.Index(["Zoë", "José", "Ana"]), columns=["Émile", "Chloé", "Björn"])
accents.to_csv(path("utf16le-no-bom.csv"), encoding="utf-16-le")
accents.to_csv(path("windows-1252.csv"), encoding="cp1252")
# Tab-separated with decimal commas (decimal=","): 1.5 is written 1,5, 1500.25 as 1500,25.
D = F.copy()
D[0, 0], D[2, 1] = 1.5, 1500.25
pd.DataFrame(D).to_csv(path("tab-decimal-comma.csv"), sep="\t", decimal=",", index=False, header=False)

# Not pandas: Excel's semicolon CSV with a trailing delimiter on every line (written by hand).
with open(path("trailing-delimiter.csv"), "w", newline="") as f:
    f.write("".join(";".join(str(v).replace(".", ",") for v in [x + 0.5 for x in row]) + ";\r\n" for row in S))

for name in sorted(os.listdir(here)):
    print(name)

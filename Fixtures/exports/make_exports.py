"""Writes one cohort in the forms spreadsheets, HR systems and survey tools export.

The reference is reference.csv (UTF-8, comma-separated, LF), a cohort written by
`mentor-match generate --mentors 10 --mentees 24 --seed 21` with a free-text `bio`
column (commas, quotes, line breaks, accents, the euro sign) and accented departments
added. Every form below must give MentorMatch the same profiles, so `match` writes
byte-identical assignments.csv (Tests/MentorMatchCLITests/ExportFormTests.swift).

Run from this folder: python3 make_exports.py   (needs openpyxl for the .xlsx)
"""
import csv
import io

with open("reference.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]


def write(name, text, encoding):
    with open(name, "wb") as f:
        f.write(text.encode(encoding))


def render(rows, delimiter=",", lineterminator="\n", quoting=csv.QUOTE_MINIMAL):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=lineterminator, quoting=quoting).writerows(rows)
    return out.getvalue()


decimal_columns = {"openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism",
                   "collaborative", "flexible", "big_picture", "seniority", "years"}


def decimal_commas(rows):
    cols = [k for k, h in enumerate(rows[0]) if h in decimal_columns]
    return [rows[0]] + [[c.replace(".", ",") if k in cols else c for k, c in enumerate(r)] for r in rows[1:]]


# European Excel: semicolons, decimal commas, Windows line endings, UTF-8 with BOM.
write("semicolon-decimal-comma.csv", "\ufeff" + render(decimal_commas(rows), ";", "\r\n"), "utf-8")
# Excel "Unicode text": tab-separated UTF-16LE with a BOM, CRLF.
write("unicode-text-utf16le.txt", "\ufeff" + render(rows, "\t", "\r\n"), "utf-16-le")
# The same big-endian.
write("utf16be.csv", "\ufeff" + render(rows), "utf-16-be")
# Excel "CSV" on Windows: Windows-1252, CRLF.
write("windows-1252.csv", render(rows, ",", "\r\n"), "cp1252")
# Old Mac line endings (CR only), every cell quoted (numbers too), as some tools write.
write("cr-only.csv", render(rows, ",", "\r", csv.QUOTE_ALL), "utf-8")
# Headers as people type them, and two trailing empty columns.
spelled = {"id": "ID", "role": "Role", "manager_id": "Manager", "seniority": "Seniority Level",
           "timezone": "Time Zone", "big_picture": "Big-Picture", "past_pairings": "Past Pairings",
           "department": "DEPARTMENT", "languages": "languages ", "years": "Years of Experience"}
write("header-spellings.csv", render([[spelled.get(h, h) for h in header] + ["", ""]] + [r + ["", ""] for r in body]), "utf-8")
# Blank rows between people, and every cell padded with spaces where a cell may be.
spaced = [header]
for k, r in enumerate(body):
    spaced.append(r)
    if k % 7 == 3:
        spaced.append([""] * len(header))
write("blank-rows.csv", render(spaced), "utf-8")

# A workbook as openpyxl (like Excel) writes it: numbers as numbers, booleans as booleans.
try:
    import openpyxl
except ImportError:
    raise SystemExit("openpyxl is needed for participants.xlsx: pip install openpyxl")
wb = openpyxl.Workbook()
notes = wb.active
notes.title = "About"
notes.append(["Exported from the HR system"])
ws = wb.create_sheet("Participants")
numeric = decimal_columns | {"capacity"}
ws.append(header)
for r in body:
    cells = []
    for h, c in zip(header, r):
        if h in numeric and c != "":
            x = float(c)
            cells.append(int(x) if x == int(x) else x)
        elif h == "eligible" and c != "":
            cells.append(c == "yes")
        else:
            cells.append(c if c != "" else None)
    ws.append(cells)
wb.save("participants.xlsx")

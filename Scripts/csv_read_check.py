#!/usr/bin/env python3
"""Reads rapport's CSV exports back with pandas, without options, and checks that pandas sees
what the file holds: the header row as columns, every row, empty cells as missing values (NA),
numbers as numbers, UTF-8 text intact.

Usage: csv_read_check.py KIND=FILE ...   (KIND: long, items, wide, notes, redcap, deid-long, deid-wide)
Exits 1 with one line per problem; prints "<kind>: <rows> rows, <columns> columns, <n> NA" per file.
"""
import csv
import sys

import pandas as pd

NUMERIC = {
    "long": ["session", "score", "episode"],
    "deid-long": ["session", "score", "episode"],
    "items": ["session", "item", "answer", "episode"],
    "wide": ["session", "episode"],
    "deid-wide": ["session", "episode"],
    "notes": ["session", "episode"],
    "redcap": ["redcap_repeat_instance"],
}
BOOLEAN = {"long": ["valid", "prorated", "risk", "risk_unanswered"], "wide": ["valid", "prorated", "risk", "risk_unanswered"]}

problems = []


def check(kind, path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    df = pd.read_csv(path)
    if list(df.columns) != header:
        problems.append(f"{kind}: pandas columns {list(df.columns)} != header {header}")
        return
    if len(df) != len(body):
        problems.append(f"{kind}: pandas read {len(df)} rows, the file has {len(body)}")
        return
    empty = sum(1 for r in body for v in r if v == "")
    na = int(df.isna().sum().sum())
    if na != empty:
        problems.append(f"{kind}: {na} NA in pandas, {empty} empty cells in the file")
    for col in NUMERIC.get(kind, []):
        if len(df) and not pd.api.types.is_numeric_dtype(df[col]):
            problems.append(f"{kind}: column {col} is {df[col].dtype}, not numeric")
    if kind.endswith("wide"):
        for col in header[header.index("risk_unanswered") + 1:]:
            if not pd.api.types.is_numeric_dtype(df[col]):
                problems.append(f"{kind}: score column {col} is {df[col].dtype}, not numeric")
    for col in BOOLEAN.get(kind, []):
        if len(df) and not pd.api.types.is_bool_dtype(df[col]):
            problems.append(f"{kind}: column {col} is {df[col].dtype}, not boolean")
    # Text cells come back exactly (quotes, commas, non-ASCII).
    for i, r in enumerate(body):
        for j, v in enumerate(r):
            if v != "" and not pd.api.types.is_numeric_dtype(df.dtypes.iloc[j]) and str(df.iat[i, j]) != v:
                problems.append(f"{kind}: row {i + 2} column {header[j]}: {df.iat[i, j]!r} != {v!r}")
                return
    print(f"{kind}: {len(df)} rows, {len(header)} columns, {na} NA")


for arg in sys.argv[1:]:
    kind, _, path = arg.partition("=")
    check(kind, path)
for p in problems:
    print(p)
sys.exit(1 if problems else 0)

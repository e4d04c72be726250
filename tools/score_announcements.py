"""How well results announcements are read: per file, the rows read, the rows with every number
right, and the rows with a wrong number published (which the sum check must prevent).

    python -m tools.score_announcements tests/fixtures/announcements DATA

``DATA``: the output folder of ``ita extract`` run on the fixtures (its ``current``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pyarrow.parquet as pq

FIGURES = ("iit", "eit", "oit", "total")


def score(expected: dict, rows: list[dict]) -> dict:
    """Per file: rows expected, read, with every number right, with a wrong number published, and
    with the body's name right; rows are matched by their printed sequence number."""
    out = {}
    for name, exp in sorted(expected.items()):
        want = {r["seq"]: r for r in exp["rows"]}
        got = {int(r["seq"]): r for r in rows if r["source_file"] == name and r["seq"] is not None}
        right = wrong = names = 0
        for seq, w in want.items():
            g = got.get(seq)
            if g is None:
                continue
            vals = {k: None if g[k] is None else round(float(g[k]), 2) for k in FIGURES}
            right += all(vals[k] == w[k] for k in FIGURES)
            wrong += any(vals[k] is not None and vals[k] != w[k] for k in FIGURES)
            names += str(g["org_name"]).replace(" ", "") == w["org_name"].replace(" ", "")
        out[name] = {"expected": len(want), "read": len(got), "right": right, "wrong": wrong, "names": names}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("fixtures", type=Path)
    ap.add_argument("data", type=Path)
    a = ap.parse_args()
    expected = json.loads((a.fixtures / "expected.json").read_text(encoding="utf-8"))
    rows = pq.read_table(a.data / "assessment_results.parquet").to_pylist()
    print("| file | rows | read | every number right | a wrong number published | name right |")
    print("|---|---|---|---|---|---|")
    for name, s in score(expected, rows).items():
        print(
            f"| {name} | {s['expected']} | {s['read']} | {s['right']} ({s['right'] / s['expected']:.0%}) "
            f"| {s['wrong']} | {s['names']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

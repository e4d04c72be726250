"""Score the pipeline's datasets against the office-suite fixture set's gold (tools/make_office_set.py).

    python -m tools.score_office_set tests/fixtures/office_set OUT/current [--md scores.md] [--json details.json]

Per fixture: document fields (doc_type, org_name, fiscal_year, status); measures matched to gold by
normalised text (Thai digits as Arabic, whitespace removed, leading row numbering removed; rapidfuzz
ratio >= 90, or the headline for an announcement's paragraph) -> recall, precision, and among the
matched: responsible / period_text / status accuracy and whether the odd status option was kept
(status null with status_note, or the option's words in result_text); budgets: every gold
project x year amount, found by project name (ratio >= 90) -> cell accuracy, dimension_no accuracy,
and the printed totals (per dimension x year and grand total) against the sums of the extracted rows.
Then the same figures summed per drawing, font, tick kind and document kind.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
LEAD_NO = re.compile(r"^\s*\(?\d+(?:\s*\.\s*\d+)*\s*[.)]?\s*(?=\D)")


def key(s) -> str:
    if s is None or (isinstance(s, float) and pd.isna(s)):
        return ""
    s = str(s).translate(ARABIC)
    s = LEAD_NO.sub("", s, count=1)
    return re.sub(r"\s+", "", s)


def loose_eq(a, b) -> bool:
    ka, kb = key(a), key(b)
    if not ka and not kb:
        return True
    return bool(ka and kb) and (ka == kb or fuzz.ratio(ka, kb) >= 90)


def period_eq(a, b) -> bool:
    def norm(s) -> str:
        if s is None or (isinstance(s, float) and pd.isna(s)):
            return ""
        return re.sub(r"\s+", "", str(s).translate(ARABIC)).replace("–", "-")

    return norm(a) == norm(b)


def nn(v):
    return None if v is None or (isinstance(v, float) and pd.isna(v)) else v


def score_measures(gold: dict, ex: pd.DataFrame) -> dict:
    gm = gold["measures"]
    rows = ex.sort_values("seq").to_dict("records")
    used: set[int] = set()
    pairs = []
    for g in gm:
        best, best_s = None, 0.0
        for i, r in enumerate(rows):
            if i in used:
                continue
            s = fuzz.ratio(key(g["text"]), key(r["text"]))
            if g.get("headline"):
                s = max(s, fuzz.ratio(key(g["headline"]), key(r["text"])))
            if s > best_s:
                best, best_s = i, s
        if best is not None and best_s >= 90:
            used.add(best)
            pairs.append((g, rows[best], best_s))
        else:
            pairs.append((g, None, best_s))
    matched = [(g, r) for g, r, _ in pairs if r is not None]
    out = {"gold": len(gm), "extracted": len(rows), "matched": len(matched)}
    out["recall"] = len(matched) / len(gm) if gm else None
    out["precision"] = len(matched) / len(rows) if rows else None
    resp = [(g, r) for g, r in matched if g.get("responsible")]
    out["resp_ok"] = sum(loose_eq(g["responsible"], r["responsible"]) for g, r in resp)
    out["resp_n"] = len(resp)
    per = [(g, r) for g, r in matched if g.get("period_text")]
    out["period_ok"] = sum(period_eq(g["period_text"], r["period_text"]) for g, r in per)
    out["period_n"] = len(per)
    if gold["doc_type"] == "integrity_report":
        st = [(g, r) for g, r in matched]
        out["status_ok"] = sum(g["status"] == nn(r["status"]) for g, r in st)
        out["status_n"] = len(gm)  # unmatched rows count as wrong
        odd = [(g, r) for g, r in matched if g.get("status_note_expected")]
        out["odd_kept"] = sum(
            nn(r["status"]) is None
            and (
                nn(r.get("status_note")) is not None or key(g["status_printed"]) in key(r.get("result_text"))
            )
            for g, r in odd
        )
        out["odd_n"] = sum(1 for g in gm if g.get("status_note_expected"))
        out["status_wrong"] = sum(
            nn(r["status"]) is not None and g["status"] != nn(r["status"]) for g, r in st
        )
        out["status_confusion"] = [
            [g["status"], nn(r["status"])] for g, r in st if g["status"] != nn(r["status"])
        ]
    out["missed"] = [g["text"] for g, r, _ in pairs if r is None]
    mt = {id(r) for _, r in matched}
    out["spurious"] = [r["text"] for r in rows if id(r) not in mt]
    out["wrong_resp"] = [
        [g["responsible"], nn(r["responsible"])]
        for g, r in resp
        if not loose_eq(g["responsible"], r["responsible"])
    ]
    out["wrong_period"] = [
        [g["period_text"], nn(r["period_text"])]
        for g, r in per
        if not period_eq(g["period_text"], r["period_text"])
    ]
    return out


def score_budgets(gold: dict, ex: pd.DataFrame) -> dict:
    gb = gold["budgets"]
    out = {"cells": len(gb), "extracted_rows": len(ex)}
    ex = ex.copy()
    ex["k"] = ex["project_name"].map(key)
    names = {b["project_no"]: b["project_name"] for b in gb}
    proj_match: dict[int, str | None] = {}
    for no, name in names.items():
        cands = ex.drop_duplicates("k")
        best, best_s = None, 0.0
        for k in cands["k"]:
            s = fuzz.ratio(key(name), k)
            if s > best_s:
                best, best_s = k, s
        proj_match[no] = best if best_s >= 90 else None
    out["projects"] = len(names)
    out["projects_found"] = sum(v is not None for v in proj_match.values())
    ok = dim_ok = no_ok = 0
    wrong = []
    for b in gb:
        k = proj_match[b["project_no"]]
        if k is None:
            continue
        r = ex[(ex["k"] == k) & (ex["fiscal_year"] == b["fiscal_year"])]
        if len(r) and abs(float(r["amount_thb"].iloc[0]) - b["amount_thb"]) < 0.5:
            ok += 1
        elif len(r):
            wrong.append(
                [
                    b["project_no"],
                    b["fiscal_year"],
                    b["amount_thb"],
                    nn(r["amount_thb"].iloc[0]),
                    nn(r["amount_text"].iloc[0]),
                ]
            )
        else:
            wrong.append([b["project_no"], b["fiscal_year"], b["amount_thb"], "no row", None])
        if len(r):
            dim_ok += int(nn(r["dimension_no"].iloc[0]) == b["dimension_no"])
            no_ok += int(nn(r["project_no"].iloc[0]) == b["project_no"])
    out["amount_ok"] = ok
    out["dim_ok"] = dim_ok
    out["no_ok"] = no_ok
    out["wrong_amounts"] = wrong[:15]
    # printed totals vs the sums of what was extracted, by gold dimension of the matched project
    kdim = {proj_match[b["project_no"]]: b["dimension_no"] for b in gb if proj_match[b["project_no"]]}
    ex["gdim"] = ex["k"].map(kdim)
    tot_ok = tot_n = 0
    for di, t in gold["totals"]["dimensions"].items():
        for y, amt in t["amounts"].items():
            tot_n += 1
            s = ex[(ex["gdim"] == int(di)) & (ex["fiscal_year"] == int(y))]["amount_thb"].sum()
            tot_ok += abs(s - amt) < 0.5
    for y, amt in gold["totals"]["grand"]["amounts"].items():
        tot_n += 1
        tot_ok += abs(ex[ex["fiscal_year"] == int(y)]["amount_thb"].sum() - amt) < 0.5
    out["totals_ok"], out["totals_n"] = tot_ok, tot_n
    out["spurious_names"] = sorted(
        set(ex["project_name"])
        - {r for r in ex.loc[ex["k"].isin([v for v in proj_match.values() if v]), "project_name"]}
    )[:10]
    return out


def pct(a, b):
    return "–" if not b else f"{100 * a / b:.0f}%"


def fixture_results(fixtures: Path, data: Path) -> list[dict]:
    """Per fixture: its gold's facets, the document's fields, and the measure and budget scores."""
    docs = pd.read_parquet(data / "documents.parquet")
    meas = pd.read_parquet(data / "measures.parquet")
    buds = pd.read_parquet(data / "budgets.parquet")
    results = []
    for gp in sorted(fixtures.glob("*.gold.json")):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        name = gp.name[: -len(".gold.json")]
        d = docs[docs["source_file"] == f"{name}.pdf"]
        res = {
            "fixture": name,
            "gold": {
                k: gold[k]
                for k in (
                    "suite",
                    "rules",
                    "font",
                    "tick",
                    "status_layout",
                    "numbering",
                    "thai_digits",
                    "doc_type",
                )
            },
        }
        if d.empty:
            res["doc"] = None
            results.append(res)
            continue
        d = d.iloc[0]
        res["doc"] = {
            "doc_type": d["doc_type"],
            "doc_type_ok": d["doc_type"] == gold["doc_type"],
            "org_ok": d["org_name"] == gold["org_name"],
            "fy_ok": int(d["fiscal_year"]) == gold["fiscal_year"] if pd.notna(d["fiscal_year"]) else False,
            "status": d["status"],
            "error": nn(d["error"]),
        }
        res["measures"] = score_measures(gold, meas[meas["doc_id"] == d["doc_id"]])
        if gold["doc_type"] == "anticorruption_plan":
            res["budgets"] = score_budgets(gold, buds[buds["doc_id"] == d["doc_id"]])
        results.append(res)
    return results


def report(results: list[dict]) -> tuple[list[str], dict[str, dict[str, dict]]]:
    """The markdown report (per fixture, then per drawing, font, tick, kind, numbering) and the
    sums per group."""
    lines = [
        "| fixture | drawing | font | tick | type/org/FY | doc status | measures ex/gold | recall | precision |"
        " resp | period | status | wrong status | odd kept | budget cells | dim | totals |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    groups: dict[str, dict[str, dict]] = {
        "drawing": defaultdict(lambda: defaultdict(float)),
        "font": defaultdict(lambda: defaultdict(float)),
        "tick": defaultdict(lambda: defaultdict(float)),
        "kind": defaultdict(lambda: defaultdict(float)),
        "numbering": defaultdict(lambda: defaultdict(float)),
    }
    for r in results:
        g = r["gold"]
        drawing = f"{g['suite']}/{g['rules']}"
        tick = f"{g['tick']} ({g['status_layout']})" if g["tick"] else "–"
        if r["doc"] is None:
            lines.append(
                f"| {r['fixture']} | {drawing} | {g['font']} | {tick} | no document row |" + " |" * 12
            )
            continue
        dd, m = r["doc"], r["measures"]
        b = r.get("budgets")
        flags = "".join("✔" if dd[k] else "✘" for k in ("doc_type_ok", "org_ok", "fy_ok"))
        st = pct(m.get("status_ok", 0), m.get("status_n")) if "status_n" in m else "–"
        odd = f"{m['odd_kept']}/{m['odd_n']}" if "odd_n" in m else "–"
        wst = str(m["status_wrong"]) if "status_wrong" in m else "–"
        if g["doc_type"] == "other":
            mcell, rec, prec = (
                f"{m['extracted']}/0",
                "–",
                ("100%" if m["extracted"] == 0 else f"{m['extracted']} false"),
            )
        else:
            mcell, rec = f"{m['extracted']}/{m['gold']}", pct(m["matched"], m["gold"])
            prec = pct(m["matched"], m["extracted"])
        bcell = pct(b["amount_ok"], b["cells"]) if b else "–"
        dim = pct(b["dim_ok"], b["cells"]) if b else "–"
        tot = f"{b['totals_ok']}/{b['totals_n']}" if b else "–"
        lines.append(
            f"| {r['fixture']} | {drawing} | {g['font']} | {tick} | {flags} | {dd['status']} | {mcell} | {rec} |"
            f" {prec} | {pct(m['resp_ok'], m['resp_n'])} | {pct(m['period_ok'], m['period_n'])} |"
            f" {st} | {wst} | {odd} |"
            f" {bcell} | {dim} | {tot} |"
        )
        for gname, gkey in (
            ("drawing", drawing),
            ("font", g["font"]),
            ("tick", tick if g["tick"] else None),
            ("kind", g["doc_type"]),
            ("numbering", f"{g['numbering']}{' thai' if g['thai_digits'] else ''}"),
        ):
            if gkey is None:
                continue
            acc = groups[gname][gkey]
            acc["n"] += 1
            acc["gold"] += m["gold"]
            acc["matched"] += m["matched"]
            acc["extracted"] += m["extracted"]
            acc["status_ok"] += m.get("status_ok", 0)
            acc["status_n"] += m.get("status_n", 0)
            acc["resp_ok"] += m["resp_ok"]
            acc["resp_n"] += m["resp_n"]
            acc["period_ok"] += m["period_ok"]
            acc["period_n"] += m["period_n"]
            if b:
                acc["cells_ok"] += b["amount_ok"]
                acc["cells"] += b["cells"]
    out = [
        "## Per fixture",
        "",
        "type/org/FY: doc_type, org_name, fiscal_year right (✔) or wrong (✘).",
        "",
    ] + lines
    for gname, acc in groups.items():
        out += [
            "",
            f"## Per {gname}",
            "",
            "| "
            + gname
            + " | fixtures | measure recall | precision | resp | period | status | budget cells |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for k in sorted(acc):
            v = acc[k]
            out.append(
                f"| {k} | {int(v['n'])} | {pct(v['matched'], v['gold'])} | {pct(v['matched'], v['extracted'])} |"
                f" {pct(v['resp_ok'], v['resp_n'])} | {pct(v['period_ok'], v['period_n'])} |"
                f" {pct(v['status_ok'], v['status_n'])} | {pct(v['cells_ok'], v['cells'])} |"
            )
    return out, groups


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("fixtures", type=Path)
    ap.add_argument("data", type=Path)
    ap.add_argument("--md", type=Path)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    results = fixture_results(a.fixtures, a.data)
    out, _ = report(results)
    if a.json:
        a.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if a.md:
        a.md.write_text("\n".join(out) + "\n", encoding="utf-8")
    print("\n".join(out))


if __name__ == "__main__":
    main()

"""`make eval`: the matcher's misses against the gold answers (``python -m tools.matcher_misses``)."""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

import pyarrow.dataset as ds

from pipeline.adapters.fuzzy import partial_ratio


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    return re.sub(r"[\s\u200b.\-–/,()\"'“”]+", "", s)


def matcher_misses(processed: Path, gold: Path) -> list[dict]:
    """Gold measures whose predicted indicator is not among the accepted ones."""
    docs = {
        r["source_file"]: r["doc_id"]
        for r in ds.dataset(str(processed / "documents.parquet")).to_table().to_pylist()
    }
    measures = ds.dataset(str(processed / "measures.parquet")).to_table().to_pylist()
    misses = []
    for gf in sorted(gold.glob("*.json")):
        g = json.loads(gf.read_text(encoding="utf-8"))
        did = docs.get(g["file"])
        pred = sorted((m for m in measures if m["doc_id"] == did), key=lambda m: m["seq"])
        for gm in g.get("measures", []):
            best = max(
                pred,
                key=lambda m: partial_ratio(
                    _norm(gm["text"]), _norm(m["text"])[: len(_norm(gm["text"])) * 3]
                ),
                default=None,
            )
            if best is None or best["indicator_no"] not in gm["indicators"]:
                misses.append(
                    {
                        "file": g["file"],
                        "seq": gm["seq"],
                        "measure": gm["text"],
                        "predicted": None if best is None else best["indicator_no"],
                        "method": None if best is None else best["match_method"],
                        "score": None if best is None else best["match_score"],
                        "accepted": gm["indicators"],
                    }
                )
    return misses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--processed", type=Path, default=Path("data/processed"))
    ap.add_argument("--gold", type=Path, required=True)
    a = ap.parse_args()
    misses = matcher_misses(a.processed, a.gold)
    print(f"matcher misses: {len(misses)}")
    for m in misses:
        print(
            f"  {m['file']} #{m['seq']}: predicted {m['predicted']} ({m['method']}, {m['score']}), "
            f"accepted {m['accepted']}: {m['measure'][:60]}"
        )


if __name__ == "__main__":
    main()

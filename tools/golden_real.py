"""Goldens of the cross-document datasets over the real published files of ``../shared/real``
(which the repository does not carry): ``make eval-real`` extracts them and checks every
cross-document dataset, and what the corpus makes of each input, against ``tests/golden/real/``.

    python -m tools.golden_real --processed DIR [--update]

Exit 1 when a dataset differs (the diff's first lines are printed), 0 when all agree.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "real"
#: what the corpus makes of each input (documents' columns set across documents), and by file name
IDENTITY = [
    "source_file",
    "org_key",
    "org_name",
    "counted",
    "duplicate_of",
    "superseded_by",
    "publisher_name",
]


def _plain(v: object) -> object:
    if hasattr(v, "isoformat"):
        return v.isoformat()  # type: ignore[attr-defined]
    if isinstance(v, float):
        return round(v, 4)
    return v


def lines(processed: Path) -> dict[str, str]:
    """The JSON lines of every cross-document dataset (rows in key order) and of the documents'
    identity (by file name), as the golden files hold them."""
    import pyarrow.parquet as pq

    from pipeline.datasets import ALL, PER_DOCUMENT

    out: dict[str, str] = {}
    for ds in (d for d in ALL if d not in PER_DOCUMENT):
        rows = pq.read_table(processed / f"{ds.name}.parquet").to_pylist()
        rows.sort(key=lambda r: tuple(str(r.get(k)) for k in ds.key))
        out[ds.name] = "".join(
            json.dumps({k: _plain(r.get(k)) for k in sorted(r)}, ensure_ascii=False) + "\n" for r in rows
        )
    docs = sorted(pq.read_table(processed / "documents.parquet").to_pylist(), key=lambda r: r["source_file"])
    out["documents_identity"] = "".join(
        json.dumps({k: d.get(k) for k in IDENTITY}, ensure_ascii=False) + "\n" for d in docs
    )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--processed", type=Path, required=True, help="an extraction of ../shared/real")
    ap.add_argument("--update", action="store_true", help="write the golden files (review the diff)")
    args = ap.parse_args(argv)
    bad = 0
    for name, got in lines(args.processed).items():
        path = GOLDEN / f"{name}.jsonl"
        if args.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(got, encoding="utf-8")
            continue
        want = path.read_text(encoding="utf-8") if path.exists() else ""
        if got != want:
            bad += 1
            diff = difflib.unified_diff(
                want.splitlines(), got.splitlines(), f"golden/{name}", "got", lineterm="", n=0
            )
            print(f"{name}: differs from {path.relative_to(ROOT)}", *list(diff)[:12], sep="\n")
    if not args.update:
        print(f"real goldens: {'all agree' if not bad else f'{bad} differ'} ({GOLDEN.relative_to(ROOT)})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

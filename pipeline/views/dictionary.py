"""The data dictionary, generated from ``pipeline/schemas.py`` (one row per column: dataset,
column, type, meaning, example) into ``docs/data-dictionary.md``; ``make docs`` rewrites it and
a test fails when it is out of date."""
from __future__ import annotations

from pathlib import Path

from ..schemas import ALL

DICTIONARY = Path(__file__).resolve().parent.parent.parent / "docs" / "data-dictionary.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary() -> str:
    lines = [
        "# Data dictionary",
        "",
        "Generated from `pipeline/schemas.py` by `make docs` (do not edit by hand). Every dataset is",
        "`data/processed/<dataset>.parquet`; `ita query` sees each as a view of the same name.",
        "Columns marked *extra* are this project's additions to `CONTRACT.md`.",
        "",
    ]
    for ds in ALL:
        lines += [f"## {ds.name}", "", f"{ds.grain[0].upper()}{ds.grain[1:]}; key: `{', '.join(ds.key)}`.", "",
                  "| column | type | meaning | example |", "|---|---|---|---|"]
        for c in ds.columns:
            extra = " *(extra)*" if c.extra else ""
            lines.append(f"| `{c.name}` | {c.type} | {_cell(c.meaning)}{extra} | {_cell(c.example)} |")
        lines.append("")
    return "\n".join(lines)


def write_dictionary(path: Path = DICTIONARY) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data_dictionary(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_dictionary())

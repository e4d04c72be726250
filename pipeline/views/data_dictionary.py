"""The data dictionary (``ita dictionary``): one row per column of every dataset (type, meaning,
example), from ``pipeline/datasets.py``. ``make docs`` writes it to ``docs/data-dictionary.md``
(``tools/data_dictionary.py``) and a test fails when that file is out of date."""

from __future__ import annotations

from ..datasets import ALL


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary() -> str:
    lines = [
        "# Data dictionary",
        "",
        "Generated from `pipeline/datasets.py` by `make docs` (do not edit by hand). Every dataset is",
        "`data/processed/<dataset>.parquet`; `ita query` sees each as a view of the same name.",
        "Columns marked *extra* are this project's additions to `CONTRACT.md`.",
        "",
    ]
    for ds in ALL:
        lines += [
            f"## {ds.name}",
            "",
            f"{ds.grain[0].upper()}{ds.grain[1:]}; key: `{', '.join(ds.key)}`.",
            "",
            "| column | type | meaning | example |",
            "|---|---|---|---|",
        ]
        for c in ds.columns:
            extra = " *(extra)*" if c.extra else ""
            lines.append(f"| `{c.name}` | {c.type} | {_cell(c.meaning)}{extra} | {_cell(c.example)} |")
        lines.append("")
    return "\n".join(lines)

"""CSV and Excel files of records, through pandas (the only module that imports it; openpyxl is
its Excel engine).

Values come from documents anyone can publish: a cell that starts like a formula (``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is written as text with a leading apostrophe (OWASP's
advice against CSV injection), and control characters are dropped (Excel refuses them). Files are
written whole or not at all.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value: Any) -> Any:
    """A value as it can go into a spreadsheet cell.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-5"), safe_cell("a\\x07b"), safe_cell(-5)
    ('\\'=HYPERLINK("http://x")', "'-5", 'ab', -5)
    """
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("", value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_records(records: list[dict[str, Any]], path: Path, kind: str, sheet: str = "audit") -> int:
    """Write ``records`` as ``csv`` (UTF-8 with a BOM, so that Excel reads the Thai) or ``xlsx``;
    the number of rows written."""
    frame = pd.DataFrame.from_records([{k: safe_cell(v) for k, v in r.items()} for r in records])
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if kind == "csv":
            frame.to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            frame.to_excel(tmp, index=False, sheet_name=sheet, engine="openpyxl")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return len(frame)

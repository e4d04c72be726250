"""CSV and Excel files of records, through pandas (the only module that imports it; openpyxl is
its Excel engine)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd


def write_records(records: list[dict[str, Any]], path: Path, kind: str, sheet: str = "audit") -> int:
    """Write ``records`` as ``csv`` (UTF-8 with a BOM, so that Excel reads the Thai) or ``xlsx``;
    the number of rows written."""
    frame = pd.DataFrame.from_records(records)
    if kind == "csv":
        frame.to_csv(path, index=False, encoding="utf-8-sig")
    else:
        frame.to_excel(path, index=False, sheet_name=sheet, engine="openpyxl")
    return len(frame)

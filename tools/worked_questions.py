"""The worked questions of ``docs/researchers.md``: each ```sql (or ```python) block is run on a
data folder and its result compared with the ```csv block after it.

    python -m tools.worked_questions [--data data/processed] [--update]

``--update`` writes the results into the guide (after a change meant to change them); without it
exit 1 when a result differs. ``tests/test_views.py`` runs the same check on the bundled sample.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from pathlib import Path

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "researchers.md"
_BLOCKS = re.compile(r"```(sql|python)\n((?:(?!```).)*?)```\s*\n```csv\n((?:(?!```).)*?)```", re.S)


def questions(text: str) -> list[tuple[str, str, str]]:
    """(language, code, expected csv) of every worked question."""
    return [(m.group(1), m.group(2), m.group(3)) for m in _BLOCKS.finditer(text)]


def answer(language: str, code: str, data: Path) -> str:
    """The CSV a question's code gives on ``data`` (a published folder)."""
    if language == "sql":
        from pipeline.adapters.parquet import write_csv
        from pipeline.adapters.sql import connect, query

        buf = io.BytesIO()
        write_csv(query(connect(data), code), buf)
        return buf.getvalue().decode("utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {"DATA": str(data)})  # the guide's own example, run as a reader would
    return out.getvalue().rstrip("\n") + "\n"


def check(data: Path, update: bool = False) -> list[str]:
    """The questions whose result differs (with --update: rewrite them)."""
    text = GUIDE.read_text(encoding="utf-8")
    wrong = []
    for language, code, expected in questions(text):
        got = answer(language, code, data)
        if got != expected:
            wrong.append(code.strip().splitlines()[0])
            if update:
                text = text.replace(f"```csv\n{expected}```", f"```csv\n{got}```", 1)
    if update and wrong:
        GUIDE.write_text(text, encoding="utf-8")
    return wrong


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("data/processed"))
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args(argv)
    from pipeline.runner.publish import current_dir

    wrong = check(current_dir(a.data), a.update)
    for q in wrong:
        print(("updated: " if a.update else "differs: ") + q)
    return 1 if wrong and not a.update else 0


if __name__ == "__main__":
    sys.exit(main())

"""Write docs/data-dictionary.md from pipeline/datasets.py (``make docs``)."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DICTIONARY = ROOT / "docs" / "data-dictionary.md"


def write_dictionary(path: Path = DICTIONARY) -> Path:
    from pipeline.views.data_dictionary import data_dictionary

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data_dictionary(), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(write_dictionary(Path(sys.argv[1]) if len(sys.argv) > 1 else DICTIONARY))

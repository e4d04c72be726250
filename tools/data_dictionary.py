"""``make docs``: write docs/data-dictionary.md from pipeline/datasets.py, and the stage list of
docs/architecture.md from pipeline.stages.STAGES."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DICTIONARY = ROOT / "docs" / "data-dictionary.md"
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def write_dictionary(path: Path = DICTIONARY) -> Path:
    from pipeline.views.data_dictionary import data_dictionary

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data_dictionary(), encoding="utf-8")
    return path


def stage_table() -> str:
    from pipeline.stages import describe_stages

    lines = ["| # | stage | module | what it does |", "|---|---|---|---|"]
    for i, (name, module, doc) in enumerate(describe_stages(), 1):
        lines.append(f"| {i} | `{name}` | `pipeline/{module}` | {doc.removeprefix('Stage: ')} |")
    return "\n".join(lines)


def with_stage_table(text: str) -> str:
    return re.sub(
        r"(<!-- stages:begin -->\n).*?(<!-- stages:end -->)",
        lambda m: m.group(1) + stage_table() + "\n" + m.group(2),
        text,
        flags=re.S,
    )


def write_architecture(path: Path = ARCHITECTURE) -> Path:
    path.write_text(with_stage_table(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(write_dictionary(Path(sys.argv[1]) if len(sys.argv) > 1 else DICTIONARY))
    print(write_architecture())

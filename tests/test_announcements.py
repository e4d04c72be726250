"""Results announcements as supervising bodies publish them: a table of all their units' 2568 scores,
typed in Word and exported by LibreOffice in four faces, ruled and unruled, Arabic and Thai digits,
names wrapping to two lines, a dash for a tool not scored, the table going on over page breaks
without its header (``tools/make_announcements.py``); and the same pages scanned at 100 ppi."""

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.runner.run import run_extract
from tools.score_announcements import score

FIXTURES = Path(__file__).parent / "fixtures" / "announcements"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
TEXT = sorted(n for n in EXPECTED if "_scan" not in n)


def _read(tmp_path: Path, names: list[str], ocr: bool) -> dict:
    raw = tmp_path / "raw"
    raw.mkdir()
    for n in names:
        shutil.copy(FIXTURES / n, raw / n)
    run_extract(raw, tmp_path / "out", workers=0, full=True, ocr=ocr)
    rows = pq.read_table(tmp_path / "out" / "assessment_results.parquet").to_pylist()
    return score({n: EXPECTED[n] for n in names}, rows)


def test_every_drawing_of_the_announcement_gives_every_row_with_every_number(tmp_path):
    got = _read(tmp_path, TEXT, ocr=False)
    for name, s in got.items():
        assert s["read"] == s["expected"] == s["right"], (name, s)
        assert s["names"] >= s["expected"] - 1, (name, s)  # a name cut by the page break may lose a line


@pytest.mark.slow
def test_a_scanned_announcement_never_publishes_a_wrong_number(tmp_path):
    """At 100 ppi OCR misreads many figures; a row whose figures do not add up is published as
    nulls with a note, so what is published is right even where it is incomplete."""
    names = ["R01_laksaman_ruled_scan100.pdf", "R05_norasi_ruled_scan100.pdf"]
    for name, s in _read(tmp_path, names, ocr=True).items():
        assert s["read"] >= 30 and s["wrong"] == 0, (name, s)

"""Font-varied scans (issue 14): the same tables typeset in every Thai face of fonts-thai-tlwg,
scanned at 150-300 ppi, read by the pipeline and scored per face (tests/scans.py).

    python -m tools.bench scans [--faces Kinnari,Garuda] [--ppi 200]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import scans  # noqa: E402

#: (face, ppi) pairs of the full set: every face at 200 ppi, a looped and a loopless face at 150 and 300
FULL = [(f, 200) for f in scans.FACES] + [(f, p) for f in ("Kinnari", "Laksaman") for p in (150, 300)]
NAMES = ("doc004", "report")


def scans_bench(
    pairs: list[tuple[str, int]] = FULL, names: tuple[str, ...] = NAMES, work: Path | None = None
) -> dict:
    """Generate (into ``work``, reused when there) and read every scan; one row per face and ppi."""
    from pipeline.rules import load_rules
    from pipeline.stages import context_for

    ctx = context_for(load_rules())
    rows, total = {}, scans.Score()
    print(scans.Score.HEAD, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = work or Path(tmp)
        for face, ppi in pairs:
            s = scans.Score()
            for name in names:
                pdf = base / f"{face}-{ppi}" / f"{name}.pdf"
                truth_file = pdf.with_suffix(".json")
                if not (pdf.exists() and truth_file.exists()):
                    truth_file.parent.mkdir(parents=True, exist_ok=True)
                    truth_file.write_text(
                        json.dumps(scans.scan_pdf(name, face, ppi, pdf), ensure_ascii=False), encoding="utf-8"
                    )
                truth = json.loads(truth_file.read_text(encoding="utf-8"))
                s.add(scans.read_scan(pdf, truth, name, ctx, base / "ocr-cache"))
            rows[f"{face}-{ppi}"] = s
            total.add(s)
            print(s.row(f"{face}-{ppi}"), flush=True)
    rows["all"] = total
    print(total.row("all"), flush=True)
    return {k: v.__dict__ for k, v in rows.items()}

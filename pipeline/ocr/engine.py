"""The OCR engine a run uses, by ``rules/ocr.yaml: engine`` (its settings under its own name there).
Adding an engine is an adapter that implements ``pipeline.model.OcrEngine``, a branch here and a
block in ``rules/ocr.yaml``."""

from __future__ import annotations

from ..model import OcrEngine
from ..rules import Rules
from ..rules.load import cached_by_digest


@cached_by_digest()
def engine_for(rules: Rules) -> OcrEngine:
    """The engine the OCR rules name, set up with its settings (one per rules content)."""
    if rules.ocr.engine == "tesseract":
        from ..adapters.tesseract import Tesseract

        t = rules.ocr.tesseract
        return Tesseract(
            {k.value: v for k, v in t.languages.items()},
            {k.value: v for k, v in t.psm.items()},
            {k.value: v for k, v in t.min_linesize.items()},
        )
    raise ValueError(f"unknown OCR engine {rules.ocr.engine!r}")  # the rules schema refuses it first

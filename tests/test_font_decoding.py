"""Fonts whose ToUnicode map is wrong are decoded from their programs, not OCR'd.

Fixtures (``tools/make_broken_maps.py``): a plan typed in Word in FreeSerif and in Kinnari, regular
and bold, exported by LibreOffice; and the same PDFs with every map entry of a Thai mark reading the
letter the mark first sits on, as older exporters wrote them (the glyphs drawn are unchanged)."""

import dataclasses
import difflib
import json
from pathlib import Path

import pytest
from conftest import context

from pipeline.adapters import fontprogram
from pipeline.model import FontAction
from pipeline.runner.document import process_pdf, read_pdf

FIXTURES = Path(__file__).parent / "fixtures" / "broken_maps"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
FONT_DIRS = tuple(context().rules.text.font_decoding.font_dirs)
#: the families the fixtures were typed in, as installed by make setup
NEEDED = ("FreeSerif", "Kinnari")

pytestmark = pytest.mark.skipif(
    not all(fontprogram.reference_files(f, FONT_DIRS) for f in NEEDED),
    reason="fonts-freefont-ttf / fonts-thai-tlwg are not installed (make setup)",
)


def _text(path: Path) -> list[str]:
    state, _ = read_pdf(path, path.name, context())
    assert state is not None
    return [p.text for p in state.pages]


@pytest.mark.parametrize("broken", sorted(EXPECTED))
def test_a_font_whose_map_reads_marks_as_letters_is_decoded_to_the_exported_text(broken):
    want = "\n".join(_text(FIXTURES / EXPECTED[broken]["reads_as"]))
    state, _ = read_pdf(FIXTURES / broken, broken, context())
    got = "\n".join(p.text for p in state.pages)
    # the exporter's own map can give a cluster of two marks in swapped order (Kinnari "หมู่": the
    # tone's glyph reads "ู" and the vowel's "่"): decoded glyph by glyph, one of the two may be lost;
    # everything else must come back exactly
    assert difflib.SequenceMatcher(None, got, want, autojunk=False).ratio() >= 0.995
    assert sum(a != b for a, b in zip(got.split("\n"), want.split("\n"), strict=True)) <= 2
    thai = [d for d in state.fonts if d.evidence.thai]
    assert thai and all(d.action == FontAction.DECODED and d.evidence.redecoded > 0 for d in thai)
    assert not any(p.needs_ocr for p in state.pages)


def test_without_decoding_the_broken_map_is_unreadable_and_goes_to_ocr():
    """The same file with decoding off (rules/text.yaml: font_decoding.enabled): what the pipeline
    did before."""
    broken = sorted(EXPECTED)[0]
    ctx = context()
    text = ctx.rules.text
    no_fonts = text.model_copy(
        update={"font_decoding": text.font_decoding.model_copy(update={"enabled": False})}
    )
    ctx = dataclasses.replace(ctx, rules=dataclasses.replace(ctx.rules, text=no_fonts))
    state, _ = read_pdf(FIXTURES / broken, broken, ctx)
    thai = [d for d in state.fonts if d.evidence.thai]
    assert any(d.action == FontAction.UNREADABLE for d in thai)
    assert all(p.needs_ocr for p in state.pages)


def test_the_fonts_dataset_says_decoded_and_counts_the_corrected_characters():
    broken = sorted(EXPECTED)[0]
    res = process_pdf(FIXTURES / broken, broken, context(), ocr=False)
    rows = [r for r in res.rows["fonts"] if r["thai_letters"]]
    assert rows and all(r["action"] == "decoded" and "redecoded=" in r["evidence"] for r in rows)


def test_a_right_map_is_never_changed():
    """The exported files themselves: no font is judged wrong, no character changed."""
    for name in sorted({e["reads_as"] for e in EXPECTED.values()}):
        state, _ = read_pdf(FIXTURES / name, name, context())
        assert all(d.action != FontAction.DECODED and d.evidence.redecoded == 0 for d in state.fonts)


def test_a_decoded_font_whose_text_still_reads_poorly_goes_to_ocr():
    """A map with values of several characters ("คำ" for SARA AA drawn inside SARA AM) is not yet
    decoded right: such a font's text stays below the dictionary bar and its pages are OCR'd."""
    from pipeline.model import FontEvidence
    from pipeline.text.fonts import diagnose

    rules = context().rules.text.repair.fonts
    ev = FontEvidence(chars=900, thai=800, am=10, aa=200, tones=60, redecoded=50)
    assert diagnose("f", "FreeSerifBold", ev, 0.78, rules).action == FontAction.UNREADABLE
    assert diagnose("f", "FreeSerifBold", ev, 0.98, rules).action == FontAction.DECODED


def test_a_font_program_the_decoder_cannot_read_loses_no_page(monkeypatch):
    """Whatever goes wrong inside the decoder, the page is read as the PDF maps it."""
    from pipeline.adapters import fontprogram as fp

    def broken(*a, **k):
        raise ValueError("a program no reader understands")

    monkeypatch.setattr(fp, "triage", broken)
    broken_file = sorted(EXPECTED)[0]
    state, _ = read_pdf(FIXTURES / broken_file, broken_file, context())
    assert state is not None and len(state.pages) == 1 and not state.page_errors
    assert all(p.text for p in state.pages)

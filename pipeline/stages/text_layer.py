"""Stage ``text_layer``: every page's characters and ruling edges -> repaired text, quality and
tables, a diagnosis of every font, and for each page whether it must be OCR'd and why.

Two passes over the document. The first lays out each page (clusters, lines, table cells) and
keeps, per line, the spans of each font after the mechanical passes, while it counts each font's
evidence. Then every font is diagnosed over the whole document (``pipeline.text.fonts``). The
second pass repairs each span with its own font's profile: a broken font is repaired, a clean
one is left alone, an unreadable one sends its pages to OCR. A page that fails is reported in
``page_errors`` and the rest of the document goes on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..adapters import plumber
from ..layout import clusters as layout
from ..layout import tables as layout_tables
from ..model import (
    DocumentState,
    Extraction,
    FontAction,
    FontDiagnosis,
    FontEvidence,
    FontFace,
    Page,
    PageReadError,
    PageTable,
    RawPage,
    TableGrid,
    TableStyle,
    TextLine,
)
from ..tables.roles import table_hints
from ..text.chars import RE_LETTER
from ..text.fonts import diagnose, face_evidence, page_faults, text_evidence
from ..text.repair import CLEAN, EDITS, FULL, FaultProfile
from ..text.thai import collapse_whitespace
from .context import Context


@dataclass(frozen=True)
class Span:
    """Consecutive characters of one line in one font, after the mechanical passes."""

    font: str  # the font's key ('' when unknown)
    text: str
    space_before: bool


Line = tuple[Span, ...]


@dataclass(frozen=True)
class DraftTable:
    index: int
    bbox: tuple[float, float, float, float]
    cells: tuple[tuple[tuple[Line, ...] | None, ...], ...]
    raw_rows: tuple[tuple[tuple[str, ...] | None, ...], ...]
    above: tuple[Line, ...]
    style: TableStyle = TableStyle.RULED
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class PageDraft:
    """A page laid out but not yet repaired (between the two passes)."""

    number: int
    lines: tuple[Line, ...]
    tables: tuple[DraftTable, ...]
    n_chars: int
    image_area: float
    rotation: int
    fonts: dict[str, int]  # font key -> characters of the page drawn in it
    invisible: int  # characters drawn invisibly
    last_table: TableGrid | None = None  # the page's last table (the next page's may go on with it)
    blank_glyphs: int = 0  # glyphs drawn that map to no character


def _cut(line: TextLine, keys: list[str]) -> list[Span]:
    """The line cut where its font changes (raw text: the mechanical passes come after)."""
    out: list[Span] = []
    text, fonts = line.text, line.fonts or (-1,) * len(line.text)
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and fonts[i] == fonts[start]:
            continue
        piece = text[start:i]
        key = keys[fonts[start]] if 0 <= fonts[start] < len(keys) else ""
        out.append(Span(key, piece, start > 0 and (text[start - 1].isspace() or piece[0].isspace())))
        start = i
    return out


_MARK = "\u00a7"  # put before every piece of a batch, so that none comes back empty (and lines stay aligned)


def _mechanical_spans(lines: list[list[Span]], ctx: Context) -> list[Line]:
    """The mechanical passes over every span of a page at once (they never act across a line
    break); spans that come out empty are dropped."""
    pieces = [sp.text.replace("\n", " ") for line in lines for sp in line]
    done = ctx.repairer.mechanical("\n".join(_MARK + p for p in pieces)).split("\n") if pieces else []
    if len(done) != len(pieces):  # not expected; then one by one
        done = [_MARK + ctx.repairer.mechanical(p) for p in pieces]
    it = iter(done)
    out = []
    for line in lines:
        spans = []
        for sp in line:
            text = next(it)[1:].strip()
            if text:
                spans.append(replace(sp, text=text))
        out.append(tuple(spans))
    return out


def _cell_line(lines: tuple[Line, ...]) -> Line:
    """A cell's wrapped lines as one line: Thai meets Thai without a space where a line wraps (as
    ``join_lines``), and the spans of one font that meet are one span, so that a word cut by the
    wrap is repaired whole."""
    out: list[Span] = []
    for k, line in enumerate(lines):
        for j, sp in enumerate(line):
            space = sp.space_before
            if j == 0 and k > 0 and out:
                space = not (RE_LETTER.match(out[-1].text[-1]) and RE_LETTER.match(sp.text[0]))
            if out and out[-1].font == sp.font:
                out[-1] = replace(out[-1], text=out[-1].text + (" " if space else "") + sp.text)
            else:
                out.append(replace(sp, space_before=space and bool(out)))
    return tuple(out)


def _draft(
    raw: RawPage, ctx: Context, evidence: dict[str, FontEvidence], before: TableGrid | None = None
) -> PageDraft:
    """First pass over a page: layout, spans per font, evidence per font (added to ``evidence``)."""
    keys = [f.key for f in raw.fonts]
    clusters = layout.chars_to_clusters(raw.chars)
    lines = layout.clusters_to_lines(clusters, ctx.layout)
    grids = layout_tables.find_tables(
        raw.edges, clusters, plumber.find_table_grids, table_hints(ctx.rules, ctx.lexicon), ctx.layout, before
    )
    cell_texts = [ln for _, cell_lines in grids for row in cell_lines for cell in row if cell for ln in cell]
    mech = iter(_mechanical_spans([_cut(ln, keys) for ln in [*lines, *cell_texts]], ctx))
    spans = [next(mech) for _ in lines]
    tables: list[DraftTable] = []
    prev_bottom = -1.0
    for i, (t, cell_lines) in enumerate(grids):
        cells = tuple(
            tuple(None if cell is None else tuple(next(mech) for _ in cell) for cell in row)
            for row in cell_lines
        )
        raw_rows = tuple(
            tuple(None if cell is None else tuple(ln.text for ln in cell) for cell in row)
            for row in cell_lines
        )
        bbox = t.bbox
        above = tuple(sp for ln, sp in zip(lines, spans) if prev_bottom < ln.baseline < bbox[1])
        tables.append(DraftTable(i, bbox, cells, raw_rows, above, t.style, t.spans))
        prev_bottom = bbox[3]
    sample = ctx.rules.text.repair.fonts.sample_letters
    per_font: dict[str, list[str]] = {}
    for line in spans:
        for sp in line:
            per_font.setdefault(sp.font, []).append(sp.text)
    for face in raw.fonts:
        evidence[face.key] = evidence.get(face.key, FontEvidence()) + face_evidence(face)
    for key, texts in per_font.items():
        if key:
            so_far = evidence.get(key, FontEvidence())
            evidence[key] = so_far + text_evidence(" ".join(texts), max(0, sample - len(so_far.sample)))
    return PageDraft(
        raw.number,
        tuple(spans),
        tuple(tables),
        sum(1 for ch in raw.chars if not ch.text.isspace()),
        raw.image_area,
        raw.rotation,
        {f.key: f.chars for f in raw.fonts},
        sum(f.invisible for f in raw.fonts),
        grids[-1][0] if grids else None,
        raw.blank_glyphs,
    )


def diagnose_fonts(
    evidence: dict[str, FontEvidence], names: dict[str, str], ctx: Context
) -> dict[str, FontDiagnosis]:
    """Every font of the document diagnosed over its whole text (with the dictionary test)."""
    rules = ctx.rules.text.repair.fonts
    out = {}
    for key, ev in sorted(evidence.items()):
        coverage = ctx.lexicon.coverage(ev.sample) if ev.thai >= rules.min_letters and ev.sample else None
        out[key] = diagnose(key, names.get(key, key), ev, coverage, rules)
    return out


def font_profile(d: FontDiagnosis, ctx: Context) -> FaultProfile:
    """The repair a font gets: none beyond the clean one for a clean font; for a broken one the
    edits its faults call for (``rules/text.yaml: fonts.fault_edits``), or every edit when its
    sample still reads below ``min_coverage`` once repaired with those (an unnamed fault)."""
    if not d.broken:
        return CLEAN
    rules = ctx.rules.text.repair.fonts
    named = [f for f in d.faults if f in rules.fault_edits]
    if not named:  # only a low dictionary coverage: a fault the evidence does not name
        return FULL
    edits = set(CLEAN.edits).union(*(rules.fault_edits[f] for f in named))
    targeted = FaultProfile(frozenset(edits), True)
    if d.evidence.sample and d.coverage is not None and edits != set(EDITS):
        repaired = ctx.repairer.repair_prepared(d.evidence.sample, targeted)
        after = ctx.lexicon.coverage(repaired)
        if after is not None and after < rules.min_coverage:
            return FULL
    return targeted


def _profiles(diagnoses: dict[str, FontDiagnosis], ctx: Context) -> dict[str, FaultProfile]:
    return {k: font_profile(d, ctx) for k, d in diagnoses.items()} | {"": CLEAN}


def _repair_line(line: Line, profiles: dict[str, FaultProfile], ctx: Context) -> str:
    parts: list[str] = []
    for sp in line:
        text = ctx.repairer.repair_prepared(sp.text, profiles.get(sp.font, CLEAN))
        if text:
            parts.append((" " if sp.space_before and parts else "") + text)
    return collapse_whitespace("".join(parts))


def _repair_lines(lines: Iterable[Line], profiles: dict[str, FaultProfile], ctx: Context) -> list[str]:
    return [t for t in (_repair_line(ln, profiles, ctx) for ln in lines) if t]


def _ocr_reason(
    draft: PageDraft, quality: float | None, diagnoses: dict[str, FontDiagnosis], ctx: Context
) -> str | None:
    """Why the page's text must come from OCR, or None."""
    th = ctx.rules.thresholds.page_quality
    if draft.n_chars < th.min_text_chars:
        if draft.blank_glyphs >= th.min_text_chars:
            return f"text layer maps {draft.blank_glyphs} drawn glyphs to no character"
        return None if draft.n_chars == 0 and draft.image_area < th.blank_image_cover else "no text layer"
    unreadable = {
        k: n
        for k, n in draft.fonts.items()
        if k in diagnoses and diagnoses[k].action == FontAction.UNREADABLE
    }
    if sum(unreadable.values()) > 0.5 * max(1, sum(draft.fonts.values())):
        worst = max(unreadable, key=lambda k: unreadable[k])
        d = diagnoses[worst]
        return f"text layer unreadable: font {d.name} ({', '.join(d.faults)})"
    if draft.invisible > 0.5 * draft.n_chars and draft.image_area >= th.scan_image_cover:
        return "invisible text layer over a scanned image"
    if quality is not None and quality < th.needs_ocr_below:
        return f"text layer quality {quality:.2f} below {th.needs_ocr_below:.2f}"
    return None


def _page_profiles(
    draft: PageDraft, profiles: dict[str, FaultProfile], ctx: Context
) -> dict[str, FaultProfile]:
    """A broken font whose text on this page shows a fault the font does not show over the
    document (a page printed without its tone marks) gets that fault's edits too on this page;
    clean fonts stay clean."""
    rules = ctx.rules.text.repair.fonts
    texts: dict[str, list[str]] = {}
    for line in draft.lines:
        for sp in line:
            if profiles.get(sp.font, CLEAN).broken and profiles[sp.font] is not FULL:
                texts.setdefault(sp.font, []).append(sp.text)
    out = dict(profiles)
    for key, t in texts.items():
        faults = page_faults(text_evidence(" ".join(t), 0), rules)
        extra = set().union(*(rules.fault_edits.get(f, ()) for f in faults)) - profiles[key].edits
        if extra:
            out[key] = replace(profiles[key], edits=profiles[key].edits | frozenset(extra))
    return out


def page_from_draft(
    draft: PageDraft, profiles: dict[str, FaultProfile], diagnoses: dict[str, FontDiagnosis], ctx: Context
) -> Page:
    """Second pass over a page: every span repaired with its font's profile."""
    repairer = ctx.repairer
    profiles = _page_profiles(draft, profiles, ctx)
    text = collapse_whitespace("\n".join(_repair_lines(draft.lines, profiles, ctx)))
    th = ctx.rules.thresholds.page_quality
    quality = repairer.quality(text)
    has_layer = draft.n_chars >= th.min_text_chars
    if draft.n_chars == 0 and draft.image_area < th.blank_image_cover and not draft.blank_glyphs:
        quality = None  # nothing to read: neither good nor bad
    tables = []
    for t in draft.tables:
        rows = tuple(
            tuple(None if cell is None else _repair_line(_cell_line(cell), profiles, ctx) for cell in row)
            for row in t.cells
        )
        tables.append(
            PageTable(
                draft.number,
                t.index,
                t.bbox,
                rows,
                t.raw_rows,
                "\n".join(_repair_lines(t.above, profiles, ctx)),
                t.style,
                t.spans,
            )
        )
    reason = _ocr_reason(draft, quality, diagnoses, ctx)
    return Page(
        draft.number,
        text,
        Extraction.TEXT,
        round(quality, 4) if quality is not None else None,
        draft.n_chars,
        has_layer,
        round(draft.image_area, 4),
        needs_ocr=reason is not None,
        rotation=draft.rotation,
        tables=tuple(tables),
        reason=reason,
    )


def broken_page(number: int, error: str) -> Page:
    """A page that could not be read (it is OCR'd if OCR is on)."""
    return Page(
        number,
        "",
        Extraction.TEXT,
        0.0,
        0,
        False,
        0.0,
        needs_ocr=True,
        error=error,
        reason="the page could not be read",
    )


def read_pages(
    raw_pages: Iterable[RawPage | PageReadError], ctx: Context
) -> tuple[tuple[Page, ...], tuple[str, ...], tuple[FontDiagnosis, ...]]:
    """Every page, in order, and the diagnosis of every font; a page that could not be read, or
    that fails here, is reported and kept as a broken page."""
    drafts: list[PageDraft | Page] = []
    errors: list[str] = []
    evidence: dict[str, FontEvidence] = {}
    names: dict[str, str] = {}
    for raw in raw_pages:
        if isinstance(raw, PageReadError):
            errors.append(f"page {raw.number}: {raw.kind}: {raw.message}")
            drafts.append(broken_page(raw.number, raw.message))
            continue
        try:
            names.update({f.key: f.name for f in raw.fonts})
            before = drafts[-1].last_table if drafts and isinstance(drafts[-1], PageDraft) else None
            drafts.append(_draft(raw, ctx, evidence, before))
        except Exception as exc:
            errors.append(f"page {raw.number}: {type(exc).__name__}: {exc}")
            drafts.append(broken_page(raw.number, str(exc)))
    diagnoses = diagnose_fonts(evidence, names, ctx)
    profiles = _profiles(diagnoses, ctx)
    pages = []
    for d in drafts:
        if isinstance(d, Page):
            pages.append(d)
            continue
        try:
            pages.append(page_from_draft(d, profiles, diagnoses, ctx))
        except Exception as exc:
            errors.append(f"page {d.number}: {type(exc).__name__}: {exc}")
            pages.append(broken_page(d.number, str(exc)))
    return tuple(pages), tuple(errors), tuple(diagnoses.values())


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: the text layer of every page, each font diagnosed (``state.raw_pages`` is consumed)."""
    pages, errors, fonts = read_pages(state.raw_pages, ctx)
    return replace(state, raw_pages=(), pages=pages, page_errors=state.page_errors + errors, fonts=fonts)


__all__ = ["FontFace", "PageDraft", "Span", "diagnose_fonts", "page_from_draft", "read_pages", "run"]

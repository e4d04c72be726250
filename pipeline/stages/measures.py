"""Stage ``measures``: measures (plans) and what was done (reports) from measure tables, with
periods and status; an anti-corruption plan's projects are its planned measures too.

Which indicator and items a measure serves is the next stage's (``match``); each ``Measure``
carries the text that stage reads around it (``match_context``, never published).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..adapters import fuzzy
from ..model import (
    REPORT_DOC_TYPES,
    DocType,
    DocumentState,
    LogicalTable,
    Measure,
    MeasureKind,
    MeasureStatus,
    Record,
    Role,
    Rows,
    TableStyle,
    YearsSource,
)
from ..rules import Rules
from ..tables.records import REPORTED_ROLES, group_records, is_measure_table, measure_key_column
from ..tables.roles import option_status
from ..text.chars import join_thai
from ..text.items import parse_item_code
from ..text.lexicon import Lexicon
from ..text.periods import fiscal_year_of, fiscal_year_span, parse_period
from .context import Context

#: a letter of a word (Thai or Latin): what separates a statement from a list of option labels
_RE_LETTER = re.compile(r"[\u0E01-\u0E2E\u0E30-\u0E4EA-Za-z]")


def parse_status(text: str | None, rules: Rules) -> MeasureStatus | None:
    """done / in_progress / not_started from a ticked box before its label, else from wording.

    >>> from pipeline.rules import load_rules
    >>> str(parse_status("☐ ยังไม่ได้ดำเนินการ ☑ อยู่ระหว่างดำเนินการ ☐ ดำเนินการ - จัดทำคู่มือ", load_rules()))
    'in_progress'
    """
    if not text:
        return None
    st = rules.tables.status
    flat = re.sub(r"\s+", "", text)
    ticked, status = _ticked_status(flat, st.by_length, rules)
    if status is not None:
        return status
    if ticked or any(u in flat for u in st.unticked):
        # a ticked box whose label cannot be read, or boxes none of them ticked: the wording of
        # the labels is a list of options, never the status
        return None
    named = _worded(flat, rules)
    if _option_list(named, flat):
        return None  # the options' labels one after another, their boxes lost: none is the status
    return min((st for st, _, _ in named), key=_WORDING_ORDER.index, default=None)


#: the order statuses stated in words are taken in ("ยังไม่ได้ดำเนินการ … จะแล้วเสร็จ" is not started)
_WORDING_ORDER = (MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS, MeasureStatus.DONE)


def _worded(flat: str, rules: Rules) -> list[tuple[MeasureStatus, int, int]]:
    """Where the text states a status in words (``rules/tables.yaml: status.wording``): (status,
    start, end) in text order; a phrase read for one status is not read again for another."""
    out = []
    for status in _WORDING_ORDER:
        for pattern in rules.tables.status.wording[status]:
            for m in re.finditer(pattern, flat):
                out.append((status, m.start(), m.end()))
            flat = re.sub(pattern, lambda m: "\x00" * len(m.group(0)), flat)  # read once, same places
    return sorted(out, key=lambda x: x[1])


def _option_list(named: list[tuple[MeasureStatus, int, int]], flat: str) -> bool:
    """Two statuses or more named one right after another, nothing but boxes, brackets or spaces
    between them: the options printed for ticking, not a statement."""
    if len({st for st, _, _ in named}) < 2:
        return False
    return all(not _RE_LETTER.search(flat[a[2] : b[1]]) for a, b in itertools.pairwise(named))


def _ticked_status(
    flat: str, labels: list[tuple[str, MeasureStatus]], rules: Rules
) -> tuple[bool, MeasureStatus | None]:
    """(is a box ticked?, the status of the first ticked label that can be read)."""
    st = rules.tables.status
    ticks = sorted(st.ticked, key=len, reverse=True)
    ticked = False
    for i in range(len(flat)):
        tick = next((t for t in ticks if flat.startswith(t, i)), None)
        if tick is None:
            continue
        ticked = True
        rest = flat[i + len(tick) :]
        for skip in range(3):  # OCR may leave a stray character between the box and its label
            for lab, status in labels:
                if rest[skip:].startswith(lab):
                    return True, status
        near = _nearest_label(rest, labels, st.label_min_similarity, st.label_margin)
        if near is not None:
            return True, near
    return ticked, None


def _status_note(text: str | None, rules: Rules) -> str | None:
    """Why a reported status is null though a box is ticked, or though its words name statuses."""
    flat = re.sub(r"\s+", "", text or "")
    i = min((k for t in rules.tables.status.ticked if (k := flat.find(t)) >= 0), default=-1)
    if i >= 0:
        return f"a box is ticked but its label cannot be read: {_snippet(flat[i:])!r}"
    named = _worded(flat, rules)
    if _option_list(named, flat):
        listed = ", ".join(dict.fromkeys(str(st) for st, _, _ in named))
        return f"lists the options {listed} with no tick that can be read"
    return None


def _snippet(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def _nearest_label(
    rest: str, labels: list[tuple[str, MeasureStatus]], min_similarity: float, margin: float
) -> MeasureStatus | None:
    """The status whose label the text after a tick reads most like (OCR: "อยูระหวางดาเนนการ"),
    when it is alike enough and clearly ahead of every other status."""
    best: dict[MeasureStatus, float] = {}
    for lab, status in labels:
        best[status] = max(best.get(status, 0.0), fuzzy.prefix_ratio(rest, lab))
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if (
        ranked
        and ranked[0][1] >= min_similarity
        and (len(ranked) < 2 or ranked[0][1] - ranked[1][1] >= margin)
    ):
        return ranked[0][0]
    return None


def _status_cell(cells: tuple[str, ...], lt: LogicalTable, rules: Rules) -> str | None:
    """The row's status as text: its status cell; for a status in several columns (one per
    status, its label in the header), the options as a ticked list — a mark in a column ("✓",
    "/", "X") ticks its label (``☑ ดำเนินการแล้ว ☐ อยู่ระหว่างดำเนินการ …``); words written across
    the columns are kept as written."""
    cols = lt.cols(Role.STATUS)
    if len(cols) < 2:
        return _cell(cells, lt.col(Role.STATUS))
    tick, box = rules.tables.status.ticked[0], rules.tables.status.unticked[0]
    parts: list[str] = []
    for c in cols:
        text = (cells[c] if c < len(cells) else "") or ""
        if re.fullmatch(r"[\s\-–—_.…]*", text):
            text = ""  # a dash says "not this one", as an empty cell does
        status = option_status(lt.header[c], rules)
        label = rules.tables.status.labels[status][0] if status is not None else None
        if label is None or (text.strip() and not _is_mark(text)):
            if text.strip() and text not in parts:
                parts.append(text)  # words across the columns, or a column with no label
            continue
        parts.append(f"{tick if text.strip() else box} {label}")
    return " ".join(parts) or None


def _is_mark(text: str) -> bool:
    """A tick written in a cell: a few signs, no letter or digit of a word ("✓", "/", "X", "✗")."""
    t = "".join(text.split())
    return 0 < len(t) <= 3 and not re.search(r"[\u0E01-\u0E4F\d]", t) and not re.fullmatch(r"[A-Za-z]{2,}", t)


def split_steps(text: str, rules: Rules) -> tuple[str, list[str]]:
    """A measure cell as (headline, numbered parts after it); no parts unless there are two or more
    after a headline, or one numbered under the row's own number (``2.1``) (``rules/tables.yaml:
    step_number``).

    >>> from pipeline.rules import load_rules
    >>> split_steps("มาตรการการใช้รถราชการ 2.1 ประกาศโรงพยาบาล 2.2 แนวทางปฏิบัติ", load_rules())
    ('มาตรการการใช้รถราชการ', ['2.1 ประกาศโรงพยาบาล', '2.2 แนวทางปฏิบัติ'])
    >>> split_steps("1. จัดอบรม 2. เผยแพร่", load_rules())
    ('1. จัดอบรม 2. เผยแพร่', [])
    """
    ms = list(rules.tables.step_number.regex.finditer(text))
    one_sub_item = len(ms) == 1 and re.fullmatch(r"\d{1,2}\.1", ms[0].group(1))  # 2.1 under row 2
    if not (len(ms) >= 2 or one_sub_item) or not text[: ms[0].start()].strip():
        return text, []
    last = [int(re.findall(r"\d+", m.group(1))[-1]) for m in ms]
    if any(b != a + 1 for a, b in itertools.pairwise(last)):
        return text, []  # not a numbered list (a figure like 80.5 among the words)
    parts = [
        text[m.start() : ms[k + 1].start() if k + 1 < len(ms) else len(text)].strip()
        for k, m in enumerate(ms)
    ]
    return text[: ms[0].start()].strip(), parts


def clean_measure_text(text: str, rules: Rules) -> str:
    """The measure's own words: a leading bullet is layout, not content ("▪ จัดประชุม…")."""
    return rules.tables.leading_bullet.regex.sub("", text).strip()


def _cell(cells: tuple[str, ...] | list[str], col: int | None) -> str | None:
    if col is None:
        return None
    v = cells[col].strip()
    return v or None


@dataclass(frozen=True)
class DocRef:
    """The document every measure of it belongs to (the one ``Measure`` constructor)."""

    doc_id: str
    source_file: str
    org_name: str | None
    fiscal_year: int | None

    def measure(self, seq: int, kind: MeasureKind, text: str, page: int, **fields: Any) -> Measure:
        return Measure(
            self.doc_id, self.source_file, self.org_name, self.fiscal_year, seq, kind, text, page, **fields
        )


def measures_from_tables(
    tables: list[LogicalTable] | tuple[LogicalTable, ...],
    doc: DocRef,
    doc_type: DocType,
    rules: Rules,
    lexicon: Lexicon,
) -> list[Measure]:
    """One measure per measure row of every measure table, in document order."""
    out: list[Measure] = []
    for lt in tables:
        if not is_measure_table(lt, rules):
            continue
        key = measure_key_column(lt)
        assert key is not None  # is_measure_table
        reported = [c for role in REPORTED_ROLES for c in lt.cols(role)]
        has_results = any(_cell(r.cells, c) for r in lt.data_rows for c in reported)
        kind = MeasureKind.REPORT if has_results or doc_type in REPORT_DOC_TYPES else MeasureKind.PLAN
        heading = [ln for ln in lt.context.split("\n") if ln.strip()][-2:][::-1]
        for rec in group_records(lt, rules, lexicon):
            text = _cell(rec.cells, key)
            if not text or not clean_measure_text(text, rules):
                continue
            text = clean_measure_text(text, rules)
            if rules.tables.total_row.regex.match(text):
                continue
            steps = _cell(rec.cells, lt.col(Role.STEPS))
            if steps is None:
                text, parts = split_steps(text, rules)
                steps = "\n".join(parts) or None
            out.append(_measure(doc, rec, lt, key, text, steps, kind, len(out) + 1, heading, rules))
    return out


def _measure(
    doc: DocRef,
    rec: Record,
    lt: LogicalTable,
    key: int,
    text: str,
    steps: str | None,
    kind: MeasureKind,
    seq: int,
    heading: list[str],
    rules: Rules,
) -> Measure:
    period_text = _cell(rec.cells, lt.col(Role.PERIOD))
    start, end = parse_period(period_text, doc.fiscal_year, rules)
    result = _cell(rec.cells, lt.col(Role.RESULT))
    outcome = _cell(rec.cells, lt.col(Role.OUTCOME))
    status_cell = _status_cell(rec.cells, lt, rules)
    indicator_cell = _cell(rec.cells, lt.col(Role.INDICATOR)) if key != lt.col(Role.INDICATOR) else None
    item_cell = _cell(rec.cells, lt.col(Role.QUESTION))
    item = parse_item_code(item_cell, rules, None) if item_cell else None
    report = kind == MeasureKind.REPORT
    reported = "\n".join(c for c in (status_cell, result) if c) or None
    status = (parse_status(status_cell, rules) or parse_status(result or outcome, rules)) if report else None
    return doc.measure(
        seq,
        kind,
        text,
        rec.page,
        steps=steps,
        responsible=_cell(rec.cells, lt.col(Role.RESPONSIBLE)),
        period_text=period_text,
        period_start=start,
        period_end=end,
        result_text=(reported or outcome) if report else None,
        outcome_text=outcome if report else None,
        status=status,
        status_note=_status_note(reported or outcome, rules) if report and status is None else None,
        period_note=f"not a readable period: {_snippet(period_text)!r}"
        if period_text and start is None
        else None,
        indicator_cell=indicator_cell,
        item_cell=item_cell,
        section=rec.title,
        table_style=rec.style,
        from_spanning_cell=tuple(lt.roles[c] or f"column {c + 1}" for c in rec.carried),
        match_context=tuple(c for c in (indicator_cell, rec.title, *heading) if c),
        row_items=(item[0],) if item else (),
    )


def measures_from_budget_projects(
    budget_rows: list[Rows] | tuple[Rows, ...],
    doc: DocRef,
    fiscal_year_end: int | None,
    first_seq: int,
    rules: Rules,
) -> list[Measure]:
    """An anti-corruption plan's projects are its planned measures (one per project), over the
    plan's whole span."""
    fy = doc.fiscal_year
    seen: set[int] = set()
    out: list[Measure] = []
    for b in sorted(budget_rows, key=lambda r: r["project_no"]):
        if b["project_no"] in seen:
            continue
        seen.add(b["project_no"])
        start = fiscal_year_span(fy, rules)[0] if fy else None
        end = fiscal_year_span(fiscal_year_end or fy, rules)[1] if fy else None
        out.append(
            doc.measure(
                first_seq + len(out),
                MeasureKind.PLAN,
                b["project_name"],
                b["page"],
                period_text=rules.periods.plan_span_text.format(start=fy, end=fiscal_year_end)
                if fy
                else None,
                period_start=start,
                period_end=end,
                section=f"project {b['project_no']} (dimension {b['dimension_no']})",
                table_style=b.get("table_style"),
                project_no=b["project_no"],
            )
        )
    return out


def numbered_paragraphs(pages: Sequence[tuple[int, str]], rules: Rules) -> list[tuple[int, str]]:
    """The measures a document states as numbered paragraphs (``rules/tables.yaml:
    numbered_measures``): (page, text) of each paragraph of the longest run numbered 1, 2, 3 …
    after a title that says the document states measures; none when the title says otherwise.

    >>> from pipeline.rules import load_rules
    >>> text = ("เรื่อง มาตรการส่งเสริมคุณธรรม\\n1. มาตรการเผยแพร่ข้อมูล ให้ทุก\\nส่วนราชการ\\n-2-\\n"
    ...         "2. มาตรการ\\nป้องกันสินบน\\n3. มาตรการ ข\\nทั้งนี้ ตั้งแต่บัดนี้")
    >>> [t for _, t in numbered_paragraphs([(1, text)], load_rules())]
    ['มาตรการเผยแพร่ข้อมูล ให้ทุกส่วนราชการ', 'มาตรการป้องกันสินบน', 'มาตรการ ข']
    """
    nm = rules.tables.numbered_measures
    lines = [(page, ln.strip()) for page, text in pages for ln in text.split("\n") if ln.strip()]
    head = [i for i, (_, ln) in enumerate(lines[: nm.title_lines]) if nm.title.regex.search(ln)]
    if not head or not nm.measure_title.regex.search(" ".join(ln for _, ln in lines[head[0] : head[0] + 2])):
        return []
    runs: list[list[list[int | str]]] = []
    run: list[list[int | str]] = []  # [page, text] per paragraph of the run being read
    shape = ""  # how the run numbers its paragraphs ("." "()" ")"): a list under a paragraph differs
    for page, ln in lines[head[0] + 1 :]:
        if nm.page_number.regex.match(ln):
            continue
        m = nm.item.regex.match(ln)
        own = m is not None and (not run or _number_shape(m.group(0)) == shape)
        if m and own and int(m.group(1)) == len(run) + 1:
            run.append([page, ln[m.end() :].strip()])
        elif m and own and int(m.group(1)) == 1:
            runs.append(run)
            run = [[page, ln[m.end() :].strip()]]
        elif nm.end.regex.match(ln):
            break  # the closing formula: what follows (a signature, an attachment) is no measure
        elif run:
            run[-1][1] = join_thai(str(run[-1][1]), ln)
        if m and own and len(run) == 1:
            shape = _number_shape(m.group(0))
    runs.append(run)
    best = max(runs, key=len)
    return [(int(p), str(t)) for p, t in best] if len(best) >= nm.min_items else []


def _number_shape(number: str) -> str:
    """``"1."`` -> ``"."``, ``"(3)"`` -> ``"()"``, ``"๒ ."`` -> ``"."``."""
    return "".join(ch for ch in number if ch in "().")


def measures_from_paragraphs(pages: Sequence[tuple[int, str]], doc: DocRef, rules: Rules) -> list[Measure]:
    """A document of measures written with no table: each numbered paragraph a planned measure."""
    return [
        doc.measure(i, MeasureKind.PLAN, text, page, table_style=TableStyle.LIST)
        for i, (page, text) in enumerate(numbered_paragraphs(pages, rules), 1)
    ]


def fiscal_years(
    m: Measure, span: tuple[int, int] | None, budgets: Sequence[Rows], rules: Rules
) -> tuple[tuple[int, ...], YearsSource | None]:
    """The fiscal years a measure is planned (or reported) in, and where that comes from: for a
    plan's project, the years its budget row gives it an amount; else its printed period; else,
    in a multi-year plan, every year the plan covers; else its document's fiscal year."""
    funded = sorted(
        {b["fiscal_year"] for b in budgets if b["project_no"] == m.project_no and (b["amount_thb"] or 0) > 0}
    )
    if m.project_no is not None and funded:
        return tuple(funded), YearsSource.BUDGET
    if m.period_start is not None and m.period_end is not None and m.project_no is None:
        first, last = fiscal_year_of(m.period_start, rules), fiscal_year_of(m.period_end, rules)
        if first <= last:
            return tuple(range(first, last + 1)), YearsSource.PERIOD
    if span is None:
        return (), None
    if span[1] > span[0] and m.kind == MeasureKind.PLAN:
        return tuple(range(span[0], span[1] + 1)), YearsSource.PLAN_SPAN
    return (span[0],), YearsSource.FISCAL_YEAR


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: the measure rows of the document's tables, then (for a plan) its projects."""
    meta = state.metadata
    doc = DocRef(state.doc_id, state.source_file, meta.org_name, meta.fiscal_year)
    measures = measures_from_tables(state.tables, doc, meta.doc_type, ctx.rules, ctx.lexicon)
    if not measures and meta.doc_type == DocType.INTEGRITY_MEASURES:
        measures = measures_from_paragraphs([(p.page, p.text) for p in state.pages], doc, ctx.rules)
    if meta.doc_type == DocType.ANTICORRUPTION_PLAN:
        measures += measures_from_budget_projects(
            state.budgets, doc, meta.fiscal_year_end, len(measures) + 1, ctx.rules
        )
    fy = meta.fiscal_year
    span = (fy, meta.fiscal_year_end or fy) if fy else None
    dated = []
    for m in measures:
        years, source = fiscal_years(m, span, state.budgets, ctx.rules)
        dated.append(replace(m, fiscal_years=years, fiscal_years_source=source))
    return replace(state, measures=tuple(dated))

"""Stage ``budgets``: budgets of anti-corruption plans, one row per project x fiscal year, totals
checked.

Plan tables read: dimension | mission | project(s) | one column per fiscal year | note. Several
projects numbered "5) … 6) …" can share a cell and its figures; "-" is 0; "รวม"/"รวมทั้งสิ้น" rows
are totals, not projects, and the projects must add up to them (a mismatch is reported, never
fixed silently).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import DocumentState, LogicalTable, ProjectKind, Role, Rows, TableStyle
from ..rules import Rules
from ..text.chars import join_thai
from ..text.numbers import parse_amount
from .context import Context


@dataclass
class _ProjectGroup:
    """Projects that share one row of a plan table and its figures (built while reading it)."""

    projects: list[list[Any]]  # [number, printed numbering, name]
    dimension: int | None
    amounts: dict[int, float | None]
    raw: dict[int, str]
    page: int
    style: TableStyle

    def go_on(
        self, lead: str, projects: list[list[Any]], amounts: dict[int, float | None], raw: dict[int, str]
    ) -> None:
        """The group's cell goes on in the next row: more name, more projects, missing figures."""
        if lead:
            self.projects[-1][2] = join_thai(self.projects[-1][2], lead)
        self.projects += projects
        for y, v in amounts.items():
            if self.amounts.get(y) is None and v is not None:
                self.amounts[y] = v
                self.raw[y] = raw[y]

    def rows(self, doc_id: str, org_name: str | None, years: list[int], rules: Rules) -> list[Rows]:
        shared = [p[0] for p in self.projects] if len(self.projects) > 1 else None
        return [
            {
                "doc_id": doc_id,
                "org_name": org_name,
                "project_no": no,
                "project_name": name,
                "dimension_no": self.dimension,
                "fiscal_year": y,
                "amount_thb": self.amounts.get(y),
                "amount_text": self.raw.get(y),
                "shared_with": shared,
                "page": self.page,
                "project_ref": ref,
                "kind": project_kind(name, rules),
                "table_style": self.style,
            }
            for no, ref, name in self.projects
            for y in years
        ]


@dataclass
class _Total:
    dimension: int | None
    grand: bool
    amounts: dict[int, float | None]
    counts: dict[str, int]  # printed counts of projects per kind


@dataclass
class BudgetResult:
    rows: list[Rows] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def project_kind(name: str, rules: Rules) -> ProjectKind | None:
    """project / activity / measure from the word a project's name starts with."""
    return next((kind for word, kind in rules.tables.project_kinds.items() if name.startswith(word)), None)


def split_projects(text: str, rules: Rules) -> tuple[str, list[list[Any]]]:
    """A project cell as (text before the first number, [[number, printed numbering, name], …]).

    >>> from pipeline.rules import load_rules
    >>> split_projects("1.1.1 (2) กิจกรรมเผยแพร่ 1.1.1 (3) โครงการอบรม", load_rules())
    ('', [[2, '1.1.1 (2)', 'กิจกรรมเผยแพร่'], [3, '1.1.1 (3)', 'โครงการอบรม']])
    """
    ms = list(rules.tables.project_number.regex.finditer(text))
    lead = text[: ms[0].start()].strip() if ms else text.strip()
    projects = [
        [
            int(m.group("no").replace(" ", "")),
            re.sub(r"\s+", " ", m.group("ref")).strip(),
            text[m.end() : ms[k + 1].start() if k + 1 < len(ms) else len(text)].strip(),
        ]
        for k, m in enumerate(ms)
    ]
    return lead, projects


def is_budget_table(lt: LogicalTable) -> bool:
    return sum(1 for r in lt.roles if r == Role.YEAR) >= 2 and lt.col(Role.MEASURE) is not None


def budgets_from_tables(
    tables: list[LogicalTable] | tuple[LogicalTable, ...], doc_id: str, org_name: str | None, rules: Rules
) -> BudgetResult:
    res = BudgetResult()
    for lt in tables:
        if is_budget_table(lt):
            _one_table(lt, doc_id, org_name, rules, res)
    _note_numbering(res.rows)
    return res


def _one_table(lt: LogicalTable, doc_id: str, org_name: str | None, rules: Rules, res: BudgetResult) -> None:
    proj_col, dim_col = lt.col(Role.MEASURE), lt.col(Role.DIMENSION)
    assert proj_col is not None  # is_budget_table
    year_cols = [(i, y) for i, (r, y) in enumerate(zip(lt.roles, lt.years)) if r == Role.YEAR and y]
    tr = rules.tables
    groups: list[_ProjectGroup] = []
    totals: list[_Total] = []
    dimension: int | None = None
    for row in lt.data_rows:
        cells = row.cells
        if dim_col is not None and cells[dim_col]:
            m = tr.dimension.regex.match(cells[dim_col])
            if m:
                dimension = int(m.group(1))
        amounts = {y: parse_amount(cells[c], tr.no_amount, tr.currency_words) for c, y in year_cols}
        raw = {y: cells[c] for c, y in year_cols}
        label = next((c for c in cells[: proj_col + 1] if tr.total_row.regex.match(c)), None)
        if label is not None:
            counts = {w: int(n) for n, w in tr.project_count.regex.findall(" ".join(cells[: proj_col + 1]))}
            totals.append(
                _Total(dimension, bool(tr.grand_total.regex.match(label.replace(" ", ""))), amounts, counts)
            )
            continue
        lead, projects = split_projects(cells[proj_col], rules)
        if projects and not lead:
            # a row that starts with a project number starts a group (its figures are the group's)
            groups.append(_ProjectGroup(projects, dimension, amounts, raw, row.page, row.style))
        elif groups:
            # the cell goes on from the row above (a page break): its text and any projects
            # numbered in it belong to the same group and share its figures
            groups[-1].go_on(lead, projects, amounts, raw)
    for g in groups:
        res.rows += g.rows(doc_id, org_name, [y for _, y in year_cols], rules)
    res.problems += _check_totals(groups, totals, [y for _, y in year_cols], rules)


def _check_totals(
    groups: list[_ProjectGroup], totals: list[_Total], years: list[int], rules: Rules
) -> list[str]:
    """Each dimension total and the grand total must equal the sum of their projects (a shared
    figure counts once), and the numbers of projects, activities and measures it prints must be
    the rows found."""
    problems = []
    for t in totals:
        scope = groups if t.grand else [g for g in groups if g.dimension == t.dimension]
        where = "grand total" if t.grand else f"dimension {t.dimension} total"
        for y in years:
            printed = t.amounts.get(y)
            if printed is None:
                continue
            got = sum(g.amounts.get(y) or 0.0 for g in scope)
            if abs(got - printed) > 0.5:
                problems.append(
                    f"budget {where} for {y} is {printed:,.0f} but the projects add up to {got:,.0f}"
                )
        # "3 โครงการ" alone counts every row; "1 โครงการ 2 กิจกรรม" counts each kind
        found = Counter(
            next((w for w in rules.tables.project_kinds if p[2].startswith(w)), None)
            for g in scope
            for p in g.projects
        )
        if len(t.counts) == 1:
            found = Counter({next(iter(t.counts)): sum(found.values())})
        for word, n in t.counts.items():
            if found.get(word, 0) != n:
                problems.append(f"budget {where} counts {n} {word} but {found.get(word, 0)} rows were found")
    return problems


def _note_numbering(rows: list[Rows]) -> None:
    """Project numbers printed twice or skipped stay as printed; the row says so (``numbering_note``)."""
    order = list(dict.fromkeys((r["project_no"], r["page"]) for r in rows))
    first: dict[int, int] = {}
    notes: dict[tuple[int, int], str] = {}
    prev = None
    for no, page in order:
        if no in first:
            notes[(no, page)] = f"number {no} printed twice (pages {first[no]} and {page})"
        elif prev is not None and no > prev + 1:
            notes[(no, page)] = f"number {no} follows {prev}"
        first.setdefault(no, page)
        prev = no
    for r in rows:
        r["numbering_note"] = notes.get((r["project_no"], r["page"]))


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: the budget rows of the document's plan tables; totals that do not add up are problems."""
    res = budgets_from_tables(state.tables, state.doc_id, state.metadata.org_name, ctx.rules)
    return replace(state, budgets=tuple(res.rows), problems=state.problems + tuple(res.problems))

"""Stage ``budgets``: budgets of anti-corruption plans, one row per project x fiscal year, totals
checked.

Plan tables read: dimension | mission | project(s) | one column per fiscal year | note. Several
projects numbered "5) … 6) …" can share a cell and its figures; "-" is 0; "รวม"/"รวมทั้งสิ้น" rows
are totals, not projects, and the projects must add up to them (a mismatch is reported, never
fixed silently).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..model import DocumentState, LogicalTable, Rows
from ..rules import Rules
from ..text.chars import join_thai
from ..text.numbers import parse_amount
from .context import Context


@dataclass
class _ProjectGroup:
    """Projects that share one row of a plan table and its figures (built while reading it)."""

    projects: list[list]  # [number, name]
    dimension: int | None
    amounts: dict[int, float | None]
    raw: dict[int, str]
    page: int

    def go_on(self, lead: str, projects: list[list], amounts: dict[int, float | None], raw: dict[int, str]) -> None:
        """The group's cell goes on in the next row: more name, more projects, missing figures."""
        if lead:
            self.projects[-1][1] = join_thai(self.projects[-1][1], lead)
        self.projects += projects
        for y, v in amounts.items():
            if self.amounts.get(y) is None and v is not None:
                self.amounts[y] = v
                self.raw[y] = raw[y]

    def rows(self, doc_id: str, org_name: str | None, years: list[int]) -> list[Rows]:
        shared = [p[0] for p in self.projects] if len(self.projects) > 1 else None
        return [{"doc_id": doc_id, "org_name": org_name, "project_no": no, "project_name": name,
                 "dimension_no": self.dimension, "fiscal_year": y, "amount_thb": self.amounts.get(y),
                 "amount_text": self.raw.get(y), "shared_with": shared, "page": self.page}
                for no, name in self.projects for y in years]


@dataclass
class BudgetResult:
    rows: list[Rows] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def is_budget_table(lt: LogicalTable) -> bool:
    return sum(1 for r in lt.roles if r == "year") >= 2 and lt.col("measure") is not None


def budgets_from_tables(tables: list[LogicalTable] | tuple[LogicalTable, ...], doc_id: str, org_name: str | None,
                        rules: Rules) -> BudgetResult:
    res = BudgetResult()
    for lt in tables:
        if is_budget_table(lt):
            _one_table(lt, doc_id, org_name, rules, res)
    return res


def _one_table(lt: LogicalTable, doc_id: str, org_name: str | None, rules: Rules, res: BudgetResult) -> None:
    proj_col, dim_col = lt.col("measure"), lt.col("dimension")
    assert proj_col is not None  # is_budget_table
    year_cols = [(i, y) for i, (r, y) in enumerate(zip(lt.roles, lt.years)) if r == "year" and y]
    tr = rules.tables
    total_rx = tr.total_row.regex
    groups: list[_ProjectGroup] = []
    totals: list[tuple[int | None, bool, dict[int, float | None]]] = []  # (dimension, grand?, amounts)
    dimension: int | None = None
    for row in lt.data_rows:
        cells = row.cells
        if dim_col is not None and cells[dim_col]:
            m = tr.dimension.regex.match(cells[dim_col])
            if m:
                dimension = int(m.group(1))
        amounts = {y: parse_amount(cells[c], tr.no_amount, tr.currency_words) for c, y in year_cols}
        label = next((c for c in cells[: proj_col + 1] if total_rx.match(c)), None)
        if label is not None:
            grand = bool(tr.grand_total.regex.match(label.replace(" ", "")))
            totals.append((dimension, grand, amounts))
            continue
        text = cells[proj_col]
        parts = tr.project_number.regex.split(text)
        projects = [[int(parts[k].replace(" ", "")), parts[k + 1].strip()] for k in range(1, len(parts) - 1, 2)]
        if projects and not parts[0].strip():
            # a row that starts with a project number starts a group (its figures are the group's)
            groups.append(_ProjectGroup(projects, dimension, amounts, {y: cells[c] for c, y in year_cols}, row.page))
        elif groups:
            # the cell goes on from the row above (a page break): its text and any projects
            # numbered in it belong to the same group and share its figures
            groups[-1].go_on(parts[0].strip(), projects, amounts, {y: cells[c] for c, y in year_cols})
    for g in groups:
        res.rows += g.rows(doc_id, org_name, [y for _, y in year_cols])
    res.problems += _check_totals(groups, totals, [y for _, y in year_cols])


def _check_totals(groups: list[_ProjectGroup], totals, years: list[int]) -> list[str]:
    """Each dimension total and the grand total must equal the sum of their projects (a shared
    figure counts once)."""
    problems = []
    for dim, grand, amounts in totals:
        scope = groups if grand else [g for g in groups if g.dimension == dim]
        for y in years:
            printed = amounts.get(y)
            if printed is None:
                continue
            got = sum(g.amounts.get(y) or 0.0 for g in scope)
            if abs(got - printed) > 0.5:
                where = "grand total" if grand else f"dimension {dim} total"
                problems.append(f"budget {where} for {y} is {printed:,.0f} but the projects add up to {got:,.0f}")
    return problems


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: the budget rows of the document's plan tables; totals that do not add up are problems."""
    res = budgets_from_tables(state.tables, state.doc_id, state.metadata.org_name, ctx.rules)
    return replace(state, budgets=tuple(res.rows), problems=state.problems + tuple(res.problems))

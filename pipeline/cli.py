"""Command line: ``ita extract | audit | report | query | dictionary | version``. Thin: parses
options, calls ``pipeline.runner`` or ``pipeline.views``, prints (typer and rich: this module is
the terminal's adapter). Every failure people can cause (a
missing folder, an unknown item code, a wrong query) is one line on stderr and exit status 2."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__
from .datasets import ALL
from .rules import RulesError

app = typer.Typer(
    no_args_is_help=True,
    help="Thai ITA documents (PDF) to Parquet datasets.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
console = Console(stderr=True, emoji=False)  # messages (a ":x:" in a file name is text, not an emoji)


def _out() -> Console:
    """Results (tables) on stdout, so that they can be piped; 160 columns when not a terminal."""
    return Console(width=None if sys.stdout.isatty() else 160, emoji=False)


DATA = typer.Option(
    Path("data/processed"), "--data", "-d", help="folder of the Parquet datasets (ita extract --out)"
)


def _connect(data: Path):  # type: ignore[no-untyped-def]
    """The published datasets of one run: ``current`` is resolved once, so a run published while
    this command reads does not mix into what it reads."""
    from .adapters.sql import connect
    from .runner.publish import current_dir

    return connect(current_dir(data))


def _fail(message: str, code: int = 2) -> None:
    # one line, never wrapped inside a path or a command to copy (a long output folder did)
    console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        print(f"ita {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="print the version and exit"
    ),
) -> None:
    """Thai ITA documents (PDF) to Parquet datasets: ita extract, then ita query, ita audit, ita report.

    Exit status: 0 done; 1 with --strict, some documents partial or failed; 2 could not run (a
    mistake in the command, the data or the rules, said in one line); 130 interrupted."""


@app.command()
def extract(
    raw: list[Path] = typer.Argument(
        None,
        help="PDF files and folders of PDFs (searched recursively); default data/raw",
        show_default=False,
    ),
    out: Path = typer.Option(
        Path("data/processed"), "--out", "-o", help="output folder for the Parquet datasets"
    ),
    workers: int | None = typer.Option(
        None,
        "--workers",
        "-w",
        min=0,
        show_default="all cores",
        help="local worker processes (0 = everything in this process)",
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        metavar="ADDRESS",
        help="run the tasks on a Dask cluster, e.g. tcp://10.0.0.5:8786",
    ),
    full: bool = typer.Option(False, "--full", help="reprocess every PDF, not only new and changed ones"),
    follow_links: bool = typer.Option(
        False, "--follow-links", help="read links to PDFs outside the input folder"
    ),
    timeout: float = typer.Option(
        600.0, "--timeout", min=1.0, help="seconds one document may take before it becomes an error row"
    ),
    ocr: bool = typer.Option(True, "--ocr/--no-ocr", help="OCR scanned pages and broken text layers"),
    strict: bool = typer.Option(False, "--strict", help="exit 1 when any document is partial or failed"),
    allow_empty: bool = typer.Option(
        False, "--allow-empty", help="publish empty datasets when the input holds no PDF (refused otherwise)"
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Extract every PDF under RAW (folders, or PDF files) into the datasets of CONTRACT.md in OUT.

    Incremental: only new and changed PDFs are read; unchanged ones keep their rows. Exit status:
    0 done, 1 some documents partial/error (with --strict), 2 could not run.
    """
    from .runner.executors import SchedulerUnreachable
    from .runner.lock import LockedError
    from .runner.publish import OutputError
    from .runner.run import EmptyInput, run_extract

    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S"
    )
    # not on a terminal (cron, systemd) nothing but the summary, unless -v; other libraries stay at warnings
    logging.getLogger("pipeline").setLevel(logging.INFO if verbose else logging.WARNING)
    inputs = _inputs(raw)
    try:
        summary = run_extract(
            inputs,
            out,
            workers=workers,
            ocr=ocr,
            full=full,
            scheduler=scheduler,
            doc_timeout=timeout,
            progress=_progress(verbose),
            follow_links=follow_links,
            allow_empty=allow_empty,
        )
    except KeyboardInterrupt:
        _fail(
            "interrupted: nothing of this run was published (the previous datasets stand; the lock is released)",
            130,
        )
    except (RulesError, LockedError, SchedulerUnreachable, EmptyInput, OutputError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write to {out}: {exc}")
    except Exception as exc:  # a bug: one line for the operator, the traceback with -v; nothing was published
        if verbose:
            logging.getLogger("pipeline").exception("run failed")
        _fail(
            f"the run failed and published nothing: {type(exc).__name__}: {exc}"
            + ("" if verbose else " (-v for details)")
        )
    if not summary.documents:
        console.print(f"[yellow]warning:[/yellow] no PDF in {escape(', '.join(map(str, inputs)))}")
    _print_summary(summary, out)
    if strict and (summary.partial or summary.error):
        raise typer.Exit(1)


def _inputs(raw: list[Path] | None) -> list[Path]:
    """The inputs given (default ``data/raw``), each an existing folder or PDF file."""
    inputs = raw or [Path("data/raw")]
    for p in inputs:
        if not p.exists():
            _fail(f"input not found: {p} (give PDF files or folders of PDFs)")
        if p.is_file() and p.suffix.lower() != ".pdf":
            _fail(f"not a PDF: {p} (give PDF files or folders of PDFs)")
    return inputs


def _progress(verbose: bool):
    """A rich bar (documents, pages, pages/s, OCR'd pages) on a terminal, log lines otherwise;
    with -v also a line per document."""
    from .runner.progress import LogProgress, Progress

    def said(result) -> str:
        return f"  {result.status:<7} {escape(result.source_file)} ({result.pages} pages)"

    class Bar(Progress):
        def start(self, documents: int) -> None:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            super().start(documents)
            self.bar = RichProgress(
                TextColumn("documents"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[info]}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            self.task = self.bar.add_task("documents", total=documents, info="")
            self.bar.start()

        def changed(self, result=None) -> None:
            self.bar.update(self.task, completed=self.docs, info=self.info())
            if verbose and result is not None:
                self.bar.console.print(said(result))

        def close(self) -> None:
            self.bar.stop()

    class Lines(LogProgress):
        def changed(self, result=None) -> None:
            super().changed(result)
            if verbose and result is not None:
                console.print(said(result))

    return Bar() if console.is_terminal else Lines()


#: problems and copies a run lists on the terminal (the run record has every one)
SHOWN = 20


def _print_summary(summary, out: Path) -> None:
    for item in summary.passed_over[:10]:
        console.print(f"[yellow]passed over[/yellow] {escape(item)}")
    if len(summary.passed_over) > 10:
        console.print(
            f"[yellow]passed over[/yellow] {len(summary.passed_over) - 10} more (the run record lists all)"
        )
    if summary.problems:  # a national corpus has thousands: the first SHOWN, the rest counted
        t = Table(title="documents that need attention", show_lines=False)
        for col in ("file", "status", "reason"):
            t.add_column(col)
        for f, st, why in summary.problems[:SHOWN]:
            t.add_row(escape(f), st, escape(why))
        console.print(t)
        if len(summary.problems) > SHOWN:
            console.print(
                f"{len(summary.problems) - SHOWN} more need attention (the run record lists all; "
                "ita query \"select source_file, status, error from documents where status <> 'ok'\")"
            )
    for copy, why in summary.duplicates[:SHOWN]:
        console.print(f"[yellow]copy[/yellow] {escape(copy)}: {escape(why)} (counted once)")
    if len(summary.duplicates) > SHOWN:
        console.print(
            f"[yellow]copy[/yellow] {len(summary.duplicates) - SHOWN} more (the run record lists all)"
        )
    counts = (
        f"{summary.documents} documents: [green]{summary.ok} ok[/green], "
        f"[yellow]{summary.partial} partial[/yellow], [red]{summary.error} error[/red]"
    )
    if summary.mode == "unchanged":
        console.print(
            f"{counts}; nothing changed, datasets left as they were ({summary.seconds:.1f} s) -> {escape(str(out))}"
        )
        return
    console.print(
        f"{counts}; {summary.processed} processed, {summary.reused} reused, {summary.removed} removed "
        f"({summary.mode}); {summary.pages} pages in {summary.seconds:.1f} s ({summary.pages_per_second:.1f} pages/s; "
        f"{summary.ocr_pages} pages OCR'd, {summary.ocr_cached} from cache; {summary.executor}) -> {escape(str(out))}"
    )


@app.command()
def audit(
    data: Path = DATA,
    items: str | None = typer.Option(
        None,
        "--items",
        "-i",
        help="only these OIT items: codes as numbered in each assessment's year (o9,o12,o15) or topics, "
        "the same requirement in every year (service_manual; rules/topics.yaml)",
    ),
    org: str | None = typer.Option(
        None, "--org", help="only organisations whose name, province or district contains TEXT"
    ),
    year: int | None = typer.Option(
        None, "--year", help="this assessment year (B.E.) instead of each organisation's latest"
    ),
    csv: Path | None = typer.Option(None, "--csv", help="also write the rows to this CSV file"),
    xlsx: Path | None = typer.Option(None, "--xlsx", help="also write the rows to this Excel file"),
) -> None:
    """Organisations x missing/partial OIT items of their latest assessment, worst first, each
    with the later plan measure that addresses it (if any)."""
    from .adapters.sql import DataError
    from .rules import load_rules
    from .views.audit import (
        audit_records,
        audit_rows,
        item_meanings,
        judged,
        parse_item_codes,
        unjudged,
        unmatched_plans,
    )

    try:
        rules = load_rules()
        codes = parse_item_codes(items, rules) if items is not None else None
        if (
            year is not None
            and not rules.thresholds.fiscal_year.min_be_year
            <= year
            <= rules.thresholds.fiscal_year.max_be_year
        ):
            raise DataError(f"--year {year}: give a Buddhist-Era year, e.g. 2567")
        con = _connect(data)
        result = audit_rows(con, codes, org, year)
        can, cannot = judged(con, org, year), unjudged(con, org, year)
        no_indicator, planned = unmatched_plans(con, {r.org_key for r in result} if result else None, org)
    except (DataError, RulesError) as exc:
        _fail(str(exc))
    what = ", ".join(codes) if codes else "any OIT item"

    def scope(whose: str) -> str:
        return f"in ITA {year}" if year else f"in {whose} latest assessment"

    if result:
        _print_audit(result, f"Organisations lacking {what} {scope('their')}")
    if codes:
        _print_meanings(
            item_meanings(codes, [r.assessment_year for r in result] or ([year] if year else []), rules)
        )
    _print_judged(result, can, cannot, what, org, scope("its"))
    if no_indicator:
        whose = "these organisations'" if result else "the"
        console.print(
            f"[yellow]{no_indicator} of {whose} {_n(planned, 'planned measure')} have no indicator[/yellow] "
            "(the matcher was not sure, or they serve none: measures.match_note says which); an item shown "
            "as not addressed may be addressed by one of them"
        )
    for path, kind in ((csv, "csv"), (xlsx, "xlsx")):
        if path is not None:
            _export(audit_records(result), path, kind)


def _print_meanings(meanings: dict[str, list[tuple[int, str, str]]]) -> None:
    """Each item asked, per assessment year shown: its code and name that year (codes are
    renumbered between years: o9 is the annual report in 2567 and the service manual in 2568)."""
    for asked, per_year in meanings.items():
        said = "; ".join(f"{y} {code} {escape(_short(name, 60))}" for y, code, name in per_year)
        console.print(f"[dim]{escape(asked)}: {said}[/dim]")


def _print_judged(result, can: int, cannot, what: str, org: str | None, scope: str) -> None:
    """What the audit could and could not judge: never an all-clear drawn from missing data."""
    matching = f" matching {escape(repr(org))}" if org else ""
    if not can and not cannot:
        console.print(f"no organisation{matching} in the data")
    elif not result and can:
        console.print(
            f"none of the {_n(can, 'organisation')}{matching} with OIT item scores lacks {what} {scope}"
        )
    if cannot:
        names = ", ".join(
            escape(u.org_name or u.org_key) + (f" ({', '.join(map(str, u.years))})" if u.years else "")
            for u in cannot[:12]
        )
        more = f" and {len(cannot) - 12} more" if len(cannot) > 12 else ""
        console.print(
            f"[yellow]cannot judge[/yellow] {_n(len(cannot), 'organisation')}{matching}: no OIT item scores in the "
            f"data ({names}{more}); whether they lack {what} is unknown"
        )


def _print_audit(result, title: str) -> None:
    orgs = {r.org_key for r in result}
    addressed = sum(r.addressed for r in result)
    t = Table(
        title=f"{title}: {_n(len(orgs), 'organisation')}, {_n(len(result), 'item')}, "
        f"{addressed} addressed by a later plan",
        show_lines=False,
        title_justify="left",
    )
    for col, kw in (
        ("organisation", {"min_width": 14}),
        ("year", {"justify": "right"}),
        ("item", {"min_width": 10}),
        ("score", {"justify": "right"}),
        ("status", {}),
        ("addressed", {}),
        ("later plan measure", {"ratio": 1}),
    ):
        t.add_column(col, overflow="fold", **kw)  # Thai has no spaces to wrap at: fold long words
    previous = None
    for r in result:
        if previous is not None and r.org_key != previous:
            t.add_section()
        place = escape(f"{r.district or ''} {r.province or ''}")
        who = "" if r.org_key == previous else f"{escape(r.org_name or '')}\n[dim]{place}[/dim]"
        previous = r.org_key
        status = "[red]missing[/red]" if r.status == "missing" else "[yellow]partial[/yellow]"
        if r.measures:
            m = r.measures[0]
            more = f" [dim](+{len(r.measures) - 1} more)[/dim]" if len(r.measures) > 1 else ""
            where = escape(f"FY {m.get('fiscal_year') or '?'}, {m.get('source_file')} p.{m.get('page')}")
            measure = f"{_short(m['text'], 90)} [dim]({where})[/dim]{more}"
        else:
            measure = "[dim]none[/dim]"
        t.add_row(
            who,
            str(r.assessment_year),
            f"{r.item_code} [dim]{_short(r.item_name or '', 40)}[/dim]",
            f"{r.score:g}",
            status,
            "[green]yes[/green]" if r.addressed else "[red]no[/red]",
            measure,
        )
    _out().print(t)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _short(text: str, n: int) -> str:
    text = " ".join((text or "").split())
    return escape(text if len(text) <= n else text[: n - 1] + "…")


def _export(records: list[dict], path: Path, kind: str) -> None:
    from .adapters.spreadsheet import write_records

    try:
        n = write_records(records, path, kind)
    except OSError as exc:
        _fail(f"cannot write {path}: {exc}")
    console.print(f"wrote {n} rows to {escape(str(path))}")


@app.command()
def report(
    data: Path = DATA,
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="the HTML file to write"),
) -> None:
    """One self-contained HTML report (no network needed to view it): the corpus, and per
    organisation its scores, OIT items, plans vs outcomes and measures."""
    from .adapters.sql import DataError
    from .rules import load_rules
    from .runner.publish import write_text_atomic
    from .views.report import render_report, report_data

    try:
        data_ = report_data(_connect(data), load_rules())
    except (DataError, RulesError) as exc:
        _fail(str(exc))
    html = render_report(data_)
    try:
        write_text_atomic(out, html)
    except OSError as exc:
        _fail(f"cannot write {out}: {exc}")
    console.print(
        f"wrote {escape(str(out))} ({len(data_['orgs'])} organisations, {data_['overview']['documents']} documents, "
        f"{len(html.encode()) // 1024} KB)"
    )


@app.command()
def query(
    sql: str = typer.Argument(..., help="SQL over the views " + ", ".join(ds.name for ds in ALL)),
    data: Path = DATA,
    csv: bool = typer.Option(False, "--csv", help="print every row as CSV (lists as JSON arrays)"),
    json_lines: bool = typer.Option(False, "--json", help="print every row as JSON, one object per line"),
    parquet: Path | None = typer.Option(
        None, "--parquet", metavar="FILE", help="write every row to this Parquet file"
    ),
    limit: int = typer.Option(100, "--limit", help="rows shown in the table"),
) -> None:
    """Run SQL (DuckDB) over the datasets, e.g.
    ita query "select org_name, count(*) from measures group by 1".

    A table on the terminal (the first --limit rows), or every row with --csv, --json or
    --parquet FILE. Exit status: 0 done, 2 a mistake in the query or the data folder."""
    from .adapters.sql import DataError
    from .adapters.sql import query as run_query

    if sum([csv, json_lines, parquet is not None]) > 1:
        _fail("give one of --csv, --json, --parquet")
    try:
        result = run_query(_connect(data), sql)
    except DataError as exc:
        _fail(str(exc))
    if csv or json_lines:
        from .adapters.parquet import write_csv, write_json_lines

        if result.num_columns:
            (write_csv if csv else write_json_lines)(result, sys.stdout.buffer)
            sys.stdout.flush()
        return
    if parquet is not None:
        _write_result(result, parquet)
        return
    if not result.num_columns:
        console.print("done (the statement returns no rows)")
        return
    _print_result(result, limit)


def _write_result(result, path: Path) -> None:  # type: ignore[no-untyped-def]
    from .adapters.parquet import write_parquet
    from .runner.publish import replace_atomic

    try:
        replace_atomic(path, lambda tmp: write_parquet(result, tmp))
    except OSError as exc:
        _fail(f"cannot write {path}: {exc}")
    console.print(f"wrote {result.num_rows} rows to {escape(str(path))}")


def _print_result(result, limit: int) -> None:  # type: ignore[no-untyped-def]
    from .adapters.parquet import is_numeric

    t = Table(show_lines=False)
    for name in result.column_names:
        t.add_column(name, justify="right" if is_numeric(result, name) else "left")
    for row in result.slice(0, limit).to_pylist():
        t.add_row(*(_show(v, name) for name, v in row.items()))
    _out().print(t)
    shown = min(limit, result.num_rows)
    _out().print(
        f"{_n(result.num_rows, 'row')}"
        + (f" ({shown} shown; --limit, or --csv/--json/--parquet for all)" if shown < result.num_rows else "")
    )


#: integer columns shown without thousands separators (years, codes, page and row numbers)
_PLAIN_INTS = ("year", "page", "seq", "_no", "code", "number", "pages", "id")


def _show(v, column: str = "") -> str:  # type: ignore[no-untyped-def]
    """A value as people read it: numbers as numbers (thousands separators for amounts, the
    decimals they have), lists as JSON, null dimmed."""
    import decimal
    import json

    if v is None:
        return "[dim]null[/dim]"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, decimal.Decimal)):
        plain = any(k in column.lower() for k in _PLAIN_INTS)
        d = decimal.Decimal(repr(v)) if isinstance(v, float) else decimal.Decimal(v)
        if not d.is_finite():
            return str(v)
        if d == d.to_integral_value():
            return str(int(d)) if plain else f"{int(d):,}"
        return f"{d.normalize():,f}"
    if isinstance(v, (list, tuple, dict)):
        return escape(json.dumps(v, ensure_ascii=False, default=str))
    return escape(str(v))


@app.command()
def dictionary(out: Path | None = typer.Option(None, "--out", help="write here instead of printing")) -> None:
    """The data dictionary (every column of every dataset: type, meaning, example) as Markdown."""
    from .runner.publish import write_text_atomic
    from .views.data_dictionary import data_dictionary

    if out is None:
        print(data_dictionary())
    else:
        write_text_atomic(out, data_dictionary())
        console.print(f"wrote {escape(str(out))}")


@app.command()
def version() -> None:
    """Print the pipeline version."""
    print(__version__)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""Command line: ``ita extract``. Thin: parses options, calls ``pipeline.run``, prints."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .rules import RulesError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Thai ITA documents (PDF) to Parquet datasets.")
console = Console(stderr=True)


def _fail(message: str, code: int = 2) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


@app.command()
def extract(
    raw: Path = typer.Argument(Path("data/raw"), help="folder of PDFs (searched recursively)"),
    out: Path = typer.Option(Path("data/processed"), "--out", "-o", help="output folder for the Parquet datasets"),
    workers: int = typer.Option(0, "--workers", "-w", help="parallel worker processes (0 = all cores)"),
    ocr: bool = typer.Option(True, "--ocr/--no-ocr", help="OCR scanned pages and broken text layers"),
    strict: bool = typer.Option(False, "--strict", help="exit 1 when any document is partial or failed"),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Extract every PDF under RAW into the datasets of CONTRACT.md in OUT."""
    from .run import run_extract

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")
    if not raw.is_dir():
        _fail(f"input folder not found: {raw}")
    try:
        summary = run_extract(raw, out, workers=workers or os.cpu_count() or 1, ocr=ocr,
                              progress=lambda r: console.print(f"  {r.status:<7} {r.source_file} ({r.pages} pages)") if verbose else None)
    except RulesError as exc:
        _fail(str(exc))
    if summary.problems:
        t = Table(title="documents that need attention", show_lines=False)
        for col in ("file", "status", "reason"):
            t.add_column(col)
        for f, st, why in summary.problems:
            t.add_row(f, st, why)
        console.print(t)
    console.print(
        f"{summary.documents} documents: [green]{summary.ok} ok[/green], [yellow]{summary.partial} partial[/yellow], "
        f"[red]{summary.error} error[/red]; {summary.pages} pages in {summary.seconds:.1f} s "
        f"({summary.pages_per_second:.1f} pages/s; {summary.ocr_pages} pages OCR'd, {summary.ocr_cached} from cache) -> {out}"
    )
    if strict and (summary.partial or summary.error):
        raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print the pipeline version."""
    print(__version__)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

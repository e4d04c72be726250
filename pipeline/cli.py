"""Command line: ``ita extract``. Thin: parses options, calls ``pipeline.run``, prints."""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Optional

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
    workers: Optional[int] = typer.Option(None, "--workers", "-w", show_default="all cores",
                                          help="local worker processes (0 = everything in this process)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                            help="run the tasks on a Dask cluster, e.g. tcp://10.0.0.5:8786"),
    full: bool = typer.Option(False, "--full", help="reprocess every PDF, not only new and changed ones"),
    timeout: float = typer.Option(600.0, "--timeout", help="seconds one document may take before it becomes an error row"),
    ocr: bool = typer.Option(True, "--ocr/--no-ocr", help="OCR scanned pages and broken text layers"),
    strict: bool = typer.Option(False, "--strict", help="exit 1 when any document is partial or failed"),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Extract every PDF under RAW into the datasets of CONTRACT.md in OUT.

    Incremental: only new and changed PDFs are read; unchanged ones keep their rows. Exit status:
    0 done, 1 some documents partial/error (with --strict), 2 could not run.
    """
    from .lock import LockedError
    from .run import run_extract

    logging.basicConfig(level=logging.INFO if verbose or not sys.stderr.isatty() else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S")
    if not raw.is_dir():
        _fail(f"input folder not found: {raw}")
    on_document = (lambda r: console.print(f"  {r.status:<7} {r.source_file} ({r.pages} pages)")) if verbose else None
    try:
        summary = run_extract(raw, out, workers=workers, ocr=ocr, full=full, scheduler=scheduler,
                              doc_timeout=timeout, progress=True, on_document=on_document)
    except (RulesError, LockedError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write to {out}: {exc}")
    _print_summary(summary, out)
    if strict and (summary.partial or summary.error):
        raise typer.Exit(1)


def _print_summary(summary, out: Path) -> None:
    if summary.problems:
        t = Table(title="documents that need attention", show_lines=False)
        for col in ("file", "status", "reason"):
            t.add_column(col)
        for f, st, why in summary.problems:
            t.add_row(f, st, why)
        console.print(t)
    for dup, first in summary.duplicates:
        console.print(f"[yellow]skipped[/yellow] {dup}: same file as {first}")
    counts = (f"{summary.documents} documents: [green]{summary.ok} ok[/green], "
              f"[yellow]{summary.partial} partial[/yellow], [red]{summary.error} error[/red]")
    if summary.mode == "unchanged":
        console.print(f"{counts}; nothing changed, datasets left as they were ({summary.seconds:.1f} s) -> {out}")
        return
    console.print(
        f"{counts}; {summary.processed} processed, {summary.reused} reused, {summary.removed} removed "
        f"({summary.mode}); {summary.pages} pages in {summary.seconds:.1f} s ({summary.pages_per_second:.1f} pages/s; "
        f"{summary.ocr_pages} pages OCR'd, {summary.ocr_cached} from cache; {summary.executor}) -> {out}"
    )


@app.command()
def version() -> None:
    """Print the pipeline version."""
    print(__version__)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

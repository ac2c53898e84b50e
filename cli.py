"""The `evidence` command line.

Each command parses its options, calls one function of the `evidence` package,
formats the result and maps `EvidenceError` to an exit code. Data goes to
stdout; progress and errors go to stderr, so output pipes cleanly.

Exit codes: 0 success; 1 an error stopped the command; 2 bad usage;
3 the command finished but some inputs failed; 4 the database could not be used.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from evidence.errors import EvidenceError
from evidence.settings import from_env

EXIT_PARTIAL = 3

app = typer.Typer(
    name="evidence",
    help="Extract checkable claims from medical documents, trace them to studies, flag distortions.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)

DbOption = Annotated[
    str,
    typer.Option("--db", envvar="EVIDENCE_DB",
                 help="SQLite file or SQLAlchemy URL (postgresql+psycopg://...)."),
]


def _err(line: str) -> None:
    typer.echo(line, err=True)


def _fail(exc: EvidenceError) -> typer.Exit:
    _err(f"error: {exc.one_line()}")
    return typer.Exit(exc.exit_code)


def _open_store(db: str):  # type: ignore[no-untyped-def]
    from evidence.store import Store

    return Store.open(db)


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive) and http(s) URLs.",
                                                show_default=False)],
    db: DbOption = "evidence.db",
    allow_private: Annotated[bool, typer.Option(
        "--allow-private", help="Allow fetching from private, loopback and link-local addresses.")] = False,
    no_robots: Annotated[bool, typer.Option(
        "--ignore-robots", help="Do not obey robots.txt (only for sites you own).")] = False,
    max_bytes: Annotated[int, typer.Option(help="Largest response body to accept, in bytes.")] = 10 * 1024 * 1024,
    timeout: Annotated[float, typer.Option(help="Total deadline per URL, in seconds.")] = 60.0,
    delay: Annotated[float, typer.Option(help="Seconds between requests to one host.")] = 1.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> None:
    """Ingest documents: store their text and metadata, extract and assess their claims."""
    from evidence.ingest import IngestOptions
    from evidence.ingest import ingest as run_ingest

    settings = from_env()
    fetch = replace(settings.fetch, allow_private=allow_private, obey_robots=not no_robots,
                    max_bytes=max_bytes, deadline=timeout, delay=delay)
    try:
        with _open_store(db) as store:
            report = run_ingest(inputs, store, IngestOptions(fetch=fetch),
                                progress=None if quiet else _progress_printer())
    except EvidenceError as exc:
        raise _fail(exc) from None
    for o in report.outcomes:
        if o.status == "failed":
            continue
        extra = f"v{o.version}" + (f", {o.claims} claims" if o.status != "unchanged" else "")
        typer.echo(f"{o.status:9} {o.input} ({o.kind}, {extra})")
        for note in o.notes:
            typer.echo(f"          note: {note}")
    c = report.counts
    typer.echo(f"{c.get('sources', 0)} sources, {c.get('claims', 0)} claims, "
               f"{c.get('studies', 0)} studies, {c.get('flags', 0)} flags in {db}")
    for title, counts in (("classes", report.breakdown.get("classes", {})),
                          ("flags", report.breakdown.get("flags", {}))):
        if counts:
            typer.echo(f"{title}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if report.failed:
        _err(f"{len(report.failed)} of {len(report.outcomes)} inputs failed")
        raise typer.Exit(EXIT_PARTIAL)


def _progress_printer():  # type: ignore[no-untyped-def]
    def show(status: str, outcome) -> None:  # type: ignore[no-untyped-def]
        if status == "failed" and outcome is not None:
            _err(f"error: {outcome.error.one_line()}")
        elif status == "assessing":
            _err("assessing: tracing claims to studies and checking them ...")
        elif outcome is not None and sys.stderr.isatty():
            _err(f"{status}: {outcome.input}")

    return show


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


@app.command()
def export(
    db: DbOption = "evidence.db",
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="json, jsonl or csv.")] = ExportFormat.json,
) -> None:
    """Print the evidence base (sources, studies, claims, links) per the export contract."""
    from evidence.export import build_export, to_csv, to_json, to_jsonl

    try:
        with _open_store(db) as store:
            data = build_export(store.snapshot())
    except EvidenceError as exc:
        raise _fail(exc) from None
    if format is ExportFormat.json:
        typer.echo(to_json(data))
    elif format is ExportFormat.jsonl:
        for line in to_jsonl(data):
            typer.echo(line)
    else:
        sys.stdout.write(to_csv(data))


@app.command()
def report(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the static site into.")],
    db: DbOption = "evidence.db",
    templates: Annotated[Path | None, typer.Option(
        "--templates", help="Folder of templates tried before the shipped ones.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Render the evidence base as a static site that opens from file:// with no network."""
    from evidence.export import build_export
    from evidence.report import build_report

    try:
        with _open_store(db) as store:
            data = build_export(store.snapshot())
        result = build_report(data, out_dir, templates=templates, progress=not quiet)
    except EvidenceError as exc:
        raise _fail(exc) from None
    typer.echo(f"{result.pages} pages written to {out_dir}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""The static evidence report: the evidence base as pages that open from `file://`.

`build_report` turns the export dict into typed page contexts (`context`),
renders them with autoescaping jinja2 templates (`render`) and writes them
with `claims.json` and `claims.csv`, the export contract's own files.
`build_report_from_store` (what `evidence report` runs) writes the same
files from the store a few documents at a time (`stream`), so its memory
does not grow with the base. The output depends on the data only, so two
builds from one database are byte-identical, whichever way they are made.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidence.export import FORMAT, to_csv, to_json
from evidence.report.context import ReportContext, build_context
from evidence.report.render import (
    ASSETS,
    ReportError,
    check_templates,
    make_env,
    prepare,
    remove_stale,
    write_assets,
    write_site,
)

if TYPE_CHECKING:
    from rich.progress import Progress

    from evidence.store import Store

__all__ = ["ReportError", "ReportResult", "build_report", "build_report_from_store"]


@dataclass(frozen=True)
class ReportResult:
    pages: int
    files: int
    out_dir: Path


def _progress_bar(total: int) -> tuple[Progress, Callable[[str], None]]:
    """A rich progress bar on stderr, so stdout stays for the summary line. Imported here:
    builds without progress never load rich."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.progress import TimeRemainingColumn as Remaining

    bar = Progress(TextColumn("writing pages"), BarColumn(), MofNCompleteColumn(),
                   Remaining(), console=Console(stderr=True), transient=False)
    task = bar.add_task("pages", total=total)
    return bar, lambda _path: bar.advance(task)


def build_report(data: dict[str, Any], out_dir: Path, *, templates: Path | None = None,
                 progress: bool = True) -> ReportResult:
    """Write the report of `data` (from `evidence.export.build_export`) into `out_dir`.

    `templates` is a folder searched before the shipped templates. Raises `ReportError`
    for an unwritable folder or a broken template, before any page is written."""
    if data.get("format") != FORMAT:
        raise ReportError(f"expected export format {FORMAT}, got {data.get('format')!r}",
                          hint="build the data with evidence.export.build_export")
    out_dir = Path(out_dir)
    env = make_env(Path(templates) if templates is not None else None)
    check_templates(env)
    ctx: ReportContext = build_context(data)
    prepare(out_dir)
    extra = [("claims.json", lambda: to_json(data) + "\n"), ("claims.csv", lambda: to_csv(data))]
    total = len(ctx.pages())
    bar, step = _progress_bar(total) if progress else (None, lambda _p: None)
    with bar if bar is not None else nullcontext():
        pages = write_site(env, ctx, out_dir, extra, step)
    return ReportResult(pages=pages, files=pages + len(extra) + len(ASSETS), out_dir=out_dir)


def build_report_from_store(store: Store, out_dir: Path, *, templates: Path | None = None,
                            progress: bool = True) -> ReportResult:
    """Write the report of the store's latest documents into `out_dir`, page by page: the
    same files as `build_report(build_export(store.snapshot()), ...)` in memory that stays
    flat as the base grows. Raises `ReportError` as `build_report` does."""
    from evidence.report.stream import stream_site
    from evidence.store.report_rows import report_rows

    out_dir = Path(out_dir)
    env = make_env(Path(templates) if templates is not None else None)
    check_templates(env)
    prepare(out_dir)
    with report_rows(store) as rows:
        n_sources, n_studies = rows.counts()
        bar, step = _progress_bar(3 + n_sources + n_studies) if progress \
            else (None, lambda _p: None)
        with bar if bar is not None else nullcontext():
            write_assets(env, out_dir)
            pages, written = stream_site(env, rows, out_dir, step)
    remove_stale(out_dir, written)
    return ReportResult(pages=pages, files=pages + 2 + len(ASSETS), out_dir=out_dir)

"""The `evidence` command line.

Each command parses its options, calls one function of the `evidence` package,
formats the result and maps `EvidenceError` to an exit code. Data goes to
stdout; progress and errors go to stderr, so output pipes cleanly.

Exit codes: 0 success (for `check`: supported); 1 `check`: contradicted,
misquoted or unsupported; 2 `check`: no_evidence; 3 the command finished but
some inputs failed; 4 the database could not be used; 5 another error stopped
the command; 64 bad usage (an unknown option or value, two output formats, an
id not in the base).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from evidence.errors import EvidenceError
from evidence.settings import from_env

EXIT_PARTIAL = 3
EXIT_INTERRUPTED = 130  # as shells report Ctrl-C

app = typer.Typer(
    name="evidence",
    help="Extract checkable claims from medical documents, trace them to studies, flag distortions.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: no "<bool>" type beside a flag
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"evidence {version('evidence')}")
        except PackageNotFoundError:
            typer.echo("evidence (not installed)")
        raise typer.Exit(0)


@app.callback()
def _main(version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", callback=_version,
        is_eager=True)] = False) -> None:
    """Extract checkable claims from medical documents, trace them to studies, flag distortions."""

DbOption = Annotated[
    str,
    typer.Option("--db", envvar="EVIDENCE_DB",
                 help="SQLite file or SQLAlchemy URL (postgresql+psycopg://...)."),
]


def _err(line: str) -> None:
    typer.echo(line, err=True)


def _fail(exc: EvidenceError) -> typer.Exit:
    from evidence.errors import NotFound

    _err(f"error: {exc.one_line()}")
    return typer.Exit(64 if isinstance(exc, NotFound) else exc.exit_code)  # an unknown id


def _open_store(db: str, *, create: bool = False, finish: bool = True):  # type: ignore[no-untyped-def]
    """Open the database. Only `ingest` creates one; the other commands refuse a path that
    does not exist, and first finish an assessment an interrupted ingest left undone
    (unless `finish` is off: `reassess` assesses everything anyway)."""
    from evidence.store import Store

    store = Store.open(db, create=create)
    if not create and finish:
        try:
            if store.needs_assessment():
                from evidence.ingest import finish_assessment  # only then: it loads slowly

                _err("note: finishing the assessment an interrupted ingest left undone ...")
                finish_assessment(store)
        except BaseException:
            store.close()
            raise
    return store


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(
        help="Files (.txt, .md, .html, .xml JATS, .pdf), folders (recursive), http(s) URLs, and "
             "identifiers: doi:10.xxxx/..., pmid:N, pmcid:PMCN, nct:NCT01234567 (a bare "
             "10.xxxx/... or NCT01234567 too).",
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
    url: Annotated[str | None, typer.Option(
        "--url", help="The address a single saved file came from (kind and metadata use it).",
        show_default=False)] = None,
) -> None:
    """Ingest documents: store their text and metadata, extract and assess their claims."""
    from evidence.ingest import IngestOptions, is_url
    from evidence.ingest import ingest as run_ingest

    if url is not None and (len(inputs) != 1 or is_url(inputs[0]) or Path(inputs[0]).is_dir()
                            or not is_url(url)):
        _err("error: --url: give one saved file and the http(s) address it came from "
             "(for many files, put a NAME.url file beside each)")
        raise typer.Exit(64)

    settings = from_env()
    fetch = replace(settings.fetch, allow_private=allow_private, obey_robots=not no_robots,
                    max_bytes=max_bytes, deadline=timeout, delay=delay)
    try:
        with _open_store(db, create=True) as store, _ingest_bar(inputs, quiet) as bar:
            options = IngestOptions(fetch=fetch, url=url, pdf=settings.pdf, apis=settings.apis)
            report = run_ingest(inputs, store, options,
                                progress=_progress_printer(quiet, bar))
    except EvidenceError as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt:
        _err("interrupted: every document stored so far is kept whole; the next command "
             "finishes their assessment")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    for o in report.outcomes:
        if o.status == "failed":
            continue
        if o.status == "same":
            typer.echo(f"{o.status:9} {o.input} (the same bytes as source {o.source_id}; "
                       "location recorded)")
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


def _progress_printer(quiet: bool, bar=None):  # type: ignore[no-untyped-def]
    """Errors always reach stderr at once; progress is a bar on a terminal (not with --quiet)
    and nothing when piped. Each document's line is printed once, on stdout, after the run."""

    def say(line: str) -> None:  # above the bar while it runs
        if bar is not None:
            bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            _err(line)

    def show(status: str, outcome) -> None:  # type: ignore[no-untyped-def]
        if status == "failed" and outcome is not None:
            say(f"error: {outcome.error.one_line()}")
        if bar is not None:
            if status == "assessing":
                bar.update(bar.task_ids[0], description="assessing")
            elif outcome is not None:
                bar.advance(bar.task_ids[0])

    return show


def _ingest_bar(inputs: list[str], quiet: bool):  # type: ignore[no-untyped-def]
    """A rich progress bar on stderr, only on a terminal and without --quiet."""
    from contextlib import nullcontext

    if quiet or not sys.stderr.isatty():
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from evidence.ingest import expand_inputs

    total = sum(1 for _ in expand_inputs(inputs))
    console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   console=console, transient=True)
    bar.add_task("ingesting", total=total)
    return bar


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


@app.command()
def reassess(db: DbOption = "evidence.db") -> None:
    """Assess every claim of every latest document again, in one full pass."""
    from evidence.ingest import reassess as run_reassess

    try:
        with _open_store(db, finish=False) as store:
            claims = run_reassess(store, whole=True)
            counts = store.counts()
    except EvidenceError as exc:
        raise _fail(exc) from None
    typer.echo(f"reassessed {claims} claims of {counts.get('sources', 0)} sources in {db}")


@app.command()
def export(
    db: DbOption = "evidence.db",
    format: Annotated[ExportFormat | None, typer.Option(
        "--format", "-f", help="json, jsonl or csv (the same as --json, --jsonl, --csv).",
        show_default=False)] = None,
    json_: Annotated[bool, typer.Option("--json", help="One JSON object (the default).")] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One record per line, tagged with its "
                                                        "type.")] = False,
    csv_: Annotated[bool, typer.Option("--csv", help="One row per claim.")] = False,
) -> None:
    """Print the evidence base (sources, studies, claims, links) per the export contract."""
    from evidence.export import build_export, to_csv, to_json, to_jsonl
    from evidence.output import Format

    fmt = _format(json_, jsonl, csv_, format.value if format else None)
    try:
        with _open_store(db) as store:
            data = build_export(store.snapshot())
    except EvidenceError as exc:
        raise _fail(exc) from None
    if fmt is Format.jsonl:
        for line in to_jsonl(data):
            typer.echo(line)
    elif fmt is Format.csv:
        sys.stdout.write(to_csv(data))
    else:
        typer.echo(to_json(data))


@app.command()
def report(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the static site into.")],
    db: DbOption = "evidence.db",
    templates: Annotated[Path | None, typer.Option(
        "--templates", help="Folder of templates tried before the shipped ones.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Render the evidence base as a static site that opens from file:// with no network."""
    from evidence.report import build_report_from_store

    try:
        with _open_store(db) as store:
            result = build_report_from_store(store, out_dir, templates=templates,
                                             progress=not quiet)
    except EvidenceError as exc:
        raise _fail(exc) from None
    typer.echo(f"{result.pages} pages written to {out_dir}")


# --- listings, show, query, check, review --------------------------------------------------

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
JsonlOpt = Annotated[bool, typer.Option("--jsonl", help="Print one JSON object per line.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV with a header row.")]
ClassOpt = Annotated[str | None, typer.Option(
    "--class", help="Only this evidence class (randomized, non_randomized, review, preclinical, "
                    "attributed, expert_opinion, unverified, regulatory).", show_default=False)]
KindOpt = Annotated[str | None, typer.Option(
    "--kind", help="Only this claim kind (efficacy, safety, recovery, protocol, study_design, "
                   "mechanism, regulatory, other).", show_default=False)]
SourceOpt = Annotated[str | None, typer.Option(
    "--source", help="Only this source (id, or part of its location).", show_default=False)]
FlagOpt = Annotated[str | None, typer.Option(
    "--flag", help="Only claims with this flag code (see README: Flags).", show_default=False)]
UnreviewedOpt = Annotated[bool, typer.Option(
    "--unreviewed", help="Only claims without a standing editor decision.")]
StudyOpt = Annotated[int | None, typer.Option("--study", help="Only claims behind this study id.",
                                              show_default=False)]
CLAIM_COLUMNS = ["id", "evidence_class", "kind", "flags", "review", "location", "text"]
WIDTHS = {"text": 70, "location": 34, "title": 50, "flags": 34}


def _filter(cls: str | None, kind: str | None, source: str | None, flag: str | None,
            unreviewed: bool, study: int | None):  # type: ignore[no-untyped-def]
    """The shared claim filter, its enumerated values checked against their choices."""
    from evidence.flag_codes import FLAG_SEVERITY
    from evidence.output import validate
    from evidence.store.listings import ClaimFilter
    from evidence.vocabulary import CLAIM_KINDS, EVIDENCE_CLASSES

    try:
        validate("--class", cls, EVIDENCE_CLASSES)
        validate("--kind", kind, CLAIM_KINDS)
        validate("--flag", flag, sorted(FLAG_SEVERITY))
    except EvidenceError as exc:
        raise _fail(exc) from None
    return ClaimFilter(evidence_class=cls, kind=kind, source=source, flag=flag,
                       unreviewed=unreviewed, study=study)


def _format(json_: bool, jsonl: bool, csv_: bool, fmt: str | None = None):  # type: ignore[no-untyped-def]
    from evidence.output import choose

    try:
        return choose(json_, jsonl, csv_, fmt)
    except EvidenceError as exc:
        raise _fail(exc) from None


@contextmanager
def _reading(db: str):  # type: ignore[no-untyped-def]
    """A read-only view of the base: a ready SQLite file is read directly (fast start);
    anything else goes through the Store, which migrates or finishes an assessment first."""
    from evidence.store.reader import close, of_store, open_fast

    fast = open_fast(db)
    if fast is not None:
        try:
            yield fast
        finally:
            close(fast)
        return
    with _open_store(db) as store, of_store(store) as reader:
        yield reader


def _listing(db: str, fetch, columns: list[str], json_: bool, jsonl: bool, csv_: bool) -> None:  # type: ignore[no-untyped-def]
    """Rows go out as they are read, so the first line does not wait for the last."""
    from evidence.output import emit, shown_rows

    fmt = _format(json_, jsonl, csv_)
    try:
        with _reading(db) as reader:
            emit(shown_rows(fetch(reader), fmt), fmt, columns, widths=WIDTHS)
    except EvidenceError as exc:
        raise _fail(exc) from None


@app.command()
def sources(db: DbOption = "evidence.db", json_: JsonOpt = False, jsonl: JsonlOpt = False,
            csv_: CsvOpt = False) -> None:
    """List ingested documents (latest versions) with their kind and claim counts."""
    from evidence.store.listings import iter_sources

    _listing(db, iter_sources, ["id", "kind", "version", "claims", "flagged_claims", "published",
                                "location", "title"], json_, jsonl, csv_)


@app.command()
def claims(db: DbOption = "evidence.db", cls: ClassOpt = None, kind: KindOpt = None,
           source: SourceOpt = None, flag: FlagOpt = None, unreviewed: UnreviewedOpt = False,
           study: StudyOpt = None, json_: JsonOpt = False, jsonl: JsonlOpt = False,
           csv_: CsvOpt = False) -> None:
    """List claims, filtered by class, kind, source, flag, review state or study."""
    from evidence.store.listings import iter_claims

    f = _filter(cls, kind, source, flag, unreviewed, study)
    _listing(db, lambda r: iter_claims(r, f), CLAIM_COLUMNS, json_, jsonl, csv_)


@app.command()
def studies(db: DbOption = "evidence.db", json_: JsonOpt = False, jsonl: JsonlOpt = False,
            csv_: CsvOpt = False) -> None:
    """List studies: design, n, arms, and how many claims elsewhere trace to each."""
    from evidence.store.listings import iter_studies

    _listing(db, iter_studies, ["id", "own", "design", "randomized", "within_subject",
                                "participants", "arms", "duration", "traced_to", "traced_claims",
                                "location"], json_, jsonl, csv_)


@app.command()
def show(claim_id: Annotated[int, typer.Argument(help="Claim id (see `evidence claims`).")],
         db: DbOption = "evidence.db",
         json_: Annotated[bool, typer.Option("--json", help="Print the claim as one JSON object.")]
         = False) -> None:
    """Show one claim in context: numbers, class and reason, study, links, flags, reviews."""
    from evidence.output import use_color
    from evidence.store.queries import claim_detail

    try:
        with _open_store(db) as store:
            d = claim_detail(store, claim_id)
    except EvidenceError as exc:
        raise _fail(exc) from None
    if json_:
        import json

        typer.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    from evidence.render_text import claim_card

    typer.echo(claim_card(d, color=use_color(sys.stdout)))


@app.command()
def query(text: Annotated[str, typer.Argument(help="Words to search claims for.")],
          db: DbOption = "evidence.db", cls: ClassOpt = None, kind: KindOpt = None,
          source: SourceOpt = None, flag: FlagOpt = None, unreviewed: UnreviewedOpt = False,
          study: StudyOpt = None, limit: Annotated[int, typer.Option(help="Most results.")] = 50,
          any_polarity: Annotated[bool, typer.Option(
              "--any-polarity", help="Also show claims that deny what the query asserts.")] = False,
          rank_all: Annotated[bool, typer.Option(
              "--rank-all", help="Rank every hit, however many (slower on a large base).")
          ] = False,
          json_: JsonOpt = False, jsonl: JsonlOpt = False, csv_: CsvOpt = False) -> None:
    """Full-text search over claims, grouped by evidence class (randomized first).

    Claims of the other polarity ("does not reduce" for "reduces") and those past --limit
    are left out; stderr says how many. In a class with very many hits only the most
    recently stored are ranked, so that a query takes about the same time on any base;
    stderr names such classes, and --rank-all ranks them whole."""
    from evidence.output import emit, hidden_note, shown_rows
    from evidence.store.listings import RANK_WINDOW, search_hits

    fmt = _format(json_, jsonl, csv_)
    f = _filter(cls, kind, source, flag, unreviewed, study)
    try:
        with _reading(db) as reader:
            hits = search_hits(reader, text, f, limit=limit, any_polarity=any_polarity,
                               rank_all=rank_all)
    except EvidenceError as exc:
        raise _fail(exc) from None
    emit(shown_rows(hits.rows, fmt), fmt, ["evidence_class", "id", "kind", "polarity", "flags",
                                           "location", "text"], widths=WIDTHS)
    for note in (hidden_note(hits.other_polarity, "of the opposite polarity to the query",
                             "--any-polarity"),
                 hidden_note(hits.past_limit, f"past --limit {limit}", "a larger --limit")):
        if note:
            _err(note)
    if hits.bounded:
        left = f"{hits.unranked} rows left out: " if hits.unranked else ""
        _err(f"note: {left}only the {RANK_WINDOW:,} most recent hits of "
             f"{', '.join(hits.bounded)} were ranked (try: more words, a filter, or --rank-all)")


@app.command()
def check(statement: Annotated[str, typer.Argument(help="A statement to check, in quotes.")],
          db: DbOption = "evidence.db", json_: JsonOpt = False) -> None:
    """Check a statement against the evidence base; the exit code carries the verdict.

    The statement is read into treatments, outcome, population, numbers and direction
    (and regulatory status, asked separately). Verdicts: supported (exit 0);
    contradicted, misquoted or unsupported (exit 1); no_evidence (exit 2).
    """
    from evidence.check import check as run_check

    try:
        with _open_store(db) as store:
            v = run_check(store, statement)
    except EvidenceError as exc:
        raise _fail(exc) from None
    if json_:
        import json

        typer.echo(json.dumps(v.to_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(f"{v.verdict}: {v.summary}")
        for r in v.reasons:
            typer.echo(f"  {r}")
        rest = [c["id"] for c in v.contradicting] if v.verdict == "supported" else []
        if rest:
            typer.echo(f"  but {len(rest)} claim(s) disagree: "
                       + ", ".join(f"#{i}" for i in rest[:10]))
    raise typer.Exit(v.exit_code)


@app.command()
def review(
    claim_id: Annotated[int | None, typer.Argument(
        help="Claim to decide on; without it, list the review queue.")] = None,
    decision: Annotated[str | None, typer.Option(
        help="accurate, misleading, false, unsupported or needs_source.")] = None,
    note: Annotated[str, typer.Option(help="Why: shown with the decision.")] = "",
    editor: Annotated[str | None, typer.Option(
        help="Who decides (default: EVIDENCE_EDITOR, then the OS user).")] = None,
    verify: Annotated[bool, typer.Option(
        "--verify", help="Check the review log's hash chain and that replaying it gives "
                         "the current statuses.")] = False,
    db: DbOption = "evidence.db", json_: JsonOpt = False, jsonl: JsonlOpt = False,
    csv_: CsvOpt = False,
) -> None:
    """List flagged claims awaiting a decision, or record an editor's decision on one."""
    from evidence.store.queries import record_review, review_queue

    if verify:
        _verify_reviews(db)
        return
    if claim_id is None:
        _listing(db, review_queue, ["id", "severity", "flags", "evidence_class", "reopened",
                                    "location", "text"], json_, jsonl, csv_)
        return
    if decision is None:
        from evidence.errors import UsageError

        raise _fail(UsageError("a decision is needed to review a claim", input=str(claim_id),
                               hint="add --decision accurate|misleading|false|unsupported|needs_source"))
    try:
        with _open_store(db) as store:
            r = record_review(store, claim_id, decision, note, editor)
    except EvidenceError as exc:
        raise _fail(exc) from None
    from evidence.output import Format, emit

    fmt = _format(json_, jsonl, csv_)
    if fmt is Format.json:  # one decision: one object, as `show --json`
        import json

        typer.echo(json.dumps(r, ensure_ascii=False, indent=2))
        return
    if fmt is not Format.table:
        emit([r], fmt, list(r))
        return
    typer.echo(f"claim {r['claim_id']}: {r['decision']} by {r['editor']} at {r['at']}")


def _verify_reviews(db: str) -> None:
    from evidence.errors import AuditError
    from evidence.store.queries import verify_review_log

    try:
        with _open_store(db) as store:
            check = verify_review_log(store)
    except EvidenceError as exc:
        raise _fail(exc) from None
    if check.problem:
        raise _fail(AuditError(f"review log: {check.problem}", input=db))
    typer.echo(f"review log: {check.entries} entries, hash chain intact; replaying it gives "
               f"the current status of all {check.claims} reviewed claims")


@app.command()
def serve(
    db: DbOption = "evidence.db",
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0: any free port).")] = 8765,
    editor: Annotated[str | None, typer.Option(
        help="Editor named on decisions when the form does not say (default: "
             "EVIDENCE_EDITOR, then the OS user).")] = None,
) -> None:
    """Open the editors' review desk, a local web app on 127.0.0.1; prints its URL with a
    start-up token. Ctrl-C stops it."""
    from evidence.desk import serve as run_desk
    from evidence.store.queries import default_editor

    try:
        with _open_store(db) as store:
            run_desk(store, port=port, editor=default_editor(editor),
                     announce=lambda url: (typer.echo(f"review desk: {url}"),
                                           _err("open the address above; Ctrl-C stops the desk")))
    except EvidenceError as exc:
        raise _fail(exc) from None


def main() -> None:
    """Console entry point: usage errors exit 64 so 1 and 2 stay free for `check` verdicts."""
    try:
        code = app(standalone_mode=False)
    except Exception as exc:  # the CLI framework's own errors carry `show` and `exit_code`
        if not hasattr(exc, "show"):
            raise
        exc.show()
        sys.exit(64 if getattr(exc, "exit_code", 1) == 2 else 5)
    if code is None and sys.exc_info()[0] is None:
        code = 0
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()

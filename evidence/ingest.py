"""Ingest: read or fetch each input, parse, extract, store; then reassess the corpus.

This is the one place the stages are wired together. Each document is its own
unit of work: a bad input is reported in one line and skipped, nothing of it
is stored, and the batch goes on. Unchanged content (same bytes at the same
location) is recognised by its hash before any extraction work is done.

Documents stream through in input order. With enough of them, forked worker
processes (one per core) parse and extract up to LOOKAHEAD documents ahead while
this process stores the earlier ones, each in its own savepoint, so every core
works and memory stays flat however many inputs there are.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing as mp
import multiprocessing.queues
import os
import pickle
import queue
import signal
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from evidence.errors import EvidenceError, ExtractionError, InputError
from evidence.identifiers import identity_key, is_identifier, parse_identifier
from evidence.models import ExtractionResult, RawDocument
from evidence.settings import ApiSettings, FetchSettings, PdfLimits
from evidence.store import Store

DOC_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".xml", ".nxml"}
# A folder's own documentation is not evidence; name such a file explicitly to ingest it.
FOLDER_SKIP = {"readme", "license", "licence", "changelog", "contributing", "notice", "authors"}
# A folder can list, one per line, files a folder ingest leaves out (the same document in
# another format, drafts); `#` starts a comment. Named explicitly, such a file is ingested.
IGNORE_FILE = ".evidenceignore"
LOOKAHEAD = 256  # documents read and extracted ahead of the one being stored
PARALLEL_FROM = 8  # from this many documents on, a worker process extracts them
ASSESS_EVERY = 500  # documents stored between assessment passes, which hold them in memory
# ... or more: as many as the base held assessed times this. Each pass reads the base's
# reference documents and what earlier passes stored of the rest, so passes spaced in
# proportion to the base keep an ingest's total work linear in its documents
ASSESS_GROWTH = 1.0
WORKER_CHECK = 5.0  # seconds between checks that a silent worker is still alive
PARENT_CHECK = 1.0  # seconds between a waiting worker's checks that its parent is alive
MAX_WORKERS = 4  # extraction processes at most, however many cores there are
MAX_FILE_BYTES = 50 * 1024 * 1024  # a local document larger than this is refused


@dataclass(frozen=True)
class IngestOptions:
    fetch: FetchSettings = field(default_factory=FetchSettings)
    url: str | None = None  # the address a single saved file came from (`--url`)
    pdf: PdfLimits = field(default_factory=PdfLimits)
    apis: ApiSettings = field(default_factory=ApiSettings)


@dataclass
class Outcome:
    """What happened to one input."""

    input: str
    status: str  # new | updated | unchanged | same | failed
    source_id: int | None = None
    version: int | None = None
    claims: int = 0
    studies: int = 0
    kind: str | None = None
    error: EvidenceError | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    outcomes: list[Outcome]
    counts: dict[str, int] = field(default_factory=dict)
    breakdown: dict[str, dict[str, int]] = field(default_factory=dict)
    assessed: bool = False

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


Progress = Callable[[str, Outcome | None], None]


def is_url(s: str) -> bool:
    return s.lower().startswith(("http://", "https://")) or "://" in s[:12]


def doc_key(location: str) -> str:
    """Identity of a document across runs: the absolute path, or the URL without its fragment."""
    if is_url(location):
        parts = urlsplit(location.strip())
        return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                           parts.query, ""))
    return "file:" + str(Path(location).expanduser().resolve())


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | Outcome]:
    """Files, folders (recursively, known suffixes only, sorted), URLs and identifiers; a
    failure Outcome for a path that does not exist."""
    for item in inputs:
        if is_url(item) or is_identifier(item):
            yield item
            continue
        p = Path(item).expanduser()
        if p.is_dir():
            ignored = functools.cache(_ignored_names)  # each folder's listing read once
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOC_SUFFIXES
                           and f.stem.lower() not in FOLDER_SKIP
                           and f.name not in ignored(f.parent)
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                yield Outcome(item, "failed", error=InputError(
                    "no .txt, .md, .html, .xml or .pdf documents in this folder", input=item))
            yield from (str(f) for f in found)
        elif p.exists():
            yield item
        else:
            yield Outcome(item, "failed", error=InputError("no such file or folder", input=item))


def _ignored_names(folder: Path) -> frozenset[str]:
    """The names a folder's `.evidenceignore` lists."""
    listing = folder / IGNORE_FILE
    try:
        lines = listing.read_text(encoding="utf-8").splitlines() if listing.is_file() else []
    except OSError:
        return frozenset()
    return frozenset(ln.split("#", 1)[0].strip() for ln in lines)


def read_file(path: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES. A FIFO, a device or a socket
    (even behind a symlink, even named `.txt`) is refused before it is read, as it could
    block forever or never end."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError as exc:
        raise InputError("is a folder", input=path) from exc
    except PermissionError as exc:
        raise InputError("permission denied", input=path,
                         hint="check the file's permissions") from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", input=path) from exc
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError("is a folder", input=path)
        if not stat.S_ISREG(mode):
            raise InputError("not a regular file (a pipe, device or socket)", input=path,
                             hint="save the content to an ordinary file and ingest that")
        try:
            data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", input=path) from exc
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB", input=path,
                         hint="split the document, or ingest only the part that matters")
    return data


class _Loader:
    """Turns an input into a RawDocument; the fetcher is created only if a URL comes up."""

    def __init__(self, options: IngestOptions):
        self.options = options
        self._fetcher = None

    def load(self, item: str) -> RawDocument:
        if is_url(item):
            from scrapers import scrape

            return scrape(item, self._get_fetcher())
        if is_identifier(item):
            from evidence.identifiers import resolve

            return resolve(item, self._get_fetcher(), self.options.apis)
        from evidence.parse import parse_document

        return parse_document(item, read_file(item), url=self.address(item),
                              pdf_limits=self.options.pdf)

    def address(self, path: str) -> str | None:
        """Where a saved file came from: `--url`, else a sidecar beside it."""
        return self.options.url or sidecar_url(path)

    def _get_fetcher(self):  # type: ignore[no-untyped-def]
        if self._fetcher is None:
            from evidence.fetch import Fetcher

            self._fetcher = Fetcher(self.options.fetch)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


def sidecar_url(path: str) -> str | None:
    """The address a saved file came from, kept beside it as `NAME.url` or `NAME.EXT.url`:
    a bare URL, or an Internet Shortcut (`[InternetShortcut]` / `URL=...`) as desktops save."""
    p = Path(path)
    for side in (p.with_name(p.name + ".url"), p.with_suffix(".url")):
        try:
            if not side.is_file() or side.stat().st_size > 64 * 1024:
                continue
            lines = side.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            line = line.strip()
            if line.lower().startswith("url="):
                line = line[4:].strip()
            if line.lower().startswith(("http://", "https://")):
                return line
    return None


def content_hash(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def ingest(inputs: list[str], store: Store, options: IngestOptions | None = None, *,
           progress: Progress | None = None, extractor: object | None = None) -> IngestReport:
    """Ingest every input; return what happened to each, in input order.

    The assessment runs once at the end and, on the way, whenever the documents waiting
    for it number at least ASSESS_EVERY and at least ASSESS_GROWTH times those already
    assessed."""
    options = options or IngestOptions()
    notify = progress or (lambda _msg, _o: None)
    loader = _Loader(options)
    box = _ExtractorBox(extractor)
    outcomes: list[Outcome] = []
    changed = False
    unassessed = 0
    assessed = len(store.latest_ids(assessed=True)) if ASSESS_GROWTH else 0
    try:
        with store.batch():  # a few dozen documents per commit, each whole or absent
            for outcome in _ingest_all(expand_inputs(inputs), store, loader, box):
                outcomes.append(outcome)
                notify(outcome.status, outcome)
                if outcome.status in ("new", "updated"):
                    changed = True
                    unassessed += 1
                    if unassessed >= max(ASSESS_EVERY, ASSESS_GROWTH * assessed):
                        reassess(store)
                        assessed += unassessed
                        unassessed = 0
    finally:
        loader.close()
    report = IngestReport(outcomes)
    if changed or store.needs_assessment():  # also what an interrupted run left undone
        notify("assessing", None)
        reassess(store)
        report.assessed = True
    report.counts = store.counts()
    report.breakdown = store.breakdown()
    return report


class _ExtractorBox:
    """Builds the spaCy pipeline once per run, and only when something needs extracting."""

    def __init__(self, extractor: object | None):
        self.extractor = extractor

    def get(self):  # type: ignore[no-untyped-def]
        if self.extractor is None:
            from evidence.extract import Extractor

            self.extractor = Extractor()
        return self.extractor


@dataclass
class _Job:
    """A document read and looked up, on its way through parsing and extraction to the store.

    A file's bytes are parsed on the extraction side; a fetched page arrives parsed
    (`doc`). An `unchanged` file is only parsed, for the notes its outcome reports."""

    item: str
    key: str
    hash: str
    raw: bytes
    prev: Any  # the latest stored version (a SourceRow), if any
    doc: RawDocument | None = None
    unchanged: bool = False
    url: str | None = None  # a saved file's own address


def _ingest_all(items: Iterable[str | Outcome], store: Store, loader: _Loader,
                box: _ExtractorBox) -> Iterator[Outcome]:
    """Outcomes in input order, while up to LOOKAHEAD documents are being extracted."""
    items = iter(items)
    head = list(islice(items, PARALLEL_FROM))
    with _Extraction(box, parallel=len(head) >= PARALLEL_FROM,
                     pdf=loader.options.pdf) as extraction:
        waiting: deque[Outcome | _Job] = deque()
        in_flight = 0
        for item in chain(head, items):
            entry = _admit(item, store, loader)
            if isinstance(entry, _Job):
                extraction.submit(entry)
                in_flight += 1
            waiting.append(entry)
            while waiting and (isinstance(waiting[0], Outcome) or in_flight > LOOKAHEAD):
                in_flight -= isinstance(waiting[0], _Job)
                yield _finish(waiting.popleft(), store, extraction)
        while waiting:
            yield _finish(waiting.popleft(), store, extraction)


def _admit(item: str | Outcome, store: Store, loader: _Loader) -> Outcome | _Job:
    """Read (or fetch) an input and look up its stored version: the Outcome when that
    settles it, else the job of parsing, extracting and storing it."""
    if isinstance(item, Outcome):
        return item
    url = None
    try:
        if is_url(item) or is_identifier(item):
            store.flush()  # no write transaction stays open while the network is waited on
            doc = loader.load(item)
            raw = doc.raw
        else:
            doc, raw = None, read_file(item)
            url = loader.address(item)
    except EvidenceError as exc:
        return Outcome(item, "failed", error=exc)
    except Exception as exc:  # noqa: BLE001 - one document's failure never stops the batch
        return Outcome(item, "failed", error=ExtractionError.wrap(exc, item))
    ident = parse_identifier(item) if doc is not None and not is_url(item) else None
    h = content_hash(raw)
    key = identity_key(doc, ident) if doc is not None and ident is not None else doc_key(item)
    prev = store.latest(key)
    unchanged = prev is not None and prev.content_hash == h
    if unchanged and doc is not None:
        return Outcome(item, "unchanged", prev.id, prev.version, kind=prev.kind, notes=doc.notes)
    return _Job(item, key, h, raw, prev, doc, unchanged, url)


def _finish(entry: Outcome | _Job, store: Store, extraction: _Extraction) -> Outcome:
    """Store a job's document with what was extracted from it."""
    if isinstance(entry, Outcome):
        return entry
    job = entry
    try:
        doc, result = extraction.result()
    except EvidenceError as exc:
        return Outcome(job.item, "failed", error=exc)
    except Exception as exc:  # noqa: BLE001 - one document's failure never stops the batch
        return Outcome(job.item, "failed", error=ExtractionError.wrap(exc, job.item))
    if job.unchanged:
        prev = job.prev
        return Outcome(job.item, "unchanged", prev.id, prev.version, kind=prev.kind,
                       notes=doc.notes)
    doc.raw = job.raw  # the bytes did not travel
    try:  # a row the database refuses fails its document; a database that fails stops the batch
        saved = store.save_document(job.key, doc, job.hash, result)
    except EvidenceError as exc:
        return Outcome(job.item, "failed", error=exc)
    return Outcome(job.item, saved.status, saved.id, saved.version, saved.claims, saved.studies,
                   kind=doc.kind, notes=doc.notes)


# item, raw, parsed doc, parse only, a saved file's address, PDF limits
_Task = tuple[str, bytes, "RawDocument | None", bool, "str | None", PdfLimits]


class _Extraction:
    """Parses and extracts documents in submission order: in worker processes (forked, so
    they share the pipeline already built) when there are enough documents to repay them,
    else in this process when a result is asked for.

    Tasks go to the workers in turn and results are read back in the same turn, so
    they come out in submission order with no reordering buffer."""

    def __init__(self, box: _ExtractorBox, *, parallel: bool, pdf: PdfLimits | None = None):
        self.box = box
        self.pdf = pdf or PdfLimits()
        self.parallel = parallel and "fork" in mp.get_all_start_methods()
        self.tasks: deque[_Task] = deque()
        self.workers: list[_Worker] = []
        self.sent = 0
        self.read = 0

    def __enter__(self) -> _Extraction:
        if self.parallel:
            ctx = mp.get_context("fork")
            extractor = self.box.get()
            self.workers = [_Worker(ctx, extractor, i) for i in range(extraction_workers())]
        return self

    def __exit__(self, *exc: object) -> None:
        for w in self.workers:
            w.stop(clean=exc[0] is None)

    def submit(self, job: _Job) -> None:
        task = (job.item, b"" if job.doc else job.raw, job.doc, job.unchanged, job.url, self.pdf)
        if not self.workers:
            self.tasks.append(task)
            return
        self.workers[self.sent % len(self.workers)].tasks.put(task)
        self.sent += 1

    def result(self) -> tuple[RawDocument, ExtractionResult | None]:
        """The next document, parsed, with its extraction; raises what either raised."""
        if not self.workers:
            return _work(self.tasks.popleft(), self.box.get())
        worker = self.workers[self.read % len(self.workers)]
        self.read += 1
        outcome, value = pickle.loads(worker.reply())
        if outcome == "error":
            raise value
        return value


def extraction_workers() -> int:
    """One extraction worker per core (this process, which stores, shares them)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(MAX_WORKERS, cores or 1))


class _Worker:
    """One forked extraction process with its task and result queues."""

    def __init__(self, ctx: Any, extractor: object, i: int):
        self.tasks: mp.queues.Queue = ctx.Queue()  # type: ignore[type-arg]
        self.results: mp.queues.Queue = ctx.Queue()  # type: ignore[type-arg]
        self.process = ctx.Process(target=_serve, daemon=True, name=f"evidence-extract-{i}",
                                   args=(self.tasks, self.results, extractor, os.getpid()))
        self.process.start()

    def reply(self) -> bytes:
        """The worker's next reply, or an error if the worker is gone without one."""
        while True:
            try:
                return self.results.get(timeout=WORKER_CHECK)
            except queue.Empty:
                if not self.process.is_alive():
                    raise RuntimeError(f"the extraction worker stopped (exit code "
                                       f"{self.process.exitcode})") from None

    def stop(self, *, clean: bool) -> None:
        if clean:
            self.tasks.put(None)
        else:  # what is still queued for a stopped worker is dropped, not waited for
            self.process.terminate()
            self.tasks.cancel_join_thread()
        self.process.join()
        self.tasks.close()
        self.results.close()


def _work(task: _Task, extractor) -> tuple[RawDocument, ExtractionResult | None]:  # type: ignore[no-untyped-def]
    item, raw, doc, parse_only, url, pdf = task
    if doc is None:
        from evidence.parse import parse_document

        doc = parse_document(item, raw, url=url, pdf_limits=pdf)
    if parse_only:
        return doc, None
    result = extractor.extract(doc)
    if doc.study_facts:  # a registry record's own fields, as the registry states them
        from evidence.parse.registry import apply_facts

        for st in result.studies:
            if st.reported_in_own_source:
                apply_facts(st, doc.study_facts)
    return doc, result


def _serve(tasks: mp.queues.Queue, results: mp.queues.Queue, extractor,  # type: ignore[no-untyped-def,type-arg]
           parent: int) -> None:
    """The worker process: results in the order the tasks came, errors included.

    Ctrl-C is the parent's to handle (it stops the workers); a worker whose parent was
    killed (kill -9 sends no goodbye) notices that it was orphaned and exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            task = tasks.get(timeout=PARENT_CHECK)
        except queue.Empty:
            if os.getppid() != parent:
                os._exit(0)  # nobody is left to read a result, so nothing is flushed
            continue
        if task is None:
            return
        try:
            doc, result = _work(task, extractor)
            doc.raw = b""  # the parent has the bytes
            reply = pickle.dumps(("ok", (doc, result)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
            reply = _pickled_error(exc)
        results.put(reply)


def _pickled_error(exc: BaseException) -> bytes:
    try:
        return pickle.dumps(("error", exc), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an exception that cannot travel is described instead
        return pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def reassess(store: Store, whole: bool = False) -> int:
    """Assess every claim not assessed yet, against every document it may trace to (the
    whole corpus when one of those changed), so ingestion order never matters; `whole`
    reassesses every claim of every latest document. Returns how many claims were assessed.

    When a study report or a regulator's note is new or changed, the pass reads the fresh
    and reference documents, and of the others only those the change may affect, judged on
    what earlier passes stored of their traces (`evidence.assess.sources_to_read`)."""
    from evidence.assess import assess_traced, merged, sources_to_read, tracing_targets
    from evidence.assess.trace import VERSION as TRACE_RULE

    corpus = store.corpus(whole=whole, narrow=True)
    if corpus.focus is None:
        result, traces = assess_traced(corpus)
    else:
        stored = store.traces(TRACE_RULE)
        prior = {key: (to_study, confidence) for subjects in stored.values()
                 for key, (to_study, confidence, _) in subjects.items()}
        sides = {sid: {key: side for key, (_, _, side) in subjects.items()}
                 for sid, subjects in stored.items()}
        outside = store.latest_ids(assessed=True) - set(corpus.sources)
        targets = None
        if outside:
            targets = tracing_targets(corpus)
            need = sources_to_read(corpus, targets, prior, sides, outside,
                                   store.sources_with_claims("regulatory"))
            if need:
                corpus = merged(corpus, store.corpus_of(need))
        result, traces = assess_traced(corpus, prior=prior, sides=sides, targets=targets)
    store.apply_assessment(result, corpus.sources, traces=traces, rule=TRACE_RULE)
    return len(result.claims)


def finish_assessment(store: Store) -> bool:
    """Run the assessment pass an interrupted ingest left undone; True if one was needed."""
    if not store.needs_assessment():
        return False
    reassess(store)
    return True

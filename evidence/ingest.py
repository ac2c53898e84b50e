"""Ingest: read or fetch each input, parse, extract, store; then reassess the corpus.

This is the one place the stages are wired together. Each document is its own
unit of work: a bad input is reported in one line and skipped, nothing of it
is stored, and the batch goes on. Unchanged content (same bytes at the same
location) is recognised by its hash before any extraction work is done.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from evidence.errors import EvidenceError, InputError
from evidence.models import RawDocument
from evidence.settings import FetchSettings
from evidence.store import Store

DOC_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"}
# A folder's own documentation is not evidence; name such a file explicitly to ingest it.
FOLDER_SKIP = {"readme", "license", "licence", "changelog", "contributing", "notice", "authors"}


@dataclass(frozen=True)
class IngestOptions:
    fetch: FetchSettings = field(default_factory=FetchSettings)


@dataclass
class Outcome:
    """What happened to one input."""

    input: str
    status: str  # new | updated | unchanged | failed
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
    """Files, folders (recursively, known suffixes only, sorted) and URLs; a failure Outcome
    for a path that does not exist."""
    for item in inputs:
        if is_url(item):
            yield item
            continue
        p = Path(item).expanduser()
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOC_SUFFIXES
                           and f.stem.lower() not in FOLDER_SKIP
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                yield Outcome(item, "failed", error=InputError(
                    "no .txt, .md or .html documents in this folder", input=item))
            yield from (str(f) for f in found)
        elif p.exists():
            yield item
        else:
            yield Outcome(item, "failed", error=InputError("no such file or folder", input=item))


def read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except IsADirectoryError as exc:
        raise InputError("is a folder", input=path) from exc
    except PermissionError as exc:
        raise InputError("permission denied", input=path,
                         hint="check the file's permissions") from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", input=path) from exc


class _Loader:
    """Turns an input into a RawDocument; the fetcher is created only if a URL comes up."""

    def __init__(self, options: IngestOptions):
        self.options = options
        self._fetcher = None

    def load(self, item: str) -> RawDocument:
        if is_url(item):
            from scrapers import scrape

            return scrape(item, self._get_fetcher())
        from evidence.parse import parse_document

        return parse_document(item, read_file(item))

    def _get_fetcher(self):  # type: ignore[no-untyped-def]
        if self._fetcher is None:
            from evidence.fetch import Fetcher

            self._fetcher = Fetcher(self.options.fetch)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


def content_hash(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def ingest(inputs: list[str], store: Store, options: IngestOptions | None = None, *,
           progress: Progress | None = None, extractor: object | None = None) -> IngestReport:
    """Ingest every input; return what happened to each, in input order."""
    options = options or IngestOptions()
    notify = progress or (lambda _msg, _o: None)
    loader = _Loader(options)
    box = _ExtractorBox(extractor)
    outcomes: list[Outcome] = []
    changed = False
    try:
        for item in expand_inputs(inputs):
            if isinstance(item, Outcome):
                outcomes.append(item)
                notify("failed", item)
                continue
            outcome = _ingest_one(item, store, loader, box)
            outcomes.append(outcome)
            changed |= outcome.status in ("new", "updated")
            notify(outcome.status, outcome)
    finally:
        loader.close()
    report = IngestReport(outcomes)
    if changed:
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


def _ingest_one(item: str, store: Store, loader: _Loader, box: _ExtractorBox) -> Outcome:
    try:
        doc = loader.load(item)
        h = content_hash(doc.raw)
        key = doc_key(item)
        prev = store.latest(key)
        if prev is not None and prev.content_hash == h:
            return Outcome(item, "unchanged", prev.id, prev.version, kind=prev.kind,
                           notes=doc.notes)
        result = box.get().extract(doc)
        saved = store.save_document(key, doc, h, result)
        return Outcome(item, saved.status, saved.id, saved.version, saved.claims, saved.studies,
                       kind=doc.kind, notes=doc.notes)
    except EvidenceError as exc:
        return Outcome(item, "failed", error=exc)


def reassess(store: Store) -> None:
    """Recompute classes, links and flags over the whole corpus, so ingestion order never matters."""
    from evidence.assess import assess

    store.apply_assessment(assess(store.corpus()))


"""Stored traces: each pass stores every traced subject's best match and side, so a new study
report is scored against those instead of reading and tracing the whole base again. What is
stored equals what a full pass computes afresh; a pass reads only the documents a new report
may change; and traces stored under another trace rule are never read."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

import evidence.assess.trace as trace
from evidence.assess import _ByStart, _subjects
from evidence.assess.trace import CitingText, side_from_json, side_to_json
from evidence.export import build_export
from evidence.ingest import ingest, reassess
from evidence.store import Store
from tests.conftest import EXAMPLES, FIXTURES

DOCS = FIXTURES / "docs"


def _varied(tmp: Path, copies: int) -> list[Path]:
    """Copies of the fixtures and examples with some figures moved: documents alike in topic
    that agree on some numbers and years and differ on others."""
    sources = sorted(p for d in (DOCS, EXAMPLES) for p in d.iterdir()
                     if p.suffix in (".txt", ".md", ".html") and p.name != "README.md")
    out = []
    for k in range(copies):
        for src in sources:
            seen = iter(range(10_000))

            def shift(m: re.Match[bytes], k: int = k, seen: Iterator[int] = seen) -> bytes:
                if m.group(1):  # markup stays as it is
                    return m.group(1)
                return str(int(m.group(0)) + (k * next(seen)) % 3).encode()

            dest = tmp / f"{src.stem}-{k}{src.suffix}"
            dest.write_bytes(re.sub(rb"(<[^>]*>|utf-8)|\d{1,4}", shift, src.read_bytes()))
            out.append(dest)
    return out


def _pages_first(paths: list[Path]) -> list[Path]:
    """Pages before the reports they retell, so each new report has stored traces to meet."""
    return sorted(paths, key=lambda p: (p.suffix == ".txt", p.name))


def _export(store: Store) -> dict:  # type: ignore[type-arg]
    return build_export(store.snapshot())


def test_stored_traces_equal_those_a_full_pass_computes(db_url: str, tmp_path: Path,
                                                        extractor) -> None:  # type: ignore[no-untyped-def]
    with Store.open(db_url) as store:
        for p in _pages_first(_varied(tmp_path, 2)):
            ingest([str(p)], store, extractor=extractor)
        stored = store.traces(trace.VERSION)
        one_by_one = _export(store)
        assert set(stored) == store.latest_ids()  # every document's subjects are stored
        assert sum(len(s) for s in stored.values()) > 20
        assert any(best is not None for s in stored.values() for best, _, _ in s.values())
        reassess(store, whole=True)
        assert store.traces(trace.VERSION) == stored  # bests, exact confidences and sides
        assert _export(store) == one_by_one
        corpus = store.corpus(whole=True)
    # and a stored side reads back as the side the document gives
    by_source: dict[int, list] = defaultdict(list)  # type: ignore[type-arg]
    for cc in corpus.claims:
        by_source[cc.source_id].append(cc)
    fresh = _subjects(corpus, by_source, {s: _ByStart(c) for s, c in by_source.items()},
                      {s.id: s for s in corpus.studies}, set(corpus.sources))
    assert {k for s in stored.values() for k in s} == set(fresh)
    for key, (sid, side, _) in fresh.items():
        if isinstance(side, CitingText):  # a report read for the reports it names
            assert stored[sid][key][2] == {"citing": side.text}
            continue
        back = side_from_json(stored[sid][key][2])
        assert side_to_json(back) == side_to_json(side)
        assert (back.words, back.low, back.people) == (side.words, side.low, side.people)


def test_a_new_report_reads_only_the_documents_it_may_change(
        tmp_path: Path, extractor, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "n.db")
    paths = _varied(tmp_path, 3)
    report = next(p for p in paths if p.name == "trial-microneedling-prp-2.html")
    with Store.open(db) as store:
        ingest([str(p) for p in paths if p != report], store, extractor=extractor)
        read: list[int] = []
        corpus_of = Store.corpus_of

        def spy(self: Store, ids):  # type: ignore[no-untyped-def]
            read.extend(ids)
            return corpus_of(self, ids)

        monkeypatch.setattr(Store, "corpus_of", spy)
        left_out = store.latest_ids() - set(store.corpus(narrow=True).sources)
        ingest([str(report)], store, extractor=extractor)
        assert read and len(read) < len(left_out) / 2  # most documents were not read
        incremental = _export(store)
        reassess(store, whole=True)
        assert _export(store) == incremental


def test_traces_of_another_rule_are_not_read(tmp_path: Path, extractor,
                                             monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "v.db")
    paths = _pages_first(_varied(tmp_path, 1))
    report = next(p for p in paths if p.name == "trial-microneedling-prp-0.html")
    with Store.open(db) as store:
        ingest([str(p) for p in paths if p != report], store, extractor=extractor)
        old = store.traces(trace.VERSION)
        monkeypatch.setattr(trace, "VERSION", "evidence.trace.test")
        assert store.traces("evidence.trace.test") == {}
        read: list[int] = []
        corpus_of = Store.corpus_of

        def spy(self: Store, ids):  # type: ignore[no-untyped-def]
            read.extend(ids)
            return corpus_of(self, ids)

        monkeypatch.setattr(Store, "corpus_of", spy)
        left_out = store.latest_ids() - set(store.corpus(narrow=True).sources)
        assert left_out <= set(old)
        ingest([str(report)], store, extractor=extractor)
        assert set(read) == left_out  # nothing stored under the new rule: each one is read
        incremental = _export(store)
        reassess(store, whole=True)
        assert _export(store) == incremental
        assert set(store.traces("evidence.trace.test")) == store.latest_ids()

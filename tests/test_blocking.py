"""Tracing by blocking: scoring only the candidates a `TargetIndex` names gives exactly the
outcome of scoring every target, on the examples, the fixtures and a generated corpus."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from evidence.assess import _ByStart, _subjects, _targets, assess
from evidence.assess.trace import (
    ClaimSide,
    Target,
    TargetIndex,
    about_the_same_count,
    best_match,
    ceiling,
    claim_side,
    same_figure,
    same_number,
    score_side,
)
from evidence.extract.numbers import find_quantities
from evidence.ingest import ingest
from evidence.models import Assessment, Corpus, Quantity, StudyRecord
from evidence.store import Store
from tests.conftest import EXAMPLES, FIXTURES

DOCS = FIXTURES / "docs"
TEXT_KINDS = (".txt", ".md", ".html")


def _whole(db: str, inputs: list[str], extractor) -> Corpus:  # type: ignore[no-untyped-def]
    with Store.open(db) as store:
        ingest(inputs, store, extractor=extractor)
        return store.corpus(whole=True)


def _same(a: Assessment, b: Assessment) -> None:
    assert a.claims == b.claims
    assert a.links == b.links
    assert a.stub_traces == b.stub_traces


def _varied(tmp: Path, copies: int) -> list[str]:
    """Copies of the fixtures with some of their figures moved: documents alike in topic
    and design that agree on some numbers and years and differ on others."""
    out = []
    for src in sorted(p for p in DOCS.iterdir() if p.suffix in TEXT_KINDS and p.name != "README.md"):
        raw = src.read_bytes()
        for k in range(copies):
            seen = iter(range(10_000))

            def shift(m: re.Match[bytes], k: int = k, seen: Iterator[int] = seen) -> bytes:
                return str(int(m.group(0)) + (k * next(seen)) % 3).encode()

            dest = tmp / f"{src.stem}-{k}{src.suffix}"
            dest.write_bytes(re.sub(rb"\d+", shift, raw))
            out.append(str(dest))
    return out


@pytest.mark.parametrize("inputs", ["examples", "fixtures"])
def test_blocked_tracing_equals_scoring_every_target(inputs: str, tmp_path: Path,
                                                     extractor) -> None:  # type: ignore[no-untyped-def]
    paths = [str(EXAMPLES)] if inputs == "examples" else [
        str(p) for p in sorted(DOCS.iterdir()) if p.name != "README.md"]
    corpus = _whole(str(tmp_path / "e.db"), paths, extractor)
    blocked, every = assess(corpus), assess(corpus, exhaustive=True)
    assert every.links, "the corpus must trace something for the comparison to mean anything"
    _same(blocked, every)


def test_blocked_tracing_equals_scoring_every_target_on_a_generated_corpus(
        tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    corpus = _whole(str(tmp_path / "g.db"), _varied(tmp_path, 4) + [str(EXAMPLES)], extractor)
    blocked, every = assess(corpus), assess(corpus, exhaustive=True)
    assert sum(ln.to_study is not None for ln in every.links) >= 5
    _same(blocked, every)
    # and the blocks are smaller than the corpus: most claims meet few candidates
    by_source: dict[int, list] = {}
    for cc in corpus.claims:
        by_source.setdefault(cc.source_id, []).append(cc)
    targets = _targets(corpus, by_source)
    index = TargetIndex(targets)
    sizes = [len(index.candidates(claim_side(None, cc.claim.text, cc.claim.numbers)))
             for cc in corpus.claims]
    assert sum(sizes) < 0.5 * len(sizes) * len(targets)


def _probes(targets: list[Target]) -> list[tuple[StudyRecord | None, str, list[Quantity], str]]:
    """Statements naming one target by one thing only: its DOI, PMID, registration, title,
    first author and year, or its head count or length with nothing else in common."""
    out: list[tuple[StudyRecord | None, str, list[Quantity], str]] = []
    for t in targets:
        src, st = t.source, t.study
        names = [f"as published (doi:{src.doi}) it helped" if src.doi else "",
                 f"see PubMed {src.pmid} for how it helped" if src.pmid else "",
                 f"the {(src.title or '')[:70]} trial said it helped",
                 *(f"registered as {r}, it helped" for r in st.registrations)]
        if src.authors and t.year:
            names.append(f"{src.authors[0].split(',')[0].split()[-1]} and others ({t.year}) "
                         "said it helped")
        out += [(None, text, [], "") for text in names if text]
        if st.participants:
            text = f"A study of {st.participants} participants found it helped."
            out.append((None, text, find_quantities(text), ""))
            out.append((StudyRecord(key="told", reported_in_own_source=False,
                                    participants=st.participants,
                                    within_subject=st.within_subject, randomized=st.randomized),
                        "A trial found it helped.", [], ""))
        if st.duration:
            out.append((StudyRecord(key="told", reported_in_own_source=False,
                                    duration=st.duration, randomized=True, within_subject=True),
                        f"A {st.duration} trial of {' and '.join(sorted(t.treatments))} helped.",
                        [], src.title or ""))
    return out


def test_a_target_named_by_one_fact_only_is_among_the_candidates(tmp_path: Path,
                                                                  extractor) -> None:  # type: ignore[no-untyped-def]
    corpus = _whole(str(tmp_path / "f.db"), [str(EXAMPLES)] + [
        str(p) for p in sorted(DOCS.iterdir()) if p.name != "README.md"], extractor)
    by_source: dict[int, list] = {}
    for cc in corpus.claims:
        by_source.setdefault(cc.source_id, []).append(cc)
    found = _targets(corpus, by_source)
    # the same studies dated before the years a sentence is searched for: a first author
    # and year is then the only thing a citation shares with them
    targets = found + [replace(t, study_id=t.study_id + 10_000, year="1975") for t in found]
    index = TargetIndex(targets)
    probes = _probes(targets)
    traced = 0
    for stub, text, numbers, context in probes:
        every = best_match(stub, text, numbers, targets, exclude_source=-1, context=context)
        blocked = best_match(stub, text, numbers, index, exclude_source=-1, context=context)
        assert (blocked and (blocked.target.study_id, blocked.confidence, blocked.matched_on)) \
            == (every and (every.target.study_id, every.confidence, every.matched_on)), text
        traced += every is not None
    assert traced >= len(probes) // 2


def test_a_figure_found_by_key_is_a_figure_found_by_comparing_each(tmp_path: Path,
                                                                    extractor) -> None:  # type: ignore[no-untyped-def]
    corpus = _whole(str(tmp_path / "n.db"), [str(EXAMPLES)] + [
        str(p) for p in sorted(DOCS.iterdir()) if p.name != "README.md"], extractor)
    by_source: dict[int, list] = {}
    for cc in corpus.claims:
        by_source.setdefault(cc.source_id, []).append(cc)
    targets = _targets(corpus, by_source)
    asked = [q for cc in corpus.claims for q in cc.claim.numbers]
    # values a hair apart (same_number allows 1e-6) and just too far apart
    asked += [replace(s.q, value=s.q.value + d) for t in targets for s in t.numbers_side
              if s.q.value is not None for d in (4e-7, -4e-7, 3e-6, 0.5)]
    # a change told without its sign, and a count of trials told as studies
    asked += [replace(s.q, value=-s.q.value) for t in targets for s in t.numbers_side
              if s.q.value is not None and s.q.unit == "%"]
    asked += [replace(q, unit="trials" if q.unit == "studies" else "studies") for q in asked
              if q.unit in ("studies", "trials")]
    agree = strict = 0
    for t in targets:
        for q in asked:
            every = any(same_figure(q, s.q) for s in t.numbers_side)
            assert t.agrees(q) == every, (q, t.study_id)
            agree += every
            strict += any(same_number(q, s.q) for s in t.numbers_side)
    assert agree > strict > len(targets)


def test_figures_agree_for_tracing_as_retellings_tell_them() -> None:
    def pct(v: float, unit: str = "%") -> Quantity:
        return Quantity(unit=unit, start=0, end=1, text="", value=v)

    assert same_figure(pct(-20.2), pct(20.2)) and not same_number(pct(-20.2), pct(20.2))
    assert not same_figure(pct(20.2), pct(20.3)) and not same_figure(pct(-5, "kg"), pct(5, "kg"))
    assert same_figure(pct(10, "trials"), pct(10, "studies"))
    assert about_the_same_count(26000, 25871) and about_the_same_count(2000, 1961)
    assert about_the_same_count(2600, 2649) and not about_the_same_count(26000, 24000)
    assert not about_the_same_count(950, 1000) and not about_the_same_count(2650, 2649)
    # under 1,000: a multiple of 50 within 3%
    assert about_the_same_count(200, 202) and about_the_same_count(750, 755)
    assert not about_the_same_count(700, 755) and not about_the_same_count(120, 121)
    assert not about_the_same_count(50, 51) and not about_the_same_count(200, 200)


@pytest.mark.parametrize(("told", "said", "reported"), [
    ("some 26,000", 26_000, 25_871),
    ("200", 200, 202),
])
def test_a_head_count_told_in_round_figures_finds_its_study(tmp_path: Path, extractor,  # type: ignore[no-untyped-def]
                                                           told: str, said: int,
                                                           reported: int) -> None:
    corpus = _whole(str(tmp_path / "r.db"), [str(EXAMPLES)], extractor)
    by_source: dict[int, list] = {}
    for cc in corpus.claims:
        by_source.setdefault(cc.source_id, []).append(cc)
    found = _targets(corpus, by_source)
    assert found
    targets = found + [replace(t, study_id=t.study_id + 10_000, study=replace(
        t.study, participants=reported + (i + 1) * 5_000)) for i, t in enumerate(found)]
    targets[0] = replace(found[0], study=replace(found[0].study, participants=reported))
    index = TargetIndex(targets)
    t = targets[0]
    text = (f"Researchers followed {told} adults given {' and '.join(sorted(t.treatments))}"
            " and found it helped.")
    numbers = find_quantities(text)
    assert any(q.role == "participants" and q.value == said for q in numbers)
    context = t.source.title or ""
    every = best_match(None, text, numbers, targets, exclude_source=-1, context=context)
    blocked = best_match(None, text, numbers, index, exclude_source=-1, context=context)
    assert every is not None and every.target.study.participants == reported
    assert f"participants:~{reported}" in every.matched_on
    assert (blocked.target.study_id, blocked.matched_on) == (every.target.study_id,
                                                             every.matched_on)


def test_a_ceiling_is_never_below_the_score_it_bounds(tmp_path: Path,
                                                      extractor) -> None:  # type: ignore[no-untyped-def]
    corpus = _whole(str(tmp_path / "c.db"), _varied(tmp_path, 2) + [str(EXAMPLES)], extractor)
    by_source: dict[int, list] = {}
    for cc in corpus.claims:
        by_source.setdefault(cc.source_id, []).append(cc)
    targets = _targets(corpus, by_source)
    subjects = _subjects(corpus, by_source, {s: _ByStart(c) for s, c in by_source.items()},
                         {s.id: s for s in corpus.studies}, set(corpus.sources))
    pairs = above = 0
    for _, side, hits in subjects.values():
        if not isinstance(side, ClaimSide):
            continue  # a report read for the reports it names is never scored
        for t in targets:
            bound, got = ceiling(side, t), score_side(side, t, hits, may_cite=False).confidence
            assert got <= bound + 1e-9, (side.text[:60], t.source.location)
            pairs += 1
            above += got >= 0.6
    assert pairs > 300 and above > 0  # the bound was tested on pairs that trace, too

"""Long documents: a 5 MB article is extracted in chunks (§9 item 16), and a page that
repeats one section thousands of times costs flags and work in proportion to its claims."""

from __future__ import annotations

from pathlib import Path

from evidence.assess import checks
from evidence.ingest import ingest
from evidence.models import Claim, Quantity
from evidence.store import Store

PROSE = ("The clinic's waiting room was quiet on the Tuesday morning when the new skin team "
         "arrived, and the coffee machine hummed while staff unpacked boxes of gloves, gauze "
         "and printed leaflets for the spring open day. ") * 6
CLAIM = ("In a randomised split-face trial of {n} patients, microneedling with PRP improved "
         "acne scars by {p}% compared with {q}% for saline. ")


def _paragraph(i: int) -> str:
    return PROSE + (CLAIM.format(n=20 + i % 30, p=30 + i % 20, q=10 + i % 10) if i % 40 == 0
                    else "")


def test_a_5_mb_article_is_extracted_whole(tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    """2,900 paragraphs, then one paragraph of 1.5 MB (past spaCy's 1,000,000-character
    limit): every planted claim is found, with its offsets."""
    body = "\n\n".join(_paragraph(i) for i in range(2900))
    huge = "".join(_paragraph(i) for i in range(1300))
    text = f"Microneedling with PRP: a very long article\n\n{body}\n\n{huge}\n"
    assert len(text) > 5_000_000 and len(huge) > 1_000_000
    path = tmp_path / "long.txt"
    path.write_text(text)
    with Store.open(str(tmp_path / "e.db")) as store:
        report = ingest([str(path)], store, extractor=extractor)
        assert not report.failed
        snap = store.snapshot()
    planted = {CLAIM.format(n=20 + i % 30, p=30 + i % 20, q=10 + i % 10).strip()
               for i in range(0, 2900, 40)} | {
        CLAIM.format(n=20 + i % 30, p=30 + i % 20, q=10 + i % 10).strip()
        for i in range(0, 1300, 40)}
    stored = snap["sources"][0].text
    found = {c.text for c in snap["claims"]}
    assert planted <= found
    assert len(snap["claims"]) == 2900 // 40 + 1 + 1300 // 40 + 1
    assert all(stored[c.start:c.end] == c.text for c in snap["claims"])


def _days(value: float, start: int) -> Quantity:
    return Quantity(unit="days", start=start, end=start + 6, text=f"{value:g} days", value=value)


def test_conflicts_are_linear_in_figures_and_capped() -> None:
    """1,500 sections giving one of seven downtimes: each figure is flagged against at most
    three other values, and the page stops at the cap, saying so."""
    items = []
    for i in range(20_000):
        q = _days(1 + i % 7, i * 100)
        c = Claim(text=f"Downtime after microneedling is {q.text}.", start=i * 100,
                  end=i * 100 + 40, kind="recovery", numbers=[q])
        items.append((i, c, frozenset({"microneedling"}), False, q))
    out = checks.internal_conflicts(items[:1500])
    flags = [f for fl in out.values() for f in fl]
    assert len(flags) == checks.CONFLICT_FLAGS  # not 1500 * 1499
    assert all(len(fl) <= checks.CONFLICT_VALUES for fl in out.values())
    assert "and 3 other values" in out[0][-1].message
    assert "stopped at 1000 flags" in flags[-1].message
    small = checks.internal_conflicts(items[:30])  # under the cap: every figure flagged
    assert len(small) == 30 and all(len(fl) == 3 for fl in small.values())
    assert not any("stopped" in f.message for fl in small.values() for f in fl)
    big = checks.internal_conflicts(items)  # 20,000 figures: still bounded by the cap
    assert sum(len(fl) for fl in big.values()) == checks.CONFLICT_FLAGS


def test_a_page_of_repeated_sections_gets_bounded_flags(tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    sections = "".join(
        f"<h2>Notes {i}</h2><p>Downtime after microneedling is {1 + i % 7} days for most "
        f"clients.</p>" for i in range(1500))
    page = tmp_path / "repeated.html"
    page.write_text(f"<html><head><title>Microneedling</title></head><body><article>"
                    f"<h1>Microneedling for acne scars</h1>{sections}</article></body></html>")
    with Store.open(str(tmp_path / "e.db")) as store:
        ingest([str(page)], store, extractor=extractor)
        flags = store.breakdown()["flags"]
    assert 0 < flags.get("internal_conflict", 0) <= checks.CONFLICT_FLAGS

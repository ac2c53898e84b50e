"""The report says only what the evidence says, and works on a phone: a misquoted retelling
is shown as such without a click, published titles carry no local paths, and at 390 px
nothing is wider than the screen, a tapped claim's card opens beside it, chart labels are
legible. Real headless Chromium, as in test_report_browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from evidence.export import build_export
from evidence.ingest import ingest
from evidence.report import build_report
from evidence.report.views import claim_view, shown_location, study_card
from evidence.store import Store
from tests.conftest import EXAMPLES
from tests.test_report_browser import Visit

UNTITLED = ("Our exosome facial reduced scar depth by 61% in a 2024 study at Bayside, and "
            "most clients need only 2 sessions to see it.\n\nBook a consultation today.\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, extractor) -> Path:  # type: ignore[no-untyped-def]
    """The examples, plus a page without a title ingested by its absolute path."""
    root = tmp_path_factory.mktemp("phone")
    page = root / "saved pages" / "untitled.txt"
    page.parent.mkdir()
    page.write_text(UNTITLED, encoding="utf-8")
    with Store.open(str(root / "e.db")) as store:
        ingest([str(EXAMPLES), str(page.resolve())], store, extractor=extractor)
        data = build_export(store.snapshot())
    out = root / "site"
    build_report(data, out, progress=False)
    return out


def _clinic(site: Path) -> Path:
    return next(p for p in sorted((site / "sources").glob("*.html"))
                if "Harbourview Skin Clinic" in p.read_text(encoding="utf-8"))


def _visit(browser: Any, width: int) -> Visit:  # noqa: F811
    v = Visit(browser)
    v.page.set_viewport_size({"width": width, "height": 844})
    return v


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_is_wider_than_the_screen(browser: Any, site: Path, tmp_path: Path,  # noqa: F811
                                          width: int) -> None:
    v = _visit(browser, width)
    try:
        wide = {}
        for path in sorted(site.rglob("*.html")):
            page = v.open(path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide[str(path.relative_to(site))] = scroll
            page.screenshot(path=str(tmp_path / f"{path.stem}-{width}.png"), full_page=True)
        assert wide == {}, wide
        assert v.errors == [] and v.network == []
    finally:
        v.close()


def test_a_tapped_claim_opens_its_card_beside_it_on_a_phone(browser: Any, site: Path) -> None:  # noqa: F811
    v = _visit(browser, 390)
    try:
        page = v.open(_clinic(site))
        link = page.locator("a.hl[id]").nth(8)
        link.scroll_into_view_if_needed()
        link.click()
        card = page.locator(link.get_attribute("href"))
        assert card.is_visible()
        below = card.bounding_box()["y"] - (link.bounding_box()["y"] + link.bounding_box()["height"])
        assert -1 <= below < 120, below  # right under the claim, not 2,000 px down
        assert card.bounding_box()["width"] <= 390
    finally:
        v.close()
    wide = _visit(browser, 1280)
    try:
        page = wide.open(_clinic(site))
        link = page.locator("a.hl[id]").nth(8)
        link.click()
        card = page.locator(link.get_attribute("href"))
        assert card.is_visible() and card.evaluate("e => e.parentElement.className") == "cards"
    finally:
        wide.close()


def test_chart_labels_are_legible_on_a_phone(browser: Any, site: Path) -> None:  # noqa: F811
    v = _visit(browser, 390)
    try:
        page = v.open(site / "index.html")
        heights = page.evaluate(
            "Array.from(document.querySelectorAll('svg.chart text')).map("
            "t => t.getBoundingClientRect().height)")
        assert heights and min(heights) >= 12, heights
    finally:
        v.close()


def test_a_misquoted_retelling_shows_its_mismatch_without_a_click(browser: Any,  # noqa: F811
                                                                 site: Path) -> None:
    v = _visit(browser, 1280)
    try:
        page = v.open(_clinic(site))
        quoted = page.locator("a.hl[id]", has_text="52% improvement")
        assert "c-misquoted" in (quoted.get_attribute("class") or "")
        badge = quoted.evaluate("e => getComputedStyle(e, '::before').content")
        assert "misquoted" in badge
        trial = page.locator("a.hl.c-unverified").first
        colour = "e => getComputedStyle(e).backgroundColor"
        assert quoted.evaluate(colour) != trial.evaluate(colour)
        invented = page.locator("a.hl[id]", has_text="95% of patients")
        assert "c-misquoted" in (invented.get_attribute("class") or "")
        card = page.locator(quoted.get_attribute("href"))
        assert "misquoted" in card.locator("h3 .badge").inner_text()
        flagged = v.open(site / "flagged.html")
        row = flagged.locator("tr", has_text="52% improvement")
        assert row.locator(".badge").inner_text() == "misquoted"
    finally:
        v.close()


def test_published_pages_carry_no_local_paths(site: Path) -> None:
    root = str(site.parent)
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert root not in html, path.name
    untitled = next(p for p in (site / "sources").glob("*.html")
                    if "Bayside" in p.read_text(encoding="utf-8"))
    assert "<h1>saved pages/untitled.txt</h1>" in untitled.read_text(encoding="utf-8")
    assert shown_location("/home/ana/Downloads/page.html") == "Downloads/page.html"
    assert shown_location("examples/trial.html") == "examples/trial.html"
    assert shown_location("https://example.org/a/b") == "https://example.org/a/b"


def test_study_card_arms_leave_out_allocation_and_flags_are_listed_once() -> None:
    card = study_card({"id": 1, "arm_descriptions": [
        "PRP on one side of the face and saline on the other side",
        "with the side allocated by a computer-generated sequence"]})
    assert card.arms == ("PRP on one side of the face and saline on the other side",)
    flag = {"code": "number_mismatch", "severity": "high", "message": "claimed 52%"}
    c = {"id": 3, "source_id": 1, "start": 0, "end": 3, "text": "52%", "evidence_class":
         "randomized", "flags": ["number_mismatch"],
         "flag_details": [flag, dict(flag), {**flag, "message": "claimed 19.9%"}]}
    view = claim_view(c, {"id": 1, "location": "x.html"}, {}, {}, jsonld=None, overlaps=(),
                      highlighted=True)
    assert sorted(f.message for f in view.flags) == ["claimed 19.9%", "claimed 52%"]
    assert [f.code for f in view.flag_codes] == ["number_mismatch"]
    assert (view.css, view.class_label) == ("misquoted", "misquoted")


def test_table_cells_carry_their_row_and_column_in_the_report(site: Path) -> None:
    flagged = (site / "flagged.html").read_text(encoding="utf-8")
    assert '<span class="cell">Microneedling + PRP \u00b7 Downtime:</span> 1\u20132 days' in flagged
    clinic = _clinic(site).read_text(encoding="utf-8")
    assert '<span class="cell">Microneedling + PRP \u00b7 Downtime:</span> 1\u20132 days' in clinic

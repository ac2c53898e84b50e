"""The built report in a real browser: headless Chromium driven by Playwright.

Uses Debian's `chromium` (`apt-get install chromium`; set EVIDENCE_CHROMIUM to use
another binary) and the `playwright` Python package, never a downloaded browser.
Skips, saying why, when either is missing or the browser cannot start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from evidence.export import build_export
from evidence.ingest import ingest
from evidence.report import build_report
from evidence.store import Store
from evidence.store.queries import record_review
from tests.conftest import EXAMPLES, FIXTURES


class Visit:
    """A page with everything that would matter: console errors, script errors, dialogs,
    and any request that leaves the local files."""

    def __init__(self, browser: Any, *, js: bool = True):
        self.context = browser.new_context(java_script_enabled=js,
                                           viewport={"width": 1400, "height": 1000})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.network: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.network.append(route.request.url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> Any:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, extractor) -> Path:  # type: ignore[no-untyped-def]
    """The examples plus the hostile pages, one of them reviewed, built once."""
    root = tmp_path_factory.mktemp("browser")
    db = str(root / "evidence.db")
    with Store.open(db) as store:
        ingest([str(EXAMPLES), str(FIXTURES / "report" / "hostile-report-page.html"),
                str(FIXTURES / "docs" / "hostile-serum-page.html")], store, extractor=extractor)
        data = build_export(store.snapshot())
        claim = next(c for c in data["claims"] if "</script>" in c["text"])
        record_review(store, claim["id"], "disputed", "</script><script>alert('note')</script>",
                      "<img src=x onerror=alert('editor')>")
        data = build_export(store.snapshot())
    out = root / "site"
    build_report(data, out, progress=False)
    return out


def _source_page(site: Path, needle: str) -> Path:
    return next(p for p in sorted((site / "sources").glob("*.html"))
                if needle in p.read_text(encoding="utf-8"))


def test_index_loads_offline_and_its_chart_renders(browser: Any, site: Path,
                                                   tmp_path: Path) -> None:
    v = Visit(browser)
    try:
        page = v.open(site / "index.html")
        bars = page.locator("svg.chart rect")
        assert bars.count() == 8
        widest = max(bars.nth(i).bounding_box()["width"] for i in range(bars.count()))
        assert widest > 100
        assert page.locator("table.sources svg.stack rect").count() > 5
        assert page.evaluate("document.documentElement.classList.contains('js')")
        page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
        assert v.errors == [] and v.network == [] and v.dialogs == []
    finally:
        v.close()


def test_a_claim_shows_its_details_on_click_and_on_focus(browser: Any, site: Path,
                                                         tmp_path: Path) -> None:
    v = Visit(browser)
    try:
        page = v.open(_source_page(site, "Harbourview Skin Clinic"))
        first = page.locator("a.hl").first
        card = page.locator(first.get_attribute("href"))
        assert not card.is_visible()
        first.click()
        assert card.is_visible()
        text = card.inner_text().lower()
        assert "class" in text and "numbers" in text and "study" in text and "flags" in text
        colours = {page.evaluate("e => getComputedStyle(e).backgroundColor", a.element_handle())
                   for a in page.locator("a.hl").all()[:40]}
        assert len(colours) >= 2
        page.screenshot(path=str(tmp_path / "source.png"))
        other = page.locator("a.hl").nth(3)
        other.focus()
        assert page.locator(other.get_attribute("href")).is_visible() and not card.is_visible()
        assert v.errors == [] and v.network == [] and v.dialogs == []
    finally:
        v.close()


def test_details_open_without_javascript(browser: Any, site: Path) -> None:
    v = Visit(browser, js=False)
    try:
        page = v.open(_source_page(site, "Harbourview Skin Clinic"))
        link = page.locator("a.hl").nth(2)
        card = page.locator(link.get_attribute("href"))
        assert not card.is_visible()
        link.click()
        assert card.is_visible()
    finally:
        v.close()


def test_hostile_pages_raise_no_dialog_and_fetch_nothing(browser: Any, site: Path,
                                                         tmp_path: Path) -> None:
    v = Visit(browser)
    try:
        pages = sorted(site.rglob("*.html"))
        for path in pages:
            page = v.open(path)
            for link in page.locator("a.hl").all()[:10]:
                link.click()
        page = v.open(_source_page(site, "Velvet Scar Balm"))
        page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
        assert "{{7*7}} Velvet Scar Balm" in page.locator("h1").inner_text()
        assert v.dialogs == [] and v.errors == [] and v.network == []
    finally:
        v.close()

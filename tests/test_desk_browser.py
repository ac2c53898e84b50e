"""The review desk in a real browser: headless Chromium (Debian's `chromium`) driven by
Playwright against the desk on a loopback port.

An editor opens the start-up URL, filters the queue to number_mismatch, decides three
claims with the keyboard alone, and finds them in the history and in a rebuilt report.
With EVIDENCE_UPDATE_SCREENSHOTS=1 the queue's screenshot is written to
docs/review-desk.png for the README.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evidence.export import build_export
from evidence.ingest import ingest
from evidence.report import build_report
from evidence.store import Store
from tests.conftest import EXAMPLES, ROOT
from tests.desk_server import DeskServer

SCREENSHOT = ROOT / "docs" / "review-desk.png"
COPIES = {"Northgate Dermatology": "55%", "Lakeside Aesthetics": "60%",
          "Cedar Street Skin": "66%"}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    """The examples plus three clinics that copied the clinic page, each misquoting the
    trial's 41.2% with its own figure; ingested by relative path, as an editor would."""
    clinic = (EXAMPLES / "clinic-prp-microneedling.html").read_text(encoding="utf-8")
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    paths = ["examples"]
    (tmp_path / "clinics").mkdir()
    for name, figure in COPIES.items():
        p = Path("clinics") / f"{name.split()[0].lower()}.html"
        (tmp_path / p).write_text(clinic.replace("Harbourview Skin Clinic", name)
                                  .replace("52%", figure), encoding="utf-8")
        paths.append(str(p))
    monkeypatch.chdir(tmp_path)
    with Store.open("desk.db") as s:
        ingest(paths, s, extractor=extractor)
        yield s


def _rows(page: Any) -> list[str]:
    return page.locator("table.queue tr.item").evaluate_all("rs => rs.map(r => r.id)")


def test_an_editor_decides_three_claims_by_keyboard(browser: Any, store: Store,
                                                    tmp_path: Path) -> None:
    errors: list[str] = []
    with DeskServer(store, editor="ana") as desk:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(desk.start_url)
        assert page.url == f"{desk.base}/queue"  # the token left the address bar
        assert page.locator("table.queue tr.item").count() > 3
        page.keyboard.press("j")
        page.keyboard.press("j")
        shot = tmp_path / "review-desk.png"
        page.screenshot(path=str(shot))
        if os.environ.get("EVIDENCE_UPDATE_SCREENSHOTS") == "1":
            SCREENSHOT.parent.mkdir(exist_ok=True)
            shutil.copy(shot, SCREENSHOT)

        page.locator(".facet-chips a", has_text="number_mismatch").click()
        page.wait_for_load_state("load")
        assert "flag=number_mismatch" in page.url
        codes = page.locator("table.queue tr.item .meta").all_inner_texts()
        assert len(codes) >= 3 and all("number_mismatch" in c for c in codes)

        decided: dict[int, str] = {}
        page.keyboard.press("j")
        for key, verdict in (("2", "misleading"), ("3", "false"), ("2", "misleading")):
            row = page.locator("table.queue tr.item.selected")
            assert row.count() == 1, page.content()[:3000]
            claim_id = int(row.get_attribute("id").removeprefix("item-"))
            with page.expect_navigation():
                page.keyboard.press(key)
            decided[claim_id] = verdict
            assert f"item-{claim_id}" not in _rows(page)
        assert "flag=number_mismatch" in page.url  # the editor stays in the filtered queue

        page.get_by_role("link", name="History").click()
        page.wait_for_load_state("load")
        history = page.locator("table.history tbody tr").all_inner_texts()
        for claim_id, verdict in decided.items():
            line = next(t for t in history if f"#{claim_id}" in t)
            assert verdict in line.lower() and "ana" in line
        context.close()
    assert errors == []

    data = build_export(store.snapshot())
    site = tmp_path / "site"
    build_report(data, site, progress=False)
    reviews = {c["id"]: c["review"] for c in data["claims"] if c["review"]}
    assert {cid: r["decision"] for cid, r in reviews.items()} == decided
    context = browser.new_context()
    page = context.new_page()
    page.goto((site / "flagged.html").as_uri())
    for claim_id, verdict in decided.items():
        text = next(c["text"] for c in data["claims"] if c["id"] == claim_id)
        row = page.locator("table.flagged tbody tr", has_text=text)
        assert f"{verdict} by ana" in row.locator("td").last.inner_text()
    context.close()
    # the report's ClaimReview JSON-LD speaks the verdict scale
    pages = "".join(p.read_text(encoding="utf-8") for p in (site / "sources").glob("*.html"))
    lds = [json.loads(m) for m in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', pages, re.S)]
    rated = {ld["claimReviewed"]: ld["reviewRating"] for ld in lds}
    for claim_id, verdict in decided.items():
        text = next(c["text"] for c in data["claims"] if c["id"] == claim_id)
        want = {"misleading": (2, "Misleading"), "false": (1, "False")}[verdict]
        assert (rated[text]["ratingValue"], rated[text]["alternateName"]) == want

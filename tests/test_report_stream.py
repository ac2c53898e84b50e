"""The streamed report: the same files as the report of the whole export, slice by slice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from evidence.export import SECTIONS, build_export, json_head, json_item, to_json
from evidence.ingest import ingest
from evidence.report import build_report, build_report_from_store
from evidence.report.spill import Lazy
from evidence.store import Store
from evidence.store import report_rows as rr
from evidence.store.queries import record_review
from tests.conftest import EXAMPLES, FIXTURES

runner = CliRunner()
DOCS = sorted((FIXTURES / "docs").glob("*.*"))
VENDOR = ("Our clinic offers PRP for acne scars.\n\n"
          "PRP reduces acne scarring by 40% after three sessions, as a 2019 trial of 24 "
          "patients showed. Downtime is 2–4 days.\n\n"
          "The FDA has not approved PRP for acne scars.\n")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _both(db: str, tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The site from the whole export, and the streamed one, of one database."""
    with Store.open(db) as store:
        build_report(build_export(store.snapshot()), tmp_path / "whole", progress=False)
        build_report_from_store(store, tmp_path / "streamed", progress=False)
    return _files(tmp_path / "whole"), _files(tmp_path / "streamed")


def _assert_same(whole: dict[str, bytes], streamed: dict[str, bytes]) -> None:
    assert sorted(streamed) == sorted(whole)
    differ = [name for name in whole if whole[name] != streamed[name]]
    assert not differ, f"pages differ: {differ}"


@pytest.fixture
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices of two sources and two studies, so every page draws on several slices."""
    monkeypatch.setattr(rr, "SOURCES_PER_SLICE", 2)
    monkeypatch.setattr(rr, "STUDIES_PER_SLICE", 2)


@pytest.fixture
def base(db_url: str, extractor, write) -> str:  # type: ignore[no-untyped-def]
    """The examples and the fixture documents, with decisions, one re-opened by a change."""
    vendor = write("vendor.txt", VENDOR)
    with Store.open(db_url) as store:
        ingest([str(EXAMPLES), *map(str, DOCS), vendor], store, extractor=extractor)
        claims = build_export(store.snapshot())["claims"]
        for needle, decision in (("52%", "disputed"), ("scarring by 40%", "confirmed"),
                                 ("approved PRP for acne", "accurate")):
            claim = next(c for c in claims if needle in c["text"])
            record_review(store, claim["id"], decision, f"checked {needle}", "ana")
        write("vendor.txt", VENDOR.replace("by 40%", "by 60%"))
        ingest([vendor], store, extractor=extractor)
    return db_url


def test_the_streamed_site_is_byte_identical_to_the_whole_export_one(
        base: str, small_slices: None, tmp_path: Path) -> None:
    whole, streamed = _both(base, tmp_path)
    _assert_same(whole, streamed)
    # the base exercises what only a whole-base view used to see
    site = b"".join(whole.values()).decode()
    assert "Review out of date" in site and "Statements on commercial pages" in site
    assert json.loads(whole["claims.json"])["links"]
    assert len([n for n in whole if n.startswith("studies/")]) >= 3


def test_the_cli_writes_the_streamed_site(examples_db_path: str, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    result = runner.invoke(app, ["report", str(out), "--db", examples_db_path, "--quiet"])
    assert result.exit_code == 0, result.output
    with Store.open(examples_db_path) as store:
        build_report(build_export(store.snapshot()), tmp_path / "whole", progress=False)
    _assert_same(_files(tmp_path / "whole"), _files(out))
    assert f"{len(list(out.rglob('*.html')))} pages written" in result.output


@pytest.fixture
def examples_db_path(db_path: str, extractor) -> str:  # type: ignore[no-untyped-def]
    with Store.open(db_path) as store:
        ingest([str(EXAMPLES)], store, extractor=extractor)
    return db_path


def test_an_empty_base_streams_the_same_site(db_path: str, tmp_path: Path) -> None:
    Store.open(db_path).close()
    whole, streamed = _both(db_path, tmp_path)
    _assert_same(whole, streamed)
    assert json.loads(streamed["claims.json"])["sources"] == []


def test_stale_pages_go_and_other_files_stay(examples_db_path: str, tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "studies").mkdir(parents=True)
    (out / "studies" / "999.html").write_text("old", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with Store.open(examples_db_path) as store:
        result = build_report_from_store(store, out, progress=False)
    assert not (out / "studies" / "999.html").exists() and (out / "notes.txt").exists()
    assert result.pages == len(list(out.rglob("*.html")))


def test_slices_hold_only_their_own_sources_rows(base: str, small_slices: None) -> None:
    with Store.open(base) as store, rr.report_rows(store) as rows:
        seen: list[int] = []
        for piece in rows.source_slices():
            snap = piece.snapshot
            ids = {s.id for s in snap["sources"]}
            assert 0 < len(ids) <= 2 and not hasattr(snap["sources"][0], "raw")
            assert {c.source_id for c in snap["claims"]} <= ids
            assert {st.source_id for st in snap["studies"]} <= ids
            seen += sorted(ids)
        assert seen == sorted(seen) and len(seen) == rows.counts()[0]


def test_json_items_rebuild_to_json(base: str) -> None:
    with Store.open(base) as store:
        data = build_export(store.snapshot())
    parts = [json_head()]
    for i, name in enumerate(SECTIONS):
        items = [json_item(r) for r in data[name]]
        body = f'\n  "{name}": [\n' + ",\n".join(items) + "\n  ]" if items else f'\n  "{name}": []'
        parts.append(body + ("\n}" if i == len(SECTIONS) - 1 else ","))
    assert "".join(parts) == to_json(data)


def test_lazy_lists_read_again_on_every_walk() -> None:
    reads = []

    def read():  # type: ignore[no-untyped-def]
        reads.append(1)
        return iter([1, 2, 3])

    lazy = Lazy(3, read)
    assert len(lazy) == 3 and lazy and list(lazy) == [1, 2, 3] and list(lazy) == [1, 2, 3]
    assert lazy[1] == 2 and lazy[-1] == 3 and lazy[:2] == (1, 2) and len(reads) == 5
    assert not Lazy(0, lambda: iter([]))
    with pytest.raises(IndexError):
        lazy[3]

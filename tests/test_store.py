"""Storage on a real SQLite file and on PostgreSQL: versions, atomicity, append-only reviews."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from evidence.errors import StoreError
from evidence.ingest import ingest
from evidence.store import Store, codec
from evidence.store.migrations import MIGRATIONS, applied
from evidence.store.schema import ReviewRow

TRIAL = ("# Split-Face Trial of Serum X\n\n## Abstract\n\nThirty patients with acne scars were "
         "randomly assigned to serum X on one side and saline on the other. "
         "Scar scores improved by 35% vs 20% (p = 0.01). No serious adverse events occurred.\n")


def test_migrations_run_once_and_are_recorded(db_url: str) -> None:
    with Store.open(db_url) as store:
        names = applied(store.engine)
    assert names == [n for n, _ in MIGRATIONS]
    with Store.open(db_url) as store:  # opening again applies nothing new
        assert applied(store.engine) == names


def test_unchanged_then_changed_content_makes_versions(db_url: str, write, extractor) -> None:  # type: ignore[no-untyped-def]
    path = write("trial.md", TRIAL)
    with Store.open(db_url) as store:
        first = ingest([path], store, extractor=extractor).outcomes[0]
        again = ingest([path], store, extractor=extractor).outcomes[0]
        assert (first.status, first.version) == ("new", 1)
        assert (again.status, again.version, again.source_id) == ("unchanged", 1, first.source_id)
        assert store.counts()["versions"] == 1
        write("trial.md", TRIAL.replace("35%", "36%"))
        changed = ingest([path], store, extractor=extractor).outcomes[0]
        assert (changed.status, changed.version) == ("updated", 2)
        counts = store.counts()
        assert counts["sources"] == 1 and counts["versions"] == 2
        snap = store.snapshot()
        assert [s.version for s in snap["sources"]] == [2]
        assert all(c.source_id == changed.source_id for c in snap["claims"])
        with store.session() as s:
            old = s.execute(sa.text("SELECT count(*) FROM claim WHERE source_id = :i"),
                            {"i": first.source_id}).scalar_one()
        assert old > 0  # version 1 keeps its claims


def test_a_failed_document_leaves_nothing_behind(db_url: str, write, extractor,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("trial.md", TRIAL)

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full halfway through")

    monkeypatch.setattr(codec, "claim_to_row", boom)
    with Store.open(db_url) as store:
        with pytest.raises(RuntimeError):
            ingest([path], store, extractor=extractor)
        counts = store.counts()
        assert counts["versions"] == 0 and counts["claims"] == 0 and counts["studies"] == 0


def test_in_a_batch_only_the_failed_document_is_missing(db_url: str, write, extractor,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [write(f"trial{i}.md", TRIAL.replace("Serum X", f"Serum {i}")) for i in range(12)]
    real = codec.claim_to_row

    def fails_for_trial5(claim, **kw):  # type: ignore[no-untyped-def]
        if kw["doc_key"].endswith("trial5.md"):
            raise StoreError("constraint failed halfway through", input="trial5.md")
        return real(claim, **kw)

    monkeypatch.setattr(codec, "claim_to_row", fails_for_trial5)
    with Store.open(db_url) as store:
        report = ingest(paths, store, extractor=extractor)
        statuses = [o.status for o in report.outcomes]
        assert statuses == ["new"] * 5 + ["failed"] + ["new"] * 6
        snap = store.snapshot()
    stored = sorted(s.location for s in snap["sources"])
    assert stored == sorted(p for p in paths if not p.endswith("trial5.md"))
    assert {c.source_id for c in snap["claims"]} == {s.id for s in snap["sources"]}


def test_text_round_trips_exactly(db_url: str, write, extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Ünïcödé — “quotes” ± µm 中文 emoji 🙂\n\nExosomes reduced redness by 20% in 10 patients.\n"
    path = write("odd.txt", text)
    with Store.open(db_url) as store:
        ingest([path], store, extractor=extractor)
        src = store.snapshot()["sources"][0]
    assert src.text == text and src.raw == text.encode()


def test_reviews_are_append_only(db_url: str) -> None:
    with Store.open(db_url) as store:
        with store.session() as s:
            s.add(ReviewRow(doc_key="k", fingerprint=codec.fingerprint("k", "t"), claim_id=1,
                            claim_text="t", decision="confirmed", editor="ed", note="",
                            at=datetime.now(UTC)))
        for stmt in ("UPDATE review SET decision = 'dismissed'", "DELETE FROM review"):
            with pytest.raises(sa.exc.DBAPIError), store.session() as s:
                s.execute(sa.text(stmt))


def test_unreachable_database_is_one_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError) as exc:
        Store.open(str(tmp_path / "missing-dir" / "x.db"))
    assert "cannot open database" in exc.value.one_line()
    with pytest.raises(StoreError):
        Store.open("postgresql+psycopg://nobody@127.0.0.1:1/none")

"""Editor decisions: the hash-chained review log, and reviews that go out of date when the
claim they judged changes its polarity or its numbers."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from cli import app
from evidence import audit
from evidence.export import build_export
from evidence.ingest import ingest
from evidence.reviews import attach, what_changed
from evidence.store import Store
from evidence.store.queries import list_claims, record_review, review_queue, verify_review_log

runner = CliRunner()

PAGE = """<html><head><title>PRP for acne scars</title></head><body>
<h1>PRP for acne scars</h1>
<p>PRP reduces acne scarring by 40% after three sessions.</p>
<p>Microneedling alone improved skin texture in most clients.</p>
</body></html>"""


def _claim_id(store: Store, words: str) -> int:
    return next(c["id"] for c in list_claims(store) if words in c["text"])


@pytest.fixture
def reviewed(tmp_path: Path, extractor):  # type: ignore[no-untyped-def]
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    db = str(tmp_path / "e.db")
    with Store.open(db) as store:
        ingest([str(page)], store, extractor=extractor)
        record_review(store, _claim_id(store, "40%"), "confirmed", "matches the trial", "ana")
    return page, db


@pytest.mark.parametrize(("old", "new", "why"), [
    ("PRP reduces acne scarring by 40%", "PRP does not reduce acne scarring by 40%",
     "the negation changed"),
    ("PRP reduces acne scarring by 40%", "PRP reduces acne scarring by 60%", "a number changed"),
    ("PRP reduces acne scarring by 40% after three sessions",
     "PRP reduces acne scarring by 40% after a few sessions", "a number changed"),
    ("after three sessions.", "after three treatment sessions.", "the wording changed"),
])
def test_a_changed_claim_puts_its_review_out_of_date(reviewed, extractor, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     old: str, new: str, why: str) -> None:
    page, db = reviewed
    page.write_text(PAGE.replace(old, new))
    with Store.open(db) as store:
        ingest([str(page)], store, extractor=extractor)
        row = next(c for c in list_claims(store) if "acne scarring" in c["text"])
        assert row["reopened"] and row["review"] == "out of date (was confirmed)"
        assert row["id"] in [q["id"] for q in review_queue(store)]
        data = build_export(store.snapshot())
    claim = next(c for c in data["claims"] if "acne scarring" in c["text"])
    assert claim["review"]["reopened"] and claim["review"]["out_of_date"] == why
    from evidence.report import build_report

    build_report(data, tmp_path / "site", progress=False)
    html = "".join(p.read_text() for p in (tmp_path / "site").rglob("*.html"))
    assert "Review out of date" in html and "Confirmed by the evidence" not in html
    shown = runner.invoke(app, ["show", str(claim["id"]), "--db", db])
    assert f"review out of date: {why}" in shown.stdout


def test_an_unchanged_claim_keeps_its_decision(reviewed, extractor) -> None:  # type: ignore[no-untyped-def]
    page, db = reviewed
    page.write_text(PAGE.replace("most clients", "many clients"))  # another claim changes
    with Store.open(db) as store:
        ingest([str(page)], store, extractor=extractor)
        row = next(c for c in list_claims(store) if "40%" in c["text"])
    assert row["review"] == "confirmed" and not row["reopened"]


def test_negation_is_never_the_same_claim() -> None:
    """§9 item 24: 'X reduces Y' and 'X does not reduce Y' are never merged, at any threshold."""
    assert what_changed("PRP reduces acne scars.", "PRP does not reduce acne scars.") == (
        "the negation changed")

    class Row:
        def __init__(self, id_: int, text: str, fp: str) -> None:
            self.id, self.text, self.fingerprint, self.source_id = id_, text, fp, 1

    class Review:
        id, doc_key, fingerprint, decision = 1, "k", "old", "confirmed"
        claim_text = "PRP reduces acne scars by 40%."

    import evidence.reviews as rv

    for threshold in (0.0, 50.0, 99.0):
        rv.REOPEN_SIMILARITY, saved = threshold, rv.REOPEN_SIMILARITY
        try:
            got = attach([Row(7, "PRP does not reduce acne scars by 40%.", "new")], {1: "k"},
                         [Review()])
        finally:
            rv.REOPEN_SIMILARITY = saved
        assert all(a.reopened and a.status.startswith("out of date") for a in got.values())


# --- the review log (§9 item 22) ---------------------------------------------------------------


def test_each_decision_is_one_chained_entry_and_replaying_gives_the_statuses(  # type: ignore[no-untyped-def]
        db_url: str, tmp_path: Path, extractor) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    with Store.open(db_url) as store:
        ingest([str(page)], store, extractor=extractor)
        a, b = _claim_id(store, "40%"), _claim_id(store, "texture")
        record_review(store, a, "needs_source", "which trial?", "ana")
        record_review(store, a, "confirmed", "found it", "ben")
        record_review(store, b, "disputed", "no data", "ana")
        check = verify_review_log(store)
        assert check.problem is None and check.entries == 3 and check.claims == 2
        with store.read_session() as s:
            log = s.execute(sa.text("SELECT old_status, new_status, editor, reason, at, tool, "
                                    "prev_hash, hash FROM review_log ORDER BY id")).all()
        assert [(r.old_status, r.new_status, r.editor) for r in log] == [
            ("unreviewed", "needs_source", "ana"), ("needs_source", "confirmed", "ben"),
            ("unreviewed", "disputed", "ana")]
        assert log[0].prev_hash == audit.GENESIS and log[1].prev_hash == log[0].hash
        assert all(r.at.endswith("+00:00") and r.tool == audit.TOOL for r in log)
        for stmt in ("UPDATE review_log SET reason = 'x'", "DELETE FROM review_log"):
            with pytest.raises(sa.exc.DBAPIError), store.session() as s:
                s.execute(sa.text(stmt))
        # the page changes the reviewed claim: the next decision records the old status
        page.write_text(PAGE.replace("by 40%", "by 45%"))
        ingest([str(page)], store, extractor=extractor)
        record_review(store, _claim_id(store, "45%"), "disputed", "the trial says 40%", "ana")
        check = verify_review_log(store)
        assert check.problem is None and check.entries == 4
        with store.read_session() as s:
            last = s.execute(sa.text("SELECT old_status FROM review_log ORDER BY id DESC")).first()
        assert last.old_status == "out of date (was confirmed)"


def _tamper(db: str, sql: str) -> None:
    """Change the log around the database's own guard, as someone with the file could."""
    conn = sqlite3.connect(db)
    conn.executescript("DROP TRIGGER review_log_no_update; DROP TRIGGER review_log_no_delete; "
                       + sql)
    conn.close()


@pytest.mark.parametrize(("sql", "words"), [
    ("UPDATE review_log SET reason = 'edited' WHERE id = 2", "entry 2 (review 2) does not match"),
    ("UPDATE review_log SET new_status = 'confirmed', hash = 'x' WHERE id = 3",
     "entry 3 (review 3) does not match"),
    ("DELETE FROM review_log WHERE id = 2", "entry 3 does not follow"),
    ("DELETE FROM review_log WHERE id = 3", "review 3 has no log entry"),
])
def test_verify_finds_a_changed_or_missing_entry(tmp_path: Path, extractor, sql: str,  # type: ignore[no-untyped-def]
                                                 words: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    db = str(tmp_path / "e.db")
    with Store.open(db) as store:
        ingest([str(page)], store, extractor=extractor)
        a = _claim_id(store, "40%")
        for decision in ("needs_source", "confirmed", "disputed"):
            record_review(store, a, decision, decision, "ana")
    ok = runner.invoke(app, ["review", "--verify", "--db", db])
    assert ok.exit_code == 0 and "3 entries, hash chain intact" in ok.stdout
    _tamper(db, sql)
    bad = runner.invoke(app, ["review", "--verify", "--db", db])
    assert bad.exit_code == 5 and words in bad.stderr and "[E302]" in bad.stderr


def test_replay_disagreeing_with_the_reviews_is_found(tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    """A review row added behind the log's back is a decision the log never saw."""
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    db = str(tmp_path / "e.db")
    with Store.open(db) as store:
        ingest([str(page)], store, extractor=extractor)
        record_review(store, _claim_id(store, "40%"), "confirmed", "ok", "ana")
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO review (doc_key, fingerprint, claim_id, claim_text, decision, "
                 "editor, note, at) SELECT doc_key, fingerprint, claim_id, claim_text, "
                 "'dismissed', 'mallory', '', at FROM review")
    conn.commit()
    conn.close()
    bad = runner.invoke(app, ["review", "--verify", "--db", db])
    assert bad.exit_code == 5 and "review 2 has no log entry" in bad.stderr


def test_decisions_made_before_the_log_existed_are_entered_in_order(tmp_path: Path) -> None:
    """The migration enters existing reviews into the chain, with the status each replaced."""
    from evidence.store import migrations

    db = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{db}")
    names = [n for n, _ in migrations.MIGRATIONS]
    with engine.begin() as conn:  # a database as the previous release left it
        migrations.schema.SQLModel.metadata.create_all(
            conn, tables=[migrations.schema.MigrationRow.__table__])
        for name, fn in migrations.MIGRATIONS[:names.index("m005_source_assessed")]:
            fn(conn)
            conn.execute(sa.text("INSERT INTO evidence_migrations VALUES (:n, '2026-01-01')"),
                         {"n": name})
        for i, decision in enumerate(("needs_source", "confirmed")):
            conn.execute(sa.text(
                "INSERT INTO review (doc_key, fingerprint, claim_id, claim_text, decision, editor, "
                "note, at) VALUES ('k', 'fp', 1, 'PRP works', :d, 'ana', '', :at)"),
                {"d": decision, "at": f"2026-01-0{i + 1} 10:00:00"})
    engine.dispose()
    with Store.open(str(db)) as store:
        check = verify_review_log(store)
        with store.read_session() as s:
            rows = s.execute(sa.text("SELECT old_status, new_status FROM review_log "
                                     "ORDER BY id")).all()
    assert check.problem is None and check.entries == 2
    assert [tuple(r) for r in rows] == [("unreviewed", "needs_source"),
                                        ("needs_source", "confirmed")]
    assert json.dumps(check.problem) == "null"

"""Upgrading a database the previous release wrote (§9 item 25), on SQLite and PostgreSQL:
row counts and content hashes stay as they were, and what the new steps add is filled in."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from typer.testing import CliRunner

from cli import app
from evidence import settings
from evidence.ingest import ingest
from evidence.store import Store
from evidence.store.queries import list_claims, record_review, verify_review_log
from tests.conftest import EXAMPLES

runner = CliRunner()
NEW_STEPS = ("m005_source_assessed", "m006_review_log")  # what this release adds
TABLES = ("source", "claim", "study", "link", "flag", "review")


def _fingerprint(conn: sa.Connection) -> dict[str, object]:
    """Row counts, and a hash of every row's content that the upgrade must not touch."""
    out: dict[str, object] = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
                              for t in TABLES}
    rows = conn.execute(sa.text("SELECT id, content_hash, text, raw FROM source ORDER BY id")).all()
    out["sources"] = hashlib.sha256(repr([(r.id, r.content_hash, r.text, bytes(r.raw))
                                          for r in rows]).encode()).hexdigest()
    claims = conn.execute(sa.text('SELECT id, source_id, start, "end", text, evidence_class, '
                                  "fingerprint FROM claim ORDER BY id")).all()
    out["claims"] = hashlib.sha256(repr([tuple(r) for r in claims]).encode()).hexdigest()
    reviews = conn.execute(sa.text("SELECT id, fingerprint, decision, editor, note FROM review "
                                   "ORDER BY id")).all()
    out["reviews"] = hashlib.sha256(repr([tuple(r) for r in reviews]).encode()).hexdigest()
    return out


def _as_previous_release(url: str) -> None:
    """Take away what this release's steps add, as the previous release left the schema."""
    engine = Store.open(url).engine
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            for trigger in ("review_log_no_update", "review_log_no_delete"):
                conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {trigger}"))
        conn.execute(sa.text("DROP TABLE review_log"))
        conn.execute(sa.text("DROP INDEX IF EXISTS ix_source_assessed"))
        conn.execute(sa.text("ALTER TABLE source DROP COLUMN assessed"))
        conn.execute(sa.text("DELETE FROM evidence_migrations WHERE name IN ('m005_source_assessed', "
                             "'m006_review_log')"))
    engine.dispose()


def test_upgrading_the_previous_release_keeps_every_row(db_url: str, extractor) -> None:  # type: ignore[no-untyped-def]
    with Store.open(db_url) as store:
        ingest([str(p) for p in sorted(EXAMPLES.glob("*.html"))], store, extractor=extractor)
        claims = list_claims(store)
        record_review(store, claims[0]["id"], "confirmed", "checked", "ana")
        record_review(store, claims[1]["id"], "disputed", "no", "ben")
        record_review(store, claims[0]["id"], "needs_source", "which trial?", "ana")
    _as_previous_release(db_url)
    plain = sa.create_engine(settings.db_url(db_url))  # reads without migrating
    with plain.connect() as conn:
        assert "assessed" not in {c["name"] for c in sa.inspect(conn).get_columns("source")}
        before = _fingerprint(conn)
    plain.dispose()
    with Store.open(db_url) as store:  # the upgrade
        with store.engine.connect() as conn:
            after = _fingerprint(conn)
            steps = [r[0] for r in conn.execute(sa.text("SELECT name FROM evidence_migrations"))]
        assert after == before
        assert all(steps.count(s) == 1 for s in NEW_STEPS)
        check = verify_review_log(store)
        assert check.problem is None and check.entries == 3
        assert store.needs_assessment()  # versions from before the mark get one pass
    r = runner.invoke(app, ["sources", "--db", db_url])
    assert r.exit_code == 0 and "finishing the assessment" in r.stderr
    with Store.open(db_url) as store:
        assert not store.needs_assessment()
        with store.engine.connect() as conn:
            again = _fingerprint(conn)
    assert {k: again[k] for k in ("sources", "reviews", *TABLES[:3])} == {
        k: before[k] for k in ("sources", "reviews", *TABLES[:3])}

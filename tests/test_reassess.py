"""A full pass (`evidence reassess`) gives what the passes ingest ran one document at a time
gave: the scope each of those read was enough."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli import app
from evidence.export import build_export
from evidence.ingest import ingest
from evidence.store import Store
from tests.conftest import EXAMPLES, FIXTURES

runner = CliRunner()


def _export(db: str) -> dict:  # type: ignore[type-arg]
    with Store.open(db, create=False) as store:
        return build_export(store.snapshot())


def test_one_document_at_a_time_then_a_full_pass_changes_nothing(tmp_path: Path,
                                                                 extractor) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "r.db")
    docs = [p for p in sorted((FIXTURES / "docs").iterdir()) if p.name != "README.md"]
    # commercial pages first, the studies they retell later: each new study re-traces them
    docs = sorted(docs, key=lambda p: p.suffix != ".html") + sorted(EXAMPLES.glob("*.html"))
    with Store.open(db) as store:
        for p in docs:
            ingest([str(p)], store, extractor=extractor)
    one_by_one = _export(db)
    assert any(ln.get("to_study") for ln in one_by_one["links"])
    r = runner.invoke(app, ["reassess", "--db", db])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("reassessed ") and int(r.stdout.split()[1]) > 0 and f"of {len(one_by_one['sources'])} sources" in r.stdout
    assert _export(db) == one_by_one


def test_reassess_needs_an_existing_base(tmp_path: Path) -> None:
    r = runner.invoke(app, ["reassess", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 4


def test_a_focused_pass_assesses_only_what_a_document_can_change(tmp_path: Path,
                                                                 extractor) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from evidence.assess import assess
    from evidence.models import Focus

    db = str(tmp_path / "f.db")
    docs = [str(p) for p in sorted((FIXTURES / "docs").iterdir()) if p.name != "README.md"]
    with Store.open(db) as store:
        ingest(docs + [str(EXAMPLES)], store, extractor=extractor)
        assert assess(store.corpus()).claims == {}  # nothing new: nothing to assess again
        whole = store.corpus(whole=True)
    full = assess(whole)
    by_loc = {s.location: sid for sid, s in whole.sources.items()}
    page = by_loc[str(EXAMPLES / "clinic-prp-microneedling.html")]
    study = by_loc[str(EXAMPLES / "trial-microneedling-prp.html")]
    regulator = by_loc[str(EXAMPLES / "regulator-notice-prp.html")]
    claims_of = {sid: {cc.id for cc in whole.claims if cc.source_id == sid} for sid in whole.sources}

    one_page = assess(replace(whole, focus=Focus(frozenset({page}), frozenset())))
    assert set(one_page.claims) == claims_of[page]
    assert all(one_page.claims[k] == full.claims[k] for k in one_page.claims)

    for changed in (study, regulator):
        part = assess(replace(whole, focus=Focus(frozenset({changed}), frozenset({changed}))))
        covered = {sid for sid, ids in claims_of.items() if ids and ids <= set(part.claims)}
        assert {changed, page} <= covered < {sid for sid, ids in claims_of.items() if ids}
        assert all(part.claims[k] == full.claims[k] for k in part.claims)
        assert [ln for ln in full.links if ln.from_claim in part.claims] == \
            [ln for ln in part.links if ln.from_claim is not None]


def test_a_note_repeating_an_earlier_ones_agency_and_topic_moves_no_statement(
        tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from evidence.assess import assess
    from evidence.models import Focus

    db = str(tmp_path / "n.db")
    docs = [str(p) for p in sorted((FIXTURES / "docs").iterdir()) if p.name != "README.md"]
    note = tmp_path / "fda-exosome-reminder.txt"
    padding = " ".join(["The agency publishes consumer updates to explain what it reviews."] * 30)
    note.write_text(
        "URL: https://www.fda.gov/consumers/consumer-updates/exosome-reminder\n\n"
        "A reminder about exosome products\n\n" + padding + "\n\n"
        "No exosome product is approved by the FDA for cosmetic use.\n", encoding="utf-8")
    with Store.open(db) as store:
        ingest(docs + [str(EXAMPLES)], store, extractor=extractor)
        ingest([str(note)], store, extractor=extractor)
        whole = store.corpus(whole=True)
    one_by_one = _export(db)
    by_loc = {s.location: sid for sid, s in whole.sources.items()}
    added = by_loc[str(note)]
    assert whole.sources[added].kind == "regulatory"
    assert any(cc.claim.kind == "regulatory" for cc in whole.claims if cc.source_id == added)
    page = by_loc[str(EXAMPLES / "clinic-prp-microneedling.html")]
    page_claims = {cc.id for cc in whole.claims if cc.source_id == page}
    assert any(ln["kind"] == "regulatory" and ln["from_claim"] in page_claims
               for ln in one_by_one["links"])
    part = assess(replace(whole, focus=Focus(frozenset({added}), frozenset({added}))))
    assert added in {cc.source_id for cc in whole.claims if cc.id in part.claims}
    assert not page_claims & set(part.claims)  # its statements keep the earlier note
    assert runner.invoke(app, ["reassess", "--db", db]).exit_code == 0
    assert _export(db) == one_by_one

"""The listings' read path: SQL that filters and ranks, rows streamed, a fast start on SQLite.

A ready SQLite file is read with the standard library's sqlite3; everything
else goes through the Store. Both must list exactly the same rows.
"""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidence import output
from evidence import search as sx
from evidence.ingest import ingest
from evidence.store import Store
from evidence.store import listings as ls
from evidence.store.queries import record_review
from evidence.store.reader import close, open_fast
from evidence.store.versions import MIGRATION_NAMES, RANK_KEYS_INDEX
from tests.conftest import EXAMPLES, ROOT

PAGE = """Laser Aftercare Notes

Our clinic cites a 10-week split-face study of 18 patients: recovery took 3–5 days
with the serum and 6–8 days without it.

The serum does not reduce redness in every patient.
The serum reduces redness after laser resurfacing.
"""

FILTERS = [ls.ClaimFilter(), ls.ClaimFilter(evidence_class="randomized"),
           ls.ClaimFilter(kind="recovery"), ls.ClaimFilter(source="aftercare"),
           ls.ClaimFilter(source="1"), ls.ClaimFilter(flag="untraced_number"),
           ls.ClaimFilter(unreviewed=True), ls.ClaimFilter(study=2)]


@pytest.fixture
def base(db_path: str, write, extractor) -> str:  # type: ignore[no-untyped-def]
    """The examples plus a clinic page, with two editor decisions (one on a claim whose
    wording then changes, so its review is re-opened)."""
    path = write("aftercare.txt", PAGE)
    with Store.open(db_path) as store:
        ingest([str(EXAMPLES), path], store, extractor=extractor)
        claims = ls.list_claims(store)
        record_review(store, claims[0]["id"], "accurate", "checked", editor="ana")
        target = next(c for c in claims if "3–5 days" in c["text"])
        record_review(store, target["id"], "misleading", "not this study", editor="ben")
        write("aftercare.txt", PAGE.replace("3–5 days", "3–6 days"))
        ingest([path], store, extractor=extractor)
    return db_path


def fast_and_store(db: str, fn: Any) -> tuple[Any, Any]:
    reader = open_fast(db)
    assert reader is not None
    try:
        fast = fn(reader)
    finally:
        close(reader)
    with Store.open(db, create=False) as store:
        return fast, fn(store)


@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_the_fast_reader_lists_what_the_store_lists(base: str, f: ls.ClaimFilter) -> None:
    fast, slow = fast_and_store(base, lambda r: ls.list_claims(r, f))
    assert fast == slow and fast
    assert all(isinstance(row["id"], int) for row in fast)


def test_reviews_attach_on_the_fast_path(base: str) -> None:
    fast, _ = fast_and_store(base, ls.list_claims)
    reviewed = {row["review"] for row in fast if row["review"]}
    assert "accurate" in reviewed
    assert any(row["reopened"] and "3–6 days" in row["text"] for row in fast)


@pytest.mark.parametrize("fn", [ls.list_sources, ls.list_studies, ls.review_queue,
                                lambda r: ls.search(r, "redness", any_polarity=True),
                                lambda r: ls.search(r, "downtime", limit=3)],
                         ids=["sources", "studies", "queue", "search-any", "search-limit"])
def test_every_listing_reads_the_same_both_ways(base: str, fn: Any) -> None:
    fast, slow = fast_and_store(base, fn)
    assert fast == slow and fast



@pytest.mark.parametrize("f", FILTERS, ids=repr)
def test_a_filtered_search_finds_the_filtered_claims_that_match(base: str,
                                                                f: ls.ClaimFilter) -> None:
    with Store.open(base, create=False) as store:
        every = {h["id"] for h in ls.search(store, "days", limit=10_000, any_polarity=True)}
        listed = {c["id"] for c in ls.list_claims(store, f)}
        found = {h["id"] for h in ls.search(store, "days", f, limit=10_000, any_polarity=True)}
    assert every  # else the comparison says nothing
    assert found == every & listed


def _plan(base: str, f: ls.ClaimFilter) -> str:
    reader = open_fast(base)
    assert reader is not None
    try:
        rankings, (_, params) = ls._ranking(reader, sx.terms("downtime"), f, False)
        return " ".join(str(row[-1]) for ranked in rankings
                        for row in reader.rows(f"EXPLAIN QUERY PLAN {ranked.sql()}", params))
    finally:
        close(reader)


def test_an_unfiltered_ranking_reads_the_full_text_index_alone(base: str) -> None:
    plan = _plan(base, ls.ClaimFilter())
    assert "claim_fts" in plan
    assert "SEARCH c " not in plan and "SEARCH s " not in plan


def test_a_filtered_ranking_reads_every_hit_through_the_narrow_index(base: str) -> None:
    assert f"COVERING INDEX {RANK_KEYS_INDEX}" in _plan(base, ls.ClaimFilter(kind="outcome"))


def test_source_counts_agree_with_the_claims(base: str) -> None:
    fast, _ = fast_and_store(base, ls.list_sources)
    claims, _ = fast_and_store(base, ls.list_claims)
    for s in fast:
        mine = [c for c in claims if c["source_id"] == s["id"]]
        assert s["claims"] == len(mine)
        assert s["flagged_claims"] == sum(1 for c in mine if c["flags"])


def test_hidden_hits_are_counted_past_the_scan_window(base: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(base, create=False) as store:
        whole = ls.search_hits(store, "days", limit=1, any_polarity=True)
        monkeypatch.setattr(ls, "SCAN", 1)
        cut = ls.search_hits(store, "days", limit=1, any_polarity=True)
    assert whole.past_limit >= 2  # else the window would not be cut
    assert cut.rows == whole.rows
    assert cut.past_limit + cut.other_polarity == whole.past_limit + whole.other_polarity


def test_a_base_that_needs_migrating_is_not_read_fast(base: str) -> None:
    with sqlite3.connect(base) as conn:
        conn.execute("DELETE FROM evidence_migrations WHERE name = ?", (MIGRATION_NAMES[-1],))
    assert open_fast(base) is None
    r = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "claims", "--db", base,
                        "--jsonl"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and r.stdout.count("\n") >= 10
    reader = open_fast(base)  # the Store migrated it on the way
    assert reader is not None
    close(reader)


def test_a_base_waiting_for_assessment_is_not_read_fast(base: str) -> None:
    with sqlite3.connect(base) as conn:
        conn.execute("UPDATE source SET assessed = 0 WHERE id = 1")
    assert open_fast(base) is None


@pytest.mark.parametrize("command", ["sources", "claims", "studies", "query downtime"])
def test_listings_on_a_ready_sqlite_file_load_no_sqlalchemy(command: str, base: str) -> None:
    # nor the data model: the filters' choices come from `evidence.vocabulary`
    code = ("import sys, cli\nsys.argv = ['evidence', *sys.argv[1:]]\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print('HEAVY' if {'sqlalchemy', 'spacy', 'sqlmodel', 'evidence.models'} "
            "& set(sys.modules) "
            "else 'LIGHT', file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code, *command.split(), "--db", base],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.stderr.strip().endswith("LIGHT"), r.stderr[-500:]
    assert r.stdout.count("\n") >= 2


def rows_then_fail(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield {"id": i, "text": f"claim {i}"}
    raise RuntimeError("the database went away")


@pytest.mark.parametrize("fmt", list(output.Format))
def test_rows_are_written_before_the_listing_ends(fmt: output.Format) -> None:
    out = io.StringIO()
    with pytest.raises(RuntimeError):
        output.emit(rows_then_fail(output.TABLE_SAMPLE + 5), fmt, ["id", "text"], out=out)
    assert "claim 3" in out.getvalue()


def test_a_streamed_table_sizes_columns_on_its_first_rows() -> None:
    rows = [{"id": 1, "text": "short"}] * 3 + [{"id": 2, "text": "a much longer text"}]
    lines = output.table(rows, ["id", "text"], {}, None).splitlines()
    assert lines[-1].endswith("a much longer text")
    sampled = "".join(output.table_lines(rows, ["id", "text"], {}, None, sample=2)).splitlines()
    assert sampled[-1] == "2   a mu\u2026"


@given(st.lists(st.dictionaries(st.text(max_size=5), st.one_of(
    st.integers(), st.text(max_size=8), st.lists(st.text(max_size=3), max_size=2),
    st.none()), max_size=3), max_size=4))
def test_a_streamed_json_array_is_what_json_writes(rows: list[dict[str, Any]]) -> None:
    out = io.StringIO()
    output.emit(iter(rows), output.Format.json, [], out=out)
    assert out.getvalue() == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def test_the_search_index_holds_only_the_latest_versions(base: str) -> None:
    with Store.open(base, create=False) as store:
        hits = {h["id"]: h for h in ls.search(store, "days", limit=10_000, any_polarity=True)}
        latest = {c["id"]: c for c in ls.list_claims(store)}
    with sqlite3.connect(base) as conn:
        conn.execute("INSERT INTO claim_fts(claim_fts) VALUES ('integrity-check')")
        old = [cid for cid, in conn.execute(
            "SELECT c.id FROM claim c JOIN source s ON s.id = c.source_id "
            "WHERE NOT s.is_latest AND c.text LIKE '%3–5 days%'")]
    assert old  # the page's first version is stored, and says what the second does not
    assert not set(old) & set(hits)
    assert set(hits) <= set(latest)
    assert {cid for cid, c in latest.items() if "days" in c["text"].lower()} <= set(hits)


def test_a_changed_class_is_searched_under_its_new_class(base: str) -> None:
    with Store.open(base, create=False) as store:
        hit = ls.search(store, "days", ls.ClaimFilter(evidence_class="unverified"), limit=1)[0]
    with sqlite3.connect(base) as conn:
        conn.execute("UPDATE claim SET evidence_class = 'review' WHERE id = ?", (hit["id"],))
    with Store.open(base, create=False) as store:
        as_review = ls.search(store, "days", ls.ClaimFilter(evidence_class="review"), limit=500)
        as_before = ls.search(store, "days", ls.ClaimFilter(evidence_class="unverified"),
                              limit=500)
    assert hit["id"] in {h["id"] for h in as_review}
    assert hit["id"] not in {h["id"] for h in as_before}


def test_a_class_with_too_many_hits_ranks_its_most_recent(base: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(base, create=False) as store:
        whole = ls.search_hits(store, "days", limit=10_000, any_polarity=True)
        monkeypatch.setattr(ls, "RANK_WINDOW", 2)
        cut = ls.search_hits(store, "days", limit=10_000, any_polarity=True)
        asked = ls.search_hits(store, "days", limit=10_000, any_polarity=True, rank_all=True)
    by_class: dict[str, list[int]] = {}
    for h in whole.rows:
        by_class.setdefault(h["evidence_class"], []).append(h["id"])
    crowded = sorted(c for c, ids in by_class.items() if len(ids) > 2)
    assert crowded  # else no class is cut
    assert cut.bounded == [c for c in sx.CLASS_ORDER if c in crowded]
    for c in crowded:
        shown = {h["id"] for h in cut.rows if h["evidence_class"] == c}
        assert shown == set(sorted(by_class[c])[-2:])
    left_out = len(whole.rows) - len(cut.rows)
    assert left_out and cut.unranked == left_out and whole.unranked == 0
    assert asked.rows == whole.rows and not asked.bounded and not whole.bounded


def test_the_cli_says_which_classes_were_ranked_in_part(base: str) -> None:
    r = subprocess.run([sys.executable, "-c",
                        "import cli; from evidence.store import listings; "
                        "listings.RANK_WINDOW = 2; cli.main()", "query", "days", "--db", base],
                       capture_output=True, text=True, cwd=ROOT)
    whole = subprocess.run([sys.executable, "-c", "import cli; from evidence.store import "
                            "listings; listings.RANK_WINDOW = 2; cli.main()", "query", "days",
                            "--db", base, "--rank-all"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "only the 2 most recent hits of" in r.stderr
    assert whole.returncode == 0 and "most recent" not in whole.stderr and whole.stdout

"""Asking about claims: listings, show, query, check, and the editor's review queue."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cli import app
from evidence import search as sx
from evidence.ingest import ingest
from evidence.store import Store
from evidence.store.queries import (
    SEVERITY_ORDER,
    ClaimFilter,
    list_claims,
    record_review,
    review_queue,
    search,
)
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()

VENDOR = """Exosome Aftercare

A 12-week split-face study compared exosome gel plus CO2 laser to laser alone in 24 patients:

- Downtime: faster recovery (2–4 days vs. 6–9 days)
- Results: 30% smoother texture vs. 12% on the control side

Exosome gel does not reduce scarring in deep icepick scars.
Exosome gel reduces scarring after laser resurfacing.
"""


@pytest.fixture
def loaded(db_url: str, write, extractor):  # type: ignore[no-untyped-def]
    """The examples plus a vendor page, on SQLite and on PostgreSQL."""
    path = write("vendor.txt", VENDOR)
    with Store.open(db_url) as store:
        ingest([str(EXAMPLES), path], store, extractor=extractor)
        yield store, path


def test_listings_and_filters(loaded) -> None:  # type: ignore[no-untyped-def]
    store, _ = loaded
    every = list_claims(store)
    assert every and {"id", "evidence_class", "flags", "text"} <= set(every[0])
    rand = list_claims(store, ClaimFilter(evidence_class="randomized"))
    assert rand and all(c["evidence_class"] == "randomized" for c in rand)
    flagged = list_claims(store, ClaimFilter(flag="number_mismatch"))
    assert [("52%" in c["text"]) for c in flagged] == [True]
    by_source = list_claims(store, ClaimFilter(source="vendor"))
    assert by_source and all(c["location"].endswith("vendor.txt") for c in by_source)
    study = flagged[0]["study_id"]
    assert all(c["study_id"] == study for c in list_claims(store, ClaimFilter(study=study)))


def test_query_widens_with_synonyms_and_keeps_polarity_apart(loaded) -> None:  # type: ignore[no-untyped-def]
    store, _ = loaded
    hits = search(store, "recovery time")  # a synonym of downtime
    assert any("Downtime" in h["text"] or "downtime" in h["text"] for h in hits)
    classes = [sx.class_rank(h["evidence_class"]) for h in hits]
    assert classes == sorted(classes)  # randomized evidence first
    pos = [h["text"] for h in search(store, "exosome reduces scarring")]
    neg = [h["text"] for h in search(store, "exosome does not reduce scarring")]
    assert any("reduces scarring after laser" in t for t in pos)
    assert not any("does not reduce" in t for t in pos)
    assert any("does not reduce" in t for t in neg)
    assert not any("reduces scarring after laser" in t for t in neg)


def test_review_is_append_only_and_survives_reingest(db_path: str, write, extractor) -> None:  # type: ignore[no-untyped-def]
    path = write("vendor.txt", VENDOR)
    with Store.open(db_path) as store:
        ingest([path], store, extractor=extractor)
        queue = review_queue(store)
        order = [SEVERITY_ORDER[q["severity"]] for q in queue]
        assert queue and order == sorted(order)  # most severe first
        target = next(q["id"] for q in queue if "2–4 days" in q["text"])
        record_review(store, target, "needs_source", "which trial?", editor="ana")
        record_review(store, target, "disputed", "figures differ", editor="ben")
        assert target not in [q["id"] for q in review_queue(store)]
        ingest([path], store, extractor=extractor)  # unchanged: the decision stays attached
        row = next(c for c in list_claims(store) if c["id"] == target)
        assert row["review"] == "disputed" and not row["reopened"]
        old_text = row["text"]
        # the document changes the reviewed claim's wording: the review re-opens
        write("vendor.txt", VENDOR.replace("2–4 days", "2–5 days"))
        ingest([path], store, extractor=extractor)
        now = [c for c in list_claims(store) if c["review"]]
        assert len(now) == 1 and now[0]["reopened"] and now[0]["text"] != old_text
        assert now[0]["id"] in [q["id"] for q in review_queue(store)]


def test_cli_listings_in_every_format(loaded) -> None:  # type: ignore[no-untyped-def]
    store, _ = loaded
    db = store.label
    for cmd in ("sources", "claims", "studies", "review"):
        table = runner.invoke(app, [cmd, "--db", db])
        assert table.exit_code == 0 and table.stdout.strip(), cmd
        rows = json.loads(runner.invoke(app, [cmd, "--db", db, "--json"]).stdout)
        lines = runner.invoke(app, [cmd, "--db", db, "--jsonl"]).stdout.splitlines()
        assert len(lines) == len(rows)
        parsed = list(csv.reader(io.StringIO(runner.invoke(app, [cmd, "--db", db, "--csv"]).stdout)))
        assert len(parsed) == len(rows) + 1


def test_show_has_everything(loaded) -> None:  # type: ignore[no-untyped-def]
    store, _ = loaded
    db = store.label
    cid = list_claims(store, ClaimFilter(flag="number_mismatch"))[0]["id"]
    record_review(store, cid, "confirmed", "checked against the trial", editor="ana")
    d = json.loads(runner.invoke(app, ["show", str(cid), "--db", db, "--json"]).stdout)
    assert d["context"]["claim"] == d["text"]
    assert d["study"]["design"] == "rct" and d["links"][0]["mismatches"]
    assert any(f["code"] == "number_mismatch" and f["other_text"] for f in d["flags"])
    assert d["review_history"][0]["editor"] == "ana"
    text = runner.invoke(app, ["show", str(cid), "--db", db]).stdout
    assert "\u00bb" in text and "number_mismatch" in text and "confirmed" in text
    missing = runner.invoke(app, ["show", "99999", "--db", db])
    assert missing.exit_code == 64 and "no claim with id 99999" in missing.stderr


def test_check_verdicts_and_exit_codes(loaded) -> None:  # type: ignore[no-untyped-def]
    store, _ = loaded
    db = store.label
    supported = runner.invoke(app, ["check", "PRP with microneedling improves acne scars", "--db", db])
    assert supported.exit_code == 0 and supported.stdout.startswith("supported")
    weak = runner.invoke(app, ["check", "exosome gel shortens downtime after laser", "--db", db,
                               "--json"])
    v = json.loads(weak.stdout)
    assert weak.exit_code == 1 and v["verdict"] == "unsupported"
    assert v["supporting"] and all(r["evidence_class"] in ("attributed", "unverified")
                                   for r in v["supporting"])
    none = runner.invoke(app, ["check", "tattoo removal cures baldness", "--db", db])
    assert none.exit_code == 2 and none.stdout.startswith("no_evidence")


def test_approval_statements_are_answered_by_the_regulators_note(loaded) -> None:  # type: ignore[no-untyped-def]
    store, _ = loaded
    db = store.label
    wrong = runner.invoke(app, ["check", "exosome serums are FDA approved for acne scars",
                                "--db", db, "--json"])
    v = json.loads(wrong.stdout)
    assert wrong.exit_code == 1 and v["verdict"] == "contradicted"
    assert all(r["kind"] == "regulatory" for r in v["contradicting"])
    right = runner.invoke(app, ["check", "the FDA has not approved exosome products",
                                "--db", db, "--json"])
    v = json.loads(right.stdout)
    assert right.exit_code == 0 and v["verdict"] == "supported"
    assert v["supporting"][0]["source_kind"] == "regulatory"


def test_usage_errors_exit_64_through_the_console_script(tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "query"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 64 and "Missing argument" in r.stderr


@pytest.mark.parametrize("command", ["sources", "claims", "studies", "show 1", "query downtime",
                                     "review", "export", "check downtime"])
def test_read_commands_do_not_import_spacy(command: str, db_path: str, write, extractor) -> None:  # type: ignore[no-untyped-def]
    with Store.open(db_path) as store:
        ingest([write("v.txt", VENDOR)], store, extractor=extractor)
    code = ("import sys, cli\nsys.argv = ['evidence', *sys.argv[1:]]\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print('SPACY' if 'spacy' in sys.modules else 'CLEAN', file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code, *command.split(), "--db", db_path],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.stderr.strip().endswith("CLEAN"), r.stderr[-500:]

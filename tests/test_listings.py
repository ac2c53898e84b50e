"""Listings an editor can act on: ids always shown, bad options refused with their choices,
hidden rows counted, one output convention, colour only where it belongs."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from evidence.output import fit, table
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = str(tmp_path_factory.mktemp("listings") / "examples.db")
    r = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", path])
    assert r.exit_code == 0, r.output
    yield path


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def on_terminal(args: list[str], *, columns: int = 120, env: dict[str, str] | None = None,
                cwd: Path = ROOT) -> str:
    """Run the console script with stdout and stderr on a real pseudo-terminal."""
    master, slave = os.openpty()
    full_env = {**os.environ, "COLUMNS": str(columns), "LINES": "40", "TERM": "xterm",
                **(env or {})}
    full_env.pop("NO_COLOR", None) if env is None or "NO_COLOR" not in env else None
    p = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", *args], stdout=slave,
                         stderr=slave, stdin=subprocess.DEVNULL, env=full_env, cwd=cwd)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    p.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("columns", [80, 120])
def test_a_terminal_table_keeps_the_id_and_shrinks_the_text(db: str, columns: int) -> None:
    out = on_terminal(["claims", "--db", db], columns=columns)
    lines = [ln for ln in out.replace("\x1b[1m", "").replace("\x1b[0m", "").splitlines() if ln]
    assert lines[0].split()[0] == "id", lines[0]
    ids = [ln.split()[0] for ln in lines[1:]]
    assert ids and all(i.isdigit() for i in ids)
    assert max(len(ln) for ln in lines) <= columns


def test_the_text_column_gives_way_first() -> None:
    natural = {"id": 3, "kind": 8, "location": 34, "text": 70}
    w = fit(natural, list(natural), 80)
    assert w["id"] == 3 and w["kind"] == 8 and w["location"] == 34 and w["text"] < 70
    rows = [{"id": 123, "kind": "efficacy", "location": "x" * 34, "text": "y" * 70}]
    out = table(rows, ["id", "kind", "location", "text"], {}, 60)
    assert out.splitlines()[1].startswith("123 ") and all(len(ln) <= 60 for ln in out.splitlines())


def test_piped_tables_have_no_trailing_spaces(db: str) -> None:
    for cmd in ("sources", "claims", "studies", "review"):
        out = run(cmd, "--db", db).stdout
        assert out.strip() and not [ln for ln in out.splitlines() if ln != ln.rstrip()], cmd


def test_table_cells_carry_their_row_and_column(db: str) -> None:
    out = run("claims", "--db", db, "--source", "clinic").stdout
    assert "[Microneedling + PRP \u00b7 Downtime] 1\u20132 days" in out
    rows = json.loads(run("claims", "--db", db, "--source", "clinic", "--json").stdout)
    cell = next(r for r in rows if r["text"] == "1\u20132 days")  # data keeps the exact text
    assert cell["subject"] == "Microneedling + PRP \u00b7 Downtime"
    queue = run("review", "--db", db).stdout
    assert "[Microneedling + PRP \u00b7 Downtime]" in queue


@pytest.mark.parametrize(("option", "value", "choice"), [
    ("--class", "bogus", "randomized"), ("--flag", "bogus", "number_mismatch"),
    ("--kind", "bogus", "efficacy")])
def test_enumerated_options_are_checked(db: str, option: str, value: str, choice: str) -> None:
    for cmd in (["claims"], ["query", "downtime"]):
        r = run(*cmd, option, value, "--db", db)
        assert r.exit_code == 64 and option in r.stderr and choice in r.stderr, r.output
        assert "(no rows)" not in r.stdout


def test_two_output_formats_at_once_are_refused(db: str) -> None:
    for args in (["claims", "--json", "--csv"], ["sources", "--jsonl", "--json"],
                 ["export", "--format", "jsonl", "--csv"]):
        r = run(*args, "--db", db)
        assert r.exit_code == 64 and "choose one output format" in r.stderr, args


def test_an_unknown_claim_id_is_a_usage_error(db: str) -> None:
    for args in (["show", "99999"], ["review", "99999", "--decision", "needs_source"]):
        r = run(*args, "--db", db)
        assert r.exit_code == 64 and "99999" in r.stderr, r.output


def test_query_says_how_many_rows_its_polarity_filter_hid(db: str) -> None:
    r = run("query", "PRP does not improve acne scars", "--db", db)
    shown = r.stdout.count("\n")
    assert "left out: of the opposite polarity" in r.stderr and "--any-polarity" in r.stderr
    every = run("query", "PRP does not improve acne scars", "--any-polarity", "--db", db)
    assert every.stdout.count("\n") > shown and "opposite polarity" not in every.stderr
    limited = run("query", "downtime", "--limit", "1", "--db", db)
    assert "past --limit 1" in limited.stderr


def test_one_output_convention_everywhere(db: str) -> None:
    export = json.loads(run("export", "--db", db).stdout)
    assert json.loads(run("export", "--json", "--db", db).stdout) == export
    assert json.loads(run("export", "--format", "json", "--db", db).stdout) == export
    assert run("export", "--jsonl", "--db", db).stdout == \
        run("export", "--format", "jsonl", "--db", db).stdout
    assert run("export", "--csv", "--db", db).stdout == \
        run("export", "--format", "csv", "--db", db).stdout
    shown = json.loads(run("show", "3", "--json", "--db", db).stdout)
    assert isinstance(shown, dict) and shown["id"] == 3
    decided = run("review", "3", "--decision", "needs_source", "--note", "which arm?",
                  "--editor", "ana", "--json", "--db", db)
    record = json.loads(decided.stdout)
    assert isinstance(record, dict) and record["claim_id"] == 3 and record["editor"] == "ana"


def test_version_and_plain_help() -> None:
    from importlib.metadata import version

    r = run("--version")
    assert r.exit_code == 0 and r.stdout.strip() == f"evidence {version('evidence')}"
    for cmd in ("claims", "ingest", "export", "review", "query"):
        assert "<bool>" not in run(cmd, "--help").stdout, cmd


def test_no_color_is_obeyed_on_a_terminal(db: str) -> None:
    coloured = on_terminal(["show", "3", "--db", db], env={})
    assert "\x1b[" in coloured  # the claim is marked in reverse video on a terminal
    plain = on_terminal(["show", "3", "--db", db], env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "\u00bb" in plain
    table_plain = on_terminal(["claims", "--db", db], env={"NO_COLOR": "1"})
    assert "\x1b[" not in table_plain


def test_ingest_on_a_terminal_names_each_document_once(tmp_path: Path) -> None:
    out = on_terminal(["ingest", str(EXAMPLES), "--db", str(tmp_path / "t.db")])
    assert out.count("clinic-prp-microneedling.html") == 1, out
    assert "ingesting" in out  # the progress bar, on stderr, gone when the run ends
    quiet = on_terminal(["ingest", str(EXAMPLES), "--db", str(tmp_path / "q.db"), "--quiet"])
    assert "ingesting" not in quiet and quiet.count("clinic-prp-microneedling.html") == 1


def test_a_misquoted_retelling_is_listed_as_such(db: str) -> None:
    out = run("claims", "--class", "attributed", "--source", "clinic", "--db", db).stdout
    row = next(ln for ln in out.splitlines() if "52% improvement" in ln)
    assert row.split()[1] == "misquoted"  # not "attributed", its class as a retelling
    data = json.loads(run("claims", "--class", "attributed", "--source", "clinic", "--json",
                          "--db", db).stdout)
    quoted = next(r for r in data if "52% improvement" in r["text"])
    assert quoted["evidence_class"] == "attributed" and quoted["shown_as"] == "misquoted"
    assert "[misquoted; class attributed]" in run("show", str(quoted["id"]), "--db", db).stdout

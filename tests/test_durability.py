"""Nothing is lost and nothing is left half-done: crashes and Ctrl-C at every stage of an
ingest, writers that race, processes that create one database at once, extraction
workers whose parent dies, and a `--db` that would keep nothing.

Real processes and real signals: each interrupted run is `evidence ingest` in a child
process, stopped where the test wants it by a driver that pauses at a named stage.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from evidence.ingest import ingest
from evidence.store import Store
from tests.conftest import EXAMPLES, FIXTURES, ROOT

runner = CliRunner()
DOCS = sorted(EXAMPLES.glob("*.html")) + [FIXTURES / "docs" / "vendor-prp-hair.md",
                                          FIXTURES / "docs" / "rct-co2-exosomes.txt"]

# Runs `evidence ingest` and pauses at one stage, printing its name, until a signal comes.
DRIVER = textwrap.dedent('''
    import sys
    sys.path.insert(0, {root!r})
    import evidence.store.db as db

    stage, at = sys.argv[1], int(sys.argv[2])
    seen = {{"save": 0}}

    def pause(name):
        print(name, flush=True)
        sys.stdin.readline()  # the test sends its signal while we wait here

    save = db.Store.save_document
    def save_document(self, *a, **k):
        seen["save"] += 1
        if stage == "before-save" and seen["save"] == at:
            pause(stage)
        out = save(self, *a, **k)
        if stage == "after-save" and seen["save"] == at:
            pause(stage)
        return out
    db.Store.save_document = save_document

    apply = db.Store.apply_assessment
    def apply_assessment(self, *a, **k):
        if stage == "assessing":
            pause(stage)
        return apply(self, *a, **k)
    db.Store.apply_assessment = apply_assessment

    links = db._rewrite_links
    def rewrite_links(conn, a):
        links(conn, a)
        if stage == "writing-assessment":
            pause(stage)  # inside the assessment's transaction
    db._rewrite_links = rewrite_links

    from cli import main
    sys.argv = ["evidence", "ingest", *sys.argv[4:], "--db", sys.argv[3]]
    main()
''')


def _driver(tmp_path: Path) -> Path:
    path = tmp_path / "driver.py"
    path.write_text(DRIVER.format(root=str(ROOT)))
    return path


def _interrupt(tmp_path: Path, stage: str, sig: int, db: str, docs: list[Path],
               at: int = 2) -> int:
    """Run the driver until it reports `stage`, send `sig`, return its exit status."""
    proc = subprocess.Popen([sys.executable, str(_driver(tmp_path)), stage, str(at), db,
                             *map(str, docs)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        line = proc.stdout.readline().strip()
        assert line == stage, proc.stderr.read()
        proc.send_signal(sig)
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode


def _state(db: str) -> dict:  # type: ignore[type-arg]
    """What the database holds, by document: version, claim count and assessment."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        docs = {}
        for key, version, sid, assessed in conn.execute(
                "SELECT doc_key, version, id, assessed FROM source WHERE is_latest"):
            claims = conn.execute("SELECT count(*), sum(assessor = '') FROM claim "
                                  "WHERE source_id = ?", (sid,)).fetchone()
            flags = conn.execute("SELECT code FROM flag JOIN claim ON claim.id = flag.claim_id "
                                 "WHERE claim.source_id = ? ORDER BY code", (sid,)).fetchall()
            classes = conn.execute("SELECT evidence_class FROM claim WHERE source_id = ? "
                                   "ORDER BY ordinal", (sid,)).fetchall()
            docs[Path(key).name] = {"version": version, "claims": claims[0],
                                    "unassessed": claims[1] or 0, "assessed": bool(assessed),
                                    "flags": [f[0] for f in flags],
                                    "classes": [c[0] for c in classes]}
        versions = conn.execute("SELECT count(*) FROM source").fetchone()[0]
        return {"docs": docs, "versions": versions}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    """The state one uninterrupted ingest of DOCS leaves."""
    db = str(tmp_path_factory.mktemp("ref") / "ref.db")
    r = runner.invoke(app, ["ingest", *map(str, DOCS), "--db", db])
    assert r.exit_code == 0, r.output
    return _state(db)


STAGES = ["before-save", "after-save", "assessing", "writing-assessment"]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "sigint"])
@pytest.mark.parametrize("stage", STAGES)
def test_an_ingest_stopped_at_any_stage_loses_nothing_and_the_next_run_finishes_it(
        tmp_path: Path, stage: str, sig: int, reference: dict, extractor) -> None:  # type: ignore[no-untyped-def,type-arg]
    db = str(tmp_path / "e.db")
    code = _interrupt(tmp_path, stage, sig, db, DOCS)
    assert code == (-signal.SIGKILL if sig == signal.SIGKILL else 130)
    if os.path.exists(db):
        for name, doc in _state(db)["docs"].items():  # each document whole or absent
            assert doc["claims"] == reference["docs"][name]["claims"], (stage, name)
    # the next ingest of the same inputs completes the work, with no duplicates
    with Store.open(db) as store:
        report = ingest([str(p) for p in DOCS], store, extractor=extractor)
    assert not report.failed
    assert _state(db) == reference


def test_a_read_command_finishes_an_interrupted_assessment(tmp_path: Path,
                                                           reference: dict) -> None:  # type: ignore[type-arg]
    db = str(tmp_path / "e.db")
    assert _interrupt(tmp_path, "assessing", signal.SIGINT, db, DOCS) == 130
    before = _state(db)
    assert all(not d["assessed"] and d["unassessed"] == d["claims"] for d in before["docs"].values())
    r = runner.invoke(app, ["claims", "--db", db, "--json"])
    assert r.exit_code == 0 and "finishing the assessment" in r.stderr
    assert _state(db) == reference


def test_the_issue_repro_a_crashing_file_then_a_clean_run(tmp_path: Path) -> None:
    """A hostile page in the folder, then removed: the second run must not answer with
    every claim unverified and no flags."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for f in EXAMPLES.glob("*.html"):
        (folder / f.name).write_bytes(f.read_bytes())
    hostile = folder / "zz-hex.html"
    hostile.write_text('<html><head><meta charset="hex"></head><body><p>PRP improved scars '
                       'by 41% in 40 patients.</p></body></html>')
    db = str(tmp_path / "e.db")
    first = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert first.exit_code == 3 and "zz-hex.html" in first.stderr and "Traceback" not in first.output
    hostile.unlink()
    second = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert second.exit_code == 0
    classes = next(ln for ln in second.stdout.splitlines() if ln.startswith("classes:"))
    assert "randomized" in classes and "flags:" in second.stdout


# --- extraction workers ----------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(k) for k in (task / "children").read_text().split()]
    return kids


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_extraction_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):  # enough documents for worker processes
        (folder / f"doc{i:02}.txt").write_text(
            f"Microneedling with PRP improved acne scars by {20 + i}% in {30 + i} patients.\n")
    proc = subprocess.Popen([sys.executable, str(_driver(tmp_path)), "before-save", "3",
                             str(tmp_path / "e.db"), str(folder)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "before-save", proc.stderr.read()
        workers = _children(proc.pid)
        assert workers, "the ingest should have started extraction workers"
        proc.kill()
        proc.wait()
        alive = set(workers)
        for _ in range(300):  # they notice within a second or two; give them up to 30 s
            alive = {w for w in alive if Path(f"/proc/{w}").exists()
                     and Path(f"/proc/{w}/stat").read_text().split()[2] != "Z"}
            if not alive:
                break
            time.sleep(0.1)
        assert not alive, f"orphaned workers still running: {sorted(alive)}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# --- concurrent writers and racing creators ---------------------------------------------------

WRITER = textwrap.dedent('''
    import sys, time
    sys.path.insert(0, {root!r})
    from evidence.store import Store
    from evidence.store.queries import record_review
    db, who, ids, start = sys.argv[1], sys.argv[2], [int(x) for x in sys.argv[3].split(",")], float(sys.argv[4])
    time.sleep(max(0.0, start - time.time()))  # start together
    with Store.open(db) as store:
        for i in range(200):
            record_review(store, ids[i % len(ids)], ("confirmed", "disputed")[i % 2], f"{{who}} {{i}}", who)
    print("done", flush=True)
''')


def test_two_writers_make_200_decisions_each_at_once(tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    """§9 item 21: no 'database is locked', all 400 decisions and log entries present,
    while an ingest writes in the same file."""
    db = str(tmp_path / "e.db")
    with Store.open(db) as store:
        ingest([str(p) for p in sorted(EXAMPLES.glob("*.html"))], store, extractor=extractor)
    conn = sqlite3.connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM claim ORDER BY id LIMIT 20")]
    conn.close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT)))
    start = time.time() + 3
    procs = [subprocess.Popen([sys.executable, str(script), db, who, ",".join(map(str, ids)),
                               str(start)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for who in ("cli", "desk")]
    extra = [FIXTURES / "docs" / "vendor-prp-hair.md", FIXTURES / "docs" / "rct-co2-exosomes.txt"]
    while time.time() < start:
        time.sleep(0.01)
    with Store.open(db) as store:  # a third writer: an ingest, in this process
        assert not ingest([str(p) for p in extra], store, extractor=extractor).failed
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0 and out.strip() == "done", err
        assert "locked" not in err
    conn = sqlite3.connect(db)
    try:
        by = dict(conn.execute("SELECT editor, count(*) FROM review GROUP BY editor").fetchall())
        assert by == {"cli": 200, "desk": 200}
        assert conn.execute("SELECT count(*) FROM review_log").fetchone()[0] == 400
    finally:
        conn.close()
    r = runner.invoke(app, ["review", "--verify", "--db", db])
    assert r.exit_code == 0 and "400 entries, hash chain intact" in r.stdout


OPENER = textwrap.dedent('''
    import sys, time
    sys.path.insert(0, {root!r})
    from evidence.store import Store
    start = float(sys.argv[2])
    time.sleep(max(0.0, start - time.time()))  # start together
    Store.open(sys.argv[1]).close()
    print("ok", flush=True)
''')


@pytest.mark.parametrize("round_", range(3))
def test_processes_that_create_one_new_database_at_once_all_succeed(tmp_path: Path,
                                                                     round_: int) -> None:
    script = tmp_path / "opener.py"
    script.write_text(OPENER.format(root=str(ROOT)))
    db = str(tmp_path / f"new{round_}.db")
    start = time.time() + 2
    procs = [subprocess.Popen([sys.executable, str(script), db, str(start)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(8)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and out.strip() == "ok", err
    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute("SELECT name FROM evidence_migrations")]
    conn.close()
    assert len(names) == len(set(names)) and "m001_initial" in names


def test_an_open_that_loses_the_race_for_a_new_file_tries_again(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite answers "database is locked" at once, busy timeout or not, to one of two
    processes setting up a new file that would wait on each other (rare, so the race above
    catches it only now and then): here the first setup step loses that way."""
    from sqlalchemy.exc import OperationalError

    from evidence.store import db as store_db

    real, calls = store_db.migrate, []

    def losing_once(engine):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("PRAGMA journal_mode=WAL", {},
                                   sqlite3.OperationalError("database is locked"))
        return real(engine)

    monkeypatch.setattr(store_db, "migrate", losing_once)
    Store.open(str(tmp_path / "new.db")).close()
    assert len(calls) == 2


def test_postgres_migrations_race_safely(pg_url: str) -> None:
    script = textwrap.dedent(f'''
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from evidence.store import Store
        Store.open(sys.argv[1]).close()
        print("ok")
    ''')
    procs = [subprocess.Popen([sys.executable, "-c", script, pg_url], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and out.strip() == "ok", err


# --- the write lock and the network ----------------------------------------------------------


def test_no_write_lock_is_held_while_a_page_is_fetched(tmp_path: Path) -> None:
    """While the server answers the second and third URL, another writer gets the lock
    at once (no busy wait at all)."""
    from tests.loopback import LoopbackServer, Reply

    db = str(tmp_path / "e.db")
    Store.open(db).close()
    attempts: list[str] = []

    def page(n: int):  # type: ignore[no-untyped-def]
        def answer(_seen):  # type: ignore[no-untyped-def]
            if n > 1:
                conn = sqlite3.connect(db, timeout=0)
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    conn.execute("ROLLBACK")
                    attempts.append("ok")
                except sqlite3.OperationalError as exc:
                    attempts.append(str(exc))
                finally:
                    conn.close()
            body = (f"<html><head><title>Clinic {n}</title></head><body><p>Exosome serum reduced "
                    f"redness by {10 + n}% in {12 + n} patients after laser.</p></body></html>")
            return Reply(body=body.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
        return answer

    with LoopbackServer() as srv:
        srv.add("/robots.txt", Reply(404))
        for n in (1, 2, 3):
            srv.add(f"/p{n}", page(n))
        env = {"EVIDENCE_CACHE_DIR": str(tmp_path / "cache")}
        r = runner.invoke(app, ["ingest", *(srv.url(f"/p{n}") for n in (1, 2, 3)), "--db", db,
                                "--allow-private", "--delay", "0"], env=env)
    assert r.exit_code == 0, r.output
    assert attempts == ["ok", "ok"]


# --- --db that would keep nothing, or that does not exist -------------------------------------


@pytest.mark.parametrize("db", ["", "  ", ":memory:", "sqlite://", "sqlite:///:memory:"])
def test_a_db_that_keeps_nothing_is_bad_usage(db: str, tmp_path: Path) -> None:
    r = runner.invoke(app, ["ingest", str(EXAMPLES / "regulator-notice-prp.html"), "--db", db])
    assert r.exit_code == 64 and r.stderr.count("\n") == 1 and "error:" in r.stderr
    assert not r.stdout


@pytest.mark.parametrize("cmd", [["sources"], ["claims"], ["studies"], ["export"], ["show", "1"],
                                 ["query", "downtime"], ["check", "PRP works"], ["review"],
                                 ["review", "--verify"]])
def test_read_commands_on_a_misspelt_db_create_nothing(cmd: list[str], tmp_path: Path) -> None:
    db = tmp_path / "evidnece.db"
    r = runner.invoke(app, [*cmd, "--db", str(db)])
    assert r.exit_code == 4 and "no such file" in r.stderr and r.stderr.count("\n") == 1
    assert not db.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize("url", ["postgresql+psycopg://u:p@[::1", "postgresql+psycopg://u:p@h:port/x",
                                 "postgresql+psycopg://u:secret@[::1]:99999/x"])
def test_a_malformed_database_url_is_one_line(url: str) -> None:
    r = runner.invoke(app, ["sources", "--db", url])
    assert r.exit_code == 4 and r.stderr.startswith("error: ") and r.stderr.count("\n") == 1
    assert "secret" not in r.stderr and "Traceback" not in r.output

"""The review desk over HTTP: a real uvicorn server on a loopback port, real SQLite files
and real PostgreSQL (skipping without a server), the real CLI in subprocesses."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from evidence.desk import bind
from evidence.desk.grouping import group_key
from evidence.desk.queue import Filters, build_queue
from evidence.desk.security import CSP, PAGE_CSP
from evidence.ingest import ingest
from evidence.report.context import CSP as REPORT_CSP
from evidence.store import Store
from evidence.store.desk import load_desk
from evidence.store.queries import verify_review_log
from evidence.store.schema import AssignmentRow, ClaimRow, ReviewLogRow, ReviewRow
from tests.conftest import EXAMPLES, FIXTURES, ROOT
from tests.desk_server import DeskServer

CLINIC = (EXAMPLES / "clinic-prp-microneedling.html").read_text(encoding="utf-8")


def write_copies(folder: Path) -> list[str]:
    """Two other clinics that copied the example clinic page, one of them with the
    trial's 52% raised to 60%: the desk should see one item for each sentence all three
    share, and keep the changed figure apart."""
    folder.mkdir(parents=True, exist_ok=True)
    a = folder / "northgate.html"
    a.write_text(CLINIC.replace("Harbourview Skin Clinic", "Northgate Dermatology"), "utf-8")
    b = folder / "lakeside.html"
    b.write_text(CLINIC.replace("Harbourview Skin Clinic", "Lakeside Aesthetics")
                 .replace("52%", "60%"), "utf-8")
    return [str(a), str(b)]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, extractor) -> Path:  # type: ignore[no-untyped-def]
    """The examples, two copies of the clinic page and a hostile page, ingested once."""
    root = tmp_path_factory.mktemp("desk")
    db = root / "corpus.db"
    with Store.open(str(db)) as store:
        ingest([str(EXAMPLES), *write_copies(root / "copies"),
                str(FIXTURES / "report" / "hostile-report-page.html")], store,
               extractor=extractor)
    return db


@pytest.fixture
def store(corpus_db: Path, tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the corpus for each test."""
    db = tmp_path / "desk.db"
    shutil.copy(corpus_db, db)
    with Store.open(str(db)) as s:
        yield s


@pytest.fixture
def desk(store: Store) -> Iterator[DeskServer]:
    with DeskServer(store, editor="ana") as d:
        yield d


def rows(store: Store) -> dict[str, int]:
    """How many reviews, log entries and assignments the database holds."""
    with store.reading() as conn:
        return {t.__tablename__: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (ReviewRow, ReviewLogRow, AssignmentRow)}


def first_with_flag(client: Any, flag: str) -> dict[str, Any]:
    q = client.get(f"/queue.json?flag={flag}").json()
    assert q["groups"], f"no {flag} item in the corpus"
    return q["groups"][0]


# --- grouping and the queue (pure) ---------------------------------------------------------


def test_group_key_joins_copies_and_keeps_polarity_and_numbers_apart() -> None:
    same = ["Downtime is 2–3 days.", "downtime is 2-3 days", "Downtime  is 2 - 3 days!"]
    assert len({group_key(t) for t in same}) == 1
    assert group_key("It costs 1,000 dollars") == group_key("It costs 1000 dollars")
    assert group_key("52 % improved") == group_key("52% improved")
    apart = ["PRP reduces acne scarring by 40%.", "PRP reduces acne scarring by 45%.",
             "PRP does not reduce acne scarring by 40%.", "PRP reduces acne scarring by 4.0%."]
    assert len({group_key(t) for t in apart}) == len(apart)
    assert group_key(apart[2]).negative and not group_key(apart[0]).negative


def test_queue_groups_copies_and_orders_by_severity_then_reach(store: Store) -> None:
    claims = load_desk(store)
    q = build_queue(claims, Filters())
    assert q.claims == len([c for c in claims if not c.decided])
    assert len(q.groups) < q.claims
    shared = [g for g in q.groups if g.reach == 3]
    assert shared, "the sentences all three clinic pages share are one item each"
    assert all(len({c.source_id for c in g.claims}) == 3 for g in shared)
    ranks = [g.sort_key()[:2] for g in q.groups]
    assert ranks == sorted(ranks)
    assert any(g.reach == 3 for g in q.groups if g.severity == "high")
    # the copy whose 52% became 60% is its own item, beside the two that agree
    figures = [g for g in q.groups if "split-face study of 40 patients" in g.lead.text]
    assert sorted(len(g.claims) for g in figures) == [1, 2]
    assert {("60%" in g.lead.text) for g in figures if len(g.claims) == 1} == {True}


def test_facet_counts_are_counted_with_the_other_filters() -> None:
    from evidence.desk.model import DeskClaim, DeskFlag

    def c(i: int, src: int, code: str, sev: str) -> DeskClaim:
        return DeskClaim(i, src, f"page{src}", "", "commercial", f"text {i}", "efficacy",
                         "unverified", None, (DeskFlag(code, sev, ""),), None, 0)

    claims = [c(1, 1, "number_mismatch", "high"), c(2, 1, "untraced_number", "medium"),
              c(3, 2, "number_mismatch", "high")]
    q = build_queue(claims, Filters(flag="number_mismatch"))
    assert q.claims == 2
    assert q.facets["flag"] == {"number_mismatch": 2, "untraced_number": 1}
    assert q.facets["source"] == {"1": 1, "2": 1}
    assert q.facets["severity"] == {"high": 2}


# --- the guard ----------------------------------------------------------------------------


def test_every_page_needs_the_token(desk: DeskServer, store: Store) -> None:
    anon = desk.anonymous()
    for path in ("/queue", "/queue.json", "/claims/1", "/claims/1.json", "/history",
                 "/history.json", "/static/desk.js"):
        assert anon.get(path).status_code == 401, path
    before = rows(store)
    r = desk.post(anon, "/decisions", {"claim": "1", "base_1": "0", "verdict": "false"})
    assert r.status_code == 401
    assert anon.get("/queue?token=" + "x" * 43).status_code == 401
    assert rows(store) == before
    bearer = anon.get("/queue.json", headers={"Authorization": f"Bearer {desk.keys.token}"})
    assert bearer.status_code == 200


def test_the_token_becomes_a_strict_httponly_cookie(desk: DeskServer) -> None:
    anon = desk.anonymous()
    r = anon.get(desk.start_url + "&flag=number_mismatch", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/queue?flag=number_mismatch"  # the token leaves the URL
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("evidence_desk=") and desk.keys.token not in cookie
    assert {"HttpOnly", "SameSite=Strict", "Path=/"} <= {p.strip() for p in cookie.split(";")}
    assert anon.get("/queue").status_code == 200


def test_a_post_without_or_with_a_wrong_csrf_token_is_403_and_changes_nothing(
        desk: DeskServer, store: Store) -> None:
    client = desk.client()
    item = first_with_flag(client, "number_mismatch")
    cid = item["lead"]
    before = rows(store)
    decision = {"claim": str(cid), f"base_{cid}": "0", "verdict": "false", "note": "n"}
    for csrf in (None, "", "0" * 64, desk.keys.csrf[:-1] + "x"):
        r = desk.post(client, "/decisions", {**decision, "csrf": csrf})
        assert r.status_code == 403, csrf
        r = desk.post(client, "/assignments", {"claim": str(cid), "assignee": "bo",
                                               "csrf": csrf})
        assert r.status_code == 403
    r = client.post("/decisions", data=decision, headers={"X-CSRF-Token": "nope"})
    assert r.status_code == 403
    assert rows(store) == before
    assert desk.post(client, "/decisions", decision).status_code == 200
    assert rows(store)["review"] == before["review"] + 1


def test_a_wrong_host_or_a_cross_site_origin_is_403(desk: DeskServer, store: Store) -> None:
    client = desk.client()
    for host in ("evil.example", f"evil.example:{desk.port}", "127.0.0.1:1", "127.0.0.1"):
        assert client.get("/queue.json", headers={"Host": host}).status_code == 403, host
    assert client.get("/queue.json", headers={"Host": f"localhost:{desk.port}"}).status_code == 200
    before = rows(store)
    cid = first_with_flag(client, "number_mismatch")["lead"]
    decision = {"claim": str(cid), f"base_{cid}": "0", "verdict": "false"}
    for origin in ("http://evil.example", f"http://127.0.0.1.evil.example:{desk.port}",
                   "null", f"https://127.0.0.1:{desk.port}"):
        assert desk.post(client, "/decisions", decision, Origin=origin).status_code == 403
        assert client.get("/queue.json", headers={"Origin": origin}).status_code == 403
    r = desk.post(client, "/decisions", decision, **{"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    assert rows(store) == before
    same = desk.post(client, "/decisions", decision, Origin=desk.base)
    assert same.status_code == 200


def test_pages_escape_what_documents_say_and_carry_the_reports_csp(desk: DeskServer) -> None:
    client = desk.client()
    hostile = next(g for g in client.get("/queue.json?status=all").json()["groups"]
                   if "</script>" in g["text"])
    for path in ("/queue?status=all", f"/claims/{hostile['lead']}", "/history"):
        r = client.get(path)
        assert r.status_code == 200
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "<script>alert" not in r.text
        assert f'content="{escape(PAGE_CSP)}"' in r.text
    assert "&lt;/script&gt;&lt;script&gt;alert(" in client.get(f"/claims/{hostile['lead']}").text
    # the report's policy, with only the desk's own forms allowed to post
    assert CSP.replace("form-action 'self'", "form-action 'none'").startswith(REPORT_CSP)


# --- decisions ------------------------------------------------------------------------------


def test_the_second_conflicting_decision_gets_409_with_the_first(desk: DeskServer,
                                                                 store: Store) -> None:
    ana, bo = desk.client(), desk.client()
    cid = first_with_flag(ana, "number_mismatch")["lead"]
    seen_by_ana = ana.get(f"/claims/{cid}.json").json()["desk"]["base"]
    seen_by_bo = bo.get(f"/claims/{cid}.json").json()["desk"]["base"]
    first = desk.post(ana, "/decisions", {"claim": str(cid), f"base_{cid}": str(seen_by_ana),
                                          "verdict": "misleading", "note": "41.2%, not 52%",
                                          "editor": "ana"})
    assert first.status_code == 200
    second = desk.post(bo, "/decisions", {"claim": str(cid), f"base_{cid}": str(seen_by_bo),
                                          "verdict": "accurate", "note": "fine", "editor": "bo"})
    assert second.status_code == 409
    body = second.json()
    assert body["conflicts"][0]["first"]["verdict"] == "misleading"
    assert body["conflicts"][0]["first"]["editor"] == "ana"
    assert body["yours"] == {"verdict": "accurate", "note": "fine", "editor": "bo"}
    page = desk.post(bo, "/decisions", {"claim": str(cid), f"base_{cid}": str(seen_by_bo),
                                        "verdict": "accurate", "note": "fine", "editor": "bo"},
                     json=False)
    assert page.status_code == 409
    assert "Already decided" in page.text and "41.2%, not 52%" in page.text
    assert 'value="fine"' in page.text or ">fine</textarea>" in page.text  # bo's note kept
    assert rows(store)["review"] == 1
    # bo decides again on top of the decision he has now seen: both stay in the history
    again = desk.post(bo, "/decisions", {"claim": str(cid),
                                         f"base_{cid}": str(first.json()["stored"]["review_ids"][0]),
                                         "verdict": "accurate", "note": "fine", "editor": "bo"})
    assert again.status_code == 200
    history = [(h["editor"], h["verdict"]) for h in
               ana.get(f"/claims/{cid}.json").json()["history"]]
    assert history == [("bo", "accurate"), ("ana", "misleading")]
    assert verify_review_log(store).problem is None


def test_one_decision_covers_a_group_and_lands_in_the_review_log(desk: DeskServer,
                                                                 store: Store) -> None:
    client = desk.client()
    group = next(g for g in client.get("/queue.json").json()["groups"] if g["reach"] == 3)
    data: dict[str, Any] = {"claim": [str(c["id"]) for c in group["claims"]],
                            "verdict": "unsupported", "note": "no trial says so"}
    data.update({f"base_{c['id']}": str(c["base"]) for c in group["claims"]})
    r = desk.post(client, "/decisions", data)
    assert r.status_code == 200
    assert sorted(r.json()["stored"]["claim_ids"]) == sorted(c["id"] for c in group["claims"])
    for c in group["claims"]:
        page = client.get(f"/claims/{c['id']}.json").json()
        assert page["desk"]["standing"]["verdict"] == "unsupported"
        assert page["review"]["decision"] == "unsupported"  # what `evidence show` says too
    assert group["lead"] not in {g["lead"] for g in client.get("/queue.json").json()["groups"]}
    decided = client.get("/queue.json?status=decided").json()
    assert group["lead"] in {g["lead"] for g in decided["groups"]}
    check = verify_review_log(store)
    assert check.problem is None and check.entries == len(group["claims"])


def test_a_group_decision_with_one_claim_decided_meanwhile_writes_nothing(
        desk: DeskServer, store: Store) -> None:
    ana, bo = desk.client(), desk.client()
    group = next(g for g in ana.get("/queue.json").json()["groups"] if g["reach"] == 3)
    one = group["claims"][1]["id"]
    assert desk.post(bo, "/decisions", {"claim": str(one), f"base_{one}": "0",
                                        "verdict": "accurate", "editor": "bo"}).status_code == 200
    data: dict[str, Any] = {"claim": [str(c["id"]) for c in group["claims"]],
                            "verdict": "false", "editor": "ana"}
    data.update({f"base_{c['id']}": str(c["base"]) for c in group["claims"]})
    r = desk.post(ana, "/decisions", data)
    assert r.status_code == 409
    assert [c["claim_id"] for c in r.json()["conflicts"]] == [one]
    assert rows(store)["review"] == 1  # bo's decision only: none of ana's was written
    standing = {c["id"]: (ana.get(f"/claims/{c['id']}.json").json()["desk"]["standing"] or {})
                .get("verdict") for c in group["claims"]}
    assert standing == {c["id"]: ("accurate" if c["id"] == one else None)
                        for c in group["claims"]}


def test_unknown_verdicts_claims_and_editors_are_refused(desk: DeskServer, store: Store) -> None:
    client = desk.client()
    cid = first_with_flag(client, "number_mismatch")["lead"]
    ok = {"claim": str(cid), f"base_{cid}": "0", "verdict": "false", "editor": "ana"}
    assert desk.post(client, "/decisions", {**ok, "verdict": "confirmed"}).status_code == 400
    assert desk.post(client, "/decisions", {**ok, "claim": "999999"}).status_code == 404
    assert desk.post(client, "/decisions", {**ok, "editor": " "}).status_code == 400
    assert desk.post(client, "/decisions", {**ok, f"base_{cid}": "x"}).status_code == 400
    assert client.get("/claims/999999.json").status_code == 404
    assert rows(store)["review"] == 0


def test_assignment_shows_in_the_queue_filter_and_history(desk: DeskServer, store: Store) -> None:
    client = desk.client()
    cid = first_with_flag(client, "number_mismatch")["lead"]
    r = desk.post(client, "/assignments", {"claim": str(cid), "assignee": "bo", "editor": "ana"})
    assert r.status_code == 200 and r.json()["assigned"] == 1
    mine = client.get("/queue.json?editor=bo").json()
    assert [g["lead"] for g in mine["groups"]] == [cid]
    assert mine["facets"]["editor"] == {"bo": 1}
    entry = client.get("/history.json?editor=bo").json()["entries"][0]
    assert entry["type"] == "assignment" and entry["claim_id"] == cid
    assert entry["verdict"] == "assigned to bo" and entry["editor"] == "ana"
    with pytest.raises(Exception, match="append-only"), store.session() as s:
        s.execute(AssignmentRow.__table__.delete())


def test_json_twins_match_their_pages(desk: DeskServer) -> None:
    client = desk.client()
    q = client.get("/queue.json?flag=number_mismatch").json()
    assert q["filters"] == {"flag": "number_mismatch"}
    assert q["groups"] and all("number_mismatch" in g["flags"] for g in q["groups"])
    assert q["claims"] == sum(g["size"] for g in q["groups"])
    assert q["facets"]["flag"]["number_mismatch"] == q["claims"]
    html = client.get("/queue?flag=number_mismatch").text
    assert len(re.findall(r'<tr class="item"', html)) == q["items"]
    lead = q["groups"][0]["lead"]
    page = client.get(f"/claims/{lead}.json").json()
    assert page["id"] == lead and page["study_says"] is not None
    assert page["claim_marked"] and page["study_says"]["marked"]  # the figures that differ
    assert page["claim_marked"] != page["study_says"]["marked"]
    assert any(f["code"] == "number_mismatch" for f in page["flags"])
    html = client.get(f"/claims/{lead}").text
    for m in page["claim_marked"] + page["study_says"]["marked"]:
        assert f'<mark class="mismatch">{m}</mark>' in html
    assert client.get("/history.json").json()["entries"] == []


# --- many editors at once -----------------------------------------------------------------------

APP_THREADS, PER_THREAD = 8, 25
CLI_PROCESSES, PER_PROCESS = 4, 50
# Each CLI process runs the real entry point once per decision (options parsed, database
# opened, decision recorded, line printed), so 200 decisions do not pay 200 interpreter
# start-ups.
CLI_DRIVER = """
import sys, cli
db, first, n, claims = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
for i in range(first, first + n):
    sys.argv = ["evidence", "review", claims[i % len(claims)], "--decision", "needs_source",
                "--note", f"cli {i}", "--editor", "cli", "--db", db]
    try:
        cli.main()
    except SystemExit as exc:
        if exc.code:
            sys.exit(f"decision {i} exited with {exc.code}")
"""


def _cli(db: str, first: int, claims: list[int]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CLI_DRIVER, db, str(first), str(PER_PROCESS),
                           ",".join(map(str, claims))],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_hundred_decisions_from_the_app_and_two_hundred_from_the_cli_all_land(
        backend: str, tmp_path: Path, extractor, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "busy.db") if backend == "sqlite" else request.getfixturevalue("pg_url")
    with Store.open(db) as store:
        ingest([str(EXAMPLES)], store, extractor=extractor)
        with store.reading() as conn:
            ids = sorted(conn.execute(select(ClaimRow.id)).scalars())
        app_claims, cli_claims = ids[:APP_THREADS], ids[APP_THREADS:APP_THREADS + 10]
        assert len(cli_claims) == 10
        with DeskServer(store) as desk:
            statuses: list[int] = []
            lock = threading.Lock()

            def editor(n: int) -> None:
                client, cid, base = desk.client(), app_claims[n], 0
                for i in range(PER_THREAD):
                    r = desk.post(client, "/decisions", {
                        "claim": str(cid), f"base_{cid}": str(base), "verdict": "misleading",
                        "note": f"app {n}.{i}", "editor": f"editor{n}"})
                    with lock:
                        statuses.append(r.status_code)
                    if r.status_code == 200:
                        base = r.json()["stored"]["review_ids"][0]

            with ThreadPoolExecutor(APP_THREADS + CLI_PROCESSES) as pool:
                cli_runs = [pool.submit(_cli, db, p * PER_PROCESS, cli_claims)
                            for p in range(CLI_PROCESSES)]
                app_runs = [pool.submit(editor, n) for n in range(APP_THREADS)]
                for f in app_runs:
                    f.result()
                done = [f.result() for f in cli_runs]
        failed = [r.stderr[-2000:] for r in done if r.returncode != 0]
        assert not failed, failed[:2]
        assert not [r.stderr for r in done if "locked" in r.stderr.lower()]
        assert sum(r.stdout.count("needs_source by cli") for r in done) == CLI_PROCESSES * PER_PROCESS
        assert statuses == [200] * (APP_THREADS * PER_THREAD)
        counts = rows(store)
        assert counts["review"] == counts["review_log"] == APP_THREADS * PER_THREAD + CLI_PROCESSES * PER_PROCESS
        with store.reading() as conn:
            by_editor = dict(conn.execute(select(ReviewRow.editor, func.count())
                                          .group_by(ReviewRow.editor)).all())
        assert by_editor == {"cli": CLI_PROCESSES * PER_PROCESS,
                             **{f"editor{n}": PER_THREAD for n in range(APP_THREADS)}}
        with store.reading() as conn:
            times = conn.execute(select(ReviewRow.editor == "cli", ReviewRow.at)).all()
        app_at = sorted(at for is_cli, at in times if not is_cli)
        cli_at = sorted(at for is_cli, at in times if is_cli)
        assert cli_at[0] < app_at[-1] and app_at[0] < cli_at[-1], "the writers did not overlap"
        assert verify_review_log(store).problem is None


# --- the command ----------------------------------------------------------------------------------


def test_serve_prints_its_url_listens_on_loopback_and_stops_on_ctrl_c(corpus_db: Path,
                                                                       tmp_path: Path) -> None:
    import signal

    import httpx

    db = tmp_path / "served.db"
    shutil.copy(corpus_db, db)
    proc = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", "serve", "--port",
                             "0", "--db", str(db), "--editor", "ana"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        m = re.fullmatch(r"review desk: (http://127\.0\.0\.1:(\d+))/queue\?token=(\S+)\n", line)
        assert m, line
        base, token = m.group(1), m.group(3)
        with httpx.Client(base_url=base, timeout=30, follow_redirects=True) as c:
            assert c.get("/queue.json").status_code == 401
            assert c.get(f"/queue?token={token}").status_code == 200
            assert c.get("/queue.json").json()["items"] > 0
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
    assert proc.returncode == 0
    r = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "serve", "--db",
                        str(tmp_path / "missing.db")], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 4 and r.stderr.count("\n") == 1 and "missing.db" in r.stderr
    with closing(bind(0)) as taken:
        port = str(taken.getsockname()[1])
        r = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "serve", "--db",
                            str(db), "--port", port], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 5 and r.stderr.count("\n") == 1
    assert f"--port {port}: cannot listen on 127.0.0.1:{port}" in r.stderr and "[E600]" in r.stderr

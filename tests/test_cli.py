"""The command line: summaries on stdout, one-line errors on stderr, exit codes, export formats."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from typer.testing import CliRunner

from cli import EXIT_PARTIAL, app
from tests.conftest import EXAMPLES

runner = CliRunner()

GOOD = "Exosome serum reduced redness by 20% in 12 patients after laser treatment.\n"


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_ingest_examples_then_export_all_formats(db_path: str) -> None:
    r = run("ingest", str(EXAMPLES), "--db", db_path)
    assert r.exit_code == 0, r.output
    assert "3 sources" in r.stdout and "classes:" in r.stdout and "number_mismatch" in r.stdout
    again = run("ingest", str(EXAMPLES), "--db", db_path)
    assert again.stdout.count("unchanged") == 3
    data = json.loads(run("export", "--db", db_path).stdout)
    assert data["format"] == "evidence-export/1" and len(data["sources"]) == 3
    for c in data["claims"]:
        src = next(s for s in data["sources"] if s["id"] == c["source_id"])
        assert src["text"][c["start"]:c["end"]] == c["text"]
    lines = run("export", "--db", db_path, "--format", "jsonl").stdout.splitlines()
    types = {json.loads(ln)["type"] for ln in lines}
    assert types == {"source", "study", "claim", "link"}
    rows = list(csv.DictReader(io.StringIO(run("export", "--db", db_path, "--format", "csv").stdout)))
    assert len(rows) == len(data["claims"]) and rows[0]["text"]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3 binary", "truncated"),
        ("notes.docx", b"PK\x03\x04 binary", "not a text document"),
        ("latin1.txt", "caf\u00e9 and na\u00efve".encode("latin-1"), "invalid UTF-8"),
        ("lying.html", "<meta charset='windows-1252'><p>caf\u00e9 \u00b1 2</p>".encode(), "declared charset"),
    ],
)
def test_bad_input_is_one_line_and_the_batch_goes_on(db_path: str, write, name: str,  # type: ignore[no-untyped-def]
                                                     content: bytes | None, words: str) -> None:
    bad = write(name, content) if content is not None else name
    good = write("good.txt", GOOD)
    r = run("ingest", bad, good, "--db", db_path)
    assert r.exit_code == EXIT_PARTIAL
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and bad in errors[0] and words in errors[0] and "try:" in errors[0]
    assert "new" in r.stdout and "good.txt" in r.stdout
    data = json.loads(run("export", "--db", db_path).stdout)
    assert [s["location"] for s in data["sources"]] == [good]  # nothing of the bad one stored


def test_unusable_database_exits_4(tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = run("export", "--db", str(tmp_path / "no" / "such" / "dir.db"))
    assert r.exit_code == 4 and "error:" in r.stderr and "cannot open database" in r.stderr


def test_help_for_every_command() -> None:
    for cmd in app.registered_commands:
        name = cmd.name or cmd.callback.__name__
        r = run(name, "--help")
        assert r.exit_code == 0 and (cmd.callback.__doc__ or "").split("\n")[0][:30] in r.stdout


def test_unreadable_file_is_one_line(db_path: str, write, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # tests run as root here, so a permission error has to be simulated
    locked = write("locked.txt", GOOD)
    real_open = os.open

    def guarded(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("os.open", guarded)  # tests run as root, who may read any file
    r = run("ingest", locked, "--db", db_path)
    assert r.exit_code == EXIT_PARTIAL and "locked.txt: permission denied" in r.stderr


def test_urls_bad_and_good_through_a_real_server(db_path: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.loopback import LoopbackServer, Reply, redirect

    page = (b"<html><head><title>Clinic</title></head><body><p>Exosome serum reduced redness by "
            b"20% in 12 patients after laser treatment.</p></body></html>")
    with LoopbackServer() as srv:
        srv.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private\n"))
        srv.add("/good", Reply(body=page, headers={"Content-Type": "text/html; charset=utf-8"}))
        srv.add("/gone", Reply(404, body=b"not here"))
        srv.add("/private/x", Reply(body=page))
        srv.add("/loop", redirect(srv.url("/loop")))
        srv.add("/big", Reply(body=b"<p>" + b"x" * 5000 + b"</p>", headers={"Content-Type": "text/html"}))
        env = {"EVIDENCE_CACHE_DIR": str(tmp_path / "cache")}
        r = runner.invoke(app, ["ingest", srv.url("/gone"), srv.url("/private/x"), srv.url("/loop"),
                                srv.url("/big"), srv.url("/good"), "--db", db_path,
                                "--allow-private", "--delay", "0", "--max-bytes", "2000"], env=env)
        assert srv.hits("/private/x") == 0
    assert r.exit_code == EXIT_PARTIAL
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 4
    for path, words in (("/gone", "404"), ("/private/x", "robots.txt"), ("/loop", "redirect"),
                        ("/big", "limit")):
        line = next(e for e in errors if path in e)
        assert words in line.lower() or words in line, line
    data = json.loads(run("export", "--db", db_path).stdout)
    assert [s["location"] for s in data["sources"]] == [srv.url("/good")]
    assert data["claims"]


def test_loopback_is_refused_without_allow_private(db_path: str) -> None:
    r = run("ingest", "http://127.0.0.1:9/x", "--db", db_path)
    assert r.exit_code == EXIT_PARTIAL and "--allow-private" in r.stderr


# A saved copy of a regulator's page, as a reader's plain-text copy comes: no agency
# name a rule could key on, so only the address tells what it is.
SAVED_NOTICE = (
    "Important information about unapproved hair-growth injections\n\n"
    "Some businesses sell injections that they say regrow hair. These products have not been "
    "evaluated for safety or effectiveness.\n"
)


def _export_source(db_path: str) -> dict:
    data = json.loads(run("export", "--db", db_path).stdout)
    assert len(data["sources"]) == 1
    return data["sources"][0]


def test_url_option_gives_a_saved_file_its_address(db_path: str, write) -> None:  # type: ignore[no-untyped-def]
    page = write("notice.txt", SAVED_NOTICE)
    r = run("ingest", page, "--url", "https://www.fda.gov/consumers/hair-injections", "--db", db_path)
    assert r.exit_code == 0, r.output
    src = _export_source(db_path)
    assert src["kind"] == "regulatory" and src["url"].startswith("https://www.fda.gov/")


def test_url_option_needs_one_file_and_an_address(db_path: str, write) -> None:  # type: ignore[no-untyped-def]
    a, b = write("a.txt", GOOD), write("b.txt", GOOD)
    for args in ([a, b, "--url", "https://example.org/a"], [a, "--url", "not-an-address"]):
        r = run("ingest", *args, "--db", db_path)
        assert r.exit_code == 64 and "--url" in r.stderr


@pytest.mark.parametrize("style", ["sidecar", "shortcut", "address line"])
def test_a_saved_copy_keeps_its_address(db_path: str, write, style: str) -> None:  # type: ignore[no-untyped-def]
    url = "https://www.tga.gov.au/news/safety-alerts/hair-injections"
    body = SAVED_NOTICE
    if style == "sidecar":
        write("notice.txt.url", url + "\n")
    elif style == "shortcut":
        write("notice.url", f"[InternetShortcut]\r\nURL={url}\r\n")
    else:
        body = f"URL: {url}\n\n" + body
    page = write("notice.txt", body)
    r = run("ingest", page, "--db", db_path)
    assert r.exit_code == 0, r.output
    src = _export_source(db_path)
    assert src["kind"] == "regulatory" and src["url"] == url

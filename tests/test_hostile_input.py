"""Hostile and unlucky input: every failure is a typed error for that document only.

Charset labels that name no text encoding, JSON-LD nested past the parser's stack,
deep and wide markup, a 20 MB single line, FIFOs and devices named like documents,
and a property test over bytes, labels and nesting.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli import EXIT_PARTIAL, app
from evidence.errors import EncodingError, EvidenceError, ExtractionError, InputError
from evidence.ingest import ingest
from evidence.parse import parse_document
from evidence.store import Store
from tests.conftest import EXAMPLES

runner = CliRunner()

HOSTILE_CHARSETS = ["hex", "unicode_escape", "raw_unicode_escape", "utf-7", "punycode",
                    "base64", "rot13", "zlib", "bz2", "uu", "quopri", "idna", "utf-32",
                    "no-such-charset", "x" * 300]
CLAIM_PAGE = ("<html><head><meta charset=\"{cs}\"></head><body>"
              "<p>PRP improved scars by 41% in 40 patients.</p></body></html>")


@pytest.mark.parametrize("label", HOSTILE_CHARSETS)
@pytest.mark.parametrize("where", ["meta", "header"])
def test_a_charset_that_is_no_text_encoding_is_an_encoding_error(label: str, where: str) -> None:
    if where == "meta":
        raw, ctype = CLAIM_PAGE.format(cs=label).encode("utf-8", "surrogatepass"), None
    else:
        raw, ctype = CLAIM_PAGE.format(cs="utf-8").encode(), f"text/html; charset={label}"
    with pytest.raises(EncodingError) as exc:
        parse_document("page.html", raw, content_type=ctype)
    line = exc.value.one_line()
    assert "page.html" in line and "charset" in line and "\n" not in line and len(line) < 400


@pytest.mark.parametrize("label", ["utf-8", "UTF8", "windows-1252", "iso-8859-1", "latin1",
                                   "utf-16", "x-user-defined", "shift_jis"])
def test_charsets_pages_use_still_decode(label: str) -> None:
    doc = parse_document("page.html", CLAIM_PAGE.format(cs=label).encode())
    assert "PRP improved scars by 41% in 40 patients." in doc.text


@pytest.mark.parametrize("depth", [950, 5000, 200_000])
def test_deeply_nested_json_ld_is_skipped_not_fatal(depth: int) -> None:
    for opener, closer in (("[", "]"), ('{"@graph":', "}")):
        payload = opener * depth + "{}" + closer * depth
        raw = (f'<html><head><title>Deep</title><script type="application/ld+json">{payload}'
               f'</script></head><body><p>PRP improved scars by 41% in 40 patients.</p>'
               f'</body></html>').encode()
        doc = parse_document("deep.html", raw)
        assert doc.text == "PRP improved scars by 41% in 40 patients."


def test_json_ld_a_few_levels_down_still_gives_metadata() -> None:
    item = {"@type": "ScholarlyArticle", "headline": "Exosomes after CO2 laser: a pilot study"}
    raw = (f'<html><head><script type="application/ld+json">{json.dumps([[{"@graph": [item]}]])}'
           f'</script></head><body><p>PRP improved scars.</p></body></html>').encode()
    assert parse_document("meta.html", raw).meta.title == item["headline"]


def test_one_hostile_file_never_stops_the_batch(tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "docs"
    folder.mkdir()
    for f in EXAMPLES.glob("*.html"):
        (folder / f.name).write_bytes(f.read_bytes())
    for label in ("hex", "unicode_escape", "raw_unicode_escape", "utf-7", "punycode"):
        (folder / f"zz-{label}.html").write_text(CLAIM_PAGE.format(cs=label))
    (folder / "zz-deep.html").write_text(
        '<html><head><script type="application/ld+json">' + "[" * 1000 + "]" * 1000
        + "</script></head><body><p>PRP improved scars by 41% in 40 patients.</p></body></html>")
    with Store.open(str(tmp_path / "e.db")) as store:
        report = ingest([str(folder)], store, extractor=extractor)
        counts = store.counts()
    failed = {Path(o.input).name: o.error for o in report.failed}
    assert sorted(failed) == [f"zz-{x}.html" for x in ("hex", "punycode", "raw_unicode_escape",
                                                       "unicode_escape", "utf-7")]
    assert all(isinstance(e, EncodingError) for e in failed.values())
    assert counts["sources"] == 4 and report.assessed  # the deep JSON-LD page is ingested


def test_an_unforeseen_crash_is_a_typed_error_for_that_document(tmp_path: Path, extractor,  # type: ignore[no-untyped-def]
                                                                monkeypatch) -> None:
    """Whatever a parser or rule raises becomes that document's ExtractionError."""
    import evidence.parse as parse

    real = parse.parse_document

    def fragile(location: str, raw: bytes, **kw):  # type: ignore[no-untyped-def]
        if b"trigger" in raw:
            raise RecursionError("maximum recursion depth exceeded")
        return real(location, raw, **kw)

    monkeypatch.setattr(parse, "parse_document", fragile)
    bad = tmp_path / "bad.txt"
    bad.write_text("trigger: PRP improved scars by 41% in 40 patients.\n")
    good = tmp_path / "good.txt"
    good.write_text("Exosome serum reduced redness by 20% in 12 patients after laser.\n")
    with Store.open(str(tmp_path / "e.db")) as store:
        report = ingest([str(bad), str(good)], store, extractor=extractor)
        assert store.counts()["sources"] == 1
    (fail,) = report.failed
    assert isinstance(fail.error, ExtractionError) and "RecursionError" in fail.error.one_line()


# --- §9 item 13: encoding fuzz ---------------------------------------------------------------

LABELS = st.sampled_from(["utf-8", "utf-16", "windows-1252", "iso-8859-2", "shift_jis", "big5",
                          "koi8-r", "ascii", *HOSTILE_CHARSETS]) | st.text(max_size=20)
BODIES = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=100).map(lambda t: b"\xff\xfe" + t.encode("utf-16-le", "surrogatepass")),
    st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass") + b"\x00" + b"x"),
)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, bytes, str | None]:
    body = draw(BODIES)
    label = draw(LABELS)
    depth = draw(st.integers(0, 3000))
    shape = draw(st.sampled_from(["plain", "meta", "header", "jsonld", "tags"]))
    if shape == "plain":
        return "doc.txt", body, None
    if shape == "header":
        return "doc.html", b"<html><body><p>" + body + b"</p></body></html>", (
            f"text/html; charset={label}")
    if shape == "meta":
        head = f'<meta charset="{label}">'.encode("utf-8", "surrogatepass")
        return "doc.html", b"<html><head>" + head + b"</head><body><p>" + body + b"</p></body>", None
    if shape == "jsonld":
        nest = b"[" * depth + body.replace(b"<", b"") + b"]" * depth
        return "doc.html", (b'<html><head><script type="application/ld+json">' + nest
                            + b"</script></head><body><p>PRP helps.</p></body></html>"), None
    return "doc.html", b"<div>" * depth + body + b"</div>" * depth, None


@pytest.fixture(scope="module")
def roundtrip_db(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(tmp_path_factory.mktemp("fuzz") / "t.db")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    yield conn
    conn.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(documents())
def test_any_bytes_and_label_give_valid_text_or_the_projects_own_error(roundtrip_db,  # type: ignore[no-untyped-def]
                                                                       case) -> None:
    location, raw, ctype = case
    try:
        doc = parse_document(location, raw, content_type=ctype)
    except InputError as exc:
        assert exc.one_line() and "\n" not in exc.message
        return
    doc.text.encode("utf-8")  # valid UTF-8: no lone surrogates
    assert "\x00" not in doc.text
    assert json.loads(json.dumps({"t": doc.text}))["t"] == doc.text
    cur = roundtrip_db.execute("INSERT INTO t (body) VALUES (?)", (doc.text,))
    (back,) = roundtrip_db.execute("SELECT body FROM t WHERE id = ?", (cur.lastrowid,)).fetchone()
    assert back == doc.text


# --- §9 item 12: hostile HTML ----------------------------------------------------------------


def test_100k_nested_tags_keep_their_text_or_say_truncated() -> None:
    depth = 100_000
    raw = ("<html><body>" + "<div>" * depth + "<p>PRP improved scars by 41% in 40 patients.</p>"
           + "</div>" * depth + "<p>Downtime was 2 days.</p></body></html>").encode()
    doc = parse_document("nested.html", raw)
    kept = "PRP improved scars by 41% in 40 patients." in doc.text
    assert "Downtime was 2 days." in doc.text
    assert kept or any(n.startswith("truncated") for n in doc.notes)


def test_100k_attributes_on_one_tag() -> None:
    attrs = " ".join(f'data-a{i}="{i}"' for i in range(100_000))
    raw = f"<html><body><p {attrs}>PRP improved scars by 41% in 40 patients.</p></body></html>"
    assert parse_document("attrs.html", raw.encode()).text == (
        "PRP improved scars by 41% in 40 patients.")


def test_a_20_mb_single_line_page_is_parsed_whole() -> None:
    para = "<p>PRP improved acne scars by 41% in 40 patients after three sessions.</p>"
    raw = ("<html><body>" + para * (20_000_000 // len(para)) + "</body></html>").encode()
    assert b"\n" not in raw and len(raw) >= 19_000_000
    doc = parse_document("long.html", raw)
    assert doc.text.count("PRP improved acne scars") == 20_000_000 // len(para)


# --- files that are not regular files -------------------------------------------------------


def test_a_fifo_named_like_a_document_is_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "notes.txt"
    os.mkfifo(fifo)
    db = str(tmp_path / "e.db")
    r = runner.invoke(app, ["ingest", str(fifo), str(EXAMPLES / "regulator-notice-prp.html"),
                            "--db", db])
    assert r.exit_code == EXIT_PARTIAL
    (line,) = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert "notes.txt" in line and "not a regular file" in line


def test_a_symlink_to_dev_zero_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.html"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="not a regular file"):
        from evidence.ingest import read_file

        read_file(str(link))


def test_a_file_past_the_size_limit_is_refused(tmp_path: Path) -> None:
    from evidence.ingest import MAX_FILE_BYTES, read_file

    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(InputError, match="larger than"):
        read_file(str(big))


def test_every_error_is_an_evidence_error() -> None:
    assert issubclass(ExtractionError, EvidenceError) and issubclass(EncodingError, InputError)


# --- tables: nothing in a cell is dropped ------------------------------------------------------

CELLS = b"""<html><body><table><tr><th>Treatment</th><th>Notes</th></tr>
<tr><td>PRP</td><td><p>Downtime is 2 days.</p><p>Redness lasts 3 days.</p></td></tr>
<tr><td>Laser</td><td><ul><li>Downtime 5 days</li><li>Peeling for a week</li></ul></td></tr>
<tr><td>Exosomes</td><td><table><tr><td>Improvement 30%</td><td>at 12 weeks</td></tr>
<tr><td>Redness 2 days</td></tr></table></td></tr></table>
<ul><li>Microneedling<div><table><tr><td>Downtime 1 day</td></tr></table></div></li></ul>
</body></html>"""


def test_paragraphs_lists_and_tables_inside_a_cell_are_kept_apart() -> None:
    doc = parse_document("cells.html", CELLS)
    lines = doc.text.splitlines()
    assert "PRP | Downtime is 2 days. Redness lasts 3 days." in lines
    assert "Laser | Downtime 5 days; Peeling for a week" in lines
    assert "Exosomes | Improvement 30% at 12 weeks; Redness 2 days" in lines
    assert "Downtime 1 day" in doc.text  # a table inside a list item is written too
    cells = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table_cell"]
    assert "Downtime 5 days; Peeling for a week" in cells


# --- a body in an encoding that was not asked for ---------------------------------------------


def test_a_br_body_is_refused_naming_the_encoding(tmp_path: Path) -> None:
    from tests.loopback import LoopbackServer, Reply

    with LoopbackServer() as srv:
        srv.add("/robots.txt", Reply(404))
        srv.add("/page", Reply(body=b"\x1b\x0b\x00\xf8\xa5\x00\x00\x00\x00\x00binary-looking",
                               headers={"Content-Type": "text/html", "Content-Encoding": "br"}))
        r = runner.invoke(app, ["ingest", srv.url("/page"), "--db", str(tmp_path / "e.db"),
                                "--allow-private", "--delay", "0"],
                          env={"EVIDENCE_CACHE_DIR": str(tmp_path / "cache")})
    assert r.exit_code == EXIT_PARTIAL
    (line,) = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert "br-encoded" in line and "binary" not in line and "[E208]" in line


def test_every_error_class_has_its_own_code() -> None:
    """A code in a one-line error names one kind of failure, so a script can act on it."""
    def every(cls: type[EvidenceError]) -> list[type[EvidenceError]]:
        return [cls] + [k for sub in cls.__subclasses__() for k in every(sub)]

    classes = every(EvidenceError)
    codes = [c.code for c in classes if "code" in vars(c)]
    assert len(classes) > 20 and len(codes) == len(set(codes)), sorted(codes)

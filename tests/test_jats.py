"""JATS XML: front-matter metadata, section types for extraction, and hostile XML refused."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from evidence.errors import XmlError
from evidence.parse import media_type_for, parse_document
from tests.conftest import FIXTURES
from tests.loopback import LoopbackServer
from tests.test_cli import EXIT_PARTIAL, GOOD, run

ARTICLE = FIXTURES / "apis" / "jats-trial-microneedling-prp.xml"


def test_front_matter_gives_the_metadata() -> None:
    doc = parse_document(str(ARTICLE), ARTICLE.read_bytes())
    m = doc.meta
    assert (doc.media_type, doc.kind, doc.parser) == ("application/jats+xml", "journal_article",
                                                      "evidence.parse.jats.v1")
    assert m.title and m.title.startswith("Microneedling with platelet-rich plasma versus")
    assert m.authors == ["Nadia R. Okafor", "Tomás Lindqvist", "Priya Venkataraman"]  # no editor
    assert (m.publisher, m.published) == ("Journal of Fictional Dermatology", "2025-03-14")
    assert (m.doi, m.pmid, m.pmcid) == ("10.5555/jfd.2025.0142", "99214537", "PMC99887766")
    assert m.registrations == ["NCT09412785"]
    assert m.provenance["title"] == "JATS article-title"


def test_sections_are_headed_by_their_type() -> None:
    doc = parse_document(str(ARTICLE), ARTICLE.read_bytes())
    heads = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "heading"]
    assert heads[1:7] == ["Abstract", "Background", "Methods", "Results", "Conclusions",
                          "Introduction"]  # an untitled sec-type="intro"
    assert "Methods: Patients and procedures" in heads  # a title that does not say its type
    assert "References" not in heads and "An invented reference" not in doc.text
    rows = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table_row"]
    assert rows[1] == "Microneedling + PRP | 40 | 41.2% | 2–3 days"
    bullets = [doc.text[b.body_start:b.end] for b in doc.blocks if b.kind == "bullet"]
    assert bullets == ["Downtime did not differ between sides.", "No side had a serious adverse event."]


def test_section_types_feed_the_extractor(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document(str(ARTICLE), ARTICLE.read_bytes())
    res = extractor.extract(doc)
    assert all(doc.text[c.start:c.end] == c.text for c in res.claims)
    by_start = {c.text[:30]: c for c in res.claims}
    intro = next(c for t, c in by_start.items() if t.startswith("Atrophic acne scarring follows"))
    assert intro.section == "Introduction" and intro.study_ref is None  # background, not a finding
    result = next(c for c in res.claims if "41.2%" in c.text and c.block_kind == "paragraph")
    assert result.section == "Results" and result.study_ref == "own"
    own = next(s for s in res.studies if s.reported_in_own_source)
    assert (own.design, own.participants, own.within_subject) == ("rct", 40, True)


def test_sniffed_by_its_root_not_its_name() -> None:
    raw = ARTICLE.read_bytes()
    assert media_type_for("paper.txt", raw) == "application/jats+xml"
    assert media_type_for("page.xml", b"<?xml version='1.0'?><html><body><p>x</p></body></html>") \
        != "application/jats+xml"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE article [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<article><front><article-meta><title-group><article-title>&lol9;</article-title></title-group>
</article-meta></front><body><p>&lol9;</p></body></article>
"""


def test_billion_laughs_is_refused() -> None:
    with pytest.raises(XmlError) as err:
        parse_document("laughs.xml", BILLION_LAUGHS)
    assert "entities" in err.value.message and err.value.input == "laughs.xml"


def test_an_external_entity_never_reads_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the crown jewels", encoding="utf-8")
    for target in (secret.as_uri(), "file:///etc/passwd"):
        xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE article [<!ENTITY xxe SYSTEM "{target}">]>\n'
               '<article><body><p>Leaked: &xxe;</p></body></article>').encode()
        with pytest.raises(XmlError) as err:
            parse_document("xxe.xml", xxe)
        assert "crown jewels" not in err.value.one_line() and "root:" not in err.value.one_line()


def test_an_external_dtd_or_entity_never_touches_the_network() -> None:
    with LoopbackServer() as srv:
        for doctype in (f'<!DOCTYPE article SYSTEM "{srv.url("/evil.dtd")}">',
                        f'<!DOCTYPE article [<!ENTITY % remote SYSTEM "{srv.url("/p.dtd")}"> %remote;]>'):
            xml = (f'<?xml version="1.0"?>\n{doctype}\n<article><front><article-meta><title-group>'
                   '<article-title>An article</article-title></title-group></article-meta></front>'
                   '<body><p>Forty patients were randomised.</p></body></article>').encode()
            with contextlib.suppress(XmlError):
                parse_document("remote.xml", xml)
        assert srv.requests == []


@pytest.mark.parametrize(("name", "content", "words"), [
    ("laughs.xml", BILLION_LAUGHS, "declares entities"),
    ("broken.xml", b"<?xml version='1.0'?><article><body><p>cut off", "not well-formed"),
])
def test_bad_xml_fails_alone_and_the_batch_goes_on(db_path: str, write, name: str,  # type: ignore[no-untyped-def]
                                                   content: bytes, words: str) -> None:
    bad, good, article = write(name, content), write("good.txt", GOOD), str(ARTICLE)
    r = run("ingest", bad, good, article, "--db", db_path)
    assert r.exit_code == EXIT_PARTIAL
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and bad in errors[0] and words in errors[0] and "[E123]" in errors[0]
    data = json.loads(run("export", "--db", db_path).stdout)
    assert sorted(s["location"] for s in data["sources"]) == sorted([good, article])
    jats = next(s for s in data["sources"] if s["location"] == article)
    assert (jats["kind"], jats["media_type"], jats["pmcid"]) == (
        "journal_article", "application/jats+xml", "PMC99887766")

"""Scrapers: offline parsing of site-like fixtures, and scraping through a real loopback server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import scrapers
from evidence.errors import HTTPStatusError
from evidence.fetch import Fetcher
from evidence.models import RawDocument
from scrapers import generic, pmc, scrape, scraper_for, summary
from tests.loopback import LoopbackServer, Reply, fetch_settings, redirect

FIXTURES = Path(__file__).parent / "fixtures" / "scrapers"
PMC_URL = "https://pmc.ncbi.nlm.nih.gov/articles/PMC9900173/"
SUMMARY_URL = "https://www.tomesphere.example/papers/mn-prp-acne-scars-2024"
FULL_MD_URL = SUMMARY_URL + "/full.md"
TITLE = ("Microneedling with platelet-rich plasma versus microneedling alone for atrophic acne "
         "scars: a randomised split-face trial")
AUTHORS = ["Ilse Marchetti", "Tomasz Okonkwo-Berg", "Priya Halvorsen", "Daniel Ruiz-Achebe"]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def headings(doc: RawDocument) -> list[str]:
    return [doc.text[b.body_start:b.end] for b in doc.blocks if b.kind == "heading"]


def block_texts(doc: RawDocument, kind: str) -> list[str]:
    return [doc.text[b.body_start:b.end] for b in doc.blocks if b.kind == kind]


def assert_blocks_index_text(doc: RawDocument) -> None:
    """Every block is a trimmed, non-empty span of the stored text, in text order."""
    assert doc.blocks
    previous = 0
    for b in doc.blocks:
        assert 0 <= b.start <= b.body_start <= b.end <= len(doc.text)
        span = doc.text[b.start:b.end]
        if b.kind != "table_cell":
            assert span and span == span.strip(), b
        assert b.start >= previous or b.kind == "table_cell", b
        if b.kind != "table_cell":
            previous = b.start


@pytest.fixture
def srv() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


# --- choosing a scraper ----------------------------------------------------------------


@pytest.mark.parametrize(("url", "body", "expected"), [
    (PMC_URL, None, "pmc"),
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9900173/", None, "pmc"),
    ("https://europepmc.org/article/PMC/PMC9900173", None, "pmc"),
    ("https://journal.example/article/173", "pmc_article.html", "pmc"),
    (SUMMARY_URL, None, "summary"),
    ("http://127.0.0.1:8000/papers/x", "summary_page.md", "summary"),
    ("https://brightwater.example/blog/prp", "clinic_page.html", "generic"),
    ("https://www.ncbi.nlm.nih.gov/books/NBK1/", None, "generic"),
    ("https://journal.example/article/173", None, "generic"),
])
def test_scraper_for(url: str, body: str | None, expected: str) -> None:
    modules = {"pmc": pmc, "summary": summary, "generic": generic}
    assert scraper_for(url, fixture(body) if body else None) is modules[expected]


def test_citation_tags_alone_do_not_make_a_pmc_page() -> None:
    page = b'<html><head><meta name="citation_title" content="A page"></head><body><p>x</p></body></html>'
    assert scraper_for("https://journal.example/a", page) is generic


# --- PMC-style article pages -------------------------------------------------------------


def test_pmc_article_metadata() -> None:
    doc = pmc.parse(PMC_URL, fixture("pmc_article.html"), "text/html; charset=utf-8")
    meta = doc.meta
    assert meta.title == TITLE
    assert meta.authors == AUTHORS
    assert meta.publisher == "Journal of Invented Dermatology Research"
    assert meta.published == "2024-03-15"
    assert meta.doi == "10.5555/jidr.2024.0173"
    assert meta.pmid == "39990173"
    assert meta.pmcid == "PMC9900173"
    assert meta.provenance["pmcid"] == "url"
    assert meta.citation_meta is True
    assert meta.registrations == ["NCT99990173"]
    assert doc.kind == "journal_article"
    assert doc.raw == fixture("pmc_article.html")
    assert doc.parser.startswith("scrapers.pmc.v1")


def test_pmc_structured_abstract_labels_become_headings() -> None:
    doc = pmc.parse(PMC_URL, fixture("pmc_article.html"), "text/html")
    heads = headings(doc)
    for label in ("Abstract", "Background", "Methods", "Results", "Conclusions",
                  "1. Introduction", "2.1. Participants", "References"):
        assert label in heads
    assert heads.index("Abstract") < heads.index("Background") < heads.index("Conclusions")
    paragraphs = block_texts(doc, "paragraph")
    assert any(p.startswith("Atrophic scars are a frequent sequel") for p in paragraphs)
    assert any(p.startswith("Adding PRP to microneedling gave") for p in paragraphs)
    assert "Background:" not in doc.text and "Conclusions." not in doc.text
    assert "Keywords: acne scars" in doc.text  # not an abstract section
    levels = {doc.text[b.body_start:b.end]: b.level for b in doc.blocks if b.kind == "heading"}
    assert levels["Abstract"] == 2 and levels["Background"] == 3
    cells = block_texts(doc, "table_cell")
    assert cells[:3] == ["Outcome", "PRP side", "Saline side"]
    assert_blocks_index_text(doc)


def test_pmc_page_chrome_is_left_out() -> None:
    doc = pmc.parse(PMC_URL, fixture("pmc_article.html"), "text/html")
    for chrome in ("Skip to main content", "Search PMC", "Similar articles", "Accessibility",
                   "An invented website", "window.pageData"):
        assert chrome not in doc.text
    assert doc.text.startswith("J Invented Dermatol Res. 2024 Mar 15")


def test_pmc_on_another_host_ignores_identifiers_of_cited_papers() -> None:
    doc = scraper_for("https://journal.example/article/173", fixture("pmc_article.html")).parse(
        "https://journal.example/article/173", fixture("pmc_article.html"), None)
    assert doc.meta.pmcid is None  # PMC9000001 is a reference's, not this article's
    assert doc.meta.pmid == "39990173"
    assert "Background" in headings(doc)


def test_pmc_pmcid_from_tags() -> None:
    page = fixture("pmc_article.html").replace(
        b'<meta name="citation_pmid"', b'<meta name="ncbi_pmcid" content="9900173">\n<meta name="citation_pmid"')
    doc = pmc.parse("https://journal.example/article/173", page, "text/html")
    assert doc.meta.pmcid == "PMC9900173"
    assert doc.meta.provenance["pmcid"].startswith("meta")


def test_pmc_heading_labels_and_colon_after_label() -> None:
    page = b"""<html><head>
    <meta name="citation_title" content="An invented trial of scar creams">
    <meta name="citation_author" content="Ana Lindqvist">
    <meta name="citation_publication_date" content="2023/11/02">
    <meta name="citation_doi" content="doi:10.5555/ABC.2023.9">
    </head><body><div id="abstract-a"><h2>Abstract</h2>
    <div><h3>Objective</h3><p>To compare two invented creams.</p></div>
    <p><b>Methods</b>: Twelve volunteers used each cream for a month.</p>
    <p><strong>Findings</strong></p><p>Neither cream changed scar depth.</p>
    </div><p>Body text of the article.</p></body></html>"""
    doc = pmc.parse("https://journal.example/x", page, "text/html")
    assert headings(doc)[:4] == ["Abstract", "Objective", "Methods", "Findings"]
    assert "Twelve volunteers used each cream for a month." in block_texts(doc, "paragraph")
    assert doc.meta.published == "2023-11-02"
    assert doc.meta.doi == "10.5555/abc.2023.9"
    assert doc.meta.authors == ["Ana Lindqvist"]
    assert_blocks_index_text(doc)


@pytest.mark.parametrize(("value", "iso"), [
    ("2024 Mar 15", "2024-03-15"), ("2024 Sep", "2024-09"), ("2024/03/15", "2024-03-15"),
    ("2024-03", "2024-03"), ("2024", "2024"), ("", None),
])
def test_pmc_dates(value: str, iso: str | None) -> None:
    assert pmc.pmc_date(value) == iso


# --- summary pages ---------------------------------------------------------------------------


def test_summary_markdown_page() -> None:
    doc = summary.parse(SUMMARY_URL, fixture("summary_page.md"), "text/markdown; charset=utf-8")
    assert doc.media_type == "text/markdown"
    assert doc.meta.title == "Microneedling plus platelet-rich plasma for atrophic acne scars"
    assert doc.meta.authors == AUTHORS
    assert doc.meta.doi == "10.5555/jidr.2024.0173"
    assert doc.meta.published == "2024-03-15"
    assert doc.kind == "paper_summary"
    assert headings(doc) == ["Microneedling plus platelet-rich plasma for atrophic acne scars",
                             "TL;DR", "Key findings", "Abstract", "Why it matters"]
    bullets = block_texts(doc, "bullet")
    assert bullets[0] == "Scar scores fell by 6.1 points on the PRP side and by 4.3 points on the saline side."
    assert len(bullets) == 4
    assert summary.full_text_link(doc) == FULL_MD_URL
    assert doc.text == fixture("summary_page.md").decode()
    assert_blocks_index_text(doc)


@pytest.mark.parametrize(("line", "link"), [
    ("Fetch the complete paper as Markdown: https://x.example/p/full.md", "https://x.example/p/full.md"),
    ("Fetch the complete paper as Markdown: [text](https://x.example/p/full.md).",
     "https://x.example/p/full.md"),
    ("Fetch the complete paper as Markdown: <https://x.example/p/full.md>", "https://x.example/p/full.md"),
    ("**Fetch the complete paper as Markdown:** [here](/p/full.md)", "https://site.example/p/full.md"),
    ("Fetch the complete paper as Markdown: full.md", "https://site.example/p/full.md"),
    ("No full text is offered for this paper.", None),
])
def test_full_text_link_forms(line: str, link: str | None) -> None:
    body = f"# A summary\n\n## TL;DR\n\nShort.\n\n{line}\n".encode()
    doc = summary.parse("https://site.example/p/", body, "text/markdown")
    assert summary.full_text_link(doc) == link


def test_summary_page_wrapped_in_html() -> None:
    page = fixture("summary_page.html")
    doc = summary.parse(SUMMARY_URL, page, "text/html; charset=utf-8")
    assert doc.raw == page
    assert doc.text == fixture("summary_page.md").decode()
    assert "TL;DR" in headings(doc)
    assert "Papers" not in doc.text and "not the authors' words" not in doc.text
    assert summary.full_text_link(doc) == FULL_MD_URL
    assert_blocks_index_text(doc)


def test_html_page_without_markdown_body_is_parsed_generically() -> None:
    doc = summary.parse(SUMMARY_URL, fixture("clinic_page.html"), "text/html")
    assert doc.media_type == "text/html"
    assert "How Does It Work?" in headings(doc)


def test_summary_plain_text_content_type() -> None:
    doc = summary.parse("http://127.0.0.1:1/papers/x", fixture("summary_page.md"), "text/plain")
    assert doc.media_type == "text/markdown"
    assert "Key findings" in headings(doc)


# --- generic pages ---------------------------------------------------------------------------


def test_generic_clinic_page() -> None:
    url = "https://brightwater.example/blog/microneedling-prp"
    doc = generic.parse(url, fixture("clinic_page.html"), "text/html; charset=utf-8")
    # the page heading, not the <title> with the site name after it
    assert doc.meta.title == "Microneedling with PRP: The Smart Way to Treat Acne Scars"
    assert doc.meta.site == "Brightwater Skin Studio"
    assert doc.kind == "commercial"
    assert headings(doc) == ["Microneedling with PRP: The Smart Way to Treat Acne Scars",
                             "How Does It Work?", "What the Research Says", "Pricing"]
    assert block_texts(doc, "bullet") == ["Single session: $350", "Package of four sessions: $1,200"]
    for chrome in ("cookies", "Chemical peels", "Harbour Lane", "Treatments"):
        assert chrome not in doc.text
    assert_blocks_index_text(doc)


# --- scraping through the network ------------------------------------------------------------


def _serve_summary(srv: LoopbackServer, full: Reply | None) -> tuple[str, str]:
    page_url = srv.url("/papers/mn-prp-acne-scars-2024")
    full_url = page_url + "/full.md"
    body = fixture("summary_page.md").replace(FULL_MD_URL.encode(), full_url.encode())
    srv.add("/papers/mn-prp-acne-scars-2024",
            Reply(body=body, headers={"Content-Type": "text/markdown; charset=utf-8"}))
    if full is not None:
        srv.add("/papers/mn-prp-acne-scars-2024/full.md", full)
    return page_url, full_url


def test_scrape_summary_follows_the_full_text_link(srv: LoopbackServer) -> None:
    page_url, full_url = _serve_summary(srv, Reply(
        body=fixture("summary_full.md"), headers={"Content-Type": "text/markdown; charset=utf-8"}))
    with Fetcher(fetch_settings()) as f:
        doc = scrape(page_url, f)
    assert doc.location == page_url and doc.final_url == page_url
    assert doc.notes == [f"full text fetched from {full_url}"]
    heads = headings(doc)
    assert f"Full text (fetched from {full_url})" in heads
    assert heads.index("Why it matters") < heads.index(f"Full text (fetched from {full_url})")
    assert heads.index(f"Full text (fetched from {full_url})") < heads.index("Methods")
    assert doc.text.startswith(fixture("summary_page.md").decode().replace(FULL_MD_URL, full_url).rstrip("\n"))
    assert "Because each participant served as their own control" in doc.text
    assert doc.meta.title == "Microneedling plus platelet-rich plasma for atrophic acne scars"
    assert doc.meta.doi == "10.5555/jidr.2024.0173"
    assert doc.kind == "paper_summary"
    assert doc.raw.startswith(b"# Microneedling plus platelet-rich plasma")
    assert block_texts(doc, "table_cell")[:3] == ["Outcome", "PRP side", "Saline side"]
    assert_blocks_index_text(doc)
    assert srv.hits("/papers/mn-prp-acne-scars-2024/full.md") == 1


def test_scrape_summary_keeps_the_summary_when_full_text_fails(srv: LoopbackServer) -> None:
    page_url, full_url = _serve_summary(srv, None)  # full.md answers 404
    with Fetcher(fetch_settings()) as f:
        doc = scrape(page_url, f)
    assert doc.notes == [f"full text could not be fetched from {full_url}: HTTP 404 Not Found"]
    assert doc.text == fixture("summary_page.md").decode().replace(FULL_MD_URL, full_url)
    assert "Full text" not in " ".join(headings(doc))
    assert doc.kind == "paper_summary"
    assert_blocks_index_text(doc)


def test_scrape_summary_notes_robots_refusal_of_full_text(srv: LoopbackServer) -> None:
    srv.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /*/full.md\n"))
    page_url, full_url = _serve_summary(srv, Reply(body=fixture("summary_full.md")))
    with Fetcher(fetch_settings()) as f:
        doc = scrape(page_url, f)
    assert len(doc.notes) == 1
    assert doc.notes[0].startswith(f"full text could not be fetched from {full_url}: ")
    assert "disallows" in doc.notes[0]
    assert srv.hits("/papers/mn-prp-acne-scars-2024/full.md") == 0


def test_scrape_summary_site_by_host_with_html_wrapper(srv: LoopbackServer) -> None:
    base = f"http://www.tomesphere.example:{srv.port}"
    page = fixture("summary_page.html").replace(b"https://www.tomesphere.example", base.encode())
    srv.add("/papers/mn-prp-acne-scars-2024", Reply(body=page, headers={"Content-Type": "text/html"}))
    srv.add("/papers/mn-prp-acne-scars-2024/full.md", Reply(body=fixture("summary_full.md")))
    resolver = {"www.tomesphere.example": ["127.0.0.1"]}
    with Fetcher(fetch_settings(), resolver=lambda host: resolver[host]) as f:
        doc = scrape(base + "/papers/mn-prp-acne-scars-2024", f)
    assert doc.parser.startswith("scrapers.summary.v1")
    assert doc.raw == page
    assert doc.notes == [f"full text fetched from {base}/papers/mn-prp-acne-scars-2024/full.md"]
    assert "TL;DR" in headings(doc) and "Discussion" in headings(doc)
    assert_blocks_index_text(doc)


SUMMARY_AS_HTML = b"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Scar creams compared - Tomesphere</title></head><body>
<nav><a href="/">Tomesphere</a></nav>
<article>
<h1>Two invented scar creams compared</h1>
<h2>TL;DR</h2><p>Neither of two invented creams changed scar depth over a month.</p>
<h2>Key findings</h2><ul><li>Twelve volunteers used each cream.</li><li>No change in depth.</li></ul>
<table><tr><th>Cream</th><th>Change</th></tr><tr><td>A</td><td>0.1</td></tr></table>
<p><a href="/papers/scar-creams/full.md">Read the complete paper as Markdown</a></p>
</article></body></html>"""


def test_scrape_html_summary_keeps_its_structure_when_full_text_is_appended(
    srv: LoopbackServer,
) -> None:
    base = f"http://www.tomesphere.example:{srv.port}"
    srv.add("/papers/scar-creams", Reply(body=SUMMARY_AS_HTML, headers={"Content-Type": "text/html"}))
    srv.add("/papers/scar-creams/full.md", Reply(body=fixture("summary_full.md"),
                                                 headers={"Content-Type": "text/markdown"}))
    with Fetcher(fetch_settings(), resolver=lambda host: ["127.0.0.1"]) as f:
        doc = scrape(base + "/papers/scar-creams", f)
    full_url = base + "/papers/scar-creams/full.md"
    assert doc.media_type == "text/html"
    assert doc.notes == [f"full text fetched from {full_url}"]
    heads = headings(doc)
    assert heads[:3] == ["Two invented scar creams compared", "TL;DR", "Key findings"]
    assert f"Full text (fetched from {full_url})" in heads and "Discussion" in heads
    tables = {b.table for b in doc.blocks if b.table is not None}
    assert tables == {0, 1}  # the page's table and the full text's, numbered apart
    assert block_texts(doc, "bullet")[:2] == ["Twelve volunteers used each cream.", "No change in depth."]
    assert_blocks_index_text(doc)


def test_scrape_pmc_page_after_a_redirect(srv: LoopbackServer) -> None:
    srv.add("/pmc/articles/PMC9900173", redirect("/articles/PMC9900173/", 301))
    srv.add("/articles/PMC9900173/", Reply(body=fixture("pmc_article.html"),
                                           headers={"Content-Type": "text/html; charset=utf-8"}))
    given = srv.url("/pmc/articles/PMC9900173")
    with Fetcher(fetch_settings()) as f:
        doc = scrape(given, f)
    assert doc.location == given
    assert doc.final_url == srv.url("/articles/PMC9900173/")
    assert doc.notes == [f"redirected to {srv.url('/articles/PMC9900173/')}"]
    assert doc.meta.pmcid == "PMC9900173"
    assert doc.meta.title == TITLE
    assert "Background" in headings(doc)
    assert doc.raw == fixture("pmc_article.html")


def test_scrape_generic_page_from_cache(srv: LoopbackServer, tmp_path: Path) -> None:
    srv.add("/blog/prp", Reply(body=fixture("clinic_page.html"),
                               headers={"Content-Type": "text/html", "ETag": '"c1"'}))
    with Fetcher(fetch_settings(cache_dir=str(tmp_path))) as f:
        first = scrape(srv.url("/blog/prp"), f)
    srv.add("/blog/prp", Reply(304, headers={"ETag": '"c1"'}))
    with Fetcher(fetch_settings(cache_dir=str(tmp_path))) as f:
        second = scrape(srv.url("/blog/prp"), f)
    assert first.notes == []
    assert second.notes == ["unchanged since the cached copy (the server answered 304 Not Modified)"]
    assert second.text == first.text
    assert second.kind == "commercial"


def test_scrape_raises_when_the_page_itself_fails(srv: LoopbackServer) -> None:
    with Fetcher(fetch_settings()) as f, pytest.raises(HTTPStatusError) as err:
        scrape(srv.url("/nothing"), f)
    assert err.value.input == srv.url("/nothing")


def test_every_scraper_has_the_common_interface() -> None:
    for module in (*scrapers.SCRAPERS, generic):
        assert isinstance(module.NAME, str)
        assert callable(module.matches) and callable(module.parse)

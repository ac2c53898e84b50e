"""Parsing: decoding, blocks of text and HTML, metadata, source kind."""

from __future__ import annotations

import codecs

import pytest

from evidence.errors import EmptyDocumentError, EncodingError, NotTextError
from evidence.parse import parse_document
from evidence.parse.decode import decode
from evidence.parse.metadata import issue_date, normalise_date, normalise_doi
from evidence.parse.text import parse_text


def blocks_of(text: str) -> list[tuple[str, str]]:
    return [(b.kind, text[b.body_start:b.end]) for b in parse_text(text)]


# --- decoding -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "error", "words"),
    [
        (b"", EmptyDocumentError, "empty"),
        (b"   \n\t ", EmptyDocumentError, "empty"),
        (b"%PDF-1.7 binary", NotTextError, "PDF"),
        (b"\x89PNG\r\n\x1a\n....", NotTextError, "PNG"),
        (b"text\x00with\x00nul", NotTextError, "NUL"),
        (b"caf\xe9 au lait", EncodingError, "invalid UTF-8"),
    ],
)
def test_decode_refuses_what_is_not_text(raw: bytes, error: type, words: str) -> None:
    with pytest.raises(error) as exc:
        decode(raw, input="doc.txt")
    line = exc.value.one_line()
    assert line.startswith("doc.txt: ") and words in line and "try:" in line


def test_decode_wrong_declared_charset_is_refused() -> None:
    raw = "<meta charset='iso-8859-1'><p>naïve ± café</p>".encode()
    with pytest.raises(EncodingError, match="declared charset"):
        decode(raw, input="page.html", declared="iso-8859-1")


def test_decode_honours_a_correct_single_byte_charset_and_boms() -> None:
    assert decode("café ±".encode("cp1252"), input="x", declared="windows-1252") == "café ±"
    assert decode(codecs.BOM_UTF8 + "é".encode(), input="x") == "é"
    assert decode("héllo".encode("utf-16"), input="x") == "héllo"
    assert decode(b"a\r\nb\rc", input="x") == "a\nb\nc"


# --- plain text and Markdown blocks -------------------------------------------------


def test_markdown_headings_bullets_and_pipe_tables() -> None:
    text = (
        "# Trial of Something\n\n## Results\n\n- First finding here.\n  - nested point\n"
        "1. Numbered item with a sentence.\n\n| Arm | n |\n|---|---|\n| PRP | 20 |\n| Saline | 20 |\n"
    )
    b = blocks_of(text)
    assert ("heading", "Trial of Something") in b
    assert ("heading", "Results") in b
    assert ("bullet", "First finding here.") in b
    assert ("bullet", "nested point") in b
    assert ("table_cell", "Saline") in b
    rows = [x for x in parse_text(text) if x.kind == "table_row"]
    assert len(rows) == 3  # the separator row is not a row
    cells = [x for x in parse_text(text) if x.kind == "table_cell" and x.row == 2]
    assert [text[c.start:c.end] for c in cells] == ["Saline", "20"]


def test_cells_one_per_line_after_a_header_row_become_a_table() -> None:
    lines = ["Options Compared", "Option", "Downtime", "Cost",
             "Peel", "2–4 days", "150 dollars", "Laser", "5–7 days", "900 dollars",
             "Needling", "1–2 days", "300 dollars"]
    text = "\n\n".join(lines) + "\n\nA closing sentence that is long enough to be prose.\n"
    blocks = parse_text(text)
    cells = {(b.row, b.col): text[b.start:b.end] for b in blocks if b.kind == "table_cell"}
    assert cells[(0, 1)] == "Downtime"
    assert cells[(2, 0)] == "Laser" and cells[(2, 1)] == "5–7 days"
    assert ("heading", "Options Compared") in [(b.kind, text[b.start:b.end]) for b in blocks]


def test_hard_wrapped_paragraphs_stay_whole_and_short_lines_stand_alone() -> None:
    text = ("Thirty patients with atrophic acne scars were enrolled in this\n"
            "prospective study and treated with four sessions of microneedling\n"
            "at monthly intervals.\nGet in touch with us\nOur clinic is open daily.\n")
    b = blocks_of(text)
    assert b[0][0] == "paragraph" and b[0][1].endswith("monthly intervals.")
    assert ("paragraph", "Get in touch with us") in b


@pytest.mark.parametrize("text", [
    # a wrapped line ending on a colon, a semicolon or an initial's full stop, the sentence
    # going on in lower case
    "Researchers randomly assigned 120 adults with thinning hair to one of three groups:\n"
    "rosemary oil; minoxidil; or a plain carrier oil, applied nightly for six months.\n",
    "Some 410 volunteers were allocated to an extract of the fresh plant of E. purpurea, L.\n"
    "angustifolia and their roots, or to a placebo matched in taste and colour.\n",
    # a first line capitalised like a heading that the sentence goes on from
    "Researchers at the Royal Melbourne Hospital Skin Clinic tested a retinol cream in a\n"
    "six-month trial involving 36 men and women aged 80 to 96 years.\n",
])
def test_a_wrapped_sentence_goes_on_past_a_line_end(text: str) -> None:
    b = blocks_of(text)
    assert [k for k, _ in b] == ["paragraph"], b


def test_a_short_line_ending_on_a_colon_still_leads_into_its_list() -> None:
    b = blocks_of("Side effects include:\nredness and mild swelling\n")
    assert b[0] == ("paragraph", "Side effects include:")


def test_block_offsets_always_index_the_text() -> None:
    text = "## A\n\n- one: two\n\n| x | y |\n| 1 | 2 |\n\nPlain paragraph.\n"
    for blk in parse_text(text):
        assert 0 <= blk.start <= blk.body_start <= blk.end <= len(text)
        assert text[blk.start:blk.end] == text[blk.start:blk.end].strip()


# --- HTML -----------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Fallback title</title>
<meta name="citation_title" content="Microneedling With PRP for Acne Scars">
<meta name="citation_author" content="Rivera, Ana"><meta name="citation_author" content="Okafor, Ben">
<meta name="citation_journal_title" content="Journal of Example Dermatology">
<meta name="citation_publication_date" content="2025/03/14">
<meta name="citation_doi" content="10.5555/JED.2025.0142">
<meta name="citation_pmid" content="39990001">
<script>var tracking = "never stored";</script><style>p{color:red}</style></head>
<body><nav><a href="/">Home</a> Book a consultation</nav>
<header><p>Site banner text</p></header>
<div class="cookie-banner">We use cookies. Accept cookies</div>
<article><h1>Microneedling With PRP for Acne Scars</h1>
<h2>Results</h2><p>Forty patients were <b>randomly</b> assigned.<br>Both sides improved.</p>
<ul><li>Item one<ul><li>Sub item</li></ul></li><li>Item two</li></ul>
<table><thead><tr><th>Arm</th><th>Improvement</th></tr></thead>
<tbody><tr><td>PRP</td><td>41.2%</td></tr></tbody></table></article>
<aside>Related posts</aside><footer>© Example 2025</footer>
<form><input name="q"></form></body></html>"""


def test_html_keeps_structure_and_drops_chrome() -> None:
    doc = parse_document("trial.html", PAGE.encode())
    t = doc.text
    for gone in ("never stored", "color:red", "Home", "Site banner", "cookies", "Related posts",
                 "© Example"):
        assert gone not in t
    kinds = {(b.kind, t[b.body_start:b.end]) for b in doc.blocks}
    assert ("heading", "Results") in kinds
    assert ("paragraph", "Forty patients were randomly assigned. Both sides improved.") in kinds
    assert ("bullet", "Item one") in kinds and ("bullet", "Sub item") in kinds
    assert ("table_cell", "41.2%") in kinds
    row = next(b for b in doc.blocks if b.kind == "table_row" and b.row == 1)
    assert t[row.start:row.end] == "PRP | 41.2%"
    sub = next(b for b in doc.blocks if t[b.body_start:b.end] == "Sub item")
    assert sub.level == 1


def test_html_metadata_from_citation_tags() -> None:
    m = parse_document("trial.html", PAGE.encode()).meta
    assert m.title == "Microneedling With PRP for Acne Scars"
    assert m.authors == ["Rivera, Ana", "Okafor, Ben"]
    assert m.publisher == "Journal of Example Dermatology"
    assert m.published == "2025-03-14"
    assert m.doi == "10.5555/jed.2025.0142"
    assert m.pmid == "39990001"


def test_html_metadata_from_json_ld_and_open_graph() -> None:
    page = """<html><head><meta property="og:site_name" content="Daily Skin News">
    <meta property="og:title" content="OG title">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Clinics Rush to Offer Exosomes",
    "author": [{"@type": "Person", "name": "Jo Writer"}], "datePublished": "2026-02-03T10:00:00Z"}</script>
    </head><body><p>Body text about exosome clinics and their claims.</p></body></html>"""
    doc = parse_document("news.html", page.encode())
    assert doc.meta.title == "Clinics Rush to Offer Exosomes"
    assert doc.meta.authors == ["Jo Writer"]
    assert doc.meta.published == "2026-02-03"
    assert doc.kind == "news"


def test_text_metadata_from_byline_and_authors_line() -> None:
    text = ("# A Randomized Trial of Exosome Serum\n\n**Authors:** Mina Cho, Leo Grant\n\n"
            "PMC · DOI: 10.9999/Derm.2026.77 · Skin Journal · 2026-01-28\n\n## TL;DR\n\n"
            "A summary sentence of the site.\n\n## Abstract\n\nPatients were randomized.\n\n"
            "Source: https://summaries.example.org/paper/PMC1234567\n")
    doc = parse_document("summary.txt", text.encode())
    m = doc.meta
    assert m.title == "A Randomized Trial of Exosome Serum"
    assert m.authors == ["Mina Cho", "Leo Grant"]
    assert m.doi == "10.9999/derm.2026.77"
    assert m.publisher == "Skin Journal" and m.published == "2026-01-28"
    assert m.pmcid == "PMC1234567"
    assert doc.kind == "paper_summary"


@pytest.mark.parametrize(
    ("location", "text", "kind"),
    [
        ("https://www.fda.gov/safety/notice", "A notice.", "regulatory"),
        ("https://clinicaltrials.gov/study/NCT01234567", "Recruitment status.", "trial_registry"),
        ("https://www.medrxiv.org/content/1", "A preprint.", "preprint"),
        ("clinic.txt", "Book a consultation with our team today. Our clinic offers PRP.", "commercial"),
        ("notes.txt", "A plain note about the weather.", "other"),
    ],
)
def test_source_kind(location: str, text: str, kind: str) -> None:
    doc = parse_document(location, text.encode(), url=location if "://" in location else None)
    assert doc.kind == kind
    assert doc.kind_reason


def test_normalisers() -> None:
    assert normalise_doi("https://doi.org/10.1000/ABC.1") == "10.1000/abc.1"
    # the page's next word glued on by a lost line break; a DOI ending in letters keeps them
    assert normalise_doi("https://doi.org/10.1000/j.derm.2016.11.036Get") == "10.1000/j.derm.2016.11.036"
    assert normalise_doi("10.1000/S2468-1253(20)30056-X") == "10.1000/s2468-1253(20)30056-x"
    assert normalise_date("14 March 2025") == "2025-03-14"
    assert normalise_date("March 14, 2025") == "2025-03-14"
    assert normalise_date("2025/3/4") == "2025-03-04"
    assert normalise_date("June 2024") == "2024-06"
    assert normalise_date("nonsense") is None


def test_citation_tags_on_a_shop_page_do_not_make_it_a_journal_article() -> None:
    page = """<html><head><meta name="citation_title" content="Serum X">
    <meta name="citation_author" content="Shop Team"></head><body>
    <p>Buy now: Serum X heals scars in days. Add to cart for $49 per bottle.</p>
    <p>Our clinic team recommends it after every laser session.</p></body></html>"""
    doc = parse_document("shop.html", page.encode())
    assert doc.kind == "commercial"
    real = PAGE.encode()
    assert parse_document("trial.html", real).kind == "journal_article"


PDF_FRONT = ("Annals of Skin Repair. 2024;9:40–48.        40\n\nORIGINAL ARTICLE\n\n"
             "Low-level light therapy after microneedling for rolling acne\n"
             "scars: a randomized, sham-controlled trial\n\n"
             "Tomasz Wrona MD1,2, Ayla Demir PhD2* and K. J. Brandt3\n\n"
             "Abstract\nMethods: Twenty-four adults were randomly allocated to light therapy or\n"
             "sham after each of three sessions (4 weeks apart)\n"
             "in a single centre. Redness settled in 2 days (IQR 1–3)\n"
             "with light and 4 days with sham.\n")


def test_pdf_front_matter_title_authors_and_wrapped_lines() -> None:
    doc = parse_document("paper.txt", PDF_FRONT.encode())
    assert doc.meta.title == ("Low-level light therapy after microneedling for rolling acne scars: "
                              "a randomized, sham-controlled trial")
    assert doc.meta.authors == ["Tomasz Wrona", "Ayla Demir", "K. J. Brandt"]
    kinds = {doc.text[b.start:b.end].split("\n")[0][:20]: b.kind for b in doc.blocks}
    assert kinds["Tomasz Wrona MD1,2, "] == "byline"
    paragraphs = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "paragraph"]
    # a line ending in ")" mid-sentence, followed by one in lower case, continues it
    assert any("(4 weeks apart)\nin a single centre" in p for p in paragraphs)
    assert any("(IQR 1–3)\nwith light" in p for p in paragraphs)


def test_capitalised_topic_lists_are_headings_not_bylines() -> None:
    doc = parse_document("page.txt", b"Scar Types, Laser Resurfacing and Skin Needling\n\n"
                                     b"Lasers remove the top layer of skin.\n")
    assert doc.blocks[0].kind == "heading"
    assert doc.meta.authors == []


@pytest.mark.parametrize("text", [
    "Drug Safety Update\n\nMedicines and Healthcare products Regulatory Agency\n\n"
    "Unlicensed skin boosters: report suspected reactions through the Yellow Card scheme.\n",
    "Health Canada is advising Canadians not to buy unauthorized exosome injections online.\n\n"
    "These products have not been authorized for sale in Canada.\n",
])
def test_regulator_notices_without_a_regulator_address(text: str) -> None:
    assert parse_document("notice.txt", text.encode()).kind == "regulatory"


def test_an_article_reporting_speech_is_news() -> None:
    html = ("<html><head><meta property='og:type' content='article'><title>Skin boosters</title>"
            "</head><body><article><h1>Skin boosters face scrutiny</h1><p>“The evidence is thin,” "
            "said Dr Mara Quinn, a dermatologist in Leeds.</p><p>Regulators are watching, "
            "a spokesperson told reporters, adding that complaints had doubled.</p>"
            "<p>“We see the complications,” Quinn said.</p></article></body></html>")
    assert parse_document("story.html", html.encode()).kind == "news"


def test_a_date_line_under_a_long_title_is_its_own_line_and_the_date() -> None:
    text = ("Safety advisory: unapproved secretome injections sold to beauty salons in several states\n"
            "Published 12 February 2024\n\nThe TGA has not approved these products.\n")
    doc = parse_document("notice.txt", text.encode())
    assert doc.meta.published == "2024-02-12"
    assert not any("states\nPublished" in doc.text[b.start:b.end] for b in doc.blocks)


LITERATURE_DATABASE = """Dermatol Surg Invent. 2025 Feb 3;41(2):210-218. doi: 10.5555/dsi.2025.0210.

Fractional erbium laser with or without topical exosomes for rolling acne scars: a randomized split-face trial

Lena Okafor 1, Marco Bellini 2, Sun-hee Park 1

Affiliations
1 Department of Dermatology, Invented General Hospital.
2 Skin Research Unit, Invented University.

Abstract

Background: Rolling scars respond slowly to laser alone.
"""


def test_literature_database_front_matter() -> None:
    doc = parse_document("abstract.txt", LITERATURE_DATABASE.encode())
    m = doc.meta
    assert m.title == ("Fractional erbium laser with or without topical exosomes for rolling acne "
                       "scars: a randomized split-face trial")
    assert m.authors == ["Lena Okafor", "Marco Bellini", "Sun-hee Park"]
    assert (m.publisher, m.published, m.doi) == \
        ("Dermatol Surg Invent", "2025-02-03", "10.5555/dsi.2025.0210")
    assert normalise_date("2024 Mar") == "2024-03"


def test_record_fields_are_paragraphs_not_headings() -> None:
    text = "Study Design\nStudy Type: Interventional\nAllocation: Randomized\n\nSponsor Notes\n"
    assert blocks_of(text) == [("heading", "Study Design"), ("paragraph", "Study Type: Interventional"),
                               ("paragraph", "Allocation: Randomized"), ("heading", "Sponsor Notes")]


def test_publication_dates_where_articles_and_blogs_print_them() -> None:
    article = ("Invented Annals (2024) 3:1–9\n\nReceived: 2 May 2023 / Accepted: 9 Dec 2023 / "
               "Published online:\n14 January 2024\n\nBody text follows here.\n")
    assert parse_document("a.txt", article.encode()).meta.published == "2024-01-14"
    blog = "# PRP at Home?\n\n*Lumen Kits blog · 3 June 2025 · 4 min read*\n\nText.\n"
    assert parse_document("b.md", blog.encode()).meta.published == "2025-06-03"


def test_a_notice_title_above_its_date_line() -> None:
    text = ("Invented Medicines Agency\nSafety notice\n\nUnregistered exosome vials in beauty salons"
            "\n\nPublished: 2 April 2025\n\nSummary\n\nThe agency has found unregistered vials.\n")
    assert parse_document("n.txt", text.encode()).meta.title == \
        "Unregistered exosome vials in beauty salons"


@pytest.mark.parametrize(("title_tag", "h1", "expected"), [
    ("Laser Scar Revision | Invented Skin Rooms", "Laser Scar Revision", "Laser Scar Revision"),
    ("Consumer Warning: Exosome Vials | Invented Agency", "What You Should Know About Exosome Vials",
     "What You Should Know About Exosome Vials"),
    ("Exosome Vials Explained – Invented Agency", None, "Exosome Vials Explained"),
    ("A page with no site name", None, "A page with no site name"),
])
def test_an_html_title_without_the_sites_name(title_tag: str, h1: str | None, expected: str) -> None:
    body = f"<h1>{h1}</h1>" if h1 else ""
    html = f"<html><head><title>{title_tag}</title></head><body>{body}<p>Some text here.</p></body></html>"
    assert parse_document("p.html", html.encode()).meta.title == expected


def test_page_furniture_between_the_halves_of_a_cut_sentence() -> None:
    text = ("Abstract\n\nLasers remain common [3]. Extra-\ncellular vesicles carry growth\n\n"
            "78                                  Invented Scar Res (2024) 9:77–86\n\n"
            "factors that modulate fibroblasts [4].\n")
    kinds = [k for k, _t in blocks_of(text)]
    assert kinds == ["heading", "paragraph", "furniture", "paragraph"]


def test_a_plain_text_news_story_with_a_reporters_byline() -> None:
    text = ("Clinics embrace exosome boosters while the evidence lags behind\n\nBy Mia Chen\n"
            "Published: 3 March 2025\n\nClinics now charge $400 a session for boosters.\n\n"
            "\"The data are thin,\" said Dr. Omar Reyes, a dermatologist.\n\n"
            "A regulator said no booster had been approved for injection.\n")
    doc = parse_document("story.txt", text.encode())
    assert doc.kind == "news"
    assert doc.meta.title == "Clinics embrace exosome boosters while the evidence lags behind"


@pytest.mark.parametrize(("written", "iso"), [
    ("Tuesday, 4 March 2025", "2025-03-04"),
    ("Updated on 4 March 2025", "2025-03-04"),
    ("Published 2025-03-04", "2025-03-04"),
    ("2023 Dec 1", "2023-12-01"),
    ("no date here", None),
])
def test_dates_with_words_around_them(written: str, iso: str | None) -> None:
    assert normalise_date(written) == iso


def test_an_articles_time_element_dates_it() -> None:
    html = ("<html><body><nav><time datetime='2020-01-01'>old</time></nav><article><h1>Exosome "
            "facials reviewed</h1><time datetime='2025-04-09T08:00:00+10:00'>9 April 2025</time>"
            "<p>Text here about it.</p></article></body></html>")
    assert parse_document("p.html", html.encode()).meta.published == "2025-04-09"


@pytest.mark.parametrize(("head", "expected"), [
    ("Dermatol Ther Rev ; 4(2): 101-108, 2019 Oct. | Article | English", "2019-10"),
    ("Annals of Hair Science: March 2012 - Volume 7 - Issue 3 - p 211-218", "2012-03"),
    ("Frontiers in Skin Biology | Volume 9 - 2021 | https://doi.org/10.0000/x", "2021"),
    ("Journal: Lasers in Dermal Practice, 2018, № 4 | Publisher: Example Press", "2018"),
    # years on other lines (a recruitment period) do not date the paper
    ("Patients seen from June 2015 to May 2016 were reviewed.\nVolume 12, pages 4-9", None),
    ("Patients were enrolled between 2010 and 2013 at two centres.", None),
    # an article number for a first page; a table's cells; a header over two lines
    ("Open Skin Res\n. 2019 May 6;7(3):ofz112. doi: 10.0000/osr/ofz112", "2019-05-06"),
    ("Year : 2015 | Volume\n: 8\n| Issue : 2 | Page : 10-19 |", "2015"),
    ("Skin Sci  4 Mar 2020:\nVol. 41, Issue 612, pp. 101-109", "2020-03-04"),
])
def test_a_papers_date_is_read_beside_its_journal_issue(head: str, expected: str | None) -> None:
    assert issue_date(head) == expected


MEDLINE_RECORD = ("PMID- 30000001 OWN - NLM STAT- MEDLINE DP - 2016 Oct TI - Chamomile extract and "
                  "sleep onset in older adults: a randomized double-blind trial. PG - 211-9 LID - "
                  "10.0000/jsleep.2016.0142 [doi] AB - OBJECTIVES: This randomized trial tested "
                  "chamomile extract in 60 older adults with poor sleep.")


@pytest.mark.parametrize("record", [MEDLINE_RECORD, MEDLINE_RECORD.replace(" OWN -", "\nOWN -")
                                    .replace(" DP -", "\nDP  -").replace(" TI -", "\nTI  -")
                                    .replace(" PG -", "\nPG  -").replace(" LID -", "\nLID -")])
def test_a_pubmed_record_in_medline_format_gives_its_fields(record: str) -> None:
    meta = parse_document("record.txt", record.encode()).meta
    assert meta.title == ("Chamomile extract and sleep onset in older adults: a randomized "
                          "double-blind trial")
    assert (meta.published, meta.doi, meta.pmid) == ("2016-10", "10.0000/jsleep.2016.0142",
                                                     "30000001")


def test_only_a_copys_top_line_gives_its_address() -> None:
    body = ("Chamomile and sleep: a study card\n\nA trial of 60 older adults found chamomile "
            "shortened sleep onset by 12 minutes.\n")
    top = parse_document("card.txt", f"Source: https://example.org/cards/chamomile\n{body}".encode())
    assert top.meta.url == "https://example.org/cards/chamomile"
    # a "Link:" at the foot names the paper the page cites, and does not make it a PubMed page
    foot = parse_document("card.txt", f"{body}\nLink:\nhttps://pubmed.ncbi.nlm.nih.gov/30000001\n"
                          .encode())
    assert foot.meta.url is None and foot.kind != "journal_article", foot.kind_reason

"""A page written like a paper but telling of someone else's study, with none of a paper's
identifiers, is a retelling: its study is traced to the report, not taken as its own."""

from __future__ import annotations

from evidence.parse import parse_document

SUMMARY = """Nettle leaf and seasonal sneezing

Summary
This randomized, double-blind, placebo-controlled trial was designed to investigate the
effect of a nettle leaf extract on hay fever symptoms in adults with seasonal allergies.
For this study, researchers enrolled 64 otherwise healthy adults, aged 20 to 60 years, with
moderate symptoms. Participants were randomly assigned to 600 mg/day of nettle extract or a
matching placebo for 4 weeks, taken with breakfast and dinner.
A total of 60 participants (60/64; 94%) completed the study. Results indicate that nettle
significantly reduced nasal symptom scores (P<.01) and eye itching (P<.05) compared with
placebo, with no serious adverse events in either group.
"""

REPORT = SUMMARY.replace("For this study, researchers enrolled", "For this study, we enrolled")


def test_a_paper_like_summary_of_anothers_study_is_no_paper() -> None:
    doc = parse_document("summary.txt", SUMMARY.encode())
    assert doc.kind in ("commercial", "news"), doc.kind_reason


def test_read_as_a_paper_yet_telling_of_anothers_study_it_is_a_web_page(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """However sure the content model is that the summary reads like a paper, a page telling
    of someone else's study with none of a paper's identifiers is no paper."""
    from evidence.parse import genre, kind

    paper_like = genre.Genre("journal_article", 0.95, ("we_study",), "test",
                             (("journal_article", 0.95), ("commercial", 0.03), ("news", 0.02)))
    monkeypatch.setattr(kind, "read_genre", lambda text: paper_like)
    doc = parse_document("summary.txt", SUMMARY.encode())
    assert doc.kind == "commercial", doc.kind_reason  # the likelier web kind, not `other`
    assert "someone else's study" in doc.kind_reason
    assert "reads more like" in doc.kind_reason


def test_the_same_text_in_the_authors_voice_is_a_paper() -> None:
    assert parse_document("report.txt", REPORT.encode()).kind == "journal_article"


def test_the_first_study_of_its_kind_is_a_study_the_page_tells_of(extractor) -> None:  # type: ignore[no-untyped-def]
    """"In the first study of its kind, 60 women took ...": a study the page retells, so what
    it found is credited to it rather than left as the page's own word."""
    from evidence.parse import parse_document

    page = ("Collagen drinks and skin\n\nIn the first study of its kind, 60 healthy women took "
            "a placebo or 5 g of collagen peptides per day for 12 weeks.\n")
    result = extractor.extract(parse_document("c.txt", page.encode()))
    claim = next(c for c in result.claims if "60 healthy women" in c.text)
    assert claim.attribution_kind == "study"
    assert any(not s.reported_in_own_source for s in result.studies)


CARD = """Sixty adults with seasonal sneezing took part in a 4 week randomized, double-blind,
placebo-controlled trial of a nettle leaf extract. Nasal symptom scores fell significantly for
those taking 600 mg a day (P<0.01) against placebo. Authors surmise the benefit came from the
extract's antihistamine action; eye itching and sleep quality also eased, and no serious
adverse events were noted in either group over the four weeks of the study.

Foot Care Rev. 2019 Mar 2;8(3):e412 PMID: 31234567
"""


def test_a_summary_that_prints_the_papers_identifiers_is_still_no_paper(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A blurb ending on the paper's citation and PMID speaks of the paper's authors in the
    third person ("Authors surmise"), which a report never does of itself: a retelling."""
    from evidence.parse import genre, kind

    paper_like = genre.Genre("journal_article", 0.6, ("academic_vocab",), "test",
                             (("journal_article", 0.6), ("news", 0.25), ("commercial", 0.15)))
    monkeypatch.setattr(kind, "read_genre", lambda text: paper_like)
    doc = parse_document("card.txt", CARD.encode())
    assert doc.kind == "news", doc.kind_reason
    assert "Authors surmise" in doc.kind_reason and "the paper's identifiers" in doc.kind_reason
    # the same text in the authors' own voice stays a paper
    own = CARD.replace("Authors surmise", "We surmise")
    assert parse_document("own.txt", own.encode()).kind == "journal_article"

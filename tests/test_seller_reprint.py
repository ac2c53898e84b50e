"""A seller's copy of a paper's abstract is the seller's page, not the paper: a call to
action or a study card's fields over the abstract outweigh the way the text is written,
and the identifiers a card prints are the paper's, not its own."""

from __future__ import annotations

from evidence.parse import parse_document

ABSTRACT = """Abstract

Background:
Cold-air devices are used to ease soreness after exercise. The authors tested whether a
handheld cold-air device shortens recovery after hard cycling.

Methods:
Forty-eight amateur cyclists were enrolled and randomly divided into active (n = 24) and sham
(n = 24) groups, treated for 10 minutes after each of three hard rides.

Results:
Soreness scores at 24 hours fell by 31 percent in the active group and by 9 percent in the
sham group (p < 0.01). No adverse events were reported.

Conclusion:
A handheld cold-air device shortened recovery after hard cycling.
"""

VENDOR = ("Handheld Cold-Air Device and Recovery ...\n\n2 March 2024\n\n"
          "Want to know more about cold-air recovery devices? Feel free to contact us.\n\n"
          + ABSTRACT)

CARD = """Study Title:

Handheld cold-air treatment and soreness after hard cycling: a randomized, sham-controlled trial.

Study Abstract

""" + ABSTRACT.split("Background:\n", 1)[1] + """
Study Information

Sports Recov Rep. 2021 May 3;9:41. doi: 10.5555/srr.2021.041.
"""


def test_an_abstract_under_a_call_to_action_is_the_sellers_page() -> None:
    doc = parse_document("vendor.txt", VENDOR.encode())
    assert doc.kind == "commercial", doc.kind_reason


def test_a_study_card_over_an_abstract_is_not_the_paper_despite_its_doi() -> None:
    doc = parse_document("card.txt", CARD.encode())
    assert doc.meta.doi == "10.5555/srr.2021.041"
    assert doc.kind == "commercial", doc.kind_reason


def test_the_abstract_alone_is_still_an_article() -> None:
    doc = parse_document("abstract.txt", ("Handheld cold-air treatment and soreness after hard "
                                          "cycling: a randomized, sham-controlled trial\n\n"
                                          + ABSTRACT).encode())
    assert doc.kind == "journal_article", doc.kind_reason


INDEX_PAGE = """We summarise about 300 new safety articles every week.
Email Signup | RSS Feed

CONTACT US: Contact info

Search Results

Journal Article


Ivers K, Maddox T, Okafor B. Inj Surveill Rep. 2019; 12(4): 201-207.


Exposures to lily plants among cats were reported by veterinary poison centers during
2010-2018. Calls rose across the country during 2015-2018, most exposures occurred in
cats under 2 years of age, and most resulted in moderate outcomes.
"""


def test_an_index_page_with_a_contact_link_is_still_the_article() -> None:
    doc = parse_document("index.txt", INDEX_PAGE.encode())
    assert doc.kind == "journal_article", doc.kind_reason
    assert "furniture" in doc.kind_reason

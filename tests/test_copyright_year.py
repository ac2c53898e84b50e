"""A paper's year where its page prints no date but its publisher's copyright line."""

from __future__ import annotations

from evidence.parse import parse_document

PAPER = """Hop Extract and Sleep Onset in Shift Workers: A Randomized Trial

Abstract
Objective: To test whether hop extract shortens sleep onset in shift workers.
Methods: We randomly assigned 48 shift workers to hop extract or placebo for 4 weeks.
Results: Sleep onset shortened by 9 minutes with hop extract (p=0.01).
Conclusions: Hop extract may help shift workers fall asleep.
© 2014 by the Society for Sleep Botany.
"""


def test_a_papers_copyright_year_dates_it_where_nothing_else_does() -> None:
    doc = parse_document("hops.txt", PAPER.encode())
    assert doc.kind == "journal_article"
    assert doc.meta.published == "2014"
    assert doc.meta.provenance["published"] == "text copyright year"


def test_an_issue_line_outranks_the_copyright_year() -> None:
    text = PAPER.replace("Abstract\n", "Sleep Bot Rep. 2015 Mar;7(1):12-19.\n\nAbstract\n", 1)
    assert parse_document("hops.txt", text.encode()).meta.published.startswith("2015")


def test_a_page_retelling_a_paper_is_not_dated_by_its_footer() -> None:
    text = ("Hops for better sleep: what the research says\n\nOur hop capsules help you unwind. "
            "A trial of 48 shift workers found sleep onset shortened by 9 minutes.\n"
            "Shop now and save 20% on your first order.\n© 2024 Hop Wellness Shop")
    doc = parse_document("shop.txt", text.encode())
    assert doc.kind != "journal_article"
    assert doc.meta.published is None

"""A paper's date as saved copies print it: on its journal's line ("Skin Res Rep., 11
December 2018"), after the publisher's name ("Published online by Acme Press: 19 March
2018"), after "Epub ahead of print" with no colon; and a fuller date of the same year found
after the issue's bare year refines it."""

from __future__ import annotations

import pytest

from evidence.parse.metadata import text_metadata

TITLE = "Nightly oat milk and sleep onset in adults: a randomized trial\n\n"


@pytest.mark.parametrize(("head", "published"), [
    ("Sleep Res Rep., 11 December 2018\n\nVolume 5 - 2018 | https://doi.org/10.5555/srr.2018.1\n",
     "2018-12-11"),
    ("Journal of Restful Nights, May 2014\n", "2014-05"),
    ("  SLJ April 28 2010\n\nA. Author, B. Author\n", "2010-04-28"),
    ("Published online by Acme University Press:  19 March 2018\n", "2018-03-19"),
    ("Accepted Apr 3, 2017; Epub ahead of print Apr 4, 2017\nSleep Rep 2017; 9: xx-xx.\n",
     "2017-04-04"),
    # the year first, then the day it came out: the fuller date wins
    ("Sleep Surg Rep. 2020;47(1):62-69\nPublication date (electronic) : 2020 January 15\n",
     "2020-01-15"),
])
def test_a_papers_date_as_copies_print_it(head: str, published: str) -> None:
    assert text_metadata(TITLE + head + "\nAbstract\nWe randomized 40 adults.").published \
        == published


def test_a_manuscripts_history_is_not_its_date() -> None:
    head = ("Received 29 July 2015\n\nAccepted for publication 2 December 2015\n\n"
            "Published 27 January 2016 Volume 2016:9 Pages 9-21\n")
    assert text_metadata(TITLE + head).published == "2016-01-27"


def test_a_date_of_another_year_does_not_replace_the_one_found() -> None:
    head = "Sleep Surg Rep. 2020;47(1):62-69\nPublication date (electronic) : 2019 December 30\n"
    assert text_metadata(TITLE + head).published == "2020"

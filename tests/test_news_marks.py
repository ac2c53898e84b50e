"""A newsroom's marks read from a saved copy's content: a day of the week that dates what
happened, and a wire service's tag opening a dateline (not any abbreviation in brackets)."""

from __future__ import annotations

import pytest

from evidence.parse import parse_document

# a retelling written the way a health blog of a newspaper writes one, with no byline kept
_STORY = (
    "Cooling caps and thinning hair: a closer look\n\n"
    "Cooling caps are a fixture in salons, but they may fall short for thinning hair: a "
    "study of 140 women who wore the caps every day for a year found no gain in density.\n\n"
    "The study, {when} in the journal Hair Research, randomly assigned the women to two "
    "groups, one wearing the cap for 20 minutes a day and one not. Researchers found that "
    "after a year the density of the two groups was much the same, at 151 and 149 hairs "
    "per square centimetre.\n\n"
    "Caps sold for home use promise thicker hair through steady cold. The trial's authors "
    "wrote that the devices did not deliver on that promise in this group of women.\n")


@pytest.mark.parametrize("when", ["released Monday", "published on Thursday"])
def test_a_day_of_the_week_dates_a_news_item(when: str) -> None:
    doc = parse_document("story.txt", _STORY.format(when=when).encode())
    assert doc.kind == "news"
    assert "day of the week" in doc.kind_reason


def test_without_the_day_the_same_page_is_read_on_its_other_habits() -> None:
    doc = parse_document("story.txt", _STORY.format(when="released in May").encode())
    assert "day of the week" not in doc.kind_reason


_SCHEME = (
    "Prescribing cooling-cap therapy: information for dermatologists\n\n"
    "From 1 March, dermatologists approved under the Authorised Prescriber (AP) scheme may "
    "prescribe scalp cooling devices for chemotherapy hair loss. Approval is given to "
    "individual prescribers, who must report outcomes every six months to the Department.\n\n"
    "Prescribers should tell patients that the devices have not been approved for other "
    "uses. Reports of adverse events can be made online through the reporting portal.\n")


def test_an_abbreviation_in_brackets_is_no_wire_tag() -> None:
    doc = parse_document("scheme.txt", _SCHEME.encode())
    assert "wire service" not in doc.kind_reason


def test_a_wire_tag_opening_a_dateline_marks_a_news_item() -> None:
    story = ("Salon chain fined over cooling-cap claims\n\nDENVER (AP) — A salon chain that "
             "sold cooling caps as a cure for baldness was ordered to stop the claims, state "
             "officials said. The chain had promised regrowth in 30 days.\n")
    doc = parse_document("wire.txt", story.encode())
    assert doc.kind == "news" and "wire service" in doc.kind_reason


def test_a_share_bar_heading_does_not_hide_the_story(extractor) -> None:  # type: ignore[no-untyped-def]
    """A saved copy keeps a social bar's "Share This" above the story: it is no section of
    back matter, and what follows it is read."""
    page = ("Article Tools\n\nFont size\nShare This\n\nQ: Is there any good evidence from "
            "trials suggesting that cooling caps actually slow thinning hair in women who have "
            "had chemotherapy?\n\nA: In one of the better studies, published last year in the journal Hair "
            "Research, 40 women wore the caps daily and 24 of them regrew hair.\n")
    claims = extractor.extract(parse_document("qa.txt", page.encode())).claims
    assert any(c.text.startswith("A: In one of the better studies") for c in claims)

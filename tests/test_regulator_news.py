"""A news report on a regulator's notice is news, not the notice: it tells what the
agency said. What the agency did, told in the news, is still a regulatory statement."""

from __future__ import annotations

from evidence.parse import parse_document

NEWS = """Regulator warns over at-home ear-candling kits

The Food and Drug Administration on Thursday warned consumers against ear-candling kits
sold online, saying the cones can burn the ear canal and puncture the eardrum.

In a safety communication, the agency said it has received 41 reports of burns and blocked ear canals since 2021, most
of them in children. But the agency has not cleared any candling device for removing wax or
for treating sinus trouble, and it considers such claims unproven.

"People should not put a lit candle near a child's ear," FDA official Dana Whitlock said in
a statement. The FDA noted that the kits are often sold as spa products with no warnings.

Makers have 15 days to respond to the letters, the agency added.
"""

NOTICE = """Ear-candling kits: safety communication

The Food and Drug Administration (FDA) is warning consumers not to use ear-candling kits.
The agency has received 41 reports of burns and blocked ear canals since 2021, most of them
in children. The FDA has not cleared any candling device for removing ear wax.

What consumers should do: do not use ear candles. Report burns to MedWatch, the FDA's
safety information and adverse event reporting program.
"""


def test_a_report_of_what_the_agency_said_is_news() -> None:
    doc = parse_document("ear-candles-news.txt", NEWS.encode())
    assert doc.kind == "news", doc.kind_reason


def test_the_agencys_own_notice_stays_regulatory() -> None:
    doc = parse_document("ear-candles-notice.txt", NOTICE.encode())
    assert doc.kind == "regulatory", doc.kind_reason


def test_what_the_agency_did_told_in_the_news_is_regulatory(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document("ear-candles-news.txt", NEWS.encode())
    claims = extractor.extract(doc).claims
    cleared = next(c for c in claims if "has not cleared" in c.text)
    assert cleared.kind == "regulatory"


LETTERS = """Agency acts on ear-candling kits sold as wax removers
Constituent Update
March 3, 2025
On March 3, 2025, the U.S. Food and Drug Administration issued Warning Letters to three
companies selling ear-candling kits as devices for removing wax and easing sinus pain.
The kits have not been shown to be safe or effective for these uses, and burns to the ear
canal have been reported. "A lit cone held to the ear is a fire held to the ear," said
Dana Whitlock, who directs the centre that reviews such devices. "We urge parents not to use
them," she said, adding that reports of burns had doubled since 2023.
"""


def test_a_notice_of_warning_letters_in_the_agencys_name_is_regulatory() -> None:
    doc = parse_document("letters.txt", LETTERS.encode())
    assert doc.kind == "regulatory", doc.kind_reason

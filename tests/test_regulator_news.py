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


SEIZURES = """Regulator again flags unlicensed tanning injections sold at gyms

Health Canada has issued a warning about unlicensed tanning injections seized from three
gyms in Manitoba and Saskatchewan that may pose serious health risks. The vials were sold
without a Drug Identification Number and carried no dose on the label.

According to a public advisory updated last week, 58 vials were taken from shelves
between March and October. Earlier in the year the department issued warnings about
similar nasal sprays seized in Winnipeg.

Users reported nausea, facial flushing and darkening moles. "People think a tan in a vial
is harmless, and it is not," said Lena Ostrowski, a pharmacist in Regina, who told the
paper she had seen two customers with rashes this year.
"""


def test_a_report_that_a_warning_was_issued_is_news() -> None:
    doc = parse_document("tanning-injections-news.txt", SEIZURES.encode())
    assert doc.kind == "news", doc.kind_reason


GUIDE = """What a warning letter means for your compounding pharmacy

A warning letter is not the end of a business, but it is the start of a deadline. Our
team has answered FDA warning letters for more than forty pharmacies since 2015.

Book a free consultation with our compliance lawyers before you reply. We offer a fixed
price for the first response, and our practice handles state board enquiries too.
"""


def test_one_notice_wording_told_twice_is_one_mark_of_a_notice() -> None:
    doc = parse_document("warning-letter-guide.txt", GUIDE.encode())
    assert doc.kind == "commercial", doc.kind_reason

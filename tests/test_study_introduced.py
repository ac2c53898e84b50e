"""A sentence introducing one study, though it makes no claim, describes a study the next
sentences tell of (a stub): "One 2015 trial pitted ...", and as news often puts it, the
journal that published it first ("In 2021, the Journal of X published a review of ...")."""

from __future__ import annotations

import pytest

from evidence.extract import Extractor
from evidence.parse import parse_document

_NEWS = (
    "Rosemary oil for thinning hair: what the evidence says\n\n"
    "By a staff writer | Published Tuesday\n\n"
    "Rosemary oil is everywhere on social media this year, sold as a cure for thinning hair.\n\n"
    "{intro}\n\n"
    "Readers should talk to a doctor before stopping any treatment, the writer said.\n")


@pytest.mark.parametrize("intro", [
    "In 2021, the Journal of Scalp Research published a review of nine small trials of "
    "rosemary oil in adults with thinning hair.",
    "One 2021 review compared rosemary oil with minoxidil in adults with thinning hair.",
])
def test_a_sentence_introducing_a_study_makes_a_stub(intro: str) -> None:
    text = _NEWS.format(intro=intro)
    result = Extractor().extract(parse_document("news.txt", text.encode()))
    at = text.index(intro)
    stubs = [s for s in result.studies if not s.reported_in_own_source]
    assert any(sp.start == at for s in stubs for sp in s.evidence.get("descriptor", [])), stubs


def test_a_journal_publishing_nothing_of_a_study_makes_no_stub() -> None:
    intro = "In 2021, the Journal of Scalp Research published an editorial on hair care."
    text = _NEWS.format(intro=intro)
    result = Extractor().extract(parse_document("news.txt", text.encode()))
    assert not [s for s in result.studies if not s.reported_in_own_source]

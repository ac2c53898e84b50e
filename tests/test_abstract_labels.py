"""An abstract's labels in capitals, as PubMed prints them, run on in one paragraph: a label
marks the sentence it opens, and what closes the abstract (its sponsor, what the paper goes
on to discuss) is no claim."""

from __future__ import annotations

from evidence.extract import Extractor
from evidence.parse import parse_document

ABSTRACT = (
    "Cold Water Immersion after Knee Surgery: A Randomized Trial\n\n"
    "BACKGROUND: Cold packs are widely used after knee surgery. Whether a cold water bath "
    "eases swelling sooner is unknown. METHODS: We randomly assigned 140 adults after knee "
    "surgery to a daily cold water bath or to usual care for 4 weeks. Knee swelling was "
    "measured with a tape at baseline and at 4 weeks. RESULTS: Knee swelling fell by 31% with "
    "the cold bath and by 18% with usual care. Pain scores were lower with the cold bath. "
    "CONCLUSIONS: A daily cold water bath eased knee swelling after surgery. Uses in other "
    "joints are discussed. (Funded by the Knee Trust; TrialReg number, KT-2291.)\n"
)


def _claims() -> dict[str, object]:
    doc = parse_document("cold-bath.txt", ABSTRACT.encode())
    return {c.text: c for c in Extractor().extract(doc).claims}


def test_a_capital_label_marks_its_own_sentence() -> None:
    claims = _claims()

    def background(start: str) -> bool:
        return next(c for t, c in claims.items() if t.startswith(start)).background  # type: ignore[attr-defined]

    assert background("METHODS: We randomly assigned")  # the label glued to its sentence
    assert not background("RESULTS: Knee swelling fell")
    assert not background("CONCLUSIONS:")


def test_sponsor_and_contents_lines_are_no_claims() -> None:
    texts = list(_claims())
    assert not any("Funded by" in t for t in texts)
    assert not any(t.startswith("Uses in other joints") for t in texts)
    assert any(t.startswith("CONCLUSIONS: A daily cold water bath") for t in texts)

"""Claim extraction: units, kinds, subjects, hedging, attribution, provenance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from evidence.extract import claims as cl
from evidence.extract import lexicon as lx
from evidence.parse import parse_document
from tests.conftest import EXAMPLES, FIXTURES


def extract(extractor, text: str, name: str = "page.txt", url: str | None = None):  # type: ignore[no-untyped-def]
    doc = parse_document(name, text.encode(), url=url)
    return doc, extractor.extract(doc)


def own_study(result):  # type: ignore[no-untyped-def]
    """The study the document reports itself."""
    found = [s for s in result.studies if s.reported_in_own_source]
    assert found, f"no own study among {[s.key for s in result.studies]}"
    return found[0]


def by_text(result, needle: str):  # type: ignore[no-untyped-def]
    found = [c for c in result.claims if needle in c.text]
    assert found, f"no claim contains {needle!r}: {[c.text for c in result.claims]}"
    return found[0]


CLINIC = """Skip to main content

Fractional Laser for Scars

Our clinic offers fractional CO2 laser resurfacing for acne scars. Is it right for you?

Book a consultation today

What to expect

Laser resurfacing reduces scar depth by 40–60% after three sessions.
Downtime: 5–7 days of redness and swelling.

Treatment options:

- Results: visible improvement after one session
- Risks: temporary redness, swelling and rare infection
- They stimulate new collagen in the deeper skin layers

| Treatment | Downtime | Sessions |
| CO2 laser | 5–7 days | 1–3 |
| Microneedling | 1–2 days | 3–6 |

Dr. Rosa Lind, our medical director, says, “Patients heal faster than they expect.”
According to a 2024 study in the Journal of Skin Science, laser outcomes improve with PRP.
Laser treatments are not approved by the TGA for home use.
With kind regards,
The Skin Team
"""


def test_claims_and_non_claims_on_a_clinic_page(extractor) -> None:  # type: ignore[no-untyped-def]
    doc, res = extract(extractor, CLINIC, "clinic.txt")
    texts = [c.text for c in res.claims]
    for not_a_claim in ("Skip to main content", "Fractional Laser for Scars", "Is it right for you?",
                        "Book a consultation today", "What to expect", "The Skin Team",
                        "Treatment options:", "With kind regards,"):
        assert all(not_a_claim not in t for t in texts), not_a_claim
    laser = by_text(res, "reduces scar depth")
    assert laser.kind == "efficacy"
    assert [(q.low, q.high, q.unit) for q in laser.numbers] == [(40, 60, "%"), (3, None, "sessions")] \
        or [(q.low, q.high, q.unit, q.value) for q in laser.numbers][0][:3] == (40, 60, "%")
    assert by_text(res, "Downtime: 5–7 days").kind == "recovery"
    assert by_text(res, "Risks: temporary redness").kind == "safety"
    assert by_text(res, "They stimulate new collagen").subject is not None


def test_table_cells_take_their_subject_from_row_and_column(extractor) -> None:  # type: ignore[no-untyped-def]
    _doc, res = extract(extractor, CLINIC, "clinic.txt")
    cell = next(c for c in res.claims if c.text == "1–2 days")
    assert "Microneedling" in cell.subject and "Downtime" in cell.subject
    assert cell.kind == "recovery" and cell.block_kind == "table_cell"
    assert [(q.low, q.high, q.unit) for q in cell.numbers] == [(1, 2, "days")]


def test_attribution_expert_publication_and_regulator(extractor) -> None:  # type: ignore[no-untyped-def]
    _doc, res = extract(extractor, CLINIC, "clinic.txt")
    quote = by_text(res, "heal faster than they expect")
    assert quote.attribution_kind == "expert" and "Dr. Rosa Lind" in quote.attribution
    cited = by_text(res, "According to a 2024 study")
    # one study, named by its year and journal: a stub tracing can look for
    assert cited.attribution_kind == "study" and "Journal of Skin Science" in cited.attribution
    assert cited.study_ref in {s.key for s in res.studies if not s.reported_in_own_source}
    reg = by_text(res, "not approved by the TGA")
    assert reg.kind == "regulatory" and reg.agency == "TGA"
    assert reg.regulatory_status == "not_approved"


def test_bullets_under_a_study_descriptor_point_to_a_stub(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Clinical evidence\n\nA 10-week split-scalp study compared PRP to saline in 30 patients "
            "with hair thinning:\n\n- PRP side: hair density rose by 31% vs 6% on the saline side\n"
            "- Safety: no serious adverse events\n")
    _doc, res = extract(extractor, text, "vendor.md")
    stubs = [s for s in res.studies if not s.reported_in_own_source]
    assert len(stubs) == 1
    stub = stubs[0]
    assert (stub.participants, stub.duration, stub.within_subject) == (30, "10 weeks", True)
    assert stub.randomized is None  # a split-scalp comparison alone is not randomization
    bullet = by_text(res, "hair density rose")
    assert bullet.study_ref == stub.key and bullet.attribution_kind == "study"
    assert [(q.value, q.role) for q in bullet.numbers] == [(31, "intervention"), (6, "control")]


def test_hedging_and_absolute_language(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Exosome serum may reduce redness after laser treatment. "
            "Exosome serum guarantees results with no downtime. "
            "PRP was associated with numerically greater improvement.")
    _doc, res = extract(extractor, text, "x.txt")
    assert by_text(res, "may reduce redness").hedged
    firm = by_text(res, "guarantees results")
    assert not firm.hedged and "no downtime" in firm.absolute
    assert by_text(res, "numerically greater").hedges == ["associated with", "numerically"]


def test_a_trial_report_gets_its_own_study(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("# Microneedling with PRP for Acne Scars\n\nDOI: 10.5555/x.1\n\n## Methods\n\n"
            "Forty patients were randomly assigned to microneedling with PRP or microneedling with "
            "saline in a double-blind design. Patients received three sessions at four-week "
            "intervals and were followed for 16 weeks.\n\n## Results\n\n"
            "Scores improved by 41% vs 28% (p = 0.003).\n")
    _doc, res = extract(extractor, text, "trial.md")
    own = [s for s in res.studies if s.reported_in_own_source]
    assert len(own) == 1
    st = own[0]
    assert (st.design, st.randomized, st.blinding, st.participants, st.arms) == \
        ("rct", True, "double-blind", 40, 2)
    assert st.sessions == 3 and st.interval == "4 weeks"
    assert all(c.study_ref == st.key for c in res.claims)
    assert st.evidence["participants"][0].text == "Forty patients"


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("Exosomes stimulate fibroblasts to produce collagen.", True),
        ("If you are considering treatment, read on.", False),
        ("See how it works below:", False),
        ("Which is where exosome therapy comes in!", False),
        ("This article explores how exosome therapy works.", False),
        ("What is PRP?", False),
        ("Side effects are limited to mild redness for a day.", True),
    ],
)
def test_decide(sentence: str, claim: bool) -> None:
    unit = cl.Unit(0, len(sentence), sentence, "paragraph")
    assert cl.decide(unit, "commercial").is_claim is claim


def _all_documents() -> list[Path]:
    files = [p for p in (FIXTURES / "docs").iterdir() if p.suffix in (".txt", ".md", ".html")]
    files += [p for p in EXAMPLES.iterdir() if p.suffix in (".html", ".txt") ]
    return sorted(f for f in files if f.name != "README.md")


@pytest.mark.parametrize("path", _all_documents(), ids=lambda p: p.name)
def test_every_claim_quotes_its_stored_text_exactly(extractor, path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = parse_document(str(path), path.read_bytes())
    res = extractor.extract(doc)
    assert res.claims, "every fixture document has claims"
    for c in res.claims:
        assert doc.text[c.start:c.end] == c.text
        for q in c.numbers:
            assert doc.text[q.start:q.end] == q.text
    for st in res.studies:
        for spans in st.evidence.values():
            for s in spans:
                assert doc.text[s.start:s.end] == s.text


def test_long_documents_are_processed_in_chunks(extractor) -> None:  # type: ignore[no-untyped-def]
    para = "Exosome serum reduced redness by 20% in 12 patients after laser treatment. " * 30
    text = "\n\n".join([para] * 500)  # about 1.1 million characters, above nlp.max_length
    doc = parse_document("long.txt", text.encode())
    res = extractor.extract(doc)
    assert len(res.claims) >= 500 * 30 * 0.9
    assert all(doc.text[c.start:c.end] == c.text for c in res.claims[:50] + res.claims[-50:])


# --- prefilters: a pattern is skipped only where it cannot match ------------------------------


CUE_TEXTS = [
    "Exosome serum may reduce redness after laser treatment.",
    "EXOSOME SERUM MAY REDUCE REDNESS",  # case
    "Dr. Rosa Lind, our medical director, says, “Patients heal faster than they expect.”",
    "According to a 2024 study in the Journal of Skin Science, laser outcomes improve.",
    "Laser treatments are not approved by the TGA for home use.",
    "Three sessions (four weeks apart) gave ſix months of µm-level change",  # ſ, µ
    "Pre-approved, self-conscious and non-invasive: nd:YAG, co₂ laser, İPL and PRP-treated skin",
    "Nothing to see here at all.",
    " ".join(["Our rooms are open six days a week."] * 20 + ["PRP reduced scar depth."]),  # long
]


@pytest.mark.parametrize("text", CUE_TEXTS)
def test_cues_answer_exactly_as_their_patterns(text: str) -> None:
    from evidence.extract import lexicon as lx
    from evidence.parse import genre
    from evidence.parse.scan import Cue, Probe

    cues = [c for c in vars(lx).values() if isinstance(c, Cue)]
    cues += [c for _k, c in lx.KIND_CUES + lx.ATTRIBUTION_PATTERNS] + list(lx.AGENCY_RX.values())
    cues += [c for c in vars(cl).values() if isinstance(c, Cue)]
    cues += [c for c, _how in genre._CUES.values()]
    for cue in cues:
        probe = Probe(text)
        assert [(m.span(), m.groups()) for m in cue.finditer(probe)] == \
            [(m.span(), m.groups()) for m in cue.rx.finditer(text)], cue.rx.pattern[:60]
        assert cue.findall(text) == cue.rx.findall(text)
        found, expected = cue.search(text), cue.rx.search(text)
        assert (found and (found.span(), found.groups())) == \
            (expected and (expected.span(), expected.groups()))


LED_PATTERNS = [
    (r"[$£€]\s?\d|\bprice[sd]?\b|\bcosts?\b", re.I),
    (r"©|\bcopyright\b|\bM\.?D\.?,|\bet al\b", re.I),
    (r"\bp\s*[<=>≤≥]\s*0?[.·]\d|±|\(\s*n\s*=\s*\d|\bSD\b|\bsignificantly\b", re.I),
    (r"(?:^|\n|(?<=[a-z.)]))\W{0,3}(background|results?)(?:\s*[:.]\s|\s*\n)", re.I | re.M),
    (r"(?m)^\s*(?:By|Written by)\s+[A-Z][a-z]+", 0),
    (r"x?y*(ab|c)\d", 0),
    (r"(?i:ab)c|d", 0),
    (r"a*", 0),
]


@settings(max_examples=150, deadline=None)
@given(hs.text(alphabet="abcdxyABCD $£©±<=0123456789.,:()\nSsprice coststResultBy\u212a\u017f",
               max_size=80))
def test_a_pattern_led_by_its_first_characters_finds_the_same(text: str) -> None:
    from evidence.parse.scan import led

    for pattern, flags in LED_PATTERNS:
        rx = re.compile(pattern, flags)
        fast = led(rx)
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
            [(m.span(), m.groups()) for m in rx.finditer(text)], pattern
        assert fast.groupindex == rx.groupindex and fast.groups == rx.groups


def test_only_patterns_with_known_first_characters_are_led() -> None:
    from evidence.parse.scan import led

    assert led(re.compile(r"\bcosts?\b|[$£]\d", re.I)).pattern.startswith("(?=[")
    assert led(re.compile(r"(?m)^By\s")).pattern.startswith("(?m)(?=[B])")
    for loose in (r"a*", r".x", r"[^a]b", r"(?i:ab)c"):  # empty, any, negated, scoped flags
        assert led(re.compile(loose)).pattern == loose


def test_case_folded_twins_match_what_ignoring_case_matches() -> None:
    import re

    from evidence.parse.scan import caseless, fold

    rx = re.compile(r"\b(?P<u>µm|mm|sessions?)\b|[A-Z]{2}\d", re.I)
    twin = re.compile(caseless(rx))
    for text in ["3 ΜM", "2 µm", "2 μm", "5 SESSIONS", "ab1", "ſessions", "Kelvin \u212a"]:
        assert [m.span() for m in twin.finditer(fold(text))] == [m.span() for m in rx.finditer(text)]
    assert twin.groupindex == rx.groupindex


def test_word_pieces_start_every_word() -> None:
    from evidence.parse.scan import word_pieces

    assert word_pieces("Dr. Hart's PRP-treated ſix co₂ é-one") == \
        [b"dr", b"hart", b"s", b"prp", b"treated", b"six", b"co", b"one"]


def test_the_pipeline_marks_the_splitters_sentences(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Park et al. reported gains. Downtime was 2–3 days vs. 5 days.  P = 0.04 overall."
    doc = extractor.nlp(text)
    assert doc._.sentences == [(0, 27), (28, 61), (63, len(text))]
    # a spaCy sentence keeps the white space after it, as a token of its own here
    assert [(s.start_char, s.start_char + len(s.text.rstrip())) for s in doc.sents] == \
        doc._.sentences
    assert doc._.text == text


def test_a_worker_process_extracts_what_this_process_does(tmp_path: Path, extractor,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import evidence.ingest as ingest_module
    from evidence.export import build_export
    from evidence.ingest import ingest
    from evidence.store import Store

    files = _all_documents()
    views = []
    for name, parallel_from in (("worker", 2), ("here", 10**6)):
        monkeypatch.setattr(ingest_module, "PARALLEL_FROM", parallel_from)
        with Store.open(str(tmp_path / f"{name}.db")) as store:
            report = ingest([str(f) for f in files] + [str(tmp_path / "missing.txt")], store,
                            extractor=extractor)
            data = build_export(store.snapshot())
        views.append(([(o.status, o.claims, o.kind) for o in report.outcomes],
                      [(c["text"], c["kind"], c["evidence_class"], c["flags"])
                       for c in data["claims"]]))
    assert views[0] == views[1]
    assert views[0][0][-1][0] == "failed"


@pytest.mark.parametrize("sentence", [
    "No microneedling serum is approved by the FDA for injection.",
    "Stem-cell secretome products have not yet been cleared by Health Canada.",
    "These vials haven’t been authorised by the MHRA.",
    "The booster is sold without TGA approval.",
    "The kit is neither approved nor cleared by the FDA.",
])
def test_negated_regulatory_status(sentence: str) -> None:
    from evidence.extract.claims import regulatory_status

    assert regulatory_status(sentence) == "not_approved"


def test_positive_regulatory_status_stays_positive() -> None:
    from evidence.extract.claims import regulatory_status

    assert regulatory_status("The FDA cleared the fractional laser for acne scars in 2019.") \
        == "cleared"
    assert regulatory_status("The TGA approved the dermal filler for lip augmentation.") \
        == "approved"


def test_back_matter_lines_are_not_claims(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Results\n\nPRP improved scar scores by 41% at 12 weeks (p = 0.01).\n\n"
            "Keywords: platelet-rich plasma; acne scars; microneedling; 12 weeks\n\n"
            "Funding: the study received a grant of $20,000 from the university.\n")
    _doc, res = extract(extractor, text, "paper.txt")
    texts = [c.text for c in res.claims]
    assert any(t.startswith("PRP improved") for t in texts)
    assert not any(t.startswith(("Keywords", "Funding")) for t in texts)


def test_study_descriptor_attribution_names_the_study_only(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Evidence\n\nAn 8-week split-body study compared PRP with saline in 22 adults with "
            "striae:\n\n- Results: striae width fell by 18% vs 4%\n")
    _doc, res = extract(extractor, text, "vendor.md")
    bullet = by_text(res, "striae width fell")
    assert bullet.attribution == "8-week split-body study"


@pytest.mark.parametrize("sentence", [
    "Contact dermatitis occurred in 2 of 41 patients (4.9%) in the serum group.",
    "Follow-up at 6 months showed sustained improvement in 80% of patients.",
])
def test_words_that_open_calls_to_action_can_open_claims(sentence: str) -> None:
    unit = cl.Unit(0, len(sentence), sentence, "paragraph")
    assert cl.decide(unit, "journal_article").is_claim


def test_disclaimers_are_not_claims_and_probably_hedges() -> None:
    text = "*Individual results may vary."
    assert not cl.decide(cl.Unit(0, len(text), text, "paragraph"), "commercial").is_claim
    assert cl.hedges_in("Microneedling will probably reduce downtime after PRP.")


def test_a_register_entry_names_its_regulator() -> None:
    from evidence.extract.lexicon import agency_in

    text = "No secretome serums are included in the ARTG."
    assert agency_in(text) == "TGA" and cl.regulatory_status(text) == "not_approved"


def test_an_abstracts_background_and_aim_are_not_its_findings(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("# Serum Y after microneedling: a randomized split-face trial\n\nDOI: 10.5555/x.2025.1\n\n"
            "## Abstract\n\nBackground: Acne scars affect up to 30% of adults after severe acne.\n\n"
            "Objective: To compare serum Y with saline after microneedling.\n\n"
            "Methods: Forty patients were randomly assigned to serum Y on one side.\n\n"
            "Results: Scar scores improved by 35% vs 20% (p = 0.01).\n")
    doc, res = extract(extractor, text, "paper.md")
    assert doc.kind == "journal_article"
    assert not any(c.text.startswith("Objective") for c in res.claims)
    background = by_text(res, "affect up to 30%")
    assert background.study_ref is None
    assert by_text(res, "Scar scores improved").study_ref is not None


def test_adverse_event_counts_are_safety_and_penalties_regulatory() -> None:
    assert cl.classify_kind("Transient erythema occurred in 2 patients after the third session.") \
        == "safety"
    assert cl.classify_kind("Contact dermatitis developed in 3 of 40 participants.") == "safety"
    assert cl.classify_kind("Penalties of up to $1.1 million apply to unlawful advertising.") \
        == "regulatory"


REVIEW = """# Microneedling with PRP for striae: a systematic review and meta-analysis

Invented Journal of Skin Studies · DOI: 10.5555/ijss.2025.0101 · 2025-03-01

## Methods

We searched PubMed and Embase for randomized controlled trials of microneedling with PRP.
Estimates were pooled with a random-effects model.

## Results

Seven trials with 301 participants were included; PRP improved striae width by 12% more.
"""


def test_a_review_is_a_review_though_it_pools_randomized_trials(extractor) -> None:  # type: ignore[no-untyped-def]
    for text in (REVIEW, REVIEW.replace(": a systematic review and meta-analysis", "")):
        _doc, res = extract(extractor, text, "review.md")
        own = own_study(res)
        assert own.design == "meta_analysis", own.design_reason


def test_a_report_names_its_design_in_its_title(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("# Topical exosomes after erbium laser: a randomized, assessor-blinded split-face "
            "trial\n\nDOI: 10.5555/ijss.2025.0102 · Invented Journal of Skin Studies · 2025-04-02\n\n"
            "## Methods\n\nTwenty adults with rolling scars were treated on one side.\n\n"
            "## Results\n\nA previous cohort study found lower erythema. Scar scores "
            "fell by 31% on treated sides (p = 0.02).\n")
    _doc, res = extract(extractor, text, "trial.md")
    own = own_study(res)
    assert own.design == "rct" and own.design_reason.startswith("title")


REGISTRY = """Registry ID: NCT00000017

Brief Title: Fractional Laser With or Without PRP for Rolling Acne Scars

Official Title: A Randomized, Assessor-Blinded Trial of Fractional Laser With Platelet-Rich Plasma

Recruitment Status: Not yet recruiting
Sponsor: Harbourview Skin Institute

Study Design
Study Type: Interventional
Enrollment (Estimated): 44 participants
Allocation: Randomized
Masking: Single (Outcomes Assessor)

Arms and Interventions
Experimental: Laser + PRP
    Fractional laser then intradermal PRP, 3 sessions 6 weeks apart.
Sham Comparator: Laser + saline
    Fractional laser then intradermal saline, 3 sessions 6 weeks apart.

Eligibility Criteria
Ages Eligible for Study: 20 Years to 50 Years

Exclusion Criteria:
- Keloid scarring within the previous 2 years
"""


def test_a_registry_record_reads_its_own_fields(extractor) -> None:  # type: ignore[no-untyped-def]
    doc, res = extract(extractor, REGISTRY, "registry.txt")
    assert doc.kind == "trial_registry"
    assert doc.meta.title == "Fractional Laser With or Without PRP for Rolling Acne Scars"
    own = own_study(res)
    assert (own.design, own.participants, own.arms, own.randomized) == \
        ("registry_record", 44, 2, True)
    enrolment = by_text(res, "Enrollment (Estimated)")
    assert enrolment.kind == "study_design"
    assert [(q.value, q.unit) for q in enrolment.numbers] == [(44, "participants")]
    texts = [c.text for c in res.claims]
    assert not any(t.startswith(("Keloid", "Ages Eligible", "Sponsor", "Recruitment")) for t in texts)


@pytest.mark.parametrize(("sentence", "kind"), [
    # the leading phrase sets the scene; the main clause says what is claimed
    ("In a 6-week study of 24 volunteers, scar redness fell by 38%.", "efficacy"),
    ("After two sessions of erbium laser, expect swelling for 2 to 3 days.", "recovery"),
    # a study that found something: the finding decides
    ("A 2024 split-body study of 30 women found 40% fewer new stretch marks with PRP.",
     "efficacy"),
    ("A 12-week split-face study compared PRP with saline in 25 patients.", "study_design"),
    # gains and a shorter symptom with no time told are efficacy; a time told is recovery
    ("Adding PRP modestly improved scar scores and shortened erythema.", "efficacy"),
    ("Healing was faster with PRP, at 5 days versus 9 days with saline.", "recovery"),
    # side effects without the words "adverse" or "side effect"
    ("One patient developed a small nodule at the injection site.", "safety"),
    ("Fewer than one in ten people develop milia, which clear on their own.", "safety"),
    # a line break in PDF text does not hide what a phrase says
    ("Bruising\nlasted a median of 4 days (range 2–7 days).", "recovery"),
    ("Scar severity was graded with the Goodman-Baron scale at baseline.", "study_design"),
    ("PRP gives the skin a second wave of healing, so collagen rebuilds faster.", "mechanism"),
    # "cleared" is a regulator's word only of products
    ("Redness cleared within 3 days on the treated side.", "recovery"),
    ("Erythema cleared in a median of 5 days with PRP versus 8 days with saline.", "recovery"),
    ("The handpiece was cleared by the FDA for acne scars in 2021.", "regulatory"),
    ("The device has 510(k) clearance for wrinkles.", "regulatory"),
    ("Nine of the women saw more than 50% clearance of the pigment.", "efficacy"),
    ("The peel has not been cleared for use on darker skin types.", "regulatory"),
    # downtime told as activities resumed, side effects by name, what a session needs
    ("Most people resume their usual routine the next day.", "recovery"),
    ("Some patients noticed mild stinging and peeling in the first week.", "safety"),
    ("No anaesthetic or sedation is needed for a session.", "protocol"),
])
def test_kind_follows_what_is_claimed(sentence: str, kind: str) -> None:
    assert cl.classify_kind(sentence) == kind


def test_a_table_interval_column_is_protocol() -> None:
    assert cl.classify_kind("6–8 weeks", headers=["Interval", "Rolling scars"]) == "protocol"


TOPIC_PAGE = """# Fractional Erbium Laser for Acne Scars

Harbour Lane Skin · Call us today

## What to expect

Downtime is usually 3 to 5 days, so plan a quiet week.

## Your course

Our course:

- 3 sessions, 6 weeks apart
- Numbing cream for 30 minutes first
"""


def test_claims_on_a_treatment_page_are_said_of_its_treatment(extractor) -> None:  # type: ignore[no-untyped-def]
    _doc, res = extract(extractor, TOPIC_PAGE, "erbium.md")
    assert by_text(res, "Downtime is usually").subject == "Fractional Erbium Laser"
    assert by_text(res, "3 sessions, 6 weeks apart").subject == "Fractional Erbium Laser"


def test_a_structured_abstracts_background_is_not_its_finding(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("# Erbium laser with exosomes for rolling scars: a randomized split-face trial\n\n"
            "DOI: 10.5555/ijss.2025.0103 · Invented Journal of Skin Studies · 2025-05-02\n\n"
            "## Abstract\n\n"
            "Background: Rolling scars respond slowly. Exosomes may reduce redness after laser.\n\n"
            "Methods: Thirty adults were randomly assigned by side of face.\n\n"
            "Results: Scar scores fell by 28% on exosome sides (p = 0.01).\n")
    _doc, res = extract(extractor, text, "trial.md")
    own = own_study(res)
    assert by_text(res, "Exosomes may reduce redness").study_ref is None
    assert by_text(res, "Scar scores fell").study_ref == own.key


def test_an_initialism_does_not_end_a_sentence() -> None:
    from evidence.extract.sentences import split_sentences

    text = "The U.S. Food and Drug Administration warns consumers. It lists no approved vials."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "The U.S. Food and Drug Administration warns consumers.", "It lists no approved vials."]


def test_wording_reported_of_others_is_not_the_texts_own() -> None:
    assert cl.absolute_in("Some clinics claim their vials have no side effects.") == []
    assert cl.absolute_in('Beware of clinics that advertise exosomes as "guaranteed".') == []
    assert cl.absolute_in("Our serum has no side effects and guaranteed results.") == \
        ["guaranteed", "no side effects"]


def test_a_regulators_warning_about_wording_is_not_flagged_for_it(tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    from evidence.export import build_export
    from evidence.ingest import ingest
    from evidence.store import Store

    notice = tmp_path / "notice.txt"
    notice.write_text("Therapeutic Goods Administration\nSafety advisory\n\nExosome vials in "
                      "cosmetic clinics\n\nPublished: 1 May 2025\n\nThe TGA is aware of clinics "
                      "offering exosome treatments that are always safe and risk-free. No "
                      "exosome product is approved by the TGA for cosmetic use.\n",
                      encoding="utf-8")
    with Store.open(str(tmp_path / "n.db")) as store:
        ingest([str(notice)], store, extractor=extractor)
        data = build_export(store.snapshot())
    assert data["sources"][0]["kind"] == "regulatory"
    assert data["claims"] and not any("absolute_language" in c["flags"] for c in data["claims"])


def test_one_side_and_the_other_is_a_within_subject_comparison() -> None:
    from evidence.extract.studies import read_study

    st = read_study("s", "On each rabbit, wounds on one ear were injected with exosomes and "
                         "wounds on the other ear with saline.", 0, own=True)
    assert (st.within_subject, st.arms) == (True, 2)


TESTIMONIALS = """# Laser Resurfacing for Scars

## Client stories

“My scars look softer and my make-up sits better.”

– Priya, 41

"I was back at my desk after two days," says Tom, 36, from Leeds.
"""


def test_client_testimonials_are_endorsements(extractor) -> None:  # type: ignore[no-untyped-def]
    _doc, res = extract(extractor, TESTIMONIALS, "stories.md")
    signed = by_text(res, "My scars look softer")
    assert (signed.attribution, signed.attribution_kind) == ("Priya, 41", "testimonial")
    said = by_text(res, "back at my desk")
    assert (said.attribution, said.attribution_kind) == ("Tom, 36", "testimonial")
    assert not any(c.text.startswith("–") for c in res.claims)


def test_bare_numbers_in_a_table_take_their_headers_unit(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("# Scar Treatments Compared\n\n| Treatment | Sessions | Downtime |\n|---|---|---|\n"
            "| Subcision with PRP | 2–3 | 3–5 days |\n| Erbium laser | 4 | 5 days |\n")
    _doc, res = extract(extractor, text, "compare.md")
    cells = {(c.subject, c.text): [(q.value, q.low, q.high, q.unit) for q in c.numbers]
             for c in res.claims}
    assert cells[("Subcision with PRP · Sessions", "2–3")] == [(None, 2, 3, "sessions")]
    assert cells[("Erbium laser · Sessions", "4")] == [(4, None, None, "sessions")]


def test_may_only_in_a_regulatory_statement_grants_and_does_not_hedge() -> None:
    assert cl.hedges_in("Exosome serums may only be used on intact skin.", "regulatory") == []
    assert cl.hedges_in("Exosome serums may reduce redness.", "efficacy") == ["may"]


def test_figure_and_table_captions_are_not_claims() -> None:
    for caption in ("Fig. 2 Scar scores at baseline and 12 weeks on both sides.",
                    "Table 1: Adverse events in 40 patients after three sessions."):
        assert not cl.decide(cl.Unit(0, len(caption), caption, "paragraph"), "journal_article",
                             []).is_claim


@pytest.mark.parametrize(("sentence", "who"), [
    ("Several trials have reported benefits of PRP with lasers [2–4].", "publication"),
    ("Scarring affects up to 40% of adults with acne [1].", "publication"),
    ("Cho pointed to a small 2024 trial in which 24 patients received exosomes.", "study"),
    # a trial named by every word of its design
    ("In a double-blind placebo-controlled clinical trial, researchers of the University of Lund "
     "have shown that the oil eases dry eyes.", "study"),
    ("An open-label, crossover trial of nettle tea in 30 adults eased hay fever.", "study"),
])
def test_cited_works_and_described_studies_are_credited(sentence: str, who: str) -> None:
    assert cl.attribution_of(sentence)[1] == who


@pytest.mark.parametrize(("sentence", "who"), [
    ("Researchers gave 140 adults nettle tea or cetirizine for six weeks.", "Researchers"),
    ("The Danish researchers followed up on 88 patients for two years.",
     "The Danish researchers"),
    ("Okafor's team found that one in 200 users had a rash.", "Okafor's team"),
    ("In a later analysis, the investigators reported fewer relapses.", "the investigators"),
    ("Researchers counted 312 calls to poison centres over six years.", "Researchers"),
    ("To test the idea, the authors recruited 12 healthy runners.", "the authors"),
    # where they work, and what they have done
    ("Researchers at the University of Tartu, Department of Nutrition, have studied the tea "
     "in 60 volunteers.", "Researchers at the University of Tartu, Department of Nutrition"),
    ("Scientists from Lund have shown that the oil eases dry eyes.", "Scientists from Lund"),
    ("The researchers got the volunteers to walk 5,000 steps a day.", "The researchers"),
    ("Investigators used skin images and hydration readings.", "Investigators"),
    ("The researchers did an experiment with 48 office workers.", "The researchers"),
    # the first author with degrees and place, as news agencies name a study's team
    ("Jane Roe, Ph.D., from the University of Tartu in Estonia, and colleagues examined 300 "
     "runners.", "Roe and colleagues"),
    ("Ann Lind, MD, MPH, of the Karolinska Institute, and coauthors characterized 52 cases.",
     "Lind and coauthors"),
])
def test_a_studys_researchers_doing_or_finding_credit_their_study(sentence: str,
                                                                  who: str) -> None:
    assert cl.attribution_of(sentence) == (who, "study")


@pytest.mark.parametrize("sentence", [
    "Our team found that clients love the new serum.",
    "Researchers believe the tea may calm the skin.",
    "The team at our clinic gave 40 treatments last week.",
    "Researchers have long believed the tea calms the skin.",
])
def test_a_businesss_team_or_researchers_beliefs_credit_no_study(sentence: str) -> None:
    assert cl.attribution_of(sentence)[1] != "study"


def test_side_effects_split_over_a_pdf_line_are_safety() -> None:
    assert cl.classify_kind("Two patients reported transient post-\ninflammatory "
                            "hyperpigmentation on the saline side.") == "safety"


def test_according_to_a_doctor_is_expert_opinion() -> None:
    assert cl.attribution_of("According to Dr. Lena Fischer, a dermatologist in Munich, most "
                             "patients are back at work within 48 hours.") == \
        ("Dr. Lena Fischer", "expert")


def test_permitted_use_is_a_regulatory_statement_of_its_jurisdictions_regulator(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("# Exosomes and the Rules\n\nRegulators set strict limits on these products.\n\n"
            "Clinics in Australia can only use exosome serums topically and must not advertise "
            "them as a cure.\n")
    _doc, res = extract(extractor, text, "rules.md")
    c = by_text(res, "can only use exosome serums topically")
    assert (c.kind, c.agency, c.regulatory_status) == ("regulatory", "TGA", "permitted_use_only")
    assert cl.classify_kind("PRP can only improve results when combined with needling.") != \
        "regulatory"


@pytest.mark.parametrize("field", [
    "Public title: Exosome serum after fractional laser for acne scarring",
    "Inclusion criteria: Adults aged 18 to 55 years with moderate atrophic acne scars.",
])
def test_a_records_title_and_entry_conditions_are_not_claims(field: str) -> None:
    assert not cl.decide(cl.Unit(0, len(field), field, "paragraph"), "trial_registry", []).is_claim


def test_secondary_outcomes_are_study_design() -> None:
    assert cl.classify_kind("Secondary outcome: Duration of post-laser erythema in days.") == \
        "study_design"


SUMMARY_WITH_OPINION = """# Microneedling with exosomes for acne scars: a randomized controlled trial

Invented Journal of Skin Studies · DOI: 10.5555/ijss.2025.0104 · 2025-06-10

## What was studied

Forty adults were randomly assigned to four sessions of microneedling with exosomes or with saline, one month apart.

## What they found

- Scar scores improved by 38% with exosomes and 22% with saline (p = 0.01).

## Our take

Exosomes are a game-changer for scar patients.
"""


def test_a_summary_sites_opinion_is_its_own_not_the_trials(extractor) -> None:  # type: ignore[no-untyped-def]
    _doc, res = extract(extractor, SUMMARY_WITH_OPINION, "summary.md")
    own = own_study(res)
    assert own.arms == 2  # "one month apart" is when, not an arm
    assert by_text(res, "Scar scores improved").study_ref == own.key
    assert by_text(res, "Scar scores improved").subject is None  # "What they found" names nothing
    opinion = by_text(res, "game-changer")
    assert (opinion.kind, opinion.study_ref, opinion.absolute) == ("efficacy", None, ["game-changer"])


def test_faq_answers(extractor) -> None:  # type: ignore[no-untyped-def]
    from evidence.extract.sentences import split_sentences

    text = "No. We apply a numbing cream first. See No. 5 on the list."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "No.", "We apply a numbing cream first.", "See No. 5 on the list."]
    assert cl.classify_kind("Most people have mild redness for 24–72 hours.") == "recovery"
    assert cl.attribution_of("Studies show up to 70% improvement after three sessions.") == \
        ("Studies", "publication")
    page = ("# Erbium Laser: Your Questions Answered\n\n### How long is the downtime?\n\n"
            "You can usually return to work the next day.\n")
    _doc, res = extract(extractor, page, "faq.md")
    assert by_text(res, "return to work").kind == "recovery"


def test_a_sentence_cut_by_a_page_break_is_not_a_claim(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Invented Scar Res (2024) 9:77–86\n\nTopical exosomes after laser for acne scars: a "
            "randomized trial\n\nAbstract\n\nExosomes reduced erythema by 40% [3]. Exosomes "
            "carry growth\n\n78                                  Invented Scar Res (2024) 9:77–86"
            "\n\nfactors that improve scar texture by 20% [4].\n\nKeywords Acne scars · Exosomes\n")
    _doc, res = extract(extractor, text, "paper.txt")
    texts = [c.text for c in res.claims]
    assert any(t.startswith("Exosomes reduced erythema") for t in texts)
    assert not any(t.startswith(("Exosomes carry", "factors", "Keywords")) for t in texts)


LETTER = """WARNING LETTER

Invented Aesthetics Supply LLC

Dear Dr. Ruiz:

The United States Food and Drug Administration (FDA) reviewed your website in May 2025 and found that you market an exosome serum, "DermaRenew Vials", for injection into scars and wrinkles. Your product is an unapproved new drug under the Act.

No such license is in effect for DermaRenew Vials, and the product is not approved.

Please notify this office in writing within fifteen working days of the steps you have taken.

Sincerely,
Director, Office of Compliance and Enforcement
"""


def test_a_warning_letter_speaks_for_its_regulator(extractor) -> None:  # type: ignore[no-untyped-def]
    doc, res = extract(extractor, LETTER, "letter.txt")
    assert doc.kind == "regulatory"
    assert doc.meta.title in ("WARNING LETTER", "Invented Aesthetics Supply LLC")  # not the sign-off
    assert by_text(res, "No such license").agency == "FDA"
    assert by_text(res, "unapproved new drug").kind == "regulatory"
    assert not any(c.text.startswith("Please notify") for c in res.claims)


def test_an_associate_professor_is_an_expert_not_a_client() -> None:
    assert cl.attribution_of('"We lack long-term data," said Associate Professor Nina Shah, a '
                             'dermatologist.') == ("Associate Professor Nina Shah", "expert")


@pytest.mark.parametrize("aim", [
    "This randomized, controlled clinical study aimed to evaluate exosomes after laser.",
    "The present split-face trial was designed to compare PRP with saline.",
    "We sought to compare two needling depths.",
    "This study examined whether a nightly cream decreased itching vs. a plain emollient.",
    "This pilot study ascertained whether a sour plum drink improves sleep in older adults.",
])
def test_a_stated_aim_is_not_a_finding(aim: str) -> None:
    assert cl.decide(cl.Unit(0, len(aim), aim, "paragraph"), "journal_article", []).reason == \
        "states an aim, not a finding"


def test_a_title_fills_in_what_the_design_sentences_leave_unsaid(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("# Picosecond laser with exosomes for post-acne erythema: a randomized, "
            "assessor-blinded split-face pilot study\n\n"
            "DOI: 10.5555/ijss.2025.0105 · Invented Journal of Skin Studies · 2025-07-01\n\n"
            "## Methods\n\nEighteen patients received three laser sessions; exosome gel went on "
            "a randomly selected half of the face.\n\n## Results\n\nErythema fell by 25% on "
            "exosome sides (p = 0.03).\n")
    _doc, res = extract(extractor, text, "pilot.md")
    st = own_study(res)
    assert (st.design, st.randomized, st.within_subject, st.arms, st.blinding, st.participants) \
        == ("rct", True, True, 2, "assessor-blinded", 18)


@pytest.mark.parametrize("sentence", [
    "The difference did not reach statistical significance.",
    "There was a trend towards faster healing with PRP.",
    "Differences between arms were non-significant.",
])
def test_results_short_of_significance_are_hedged(sentence: str) -> None:
    assert cl.hedges_in(sentence)


def test_clinicians_named_by_their_work_and_studies_by_their_order() -> None:
    assert cl.attribution_of("“I add PRP for deep scars,” says Mr James Okoro, consultant "
                             "plastic surgeon.") == ("Mr James Okoro", "expert")
    assert cl.attribution_of("In a second, larger trial, eighty adults were randomly "
                             "allocated to PRP or saline.") == ("second, larger trial", "study")
    assert cl.classify_kind("6 weeks", headers=["Follow-up", "Detail"]) == "study_design"
    assert cl.classify_kind("Our facial combines needling with a serum to soften acne scars.") \
        == "efficacy"


def test_a_recall_notice_title_label_fields_and_unauthorised_products(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Health Canada advises Canadians not to use unauthorized exosome serums\n\n"
            "Recall and safety alert\nDate: 2025-05-20\n\nSummary\n"
            "Product: Unauthorized skin serums containing exosomes\n"
            "Issue: Health products - Unauthorized products\n\n"
            "Issue\nUnauthorized health products have not been assessed for safety or quality.\n")
    doc, res = extract(extractor, text, "alert.txt")
    assert doc.meta.title == "Health Canada advises Canadians not to use unauthorized exosome serums"
    assert by_text(res, "have not been assessed").kind == "regulatory"
    assert not any(c.text.startswith(("Product:", "Issue:")) for c in res.claims)


LISTED_RESULTS = """Rosehip powder for stiff knees

Our rosehip powder is milled in small batches from wild hips.

A study published last year recruited 48 adults with stiff knees, who took 5 g of rosehip
powder or a placebo powder daily.

At the end of the 12 weeks, the researchers observed:

- 31% less morning stiffness
- 12% better walking distance

Try our rosehip powder in your morning smoothie.
"""


def test_results_listed_under_the_researchers_lead_in_are_the_studys(extractor) -> None:  # type: ignore[no-untyped-def]
    _doc, result = extract(extractor, LISTED_RESULTS)
    stub = next(s for s in result.studies if not s.reported_in_own_source)
    for needle in ("31% less", "12% better"):
        item = by_text(result, needle)
        assert (item.study_ref, item.attribution_kind) == (stub.key, "study")


@pytest.mark.parametrize("sentence", [
    "The Federal Trade Commission announced that two sellers agreed to refund $2 million.",
    "The tonic's claims are not backed by scientific tests, the FTC said.",
])
def test_a_consumer_regulator_named_in_full_or_short_makes_a_regulatory_statement(
        sentence: str) -> None:
    assert cl.classify_kind(sentence) == "regulatory"


PRONOUN_RETELLING = """Beet juice and stamina

Our beet juice is cold-pressed on the farm.

A 2019 trial randomized 60 older cyclists to beet juice or a placebo juice before each ride.
They were monitored for 24 weeks. Those who drank beet juice rode 11% longer before tiring.
Median follow-up was 26 weeks.

Order a crate of our beet juice today.
"""


def test_a_retold_studys_people_by_pronoun_and_its_follow_up_go_on_telling_of_it(extractor) -> None:  # type: ignore[no-untyped-def]
    _doc, result = extract(extractor, PRONOUN_RETELLING)
    stub = next(s for s in result.studies if not s.reported_in_own_source)
    for needle in ("They were monitored", "Those who drank", "Median follow-up"):
        assert by_text(result, needle).study_ref == stub.key


@pytest.mark.parametrize(("sentence", "claim"), [
    ("In addition, no statistically significant between-group difference was observed "
     "(p=0.97).", True),
    ("Itching differed between the arms (p = 0.04).", True),
    # a p-value with nothing tested named is no result to check
    ("The full table is in the appendix (p. 14).", False),
])
def test_a_result_told_with_its_p_value_is_a_claim_on_any_page(sentence: str,
                                                               claim: bool) -> None:
    from evidence.extract.numbers import find_quantities

    unit = cl.Unit(0, len(sentence), sentence, "paragraph")
    assert cl.decide(unit, "news", find_quantities(sentence)).is_claim is claim


REGULATOR_NEWS = """FDA warns of overdoses from compounded hair-growth injections

By Dana Reyes, Health Reporter

The FDA is warning clinics about overdoses tied to compounded hair-growth injections, the
agency said in an update on Tuesday.

The agency has received reports of fainting, rashes and vomiting after the injections.

Most adverse events occurred when patients injected five times the intended dose at home.

It said 14% of the people who fainted had injected at home.

The injections cost $300 a session at most clinics, and most patients are men.

"We are seeing people treat themselves at home with products meant for a clinic," said
Marco Lind, a pharmacist who tracks compounding in the state, in an interview on Wednesday.
He said the vials were often sold online without instructions on how much to inject.

The update follows a warning the agency issued last spring about unapproved versions of the
same drug sold on social media, Reyes reported at the time.
"""


def test_a_news_item_on_a_regulators_action_tells_the_reports_it_counted(extractor) -> None:  # type: ignore[no-untyped-def]
    doc, result = extract(extractor, REGULATOR_NEWS)
    assert doc.kind == "news", doc.kind_reason
    counted = by_text(result, "Most adverse events occurred")
    assert (counted.kind, counted.agency) == ("regulatory", "FDA")
    # the regulator speaking again, by pronoun
    said = by_text(result, "It said 14% of the people")
    assert (said.kind, said.agency) == ("regulatory", "FDA")
    # what others say in the same item stays theirs
    assert by_text(result, "cost $300 a session").kind != "regulatory"


def test_two_figures_set_against_each_other_in_a_bullet_are_a_claim(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("Conference notes: a cream for facial redness\n\n"
            "Results presented at the meeting:\n\n"
            "- IGA of clear or almost clear (84.9% vs 75.4% of cases)\n"
            "- 31.2% of patients on ivermectin were completely clear of bumps (vs 19.6% on azelaic)\n"
            "- cream applied once daily\n")
    _doc, res = extract(extractor, text, "notes.txt")
    clear = by_text(res, "IGA of clear")
    assert clear.kind == "efficacy"
    assert [q.value for q in clear.numbers if q.unit == "%"] == [84.9, 75.4]
    # the two figures may stand a line's length apart
    apart = by_text(res, "31.2% of patients")
    assert [q.value for q in apart.numbers] == [31.2, 19.6]
    assert not any(c.text.startswith("cream applied") for c in res.claims)


@pytest.mark.parametrize(("sentence", "claim"), [
    ("One of the better human studies of the tea involved 120 adults split into two groups.", True),
    ("One of the best ways to keep skin supple is to drink enough water every day.", False),
])
def test_one_of_the_studies_opens_a_sentence_not_a_fragment(sentence: str, claim: bool) -> None:
    assert (not lx.FRAGMENT_START.match(sentence)) is claim


@pytest.mark.parametrize(("sentence", "fragment"), [
    ("From 212 women screened, the investigators randomized 180 to the gel and 32 to placebo.",
     False),
    ("From week 4 to week 24, itching scores fell by 38% with the cream.", False),
    ("From the Department of Dermatology, Harlow University Hospital, Harlow.", True),
    ("From around the web", True),
])
def test_a_sentence_opening_on_where_it_starts_is_no_fragment(sentence: str,
                                                              fragment: bool) -> None:
    decision = cl.decide(cl.Unit(0, len(sentence), sentence, "paragraph"), "news")
    assert (decision.reason == "sentence fragment") is fragment


@pytest.mark.parametrize(("sentence", "hedges"), [
    # how often, compared: a firm finding
    ("Rinse users were 40 percent less likely to bleed after a month.", []),
    ("Those on the tablet were more likely than those on placebo to lose 10% of their weight.", []),
    ("Smokers were twice as likely to scar.", []),
    # how sure: a hedge
    ("The serum is likely to help dry skin.", ["likely"]),
    ("The clinic most likely broke the rules.", ["likely"]),
])
def test_likely_compared_is_no_hedge(sentence: str, hedges: list[str]) -> None:
    assert cl.hedges_in(sentence) == hedges

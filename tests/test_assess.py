"""Evidence standing: classes, tracing, regulatory links and every check, positive and negative."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidence.assess import checks
from evidence.assess.classify import STUDY_SOURCE_KINDS, base_class, describe
from evidence.assess.trace import StudySide
from evidence.export import build_export
from evidence.ingest import ingest
from evidence.models import Claim, Quantity, StudyRecord
from evidence.store import Store
from tests.conftest import EXAMPLES


def claim(text: str, kind: str = "efficacy", numbers: list[Quantity] | None = None, **kw) -> Claim:  # type: ignore[no-untyped-def]
    return Claim(start=100, end=100 + len(text), text=text, kind=kind, numbers=numbers or [], **kw)


def pct(v: float, start: int = 100, role: str | None = None) -> Quantity:
    return Quantity(unit="%", start=start, end=start + 4, text=f"{v}%", value=v, role=role)


def days(lo: float, hi: float, start: int = 100) -> Quantity:
    return Quantity(unit="days", start=start, end=start + 8, text=f"{lo}-{hi} days", low=lo, high=hi)


RCT = StudyRecord(key="own", reported_in_own_source=True, design="rct", randomized=True,
                  within_subject=True, participants=40, arms=2, duration="16 weeks")


# --- classes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("c", "source_kind", "own", "expected"),
    [
        (claim("Scores improved by 41%."), "journal_article", RCT, "randomized"),
        (claim("PRP is not approved.", kind="regulatory", agency="FDA"), "commercial", None, "regulatory"),
        (claim("Anything at all."), "regulatory", None, "regulatory"),
        (claim("It works.", attribution="Dr. A", attribution_kind="expert"), "commercial", None,
         "expert_opinion"),
        (claim("A study found it works.", attribution="a study", attribution_kind="study"),
         "commercial", None, "attributed"),
        (claim("It works wonders."), "commercial", None, "unverified"),
        # what a regulator told, retold in the news, is the regulator's note
        (claim("TGA said two users were hospitalised.", kind="safety", agency="TGA",
               attribution="TGA", attribution_kind="publication"), "news", None, "regulatory"),
        # a public-health agency's figures are not
        (claim("One in 50 adults has it, according to the CDC.", kind="other", agency="CDC",
               attribution="CDC", attribution_kind="publication"), "news", None, "attributed"),
    ],
)
def test_base_class(c: Claim, source_kind: str, own: StudyRecord | None, expected: str) -> None:
    cls, reason = base_class(c, source_kind, own)
    assert cls == expected and reason


def test_describe_is_a_short_design_card() -> None:
    assert describe(RCT) == "a randomized split-face trial, n=40, 16 weeks"


# --- checks: each with a positive and a negative case -------------------------------------


def test_number_mismatch_and_numbers_not_in_source() -> None:
    side = [StudySide(pct(41.2, 5, "intervention"), 7, "41.2% improvement on the PRP side vs 27.8%", 0, 40),
            StudySide(pct(27.8, 20, "control"), 7, "41.2% improvement on the PRP side vs 27.8%", 0, 40)]
    c = claim("52% improvement on the PRP side vs 27.8% alone",
              numbers=[pct(52, 100, "intervention"), pct(27.8, 120, "control")])
    flags, matched, mism = checks.compare_numbers(c, side, other_source=9)
    assert [f.code for f in flags] == ["number_mismatch"]
    assert flags[0].other_start == 5 and flags[0].other_source == 9 and matched == ["27.8%"]
    assert mism == ["number: 52% vs 41.2%"]
    sat = claim("95% of patients were satisfied", numbers=[pct(95)])
    flags, _m, _x = checks.compare_numbers(sat, side, other_source=9)
    assert [f.code for f in flags] == ["numbers_not_in_source"]
    same = claim("41.2% improvement", numbers=[pct(41.2, role="intervention")])
    assert checks.compare_numbers(same, side, other_source=9)[0] == []


def test_a_loss_told_as_a_size_or_rounded_is_no_misquote() -> None:
    """The report's "-12.4%" is the "12.4%" a page says was lost, and "33%" is a "33.2%"
    rounded (or a page's "8.1%" where the report rounds to "8%"): nothing to flag."""
    text = "body weight fell by -12.4% against 33.2% on placebo, and 8% stopped early"
    side = [StudySide(pct(-12.4, 20), 7, text, 0, 80), StudySide(pct(33.2, 40), 7, text, 0, 80),
            StudySide(pct(8, 60), 7, text, 0, 80)]
    for figure in (12.4, 33, 8.1):
        c = claim(f"weight fell {figure}% in the trial", numbers=[pct(figure)])
        flags, matched, mism = checks.compare_numbers(c, side, other_source=9)
        assert (flags, mism) == ([], []) and matched == [f"{figure:g}%"]
    # a figure that is neither is still flagged, against the report's nearest figure
    c = claim("weight fell 31% in the trial", numbers=[pct(31)])
    flags, _matched, mism = checks.compare_numbers(c, side, other_source=9)
    assert [f.code for f in flags] == ["number_mismatch"] and mism == ["number: 31% vs 33.2%"]


@pytest.mark.parametrize(
    ("page", "figures", "report", "study"),
    [
        # the other arm the page itself gives is no rival to its first figure
        ("hair density rose 6.1% on the extract against a fall of 2.2% on placebo", (6.1, 2.2),
         "hair density rose 6.1% on the extract", (6.1,)),
        # a concentration is no rival to a gain, however many words they share
        ("lash length rose 25% with the 0.03% solution nightly", (25,),
         "lash length with the 0.03% solution nightly rose", (0.03,)),
        # a confidence level is no result
        ("pain relief of half or more: 50% of patients on the needles", (50,),
         "pain relief, patients on the needles (95% CI 1.1 to 2.0)", (95,)),
        # two figures sharing a single word measure different things
        ("nearly 50% of rosacea cases show redness", (50,),
         "rosacea serum with 45% gluconolactone", (45,)),
    ],
)
def test_a_rival_figure_must_be_comparable(page: str, figures: tuple[float, ...], report: str,
                                           study: tuple[float, ...]) -> None:
    """A figure the study does not print is not 'misquoted from' whichever study figure
    shares a word with it: it appears nowhere in the study, and the flag says so."""
    side = [StudySide(pct(v, report.index(f"{v:g}%")), 7, report, 0, len(report)) for v in study]
    nums = [pct(v, 100 + page.index(f"{v:g}%")) for v in figures]
    c = Claim(start=100, end=100 + len(page), text=page, kind="efficacy", numbers=nums)
    flags, _matched, mism = checks.compare_numbers(c, side, other_source=9)
    assert "number_mismatch" not in [f.code for f in flags]
    assert all(m.startswith("numbers not in source") for m in mism) and flags


def test_outcome_changed() -> None:
    c = claim("better scar depth and skin texture")
    assert [f.code for f in checks.outcome_changed(c, {"goodman", "ecca"}, 1)] == ["outcome_changed"]
    assert checks.outcome_changed(c, {"scar depth"}, 1) == []
    assert checks.outcome_changed(claim("it works"), {"ecca"}, 1) == []


def test_population_changed() -> None:
    c = claim("exosomes help diabetic wounds heal", attribution_kind="publication")
    assert [f.code for f in checks.population_changed(c, {"post-surgical"})] == ["population_changed"]
    assert checks.population_changed(c, {"diabetic wounds"}) == []
    assert checks.population_changed(claim("it helps"), {"acne scars"}) == []


def test_design_upgraded() -> None:
    cohort = StudyRecord(key="s", reported_in_own_source=True, design="cohort", randomized=None)
    review = StudyRecord(key="r", reported_in_own_source=True, design="narrative_review")
    assert checks.design_upgraded(claim("A randomized trial showed it works"), cohort)[0].code == \
        "design_upgraded"
    assert checks.design_upgraded(claim("A study showed it works"), review)[0].code == "design_upgraded"
    assert checks.design_upgraded(claim("A randomized trial showed it works"), RCT) == []
    assert checks.design_upgraded(claim("A review showed it works"), review) == []


def test_hedge_dropped() -> None:
    hedged = [(3, 0, 60, "PRP may offer a modest additional benefit for acne scar improvement")]
    firm = claim("PRP offers a clear benefit for acne scar improvement")
    assert [f.code for f in checks.hedge_dropped(firm, hedged, 2)] == ["hedge_dropped"]
    soft = claim("PRP may offer a benefit for acne scar improvement", hedged=True)
    assert checks.hedge_dropped(soft, hedged, 2) == []
    assert checks.hedge_dropped(claim("Lasers hurt"), hedged, 2) == []


def test_untraced_number_small_sample_no_control_absolute_unsourced() -> None:
    fig = claim("30–40% scar reduction", numbers=[Quantity("%", 100, 106, "30–40%", low=30, high=40)])
    assert checks.untraced_number(fig, "unverified", traced=False)[0].code == "untraced_number"
    assert checks.untraced_number(fig, "unverified", traced=True) == []
    assert checks.untraced_number(claim("no figures"), "unverified", traced=False) == []
    small = StudyRecord(key="s", reported_in_own_source=False, participants=25)
    assert checks.small_sample(claim("it works"), small)[0].code == "small_sample"
    assert checks.small_sample(claim("it works"), RCT) == []
    series = StudyRecord(key="c", reported_in_own_source=True, design="case_series", arms=1)
    assert checks.no_control(claim("it works"), series)[0].code == "no_control"
    assert checks.no_control(claim("it works"), RCT) == []
    assert checks.absolute_language(claim("no side effects", absolute=["no side effects"]))
    assert checks.absolute_language(claim("mild redness")) == []
    reg = claim("not FDA-approved", kind="regulatory", agency="FDA")
    assert checks.unsourced_regulatory(reg, "commercial", linked=False)[0].code == "unsourced_regulatory"
    assert checks.unsourced_regulatory(reg, "commercial", linked=True) == []
    assert checks.unsourced_regulatory(reg, "regulatory", linked=False) == []


def test_internal_conflicts() -> None:
    a = claim("Downtime: 3–5 days", kind="recovery", numbers=[days(3, 5)])
    b = claim("1–3 days", kind="recovery", numbers=[days(1, 3, 300)])
    same = claim("3–5 days", kind="recovery", numbers=[days(3, 5, 500)])
    exo, exo_laser, laser = frozenset({"exosomes"}), frozenset({"exosomes", "laser"}), frozenset({"laser"})
    out = checks.internal_conflicts([(1, a, exo_laser, False, a.numbers[0]), (2, b, exo, False, b.numbers[0])])
    assert set(out) == {1, 2} and out[1][0].other_start == 300
    assert checks.internal_conflicts([(1, a, exo, False, a.numbers[0]),
                                      (3, same, exo, False, same.numbers[0])]) == {}
    # "laser alone" is not "exosomes + laser"
    assert checks.internal_conflicts([(1, a, exo_laser, False, a.numbers[0]),
                                      (2, b, laser, True, b.numbers[0])]) == {}


# --- the whole chain on the examples ----------------------------------------------------------


def _content_view(data: dict) -> dict:  # type: ignore[type-arg]
    """Classes, links and flags keyed by content, not by ids (which depend on ingest order)."""
    loc = {s["id"]: Path(s["location"]).name for s in data["sources"]}
    claim_key = {c["id"]: (loc[c["source_id"]], c["start"], c["text"]) for c in data["claims"]}
    study_key = {s["id"]: (loc[s["source_id"]], s["reported_in_own_source"], s["design"])
                 for s in data["studies"]}
    return {
        "claims": sorted((claim_key[c["id"]], c["evidence_class"], c["class_reason"],
                          tuple(c["flags"])) for c in data["claims"]),
        "links": sorted(repr((claim_key.get(ln.get("from_claim")),
                              study_key.get(ln.get("from_study")), study_key.get(ln["to_study"]),
                              ln["confidence"], ln["matched_on"], ln["mismatches"],
                              claim_key.get(ln.get("to_claim"))))
                        for ln in data["links"]),
    }


def test_examples_show_the_whole_chain(db_path: str, extractor) -> None:  # type: ignore[no-untyped-def]
    with Store.open(db_path) as store:
        ingest([str(EXAMPLES)], store, extractor=extractor)
        data = build_export(store.snapshot())
    json.dumps(data)
    by_flag = {f: [c["text"] for c in data["claims"] if f in c["flags"]] for f in
               ("number_mismatch", "numbers_not_in_source", "internal_conflict")}
    assert any("52%" in t for t in by_flag["number_mismatch"])
    assert any("95%" in t for t in by_flag["numbers_not_in_source"])
    assert by_flag["internal_conflict"]
    classes = {c["evidence_class"] for c in data["claims"]}
    assert {"randomized", "regulatory", "unverified"} <= classes
    study_links = [ln for ln in data["links"] if ln["kind"] == "study"]
    assert study_links and all(ln["matched_on"] for ln in study_links)
    assert any("52%" in m for ln in study_links for m in ln["mismatches"])
    reg = [ln for ln in data["links"] if ln["kind"] == "regulatory"]
    assert reg and reg[0]["to_source"] is not None
    stub = next(s for s in data["studies"] if not s["reported_in_own_source"])
    assert stub["traced_to"] is not None


def test_ingestion_order_does_not_matter(tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import FIXTURES

    files = sorted(str(p) for p in EXAMPLES.glob("*.html")) + sorted(
        str(p) for p in (FIXTURES / "docs").glob("*") if p.name in (
            "rct-co2-exosomes.txt", "summary-exosomes-co2.md", "vendor-prp-hair.md",
            "clinic-au-exosomes.html", "tga-advisory-exosomes.txt"))
    views = []
    for name, order in (("fwd", files), ("rev", list(reversed(files)))):
        with Store.open(str(tmp_path / f"{name}.db")) as store:
            for f in order:  # one document per run: tracing must catch up each time
                ingest([f], store, extractor=extractor)
            views.append(_content_view(build_export(store.snapshot())))
    assert views[0] == views[1]
    assert views[0]["links"]


def _export_view(data: dict) -> dict:  # type: ignore[type-arg]
    """The whole export keyed by content, links in their stored order (ids left out)."""
    view = _content_view(data)
    view["link_order"] = [(ln["kind"], ln["confidence"], ln["matched_on"], ln["mismatches"])
                          for ln in data["links"]]
    return view


def test_assessing_in_passes_gives_what_one_pass_gives(tmp_path: Path, extractor,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents that no claim is traced to are assessed on their own, between passes over the
    documents claims are traced to; the stored result is the same either way."""
    import evidence.ingest as ingest_module
    from evidence.parse import parse_document
    from tests.conftest import FIXTURES

    docs = sorted(p for p in (FIXTURES / "docs").iterdir() if p.name != "README.md")
    kinds = {str(p): parse_document(str(p), p.read_bytes()).kind for p in docs}
    traced_to = [d for d, k in kinds.items() if k in STUDY_SOURCE_KINDS | {"regulatory"}]
    others = [d for d in kinds if d not in traced_to]
    with Store.open(str(tmp_path / "once.db")) as store:
        ingest(traced_to + others, store, extractor=extractor)
        once = _export_view(build_export(store.snapshot()))
    monkeypatch.setattr(ingest_module, "ASSESS_EVERY", 2)
    monkeypatch.setattr(ingest_module, "ASSESS_GROWTH", 0.0)
    with Store.open(str(tmp_path / "passes.db")) as store:
        ingest(traced_to, store, extractor=extractor)
        ingest(others, store, extractor=extractor)  # nothing traced to changes: own documents only
        in_passes = _export_view(build_export(store.snapshot()))
    assert in_passes == once
    assert once["link_order"]


def test_another_time_point_is_no_rival() -> None:
    """A page's "after 18 weeks" where the report tells only week 9 is a time point the
    report does not print, not a misquote of week 9."""
    report = "quality of life scores improved at 9 weeks with the add-on treatment"
    side = [StudySide(Quantity(unit="weeks", start=40, end=47, text="9 weeks", value=9), 7,
                      report, 0, len(report))]
    page = "quality of life scores improved even more at 18 weeks with the add-on treatment"
    q = Quantity(unit="weeks", start=145, end=153, text="18 weeks", value=18)
    c = Claim(start=100, end=100 + len(page), text=page, kind="efficacy", numbers=[q])
    flags, _matched, mism = checks.compare_numbers(c, side, other_source=9)
    assert [f.code for f in flags] == ["numbers_not_in_source"]
    assert mism == ["numbers not in source: 18 weeks"]

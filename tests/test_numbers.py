"""Numbers as data: every written form the extractor must read."""

from __future__ import annotations

import pytest

from evidence.extract.numbers import find_quantities, parse_number


def q(text: str) -> list[tuple]:
    return [(x.value, x.low, x.high, x.unit, x.role) for x in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("improved by 41.2% overall", [(41.2, None, None, "%", None)]),
        ("a 12,5 % reduction", [(12.5, None, None, "%", None)]),
        ("healed in 3–5 days", [(None, 3, 5, "days", None)]),
        ("healed in 3-5 days", [(None, 3, 5, "days", None)]),
        ("healed in 3 to 5 days", [(None, 3, 5, "days", None)]),
        ("healed between 3 and 5 days", [(None, 3, 5, "days", None)]),
        ("results after 12+ weeks", [(None, 12, None, "weeks", None)]),
        ("a 20–30% gain", [(None, 20, 30, "%", None)]),
        ("needles of 0.25–1.0 mm", [(None, 0.25, 1.0, "mm", None)]),
        ("Seventy-two participants enrolled", [(72, None, None, "participants", "participants")]),
        ("n = 48", [(48, None, None, "participants", "participants")]),
        ("forty per group", [(40, None, None, "participants", "per_group")]),
        ("1,204 patients", [(1204, None, None, "participants", "participants")]),
        ("three consecutive sessions", [(3, None, None, "sessions", "sessions")]),
        ("randomised to two groups", [(2, None, None, "arms", "arms")]),
        ("p < 0.01", [(0.01, None, None, None, "p_value")]),
        ("P = 0.2891", [(0.2891, None, None, None, "p_value")]),
        ("OR 2.1", [(2.1, None, None, None, "odds_ratio")]),
        ("erythema resolved within 48 hours", [(48, None, None, "hours", None)]),
        # a hundred or a thousand joined to its count by a hyphen is one number, not a range
        ("One-hundred and seven (107) patients", [(107, None, None, "participants",
                                                  "participants")]),
        ("two-thousand adults", [(2000, None, None, "participants", "participants")]),
    ],
)
def test_number_forms(text: str, expected: list[tuple]) -> None:
    assert q(text) == expected


def test_confidence_interval_stays_an_interval_with_unicode_minus() -> None:
    got = q("mean difference −4.3 (95% CI −6.1 to −2.5)")
    assert (-4.3, None, None, None, "mean_difference") in got
    assert (None, -6.1, -2.5, None, "ci") in got
    assert len(got) == 2  # the 95 of "95% CI" is not a percentage


def test_sessions_and_intervals() -> None:
    got = q("five treatment sessions at two-week intervals")
    assert got == [(5, None, None, "sessions", "sessions"), (2, None, None, "weeks", "interval")]
    got = q("3 sessions (4 weeks apart)")
    assert (4, None, None, "weeks", "interval") in got
    assert q("four sessions at monthly intervals")[1] == (1, None, None, "months", "interval")


def test_comparisons_keep_which_value_belongs_to_which_side() -> None:
    got = q("52% on the treated side vs. 27.8% on the control side")
    assert got == [(52, None, None, "%", "intervention"), (27.8, None, None, "%", "control")]
    got = q("recovery (2–3 days versus 6–9 days)")
    assert got == [(None, 2, 3, "days", "intervention"), (None, 6, 9, "days", "control")]


def test_offsets_point_at_the_number_text() -> None:
    text = "We saw 30–40% fewer scars after 3 sessions."
    for x in find_quantities(text, offset=100):
        assert text[x.start - 100:x.end - 100] == x.text


def test_no_numbers_where_there_are_none() -> None:
    assert q("SPF 50+ and gentle cleansing") == []
    assert q("Patients were satisfied.") == []


@pytest.mark.parametrize(("s", "v"), [("twenty-one", 21), ("Seventy five", 75), ("12,5", 12.5),
                                      ("1,204", 1204), ("−3", -3), ("hundred", 100),
                                      ("Three thousand sixty-nine", 3069),
                                      ("one thousand two hundred", 1200)])
def test_parse_number(s: str, v: float) -> None:
    assert parse_number(s) == v


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a hundred patients", [(100, None, None, "participants", "participants")]),
        ("one hundred sessions", [(100, None, None, "sessions", "sessions")]),
        ("Seventy-Five ADULTS", [(75, None, None, "participants", "participants")]),
        ("dose of − .5 mm", [(-0.5, None, None, "mm", None)]),
        ("x  5%", [(5, None, None, "%", None)]),
        ("twenty-one days", [(21, None, None, "days", None)]),
        ("12,500 participants and 3 per group", [(12500, None, None, "participants", "participants"),
                                                 (3, None, None, "participants", "per_group")]),
    ],
)
def test_numbers_are_found_wherever_they_begin(text: str, expected: list[tuple]) -> None:
    assert q(text) == expected


def test_unitless_scores_on_either_side_of_a_comparison() -> None:
    qs = find_quantities("The POSAS score fell by 6.2 with the serum versus 3.4 with saline "
                         "(p = 0.03).")
    sides = {q.role: q.value for q in qs if q.role in ("intervention", "control")}
    assert sides == {"intervention": 6.2, "control": 3.4}


def test_bare_decimals_without_a_comparison_are_not_numbers() -> None:
    assert find_quantities("Scores moved from 3.2 to 1.8 over the year.") == []
    assert find_quantities("Release 2.1 of the app compared well.") == []


def test_bounds_keep_their_direction() -> None:
    qs = find_quantities("Scars improved by up to 80%, in more than 40 patients, "
                         "and redness lasted at least 2 days.")
    assert [(q.value, q.comparator) for q in qs] == [(80, "<="), (40, ">"), (2, ">=")]


def test_percent_confidence_interval_iqr_and_worded_ratio() -> None:
    ci = [q for q in find_quantities("Clearance was 21% (95% CI, 12%–31%).") if q.role == "ci"]
    assert [(q.low, q.high, q.unit) for q in ci] == [(12, 31, "%")]
    assert not any(q.value == 95 for q in find_quantities("Clearance was 21% (95% CI, 12%–31%)."))
    iqr = find_quantities("Healing took 5.0 days (IQR 4.5–6.0).")
    assert [(q.low, q.high, q.role) for q in iqr if q.role] == [(4.5, 6.0, "iqr")]
    rr = find_quantities("The relative risk of infection was 0.45 (95% CI 0.21 to 0.96).")
    assert [(q.value, q.role) for q in rr if q.role == "risk_ratio"] == [(0.45, "risk_ratio")]


def test_events_out_of_a_group() -> None:
    qs = find_quantities("Milia developed in 3 of 20 patients and nine out of ten women were satisfied.")
    assert [(q.value, q.role) for q in qs] == [(3, "events"), (20, "participants"),
                                              (9, "events"), (10, "participants")]


def test_time_points_written_unit_first() -> None:
    assert q("Primary outcome [Time Frame: baseline to week 24]") == \
        [(24, None, None, "weeks", "timepoint")]
    assert q("By day 7 the redness had gone") == [(7, None, None, "days", "timepoint")]
    assert q("twice a week 3 times over") == []


def test_head_counts_told_by_what_happened_to_the_people() -> None:
    assert q("40 randomized, 36 completed") == [
        (40, None, None, "participants", "participants"),
        (36, None, None, "participants", "completed")]
    assert q("Of 58 screened, 44 were enrolled.") == [
        (58, None, None, "participants", "screened"),
        (44, None, None, "participants", "participants")]
    # trials, sessions and courses are not people: a count of trials is a count of trials
    assert q("We pooled 9 randomized trials.") == [(9, None, None, "trials", None)]
    assert q("conducted at 73 sites in 10 countries") == [
        (73, None, None, "sites", None), (10, None, None, "countries", None)]
    assert q("She completed 4 sessions.") == [(4, None, None, "sessions", "sessions")]


def test_a_mean_and_its_spread_is_the_mean() -> None:
    assert q("expect redness for 3 ± 1 days") == [(3, None, None, "days", None)]
    assert q("improved 22.5 ± 4.1% vs 10.2 ± 3.3%") == [
        (22.5, None, None, "%", "intervention"), (10.2, None, None, "%", "control")]


def test_people_counted_out_of_a_group_are_participants() -> None:
    assert q("7 of 30 clients reported mild crusting") == [
        (7, None, None, "participants", "events"), (30, None, None, "participants", "participants")]


def test_arms_named_after_their_values() -> None:
    assert q("Erythema lasted 4.2 days on the PRP side and 6.9 days on the saline side.") == [
        (4.2, None, None, "days", "intervention"), (6.9, None, None, "days", "control")]
    # one arm named is no comparison
    assert q("Improvement was 40% in the PRP group.") == [(40, None, None, "%", None)]


def test_arms_named_with_with() -> None:
    assert q("Redness resolved after 3 days with PRP and 5 days with saline.") == [
        (3, None, None, "days", "intervention"), (5, None, None, "days", "control")]
    assert q("Results appear after 4 weeks with most serums.") == [(4, None, None, "weeks", None)]


def test_a_range_of_weeks_apart_is_an_interval() -> None:
    assert q("3 to 5 treatments, spaced 2 to 4 weeks apart") == [
        (None, 3, 5, "sessions", "sessions"), (None, 2, 4, "weeks", "interval")]


def test_a_records_sample_size_field() -> None:
    assert q("Target sample size: 36") == [(36, None, None, "participants", "participants")]
    assert q("Patients: 18-45 years") == [(None, 18, 45, "years", None)]


def test_a_quantity_starts_at_its_number() -> None:
    assert [x.text for x in find_quantities("treated at 4 weeks and − 2.5 mm")][0] == "4 weeks"


def test_a_count_labelled_by_what_it_counts() -> None:
    assert q("Sessions: 3 to 4, spaced 4 weeks apart") == [
        (None, 3, 4, "sessions", "sessions"), (4, None, None, "weeks", "interval")]
    assert q("Number of treatments: 6") == [(6, None, None, "sessions", "sessions")]
    assert q("Sessions: 3 weeks apart") == [(3, None, None, "weeks", "interval")]


def test_trial_report_number_forms() -> None:
    assert q("Downtime was a mean (SD) of 4.2 (1.1) days vs 6.8 (1.5) days.") == [
        (4.2, None, None, "days", "intervention"), (6.8, None, None, "days", "control")]
    assert q("a 1.5-mm needle") == [(1.5, None, None, "mm", None)]
    assert q("twice as many patients (40% v 20%)") == [
        (40, None, None, "%", "intervention"), (20, None, None, "%", "control")]
    assert q("in 25/30 patients") == [
        (25, None, None, "participants", "events"), (30, None, None, "participants", "participants")]


def test_an_interval_named_twice_and_hyphenated_doses() -> None:
    got = q("a change of −7.2% (95% confidence interval [CI], −9.0 to −5.4) with 5-mg doses")
    assert (None, -9.0, -5.4, None, "ci") in got
    assert (5, None, None, "mg", None) in got


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("one 240-mL serving of the drink a day", 240, "ml"),
    ("through a 2-cm incision", 2, "cm"),
    ("a 5-kg loss at one year", 5, "kg"),
    ("a 500-mcg tablet", 500, "mcg"),
    ("a 635-nm diode laser", 635, "nm"),
    # the unit spelled out
    ("a capsule of 350-milligram ginger root", 350, "mg"),
    ("a 2-gram sachet of glycine at bedtime", 2, "g"),
    ("a 100-microgram patch", 100, "mcg"),
    ("a 3-kilogram loss", 3, "kg"),
])
def test_a_volume_length_or_mass_joined_by_a_hyphen(text: str, value: float, unit: str) -> None:
    assert (value, None, None, unit, None) in q(text)


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("waists shrank by an average of 2.5 centimetres", 2.5, "cm"),
    ("a loss of 4 centimeters at the hips", 4, "cm"),
    ("a loss of 3.5 inches in all", 3.5, "in"),
])
def test_lengths_spelled_out(text: str, value: float, unit: str) -> None:
    assert any(got[0] == value and got[3] == unit for got in q(text))


def test_a_share_told_with_its_count_in_brackets() -> None:
    got = q("By week 12, 61% (44/72) of the women had fewer hot flushes.")
    assert (44, None, None, "participants", "events") in got
    assert (72, None, None, "participants", "denominator") in got
    # a count of those it is of is no head count a study could take as its own
    assert not any(g[4] == "participants" for g in got)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("It followed 1,204 women aged 45–70 with hot flushes.", 45, 70),
    ("girls between ages 9 and 13 took part", 9, 13),
])
def test_an_age_range_with_its_years_unsaid(text: str, low: float, high: float) -> None:
    assert (None, low, high, "years", "age") in q(text)


@pytest.mark.parametrize(("text", "expected"), [
    # a count in millions keeps its figure as written, its scale as the unit
    ("hay fever troubles 12.4 million adults each spring", [(12.4, None, None, "million", None)]),
    ("over 3 million jars sold", [(3, None, None, "million", None)]),
    ("it touches 1 billion people", [(1, None, None, "billion", None)]),
    # money stays money, and a count in thousands of people is read whole
    ("a fine of $2.5 million", [(2.5, None, None, "USD million", None)]),
    ("about 16 thousand people", [(16000, None, None, "participants", "participants")]),
])
def test_counts_told_in_millions_and_thousands(text: str, expected: list[tuple]) -> None:
    assert q(text) == expected


@pytest.mark.parametrize(("text", "value"), [
    # whoever they are, people a study enrolled are counted
    ("In all, 80 asthmatics were enrolled.", 80),
    ("A total of 120 diabetics were randomized.", 120),
    # a count in brackets followed by more details
    ("Healthy adults (n = 235, 40-65 y old) took part.", 235),
    ("Adults (n = 1,235) took part.", 1235),
])
def test_head_counts_of_people_by_any_name(text: str, value: int) -> None:
    assert (value, None, None, "participants", "participants") in q(text)


def test_things_a_study_counted_are_not_people() -> None:
    assert all(x[3] != "participants" for x in q("In all, 12 biopsies were included."))


@pytest.mark.parametrize(("text", "want"), [
    ("Fine lines improved by 1.64 points with the cream.", [(1.64, "points")]),
    ("No benefit was seen in sprints lasting under 60 seconds.", [(60.0, "seconds")]),
    ("Skin was rated at three time points.", []),
])
def test_scale_points_and_seconds_are_units(text: str, want: list) -> None:  # type: ignore[type-arg]
    assert [(q.value, q.unit) for q in find_quantities(text)] == want


def test_a_product_code_with_a_leading_zero_counts_no_one() -> None:
    qs = find_quantities("Some 91 percent of RT 004 patients in the second trial were satisfied.")
    assert [(q.value, q.unit) for q in qs] == [(91.0, "%")]


@pytest.mark.parametrize(("text", "expected"), [
    # grouped thousands with a decimal part: the whole number, not what follows the comma
    ("the rate rose by 1,413.7% in the state", [(1413.7, None, None, "%", None)]),
    ("a mean of 2,345.5 units", [(2345.5, None, None, "units", None)]),
    # a P value printed with a middle-dot decimal point, as some journals print them
    ("loss was greater on the strain (P= 0·02) than on placebo", [(0.02, None, None, None, "p_value")]),
    ("no difference (p<0·001)", [(0.001, None, None, None, "p_value")]),
])
def test_grouped_thousands_with_decimals_and_middle_dot_p_values(text: str,
                                                                 expected: list[tuple]) -> None:
    assert q(text) == expected


def test_a_claim_keeps_a_mean_told_without_a_unit(extractor) -> None:  # type: ignore[no-untyped-def]
    """"20.4 ± 5.0 to 15.1 ± 6.5": each mean is a figure of the claim, each spread a spread."""
    from evidence.parse import parse_document

    page = ("Ginseng for tiredness\n\nResults: The fatigue score fell from 20.4 ± 5.0 to "
            "15.1 ± 6.5 with ginseng, against 20.9 ± 4.5 to 18.8 ± 2.9 with placebo (P<0.01).\n")
    claims = extractor.extract(parse_document("g.txt", page.encode())).claims
    got = [(n.value, n.role) for c in claims for n in c.numbers]
    assert (20.4, "figure") in got and 15.1 in [v for v, _ in got]
    assert (5.0, "spread") in got and (0.01, "p_value") in got


def test_a_mean_told_with_middle_dot_decimals_is_one_figure(extractor) -> None:  # type: ignore[no-untyped-def]
    """"75·2 ± 37", as journals printing a middle-dot decimal point give a mean: the claim
    carries 75.2 and its spread, not the figures 75 and 2."""
    from evidence.parse import parse_document

    page = ("Azelaic foam for melasma\n\nResults: At week 12 the pigment index was "
            "75·2 ± 37 with the foam and 68·9 ± 31·4 with the vehicle.\n")
    claims = extractor.extract(parse_document("m.txt", page.encode())).claims
    got = [(n.value, n.role) for c in claims for n in c.numbers]
    assert (75.2, "figure") in got and (68.9, "figure") in got
    assert (37.0, "spread") in got and (31.4, "spread") in got
    assert 2.0 not in [v for v, _ in got]


@pytest.mark.parametrize(("text", "expected"), [
    ("Three deaths and 41 hospitalizations were reported", [(3, None, None, "deaths", None),
                                                          (41, None, None, "hospitalizations", None)]),
    ("The lab tested 212 unique batches from 58 different companies",
     [(212, None, None, "batches", None), (58, None, None, "companies", None)]),
    ("Buyers named more than 12 different brands", [(12, None, None, "brands", None)]),
    ("the firm recalled 90,000 packages", [(90000, None, None, "packages", None)]),
])
def test_what_news_and_notices_count(text: str, expected: list[tuple]) -> None:
    """Harms, and the products and makers tested or recalled, are counts a page can get
    wrong: "three deaths" is checkable like "three patients"."""
    assert q(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a 535-participant trial found", [(535, None, None, "participants", "participants")]),
    ("a 12-week, 40-patient study", [(12, None, None, "weeks", None),
                                    (40, None, None, "participants", "participants")]),
    ("split into two 15-person groups", [(15, None, None, "participants", "per_group")]),
])
def test_a_head_count_written_as_one_word_with_its_noun(text: str, expected: list[tuple]) -> None:
    assert q(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("the cream held 9,800 ppm of mercury", [(9800, None, None, "ppm", None)]),
    ("lead at 14 parts per billion", [(14, None, None, "ppb", None)]),
    ("none formed at 4 degrees Celsius, much at 37 °C",
     [(4, None, None, "°C", None), (37, None, None, "°C", None)]),
    ("air chilled to −130 degrees Fahrenheit", [(-130, None, None, "°F", None)]),
])
def test_contaminants_and_temperatures_are_measured(text: str, expected: list[tuple]) -> None:
    """What a product was found to hold, and the heat it was kept at, are figures a page
    can get wrong."""
    assert q(text) == expected

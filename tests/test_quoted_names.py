"""A body's or a database's name shared with a report quotes nothing: many reports print
"the National Poison Data System" or "the Centers for Disease Control and Prevention", so a
page naming one is not thereby retelling any of them. A sentence of the report retold word
for word still is."""

from __future__ import annotations

from evidence.assess.trace import quoted_runs

NAMED = "Calls were reported by poison centers to the National Pet Poison Data Registry in 2020."
SENTENCE = "calls about lily poisoning reported by veterinary poison centers rose sharply"


def test_a_name_in_capitals_is_no_quotation_on_a_retelling() -> None:
    report = quoted_runs(NAMED)
    page = quoted_runs(NAMED, names_out=True)
    assert "the national pet poison data registry" in report
    assert "the national pet poison data registry" not in page
    # runs reaching past the name into the sentence's own words are the sentence's
    assert "poison centers to the national pet" in page


def test_words_retold_in_the_reports_case_are_still_a_quotation() -> None:
    report = quoted_runs("In 2021, " + SENTENCE + " across the country.")
    page = quoted_runs("A vet said that " + SENTENCE + ".", names_out=True)
    assert report & page


DISCLAIMER = ("These statements have not been evaluated by the agency. This product is not "
              "intended to diagnose, treat, cure or prevent any disease.")


def test_the_disclaimer_sellers_print_quotes_nothing() -> None:
    """Two sellers printing the same legal disclaimer under their products retell no report
    of each other's."""
    one = quoted_runs("Our magnesium tablets help you unwind. " + DISCLAIMER)
    other = quoted_runs("Cinnamon capsules support healthy glucose levels. " + DISCLAIMER)
    assert not {r for r in one & other if "diagnose" in r or "prevent" in r}

"""Flag codes, their severity, and which of them make a retelling misquoted.

A module of constants that imports nothing, so that the read commands (which show
flags but never raise them) can know them without loading the data model.
"""

# Flag codes and their severity (the checks in `evidence.assess.checks` raise them)
FLAG_SEVERITY = {
    "number_mismatch": "high", "numbers_not_in_source": "high", "design_upgraded": "high",
    "internal_conflict": "high", "outcome_changed": "medium", "population_changed": "medium",
    "hedge_dropped": "medium", "untraced_number": "medium", "unsourced_regulatory": "medium",
    "absolute_language": "low", "small_sample": "low", "no_control": "low",
}
# A retelling whose numbers the study it was traced to does not bear out: shown as misquoted
MISQUOTE_FLAGS = ("number_mismatch", "numbers_not_in_source")

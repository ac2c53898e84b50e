"""The editors' verdict scale, shared by the review desk, the CLI, the report and ClaimReview.

Fact-checking desks publish a verdict from a short, fixed scale so readers and
search engines can compare them; schema.org's ClaimReview carries it as a
rating. The scale here answers "does the claim say what the evidence says?":
five verdicts, each with a key an editor presses, a label readers see and a
rating from 1 (false) to 5 (accurate). The decisions recorded before the scale
existed (confirmed, disputed, dismissed) stay readable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    name: str
    key: str  # the number key that picks it on the desk
    label: str  # what readers see
    rating: int  # ClaimReview ratingValue, WORST..BEST
    meaning: str  # one line for the editor


VERDICTS: tuple[Verdict, ...] = (
    Verdict("accurate", "1", "Accurate", 5, "says what the evidence says"),
    Verdict("misleading", "2", "Misleading", 2,
            "true in part, but the numbers, outcome, population or certainty are bent"),
    Verdict("false", "3", "False", 1, "the evidence says otherwise"),
    Verdict("unsupported", "4", "Unsupported", 3, "no evidence found that backs it"),
    Verdict("needs_source", "5", "Needs a source", 3, "cannot be judged until a source is named"),
)
NAMES: tuple[str, ...] = tuple(v.name for v in VERDICTS)
BEST, WORST = 5, 1

# Decisions recorded before the scale, kept so older review logs still read and publish.
LEGACY: dict[str, Verdict] = {
    "confirmed": Verdict("confirmed", "", "Confirmed by the evidence", 5, ""),
    "dismissed": Verdict("dismissed", "", "No problem found", 4, ""),
    "disputed": Verdict("disputed", "", "Disputed", 1, ""),
}
_ALL = {v.name: v for v in VERDICTS} | LEGACY


def verdict(name: str) -> Verdict | None:
    """The verdict (or legacy decision) called `name`, or None."""
    return _ALL.get(name)


def label(name: str) -> str:
    v = _ALL.get(name)
    return v.label if v else name.replace("_", " ")

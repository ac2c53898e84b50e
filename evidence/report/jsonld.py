"""schema.org `ClaimReview` for claims an editor has decided on.

Fact-check tools read ClaimReview JSON-LD, so each reviewed claim carries one:
the editor's decision becomes `reviewRating`, and what the tool knows beyond
the schema (evidence class, study design and size, offsets in the stored
text) goes into `additionalProperty`. The result is a plain dict; templates
serialise it with `|tojson`, which escapes `<`, `>`, `&` and `'`.
"""

from __future__ import annotations

from typing import Any

from evidence.report.links import safe_http_url
from evidence.verdicts import BEST, LEGACY, VERDICTS, WORST

# decision -> (ratingValue, alternateName), from the editors' verdict scale (1 false ..
# 5 accurate); decisions recorded before the scale keep their old meaning.
RATINGS: dict[str, tuple[int, str]] = {
    v.name: (v.rating, v.label) for v in (*VERDICTS, *LEGACY.values())}


def _prop(name: str, value: Any) -> dict[str, Any]:
    return {"@type": "PropertyValue", "name": name, "value": value}


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


def claim_review(claim: dict[str, Any], source: dict[str, Any], study: dict[str, Any] | None,
                 page_url: str) -> dict[str, Any] | None:
    """The ClaimReview of one export claim, or None when it has no editor decision."""
    review = claim.get("review")
    if not review:
        return None
    value, verdict = RATINGS.get(review["decision"], (None, review["decision"]))
    if review.get("reopened"):  # the claim changed since: the old verdict is not published
        value, verdict = None, f"Review out of date: {review.get('out_of_date') or 'the wording changed'}"
    rating = _drop_empty({"@type": "Rating", "ratingValue": value, "bestRating": BEST,
                          "worstRating": WORST, "alternateName": verdict})
    author_name = source.get("publisher") or source.get("site")
    appearance = _drop_empty({"@type": "CreativeWork", "name": source.get("title"),
                              "url": safe_http_url(source.get("url"))})
    item = _drop_empty({
        "@type": "Claim",
        "author": {"@type": "Organization", "name": author_name} if author_name else None,
        "datePublished": source.get("published"),
        "appearance": appearance,
    })
    props = [_prop("evidenceClass", claim["evidence_class"]),
             _prop("classReason", claim["class_reason"]),
             _prop("startOffset", claim["start"]), _prop("endOffset", claim["end"])]
    if study is not None:
        props.append(_prop("studyDesign", study.get("design")))
        if study.get("participants") is not None:
            props.append(_prop("studyParticipants", study["participants"]))
    if review.get("reopened"):
        props.append(_prop("reopened", True))
    return _drop_empty({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": claim["text"],
        "datePublished": (review.get("at") or "")[:10],
        "author": {"@type": "Person", "name": review["editor"]} if review.get("editor") else None,
        "reviewBody": review.get("note"),
        "reviewRating": rating,
        "itemReviewed": item,
        "additionalProperty": props,
    })

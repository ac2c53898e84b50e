"""Evidence class of a claim before tracing: what stands behind it on its own page.

Randomized evidence must stand apart from bare marketing, from claims credited
to studies nobody has traced yet, from quoted clinicians and from regulatory
notes. Each decision comes with a one-line reason an editor can read.
"""

from __future__ import annotations

from evidence.extract.lexicon import agency_in
from evidence.models import Claim, StudyRecord

VERSION = "evidence.classify.v2"  # v2: a claim credited to a regulator is a regulatory note

STUDY_SOURCE_KINDS = {"journal_article", "paper_summary", "preprint", "trial_registry"}
# agencies the lexicon names that regulate nothing: a public-health agency's figures ("one in
# 88 children", "according to the CDC, a normal level is ...") are no regulator's note
NOT_REGULATORS = frozenset({"CDC"})
DESIGN_CLASS = {
    "rct": "randomized",
    "non_randomized_trial": "non_randomized",
    "cohort": "non_randomized",
    "case_control": "non_randomized",
    "case_series": "non_randomized",
    "systematic_review": "review",
    "meta_analysis": "review",
    "narrative_review": "review",
    "preclinical": "preclinical",
}
DESIGN_WORDS = {
    "rct": "randomized trial", "non_randomized_trial": "non-randomized trial",
    "cohort": "cohort study", "case_control": "case-control study", "case_series": "case series",
    "systematic_review": "systematic review", "meta_analysis": "meta-analysis",
    "narrative_review": "narrative review", "preclinical": "preclinical study",
    "registry_record": "registered trial", "unknown": "study of unstated design",
}


def study_class(st: StudyRecord) -> str:
    """The evidence class a study confers on the claims that trace to it."""
    if st.design in DESIGN_CLASS:
        return DESIGN_CLASS[st.design]
    return "randomized" if st.randomized else "non_randomized"


def describe(st: StudyRecord) -> str:
    """'a randomized split-face trial, n=40' — the short design card used in reasons."""
    words = DESIGN_WORDS.get(st.design, "study")
    if st.within_subject:
        words = words.replace("trial", "split-face trial") if "trial" in words \
            else f"split-face {words}"
    if st.design == "unknown" and st.randomized:
        words = "randomized trial"
    parts = [("an " if words[0] in "aeiou" else "a ") + words]
    if st.participants:
        parts.append(f"n={st.participants}")
    if st.duration:
        parts.append(st.duration)
    return ", ".join(parts)


def base_class(claim: Claim, source_kind: str, own: StudyRecord | None) -> tuple[str, str]:
    """(evidence_class, class_reason) from the claim and its own document alone."""
    if source_kind == "regulatory":
        return "regulatory", "primary note published by a regulator"
    if claim.kind == "regulatory":
        who = claim.agency or "a regulator"
        return "regulatory", f"statement about {who} on a {source_kind} page; needs a primary note"
    if claim.agency and claim.agency not in NOT_REGULATORS and claim.attribution \
            and agency_in(claim.attribution) == claim.agency:
        # "HSA said patients were diagnosed with kidney ailments": what a regulator told,
        # whatever it is about, is a regulator's note retold
        return "regulatory", (f"credited to {claim.agency} on a {source_kind.replace('_', ' ')} "
                              "page; needs a primary note")
    if own is not None and source_kind in STUDY_SOURCE_KINDS:
        voice = "; in the summary site's words, not the authors'" if claim.site_voice else ""
        return study_class(own), f"reported by the document's own study: {describe(own)}{voice}"
    if claim.attribution_kind == "expert":
        return "expert_opinion", f"quoted clinician: {claim.attribution}"
    if claim.attribution_kind == "testimonial":
        return "expert_opinion", f"testimonial: {claim.attribution}"
    if claim.attribution_kind in ("publication", "study"):
        return "attributed", f"credited to {claim.attribution}; not traced to an ingested study"
    return "unverified", f"bare assertion on a {source_kind.replace('_', ' ')} page"

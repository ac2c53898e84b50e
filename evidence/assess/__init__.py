"""Assessment (placeholder)."""

from evidence.models import Assessment, ClaimAssessment, Corpus


def assess(corpus: Corpus) -> Assessment:
    return Assessment({c.id: ClaimAssessment(c.id, "unverified", "bare assertion")
                       for c in corpus.claims}, [], {}, "evidence.assess.v0")

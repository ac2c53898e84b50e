"""The closed lists a claim's kind and evidence class are chosen from.

Constants only, importing nothing, so that the read commands can check a `--kind` or
`--class` filter without loading the data model (`evidence.models` re-exports them).
"""

CLAIM_KINDS = (
    "efficacy",
    "safety",
    "recovery",
    "protocol",
    "study_design",
    "mechanism",
    "regulatory",
    "other",
)

EVIDENCE_CLASSES = (
    "randomized",
    "non_randomized",
    "review",
    "preclinical",
    "attributed",
    "expert_opinion",
    "unverified",
    "regulatory",
)

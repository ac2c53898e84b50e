"""Claim extraction (placeholder until the pipeline lands)."""

from evidence.models import ExtractionResult, RawDocument

EXTRACTOR = "evidence.claims.v0"


class Extractor:
    def extract(self, doc: RawDocument) -> ExtractionResult:
        return ExtractionResult([], [], EXTRACTOR)

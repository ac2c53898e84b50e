"""Plain dataclasses passed between the pipeline stages.

fetch -> parse -> extract -> assess -> store: each arrow is a function call on
these types. Nothing here does I/O; the database tables live in
`evidence.store.schema` and are filled from these objects.

Offsets (`start`, `end`) always index the document's *stored text*
(`RawDocument.text`), so `text[start:end]` gives back the quoted words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from evidence.flag_codes import FLAG_SEVERITY, MISQUOTE_FLAGS  # noqa: F401 - re-exported
from evidence.vocabulary import CLAIM_KINDS, EVIDENCE_CLASSES  # noqa: F401 - re-exported

SOURCE_KINDS = (
    "journal_article",
    "paper_summary",
    "preprint",
    "trial_registry",
    "commercial",
    "news",
    "regulatory",
    "other",
)

DESIGNS = (
    "rct",
    "non_randomized_trial",
    "cohort",
    "case_control",
    "case_series",
    "systematic_review",
    "meta_analysis",
    "narrative_review",
    "preclinical",
    "registry_record",
    "unknown",
)


@dataclass(frozen=True)
class Block:
    """A structural unit of the stored text: heading, paragraph, bullet, table row or cell.

    `table`, `row` and `col` place a cell in its table (row 0 is the header row);
    `content_start` skips a bullet marker or a cell separator so extraction can
    quote the words without the "- " in front.
    """

    kind: str  # heading | paragraph | bullet | table_row | table_cell | byline | furniture
    start: int
    end: int
    level: int = 0
    content_start: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    @property
    def body_start(self) -> int:
        return self.start if self.content_start is None else self.content_start


@dataclass
class DocumentMeta:
    """Bibliographic facts found in HTML meta tags, JSON-LD or the text itself."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    site: str | None = None
    published: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    registrations: list[str] = field(default_factory=list)  # NCT..., IRCT..., ISRCTN...
    url: str | None = None
    og_type: str | None = None
    jsonld_types: list[str] = field(default_factory=list)
    citation_meta: bool = False  # the page carried citation_* tags (scholarly article)
    pages: int | None = None  # a PDF's page count
    identifier: str | None = None  # the doi:/pmid:/pmcid:/nct: input it was ingested by
    retrieved_from: list[str] = field(default_factory=list)  # services asked: europepmc, ...
    provenance: dict[str, str] = field(default_factory=dict)  # field -> where it was found

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RawDocument:
    """A parsed document: the stored text, its structure and its metadata.

    `raw` keeps the exact bytes that were read or fetched; `text` is what claim
    offsets refer to.
    """

    location: str
    raw: bytes
    media_type: str
    text: str
    blocks: list[Block]
    meta: DocumentMeta
    kind: str = "other"
    kind_reason: str = ""
    parser: str = ""
    notes: list[str] = field(default_factory=list)
    final_url: str | None = None
    study_facts: dict[str, Any] | None = None  # structured fields of a registry record


@dataclass(frozen=True)
class Quantity:
    """A number found in a claim, kept as data.

    Either `value`, or `low`/`high` for a range (`high` None for an open range
    such as "12+ weeks"). `role` tells what the number is in the claim
    (intervention, control, participants, p_value, ci, ...). `start`/`end` are
    offsets into the stored text.
    """

    unit: str | None
    start: int
    end: int
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    role: str | None = None
    comparator: str | None = None  # "<", "<=", "=", ">" for p-values and bounds

    def to_contract(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        if self.value is not None:
            d["value"] = self.value
        else:
            d["low"] = self.low
            d["high"] = self.high
        d["unit"] = self.unit
        if self.role:
            d["role"] = self.role
        if self.comparator and self.comparator != "=":
            d["comparator"] = self.comparator
        d["start"] = self.start
        d["end"] = self.end
        return d

    def matches(self, other: Quantity, tol: float = 1e-6) -> bool:
        """Same value (or same range) and compatible unit."""
        if (self.unit or "") != (other.unit or ""):
            return False
        if self.value is not None and other.value is not None:
            return abs(self.value - other.value) < tol
        if self.value is None and other.value is None:
            return _close(self.low, other.low, tol) and _close(self.high, other.high, tol)
        return False


def _close(a: float | None, b: float | None, tol: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) < tol


@dataclass(frozen=True)
class Span:
    """Offsets of the words that support a derived value."""

    start: int
    end: int
    text: str


@dataclass
class Claim:
    """One checkable statement, tied to the exact characters it came from."""

    start: int
    end: int
    text: str
    kind: str
    section: str | None = None
    subject: str | None = None
    hedged: bool = False
    hedges: list[str] = field(default_factory=list)
    absolute: list[str] = field(default_factory=list)  # promotional or absolute wording
    negated: bool = False
    numbers: list[Quantity] = field(default_factory=list)
    attribution: str | None = None
    attribution_kind: str | None = None  # publication | expert | organisation | study | site
    agency: str | None = None
    regulatory_status: str | None = None  # approved | not_approved | cleared | off_label | ...
    block_kind: str = "paragraph"
    study_ref: str | None = None  # key of a StudyRecord in the same document
    site_voice: bool = False  # written by a summary site, not by the paper's authors
    # an article's context, aims or methods (what was known or planned) or how common a
    # condition is among people at large: not what it found
    background: bool = False
    extractor: str = ""
    outcome_terms: list[str] = field(default_factory=list)
    population_terms: list[str] = field(default_factory=list)
    intervention_terms: list[str] = field(default_factory=list)


@dataclass
class StudyRecord:
    """A study reported by a document (`own`) or described inside another (a stub)."""

    key: str
    reported_in_own_source: bool
    design: str = "unknown"
    randomized: bool | None = None
    within_subject: bool | None = None
    blinding: str | None = None
    participants: int | None = None
    arms: int | None = None
    arm_descriptions: list[str] = field(default_factory=list)
    duration: str | None = None
    sessions: int | None = None
    interval: str | None = None
    intervention: str | None = None
    comparator: str | None = None
    condition: str | None = None
    outcomes: list[str] = field(default_factory=list)
    registrations: list[str] = field(default_factory=list)
    citation: dict[str, str] = field(default_factory=dict)  # doi/pmid/title/author/year if cited
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    numbers: list[Quantity] = field(default_factory=list)
    design_reason: str = ""
    extractor: str = ""
    dates: dict[str, str] = field(default_factory=dict)  # a registry record's start, completion...


@dataclass
class Flag:
    """A problem an editor should review."""

    code: str
    severity: str  # high | medium | low
    message: str
    start: int
    end: int
    other_source: Any = None  # id of the source on the other side, when there is one
    other_claim: int | None = None
    other_start: int | None = None
    other_end: int | None = None
    other_text: str | None = None
    rule: str = ""


@dataclass
class ExtractionResult:
    """What extraction makes of one document."""

    claims: list[Claim]
    studies: list[StudyRecord]
    extractor: str


# --- the corpus the assessment pass reads, and what it decides --------------


@dataclass
class CorpusSource:
    """A stored document (latest version) as the assessment pass sees it."""

    id: int
    kind: str
    location: str
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    published: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    registrations: list[str] = field(default_factory=list)


@dataclass
class CorpusStudy:
    id: int
    source_id: int
    study: StudyRecord


@dataclass
class CorpusClaim:
    id: int
    source_id: int
    claim: Claim
    study_id: int | None = None  # own study or stub in the same document


@dataclass(frozen=True)
class Focus:
    """Which documents of a corpus an assessment pass must assess again: `fresh` ones (new,
    changed, or with a link to a version no longer the latest) and those whose claims meet
    a `changed` reference document (a new or changed study report or regulator's note).
    `renewed`: the changed ones that replace an earlier version of their document."""

    fresh: frozenset[int]
    changed: frozenset[int]
    renewed: frozenset[int] = frozenset()


@dataclass
class Corpus:
    sources: dict[int, CorpusSource]
    studies: list[CorpusStudy]
    claims: list[CorpusClaim]
    focus: Focus | None = None  # None: assess every document


@dataclass
class LinkResult:
    """A traced match from a claim or a stub to an ingested study."""

    to_study: int | None
    confidence: float
    matched_on: list[str]
    mismatches: list[str]
    rule: str
    from_claim: int | None = None
    from_study: int | None = None
    to_claim: int | None = None
    to_source: int | None = None
    kind: str = "study"


@dataclass
class ClaimAssessment:
    claim_id: int
    evidence_class: str
    class_reason: str
    traced_study_id: int | None = None
    flags: list[Flag] = field(default_factory=list)


@dataclass
class Assessment:
    claims: dict[int, ClaimAssessment]
    links: list[LinkResult]
    stub_traces: dict[int, int | None]
    assessor: str
    # own study -> the studies of the reports its document is one text with (a reprint of
    # an abstract and the paper), for every own study the pass read: its links are replaced
    copies: dict[int, list[int]] = field(default_factory=dict)

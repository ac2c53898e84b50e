"""Database tables (SQLModel).

One `source` row per document *version*; claims and studies hang off the
version they were extracted from, so a changed page keeps its old claims.
Derived rows (evidence class on claims, `link`, `flag`) are recomputed by the
assessment pass and carry the rule that made them. Editor `review` rows are
append-only and keyed by the claim's fingerprint, so re-extraction can never
overwrite a decision.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class SourceRow(SQLModel, table=True):
    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("doc_key", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    doc_key: str = Field(index=True)
    location: str
    version: int = 1
    is_latest: bool = Field(default=True, index=True)
    content_hash: str = Field(index=True)
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    media_type: str
    title: str | None = None
    authors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    publisher: str | None = None
    site: str | None = None
    published: str | None = None
    doi: str | None = Field(default=None, index=True)
    pmid: str | None = None
    pmcid: str | None = None
    registrations: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    url: str | None = None
    kind: str
    kind_reason: str
    blocks: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    notes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    parser: str
    extractor: str
    ingested_at: datetime
    # False from the moment the version is stored until an assessment pass has covered it:
    # the mark that lets the next command finish an assessment a crash or Ctrl-C cut short
    assessed: bool = Field(default=False, index=True)


class StudyRow(SQLModel, table=True):
    __tablename__ = "study"

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    key: str
    reported_in_own_source: bool
    design: str = "unknown"
    randomized: bool | None = None
    within_subject: bool | None = None
    blinding: str | None = None
    participants: int | None = None
    arms: int | None = None
    duration: str | None = None
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    traced_to: int | None = None
    extractor: str = ""


class ClaimRow(SQLModel, table=True):
    __tablename__ = "claim"

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    ordinal: int
    start: int
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    section: str | None = None
    subject: str | None = None
    kind: str = Field(index=True)
    hedged: bool = False
    numbers: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    attribution: str | None = None
    agency: str | None = None
    study_id: int | None = Field(default=None, index=True)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    fingerprint: str = Field(index=True)
    extractor: str
    evidence_class: str = Field(default="unverified", index=True)
    class_reason: str = ""
    traced_study_id: int | None = None
    assessor: str = ""


class LinkRow(SQLModel, table=True):
    __tablename__ = "link"

    id: int | None = Field(default=None, primary_key=True)
    from_claim: int | None = Field(default=None, index=True)
    from_study: int | None = Field(default=None, index=True)
    to_study: int | None = Field(default=None, index=True)
    to_claim: int | None = None  # a regulator's primary note, for regulatory links
    to_source: int | None = None
    kind: str = "study"  # study | regulatory
    confidence: float
    matched_on: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    mismatches: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    rule: str


class FlagRow(SQLModel, table=True):
    __tablename__ = "flag"

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(index=True)
    code: str = Field(index=True)
    severity: str
    message: str = Field(sa_column=Column(Text, nullable=False))
    start: int
    end: int
    other_source_id: int | None = None
    other_claim_id: int | None = None
    other_start: int | None = None
    other_end: int | None = None
    other_text: str | None = Field(default=None, sa_column=Column(Text))
    rule: str


class ReviewRow(SQLModel, table=True):
    """An editor's decision. Never updated or deleted: the latest row stands."""

    __tablename__ = "review"

    id: int | None = Field(default=None, primary_key=True)
    doc_key: str = Field(index=True)
    fingerprint: str = Field(index=True)
    claim_id: int
    claim_text: str = Field(sa_column=Column(Text, nullable=False))
    decision: str
    editor: str
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    at: datetime


class ReviewLogRow(SQLModel, table=True):
    """The review log: one hash-chained entry per decision, written in the same transaction
    as its review row. Never updated or deleted (see `evidence.audit`)."""

    __tablename__ = "review_log"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(unique=True)
    claim_id: int
    doc_key: str
    fingerprint: str = Field(index=True)
    claim_text: str = Field(sa_column=Column(Text, nullable=False))
    old_status: str  # the status that stood: a decision, "unreviewed" or "out of date (...)"
    new_status: str
    editor: str
    at: str  # UTC, ISO 8601, exactly as hashed
    reason: str = Field(sa_column=Column(Text, nullable=False))
    tool: str
    prev_hash: str
    hash: str = Field(unique=True)


class AssignmentRow(SQLModel, table=True):
    """Who is to decide a claim. Append-only like reviews and keyed by the claim's
    fingerprint, so an assignment survives re-extraction; the latest row stands, and an
    empty `editor` takes the claim back."""

    __tablename__ = "assignment"

    id: int | None = Field(default=None, primary_key=True)
    doc_key: str = Field(index=True)
    fingerprint: str = Field(index=True)
    claim_id: int
    editor: str
    assigned_by: str
    at: datetime


class TraceRow(SQLModel, table=True):
    """The best match an assessment pass found for one traced subject (a described study, a
    credited claim, a page retelling one study), before the rules that may set it aside.

    Kept so the next pass tells whether a new study report changes a subject by scoring that
    report alone, without reading the subject's document (`evidence.assess.assess_traced`). `confidence` is kept exact (the link's is
    rounded), as comparing two matches needs it; `to_study` is NULL when none passed. Rows
    of another `rule` are not read."""

    __tablename__ = "trace"
    __table_args__ = (UniqueConstraint("subject", "subject_id"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(index=True)
    subject: str  # stub | claim | page; "doc" marks a document whose subjects are all here
    subject_id: int  # the study, claim or source id
    to_study: int | None = None
    confidence: float = 0.0
    # what scoring reads of the subject (`evidence.assess.trace.side_to_json`), so a pass
    # need not read the document again to score it
    side: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    rule: str


class MigrationRow(SQLModel, table=True):
    __tablename__ = "evidence_migrations"

    name: str = Field(primary_key=True)
    applied_at: datetime

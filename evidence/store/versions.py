"""The names of the schema migrations, in order, in a module that imports nothing.

The listing commands read a SQLite file without loading SQLAlchemy, and must still
know whether the file needs migrating first; `migrations.py` checks at import that
its steps carry exactly these names.
"""

MIGRATION_NAMES = (
    "m001_initial",
    "m002_review_append_only",
    "m003_claim_search",
    "m004_claim_search_per_document",
    "m005_source_assessed",
    "m006_review_log",
    "m007_claim_assignment",
    "m008_claim_order",
    "m009_trace",
    "m010_claim_rank_keys",
    "m011_claim_search_latest_by_class",
)

# The index `evidence query` ranks full-text hits through (migration m010)
RANK_KEYS_INDEX = "ix_claim_rank_keys"

"""Settings with one order of precedence: defaults < EVIDENCE_* environment < CLI flags.

Nothing here is read at import time by other modules: callers build a Settings
object (usually the CLI) and pass it in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

DEFAULT_DB = "evidence.db"
USER_AGENT = "evidence/0.1 (claims checker; +https://example.org/evidence-bot)"


@dataclass(frozen=True)
class FetchSettings:
    """Limits and politeness for the fetch module."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    obey_robots: bool = True
    delay: float = 1.0
    retries: int = 3
    max_retry_after: float = 60.0
    allow_private: bool = False
    cache_dir: str | None = ".evidence-cache"


@dataclass(frozen=True)
class PdfLimits:
    """How much of a PDF is read: a trial paper has tens of pages, not thousands, and its
    page content expands to a few megabytes, not gigabytes (a decompression bomb)."""

    max_pages: int = 300
    max_decompressed: int = 50 * 1024 * 1024  # bytes of page content after decompression


@dataclass(frozen=True)
class ApiSettings:
    """Where identifiers are resolved. Each base URL can be pointed elsewhere (a mirror, or a
    local server replaying recorded answers) with an EVIDENCE_*_URL variable."""

    europepmc: str = "https://www.ebi.ac.uk/europepmc/webservices/rest"
    eutils: str = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
    crossref: str = "https://api.crossref.org"
    clinicaltrials: str = "https://clinicaltrials.gov/api/v2"
    ncbi_api_key: str | None = None  # NCBI allows 10 requests/s with a key, 3 without


@dataclass(frozen=True)
class Settings:
    db: str = DEFAULT_DB
    fetch: FetchSettings = field(default_factory=FetchSettings)
    editor: str | None = None
    pdf: PdfLimits = field(default_factory=PdfLimits)
    apis: ApiSettings = field(default_factory=ApiSettings)


def db_url(db: str) -> str:
    """Turn `--db` into a SQLAlchemy URL: a path becomes a SQLite file URL."""
    if "://" in db:
        return db
    return f"sqlite:///{db}"


def db_problem(db: str) -> str | None:
    """Why `--db` cannot hold an evidence base, or None: an empty name or an in-memory
    database would silently keep nothing once the command ends."""
    if not db.strip():
        return "the database name is empty"
    url = db_url(db.strip())
    if url in ("sqlite://", "sqlite:///") or ":memory:" in url or "mode=memory" in url:
        return "an in-memory database keeps nothing after the command ends"
    return None


def from_env(env: dict[str, str] | None = None) -> Settings:
    """Defaults overlaid by EVIDENCE_* environment variables."""
    env = dict(os.environ if env is None else env)
    s = Settings()
    if env.get("EVIDENCE_DB"):
        s = replace(s, db=env["EVIDENCE_DB"])
    if env.get("EVIDENCE_EDITOR"):
        s = replace(s, editor=env["EVIDENCE_EDITOR"])
    f = s.fetch
    if env.get("EVIDENCE_CACHE_DIR"):
        f = replace(f, cache_dir=env["EVIDENCE_CACHE_DIR"])
    if env.get("EVIDENCE_USER_AGENT"):
        f = replace(f, user_agent=env["EVIDENCE_USER_AGENT"])
    pdf = s.pdf
    if env.get("EVIDENCE_PDF_MAX_PAGES", "").isdigit():
        pdf = replace(pdf, max_pages=int(env["EVIDENCE_PDF_MAX_PAGES"]))
    if env.get("EVIDENCE_PDF_MAX_MB", "").isdigit():
        pdf = replace(pdf, max_decompressed=int(env["EVIDENCE_PDF_MAX_MB"]) * 1024 * 1024)
    apis = s.apis
    for name, var in (("europepmc", "EVIDENCE_EUROPEPMC_URL"), ("eutils", "EVIDENCE_EUTILS_URL"),
                      ("crossref", "EVIDENCE_CROSSREF_URL"),
                      ("clinicaltrials", "EVIDENCE_CLINICALTRIALS_URL")):
        if env.get(var):
            apis = replace(apis, **{name: env[var].rstrip("/")})
    if env.get("NCBI_API_KEY"):
        apis = replace(apis, ncbi_api_key=env["NCBI_API_KEY"])
    return replace(s, fetch=f, pdf=pdf, apis=apis)

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
class Settings:
    db: str = DEFAULT_DB
    fetch: FetchSettings = field(default_factory=FetchSettings)
    editor: str | None = None


def db_url(db: str) -> str:
    """Turn `--db` into a SQLAlchemy URL: a path becomes a SQLite file URL."""
    if "://" in db:
        return db
    return f"sqlite:///{db}"


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
    return replace(s, fetch=f)

"""Shared fixtures: real SQLite files, real PostgreSQL when it answers, one extractor per session."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_url() -> str:
    return os.environ.get("EVIDENCE_TEST_PG_URL", DEFAULT_PG)


def _pg_reason() -> str | None:
    """None when PostgreSQL answers, else why the PostgreSQL tests skip."""
    url = urlparse(_pg_url().replace("+psycopg", ""))
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[dev]')"
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 5432), timeout=1):
            pass
    except OSError as exc:
        return f"no PostgreSQL server at {url.hostname}:{url.port or 5432} ({exc.strerror or exc})"
    return None


@pytest.fixture(scope="session")
def pg_available() -> str:
    reason = _pg_reason()
    if reason:
        pytest.skip(reason)
    return _pg_url()


@pytest.fixture
def pg_url(pg_available: str) -> Iterator[str]:
    """A fresh PostgreSQL schema per test, dropped afterwards."""
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(pg_available)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in pg_available else "?"
    yield f"{pg_available}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "evidence.db")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "evidence.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def extractor():  # type: ignore[no-untyped-def]
    from evidence.extract import Extractor

    return Extractor()


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a document into tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> str:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            p.write_text(content, encoding="utf-8")
        else:
            p.write_bytes(content)
        return str(p)

    return _write


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def _chromium() -> str | None:
    path = os.environ.get("EVIDENCE_CHROMIUM") or "/usr/bin/chromium"
    return path if Path(path).is_file() else shutil.which("chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's `chromium`, or EVIDENCE_CHROMIUM) driven by Playwright,
    never a downloaded browser; skips, saying why, when it is missing or cannot start."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install playwright)")
    exe = _chromium()
    if exe is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        except Error as exc:
            pytest.skip(f"Chromium at {exe} did not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


def exported(tmp_path: Path, docs: dict[str, str]) -> dict[str, Any]:
    """The export of a fresh SQLite base holding `docs` (file name -> text), ingested
    together as a user would."""
    from evidence.export import build_export
    from evidence.ingest import ingest
    from evidence.store import Store

    paths = []
    for name, text in docs.items():
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    with Store.open(str(tmp_path / "e.db")) as store:
        ingest(paths, store)
        return build_export(store.snapshot())

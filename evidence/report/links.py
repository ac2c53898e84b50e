"""Which strings may become an `href` in the report, and the file names of its pages.

Autoescaping keeps a value from breaking out of its attribute, but not a
`javascript:` or `data:` URL from running when clicked. Scraped pages choose
their own canonical URLs and identifiers, so every external link goes through
`safe_http_url`, and everything else is printed as text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

MAX_URL = 2048
_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f]")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID = re.compile(r"^\d{1,9}$")
_PMCID = re.compile(r"^PMC\d{1,9}$")
_NCT = re.compile(r"^NCT\d{8}$")
_SLUG_BAD = re.compile(r"[^A-Za-z0-9_-]")
_SLUG_PLAIN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


@dataclass(frozen=True)
class Href:
    """A link as templates render it. `href` is either a path relative to the report's root
    (`internal`) or a vetted http(s) URL; None means the text is shown without a link."""

    text: str
    href: str | None = None
    internal: bool = False


def safe_http_url(value: str | None) -> str | None:
    """The URL itself when it is an absolute http(s) URL with a host, else None."""
    if not value or len(value) > MAX_URL:
        return None
    url = value.strip()
    if _UNSAFE_CHARS.search(url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return url


def external(text: str, url: str | None) -> Href:
    """A link to a URL taken from the data: kept only if it is plain http(s)."""
    return Href(text=text, href=safe_http_url(url))


def internal(text: str, path: str) -> Href:
    return Href(text=text, href=path, internal=True)


def slug(value: object) -> str:
    """A file-name-safe, stable name for an id. Ids made of letters, digits, `-` and `_`
    stay as they are; any other id keeps its safe characters plus a short hash of the
    whole id, so two ids never share a file."""
    s = str(value)
    if _SLUG_PLAIN.match(s):
        return s
    clean = _SLUG_BAD.sub("-", s)[:40]
    return f"{clean}-{hashlib.sha1(s.encode()).hexdigest()[:8]}"


def source_path(source_id: object) -> str:
    return f"sources/{slug(source_id)}.html"


def study_path(study_id: object) -> str:
    return f"studies/{slug(study_id)}.html"


def claim_anchor(claim_id: object) -> str:
    return f"claim-{slug(claim_id)}"


def identifier_links(doi: str | None, pmid: str | None, pmcid: str | None,
                     registrations: list[str]) -> tuple[Href, ...]:
    """Identifiers as links to their resolvers when they have the expected shape,
    else as plain text."""
    out: list[Href] = []
    if doi:
        url = "https://doi.org/" + quote(doi, safe="/:;()._-") if _DOI.match(doi) else None
        out.append(Href(f"DOI {doi}", url))
    if pmid:
        url = f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if _PMID.match(pmid) else None
        out.append(Href(f"PMID {pmid}", url))
    if pmcid:
        url = f"https://www.ncbi.nlm.nih.gov/pmc/articles/{pmcid}/" if _PMCID.match(pmcid) else None
        out.append(Href(pmcid, url))
    for reg in sorted(set(registrations)):
        url = f"https://clinicaltrials.gov/study/{reg}" if _NCT.match(reg) else None
        out.append(Href(reg, url))
    return tuple(out)

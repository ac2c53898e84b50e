"""The fallback scraper: any page or text file, parsed by the project's generic parser.

Site-specific scrapers exist only where a site hides structure the generic
parser cannot see; everything else comes through here unchanged.
"""

from __future__ import annotations

from evidence.models import RawDocument
from evidence.parse import parse_document

NAME = "generic"


def matches(url: str, body: bytes | None = None) -> bool:
    """The generic scraper takes anything."""
    return True


def parse(url: str, body: bytes, content_type: str | None) -> RawDocument:
    """Parse fetched bytes as HTML, Markdown or plain text, as the content type and bytes say."""
    return parse_document(url, body, content_type=content_type, url=url)

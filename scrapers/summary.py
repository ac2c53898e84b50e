"""Paper-summary sites: a site's own Markdown digest of a paper, with a link to the full text.

Why a scraper of its own: such a page speaks *about* a paper in the site's
voice (TL;DR, key findings, why it matters), and often offers the complete
paper as Markdown ("Fetch the complete paper as Markdown: https://.../full.md").
Claims are best checked against the paper itself, so when that link is there
the full text is fetched with the same fetcher and appended under its own
heading; when it cannot be fetched the summary is kept and a note says why.

Pages come as Markdown (text/markdown or text/plain) or as HTML wrapping the
Markdown in a <pre> or <article>; an HTML page without such a body is parsed
generically.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from evidence.errors import FetchError, InputError
from evidence.models import DocumentMeta, RawDocument
from evidence.parse import media_type_for, parse_html, parse_plain
from evidence.parse.decode import declared_html_charset, decode
from evidence.parse.metadata import text_metadata
from evidence.parse.text import parse_text
from scrapers import generic

if TYPE_CHECKING:
    from evidence.fetch import Fetcher

NAME = "summary"
PARSER = "scrapers.summary.v1"

_SUMMARY_HEADING = re.compile(r"(?im)^\s{0,3}#{1,6}\s*(TL;?\s?DR|Key findings)\b")
_FULL_TEXT_LINE = re.compile(r"(?im)^.*\bcomplete paper as markdown\b.*$")
_URL_IN_LINE = re.compile(r"""(https?://[^\s<>"')\]]+|(?<=[\s(<])[^\s<>"'()\[\]]*\.md\b)""")
_BARE_FULL_MD = re.compile(r"""(?<![\w/])((?:https?://|/)[^\s<>"')\]]*full\.md)\b""")
_MARKDOWN_HEADING = re.compile(r"(?m)^\s{0,3}#{1,6}\s+\S")


def matches(url: str, body: bytes | None = None) -> bool:
    """A tomesphere host, or Markdown with TL;DR / Key findings sections and a full-text link."""
    host = (urlsplit(url).hostname or "").lower()
    if "tomesphere" in host:
        return True
    if not body:
        return False
    head = body[:300_000].decode("utf-8", errors="replace")
    headings = {m.group(1).lower().replace(" ", "") for m in _SUMMARY_HEADING.finditer(head)}
    if not headings:
        return False
    return bool(_FULL_TEXT_LINE.search(head)) or len(headings) >= 2


def parse(url: str, body: bytes, content_type: str | None) -> RawDocument:
    """The summary as Markdown; an HTML page without a Markdown body goes to the generic parser."""
    charset = _charset(content_type)
    media = media_type_for(url, body, content_type)
    if media == "text/html":
        markdown = _markdown_in_html(url, body, charset)
        if markdown is None:
            return generic.parse(url, body, content_type)
        doc = parse_plain(url, markdown.encode("utf-8"), "text/markdown", charset="utf-8", url=url)
        doc.raw = body
    else:
        doc = parse_plain(url, body, "text/markdown", charset=charset, url=url)
    doc.parser = f"{PARSER}+{doc.parser}"
    return doc


def full_text_link(doc: RawDocument) -> str | None:
    """The absolute address of the full paper the summary links to, if it names one."""
    base = doc.final_url or doc.location
    m = _FULL_TEXT_LINE.search(doc.text)
    candidates = []
    if m:
        candidates += [u.group(1) for u in _URL_IN_LINE.finditer(m.group(0))]
    candidates += [u.group(1) for u in _BARE_FULL_MD.finditer(doc.text)]
    if doc.media_type == "text/html" or doc.raw.lstrip()[:1] == b"<":
        candidates += _links_in_html(doc.raw)
    for c in candidates:
        try:
            link = urljoin(base, c.rstrip(".,;"))
        except ValueError:
            continue
        if link != base and urlsplit(link).scheme in ("http", "https"):
            return link
    return None


def complete(doc: RawDocument, fetcher: Fetcher) -> RawDocument:
    """Append the full paper the summary links to; on failure keep the summary and say why."""
    link = full_text_link(doc)
    if link is None:
        return doc
    try:
        result = fetcher.get(link)
        if media_type_for(link, result.body, result.content_type) == "text/html":
            full = parse_html(link, result.body, charset=_charset(result.content_type),
                              url=result.url).text  # an HTML rendering: keep its readable text
        else:
            full = decode(result.body, input=link, declared=_charset(result.content_type))
    except (FetchError, InputError) as exc:
        doc.notes.append(f"full text could not be fetched from {link}: {exc.message}")
        return doc
    note = f"full text fetched from {link}"
    if doc.media_type != "text/markdown":
        return _append_to_html_text(doc, link, full, note)
    combined = (
        doc.text.rstrip("\n")
        + f"\n\n## Full text (fetched from {link})\n\n"
        + full.strip("\n")
        + "\n"
    )
    merged = parse_plain(doc.location, combined.encode("utf-8"), "text/markdown",
                         charset="utf-8", url=doc.final_url)
    merged.raw = doc.raw
    merged.location = doc.location
    merged.final_url = doc.final_url
    merged.parser = doc.parser
    _keep_summary_meta(merged.meta, doc.meta)
    merged.notes = [*doc.notes, note]
    return merged


def _append_to_html_text(doc: RawDocument, link: str, full: str, note: str) -> RawDocument:
    """Append the full text to a page parsed as HTML, keeping the page's own blocks.

    Re-reading HTML-derived text as Markdown would lose its headings, so only
    the appended part is parsed as Markdown and its blocks are shifted into
    place (tables renumbered after the page's own).
    """
    head = doc.text.rstrip("\n")
    appendix = f"## Full text (fetched from {link})\n\n" + full.strip("\n") + "\n"
    offset = len(head) + 2
    tables = max((b.table for b in doc.blocks if b.table is not None), default=-1) + 1
    shifted = [
        replace(
            b,
            start=b.start + offset,
            end=b.end + offset,
            content_start=None if b.content_start is None else b.content_start + offset,
            table=None if b.table is None else b.table + tables,
        )
        for b in parse_text(appendix)
    ]
    doc.text = head + "\n\n" + appendix
    doc.blocks = [b for b in doc.blocks if b.end <= len(head)] + shifted
    text_metadata(doc.text, doc.meta)
    doc.notes.append(note)
    return doc


def _keep_summary_meta(merged: DocumentMeta, summary: DocumentMeta) -> None:
    """What the summary page said about the paper wins; the full text only fills gaps."""
    for name in ("title", "authors", "publisher", "site", "published", "doi", "pmid", "pmcid",
                 "url"):
        value = getattr(summary, name)
        if value not in (None, "", []):
            setattr(merged, name, value)
            if name in summary.provenance:
                merged.provenance[name] = summary.provenance[name]


def _charset(content_type: str | None) -> str | None:
    if content_type and "charset=" in content_type.lower():
        return content_type.lower().split("charset=")[1].split(";")[0].strip(" \"'") or None
    return None


def _markdown_in_html(url: str, body: bytes, charset: str | None) -> str | None:
    """The Markdown a summary page wraps in <pre> or <article>, if it has any."""
    html = decode(body, input=url, declared=charset or declared_html_charset(body))
    soup = BeautifulSoup(html, "lxml")
    candidates = [t for t in soup.find_all("pre") if isinstance(t, Tag)]
    candidates += [t for t in soup.find_all("article") if isinstance(t, Tag)]
    best: str | None = None
    for tag in candidates:
        text = tag.get_text()
        if _MARKDOWN_HEADING.search(text) and (best is None or len(text) > len(best)):
            best = text
    if best is None:
        return None
    return best.strip("\n") + "\n"


def _links_in_html(raw: bytes) -> list[str]:
    try:
        soup = BeautifulSoup(raw, "lxml")
    except (ValueError, TypeError):
        return []
    return [str(a["href"]) for a in soup.find_all("a", href=True)
            if str(a["href"]).split("?", 1)[0].endswith("full.md")]

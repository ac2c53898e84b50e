"""Pure parsing: bytes -> RawDocument (stored text, blocks, metadata, kind).

No network and no database here; `parse_document` is what the ingest stage and
the site scrapers call.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlparse

from bs4 import BeautifulSoup

from evidence.errors import EmptyDocumentError
from evidence.models import Block, DocumentMeta, RawDocument
from evidence.parse.decode import declared_html_charset, decode
from evidence.parse.html import BOILERPLATE_TEXT, html_to_text
from evidence.parse.html import PARSER as HTML_PARSER
from evidence.parse.kind import classify_source
from evidence.parse.metadata import ADDRESS_LINE, html_metadata, issue_date, text_metadata
from evidence.parse.text import PARSER as TEXT_PARSER
from evidence.parse.text import byline_authors, parse_text
from evidence.parse.title import VERSION as TITLE_VERSION
from evidence.parse.title import title_of
from evidence.settings import PdfLimits

__all__ = ["parse_document", "parse_html", "parse_pdf", "parse_plain", "media_type_for"]

_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<meta|<title|<article|<div|<p\b)", re.I)
# an XML article: the JATS root (PMC's own <pmc-articleset> wraps one), after any prolog
_JATS_SNIFF = re.compile(rb"<(?:pmc-articleset|article)\b[^>]*>", re.I)
PDF = "application/pdf"
JATS = "application/jats+xml"


def media_type_for(location: str, raw: bytes, declared: str | None = None) -> str:
    """`application/pdf`, `application/jats+xml`, `text/html`, `text/markdown` or `text/plain`
    from the bytes (a PDF or JATS article says what it is), the declared type and the name."""
    if raw[:1024].lstrip().startswith(b"%PDF-"):
        return PDF
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<!DOCTYPE article", b"<article", b"<pmc-articleset")) \
            and _JATS_SNIFF.search(raw[:65536]) and not _HTML_SNIFF.match(head):
        return JATS
    if declared:
        d = declared.split(";")[0].strip().lower()
        if d in ("text/html", "application/xhtml+xml"):
            return "text/html"
        if d in ("text/markdown", "text/x-markdown"):
            return "text/markdown"
        if d == "text/plain":
            return "text/html" if _HTML_SNIFF.match(raw[:512]) else "text/plain"
    path = urlparse(location).path if "://" in location else location
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "text/html"
    if suffix in (".md", ".markdown"):
        return "text/markdown"
    if _HTML_SNIFF.match(raw[:512]):
        return "text/html"
    return "text/plain"


def parse_document(
    location: str,
    raw: bytes,
    *,
    content_type: str | None = None,
    url: str | None = None,
    pdf_limits: PdfLimits | None = None,
) -> RawDocument:
    """Parse one document. Raises an `InputError` subclass for empty, binary, mis-encoded,
    damaged or oversized input."""
    media = media_type_for(location, raw, content_type)
    charset = None
    if content_type and "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=")[1].split(";")[0].strip(" \"'")
    if media == PDF:
        return parse_pdf(location, raw, url=url, limits=pdf_limits)
    if media == JATS:
        from evidence.parse.jats import parse_jats

        return parse_jats(location, raw, url=url)
    if media == "text/html":
        return parse_html(location, raw, charset=charset, url=url)
    return parse_plain(location, raw, media, charset=charset, url=url)


def parse_pdf(location: str, raw: bytes, *, url: str | None = None,
              limits: PdfLimits | None = None) -> RawDocument:
    """A PDF: its text in reading order (see `evidence.parse.pdf`), structured like any text,
    with the headings its fonts show and its page furniture marked."""
    from evidence.parse.pdf import PARSER as PDF_PARSER
    from evidence.parse.pdf import pdf_text

    got = pdf_text(raw, location, limits)
    text = got.text
    furniture = set(got.furniture)
    heads = {(s, e): level for s, e, level in got.headings}
    blocks = []
    for b in parse_text(text):
        if (b.start, b.end) in furniture:
            b = Block("furniture", b.start, b.end)
        elif (b.start, b.end) in heads and b.kind in ("paragraph", "heading"):
            b = Block("heading", b.start, b.end, level=heads[(b.start, b.end)])
        blocks.append(b)
    meta = DocumentMeta(url=url)
    if got.title:
        meta.title = got.title
        meta.provenance["title"] = "PDF largest type on the first page"
    elif got.info.title and len(got.info.title.split()) >= 4 and got.info.title in text:
        meta.title = got.info.title
        meta.provenance["title"] = "PDF document information"
    text_metadata(text, meta)
    _title_and_authors(text, blocks, meta)
    if not meta.authors and got.info.author:
        sep = r"\s*;\s*" if ";" in got.info.author else r"\s*(?:,|\band\b)\s*"
        meta.authors = [a.strip() for a in re.split(sep, got.info.author) if a.strip()]
        meta.provenance["authors"] = "PDF document information"
    meta.pages = got.info.pages
    kind, reason = classify_source(text, meta, url or location)
    _fill_publisher(text, meta)
    _fill_paper_date(text, meta, kind)
    return RawDocument(location, raw, PDF, text, blocks, meta, kind, reason, PDF_PARSER,
                       final_url=url)


def parse_plain(location: str, raw: bytes, media: str = "text/plain", *,
                charset: str | None = None, url: str | None = None) -> RawDocument:
    text = decode(raw, input=location, declared=charset)
    meta = text_metadata(text, DocumentMeta(url=url))
    blocks = parse_text(text)
    _title_and_authors(text, blocks, meta)
    kind, reason = classify_source(text, meta, url or location)
    _fill_publisher(text, meta)
    _fill_paper_date(text, meta, kind)
    return RawDocument(location, raw, media, text, blocks, meta, kind, reason, TEXT_PARSER,
                       final_url=url)


def parse_html(location: str, raw: bytes, *, charset: str | None = None,
               url: str | None = None) -> RawDocument:
    declared = charset or declared_html_charset(raw)
    html = decode(raw, input=location, declared=declared)
    soup = BeautifulSoup(html, "lxml")
    if url is None and (saved := ADDRESS_LINE.search(html[:4000])):
        url = saved.group(1) or saved.group(2)  # the address a browser noted when saving
    meta = html_metadata(soup, url=url)
    text, blocks = html_to_text(soup)
    if not text.strip():
        raise EmptyDocumentError("the page has no readable text", input=location)
    text_metadata(text, meta)
    kind, reason = classify_source(text, meta, url or location)
    _fill_publisher(text, meta)
    _fill_paper_date(text, meta, kind)
    return RawDocument(location, raw, "text/html", text, blocks, meta, kind, reason, HTML_PARSER,
                       final_url=url)


def _title_and_authors(text: str, blocks: list, meta: DocumentMeta) -> None:
    """What metadata left unsaid, read from the text: its first heading, its author line."""
    if not meta.title:
        # the first heading, unless it is the page's furniture ("Send to", a logo link, a
        # running head): then the line the text goes on to take up (`read_title`)
        found = title_of(text, _title_from_blocks(text, blocks))
        if found:
            meta.title = found[0]
            meta.provenance["title"] = f"text line whose words the text takes up ({TITLE_VERSION})" \
                if found[1] else "text first heading"
    if not meta.authors:
        meta.authors = byline_authors(text, blocks)
        if meta.authors:
            meta.provenance["authors"] = "text author line"


def _title_from_blocks(text: str, blocks: list) -> str | None:
    """The first heading of four words or more near the top, else the first heading; only
    headings above the body's first long paragraph count (not a letter's sign-off)."""
    top = blocks[:12]
    body = next((i for i, b in enumerate(top) if b.kind == "paragraph"
                 and len(text[b.start:b.end].split()) >= 25), len(top))
    heads = [" ".join(text[b.body_start:b.end].split()) for b in top[:body]
             if b.kind == "heading"]
    heads = [h for h in heads if not BOILERPLATE_TEXT.match(h)]
    for h in heads:
        if len(h.split()) >= 4:
            return h
    return heads[0] if heads else None


def _fill_paper_date(text: str, meta: DocumentMeta, kind: str) -> None:
    """A paper's date, where nothing else gave one: the date its journal issue is printed
    with ("Dermatol Surg. 2012 Jul;38(7):1143", "Volume 11 - 2019"), else the year of its
    publisher's copyright line. Only a paper's own page is dated so: a page citing a paper
    prints the paper's issue, and a shop's footer its own year."""
    if meta.published or kind not in ("journal_article", "preprint"):
        return
    dated = issue_date(text[:1500])
    if dated:
        meta.published = dated
        meta.provenance["published"] = "text journal issue line"
    elif m := _YEAR_ON_ITS_LINE.search(text[:1500]):
        # "(2018)" on a line of its own under the authors, as institutional repositories
        # print a record: the year the paper came out
        meta.published = m.group(1)
        meta.provenance["published"] = "text year line of a repository record"
    elif m := _COPYRIGHT_YEAR.search(text):
        # "© 2006 by the American Diabetes Association", "Copyright © 2011 John Wiley & Sons":
        # the year a paper's publisher holds its rights from, the year it was published
        meta.published = m.group(1)
        meta.provenance["published"] = "text copyright year"


_YEAR_ON_ITS_LINE = re.compile(r"(?m)^[ \t]*\(((?:19[5-9]|20[0-4])\d)\)[ \t]*$")
_COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?((?:19|20)\d\d)\b", re.I)


def _fill_publisher(text: str, meta: DocumentMeta) -> None:
    """A business page names itself in a sign-off ("Acme Team") or as "our Acme article"."""
    if meta.publisher:
        return
    tail = [ln.strip() for ln in text.strip().splitlines()[-3:] if ln.strip()]
    for ln in reversed(tail):
        m = re.fullmatch(r"(?:The\s+)?([\w&.'’ -]{2,40}?) Team", ln)
        if m:
            meta.publisher = m.group(1).strip()
            meta.provenance["publisher"] = "text sign-off"
            return
    m = re.search(r"\bour ([A-Z][\w&’'-]*(?: [A-Z][\w&’'-]*){0,3}) (?:article|blog|clinic)", text)
    if m:
        meta.publisher = m.group(1)
        meta.provenance["publisher"] = "text 'our ... article'"

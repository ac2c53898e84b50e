"""JATS XML (PubMed Central, Europe PMC, most publishers' archives) to stored text.

The XML is untrusted: it is parsed with defusedxml, which refuses entity
declarations (the billion-laughs bomb), external entities (`SYSTEM
"file:///etc/passwd"`) and external DTD loading, so no file is read and no
network is touched; any of these, or malformed XML, is one `XmlError` for this
document alone.

The front matter gives the metadata: title, authors, journal, publication
date, DOI, PMID, PMCID and trial registrations. The text is written as the
HTML parser writes a page (blocks separated by a blank line, list items and
table rows one per line, cells separated by " | "): the title, the abstract
under an "Abstract" heading with its labelled sections, then the body's
sections with their titles as headings. Extraction reads a section's type from
its heading, so a section whose title does not say its type (`sec-type="methods"`
titled "Patients and procedures") is headed with its type in front
("Methods: Patients and procedures"), and an untitled one with its type alone.
References are left out; acknowledgements, funding and notes keep their
headings, which extraction skips.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

from evidence.errors import EmptyDocumentError, XmlError
from evidence.models import DocumentMeta, RawDocument
from evidence.parse.html import TextWriter
from evidence.parse.metadata import REGISTRATION_RE, normalise_doi, text_metadata

PARSER = "evidence.parse.jats.v1"
MEDIA_TYPE = "application/jats+xml"

SECTION_TYPES = {
    "intro": "Introduction", "introduction": "Introduction", "background": "Background",
    "methods": "Methods", "materials|methods": "Methods", "materials": "Methods",
    "subjects": "Methods", "cases": "Methods", "results": "Results",
    "discussion": "Discussion", "results|discussion": "Results", "conclusions": "Conclusions",
    "conclusion": "Conclusions", "supplementary-material": "Supplementary material",
    "ethics-statement": "Ethics statement", "funding": "Funding",
    "COI-statement": "Conflicts of interest", "data-availability": "Data availability",
}
_BLOCK_CHILDREN = {"table-wrap", "fig", "list", "disp-quote", "boxed-text", "def-list",
                   "table-wrap-group", "fig-group", "disp-formula-group"}
_SKIP = {"ref-list", "object-id", "alternatives", "graphic", "media", "inline-graphic",
         "processing-meta", "supplementary-material"}
_MAX_DEPTH = 60  # nested sections and lists deeper than this hold no article text


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el: Element | None, name: str) -> Element | None:
    if el is None:
        return None
    return next((c for c in el if _local(c.tag) == name), None)


def _children(el: Element | None, name: str) -> list[Element]:
    return [c for c in el if _local(c.tag) == name] if el is not None else []


def _find(el: Element | None, *path: str) -> Element | None:
    for name in path:
        el = _child(el, name)
    return el


def element_text(el: Element | None) -> str:
    """All text inside an element, white space collapsed (inline markup dissolved)."""
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def parse_xml(raw: bytes, location: str) -> Element:
    """The root element, parsed with entities, external references and DTD loading refused."""
    import defusedxml
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(raw, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        raise XmlError("the XML declares entities (an entity-expansion bomb or an external file "
                       "reference is refused)", input=location) from exc
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden) as exc:
        raise XmlError("the XML refers to an external file or address, which is refused",
                       input=location) from exc
    except (ParseError, ValueError) as exc:
        raise XmlError(f"not well-formed XML ({exc})", input=location) from exc


def parse_jats(location: str, raw: bytes, *, url: str | None = None) -> RawDocument:
    """A JATS article: stored text, blocks, front-matter metadata, kind."""
    root = parse_xml(raw, location)
    try:
        return _article(root, location, raw, url)
    except RecursionError as exc:
        raise XmlError("the XML is nested too deeply to be an article", input=location) from exc


def _article(root: Element, location: str, raw: bytes, url: str | None) -> RawDocument:
    article = root if _local(root.tag) == "article" else next(
        (el for el in root.iter() if _local(el.tag) == "article"), None)
    if article is None:
        raise XmlError("no <article> element: not a JATS article", input=location)
    front = _child(article, "front")
    meta = front_metadata(front, url)
    w = TextWriter()
    if meta.title:
        w.block("heading", meta.title, level=1)
    if meta.authors:
        w.block("byline", ", ".join(meta.authors))
    ameta = _find(front, "article-meta")
    for abstract in _children(ameta, "abstract"):
        kind = abstract.get("abstract-type", "")
        if kind in ("graphical", "teaser", "toc", "web-summary"):
            continue
        heading = element_text(_child(abstract, "title")) or (
            "Plain language summary" if kind in ("plain-language-summary", "summary") else "Abstract")
        w.block("heading", heading, level=2)
        _walk(abstract, w, level=3, skip_title=True)
    body = _child(article, "body")
    if body is not None:
        _walk(body, w, level=2)
    back = _child(article, "back")
    if back is not None:
        _walk(back, w, level=2)
    text = w.text
    if not text.strip():
        raise EmptyDocumentError("the article has no text", input=location)
    text_metadata(text, meta)
    atype = article.get("article-type", "")
    if atype == "preprint":
        kind, reason = "preprint", "a JATS article of type 'preprint'"
    else:
        kind, reason = "journal_article", f"a JATS journal article ({atype or 'no article-type'})"
    return RawDocument(location, raw, MEDIA_TYPE, text, w.blocks, meta, kind, reason, PARSER,
                       final_url=url)


def front_metadata(front: Element | None, url: str | None = None) -> DocumentMeta:
    """Title, authors, journal, date and identifiers from <front>."""
    meta = DocumentMeta(url=url, citation_meta=True)
    jmeta = _find(front, "journal-meta")
    ameta = _find(front, "article-meta")
    journal = element_text(_find(jmeta, "journal-title-group", "journal-title")) or \
        element_text(_find(jmeta, "journal-title"))
    if journal:
        meta.publisher = journal
        meta.provenance["publisher"] = "JATS journal-title"
    title = element_text(_find(ameta, "title-group", "article-title"))
    if title:
        meta.title = title
        meta.provenance["title"] = "JATS article-title"
    authors = []
    for group in _children(ameta, "contrib-group"):
        for contrib in _children(group, "contrib"):
            if contrib.get("contrib-type", "author") != "author":
                continue
            name = _child(contrib, "name")
            if name is not None:
                given, surname = element_text(_child(name, "given-names")), element_text(_child(name, "surname"))
                authors.append(" ".join(p for p in (given, surname) if p))
            elif (collab := _child(contrib, "collab")) is not None:
                authors.append(element_text(collab))
    if authors:
        meta.authors = [a for a in authors if a]
        meta.provenance["authors"] = "JATS contrib-group"
    for aid in _children(ameta, "article-id"):
        kind, value = aid.get("pub-id-type", ""), element_text(aid)
        if kind == "doi" and value:
            meta.doi = normalise_doi(value)
            meta.provenance["doi"] = "JATS article-id"
        elif kind == "pmid" and value.isdigit():
            meta.pmid = value
            meta.provenance["pmid"] = "JATS article-id"
        elif kind in ("pmc", "pmcid", "pmcaid") and value:
            meta.pmcid = value if value.upper().startswith("PMC") else f"PMC{value}"
            meta.provenance["pmcid"] = "JATS article-id"
    meta.published = _pub_date(ameta)
    if meta.published:
        meta.provenance["published"] = "JATS pub-date"
    regs = set()
    for el in (ameta.iter() if ameta is not None else ()):
        if _local(el.tag) in ("related-object", "ext-link", "custom-meta", "kwd", "p"):
            regs.update(REGISTRATION_RE.findall(" ".join(filter(None, [
                element_text(el), el.get("document-id", ""), el.get("source-id", "")]))))
    if regs:
        meta.registrations = sorted(regs)
        meta.provenance["registrations"] = "JATS article-meta"
    return meta


def _pub_date(ameta: Element | None) -> str | None:
    """The publication date: the electronic or issue date, as precise as it is given."""
    dates = _children(ameta, "pub-date")
    order = ("epub", "pub", "ppub", "collection", "")
    dates.sort(key=lambda d: order.index(t) if (t := d.get("pub-type") or d.get("date-type") or "")
               in order else len(order))
    for d in dates:
        year = element_text(_child(d, "year"))
        if not re.fullmatch(r"\d{4}", year):
            continue
        parts = [year]
        month = element_text(_child(d, "month"))
        if month.isdigit() and 1 <= int(month) <= 12:
            parts.append(f"{int(month):02d}")
            day = element_text(_child(d, "day"))
            if day.isdigit() and 1 <= int(day) <= 31:
                parts.append(f"{int(day):02d}")
        return "-".join(parts)
    return None


def _section_heading(sec: Element) -> str | None:
    """A section's title, with its type in front when the title does not say it."""
    title = element_text(_child(sec, "title"))
    label = element_text(_child(sec, "label"))
    typed = SECTION_TYPES.get(sec.get("sec-type", ""))
    if typed and not title:
        return typed
    if typed and title and not re.match(rf"\W*{typed.split()[0][:6]}", title, re.I):
        title = f"{typed}: {title}"
    if label and title:
        return f"{label} {title}"
    return title or label or None


def _walk(root: Element, w: TextWriter, level: int, skip_title: bool = False) -> None:
    """Write the blocks under `root` in document order (iteratively: no recursion limit)."""
    stack: list[tuple[Element, int, int]] = [(c, level, 0) for c in reversed(list(root))]
    while stack:
        el, lvl, depth = stack.pop()
        name = _local(el.tag)
        if depth > _MAX_DEPTH or name in _SKIP:
            continue
        if name in ("title", "label") and skip_title:
            continue
        if name in ("sec", "ack", "app", "glossary", "notes", "fn-group", "abstract"):
            heading = _section_heading(el) if name == "sec" else element_text(_child(el, "title")) or {
                "ack": "Acknowledgements", "fn-group": "Notes", "notes": "Notes"}.get(name)
            if heading:
                w.block("heading", heading, level=min(lvl, 6))
            stack.extend((c, lvl + 1, depth + 1) for c in reversed(list(el))
                         if _local(c.tag) not in ("title", "label"))
            continue
        if name == "p":
            _paragraph(el, w, stack, lvl, depth)
            continue
        if name == "list":
            for item in _children(el, "list-item"):
                nested = [c for c in item if _local(c.tag) == "list"]
                text = " ".join(_inline(c) for c in item if _local(c.tag) == "p") or _inline(item)
                w.block("bullet", text, level=depth % 6, marker="- ", sep="\n")
                for sub in reversed(nested):
                    stack.append((sub, lvl, depth + 1))
            continue
        if name in ("table-wrap", "fig"):
            caption = " ".join(p for p in (element_text(_child(el, "label")),
                                           element_text(_child(el, "caption"))) if p)
            if caption:
                w.block("paragraph", caption)
            for table in (t for t in el.iter() if _local(t.tag) == "table"):
                w.table(_rows(table))
            continue
        if name in ("disp-quote", "boxed-text", "table-wrap-group", "fig-group", "def-list",
                    "fn", "statement"):
            stack.extend((c, lvl, depth + 1) for c in reversed(list(el)))
            continue
        if name in ("title", "label"):
            continue
        text = element_text(el)
        if text and name not in ("disp-formula", "tex-math", "math"):
            w.block("paragraph", text)


def _paragraph(el: Element, w: TextWriter, stack: list, lvl: int, depth: int) -> None:
    """A <p>: its inline text as one paragraph; tables, figures and lists inside it follow."""
    w.block("paragraph", _inline(el))
    inner = [c for c in el if _local(c.tag) in _BLOCK_CHILDREN]
    stack.extend((c, lvl, depth + 1) for c in reversed(inner))


def _inline(el: Element) -> str:
    """Text of an element without the blocks nested in it (tables, figures, lists)."""
    parts: list[str] = [el.text or ""]
    for c in el:
        if _local(c.tag) not in _BLOCK_CHILDREN:
            parts.append(_inline(c) if len(c) else (c.text or ""))
        parts.append(c.tail or "")
    return " ".join("".join(parts).split())


def _rows(table: Element) -> list[list[str]]:
    return [[element_text(cell) for cell in tr if _local(cell.tag) in ("th", "td")]
            for tr in table.iter() if _local(tr.tag) == "tr"]

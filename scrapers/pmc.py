"""Article pages of PubMed Central, Europe PMC and sites built the same way.

Why a scraper of its own: these pages carry the bibliographic facts in
`citation_*` meta tags (some in forms the generic parser does not read, such
as "2024 Mar 15"), often put the PMCID only in the address, and write
structured abstracts as bold run-in labels ("**Background:** ...") that the
generic parser would fold into the paragraph. Here the stored text is built
from the article element alone (plus the page's <head> for metadata), each
abstract label becomes a heading of its own, and the identifiers are filled
from the tags and the URL. `raw` stays the page's original bytes; block
offsets index the stored text, as everywhere.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from evidence.errors import EmptyDocumentError
from evidence.models import DocumentMeta, RawDocument
from evidence.parse import parse_html
from evidence.parse.decode import declared_html_charset, decode
from evidence.parse.kind import classify_source
from evidence.parse.metadata import MONTHS, normalise_date, normalise_doi

NAME = "pmc"
PARSER = "scrapers.pmc.v1"

_CITATION_META = re.compile(rb"<meta\b[^>]*\bname\s*=\s*[\"']?citation_", re.I)
_ABSTRACT_MARKUP = re.compile(
    rb"<(?:section|div)\b[^>]*(?:\bclass\s*=\s*[\"'][^\"']*\babstract\b|\bid\s*=\s*[\"']?abstract)",
    re.I,
)
_PMCID_IN_URL = re.compile(r"\b(PMC\d{4,9})\b", re.I)
_PMC_DATE = re.compile(r"^(\d{4})\s+([A-Za-z]{3,9})\.?(?:\s+(\d{1,2}))?\b")
_LABEL_WORDS = 6
_REFERENCE_HEADINGS = re.compile(
    r"^\s*(?:\d+\.?\s*)?(references|bibliography|literature cited|works cited|citations)\s*$", re.I
)
_KNOWN_LABELS = {
    "abstract", "aim", "aims", "background", "background and aims", "background and objectives",
    "case presentation", "clinical relevance", "conclusion", "conclusions", "context", "design",
    "discussion", "findings", "funding", "importance", "interpretation", "interventions",
    "introduction", "limitations", "main outcome measures", "main outcomes and measures",
    "material and methods", "materials and methods", "measurements", "method", "methods",
    "methods and results", "objective", "objectives", "participants", "patients", "purpose",
    "results", "setting", "study design", "summary", "trial registration",
}


def matches(url: str, body: bytes | None = None) -> bool:
    """A PMC-family host, or any page with citation_* tags and a marked-up abstract."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "pmc.ncbi.nlm.nih.gov" or host == "europepmc.org" or host.endswith(".europepmc.org"):
        return True
    if host in ("www.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov") and parts.path.startswith("/pmc/"):
        return True
    if not body:
        return False
    head = body[:500_000]
    return bool(_CITATION_META.search(head) and _ABSTRACT_MARKUP.search(head))


def parse(url: str, body: bytes, content_type: str | None) -> RawDocument:
    """Parse an article page: the article's own text with abstract labels as headings, full metadata."""
    charset = _charset(content_type)
    page = parse_html(url, body, charset=charset, url=url)  # validates the bytes; the fallback
    html = decode(body, input=url, declared=charset or declared_html_charset(body))
    soup = BeautifulSoup(html, "lxml")
    tags = _meta_tags(soup)
    cleaned = _article_html(soup)
    doc = page
    if cleaned is not None:
        try:
            doc = parse_html(url, cleaned.encode("utf-8"), charset="utf-8", url=url)
        except EmptyDocumentError:
            doc = page
        doc.raw = body
    _fill_meta(doc.meta, tags, url)
    _drop_cited_identifiers(doc)
    doc.kind, doc.kind_reason = classify_source(doc.text, doc.meta, url)
    doc.parser = f"{PARSER}+{doc.parser}"
    return doc


def _charset(content_type: str | None) -> str | None:
    if content_type and "charset=" in content_type.lower():
        return content_type.lower().split("charset=")[1].split(";")[0].strip(" \"'") or None
    return None


# --- stored text ---------------------------------------------------------------


def _is_abstract(tag: Tag) -> bool:
    if tag.name not in ("section", "div"):
        return False
    classes = [c.lower() for c in (tag.get("class") or [])]
    ident = str(tag.get("id") or "").lower()
    return "abstract" in classes or ident.startswith("abstract")


def _article_html(soup: BeautifulSoup) -> str | None:
    """A small page: the original <head> and the article element, abstract labels as headings.

    Abstracts that sit outside the article element are put in front of it; a
    page without an article element keeps its whole body.
    """
    article = (
        soup.find("article")
        or soup.find("main")
        or soup.find(attrs={"role": "main"})
        or soup.find(id=re.compile(r"^(main-?content|maincontent)$", re.I))
        or soup.body
    )
    if not isinstance(article, Tag):
        return None
    outside = [a for a in soup.find_all(_is_abstract)
               if article not in a.parents and a is not article]
    outside = [a for a in outside if not any(o in a.parents for o in outside)]
    for abstract in [*outside, *article.find_all(_is_abstract)]:
        _label_headings(soup, abstract)
    head = str(soup.head) if soup.head else ""
    parts = "".join(str(a) for a in outside) + str(article)
    return f"<!DOCTYPE html><html>{head}<body>{parts}</body></html>"


def _heading_level(container: Tag) -> int:
    first = container.find(re.compile(r"^h[1-6]$"))
    if isinstance(first, Tag):
        return min(int(first.name[1]) + 1, 6)
    return 3


def _label_headings(soup: BeautifulSoup, abstract: Tag) -> None:
    """Turn run-in labels (`<p><strong>Methods:</strong> ...`) into headings before their paragraph."""
    level = _heading_level(abstract)
    for p in abstract.find_all("p"):
        lead = _first_content(p)
        if not isinstance(lead, Tag) or lead.name not in ("strong", "b", "span", "em"):
            continue
        if lead.name in ("span", "em") and "label" not in " ".join(lead.get("class") or []).lower():
            continue
        raw_label = lead.get_text(" ", strip=True)
        label = raw_label.rstrip(":.—–- ").strip()
        after = lead.next_sibling
        colon_after = isinstance(after, NavigableString) and str(after).lstrip().startswith(":")
        if not label or len(label.split()) > _LABEL_WORDS or len(label) > 60:
            continue
        if not (raw_label.endswith((":", ".")) or colon_after or label.lower() in _KNOWN_LABELS):
            continue
        if label.lower() == "keywords":
            continue
        heading = soup.new_tag(f"h{level}")
        heading.string = label
        lead.extract()
        if colon_after and isinstance(after, NavigableString):
            after.replace_with(str(after).lstrip()[1:].lstrip())
        p.insert_before(heading)
        if not p.get_text(strip=True):
            p.decompose()


def _first_content(p: Tag) -> Tag | NavigableString | None:
    for child in p.children:
        if isinstance(child, NavigableString) and not str(child).strip():
            continue
        return child if isinstance(child, Tag | NavigableString) else None
    return None


# --- metadata --------------------------------------------------------------------


def _meta_tags(soup: BeautifulSoup) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for m in soup.find_all("meta"):
        key = str(m.get("name") or m.get("property") or "").strip().lower()
        content = m.get("content")
        if key and content and str(content).strip():
            tags.setdefault(key, []).append(str(content).strip())
    return tags


def pmc_date(value: str | None) -> str | None:
    """ISO date from the forms these pages use: "2024 Mar 15", "2024 Mar", "2024/03/15", ..."""
    if not value:
        return None
    m = _PMC_DATE.match(value.strip())
    if m and m.group(2).lower() in MONTHS:
        month = MONTHS[m.group(2).lower()]
        day = m.group(3)
        return f"{m.group(1)}-{month:02d}-{int(day):02d}" if day else f"{m.group(1)}-{month:02d}"
    return normalise_date(value)


def _fill_meta(meta: DocumentMeta, tags: dict[str, list[str]], url: str) -> None:
    """Make sure the identifiers and bibliographic fields the tags and the URL give are set."""

    def first(*keys: str) -> str | None:
        for k in keys:
            if tags.get(k):
                return tags[k][0]
        return None

    meta.citation_meta = meta.citation_meta or any(k.startswith("citation_") for k in tags)
    title = first("citation_title", "dc.title")
    if title and not meta.title:
        meta.title, meta.provenance["title"] = title, "meta citation_title"
    authors = tags.get("citation_author") or []
    if not authors and first("citation_authors"):
        authors = [a.strip() for a in re.split(r"\s*;\s*", first("citation_authors") or "") if a.strip()]
    if authors:
        meta.authors, meta.provenance["authors"] = authors, "meta citation_author"
    journal = first("citation_journal_title")
    if journal:
        meta.publisher, meta.provenance["publisher"] = journal, "meta citation_journal_title"
    date = None
    for key in ("citation_publication_date", "citation_date", "citation_online_date", "dc.date"):
        date = pmc_date(first(key))
        if date:
            meta.published, meta.provenance["published"] = date, f"meta {key}"
            break
    doi = first("citation_doi", "dc.identifier", "prism.doi")
    if doi and re.search(r"10\.\d{4,9}/", doi):
        meta.doi, meta.provenance["doi"] = normalise_doi(doi), "meta citation_doi"
    elif meta.doi:
        meta.doi = meta.doi.lower()
    pmid = first("citation_pmid")
    if pmid and pmid.strip().isdigit():
        meta.pmid, meta.provenance["pmid"] = pmid.strip(), "meta citation_pmid"
    tagged = first("citation_pmcid", "ncbi_pmcid", "citation_pmc_id")
    from_url = _PMCID_IN_URL.search(urlsplit(url).path)
    if tagged:
        value = tagged.strip().upper()
        meta.pmcid = value if value.startswith("PMC") else f"PMC{value}"
        meta.provenance["pmcid"] = "meta ncbi_pmcid/citation_pmcid"
    elif from_url:
        meta.pmcid, meta.provenance["pmcid"] = from_url.group(1).upper(), "url"
    if not meta.url:
        meta.url, meta.provenance["url"] = url, "fetched url"


def _drop_cited_identifiers(doc: RawDocument) -> None:
    """Forget an identifier the text parser found only in the reference list: it is a cited paper's.

    The article's own identifiers come from its tags and address; a PMCID, PMID
    or DOI first seen under "References" belongs to someone else.
    """
    refs = next((b.start for b in doc.blocks if b.kind == "heading"
                 and _REFERENCE_HEADINGS.match(doc.text[b.body_start:b.end])), None)
    if refs is None:
        return
    for name in ("pmcid", "pmid", "doi"):
        value = getattr(doc.meta, name)
        if not value or not doc.meta.provenance.get(name, "").startswith("text"):
            continue
        first = doc.text.lower().find(value.lower())
        if first == -1 or first >= refs:
            setattr(doc.meta, name, None)
            doc.meta.provenance.pop(name, None)

"""Ingest by identifier: `doi:`, `pmid:`, `pmcid:` and `nct:` inputs (and a bare
`10.xxxx/...` or `NCT01234567`) resolved to documents through the literature services.

- A paper: Europe PMC's REST search finds the record; its open-access full text
  (JATS XML) is read when there is one, else the title, authors, journal and
  abstract the record carries. When Europe PMC does not know the identifier or
  cannot be reached, NCBI E-utilities is asked (PubMed for an abstract, PMC for
  full text), at most 3 requests a second, 10 with `NCBI_API_KEY`. A DOI
  neither knows is looked up in Crossref, which has the metadata (and sometimes
  an abstract) of every registered DOI.
- A trial registration: the ClinicalTrials.gov API v2 record, read as a
  registry page with its study facts (see `evidence.parse.registry`).

Every request goes through the `Fetcher` (robots.txt, politeness, cache, size
limits); the services' base URLs come from `ApiSettings`, so they can point at
a mirror or a local server. An identifier no service knows raises
`UnknownIdentifier` naming it; nothing is stored.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from evidence.errors import (
    EvidenceError,
    FetchError,
    HTTPStatusError,
    IdentifierError,
    InputError,
    UnknownIdentifier,
)
from evidence.fetch import Fetcher
from evidence.models import DocumentMeta, RawDocument
from evidence.parse.metadata import normalise_doi
from evidence.settings import ApiSettings

__all__ = ["Identifier", "identity_key", "is_identifier", "parse_identifier", "resolve"]

SCHEMES = ("doi", "pmid", "pmcid", "nct")
_FORMS = {
    "doi": re.compile(r"10\.\d{4,9}/\S+"),
    "pmid": re.compile(r"\d{1,9}"),
    "pmcid": re.compile(r"(?:PMC)?\d{1,9}", re.I),
    "nct": re.compile(r"NCT\d{8}", re.I),
}
_PREFIX = re.compile(r"^(doi|pmid|pmcid|nct)\s*:\s*(.*)$", re.I)
_BARE_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.I)
_BARE_NCT = re.compile(r"^NCT\d{8}$", re.I)
NCBI_RATE = 3.0  # requests per second without an API key
NCBI_RATE_WITH_KEY = 10.0


@dataclass(frozen=True)
class Identifier:
    scheme: str  # doi | pmid | pmcid | nct
    value: str  # normalised: DOI lower case, PMCID with "PMC", NCT upper case

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


def parse_identifier(text: str) -> Identifier | None:
    """The identifier an input names, None when it names none (a path or a URL).

    A prefixed form that does not hold a valid identifier raises IdentifierError;
    a bare DOI or NCT number counts only when no file of that name exists."""
    s = text.strip()
    m = _PREFIX.match(s)
    if m:
        scheme, value = m.group(1).lower(), m.group(2).strip()
        if scheme == "doi":
            value = _BARE_DOI.sub(r"\1", value)
        if not _FORMS[scheme].fullmatch(value):
            raise IdentifierError(f"not a valid {scheme.upper()}: {value!r}", input=text)
        return Identifier(scheme, _normalise(scheme, value))
    if Path(s).exists():
        return None
    if _BARE_NCT.match(s):
        return Identifier("nct", s.upper())
    m = _BARE_DOI.match(s)
    if m:
        return Identifier("doi", normalise_doi(m.group(1)))
    return None


def is_identifier(text: str) -> bool:
    """Whether an input is meant as an identifier (a malformed `doi:` still is)."""
    try:
        return parse_identifier(text) is not None
    except IdentifierError:
        return True


def _normalise(scheme: str, value: str) -> str:
    if scheme == "doi":
        return normalise_doi(value)
    if scheme == "pmcid":
        return "PMC" + value.upper().removeprefix("PMC")
    if scheme == "nct":
        return value.upper()
    return value.lstrip("0") or "0"


def identity_key(doc: RawDocument, ident: Identifier) -> str:
    """A document found by identifier is the same source whichever of its identifiers was
    given: its DOI, else its PMID, PMCID or the identifier itself."""
    m = doc.meta
    if ident.scheme == "nct":
        return f"id:nct:{ident.value}"
    if m.doi:
        return f"id:doi:{m.doi}"
    if m.pmid:
        return f"id:pmid:{m.pmid}"
    if m.pmcid:
        return f"id:pmcid:{m.pmcid}"
    return f"id:{ident}"


# --- resolution ------------------------------------------------------------------


class _Resolver:
    def __init__(self, ident: Identifier, fetcher: Fetcher, apis: ApiSettings, location: str):
        self.ident = ident
        self.fetcher = fetcher
        self.apis = apis
        self.location = location
        self.asked: list[str] = []
        self.failed: EvidenceError | None = None  # why a service could not answer
        rate = NCBI_RATE_WITH_KEY if apis.ncbi_api_key else NCBI_RATE
        fetcher.pace(apis.eutils + "/", 1.0 / rate)

    def get(self, service: str, url: str) -> bytes | None:
        """The body, or None when the service answers 404 (it does not know the identifier)."""
        if service not in self.asked:
            self.asked.append(service)
        try:
            return self.fetcher.get(url).body
        except HTTPStatusError as exc:
            if re.search(r"\bHTTP 404\b", exc.message):
                return None
            raise FetchError(f"{service} failed: {exc.message}", input=self.location,
                             hint=exc.hint) from exc
        except FetchError as exc:
            raise type(exc)(f"{service}: {exc.message}", input=self.location) from exc

    def unknown(self) -> UnknownIdentifier:
        where = ", ".join(self.asked) or "no service"
        return UnknownIdentifier(f"not known to {where}; nothing was stored",
                                 input=self.location)

    def finish(self, doc: RawDocument) -> RawDocument:
        doc.location = self.location
        doc.meta.identifier = str(self.ident)
        doc.meta.retrieved_from = list(self.asked)
        return doc


def resolve(text: str, fetcher: Fetcher, apis: ApiSettings | None = None) -> RawDocument:
    """The document an identifier input names, fetched and parsed."""
    ident = parse_identifier(text)
    if ident is None:
        raise IdentifierError("not an identifier", input=text)
    r = _Resolver(ident, fetcher, apis or ApiSettings(), text)
    if ident.scheme == "nct":
        return r.finish(_clinicaltrials(r))
    doc = None
    try:
        doc = _europepmc(r)
    except (FetchError, InputError) as exc:
        r.failed = exc  # reported if no other service knows the identifier either
    if doc is None:
        try:
            doc = _ncbi(r)
        except (FetchError, InputError) as exc:
            if ident.scheme != "doi":
                raise
            r.failed = r.failed or exc  # Crossref may still know the DOI
    if doc is None and ident.scheme == "doi":
        doc = _crossref(r)
    if doc is None:
        if r.failed is not None and not isinstance(r.failed, UnknownIdentifier):
            raise r.failed
        raise r.unknown()
    return r.finish(doc)


# --- ClinicalTrials.gov ------------------------------------------------------------


def _clinicaltrials(r: _Resolver) -> RawDocument:
    from evidence.parse.registry import registry_document

    url = f"{r.apis.clinicaltrials}/studies/{r.ident.value}?format=json"
    body = r.get("ClinicalTrials.gov", url)
    if body is None:
        raise r.unknown()
    return registry_document(r.location, body,
                             url=f"https://clinicaltrials.gov/study/{r.ident.value}")


# --- Europe PMC ---------------------------------------------------------------------


def _europepmc(r: _Resolver) -> RawDocument | None:
    field = {"doi": "DOI", "pmid": "EXT_ID", "pmcid": "PMCID"}[r.ident.scheme]
    query = f'{field}:"{r.ident.value}"' + (" AND SRC:MED" if r.ident.scheme == "pmid" else "")
    url = f"{r.apis.europepmc}/search?" + urlencode(
        {"query": query, "format": "json", "resultType": "core", "pageSize": "1"})
    body = r.get("Europe PMC", url)
    if body is None:
        return None
    try:
        hits = json.loads(body).get("resultList", {}).get("result", [])
    except (ValueError, AttributeError) as exc:
        raise FetchError("Europe PMC sent an answer that is not its JSON", input=r.location) from exc
    if not hits:
        return None
    hit = hits[0]
    pmcid = hit.get("pmcid")
    if pmcid and (hit.get("isOpenAccess") == "Y" or hit.get("inEPMC") == "Y"):
        xml = r.get("Europe PMC", f"{r.apis.europepmc}/{pmcid}/fullTextXML")
        if xml:
            from evidence.parse.jats import parse_jats

            doc = parse_jats(r.location, xml, url=f"https://europepmc.org/article/PMC/{pmcid}")
            _fill_from_record(doc.meta, hit)
            return doc
    landing = f"https://europepmc.org/article/{hit.get('source', 'MED')}/{hit.get('id', '')}"
    return _abstract_document(r.location, body, landing, _record_meta(hit),
                              hit.get("abstractText") or "")


def _record_meta(hit: dict[str, Any]) -> DocumentMeta:
    meta = DocumentMeta(citation_meta=True)
    _fill_from_record(meta, hit)
    return meta


def _fill_from_record(meta: DocumentMeta, hit: dict[str, Any]) -> None:
    """What a Europe PMC record states, where the document itself said nothing."""
    journal = ((hit.get("journalInfo") or {}).get("journal") or {}).get("title")
    authors = [a.get("fullName") or " ".join(filter(None, [a.get("firstName"), a.get("lastName")]))
               for a in (hit.get("authorList") or {}).get("author", []) if isinstance(a, dict)]
    values = {"title": _plain(hit.get("title") or ""), "publisher": journal,
              "doi": normalise_doi(hit["doi"]) if hit.get("doi") else None,
              "pmid": hit.get("pmid"), "pmcid": hit.get("pmcid"),
              "published": hit.get("firstPublicationDate") or hit.get("pubYear"),
              "authors": [a for a in authors if a]}
    for name, value in values.items():
        if value and not getattr(meta, name):
            setattr(meta, name, value)
            meta.provenance[name] = "Europe PMC record"


def _plain(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text).split()).rstrip(".")


def _abstract_document(location: str, raw: bytes, url: str, meta: DocumentMeta,
                       abstract_html: str, extra: list[tuple[str, str]] | None = None) -> RawDocument:
    """A record without full text: its title, authors, journal line and abstract, as a page."""
    from evidence.parse import parse_html

    parts = [f"<h1>{html.escape(meta.title or '')}</h1>"]
    if meta.authors:
        parts.append(f"<p>{html.escape(', '.join(meta.authors))}</p>")
    cite = ". ".join(p for p in [meta.publisher, meta.published,
                                 f"doi:{meta.doi}" if meta.doi else None,
                                 f"PMID: {meta.pmid}" if meta.pmid else None,
                                 meta.pmcid] if p)
    if cite:
        parts.append(f"<p>{html.escape(cite)}</p>")
    parts.append("<h2>Abstract</h2>")
    for label, text in extra or []:
        parts.append(f"<h3>{html.escape(label)}</h3>" if label else "")
        parts.append(f"<p>{html.escape(text)}</p>")
    if abstract_html:
        parts.append(_safe_abstract(abstract_html))
    page = "<html><body><article>" + "".join(parts) + "</article></body></html>"
    doc = parse_html(location, page.encode("utf-8"), charset="utf-8", url=url)
    for name in ("title", "authors", "publisher", "published", "doi", "pmid", "pmcid"):
        if getattr(meta, name):
            setattr(doc.meta, name, getattr(meta, name))
            doc.meta.provenance[name] = meta.provenance.get(name, "record")
    doc.meta.citation_meta = True
    doc.raw = raw
    doc.media_type = "application/json" if raw[:1] in (b"{", b"[") else "application/xml"
    if doc.kind not in ("journal_article", "preprint", "paper_summary"):
        doc.kind, doc.kind_reason = "journal_article", "a literature database record"
    return doc


def _safe_abstract(abstract_html: str) -> str:
    """An abstract's own markup reduced to headings and paragraphs (the HTML parser drops the rest)."""
    text = re.sub(r"(?i)<(/?)h[1-6][^>]*>", r"<\1h3>", abstract_html)
    return re.sub(r"(?i)<(?!/?(h3|p|b|i|sup|sub|br)\b)[^>]*>", " ", text)


# --- NCBI E-utilities --------------------------------------------------------------------


def _eutils(r: _Resolver, tool: str, params: dict[str, str]) -> bytes | None:
    if r.apis.ncbi_api_key:
        params = {**params, "api_key": r.apis.ncbi_api_key}
    return r.get("NCBI E-utilities", f"{r.apis.eutils}/{tool}.fcgi?" + urlencode(params))


def _ncbi(r: _Resolver) -> RawDocument | None:
    if r.ident.scheme == "pmcid":
        body = _eutils(r, "efetch", {"db": "pmc", "id": r.ident.value.removeprefix("PMC")})
        if not body or b"<article" not in body:
            return None
        from evidence.parse.jats import parse_jats

        return parse_jats(r.location, body,
                          url=f"https://pmc.ncbi.nlm.nih.gov/articles/{r.ident.value}/")
    pmid = r.ident.value if r.ident.scheme == "pmid" else None
    if pmid is None:
        found = _eutils(r, "esearch", {"db": "pubmed", "term": f"{r.ident.value}[doi]",
                                       "retmode": "json"})
        try:
            ids = json.loads(found or b"{}").get("esearchresult", {}).get("idlist", [])
        except ValueError:
            ids = []
        if not ids:
            return None
        pmid = str(ids[0])
    body = _eutils(r, "efetch", {"db": "pubmed", "id": pmid, "retmode": "xml"})
    if not body:
        return None
    return _pubmed_document(r, body, pmid)


def _pubmed_document(r: _Resolver, body: bytes, pmid: str) -> RawDocument | None:
    """A PubMed record (efetch XML): title, authors, journal, date, identifiers, abstract."""
    from evidence.parse.jats import element_text as text
    from evidence.parse.jats import parse_xml

    root = parse_xml(body, r.location)
    art = next((el for el in root.iter() if el.tag == "PubmedArticle"), None)
    if art is None:
        return None

    meta = DocumentMeta(citation_meta=True, pmid=pmid)
    meta.title = text(art.find(".//ArticleTitle")).rstrip(".") or None
    meta.publisher = text(art.find(".//Journal/Title")) or None
    names = []
    for a in art.findall(".//AuthorList/Author"):
        name = " ".join(p for p in (text(a.find("ForeName")), text(a.find("LastName"))) if p)
        names.append(name or text(a.find("CollectiveName")))
    meta.authors = [n for n in names if n]
    year = text(art.find(".//Journal/JournalIssue/PubDate/Year"))
    meta.published = year or None
    for aid in art.findall(".//ArticleIdList/ArticleId"):
        kind = aid.get("IdType")
        if kind == "doi":
            meta.doi = normalise_doi(text(aid))
        elif kind == "pmc":
            meta.pmcid = text(aid)
    for name in ("title", "publisher", "authors", "published", "doi", "pmid", "pmcid"):
        if getattr(meta, name):
            meta.provenance[name] = "PubMed record"
    sections = [(el.get("Label") or "", text(el)) for el in art.findall(".//Abstract/AbstractText")]
    return _abstract_document(r.location, body, f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/", meta, "",
                              sections)


# --- Crossref ----------------------------------------------------------------------------


def _crossref(r: _Resolver) -> RawDocument | None:
    body = r.get("Crossref", f"{r.apis.crossref}/works/{quote(r.ident.value, safe='/')}")
    if body is None:
        return None
    try:
        msg = json.loads(body)["message"]
    except (ValueError, KeyError, TypeError) as exc:
        raise FetchError("Crossref sent an answer that is not its JSON", input=r.location) from exc
    meta = DocumentMeta(citation_meta=True, doi=r.ident.value)
    meta.title = _plain((msg.get("title") or [""])[0]) or None
    meta.publisher = (msg.get("container-title") or [None])[0] or msg.get("publisher")
    meta.authors = [" ".join(p for p in (a.get("given"), a.get("family")) if p) or a.get("name", "")
                    for a in msg.get("author") or [] if isinstance(a, dict)]
    parts = ((msg.get("published") or msg.get("issued") or {}).get("date-parts") or [[None]])[0]
    if parts and parts[0]:
        meta.published = "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(parts))
    for name in ("title", "publisher", "authors", "published", "doi"):
        if getattr(meta, name):
            meta.provenance[name] = "Crossref record"
    abstract = msg.get("abstract") or ""
    abstract = re.sub(r"</?jats:(title)[^>]*>", lambda m: m.group(0).replace("jats:title", "h3"),
                      abstract)
    abstract = re.sub(r"<(/?)jats:p\b[^>]*>", r"<\1p>", abstract)
    return _abstract_document(r.location, body, f"https://doi.org/{r.ident.value}", meta, abstract)

"""Bibliographic metadata: HTML meta tags, JSON-LD, and the text itself.

Precedence (first wins): `citation_*` / Dublin Core tags, JSON-LD, Open Graph,
then what the text says (a `# Title`, an `**Authors:**` line, a `DOI: ...` line,
a `PMC · DOI: ... · Journal · 2026-01-28` byline). Every field records where it
was found in `DocumentMeta.provenance`.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

from bs4 import BeautifulSoup

from evidence.models import DocumentMeta
from evidence.parse.title import CITATION_LINE

# a DOI's registrant and suffix, not ending on the stop or bracket after it
_DOI_BODY = r"\d{4,9}/[^\s\"'<>·|,;]+[^\s\"'<>·|,;.)\]]"
# the rest of a DOI a copy broke after a dot ("doi:10.1371/journal. pone.0162769", or the
# same over a line break): a run of letters, dots and digits that holds a digit
_DOI_TAIL = re.compile(r"\.\s{1,3}([a-z][a-z.]*\d[\w.]*\w)")
# a labelled DOI broken after its "10." ("DOI: 10.\n\n1002/ptr.3360")
_DOI_BROKEN_PREFIX = re.compile(rf"\bdoi:?\s*10\.\s{{1,3}}({_DOI_BODY})", re.I)
DOI_RE = re.compile(rf"\b(10\.{_DOI_BODY})", re.I)
PMCID_RE = re.compile(r"\bPMC\d{5,9}\b")
PMID_RE = re.compile(r"\bPMID:?\s*(\d{5,9})\b", re.I)
REGISTRATION_RE = re.compile(
    r"\b(NCT\d{8}|IRCT\d{6,}N?\d*|ISRCTN\d{8}|ACTRN\d{14}|ChiCTR[-\w]{6,}|EUCTR[-\w]{8,}|"
    r"EudraCT\s?\d{4}-\d{6}-\d{2}|DRKS\d{8}|CTRI/\d{4}/\d{2,3}/\d{6}|KCT\d{7}|jRCT\w{8,})\b"
)  # every registration holds "CT" but DRKS ones
_FIVE_DIGITS = re.compile(r"\d{5}")  # what a PMID holds
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9


def normalise_doi(doi: str) -> str:
    doi = doi.strip()
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.I)
    # a page's next word glued to the DOI by a lost line break ("...11.036Get rights")
    doi = _GLUED_WORD.sub("", doi)
    return doi.rstrip(".,;").lower()


_GLUED_WORD = re.compile(r"(?<=\d)[A-Z][a-z]{2,}$")


_WEEKDAY = re.compile(r"^(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\.?,?\s+", re.I)
_DATE_INSIDE = re.compile(
    r"\b(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|"
    r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b")


def normalise_date(s: str | None) -> str | None:
    """ISO `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`) from the common ways dates are written; a
    weekday before the date, or words around it ("Updated on 4 March 2025"), are skipped."""
    if not s:
        return None
    s = _WEEKDAY.sub("", s.strip())
    found = _normalise_date(s)
    if found is None and (m := _DATE_INSIDE.search(s)) and m.start() > 0:
        found = _normalise_date(m.group(1))
    return found


def _normalise_date(s: str) -> str | None:
    m = re.match(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?", s)
    if m:
        y, mo, d = m.group(1), int(m.group(2)), m.group(3)
        if not 1 <= mo <= 12:
            return y
        return f"{y}-{mo:02d}-{int(d):02d}" if d and 1 <= int(d) <= 31 else f"{y}-{mo:02d}"
    m = re.match(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})", s)
    if m and m.group(2).lower() in MONTHS:
        return f"{m.group(3)}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    m = re.match(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", s)
    if m and m.group(1).lower() in MONTHS:
        return f"{m.group(3)}-{MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}"
    m = re.match(r"^([A-Za-z]+)\.?\s+(\d{4})$", s)
    if m and m.group(1).lower() in MONTHS:
        return f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}"
    # "2024 Mar", "2023 Nov 20": year first, as citation lines write it
    m = re.match(r"^(\d{4})\s+([A-Za-z]+)\.?(?:\s+(\d{1,2}))?\b", s)
    if m and m.group(2).lower() in MONTHS:
        mo = MONTHS[m.group(2).lower()]
        d = m.group(3)
        return f"{m.group(1)}-{mo:02d}-{int(d):02d}" if d and 1 <= int(d) <= 31 \
            else f"{m.group(1)}-{mo:02d}"
    m = re.match(r"^(\d{4})$", s)
    return m.group(1) if m else None


def _set(meta: DocumentMeta, field_name: str, value: object, where: str) -> None:
    """Set a field not set yet; a date found later that tells the same year or month more
    precisely ("2020" then "2020-01-15") refines it."""
    if value in (None, "", []):
        return
    current = getattr(meta, field_name)
    if current in (None, "", []) or (
            field_name == "published" and isinstance(current, str) and isinstance(value, str)
            and len(value) > len(current) and value.startswith(current + "-")):
        setattr(meta, field_name, value)
        meta.provenance[field_name] = where


def issue_date(head: str) -> str | None:
    """The date printed beside a journal issue ("Volume 11 - 2019", "3(3): 166-169, 2017
    Aug", "Journal, 2020, № 2"): a paper's date, where its page gives no other. A page
    citing a paper prints the same, so it dates a paper, never the page. Of the years on the issue's line, the one nearest its number; a year elsewhere in the
    text (a study period, a search's end) says nothing of when the paper came out."""
    for m in _VOLUME.finditer(head):
        line_start = head.rfind("\n", 0, m.start()) + 1
        if line_start > 0:  # "Science 11 Jun 2021:" above "Vol. 372, Issue 6547": one header
            above = head.rfind("\n", 0, line_start - 1) + 1
            if len(head[above:line_start].strip()) <= _HEADER_ABOVE:
                line_start = above
        line_end = head.find("\n", m.end())
        line_end = len(head) if line_end < 0 else line_end
        lo, hi = max(line_start, m.start() - _VOLUME_REACH), min(line_end, m.end() + _VOLUME_REACH)
        years = [y for y in _MONTH_YEAR.finditer(head, lo, hi)
                 if not (m.start() <= y.start(1) < m.end())]
        if years:
            near = min(years, key=lambda y: min(abs(y.start(1) - m.start()),
                                                abs(y.start(1) - m.end())))
            return normalise_date(near.group(0).strip()) or near.group(1)
    return None


def _split_authors(s: str) -> list[str]:
    s = re.sub(r"\s+and\s+", ", ", s.strip())
    parts = [p.strip(" .*") for p in re.split(r"\s*[;,]\s*", s) if p.strip(" .*")]
    return [p for p in parts if len(p) > 1 and not re.search(r"\d", p)]


# --- HTML ------------------------------------------------------------------


def html_metadata(soup: BeautifulSoup, url: str | None = None) -> DocumentMeta:
    meta = DocumentMeta(url=url)
    tags: dict[str, list[str]] = {}
    for m in soup.find_all("meta"):
        key = (m.get("name") or m.get("property") or m.get("itemprop") or "").strip().lower()
        content = m.get("content")
        if key and content:
            tags.setdefault(key, []).append(str(content).strip())

    def first(*keys: str) -> str | None:
        for k in keys:
            if tags.get(k):
                return tags[k][0]
        return None

    if any(k.startswith("citation_") for k in tags):
        meta.citation_meta = True
    _set(meta, "title", first("citation_title", "dc.title"), "meta citation_title")
    authors = tags.get("citation_author") or tags.get("dc.creator") or []
    _set(meta, "authors", [a for a in authors if a], "meta citation_author")
    _set(meta, "publisher", first("citation_journal_title", "citation_publisher", "dc.publisher"),
         "meta citation_journal_title")
    _set(meta, "published", normalise_date(first(
        "citation_publication_date", "citation_date", "citation_online_date", "dc.date",
        "article:published_time", "dcterms.date", "dcterms.issued", "dcterms.created", "date",
        "pubdate")), "meta date")
    doi = first("citation_doi", "dc.identifier", "prism.doi")
    if doi and DOI_RE.search(doi):
        _set(meta, "doi", normalise_doi(DOI_RE.search(doi).group(1)), "meta citation_doi")
    _set(meta, "pmid", first("citation_pmid"), "meta citation_pmid")
    pmcid = first("citation_pmcid", "ncbi_pmcid")
    if pmcid:
        _set(meta, "pmcid", pmcid if pmcid.upper().startswith("PMC") else f"PMC{pmcid}",
             "meta citation_pmcid")
    _jsonld(soup, meta)
    # a page's first <time datetime> inside its article or main content: when it was published
    box = soup.find("article") or soup.find("main")
    stamp = box.find("time", attrs={"datetime": True}) if box else None
    if stamp is not None:
        _set(meta, "published", normalise_date(str(stamp["datetime"])), "<time datetime>")
    _set(meta, "title", first("og:title", "twitter:title"), "meta og:title")
    _set(meta, "site", first("og:site_name", "application-name"), "meta og:site_name")
    _set(meta, "og_type", first("og:type"), "meta og:type")
    _set(meta, "authors", tags.get("article:author") or tags.get("author") or [], "meta author")
    _set(meta, "url", first("og:url"), "meta og:url")
    link = soup.find("link", rel="canonical")
    if link and link.get("href"):
        _set(meta, "url", str(link["href"]), "link canonical")
    h1 = soup.find("h1")
    heading = h1.get_text(" ", strip=True) if h1 else ""
    if soup.title and soup.title.string:
        tag = " ".join(soup.title.string.split())
        page, sep, _site_name = tag.rpartition(" | ") if " | " in tag else \
            next((tag.rpartition(d) for d in (" – ", " — ", " - ") if d in tag), ("", "", ""))
        if sep and heading and len(heading) >= len(page) * 0.5:
            # "Page | Site": the page's own heading names it without the site
            _set(meta, "title", heading, "<h1> (the <title> adds the site's name)")
        elif sep and len(_site_name.split()) <= 6 and len(page.split()) >= 2:
            _set(meta, "title", page, "<title> without the site's name")
        _set(meta, "title", tag, "<title>")
    if heading:
        _set(meta, "title", heading, "<h1>")
    if not meta.site and meta.url:
        host = urlparse(meta.url).hostname
        _set(meta, "site", host, "url host")
    _set(meta, "publisher", meta.site, meta.provenance.get("site", "site"))
    return meta


def _jsonld(soup: BeautifulSoup, meta: DocumentMeta) -> None:
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError, RecursionError):  # nesting past the parser's stack
            continue
        for item in _jsonld_items(data):
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            meta.jsonld_types.extend(str(t) for t in types if t)
            _set(meta, "title", item.get("headline") or item.get("name")
                 if any(t and "Article" in str(t) for t in types) else None, "json-ld headline")
            auth = item.get("author")
            names = []
            for a in auth if isinstance(auth, list) else [auth]:
                if isinstance(a, dict) and a.get("name"):
                    names.append(str(a["name"]))
                elif isinstance(a, str):
                    names.append(a)
            _set(meta, "authors", names, "json-ld author")
            _set(meta, "published", normalise_date(str(item.get("datePublished") or "")),
                 "json-ld datePublished")
            pub = item.get("publisher")
            if isinstance(pub, dict):
                _set(meta, "publisher", pub.get("name"), "json-ld publisher")
            ident = item.get("identifier") or item.get("sameAs")
            for v in ident if isinstance(ident, list) else [ident]:
                v = v.get("value") if isinstance(v, dict) else v
                if isinstance(v, str) and DOI_RE.search(v):
                    _set(meta, "doi", normalise_doi(DOI_RE.search(v).group(1)), "json-ld identifier")


JSONLD_DEPTH = 8  # lists and @graphs nested deeper than this hold no metadata anyone writes


def _jsonld_items(data: object) -> list[dict]:
    """The objects of a JSON-LD block, in order: through lists and `@graph`, iteratively and
    only JSONLD_DEPTH levels down, so hostile nesting costs neither stack nor time."""
    out: list[dict] = []
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > JSONLD_DEPTH:
            continue
        if isinstance(node, list):
            stack.extend((d, depth + 1) for d in reversed(node))
        elif isinstance(node, dict):
            if "@graph" in node:
                stack.append((node["@graph"], depth + 1))
            else:
                out.append(node)
    return out


# --- text ------------------------------------------------------------------

_BYLINE_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})\b")


# a research portal's record of a paper: "Publication statusPublished - 26 Jul 2022",
# "StatePublished - Mar 2010", "Publication status: Published - 2004" (labels glued to values)
_PORTAL_STATUS = re.compile(r"(?i)(?:publication\s*status|\bstatus|\bstate)\s*:?\s*published"
                            r"(?:\s+or\s+issued)?\s*[-–:]\s*([^\n]{4,20})")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# the record's own reference in author-date style, opening the page: "Hobson, R. M.,
# Saunders, B., ... (2012). Effects of ..."
_AUTHOR_DATE_HEAD = re.compile(r"(?m)^\s*[A-Z][\w'’-]+,\s+(?:[A-Z]\.\s*){1,3},?[^\n]{0,400}?"
                               r"\(((?:19|20)\d{2})\)\.")
AUTHOR_DATE_HEAD = 800  # characters: where a record prints its own reference
JOURNAL_DATE_HEAD = 800  # characters: where a journal's line with the issue's date stands
# what opens a dated line that is not a journal's: a month, or a manuscript's history
_NOT_A_JOURNAL = frozenset(MONTHS) | {"received", "accepted", "revised", "submitted"}
# ("Published online by Cambridge University Press: 19 March 2018", "Epub ahead of print
# Apr 4, 2017": the publisher's name may stand before the colon, and an Epub's needs none)
_PUBLISHED_ONLINE = re.compile(
    r"\b(?:(?:published(?: online)?|first published)(?: by [^:\n]{3,60})?\s*:|"
    r"epub(?: ahead of print)?\s*:?)\s*"
    r"(\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{4}-\d{2}-\d{2})", re.I)
# a journal's line ending on the issue's date: "Front. Nutr., 11 December 2018", "Journal of
# Psychiatric Research, May 2014", "NEJM April 28 2010"
_JOURNAL_DATE_LINE = re.compile(
    r"(?m)^[ \t]*(?P<name>[A-Z][A-Za-z.&' -]{2,60}?),?[ \t]+(?P<date>\d{1,2} [A-Z][a-z]{2,8} \d{4}|"
    r"[A-Z][a-z]{2,8}\.? (?:\d{1,2},? )?\d{4})[ \t]*$")
# where a journal's issue is named: "Volume 11", "Vol. 3", "№ 2", "3(3): 166-169", "4 (2022) 187-193"
# and "2012 Jul;38(7 Pt 2):1143", ". 2022 Nov 2;2:139": a volume, its issue, its first page
# (an article number may stand for the first page: ";4(2):ofx059"; a table's cells may put a
# colon between the label and its number: "Volume : 4")
_VOLUME = re.compile(r"\b(?i:Volume|Vol\.?)\s*:?\s*\d+|№\s*\d+|"
                     # "Journal of X 4 (2022) 187-193", as a publisher's PDF heads its pages
                     r"\b\d{1,4}(?=\s+\((?:19|20)\d{2}\)\s+[A-Za-z]?\d+\s*[-–]\s*[A-Za-z]?\d+)|"
                     r"\b\d{1,4}\s*\(\s*\d{1,3}\s*\)\s*:\s*[A-Za-z]{0,4}\d|"
                     # "39(6), 568-577", as APA cites an issue; "(2020) 10:12130", as a
                     # journal's PDF heads its pages
                     r"\b\d{1,4}\s*\(\s*\d{1,3}\s*\)\s*,\s*[A-Za-z]?\d+\s*[-–]\s*[A-Za-z]?\d+|"
                     r"(?<=\((?:19|20)\d{2}\)\s)\d{1,4}\s*:\s*[A-Za-z]{0,4}\d|"
                     r";\s*\d{1,4}\s*(?:\([^()\n]{1,20}\))?\s*:\s*[A-Za-z]{0,4}\d")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|jan|feb|mar|apr|jun|jul|" \
    r"aug|sep|oct|nov|dec)[a-z]{0,6}\b\.?"
# "2012 Jul", "4 March 2019", "february 23, 2006" (a flattened issue line), "2019 Mar 4"
_MONTH_YEAR = re.compile(rf"\b(?:(?:\d{{1,2}}\s+)?{_MONTH}\s+(?:\d{{1,2}},\s*)?)?"
                         rf"(19[5-9]\d|20[0-4]\d)\b"
                         rf"(?:\s+{_MONTH}(?!\s+\d{{1,2}},\s*(?:19|20)\d{{2}})"
                         rf"(?:\s+\d{{1,2}}\b)?)?")
_VOLUME_REACH = 45  # characters either side of an issue's number that still date it
_HEADER_ABOVE = 40  # a line this short just above an issue's line is part of its header
_TITLE_LABELS = ["brief title", "study title", "public title", "title", "official title",
                 "scientific title"]


# A PubMed record saved in MEDLINE format: "PMID- 25282031", "TI  - ...", "DP  - 2014 Dec",
# "LID - 10.x/y [doi]", each field a tag of two to four capitals and a dash, whether the record
# keeps its line breaks or was flattened onto one line
_MEDLINE_PMID = re.compile(r"(?:^|\s)PMID-\s*(\d{4,9})\b")
_MEDLINE_FIELD = re.compile(r"(?:^|\s)(?P<tag>[A-Z]{2,4})\s*-\s+(?P<value>.*?)"
                            r"(?=\s+[A-Z]{2,4}\s*-\s|\Z)", re.S)


def _medline_fields(head: str, pmid: re.Match[str], meta: DocumentMeta) -> None:
    """Title, date, DOI and PMID (`pmid`, its field's match) of a record in MEDLINE format."""
    fields: dict[str, list[str]] = {}
    for m in _MEDLINE_FIELD.finditer(head):
        fields.setdefault(m.group("tag"), []).append(" ".join(m.group("value").split()))
    if fields.get("TI"):
        _set(meta, "title", fields["TI"][0].rstrip("."), "MEDLINE TI field")
    if fields.get("DP"):
        _set(meta, "published", normalise_date(fields["DP"][0]), "MEDLINE DP field")
    doi = next((v[:-5].strip() for v in fields.get("LID", []) + fields.get("AID", [])
                if v.endswith("[doi]")), None)
    if doi:
        _set(meta, "doi", normalise_doi(doi), "MEDLINE LID field")
    _set(meta, "pmid", pmid.group(1), "MEDLINE PMID field")


def text_metadata(text: str, meta: DocumentMeta | None = None) -> DocumentMeta:
    """Fill what is still missing from the text of the document (its head first)."""
    meta = meta or DocumentMeta()
    head = text[:5000]
    if pmid := _MEDLINE_PMID.search(head):
        _medline_fields(head, pmid, meta)
    m = re.search(r"(?m)^#\s+(.+?)\s*#*$", head)
    if m:
        _set(meta, "title", m.group(1).strip(), "text # heading")
    if not meta.title:  # a record's labelled title: the short one before the official one
        for label in _TITLE_LABELS:
            m = re.search(rf"(?mi)^\s*{label}\s*:\s*(\S.{{8,300}}?)\s*$", head)
            if m:
                _set(meta, "title", m.group(1), f"text '{label}:' line")
                break
    m = re.search(r"(?mi)^\s*(?:\*\*|__)?(?:authors?|by)(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*:?\s*(.+)$", head)
    if m and len(m.group(1)) < 400:
        _set(meta, "authors", _split_authors(m.group(1)), "text authors line")
    # "Received: 3 May 2023 / Accepted: ... / Published online: 12 February 2024"
    m = _PUBLISHED_ONLINE.search(head)
    if m:
        _set(meta, "published", normalise_date(m.group(1)), "text 'Published' date")
    for m in _JOURNAL_DATE_LINE.finditer(head[:JOURNAL_DATE_HEAD]):
        if m.group("name").split()[0].lower() not in _NOT_A_JOURNAL and (
                date := normalise_date(m.group("date"))) and len(date) > 4:
            _set(meta, "published", date, "text journal date line")
            break
    # a date standing alone on a line of the head, as news items and notices print theirs
    for line in [ln for ln in head.splitlines() if ln.strip()][:12]:
        line = line.strip(" *_")
        if 6 <= len(line) <= 30 and _BYLINE_DATE.fullmatch(line):
            _set(meta, "published", normalise_date(line), "text date line")
            break
    # a byline such as "PMC · DOI: 10.x/y · Journal · 2026-01-28"
    for line in head.splitlines()[:30]:
        if "DOI" not in line and "·" in line and len(line) < 200:
            # "Acme blog · 12 May 2025 · 6 min read": the date of a blog's byline
            for p in line.split("·"):
                d = _BYLINE_DATE.fullmatch(p.strip(" *_"))
                if d:
                    _set(meta, "published", normalise_date(d.group(1)), "text byline date")
        if "DOI" in line and ("·" in line or "|" in line):
            parts = [p.strip() for p in re.split(r"[·|]", line) if p.strip()]
            for p in parts:
                if DOI_RE.search(p) or PMCID_RE.fullmatch(p) or p.upper() in ("PMC", "PUBMED"):
                    continue
                if _BYLINE_DATE.search(p):
                    _set(meta, "published", normalise_date(_BYLINE_DATE.search(p).group(1)),
                         "text byline")
                elif len(p) < 120:
                    _set(meta, "publisher", p, "text byline")
    # a citation line as literature databases print it:
    # "J Cosmet Dermatol. 2024 Mar;23(3):845-853. doi: ..."
    m = CITATION_LINE.search(head[:1500])
    if m:
        _set(meta, "publisher", m.group("journal").strip(), "text citation line")
        _set(meta, "published", normalise_date(m.group("date")), "text citation line")
    m = re.search(r"(?mi)^\s*(?:\*\*)?(?:(?:first |date )?published(?: on)?|publication date"
                  r"(?:\s*\((?:electronic|online|print)\))?|"
                  r"date(?: published| issued)?|issued|posted(?: on)?)(?:\*\*)?\s*(?::\s*|\s+(?=\d|"
                  r"[A-Z][a-z]+ \d))(?:\*\*)?\s*(.+)$", head)
    if m:
        _set(meta, "published", normalise_date(m.group(1)), "text date line")
    if (m := _PORTAL_STATUS.search(head)) and (year := _YEAR.search(m.group(1))):
        # the date as printed when it reads as one, else its year ("mrt-2019")
        told = m.group(1)[:year.end()]
        _set(meta, "published", normalise_date(told) or year.group(0),
             "text publication status")
    if m := _AUTHOR_DATE_HEAD.search(head[:AUTHOR_DATE_HEAD]):
        _set(meta, "published", m.group(1), "text author-date reference")
    # each pattern runs only on texts holding what every match of it holds
    m = DOI_RE.search(text) if "10." in text else None
    if m:
        _set(meta, "doi", normalise_doi(_doi_whole(text, m)), "text DOI")
    elif "10." in text and (m := _DOI_BROKEN_PREFIX.search(text)):
        # "DOI: 10.\n\n1002/ptr.3360": a labelled DOI a line break cut after its "10."
        _set(meta, "doi", normalise_doi("10." + m.group(1)), "text DOI")
    m = PMCID_RE.search(text) if "PMC" in text else None
    if m:
        _set(meta, "pmcid", m.group(0), "text PMCID")
    m = PMID_RE.search(text) if _FIVE_DIGITS.search(text) else None
    if m:
        _set(meta, "pmid", m.group(1), "text PMID")
    regs = sorted(set(REGISTRATION_RE.findall(text))) if "CT" in text or "DRKS" in text else []
    if regs and not meta.registrations:
        meta.registrations = regs
        meta.provenance["registrations"] = "text"
    m = ADDRESS_LINE.search(text[:ADDRESS_HEAD])
    if m:
        address = m.group(1) or m.group(2)
        _set(meta, "url", address, "text address line")
        _set(meta, "site", urlparse(address).hostname, "text address line")
    return meta


def _doi_whole(text: str, m: re.Match[str]) -> str:
    """The DOI `m` found, with the rest a line break or a stray space cut from it after a dot
    (`_DOI_TAIL`): "10.1371/journal" then ". pone.0162769" is one DOI."""
    tail = _DOI_TAIL.match(text, m.end())
    return m.group(1) + "." + tail.group(1) if tail else m.group(1)


# A saved copy's own note of where it came from, at its top: "URL: https://...", "Source: ...",
# "Saved from: ...", or the comment a browser writes when it saves a page. Further down, a
# "Source:" or "Link:" line names what the page cites, not where the page itself was.
ADDRESS_LINE = re.compile(
    r"(?mi)^[ \t]*(?:source|url|address|link|saved from|retrieved from|original)[ \t]*(?:url)?"
    r"[ \t]*[:=][ \t]*<?(https?://[^\s>]+)>?[ \t]*$|<!--\s*saved from url=\(\d+\)(https?://[^\s>]+)\s*-->")
ADDRESS_HEAD = 600  # characters: where a saved copy's note of its address stands

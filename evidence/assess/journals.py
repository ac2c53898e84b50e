"""Journals: the one a retelling says a study appeared in, the one a report was printed in.

A news item or a clinic page names a study's journal in full ("published online in the
Archives of Dermatology"), while the report's own page prints it abbreviated on its
citation line ("Arch Dermatol. 2012;148(12):1360") or, in a saved PubMed Central page, in
its logo link ("Nutrients logoLink to Nutrients"). Two names are one journal when, word
for word, each word of one begins the other's word (`same_journal`): "N Engl J Med" is the
New England Journal of Medicine. Matching a journal narrows a study down (few of a base's
studies share one), so tracing counts it as a fact, like a year.
"""

from __future__ import annotations

import re

# A journal's name: capitalized words, with the small words between them
# (one line break may fall within it, as in a table cell: "Dermatology\nResearch and Practice")
_NAME = r"[A-Z][\w&'’-]*(?:(?:[ \t]+|[ \t]*\n[ \t]*(?=[A-Z])(?!(?:The|An?|In|On|This|These|It|" \
    r"Its|We|Our|They|Results?|Conclusions?)\b))(?:of|and|&|the|for|in|on|[A-Z][\w&'’-]*)){0,8}"
# what a retelling calls a journal to praise it: "the renowned journal The Lancet ..."
_PRAISE = r"renowned|prestigious|leading|respected|prominent|top|esteemed|well-known|major"
# "published (online) (Sept 17) in (the April issue of) (the journal) NAME", "in the journal NAME"
_TOLD = re.compile(
    r"\b(?:[Pp]ublished|[Aa]ppeared|appearing|appears|reported|presented|printed)\s+"
    r"(?:(?:online|today|recently|simultaneously|this\s+\w+|last\s+\w+|on\s+\w+)\s+){0,2}"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s+)?in\s+(?:the\s+)?"
    r"(?:(?:[A-Z][a-z]+\s+)?(?:\d{4}\s+)?issue\s+of\s+(?:the\s+)?)?"
    r"(?:(?:peer-reviewed|medical|scientific|online|" + _PRAISE + r")\s+)*(?:[Jj]ournal\s+)?"
    r"(?:The\s+)?(?P<j>" + _NAME + ")|"
    r"\b(?:in|of)\s+the\s+(?:(?:peer-reviewed|medical|scientific|" + _PRAISE + r")\s+)*journal,?\s+"
    r"(?:[Tt]he\s+)?(?P<j2>" + _NAME + ")")
# a citation line: "Arch Dermatol. 2012;148(12)", "N Engl J Med 2018;378:1681", "2002 Jun;46(6)"
# (an author manuscript's "Published in final edited form as: Am J Ther. 2018 Mar-Apr;25(2)")
_CITED = re.compile(
    r"(?:^|(?<=[.\]|:]\s))[ \t]*(?P<j>[A-Z][A-Za-z]*\.?(?:[ \t]+(?:[A-Z][A-Za-z]*\.?|of|and|&)){0,7}?)"
    r"\.?[ \t]+(?:19|20)\d{2}\s*(?:[A-Z][a-z]{2}(?:-[A-Z][a-z]{2})?(?:\s+\d{1,2})?\s*)?[;:(]",
    re.M)
# a publisher's page header: the journal's name on the line above its issue ("Chest" over
# "Volume 151, Issue 6, June 2017"; "Science  11 Jun 2021:" over "Vol. 372, Issue 6547")
_ABOVE_ISSUE = re.compile(r"(?m)^[ \t]*(?P<j>[A-Z][A-Za-z&'’ -]{2,60}?)(?:[ \t]+\d{1,2}[ \t]+[A-Z][a-z]{2}"
                          r"[ \t]+\d{4})?[ \t]*:?[ \t]*\n[ \t]*(?:Volume|Vol\.)[ \t]*\d+")
# a PubMed page's short citation, whose year a saved copy often loses: "Kim et al. PLoS One. ."
# (an author's "et al." then the journal's abbreviated name, a full stop, then the year or none)
_ET_AL = re.compile(r"\bet al\.[ \t]+(?P<j>[A-Z][A-Za-z]*\.?(?:[ \t]+(?:[A-Z][A-Za-z]*\.?|of|and|&))"
                    r"{0,7}?)\.[ \t]+(?:\.|(?:19|20)\d{2}\b)")
# a PubMed Central page's logo link, which names the journal twice
_LOGO = re.compile(r"(?P<j>[A-Z][\w&'’ .:-]{2,100}?) logoLink to (?P=j)")
# a publisher's or a family's name, which many journals share
_PUBLISHER = frozenset(("network", "press", "publishing", "publishers", "group", "springer",
                        "elsevier", "wiley", "frontiers", "mdpi", "organization"))
_SMALL = frozenset(("of", "and", "the", "for", "in", "on"))
_NOT_A_JOURNAL = frozenset((
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "pubmed", "medline", "google", "press",
    "the", "a", "an", "this", "their", "his", "her", "our", "its", "us", "uk", "march"))


def _words(name: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", name.lower().replace("&", " and ")) if w not in _SMALL]


def _kept(name: str) -> str | None:
    name = " ".join(name.split())
    name = re.sub(r"(?:\s+(?:of|and|&|the|for|in|on|Vol|Volume|Issue|No))+\.?$", "",
                  name.strip(" .,;:"))
    name = re.sub(r"[’']s$", "", name)
    words = _words(name)
    first = name.split()[0].lower() if name.split() else ""
    if not words or words == ["journal"] or first in _NOT_A_JOURNAL or words[0] in _NOT_A_JOURNAL \
            or "manuscripts" in words or "manuscript" in words \
            or (len(words) == 1 and len(words[0]) < 4) or not _PUBLISHER.isdisjoint(words):
        return None
    return name


def journals_told(text: str) -> frozenset[str]:
    """The journals `text` says a study was published or presented in."""
    if "in " not in text:
        return frozenset()
    out = set()
    for m in _TOLD.finditer(text):
        name = _kept(m.group("j") or m.group("j2"))
        if name:
            out.add(name)
    return frozenset(out)


def journals_printed(head: str, publisher: str | None = None) -> frozenset[str]:
    """The journal a report's page prints itself in: its publisher, its citation line (in
    full or PubMed's short one), its logo link."""
    out = {publisher} if publisher and _kept(publisher) else set()
    for rx in (_CITED, _ET_AL, _LOGO, _ABOVE_ISSUE):
        for m in rx.finditer(head):
            name = _kept(m.group("j"))
            if name:
                out.add(name)
    return frozenset(out)


def same_journal(a: str, b: str) -> bool:
    """Whether two names are one journal's, one perhaps abbreviated: as many words, each
    beginning the other's ("Br J Dermatol", "British Journal of Dermatology"). A one-word
    name must be the whole name."""
    x, y = _words(a), _words(b)
    if not x or len(x) != len(y):
        return False
    if len(x) == 1:
        return x == y
    return all(p.startswith(q) or q.startswith(p) for p, q in zip(x, y, strict=True))


def journal_key(name: str) -> str:
    """A key that names of one journal share (`same_journal`): their words' first letters."""
    return "".join(w[0] for w in _words(name))


# Where a citation puts a paper in its journal: "2024 Jan;41(1):246-261", "Lancet, 2001;357:251",
# "2001 (Jan 27); 357 (9252): 251–256" (year; volume (issue): first page), and the catalogue
# form "2002-12, Vol.47 (6), p.852-855"
_YEAR_VOLUME_PAGE = re.compile(r"\b((?:19|20)\d{2})\b[^;\n]{0,25};\s*(\d{1,4})\s*(?:\([^)\n]{1,12}\))?"
                               r"\s*:\s*[eE]?(\d{1,6})\b")
_YEAR_VOL_PAGE = re.compile(r"\b((?:19|20)\d{2})\b[^\n]{0,30}?\bVol(?:ume)?\.?\s*(\d{1,4})\b\s*"
                            r"(?:\([^)\n]{1,12}\))?,?\s*(?:pp?\.?|pages?)\s*[eE]?(\d{1,6})\b", re.I)


def volume_pages(text: str) -> dict[str, int]:
    """The places citations in `text` give a paper, as "volume:first page", each with the year
    printed beside it. Two documents citing one place within a year of each other (an issue's
    year and its online date may differ) cite one paper: few papers share a volume and a
    first page, and none of them within one journal."""
    if ";" not in text and "vol" not in text.lower():
        return {}
    out: dict[str, int] = {}
    for rx in (_YEAR_VOLUME_PAGE, _YEAR_VOL_PAGE):
        for m in rx.finditer(text):
            out.setdefault(f"{m.group(2)}:{m.group(3)}", int(m.group(1)))
    return out

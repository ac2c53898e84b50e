"""A report's title read from the text of a saved page, past the page's furniture.

A paper's page saved as text opens with whatever stood above the title: "Skip to main
content", a journal's logo link, "Send to", "Access keys", a running head, the journal's
name. Its first heading is often one of those. The title is told apart by what it says:
its words come back in the abstract below it, whereas the furniture's words do not, and
it is neither a sentence of prose, nor a line of authors, affiliations or citation data.
"""

from __future__ import annotations

import re

VERSION = "evidence.title.v12"  # v12: a subtitle on its own line may name the trials or studies a review pooled ("A systematic review and meta-analysis of randomized controlled trials"); v11: a research portal's upload notice, a page's print and text-size tools and a login form are furniture; v10: the rest of a furniture line wrapped (a database's logo line) starts no title; v9: a title filled to a copy's width does not go on over a blank line (an author below it); a line its first line goes on to need only keep a title's form; v8: a title line ending on a hyphen goes on, whatever the case of the next, a heading broken at a hyphen included; v7: a title hard-wrapped in capitals, or at a colon, in a copy wrapped to a width goes on; v6: a heading that is a label or furniture is no title; v5: the line under an index's citation line, in a title's form; v4: a title wrapped over three lines; v3: measures a title names are not citation digits
HEAD = 3000  # characters of the page the title is looked for in
WRAP_SLACK = 15  # a line within this many characters of a copy's wrapping width was filled


def wrap_width(lines: list[str]) -> int | None:
    """The width a copy was hard-wrapped at (as saved text and PDF text come), when its
    lines say so: no line is longer, and many come close to it; else None. Only in such a
    copy may a title go on in capitals on the next line."""
    lengths = [len(t.rstrip()) for t in lines if t.strip()]
    if len(lengths) < 12:
        return None
    widest = max(lengths)
    if widest > 100 or sum(n >= widest - WRAP_SLACK for n in lengths) < 0.3 * len(lengths):
        return None
    return widest
MIN_SHARED = 0.34  # of its distinctive words, what share must come back in the text below

# lines that are a page's furniture, however many of their words recur
_FURNITURE = re.compile(
    r"logoLink|\bskip to\b|\baccess keys\b|\bsend to\b|\bjavascript\b|\bcookies?\b|"
    r"\bsign (?:in|up)\b|\blog ?in\b|\bdownload\b|\bpdf\b|\bnavigation\b|\byou are on page\b|"
    r"\bjournal logo\b|\bfull text\b|\bback to\b|\bnext article\b|\bprevious article\b|"
    r"\bsubscri|\bopen access\b|\bpermissions?\b|\bcited by\b|\bshare\b|\bmenu\b|"
    r"\bsearch\b|\bhome\s?page\b|\bcopyright\b|©|\bplease\b|\bclick\b|\bhttps?:|\bwww\.|"
    r"\bdoi\b|\bpmid\b|\bpmcid\b|@|\bofficial website\b|\b(?:have|no|get|gain) access\b|"
    r"\baccess to\b|\bpeer review\b|\breview by\b|"
    # a research portal's upload notice, a page's print and text-size tools, a login form
    r"\buploaded by\b|\bprint this\b|\bfont size\b|\bvalid account\b", re.I)
# a section's heading or a labelled field: "Background:", "Abstract", "Keywords"
_LABEL = re.compile(
    r"^\W*(?:abstract|summary|background|introduction|objectives?|aims?|purpose|methods?|"
    r"materials|design|setting|participants|patients|interventions?|results?|findings|"
    r"conclusions?|discussion|keywords?|key points|importance|context|question|meaning|"
    r"author information|affiliations?|article information|correspondence|funding|"
    r"references|citation|cite this|trial registration|highlights)\b\W*(?::|$)|"
    # a label in capitals run into its text, as flattened abstracts print it
    r"^\W*(?-i:(?:ABSTRACT|SUMMARY|BACKGROUND|INTRODUCTION|OBJECTIVES?|AIMS?|PURPOSE|"
    r"METHODS?|DESIGN|SETTING|PARTICIPANTS|RESULTS?|FINDINGS|CONCLUSIONS?|IMPORTANCE)\s+"
    r"(?=[A-Z]))", re.I)
# an affiliation: a department, a university, a hospital
_AFFILIATION = re.compile(
    r"\b(?:department|dept\.?|university|universit[àäé]|hospital|institute|institut|"
    r"school of|faculty|college of|centre for|center for|clinic(?=,)|laborator(?:y|ies)|"
    r"medical center|medical centre)\b", re.I)
# a sentence of an abstract or a page, not a title: "To determine whether ...", "This review ..."
_PROSE = re.compile(r"^\W*(?:to (?:determine|evaluate|assess|investigate|compare|examine|explore|"
                    r"study|review|describe|report|test|identify)|this|these|we|our|in this|"
                    r"the (?:aim|purpose|objective|goal)s?|an official|overall|however|moreover|thus|therefore|"
                    r"in conclusion|finally|furthermore|in summary)\b|^\s*[•·▪*–-]", re.I)
# a verb of prose, which a title ending with a full stop does not hold
_AUXILIARY = re.compile(r"\b(?:was|were|is|are|has|have|had|been|can|could|may|might|should|"
                        r"would|will|did|does)\b", re.I)
# the perfect tense of a sentence ("Studies have shown that ..."), which titles do not use
_PERFECT = re.compile(r"\b(?:have|has|had)\s+(?:been\s+|also\s+|not\s+)?\w+(?:ed|en|wn)\b", re.I)
# the end of one sentence and the start of another, within a line
_SENTENCES = re.compile(r"(?<=[a-z0-9%)][.!?])\s+(?=[A-Z])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
_STOP = frozenset(str.split("""
with from that this these those their there were which when where than then into over
under about after before between among during without within versus compared study
trial review patients effect effects use using based analysis"""))


def _distinct(line: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(line)} - _STOP


def _candidates(head: str) -> list[tuple[int, int, str]]:
    """(start, end, line) for each line of the head, and after a line that may have been
    hard-wrapped, the line joined to the one that goes on ("... and decreases" /
    "immunosenescence in ..."), or to its subtitle ("... Arthritis" / "A Randomized Trial")."""
    lines = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]+", head)]
    width = wrap_width([t for _s, _e, t in lines])
    out = []
    for i, (s, e, t) in enumerate(lines):
        if width is not None and i > 0 and lines[i - 1][1] + 1 == s \
                and len(lines[i - 1][2].rstrip()) >= width - WRAP_SLACK \
                and _FURNITURE.search(lines[i - 1][2]):
            continue  # the rest of a furniture line wrapped ("... logoLink to The Journal of"
            # / "Clinical and Aesthetic Dermatology"): no title starts there
        out.append((s, e, t))
        joined, j = t, i
        # a title wrapped over up to three lines goes on while a line does not end a sentence
        while j + 1 < len(lines) and j < i + 3 and not (
                re.search(r"[.;!?]\s*$", joined) or joined.rstrip().endswith(":") and not (
                    width is not None and len(lines[j][2].rstrip()) >= width - WRAP_SLACK)):
            # (a filled line ending on a colon goes on: "... Patients:" / "An Individual ...")
            nxt = lines[j + 1][2]
            # a line running on in small letters, or one filled to a copy's wrapping width
            # ("... Performance of Hormone and Nonhormone" / "Clinical Laboratory Assays")
            # (no blank line between: a wrapped title has none, an author line under it may)
            wrapped = width is not None and len(lines[j][2].rstrip()) >= width - WRAP_SLACK \
                and lines[j + 1][0] == lines[j][1] + 1 \
                and re.match(r"\s*[A-Z0-9]", nxt) is not None \
                and not _LABEL.match(nxt) and not _FURNITURE.search(nxt)
            # a line ending on a hyphen always goes on ("Cardiovascular Safety of
            # Testosterone-" / "Replacement Therapy", as a PDF's text sets a title)
            broken = re.search(r"[A-Za-z]-$", joined.rstrip()) is not None \
                and re.match(r"\s*[A-Za-z]", nxt) is not None \
                and not _LABEL.match(nxt) and not _FURNITURE.search(nxt)
            if (re.match(r"\s*[a-z(]", nxt) or wrapped or broken) and not _names(nxt):
                joined = _gone_on(joined, nxt, broken)
            elif j == i and _SUBTITLE.match(nxt) and not joined.rstrip().endswith(":"):
                joined = joined.rstrip() + ": " + nxt.strip()
            else:
                break
            j += 1
            out.append((s, lines[j][1], joined))
    return out


def _gone_on(line: str, nxt: str, broken: bool) -> str:
    """`line` going on with `nxt`: a word a line break hyphenated ("ran-" / "domized") is one
    word again, a compound broken at its hyphen ("Testosterone-" / "Replacement") keeps it
    (`broken`), and other lines join with a space."""
    if re.search(r"[a-z]-$", line.rstrip()) and re.match(r"\s*[a-z]", nxt):
        return line.rstrip()[:-1] + nxt.lstrip()
    if broken:
        return line.rstrip() + nxt.lstrip()
    return line + " " + nxt


# a subtitle set on its own line: "A Randomized, Double-blind, Placebo-controlled Trial"
_SUBTITLE = re.compile(
    r"^\s*(?:an?|the)\s+(?:[\w,-]+\s+){0,8}?(?:trials?|study|studies|review|meta-analysis|"
    r"analysis|series|report|experience)\s*$", re.I)


_GLUED_HEADING = re.compile(r"(?<=[a-z)])(?:Abstract|Summary|Background|Introduction)$")


def _cleaned(line: str) -> str:
    """The title without a page's " | Section | Journal | Site" tail, a label or a final stop."""
    line = " ".join(line.split())
    parts = [p.strip() for p in line.split(" | ")]
    if len(parts) > 1 and len(parts[0].split()) >= 4:
        line = parts[0]
    line = re.sub(r"^(?:title|article title)\s*:\s*", "", line, flags=re.I)
    line = _GLUED_HEADING.sub("", line)  # "... controlled trialAbstract"
    line = _TRAILING_MARKS.sub("", line)
    return re.sub(r"\s*\(\s*(?:19|20)\d{2}\s*\)\s*$", "", line)  # "(2024)" set after it


# what a copy sets after a title's last word: its footnote marks glued to it ("... collagen
# synthesis1,2", "... relapse study1") and the "by" of the byline below it; no title ends so
_TRAILING_MARKS = re.compile(r"(?:(?<=[a-z]{4})\d(?:,\d)*\*?|\s+[Bb][Yy])$")


# a word a line break hyphenated, in a heading read over the break ("chem- ical"), where a
# hyphen before "and", "or", "to" joins two words ("pre- and post-treatment")
_BROKEN_WORD = re.compile(r"(?<=[a-z])[-\u2010] (?!(?:and|or|to|versus|vs)\b)(?=[a-z])")


def tidy_title(title: str) -> str:
    """A heading as a title: without a page's tail, a label, a year set after it or a stop,
    and with the words a line break hyphenated whole again."""
    return _unstopped(_BROKEN_WORD.sub("", _cleaned(title)))


def _unstopped(title: str) -> str:
    """Without the full stop literature databases print after a title."""
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


# a title's list of design terms ("A Multicenter, Randomized, Double-Blind, ... Trial"),
# whose short parts between commas are not names
_DESIGN_PART = re.compile(
    r"^(?:an?\s+)?(?:\d+-\w+|randomi[sz]ed|(?:double|single|triple)-blind(?:ed)?|blinded|"
    r"(?:placebo-|vehicle-|sham-)?controlled|multi-?cent(?:er|re)|prospective|retrospective|"
    r"open-label|cross-?over|split-(?:face|scalp|body)|phase\s+\w+|pilot|parallel(?:-group)?|"
    r"comparative|observational|international)$", re.I)


def _names(line: str) -> bool:
    """A list of names: three or more short parts between commas or semicolons (design
    terms are not names)."""
    parts = [p.split() for p in re.split(r"[,;]", line) if p.strip()]
    names = [p for p in parts if not _DESIGN_PART.match(" ".join(p))]
    return len(parts) >= 3 and len(names) > 0.7 * len(parts) and len(parts[0]) <= 4 \
        and sum(len(p) <= 4 for p in names) > 0.7 * len(parts)


_MEASURE = re.compile(r"\b\d+(?:[.,]\d+)?(?:\s*(?:to|-|–)\s*\d+(?:[.,]\d+)?)?[\s-]*(?:nm|mm|cm|"
                      r"mg|g|kg|ml|mL|µg|mcg|J|W|Hz|MHz|%|weeks?|months?|days?|years?|hours?)\b")


def _plausible(line: str) -> bool:
    words = line.split()
    if not 4 <= len(words) <= 45 or _FURNITURE.search(line) or _LABEL.match(line):
        return False
    if _AFFILIATION.search(line) or _PROSE.match(line) or (
            line.endswith(".") and _AUXILIARY.search(line)):
        return False
    # a citation line, an author list with its numbers (a measure a title names, "660 nm",
    # "12-week", is not counted)
    digits = sum(c.isdigit() for c in _MEASURE.sub("", line))
    if digits > 0.06 * len(line):
        return False
    if _names(line) and all(w[:1].isupper() or w[:1].isdigit()
                            for w in re.split(r"[,;]", line)[0].split()):
        return False
    if _PERFECT.search(line):
        return False
    if re.match(r"[a-z]{2}|[^\w\"“‘'(]", line) or "]" in line[:6]:
        return False  # a title starts as a title does, not mid-sentence or after a reference
    for later in _SENTENCES.split(line)[1:]:
        if not _SUBTITLE.match(later.rstrip(".")):  # "... skin. A multicenter study" is one
            return False
    letters = [c for c in line if c.isalpha()]
    return not (letters and sum(c.isupper() for c in letters) > 0.8 * len(letters))


_TOKEN = re.compile(r"[a-z][a-z'-]{3,}")
_ENDINGS = ("", "s", "es", "ed", "ing", "al", "ly")  # a word come back in another form


class _Counts:
    """How often each word stands in the text, read once, so that whether a line's words come
    back elsewhere is a lookup per word rather than a search of the text."""

    def __init__(self, text: str):
        self.counts: dict[str, int] = {}
        for w in _TOKEN.findall(text.lower()):
            self.counts[w] = self.counts.get(w, 0) + 1

    def shared(self, words: set[str], line: str) -> int:
        own: dict[str, int] = {}
        for w in _TOKEN.findall(line.lower()):
            own[w] = own.get(w, 0) + 1
        return sum(1 for w in words if any(
            self.counts.get(w + e, 0) > own.get(w + e, 0) for e in _ENDINGS))


def _qualifies(line: str, counts: _Counts) -> str | None:
    """`line` as a title (`_cleaned`) when it reads as one: plausible in form, and at least
    `MIN_SHARED` of its distinctive words come back elsewhere in the text; else None."""
    title = _cleaned(line)
    if not _plausible(title):
        return None
    words = _distinct(title)
    if len(words) < 3 or counts.shared(words, line) < MIN_SHARED * len(words):
        return None
    return title


def title_of(text: str, heading: str | None) -> tuple[str, bool] | None:
    """(title, whether it was read past the heading) of a page whose first heading is
    `heading`: the heading when it reads as a title and has no subtitle below it; else the
    line the text goes on to take up (`read_title`), unless that is another line than a
    heading which reads as a title; else the heading as it stands."""
    counts = _Counts(text)
    fits = heading is not None and _qualifies(heading, counts) is not None
    read = read_title(text, counts)
    # the heading's words as a longer reading would begin with them (a word a line break
    # hyphenated, "Noninfe-", goes on as "Noninferiority")
    stem = _unstopped(heading.rstrip()).rstrip("-\u2010") if heading is not None else ""
    if heading is not None and fits and not subtitle_after(heading, text) and not (
            read and len(read[0]) > len(heading) and read[0].startswith(stem)):
        # (unless the line the text takes up is the heading gone on over a hard wrap)
        return tidy_title(heading) or heading, False
    if read and not (heading is not None and fits and not read[0].startswith(stem)):
        return read[0], True
    if heading is None or _LABEL.match(heading) or _FURNITURE.search(heading):
        return None  # "Abstract", "Back to Journals » ...": a label or furniture names nothing
    return tidy_title(heading) or heading, False


def subtitle_after(heading: str, text: str) -> bool:
    """Whether the line after `heading` in the page's head is its subtitle on a line of its
    own ("A Randomized, Double-blind, Placebo-controlled Trial")."""
    at = text.find(heading, 0, HEAD)
    if at < 0:
        return False
    rest = [ln for ln in text[at + len(heading):at + len(heading) + 300].split("\n")[1:]
            if ln.strip()]
    return bool(rest) and bool(_SUBTITLE.match(rest[0]))


# an index's citation line, as literature databases print it: "J Cosmet Dermatol. 2024
# Mar;23(3):845-853. doi: ...", "Nat Neurosci. 2014 Dec;17(12):1798-803."
CITATION_LINE = re.compile(
    r"(?m)^\s*(?P<journal>[A-Z][A-Za-z&.\- ]{2,80}?)\.?\s+(?P<date>(?:19|20)\d{2}(?:\s+[A-Z][a-z]{2,8}"
    r"(?:\s+\d{1,2})?)?)(?:\s*;\s*\d+\s*(?:\(\s*[\w-]+\s*\))?\s*:|"
    # an article number for its volume ("2020 Apr 8;S2468-1253(20)30056-X"), a colon for the
    # semicolon ("2016 Jan 29:15:14"), or no volume yet ("2024 Dec 26. doi: ... Online ahead
    # of print")
    r"\s*;\s*[A-Z]\d|:\d+:\d|\.\s+(?i:doi|epub|online ahead of print)\b|"
    # an online-first article's locator for its pages ("2024 Apr 8:e240264")
    r":\s*e\d{4,})")


def read_title(text: str, counts: _Counts | None = None) -> tuple[str, int, int] | None:
    """(title, start, end) of the first line of the page's head that reads as a report's
    title (`_qualifies`), or that stands right under an index's citation line in a title's
    form (as PubMed prints a record: the citation, then the title, whatever the excerpt
    keeps of the abstract). A line joined to its continuation or its subtitle is preferred
    to the line alone. None when no line qualifies. `counts`: the text's words, if read."""
    counts = counts or _Counts(text)
    head = text[:HEAD]
    found: tuple[str, int, int] | None = None
    for s, e, line in _candidates(head):
        if found and s != found[1]:
            break  # the first qualifying line, or its longer form starting at the same place
        title = _qualifies(line, counts) or _under_citation(head, s, line)
        if not title and found and _plausible(_cleaned(line)):
            # its first line read as a title: the line going on keeps the form of one, though
            # the words it adds ("... cognition in" / "older adults.") may not recur below
            title = _cleaned(line)
        if title:
            found = (_unstopped(title), s, e)
    return found


def _under_citation(head: str, start: int, line: str) -> str | None:
    """`line` as a title when the line above it is an index's citation line and it has a
    title's form (a title may end with a full stop and hold a verb: "Intake of X is
    associated with ...")."""
    above = head[:start].rstrip("\n").rsplit("\n", 1)[-1]
    if not CITATION_LINE.match(above):
        return None
    title = _cleaned(line)
    words = title.split()
    if not 4 <= len(words) <= 45 or _FURNITURE.search(title) or _LABEL.match(title) \
            or _AFFILIATION.search(title) or _PROSE.match(title) or _names(title):
        return None
    return title

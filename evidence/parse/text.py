"""Plain text and Markdown: find headings, paragraphs, bullets and tables.

The stored text is the file's own text (newlines normalised), so offsets can be
checked against the original by anyone. Structure is recorded as `Block`s:

- Markdown headings (`#`), and short title-like lines standing alone;
- author lines ("Mara Okonkwo MD1, Henrik Dahl PhD2"), which are neither;
- bullets (`-`, `*`, `•`, `1.`), with their nesting level from the indent;
- pipe tables (`| a | b |`), one row per line;
- tables pasted from web pages whose cells arrive one per line after a header
  row: a run of short lines whose column count is inferred (see `_cell_table`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.models import Block

PARSER = "evidence.parse.text.v46"  # v46: genre model v9 (retrained with batch 23, word rates weighed more gently); v45: a report telling that the agency issued a warning, or citing its advisory, tells what the agency said; one notice wording told twice ("warning letter", "warning letters") is one mark of a notice; worded like a notice but telling twice what the agency said, a page is news or a business's; v44: an issue cited as APA prints it ("41(2), 233-240") or headed by its year ("(2021) 7:4411"), and a repository record's year on a line of its own ("(2018)"), date a paper; v43: a publisher's PDF page head ("Journal 4 (2022) 187-193") dates the paper; v42: title v11 (upload notices, print and text-size tools, login forms are furniture); v41: a saved notice advising consumers or health professionals ("are advised that"), a regulator named by its acronym, is a regulator's; v40: a publisher's masthead (Elsevier's "Contents lists available at", "journal homepage:") and a journal page's article tools ("Article Metrics", "Cite this article") are page furniture; v39: a paper dated by nothing else is dated by its copyright year; v38: footnote marks glued to a title's last word and a byline's "by" after it are not the title; v37: a DOI a line break or a stray space cut after a dot is read whole; v36: a page speaking of a study's authors in the third person retells it, even when it prints the paper's identifiers; v35: genre model v7 (retrained with batch 21); v34: genre model v6 (retrained with batch 20); one word of a practice (a clinic, sessions) on a page whose wording reads more like a paper's than not makes no business page; v33: title v10 (the rest of a wrapped furniture line starts no title); v32: title v9 (a wrapped title does not go on over a blank line; its lines going on keep a title's form though their words may not recur); v31: a line as long as a wrapped one ending on a colon or a full stop, the next going on in lower case, stops mid-sentence; a capitalised first line a sentence goes on from is no heading; v30: genre model v5 (retrained with batch 19); a clinical journal's abstract headings in capitals (DESIGN AND SETTING, PATIENTS, MAIN OUTCOME MEASURES), and a heading in capitals run into its text, make a structured abstract; v29: a paper's date on its journal's line, after its publisher's name or an Epub; a fuller date of the same year refines the issue's year; v28: genre model v4 (the rates of common words beside the signals; a short text's words count less); a review's own abstract headings (data sources, study selection, data synthesis) make a structured abstract; v27: title v8 (a heading broken inside a word over a hard wrap is read whole); v26: title v8 (a title line ending on a hyphen goes on); v25: a research portal's publication status and a record's own author-date reference date the paper; index citation lines with an online-first locator or an Epub; v24: a list item holding several sentences of prose is a paragraph; v23: title v7 (hard-wrapped titles); v22: title v6; v21: index citation lines with an article number, a colon or no volume yet; v20: hsa.gov.sg a regulator's host; v19: an index's citation line and "Journal Article" type line are a publisher's furniture, speaking over a site's "Contact us" alone; v18: "Warning Letters" in the plural is a regulator's word too; v17: abstract labels set off by a dash, "Research design and methods"; v16: a seller's copy of an abstract (a call to action, a study card over it) is the seller's page; v15: title v5 (the line under an index citation); v14: a report telling, more than once, what the agency said is no notice of its own; v13: a page no rule places, with content to read, is the likelier of a business page and news, not other; v12: a page written like a paper but telling of someone else's study, with no identifiers, is no paper; v11: a study card's labelled fields are a business cue; v10: genre model v3; three kinds of business cue outweigh the model; v9: PubMed Central's logo link and id labels as page furniture; v8: only a copy's top gives its address; v7: what researchers note and report, a regulator's voice without its name; v6: what its authors did, in the first person, makes an article; v5: MEDLINE records, issue dates by article number or over two lines, DOIs with a glued word cut; v4: news told in the third person or present tense; v3: a publisher's page furniture; v2: what the parse reads from content changed (kind, title, dates)

_HEADING_MD = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)([-*+•‣▪◦·●]|\d{1,2}[.)]|[a-z][.)])\s+(?=\S)")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_DIGIT = re.compile(r"[0-9]")
_SMALL_WORDS = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the",
    "to", "vs", "vs.", "with", "into", "after", "your", "within", "be", "is", "are",
}


@dataclass
class _Line:
    start: int
    end: int
    text: str  # the line without its newline

    @property
    def stripped(self) -> str:
        return self.text.strip()


def parse_text(text: str) -> list[Block]:
    """Blocks of a plain-text or Markdown document, in text order.

    A document that marks its headings with `#` gets no headings guessed from
    title-like lines.
    """
    global_md = bool(re.search(r"(?m)^#{1,6}\s+\S", text))
    lines = _lines(text)
    groups = _groups(lines)
    blocks: list[Block] = []
    i = 0
    while i < len(groups):
        run = _cell_run(groups, i)
        if run:
            skip, ncols, nrows = run
            for g in groups[i : i + skip]:
                blocks.extend(_group_blocks(g, global_md))
            cells = [groups[j][0] for j in range(i + skip, i + skip + ncols * nrows)]
            blocks.extend(_cell_table_blocks(cells, ncols, -1))
            i += skip + ncols * nrows
            continue
        blocks.extend(_group_blocks(groups[i], global_md))
        i += 1
    if not global_md:
        blocks = _wrapped_title(text, _page_furniture(text, blocks))
    return _number_tables(blocks)


# A PDF page's running head or foot: a page number set apart from the journal's short title
# ("78        Ann Scar Res (2024) 9:77–86"), or a page number alone ("Page 3 of 9")
_PAGE_FURNITURE = re.compile(r"\d{1,4}[ \t]{3,}\S.{0,90}|\S.{0,90}?[ \t]{3,}\d{1,4}|"
                             r"(?:page[ \t]+)?\d{1,4}(?:[ \t]+of[ \t]+\d{1,4})?", re.I)


def _page_furniture(text: str, blocks: list[Block]) -> list[Block]:
    """Mark page furniture, which stands between the halves of a sentence a page break cut."""
    return [Block("furniture", b.start, b.end) if b.kind in ("paragraph", "heading")
            and "\n" not in text[b.start:b.end] and _PAGE_FURNITURE.fullmatch(text[b.start:b.end])
            else b for b in blocks]


_FRONT_HEADING = re.compile(r"^(abstract|summary|background|introduction)\b", re.I)


def _wrapped_title(text: str, blocks: list[Block]) -> list[Block]:
    """An article's title too long to read as a heading, or hard-wrapped over a few lines
    (PDF text), reads as a paragraph: the first paragraph of five to forty words (eight
    when on one line), with no closing full stop and few digits, above the Abstract (or
    Background, Introduction) heading, is the title heading."""
    front = next((i for i, b in enumerate(blocks[:15]) if b.kind == "heading"
                  and _FRONT_HEADING.match(text[b.start:b.end].strip())), None)
    # a notice's title stands right above its date line ("Published: 9 September 2024")
    dated = next((i for i, b in enumerate(blocks[:front if front is not None else 8])
                  if b.kind == "paragraph" and _DATE_LINE.match(text[b.start:b.end].strip())), None)
    if dated is not None:
        for i in range(dated - 1, -1, -1):
            b = blocks[i]
            t = text[b.start:b.end]
            words = len(t.split())
            if b.kind == "heading" and words > 4:
                break
            if b.kind in ("byline", "heading") or words < 5:
                continue  # a reporter's name, or a label such as "Recall and safety alert"
            if b.kind == "paragraph" and words <= 25 and t.rstrip()[-1] not in ".!?:" \
                    and len(_DIGIT.findall(t)) <= 4:
                return [*blocks[:i], Block("heading", b.start, b.end, level=1), *blocks[i + 1:]]
    if front is None:
        return blocks
    for i, b in enumerate(blocks[:front]):
        t = text[b.start:b.end]
        words = len(t.split())
        if b.kind == "paragraph" and 5 <= words <= 40 and t.rstrip()[-1] not in ".!?" \
                and len(_DIGIT.findall(t)) <= 4 and ("\n" in t or words >= 8):
            return [*blocks[:i], Block("heading", b.start, b.end, level=1), *blocks[i + 1:]]
    return blocks


def _number_tables(blocks: list[Block]) -> list[Block]:
    """Give every table a distinct number in text order."""
    out: list[Block] = []
    seen: dict[tuple[int, int], int] = {}
    for b in blocks:
        if b.table is None:
            out.append(b)
            continue
        if b.kind == "table_row" and b.row == 0:
            seen[(b.table, b.start)] = len(seen)
        no = len(seen) - 1
        out.append(Block(b.kind, b.start, b.end, level=b.level, content_start=b.content_start,
                         table=no, row=b.row, col=b.col))
    return out


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _groups(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of non-blank lines (blank-line separated blocks)."""
    groups: list[list[_Line]] = []
    cur: list[_Line] = []
    for ln in lines:
        if ln.stripped:
            cur.append(ln)
        elif cur:
            groups.append(cur)
            cur = []
    if cur:
        groups.append(cur)
    return groups


def _trim(ln: _Line) -> tuple[int, int]:
    lead = len(ln.text) - len(ln.text.lstrip())
    trail = len(ln.text) - len(ln.text.rstrip())
    return ln.start + lead, ln.end - trail


def _group_blocks(group: list[_Line], markdown: bool) -> list[Block]:
    """Blocks of one blank-line separated group.

    Bullet and heading lines are blocks of their own. Other lines join the
    paragraph (or bullet) above them when that line looks wrapped: no closing
    punctuation, and either this line starts in lower case or the line above is
    long. Documents written one paragraph per line therefore keep one block per
    line, while hard-wrapped text (PDF extractions) keeps its paragraphs whole.
    """
    blocks: list[Block] = []
    seg: list[_Line] = []
    for run_is_table, run in _pipe_runs(group):
        if run_is_table:
            blocks.extend(_line_blocks(seg, markdown))
            seg = []
            blocks.extend(_pipe_table_blocks(run, _next_table(blocks)))
        else:
            seg.extend(run)
    blocks.extend(_line_blocks(seg, markdown))
    return blocks


def _next_table(blocks: list[Block]) -> int:
    return -1  # renumbered by parse_text


def _pipe_runs(group: list[_Line]) -> list[tuple[bool, list[_Line]]]:
    """Split a group into runs of pipe-table lines (two or more) and other lines."""
    out: list[tuple[bool, list[_Line]]] = []
    i = 0
    while i < len(group):
        j = i
        while j < len(group) and (group[j].stripped.count("|") >= 2 or _PIPE_SEP.match(group[j].text)):
            j += 1
        if j - i >= 2 and _is_pipe_table(group[i:j]):
            out.append((True, group[i:j]))
            i = j
        else:
            out.append((False, [group[i]]))
            i += 1
    return out


_TERMINAL = ".!?:;\"”’)"
WRAPPED_LINE = 60  # characters: a line this long that stops mid-sentence was wrapped
_DATE_LINE = re.compile(r"^(first |date )?(published|updated|last updated|posted|issued|date)\b", re.I)
_LINE_END_ABBREVIATION = re.compile(r"(\b(e\.g|i\.e|vs|et al|approx|cf|Fig|Dr|No)\.)$")


def _continues(prev: _Line, ln: _Line) -> bool:
    """Does `ln` carry on the sentence of the line above (hard-wrapped text)?

    A closing bracket or quote, or an abbreviation's full stop, ends a wrapped
    line as often as it ends a sentence; a next line in lower case decides."""
    p, t = prev.stripped, ln.stripped
    if not p or _DATE_LINE.match(t) or _FIELD.match(t) and _FIELD.match(p):
        return False
    if p[-1] in _TERMINAL:
        # a line as long as a wrapped one ending on a colon or a full stop, the next going
        # on in lower case, stops mid-sentence ("... to one of three groups:" / "alternate-day
        # fasting; ...", "an extract of E." / "purpurea"); a short line ending on a colon
        # leads into a list, and lines ending on semicolons are a list's flattened items
        return t[0].islower() and (p[-1] in ")\"”’" or bool(_LINE_END_ABBREVIATION.search(p))
                                   or p[-1] in ".:" and len(p) >= WRAPPED_LINE)
    return t[0].islower() or len(p) >= WRAPPED_LINE


# A field of a record ("Enrollment (Estimated): 60 participants"): a short label, a colon
# and a value on the same line
_FIELD = re.compile(r"^[A-Z][A-Za-z0-9 ()/&'’-]{1,40}:\s+\S")


def _line_blocks(lines: list[_Line], markdown: bool) -> list[Block]:
    blocks: list[Block] = []
    prev: _Line | None = None
    fields = [bool(_FIELD.match(ln.stripped)) for ln in lines]
    for i, ln in enumerate(lines):
        kind, level, content = _line_kind(ln)
        s, e = _trim(ln)
        if kind == "heading" and content is None and (markdown or fields[i] and (
                i > 0 and fields[i - 1] or i + 1 < len(lines) and fields[i + 1])):
            # a title-like line among other "Label: value" lines is one field of a record
            # (a registry entry, a leaflet's fact list), not a heading
            kind = "paragraph"
        if kind == "heading" and content is None and prev is not None and _continues(prev, ln):
            kind = "paragraph"
        if kind == "paragraph" and prev is not None and blocks and blocks[-1].kind == "heading" \
                and blocks[-1].content_start is None and len(prev.stripped) >= WRAPPED_LINE \
                and ln.stripped[:1].islower() and _continues(prev, ln):
            # a line read as a heading for its capitals ("Researchers at the University of
            # Michigan Medical School tested retinol in a") that a wrapped sentence goes on
            # from in lower case was the sentence's first line
            blocks[-1] = Block("paragraph", blocks[-1].start, e)
        elif kind == "paragraph" and prev is not None and blocks and blocks[-1].kind in (
            "paragraph",
            "bullet",
        ) and _continues(prev, ln):
            last = blocks[-1]
            blocks[-1] = Block(last.kind, last.start, e, level=last.level,
                               content_start=last.content_start)
        elif kind == "paragraph":
            blocks.append(Block("paragraph", s if content is None else content, e))
        else:
            blocks.append(Block(kind, s, e, level=level, content_start=content))
        prev = ln
    return blocks


# Sentence ends inside one line: a list item that holds several is prose set in a list (a
# repository page printing a whole abstract in one item), read as a paragraph
_SENTENCE_END = re.compile(r"[.!?][)\]]?\s+[A-Z(]")


def _prose(item: str) -> bool:
    return len(item) >= 600 and len(_SENTENCE_END.findall(item)) >= 4


def _line_kind(ln: _Line) -> tuple[str, int, int | None]:
    """(kind, level, content_start) for one line."""
    m = _HEADING_MD.match(ln.text)
    if m:
        return "heading", len(m.group(1)), ln.start + m.start(2)
    m = _BULLET.match(ln.text)
    if m:
        marker = m.group(2)
        content = ln.start + m.end()
        indent = len(m.group(1).expandtabs(4))
        rest = ln.text[m.end():].strip()
        if marker[0].isdigit() and _title_like(rest):
            return "heading", 3, content
        if _prose(rest):
            return "paragraph", 0, content
        return "bullet", indent // 2, content
    if _is_byline(ln.stripped) or _REPORTER.fullmatch(ln.stripped):
        return "byline", 0, None
    if _title_like(ln.stripped):
        return "heading", 2, None
    return "paragraph", 0, None


# An author line: "Mara Okonkwo MD1, Henrik Dahl PhD2" or "A. Lind, B. Sato and C. Ruiz"
_NAME = r"[A-Z][\w'’-]*\.?(?:\s+[A-Z][\w'’-]*\.?){1,3}"
_DEGREES = r"(?:,?\s*(?:MD|PhD|MBBS|MBChB|DO|MSc|BSc|MPH|RN|FACD|FRACP|FRCP|FAAD|DDS|PharmD))*"
_MARKS = r"(?:\s?[\d*†‡§]+(?:,[\d*†‡§]+)*)?"  # affiliation marks: "MD1,2*", "Ruiz 1"
_BYLINE = re.compile(
    rf"^{_NAME}{_DEGREES}{_MARKS}(?:\s*(?:,|\band\b|&)\s*{_NAME}{_DEGREES}{_MARKS}){{1,}}$")
# what tells people from capitalised topics ("Scar Types, Lasers and Skin Needling")
_PERSON_MARK = re.compile(r"\b[A-Z]\.(?!\w)|\b(MD|PhD|MBBS|MBChB|MSc|MPH|FACD|FRACP|FAAD)"
                          r"(\d|\b)|[a-z] ?\d|[†‡*§]")
_DEGREE_OR_MARK = re.compile(rf"{_DEGREES}{_MARKS}$")


# "By Tom Avery": a reporter's byline on a line of its own
_REPORTER = re.compile(r"[*_]*By\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
                      r"(?:\s+(?:and|&)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})?[*_]*")
REPORTER_LINE = re.compile(rf"(?m)^[ \t]*{_REPORTER.pattern}[ \t]*$")


def _is_byline(t: str) -> bool:
    return len(t) <= 200 and t[:1].isupper() and bool(_BYLINE.match(t) and _PERSON_MARK.search(t))


def byline_authors(text: str, blocks: list[Block]) -> list[str]:
    """The names of an author line near the top, without degrees and affiliation marks."""
    for b in blocks[:12]:
        line = text[b.start:b.end].strip()
        if b.kind == "byline":
            parts = re.split(r"\s*(?:,(?!\s*[\d*†‡§])|\band\b|&)\s*", line)
            names = [_DEGREE_OR_MARK.sub("", p).strip(" ,") for p in parts]
            return [n for n in names if n and not re.fullmatch(r"[\d*†‡§,]+", n)]
    return []


def _title_like(t: str) -> bool:
    """A short line that reads as a heading: no closing full stop, mostly capitalised words."""
    t = t.strip()
    if not t or len(t) > 100 or t[-1] in ".!,;:" or t.startswith(("*", "(", "|")):
        return False
    if "http" in t or "DOI" in t or "·" in t or len(_DIGIT.findall(t)) > 4:
        return False
    if t.endswith("?"):
        return len(t.split()) <= 16
    words = re.findall(r"[A-Za-z][A-Za-z'’\-]*", t)
    if not words or len(words) > 12:
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content:
        return False
    caps = sum(1 for w in content if w[0].isupper())
    return caps / len(content) >= 0.6 and words[0][0].isupper()


# --- pipe tables -----------------------------------------------------------


def _is_pipe_table(group: list[_Line]) -> bool:
    rows = [ln for ln in group if not _PIPE_SEP.match(ln.text)]
    return len(rows) >= 2 and all(ln.stripped.count("|") >= 2 for ln in rows)


def _pipe_table_blocks(group: list[_Line], table_no: int) -> list[Block]:
    blocks: list[Block] = []
    row = 0
    for ln in group:
        if _PIPE_SEP.match(ln.text):
            continue
        s, e = _trim(ln)
        blocks.append(Block("table_row", s, e, table=table_no, row=row))
        cells = _pipe_cells(ln)
        for col, (cs, ce) in enumerate(cells):
            blocks.append(Block("table_cell", cs, ce, table=table_no, row=row, col=col))
        row += 1
    return blocks


def _pipe_cells(ln: _Line) -> list[tuple[int, int]]:
    t = ln.text
    bars = [i for i, ch in enumerate(t) if ch == "|"]
    # leading and trailing bars are optional
    edges = bars[:]
    if not t.lstrip().startswith("|"):
        edges.insert(0, -1)
    if not t.rstrip().endswith("|"):
        edges.append(len(t))
    cells = []
    for a, b in zip(edges, edges[1:], strict=False):
        seg = t[a + 1 : b]
        if not seg.strip():
            cells.append((ln.start + a + 1, ln.start + a + 1))
            continue
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        cells.append((ln.start + a + 1 + lead, ln.start + b - trail))
    return cells


# --- tables whose cells arrive one per line --------------------------------


def _cell_like(group: list[_Line]) -> bool:
    if len(group) != 1:
        return False
    t = group[0].stripped
    return (
        len(t) <= 60
        and len(t.split()) <= 8
        and t[-1] not in ".!?:;,"
        and not _is_bullet(group[0])
        and "|" not in t
        and not t.startswith("#")
    )


def _cell_run(groups: list[list[_Line]], i: int) -> tuple[int, int, int] | None:
    """At groups[i], a one-cell-per-line table: (lines to skip first, columns, rows).

    A run of short single-line blocks is read as a table with k columns when the
    header row has no digits and every data column is consistent (all its cells
    carry digits, or none do). The first line may be a heading above the table.
    """
    n = 0
    while i + n < len(groups) and _cell_like(groups[i + n]):
        n += 1
    if n < 6:
        return None
    cells = [groups[i + j][0].stripped for j in range(n)]
    for skip in (0, 1):
        for k in range(2, 9):
            m = n - skip
            rows = m // k
            if rows < 3:
                continue
            body = cells[skip : skip + rows * k]
            header = body[:k]
            if any(_DIGIT.search(c) for c in header):
                continue
            data = [body[r * k : (r + 1) * k] for r in range(1, rows)]
            cols_ok = all(
                len({bool(_DIGIT.search(row[c])) for row in data}) == 1 for c in range(k)
            )
            has_numeric = any(_DIGIT.search(row[c]) for row in data for c in range(k))
            if cols_ok and has_numeric:
                return skip, k, rows
    return None


def _cell_table_blocks(cells: list[_Line], ncols: int, table_no: int) -> list[Block]:
    blocks: list[Block] = []
    for r in range(len(cells) // ncols):
        row = cells[r * ncols : (r + 1) * ncols]
        s, _ = _trim(row[0])
        _, e = _trim(row[-1])
        blocks.append(Block("table_row", s, e, table=table_no, row=r))
        for c, ln in enumerate(row):
            cs, ce = _trim(ln)
            blocks.append(Block("table_cell", cs, ce, table=table_no, row=r, col=c))
    return blocks


def _is_bullet(ln: _Line) -> bool:
    return bool(_BULLET.match(ln.text))

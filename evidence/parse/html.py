"""HTML to stored text with structure.

The page is walked once, iteratively (deeply nested markup cannot exhaust the
stack), and written out as plain text: blocks separated by a blank line, list
items and table rows one per line, table cells separated by " | ". Navigation,
scripts, forms and boilerplate never reach the stored text. Each block records
where it starts, so extraction can tell a heading from a bullet from a cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from evidence.models import Block

PARSER = "evidence.parse.html.v44"  # v44: genre model v9 (retrained with batch 23, word rates weighed more gently); v43: a report telling that the agency issued a warning, or citing its advisory, tells what the agency said; one notice wording told twice ("warning letter", "warning letters") is one mark of a notice; worded like a notice but telling twice what the agency said, a page is news or a business's; v42: an issue cited as APA prints it ("41(2), 233-240") or headed by its year ("(2021) 7:4411"), and a repository record's year on a line of its own ("(2018)"), date a paper; v41: a publisher's PDF page head ("Journal 4 (2022) 187-193") dates the paper; v40: title v11 (upload notices, print and text-size tools, login forms are furniture); v39: a notice advising consumers or health professionals, a regulator named by its acronym, is a regulator's; v38: a publisher's masthead and a journal page's article tools are page furniture; v37: a paper dated by nothing else is dated by its copyright year; v36: footnote marks glued to a title's last word and a byline's "by" after it are not the title; v35: a DOI a line break or a stray space cut after a dot is read whole; v34: a page speaking of a study's authors in the third person retells it, even when it prints the paper's identifiers; v33: genre model v7 (retrained with batch 21); v32: genre model v6 (retrained with batch 20); one word of a practice (a clinic, sessions) on a page whose wording reads more like a paper's than not makes no business page; v31: title v10 (the rest of a wrapped furniture line starts no title); v30: title v9 (a wrapped title does not go on over a blank line; its lines going on keep a title's form though their words may not recur); v29: genre model v5 (retrained with batch 19); a clinical journal's abstract headings in capitals (DESIGN AND SETTING, PATIENTS, MAIN OUTCOME MEASURES), and a heading in capitals run into its text, make a structured abstract; v28: a paper's date on its journal's line, after its publisher's name or an Epub; a fuller date of the same year refines the issue's year; v27: genre model v4 (the rates of common words beside the signals; a short text's words count less); a review's own abstract headings (data sources, study selection, data synthesis) make a structured abstract; v26: title v8 (a heading broken inside a word over a hard wrap is read whole); v25: title v8 (a title line ending on a hyphen goes on); v24: a research portal's publication status and a record's own author-date reference date the paper; index citation lines with an online-first locator or an Epub; v23: title v7 (hard-wrapped titles); v22: title v6; v21: index citation lines with an article number, a colon or no volume yet; v20: hsa.gov.sg a regulator's host; v19: an index's citation line and "Journal Article" type line are a publisher's furniture, speaking over a site's "Contact us" alone; v18: "Warning Letters" in the plural is a regulator's word too; v17: abstract labels set off by a dash, "Research design and methods"; v16: a seller's copy of an abstract (a call to action, a study card over it) is the seller's page; v15: title v5 (the line under an index citation); v14: a report telling, more than once, what the agency said is no notice of its own; v13: a page no rule places, with content to read, is the likelier of a business page and news, not other; v12: a page written like a paper but telling of someone else's study, with no identifiers, is no paper; v11: a study card's labelled fields are a business cue; v10: genre model v3; three kinds of business cue outweigh the model; v9: PubMed Central's logo link and id labels as page furniture; v8: only a copy's top gives its address; v7: what researchers note and report, a regulator's voice without its name; v6: what its authors did, in the first person, makes an article; v5: MEDLINE records, issue dates by article number or over two lines, DOIs with a glued word cut; v4: news told in the third person or present tense; v3: a publisher's page furniture; v2: what the parse reads from content changed (kind, title, dates)

DROP_TAGS = {
    "script", "style", "noscript", "nav", "aside", "form", "button", "iframe", "svg",
    "template", "select", "input", "textarea", "object", "embed", "canvas", "video",
    "audio", "map", "dialog", "head", "meta", "link",
}
PAGE_CHROME = {"header", "footer"}  # dropped unless they sit inside the article itself
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "blockquote", "figcaption", "dd", "dt",
    "address", "pre", "figure", "details", "summary", "center", "body", "html",
}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BOILER_ATTR = re.compile(
    r"(^|[\s_-])(cookie|consent|gdpr|share|sharing|social|newsletter|subscribe|breadcrumb|"
    r"skip-?link|skip-to|menu|navbar|sidebar|related|comments?|advert|ads|promo|popup|modal|"
    r"banner|signup|login|print-only|visually-hidden|sr-only)([\s_-]|$)",
    re.I,
)
BOILERPLATE_TEXT = re.compile(
    r"^\s*(skip to (main )?content|skip navigation|table of contents|toggle navigation|"
    r"(accept|reject|manage) (all )?cookies?|we use cookies.*|this (web)?site uses cookies.*|"
    r"share (this|on \w+)|share|tweet|print|email this( page)?|back to top|"
    r"subscribe( to our newsletter)?|sign up for our newsletter|follow us( on \w+)?|"
    r"read more|load more|menu|search|close|previous|next)\s*[.!]?\s*$",
    re.I,
)
_WS = re.compile(r"\s+")


@dataclass
class TextWriter:
    """Accumulates stored text and blocks."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0
    blocks: list[Block] = field(default_factory=list)
    tables: int = 0

    def _sep(self, sep: str) -> None:
        if self.pos == 0:
            return
        self.parts.append(sep)
        self.pos += len(sep)

    def block(self, kind: str, text: str, level: int = 0, marker: str = "", sep: str = "\n\n") -> None:
        text = _WS.sub(" ", text).strip()
        if not text or BOILERPLATE_TEXT.match(text):
            return
        self._sep(sep)
        start = self.pos
        body = marker + text
        self.parts.append(body)
        self.pos += len(body)
        self.blocks.append(
            Block(kind, start, self.pos, level=level,
                  content_start=start + len(marker) if marker else None)
        )

    def table(self, rows: list[list[str]]) -> None:
        rows = [[_WS.sub(" ", c).strip() for c in r] for r in rows]
        rows = [r for r in rows if any(r)]
        if not rows:
            return
        no = self.tables
        self.tables += 1
        for r, cells in enumerate(rows):
            self._sep("\n\n" if r == 0 else "\n")
            row_start = self.pos
            cell_blocks = []
            for c, cell in enumerate(cells):
                if c:
                    self.parts.append(" | ")
                    self.pos += 3
                cs = self.pos
                self.parts.append(cell)
                self.pos += len(cell)
                cell_blocks.append(Block("table_cell", cs, self.pos, table=no, row=r, col=c))
            self.blocks.append(Block("table_row", row_start, self.pos, table=no, row=r))
            self.blocks.extend(cell_blocks)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _dropped(tag: Tag, in_article: bool) -> bool:
    name = tag.name
    if name in DROP_TAGS:
        return True
    if name in PAGE_CHROME and not in_article:
        return True
    attrs = tag.attrs or {}
    if attrs.get("hidden") is not None or attrs.get("aria-hidden") == "true":
        return True
    role = str(attrs.get("role", "")).lower()
    if role in {"navigation", "banner", "contentinfo", "complementary", "search", "dialog"}:
        return True
    label = " ".join(attrs.get("class", []) or []) + " " + str(attrs.get("id", ""))
    return bool(label.strip() and _BOILER_ATTR.search(label))


class _Gap:
    """A separator written when the walk leaves a block inside a table cell."""

    def __init__(self, text: str):
        self.text = text


_ITEM_GAP = re.compile(r"\s*(?:;\s*)+")
_END_GAP = re.compile(r"([.!?:])\s*;\s*")


def _inline_text(tag: Tag, *, cell: bool = False) -> str:
    """Text of a tag, with <br> as a space, without dropped descendants.

    Outside table cells, nested lists and tables are left out (the page walk writes them
    as their own blocks). A cell keeps everything it holds: its paragraphs apart by a
    space, the items of a list or the rows of a table inside it apart by "; "."""
    out: list[str] = []
    stack: list[object] = [tag]
    while stack:
        node = stack.pop()
        if isinstance(node, _Gap):
            out.append(node.text)
            continue
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            out.append(str(node))
            continue
        if not isinstance(node, Tag):
            continue
        if node is not tag and (node.name in DROP_TAGS
                                or (not cell and node.name in ("ul", "ol", "table"))):
            continue
        if node.name == "br":
            out.append(" ")
            continue
        if cell and node is not tag and node.name not in _INLINE:
            gap = "; " if node.name in ("li", "tr", "dt") else " "
            out.append(gap)
            stack.append(_Gap(gap))
        stack.extend(reversed(node.contents))
    text = "".join(out)
    if cell:
        text = _END_GAP.sub(r"\1 ", _ITEM_GAP.sub("; ", _WS.sub(" ", text))).strip(" ;")
    return text


def _nested_blocks(tag: Tag) -> list[Tag]:
    """The lists and tables inside a tag (a list item), outermost only, in order: what
    `_inline_text` leaves out of the item and the page walk writes after it."""
    found: list[Tag] = []
    stack = [c for c in reversed(tag.contents) if isinstance(c, Tag)]
    while stack:
        node = stack.pop()
        if node.name in ("ul", "ol", "table"):
            found.append(node)
        elif node.name not in DROP_TAGS:
            stack.extend(c for c in reversed(node.contents) if isinstance(c, Tag))
    return found


def _table_rows(table: Tag) -> list[list[str]]:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells = [_inline_text(td, cell=True) for td in tr.find_all(["th", "td"])
                 if td.find_parent("tr") is tr]
        rows.append(cells)
    return rows


def html_to_text(soup: BeautifulSoup) -> tuple[str, list[Block]]:
    """Stored text and blocks of a parsed page (the soup is not modified)."""
    w = TextWriter()
    root = soup.body or soup
    # iterative walk: (node, list depth, inside article/main)
    stack: list[tuple[object, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, in_article = stack.pop()
        if not isinstance(node, Tag):
            if isinstance(node, NavigableString) and not isinstance(node, Comment):
                text = str(node).strip()
                if text:
                    w.block("paragraph", text)
            continue
        if _dropped(node, in_article):
            continue
        name = node.name
        inside = in_article or name in ("article", "main")
        if name in HEADINGS:
            w.block("heading", _inline_text(node), level=HEADINGS[name])
            continue
        if name == "table":
            w.table(_table_rows(node))
            continue
        if name == "li":
            w.block("bullet", _inline_text(node), level=depth, marker="- ", sep="\n")
            for child in reversed(_nested_blocks(node)):
                stack.append((child, depth + 1 if child.name != "table" else depth, inside))
            continue
        if name in ("ul", "ol"):
            for child in reversed(node.contents):
                stack.append((child, depth, inside))
            continue
        if name in BLOCK_TAGS or name not in _INLINE:
            # a block whose children are all inline is one paragraph
            if name != "body" and all(_is_inline(c) for c in node.contents):
                w.block("paragraph", _inline_text(node))
                continue
            # otherwise gather runs of inline children into paragraphs
            run: list[object] = []
            items: list[object] = []
            for child in node.contents:
                if _is_inline(child):
                    run.append(child)
                else:
                    if run:
                        items.append(("run", run))
                        run = []
                    items.append(child)
            if run:
                items.append(("run", run))
            for item in reversed(items):
                if isinstance(item, tuple):
                    stack.append((_RunText(item[1]), depth, inside))
                else:
                    stack.append((item, depth, inside))
            continue
        w.block("paragraph", _inline_text(node))
    return w.text, w.blocks


_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "br",
    "font", "label", "del", "ins", "img",
}


def _is_inline(node: object) -> bool:
    if isinstance(node, Comment):
        return True
    if isinstance(node, NavigableString):
        return True
    return isinstance(node, Tag) and node.name in _INLINE


class _RunText(NavigableString):
    """A run of inline siblings, emitted as one paragraph."""

    def __new__(cls, nodes: list[object]) -> _RunText:
        parts = []
        for n in nodes:
            if isinstance(n, Comment):
                continue
            if isinstance(n, NavigableString):
                parts.append(str(n))
            elif isinstance(n, Tag) and n.name not in DROP_TAGS:
                parts.append(" " if n.name == "br" else _inline_text(n))
        return super().__new__(cls, "".join(parts))

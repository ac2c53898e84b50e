"""PDF to stored text with structure, in reading order.

A PDF holds positioned runs of glyphs, not text: pypdf hands each run to a
visitor with its position, font and size, and this module rebuilds what a
reader sees from them.

- Runs on one baseline form a line; a wide horizontal gap splits a line into
  segments (two columns side by side, or the cells of a table row).
- A page is read in two columns when many segments start at the same place in
  the middle of the page: the left column is read before the right one, in
  bands, so a title or table spanning both columns stays where it stands.
- Page furniture (running heads and feet, page numbers) is the top or bottom
  line of a page that is a page number, repeats on other pages, or stands apart
  from the body in a smaller font. It is taken out of the flow and written
  after the paragraph the page break cut, so the halves of a sentence join
  again; each furniture line is a `furniture` block.
- Lines join into paragraphs until a wider vertical gap, an indented first
  line, a change of font, or a line that closes a sentence at a column or page
  break. A word hyphenated at a line end loses its hyphen when the document
  spells it whole elsewhere ("treat-" + "ment"), and keeps it otherwise
  ("split-" + "face").

The stored text is one line per paragraph, blocks separated by a blank line,
so the plain-text parser finds headings, author lines, bullets and tables in
it as in any text; headings the fonts reveal (bold or larger type) are marked
as headings, and furniture as furniture. Limits: a page cap and a cap on the
decompressed size of the page content; pypdf's own limit errors, truncated
and encrypted files all become one typed error for this document alone.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from dataclasses import dataclass, field

from evidence.errors import EmptyDocumentError, EncryptedPdfError, PdfError, TooLargeDocument
from evidence.settings import PdfLimits

PARSER = "evidence.parse.pdf.v45"  # v45: genre model v9 (retrained with batch 23, word rates weighed more gently); v44: a report telling that the agency issued a warning, or citing its advisory, tells what the agency said; one notice wording told twice ("warning letter", "warning letters") is one mark of a notice; worded like a notice but telling twice what the agency said, a page is news or a business's; v43: an issue cited as APA prints it ("41(2), 233-240") or headed by its year ("(2021) 7:4411"), and a repository record's year on a line of its own ("(2018)"), date a paper; v42: a publisher's page head ("Journal 4 (2022) 187-193") dates the paper; v41: title v11 (upload notices, print and text-size tools, login forms are furniture); v40: a notice advising consumers or health professionals, a regulator named by its acronym, is a regulator's; v39: a publisher's masthead and a journal page's article tools are page furniture; v38: a paper dated by nothing else is dated by its copyright year; v37: footnote marks glued to a title's last word and a byline's "by" after it are not the title; v36: a DOI a line break or a stray space cut after a dot is read whole; v35: a page speaking of a study's authors in the third person retells it, even when it prints the paper's identifiers; v34: genre model v7 (retrained with batch 21); v33: genre model v6 (retrained with batch 20); one word of a practice (a clinic, sessions) on a page whose wording reads more like a paper's than not makes no business page; v32: title v10 (the rest of a wrapped furniture line starts no title); v31: title v9 (a wrapped title does not go on over a blank line; its lines going on keep a title's form though their words may not recur); v30: genre model v5 (retrained with batch 19); a clinical journal's abstract headings in capitals (DESIGN AND SETTING, PATIENTS, MAIN OUTCOME MEASURES), and a heading in capitals run into its text, make a structured abstract; v29: a paper's date on its journal's line, after its publisher's name or an Epub; a fuller date of the same year refines the issue's year; v28: genre model v4 (the rates of common words beside the signals; a short text's words count less); a review's own abstract headings (data sources, study selection, data synthesis) make a structured abstract; v27: title v8 (a heading broken inside a word over a hard wrap is read whole); v26: title v8 (a title line ending on a hyphen goes on); v25: a research portal's publication status and a record's own author-date reference date the paper; index citation lines with an online-first locator or an Epub; v24: a list item holding several sentences of prose is a paragraph; v23: title v7 (hard-wrapped titles); v22: title v6; v21: index citation lines with an article number, a colon or no volume yet; v20: hsa.gov.sg a regulator's host; v19: an index's citation line and "Journal Article" type line are a publisher's furniture, speaking over a site's "Contact us" alone; v18: "Warning Letters" in the plural is a regulator's word too; v17: abstract labels set off by a dash, "Research design and methods"; v16: a seller's copy of an abstract (a call to action, a study card over it) is the seller's page; v15: title v5 (the line under an index citation); v14: a report telling, more than once, what the agency said is no notice of its own; v13: a page no rule places, with content to read, is the likelier of a business page and news, not other; v12: a page written like a paper but telling of someone else's study, with no identifiers, is no paper; v11: a study card's labelled fields are a business cue; v10: genre model v3; three kinds of business cue outweigh the model; v9: PubMed Central's logo link and id labels as page furniture; v8: only a copy's top gives its address; v7: what researchers note and report, a regulator's voice without its name; v6: what its authors did, in the first person, makes an article; v5: MEDLINE records, issue dates by article number or over two lines, DOIs with a glued word cut; v4: news told in the third person or present tense; v3: a publisher's page furniture; v2: what the parse reads from content changed (kind, title, dates)
_TERMINAL = ".!?:;"
_PAGE_NUMBER = re.compile(r"(?:page\s+)?[–—-]?\s*\d{1,4}\s*[–—-]?(?:\s+of\s+\d{1,4})?", re.I)
_BULLET = re.compile(r"^([•‣▪◦·●–-]|\d{1,2}[.)])\s+")
_HYPHEN_END = re.compile(r"([A-Za-z]{2,})-$")
_WORD_START = re.compile(r"^([a-z]+)")


@dataclass
class PdfInfo:
    """What the file says about itself (the document information dictionary)."""

    pages: int = 0
    title: str | None = None
    author: str | None = None
    created: str | None = None


@dataclass
class _Run:
    x: float
    y: float
    size: float
    bold: bool
    text: str


@dataclass
class _Segment:
    x0: float
    x1: float  # estimated right edge
    y: float
    size: float
    bold: bool
    text: str
    page: int = 0
    column: int = 0  # 0 full width, 1 left, 2 right
    furniture: bool = False


@dataclass
class _Para:
    lines: list[_Segment] = field(default_factory=list)
    furniture: bool = False

    @property
    def first(self) -> _Segment:
        return self.lines[0]


# --- reading the file -----------------------------------------------------


def _pypdf_limits(limit: int):  # type: ignore[no-untyped-def]
    """pypdf's decompression limits lowered to ours for this document (a context manager;
    pypdf keeps its configuration per execution context)."""
    from pypdf import apply_configuration

    return apply_configuration(
        zlib_maximum_output_length=limit, lzw_maximum_output_length=limit,
        run_length_maximum_output_length=limit, array_based_stream_maximum_output_length=limit,
        maximum_declared_stream_length=limit, jbig2_maximum_output_length=limit,
        brotli_maximum_output_length=limit, image_maximum_buffer_size=limit,
        disable_legacy_handling=True)


def read_runs(raw: bytes, location: str, limits: PdfLimits) -> tuple[list[list[_Run]], list[tuple[float, float]], PdfInfo]:
    """Runs of text per page, page sizes and the file's own information; typed errors only."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings about damaged files are ours
    if b"%%EOF" not in raw[-2048:]:
        # pypdf would recover what it can of a cut-off file; a part of a paper is not stored
        raise PdfError("the PDF ends before its end-of-file marker: the file is truncated",
                       input=location)
    try:
        with _pypdf_limits(limits.max_decompressed):
            reader = PdfReader(io.BytesIO(raw), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except (DependencyError, NotImplementedError) as exc:
                    raise EncryptedPdfError(f"the PDF is encrypted ({exc})", input=location) from exc
                if not opened:
                    raise EncryptedPdfError("the PDF is encrypted with a password", input=location)
            n = len(reader.pages)
            if n > limits.max_pages:
                raise TooLargeDocument(f"the PDF has {n} pages, over the {limits.max_pages}-page limit",
                                       input=location)
            info = PdfInfo(pages=n)
            _read_info(reader, info)
            pages: list[list[_Run]] = []
            sizes: list[tuple[float, float]] = []
            expanded = 0
            for page in reader.pages:
                contents = page.get_contents()
                expanded += len(contents.get_data()) if contents is not None else 0
                if expanded > limits.max_decompressed:
                    raise TooLargeDocument(
                        f"the page content expands past {limits.max_decompressed // (1024 * 1024)} MB "
                        "(a decompression bomb?)", input=location)
                box = page.mediabox
                sizes.append((float(box.width), float(box.height)))
                pages.append(_page_runs(page))
    except (TooLargeDocument, EncryptedPdfError):
        raise
    except LimitReachedError as exc:
        raise TooLargeDocument(f"a stream expands past the limit (a decompression bomb?): {exc}",
                               input=location) from exc
    except FileNotDecryptedError as exc:
        raise EncryptedPdfError("the PDF is encrypted with a password", input=location) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
            RecursionError, OSError) as exc:
        raise PdfError(f"the PDF cannot be read, it may be truncated or damaged "
                       f"({type(exc).__name__}: {str(exc)[:120]})", input=location) from exc
    return pages, sizes, info


def _read_info(reader, info: PdfInfo) -> None:  # type: ignore[no-untyped-def]
    try:
        meta = reader.metadata
    except Exception:  # noqa: BLE001 - a damaged information dictionary is only missing facts
        return
    if not meta:
        return
    info.title = _clean(meta.get("/Title"))
    info.author = _clean(meta.get("/Author"))
    created = _clean(meta.get("/CreationDate"))
    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", created or "")
    if m:
        info.created = "-".join(p for p in m.groups() if p)


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _page_runs(page) -> list[_Run]:  # type: ignore[no-untyped-def]
    runs: list[_Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text or not text.strip():
            return
        a, b, c, d, e, f = tm
        ca, cb, cc, cd, ce, cf = cm
        x = e * ca + f * cc + ce
        y = e * cb + f * cd + cf
        scale = abs(d * cd) or abs(a * ca) or 1.0
        name = str(font.get("/BaseFont", "")) if hasattr(font, "get") else ""
        for part in text.split("\n"):
            if part.strip():
                runs.append(_Run(x, y, float(size) * scale, "Bold" in name or "Black" in name,
                                 part))

    page.extract_text(visitor_text=visit, orientations=(0,))
    return runs


# --- lines, columns, furniture ----------------------------------------------


_NARROW = set(" .,;:'!|()[]ijlftrI-")
_WIDE = set("mwMW@%")


def _width(text: str, size: float) -> float:
    """Estimated width of a run: glyph classes of a proportional sans-serif font, in ems."""
    ems = 0.0
    for ch in text:
        if ch in _NARROW:
            ems += 0.28
        elif ch in _WIDE:
            ems += 0.85
        elif ch.isupper():
            ems += 0.67
        else:
            ems += 0.55
    return ems * size


def _start_split(runs: list[_Run], width: float) -> float | None:
    """Where a second column starts, from where runs start (before lines are built)."""
    starts: dict[int, int] = {}
    for r in runs:
        if 0.3 * width < r.x < 0.7 * width:
            starts[round(r.x / 3)] = starts.get(round(r.x / 3), 0) + 1
    key, count = max(starts.items(), key=lambda kv: kv[1], default=(0, 0))
    return key * 3 - 3 if count >= 3 else None


def _lines(runs: list[_Run], split: float | None = None) -> list[list[_Segment]]:
    """Runs grouped into baselines (top of the page first), each split into segments; a run
    that starts where the second column starts never joins a run of the first."""
    out: list[list[_Segment]] = []
    for r in sorted(runs, key=lambda r: (-r.y, r.x)):
        if out and abs(out[-1][0].y - r.y) <= 0.4 * max(r.size, out[-1][0].size):
            line = out[-1]
        else:
            line = []
            out.append(line)
        line.append(_Segment(r.x, r.x + _width(r.text, r.size), r.y, r.size, r.bold, r.text))
    merged: list[list[_Segment]] = []
    for line in out:
        segs: list[_Segment] = []
        for s in sorted(line, key=lambda s: s.x0):
            last = segs[-1] if segs else None
            across = split is not None and last is not None and last.x0 < split - 2 * s.size \
                and s.x0 >= split - 2 * s.size
            if last is not None and not across and s.x0 - last.x1 <= max(1.5 * s.size, 8.0):
                joined = last.text.endswith(" ") or s.text.startswith((" ", ".", ",", ";", ":", ")"))
                last.text += ("" if joined else " ") + s.text
                last.x1 = max(last.x1, s.x1)
                last.bold = last.bold and s.bold
                last.size = max(last.size, s.size)
            else:
                segs.append(s)
        for s in segs:
            s.text = " ".join(s.text.split())
        merged.append([s for s in segs if s.text])
    return [ln for ln in merged if ln]


def _column_split(lines: list[list[_Segment]], width: float) -> float | None:
    """Where a two-column page's right column starts: the place in the middle of the page
    where at least three segments start, with left-column lines ending before it."""
    starts: dict[int, int] = {}
    for line in lines:
        for s in line:
            if 0.3 * width < s.x0 < 0.7 * width:
                starts[round(s.x0 / 3)] = starts.get(round(s.x0 / 3), 0) + 1
    if not starts:
        return None
    key, count = max(starts.items(), key=lambda kv: kv[1])
    if count < 3:
        return None
    split = key * 3 - 3
    lefts = sum(1 for line in lines for s in line if s.x0 < split and s.x1 < split + 2 * s.size)
    return split if lefts >= 3 else None


def _furniture(pages: list[list[list[_Segment]]], sizes: list[tuple[float, float]]) -> None:
    """Mark the running heads, feet and page numbers at the top and bottom of each page."""
    def norm(s: _Segment) -> str:
        return re.sub(r"\d+", "#", s.text.lower())

    edges: list[list[list[_Segment]]] = []
    for lines in pages:
        cand = []
        if lines:
            cand.append(lines[0])
            if len(lines) > 1:
                cand.append(lines[-1])
            if len(lines) > 3:
                cand.extend([lines[1], lines[-2]])
        edges.append(cand)
    seen: dict[str, set[int]] = {}
    for p, cand in enumerate(edges):
        for line in cand:
            for s in line:
                seen.setdefault(norm(s), set()).add(p)
    body = [s.size for lines in pages for line in lines for s in line]
    body_size = statistics.median(body) if body else 10.0
    for p, lines in enumerate(pages):
        height = sizes[p][1] if p < len(sizes) else 842.0
        for idx in _edge_indexes(len(lines)):
            line = lines[idx]
            for s in line:
                repeated = len(seen.get(norm(s), ())) >= 2 and len(pages) > 1 \
                    and _stands_apart(lines, idx, body_size, 1.6)
                number = bool(_PAGE_NUMBER.fullmatch(s.text))
                apart = _stands_apart(lines, idx, body_size) and s.size < body_size - 0.4 \
                    and (s.y > 0.88 * height or s.y < 0.12 * height)
                if repeated or number or apart:
                    s.furniture = True
        # only the outermost lines: an inner candidate counts when the outer one is furniture
        _unmark_inner(lines)


def _edge_indexes(n: int) -> list[int]:
    idx = [0, n - 1] if n > 1 else [0] if n else []
    if n > 3:
        idx += [1, n - 2]
    return idx


def _unmark_inner(lines: list[list[_Segment]]) -> None:
    if len(lines) > 3:
        if not all(s.furniture for s in lines[0]):
            for s in lines[1]:
                s.furniture = False
        if not all(s.furniture for s in lines[-1]):
            for s in lines[-2]:
                s.furniture = False


def _stands_apart(lines: list[list[_Segment]], idx: int, body_size: float,
                  lines_apart: float = 2.2) -> bool:
    """A line separated from the body (below a head, above a foot) by more than a gap of
    `lines_apart` body lines (a column's last line sits at the usual line spacing)."""
    other = idx + 1 if idx < len(lines) / 2 else idx - 1
    if not 0 <= other < len(lines):
        return True
    return abs(lines[idx][0].y - lines[other][0].y) > lines_apart * body_size


def _reading_order(lines: list[list[_Segment]], width: float, page: int) -> list[_Segment]:
    """The page's body segments in reading order: full-width lines where they stand, and
    between them each band of two columns read left column first."""
    body = [[s for s in line if not s.furniture] for line in lines]
    body = [line for line in body if line]
    split = _column_split(body, width)
    out: list[_Segment] = []
    left: list[_Segment] = []
    right: list[_Segment] = []

    def flush() -> None:
        out.extend(left)
        out.extend(right)
        left.clear()
        right.clear()

    for line in body:
        for s in line:
            s.page = page
        if split is None:
            out.append(_joined(line, 0))
            continue
        tol = 2 * line[0].size
        lefts = [s for s in line if s.x0 < split - tol]
        rights = [s for s in line if s.x0 >= split - tol]
        span = len(line) >= 3 or (len(line) == 1 and lefts and lefts[0].x1 > split
                                  + 0.5 * (width - split)) or any(
            s.x1 > split + 0.5 * (width - split) for s in lefts if rights)
        if span:
            flush()
            out.append(_joined(line, 0))
            continue
        if lefts:
            left.append(_joined(lefts, 1))
        if rights:
            right.append(_joined(rights, 2))
    flush()
    return out


def _joined(segs: list[_Segment], column: int) -> _Segment:
    """One segment for a line; the cells of a table row are kept apart by " | "."""
    first = segs[0]
    text = " | ".join(s.text for s in segs) if len(segs) >= 3 else " ".join(s.text for s in segs)
    return _Segment(first.x0, segs[-1].x1, first.y, max(s.size for s in segs),
                    all(s.bold for s in segs), text, first.page, column)


# --- paragraphs ----------------------------------------------------------------


def _paragraphs(flow: list[_Segment], body_size: float) -> list[_Para]:
    """Lines joined into paragraphs (see the module docstring for where one ends)."""
    gaps: dict[int, list[float]] = {}  # line spacing per type size
    for a, b in zip(flow, flow[1:], strict=False):
        if a.page == b.page and a.column == b.column and abs(a.size - b.size) < 0.5 \
                and a.y > b.y and " | " not in a.text:
            gaps.setdefault(round(a.size), []).append(a.y - b.y)
    # the leading: the spacing of most lines (a paragraph break adds to it)
    steps = {k: sorted(v)[len(v) // 5] for k, v in gaps.items()}
    lefts: dict[tuple[int, int], float] = {}
    for s in flow:
        key = (s.page, s.column)
        lefts[key] = min(lefts.get(key, s.x0), s.x0)
    paras: list[_Para] = []
    for s in flow:
        prev = paras[-1].lines[-1] if paras else None
        step = steps.get(round(s.size), s.size * 1.2)
        if prev is None or not _continues(prev, s, step, lefts):
            paras.append(_Para())
        paras[-1].lines.append(s)
    return paras


def _continues(prev: _Segment, s: _Segment, step: float, lefts: dict[tuple[int, int], float]) -> bool:
    if " | " in prev.text or " | " in s.text or _BULLET.match(s.text):
        return False
    if abs(prev.size - s.size) > 0.8 or prev.bold != s.bold:
        return False
    if prev.page == s.page and prev.column == s.column and prev.y > s.y:
        if prev.y - s.y > 1.25 * step:
            return False
        left = lefts.get((s.page, s.column), s.x0)
        indented = s.x0 > left + 0.8 * s.size and prev.x0 <= left + 0.8 * s.size
        return not indented  # an indented first line starts a paragraph
    # a column or page break: the paragraph goes on unless the last line closed a sentence
    return prev.text[-1:] not in _TERMINAL or s.text[:1].islower()


def _join_lines(lines: list[_Segment], vocabulary: set[str]) -> str:
    out = ""
    for s in lines:
        t = s.text
        if not out:
            out = t
            continue
        m, w = _HYPHEN_END.search(out), _WORD_START.match(t)
        if m and w:
            whole = (m.group(1) + w.group(1)).lower()
            out = out[:-1] + t if whole in vocabulary else out + t
        else:
            out = out + " " + t
    return out


# --- the document ------------------------------------------------------------


@dataclass
class PdfText:
    """The stored text of a PDF, its blocks as the layout shows them, and its facts."""

    text: str
    furniture: list[tuple[int, int]]
    headings: list[tuple[int, int, int]]  # start, end, level
    title: str | None
    info: PdfInfo


def pdf_text(raw: bytes, location: str, limits: PdfLimits | None = None) -> PdfText:
    """Read a PDF into stored text in reading order (raises InputError subclasses)."""
    limits = limits or PdfLimits()
    pages_runs, sizes, info = read_runs(raw, location, limits)
    pages = [_lines(runs, _start_split(runs, sizes[p][0]))
             for p, runs in enumerate(pages_runs)]
    if not any(pages):
        raise EmptyDocumentError("the PDF has no text layer (a scan?); run OCR on it first",
                                 input=location)
    _furniture(pages, sizes)
    body_sizes = [s.size for lines in pages for line in lines for s in line if not s.furniture]
    body_size = statistics.median(body_sizes) if body_sizes else 10.0
    flow: list[_Segment] = []
    for p, lines in enumerate(pages):
        flow.extend(_reading_order(lines, sizes[p][0], p))
    paras = _paragraphs(flow, body_size)
    heads_of: dict[int, list[str]] = {}
    feet_of: dict[int, list[str]] = {}
    for p, lines in enumerate(pages):
        half = sizes[p][1] / 2  # pages and sizes come from the same pages
        for line in lines:
            for s in line:
                if s.furniture:
                    (heads_of if s.y > half else feet_of).setdefault(p, []).append(s.text)
    words = {w.lower() for s in flow for w in re.findall(r"[A-Za-z]{4,}", s.text)}
    parts: list[str] = []
    pos = 0
    spans: list[tuple[int, int]] = []
    heads: list[tuple[int, int, int]] = []
    title: str | None = None
    top = max((s.size for s in flow if s.page == 0), default=body_size)
    written: set[tuple[str, int]] = set()

    def emit(text: str) -> tuple[int, int]:
        nonlocal pos
        if parts:
            sep = "\n" if " | " in text and " | " in parts[-1] else "\n\n"  # rows of one table
            parts.append(sep)
            pos += len(sep)
        start = pos
        parts.append(text)
        pos += len(text)
        return start, pos

    def furniture_until(feet_before: int, heads_upto: int) -> None:
        """Write the feet of the pages before one page and the heads up to it, once each."""
        for p in range(len(pages)):
            for which, store, last in (("foot", feet_of, feet_before - 1), ("head", heads_of, heads_upto)):
                if p <= last and (which, p) not in written:
                    written.add((which, p))
                    spans.extend(emit(t) for t in store.get(p, []))

    for para in paras:
        first, last = para.first.page, para.lines[-1].page
        furniture_until(first, first)  # at a paragraph boundary
        text = _join_lines(para.lines, words)
        start, end = emit(text)
        s = para.first
        if len(text.split()) <= 20 and text[-1:] != "." and " | " not in text \
                and (s.size >= body_size + 0.9 or s.bold):
            level = 1 if s.page == 0 and s.size >= top - 0.1 and s.size > body_size + 1.5 else 2
            if level == 1 and title is None:
                title = text
            heads.append((start, end, level))
        furniture_until(last, last)  # the pages this paragraph ran across
    furniture_until(len(pages), len(pages))
    text = "".join(parts)
    return PdfText(text, spans, heads, title, info)

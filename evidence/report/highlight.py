"""Cut a document's text into pieces at claim boundaries, and mark words inside a text.

The report never builds HTML strings: it hands templates a list of plain-text
pieces, each saying which claim covers it, and the templates escape every
piece. Claims may nest or overlap, so the text is split at every boundary and
each piece belongs to the innermost claim that covers it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A claim's place in the text: `text[start:end]`, shown with CSS class `css`."""

    start: int
    end: int
    key: str
    css: str


@dataclass(frozen=True)
class Segment:
    """One piece of text. `key` is the innermost claim covering it (None: plain text);
    `covering` lists every claim that covers it, outermost first; `first` marks the
    claim's first piece, which carries its anchor."""

    text: str
    key: str | None = None
    css: str = ""
    covering: tuple[str, ...] = ()
    first: bool = False

    @property
    def nested(self) -> bool:
        return len(self.covering) > 1


@dataclass(frozen=True)
class Piece:
    text: str
    marked: bool = False


def valid_spans(text: str, spans: Iterable[Span]) -> list[Span]:
    """Spans that fit the text and are not empty; the others cannot be highlighted."""
    n = len(text)
    return [s for s in spans if 0 <= s.start < s.end <= n]


def split(text: str, spans: Sequence[Span]) -> tuple[Segment, ...]:
    """Every character of `text` exactly once, in order, cut at every span boundary."""
    usable = valid_spans(text, spans)
    if not usable:
        return (Segment(text),) if text else ()
    order = {s.key: i for i, s in enumerate(usable)}
    bounds = sorted({0, len(text), *(s.start for s in usable), *(s.end for s in usable)})
    by_start = sorted(usable, key=lambda s: (s.start, -s.end, order[s.key]))
    active: list[Span] = []
    seen: set[str] = set()
    nxt = 0
    out: list[Segment] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        while nxt < len(by_start) and by_start[nxt].start <= a:
            active.append(by_start[nxt])
            nxt += 1
        active = [s for s in active if s.end > a]
        piece = text[a:b]
        if not active:
            out.append(Segment(piece))
            continue
        inner = min(active, key=lambda s: (s.end - s.start, -s.start, order[s.key]))
        first = inner.key not in seen
        seen.add(inner.key)
        covering = tuple(s.key for s in sorted(active, key=lambda s: (s.start, -s.end,
                                                                      order[s.key])))
        out.append(Segment(piece, inner.key, inner.css, covering, first))
    return tuple(out)


def overlaps(segments: Iterable[Segment]) -> dict[str, tuple[str, ...]]:
    """claim key -> the other claims that share text with it, in order of appearance."""
    out: dict[str, list[str]] = {}
    for seg in segments:
        if not seg.nested:
            continue
        for k in seg.covering:
            lst = out.setdefault(k, [])
            lst.extend(o for o in seg.covering if o != k and o not in lst)
    return {k: tuple(v) for k, v in out.items()}


_DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2212]"


def _needle_pattern(needle: str) -> re.Pattern[str] | None:
    needle = needle.strip().strip(".,;")
    if not any(ch.isalnum() for ch in needle):
        return None
    parts = []
    for ch in needle:
        if ch in "-\u2010\u2011\u2012\u2013\u2014\u2212":
            parts.append(_DASH)
        elif ch == "%":
            parts.append(r"\s?%")
        elif ch.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if needle[0].isalnum():
        body = r"(?<![\w.])" + body
    if needle[-1].isalnum():
        body += r"(?!\w)"
    return re.compile(body, re.IGNORECASE)


def mark(text: str, needles: Iterable[str]) -> tuple[Piece, ...]:
    """`text` as pieces, with every occurrence of a needle marked (dash and `%` spacing
    variants included, never inside a longer number or word)."""
    hits: list[tuple[int, int]] = []
    for needle in needles:
        pat = _needle_pattern(needle)
        if pat is not None:
            hits.extend(m.span() for m in pat.finditer(text) if m.end() > m.start())
    if not hits:
        return (Piece(text),) if text else ()
    merged: list[list[int]] = []
    for a, b in sorted(hits):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out: list[Piece] = []
    pos = 0
    for a, b in merged:
        if a > pos:
            out.append(Piece(text[pos:a]))
        out.append(Piece(text[a:b], True))
        pos = b
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return tuple(out)


_QUOTED = re.compile(r"'([^']+)'|\"([^\"]+)\"|\u201c([^\u201d]+)\u201d|\u2018([^\u2019]+)\u2019")
_LABEL = re.compile(r"^[A-Za-z_ ]{1,40}:\s*")


def _side_needles(side: str) -> list[str]:
    quoted = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(side)]
    if quoted:
        return quoted
    return [p.strip() for p in side.split(",") if p.strip()]


def mismatch_needles(mismatch: str) -> tuple[list[str], list[str]]:
    """What to mark for one mismatch line such as `number: 52% vs 41.2%` or
    `outcome: 'scar depth' vs 'ECCA score'`: (words in the claim, words in the study)."""
    rest = _LABEL.sub("", mismatch, count=1)
    left, _, right = rest.partition(" vs ")
    return _side_needles(left), _side_needles(right)

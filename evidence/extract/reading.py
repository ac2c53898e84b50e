"""The text extraction reads: the stored text with words a line break hyphenated made whole.

Saved PDF text and hard-wrapped copies break words at line ends ("ran-" / "domized",
"par-" / "ticipants"), which hides a design, a head count or a term from every rule. The
stored text keeps them as the file has them (offsets must check against the original), so
extraction reads a view of the same length in which each broken word is whole, padded with
the spaces its hyphen and line break took: every offset outside the broken word is the
stored text's own. What extraction keeps (a claim's text, a number's, an evidence span's)
is then taken back from the stored text at the same offsets (`restore`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from evidence.models import ExtractionResult, Quantity, RawDocument, Span

VERSION = "evidence.reading.v1"

# a word broken at a line end, going on in small letters on the next line
_BROKEN = re.compile(r"(?<=[A-Za-z]{2})-[ \t]*\n[ \t]*(?=[a-z]{2})")
_WORD_REST = re.compile(r"[a-z]+")


def reading_view(text: str) -> str:
    """`text` with each word a line break hyphenated made whole, at the same length."""
    if "-\n" not in text and not re.search(r"-[ \t]+\n", text):
        return text
    out: list[str] = []
    pos = 0
    for m in _BROKEN.finditer(text):
        if m.start() < pos:
            continue
        rest = _WORD_REST.match(text, m.end())
        tail = text[m.end():rest.end()] if rest else ""
        out.append(text[pos:m.start()])
        out.append(tail + " " * (m.end() - m.start()))
        pos = m.end() + len(tail)
    if pos == 0:
        return text  # nothing broken: the stored text itself, so nothing is read twice
    out.append(text[pos:])
    return "".join(out)


def read_as_view(doc: RawDocument) -> tuple[RawDocument, str]:
    """The document to extract from (its reading view), and its stored text."""
    view = reading_view(doc.text)
    return (doc if view is doc.text else replace(doc, text=view)), doc.text


def restore(result: ExtractionResult, stored: str) -> ExtractionResult:
    """`result` with every text it keeps taken from the stored text at its offsets."""
    def fixed(q: Quantity) -> Quantity:
        if 0 <= q.start <= q.end <= len(stored) and stored[q.start:q.end] != q.text:
            return replace(q, text=stored[q.start:q.end])
        return q

    for c in result.claims:
        c.text = stored[c.start:c.end]
        c.numbers = [fixed(q) for q in c.numbers]
    for st in result.studies:
        st.numbers = [fixed(q) for q in st.numbers]
        for name, spans in st.evidence.items():
            st.evidence[name] = [Span(s.start, s.end, stored[s.start:s.end]) for s in spans]
    return result

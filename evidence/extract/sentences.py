"""Sentence boundaries that survive scientific and clinical writing.

A boundary is a `.`, `!` or `?` (optionally followed by closing quotes or
brackets) followed by white space and a capital letter, digit or opening
quote — except after abbreviations ("et al.", "e.g.", "vs.", "Fig.",
"approx.", "Dr.") and inside numbers ("0.01", "p < 0.01").
"""

from __future__ import annotations

import re

VERSION = "evidence.sentences.v1"

ABBREVIATIONS = {
    "al", "e.g", "i.e", "eg", "ie", "vs", "fig", "figs", "approx", "dr", "mr", "mrs", "ms", "prof",
    "no", "nos", "cf", "ref", "refs", "st", "inc", "ltd", "co", "jr", "sr", "vol", "pp", "ca",
    "resp", "incl", "est", "dept", "univ", "min", "max", "sd", "se", "tab", "eq", "ed", "eds",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mo",
}
_END = re.compile(r"[.!?]+[”\"’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        dot = m.start()
        if text[dot] == ".":
            word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[start:dot])
            if word and word.group(1).lower().rstrip(".") in ABBREVIATIONS:
                continue
            if word and len(word.group(1)) == 1 and word.group(1).isupper():
                continue  # an initial: "J. Park"
        end = m.end()
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if e - trail > s + lead:
            out.append((s + lead, e - trail))
    return out

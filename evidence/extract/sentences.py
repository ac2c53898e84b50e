"""Sentence boundaries that survive scientific and clinical writing.

A boundary is a `.`, `!` or `?` (optionally followed by closing quotes or
brackets) followed by white space and a capital letter, digit or opening
quote — except after abbreviations ("et al.", "e.g.", "vs.", "Fig.",
"approx.", "Dr.") and inside numbers ("0.01", "p < 0.01").
"""

from __future__ import annotations

import re

VERSION = "evidence.sentences.v2"  # v2: a label glued to the sentence it heads is cut off

ABBREVIATIONS = {
    "al", "e.g", "i.e", "eg", "ie", "vs", "fig", "figs", "approx", "dr", "mr", "mrs", "ms", "prof",
    "no", "nos", "cf", "ref", "refs", "st", "inc", "ltd", "co", "jr", "sr", "vol", "pp", "ca",
    "resp", "incl", "est", "dept", "univ", "min", "max", "sd", "se", "tab", "eq", "ed", "eds",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mo",
}
# A sentence end, with its closing quotes or brackets and any citation marker glued
# to it as PDF extraction leaves them ("acne.12 Energy", "limited.[3] Yet")
_END = re.compile(r"[.!?]+[”\"’')\]]*(?:(?<=[a-z)]\.)\d{1,3}(?:[,–-]\d{1,3})*|\[\d{1,3}"
                  r"(?:[,–-]\s?\d{1,3})*\])?(?=\s+[\"“‘'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        dot = m.start()
        if text[dot] == ".":
            word = _word_before(text, start, dot)
            abbreviation = word.lower().rstrip(".")
            if abbreviation in ABBREVIATIONS and not (abbreviation == "no" and _NOT_A_NUMBER.match(
                    text, m.end())):
                continue  # "No. 5" abbreviates; "No. We apply ..." answers
            if len(word) == 1 and word.isupper():
                continue  # an initial: "J. Park"
            if _INITIALISM.fullmatch(word):
                continue  # "U.S. Food and Drug Administration", "Ph.D. students"
        end = m.end()
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    out = []
    for s, e in _unglued(text, spans):
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if e - trail > s + lead:
            out.append((s + lead, e - trail))
    return out


# A structured abstract's label glued to the sentence it heads, as copies flatten them:
# "treat.MethodsA total of 46 ...", "ResultsScar severity fell ..."
_GLUED_LABEL = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?]\s)|(?<=^)|(?<=\n))(Background|Introduction|Objectives?|Aims?|Purpose|Methods?|"
    r"Design|Setting|Patients|Participants|Interventions?|Results?|Findings|Conclusions?|"
    r"Discussion|Limitations|Importance)(?=[A-Z][a-z]|[A-Z]\s|[A-Z]{2})")


def without_glued_labels(text: str) -> str:
    """`text` with each label glued to the sentence it heads blanked, at the same offsets:
    "ResultsNinety women" reads as "       Ninety women", so that what the sentence says
    ("Ninety women") is read from where it starts."""
    return _GLUED_LABEL.sub(lambda m: " " * len(m.group(0)), text)


def _unglued(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans, each split where a label is glued to the sentence it heads after a full
    stop, and without the label: the label heads the sentence, it is not part of it."""
    if "." not in text:
        return spans
    out = []
    for s, e in spans:
        cut = s
        for m in _GLUED_LABEL.finditer(text, s, e):
            if m.start() > cut:
                out.append((cut, m.start()))
            cut = m.end()
        out.append((cut, e))
    return out


_NOT_A_NUMBER = re.compile(r"\s+[\"“‘'(\[]?[A-Z][a-z]")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")


def _word_before(text: str, start: int, dot: int) -> str:
    """The word that ends at `dot` (letters and inner dots, from its first letter), or "".

    What `re.search(r"([A-Za-z][A-Za-z.]*)$", text[start:dot])` finds, without
    scanning the whole sentence: `$` also matches before a final newline."""
    end = dot - 1 if dot > start and text[dot - 1] == "\n" else dot
    i = end
    while i > start and text[i - 1] in _WORD_CHARS:
        i -= 1
    while i < end and text[i] == ".":
        i += 1
    return text[i:end]

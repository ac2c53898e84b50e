"""Prefilters: skip a regular expression when the text cannot possibly match it.

Most sentences match few of the vocabulary patterns, yet each `re` pass over a
sentence costs microseconds. A `Cue` wraps one compiled pattern with necessary
conditions read from the pattern's own syntax tree, so the pattern stays the
single definition and the prefilter can never disagree with it:

- *word starts*: when every match begins at a word boundary with a literal
  ("\\b(approv\\w*|clear(ed|ance))"), a match needs a word of the text that
  starts with one of those literals (or is one, when the literal goes on past
  the word: "a " in "a hundred"). `Probe.mask` looks each word up once in a
  table shared by all cues, so checking dozens of cues costs one dictionary
  lookup per word;
- *required literals*: strings of which every match contains at least one
  ("says|said|..." in a speaker pattern), tested as substrings.

Both are compared case-folded, so they hold for case-insensitive patterns too.
When neither can be derived, the cue always runs its pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants as c
from re import _parser
from re._casefix import _EXTRA_CASES
from typing import Any

# Characters that `re.IGNORECASE` equates with an ASCII letter although `str.lower`
# does not map them to it ("İ" lowers to two characters; dotless i and long s stay).
_FOLD_CHARS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_FOLD = str.maketrans(_FOLD_CHARS)
# Bytes of UTF-8 text -> lower-case ASCII word characters, everything else a space
_PIECES = bytes(b + 32 if 65 <= b <= 90 else b if chr(b).isascii() and (chr(b).isalnum() or b == 95)
                else 32 for b in range(256))
_WORD = re.compile(r"\w+")
_ASCII_WORD = re.compile(r"[0-9a-z_]+")
_MAX_WORDS = 200_000  # bound on the word table, so memory stays flat on any corpus
_MAX_LITERALS = 40  # beyond this, testing substrings costs about as much as the pattern
_MAX_LITERALS_AFTER_WORDS = 8  # when word starts already filter, only a few literals pay off
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)


def fold(text: str) -> str:
    """Lower case, with the few extra equivalences of case-insensitive matching.

    Positions are kept: `fold(text)[i]` is the folded `text[i]`."""
    if text.isascii():
        return text.lower()
    if any(ch in text for ch in _FOLD_CHARS):
        text = text.translate(_FOLD)
    return text.lower()


def word_pieces(text: str) -> list[bytes]:
    """Lower-case runs of ASCII word characters.

    Every word of the text (as `\\b` sees it) starts with one of these pieces
    as far as its ASCII letters go; a non-ASCII letter only adds a piece."""
    if not text.isascii() and any(ch in text for ch in _FOLD_CHARS):
        text = text.translate(_FOLD)
    return text.encode().translate(_PIECES).split()


class Probe:
    """One piece of text as the prefilters see it; its word pieces, the mask of cues they
    fit and its folded form are each read once, when a cue first asks."""

    __slots__ = ("text", "_pieces", "_mask", "_folded", "_cued")

    def __init__(self, text: str):
        self.text = text
        self._pieces: list[bytes] | None = None
        self._mask: int | None = None
        self._folded: str | None = None
        self._cued: dict[bytes, int] | None = None

    @property
    def pieces(self) -> list[bytes]:
        if self._pieces is None:
            self._pieces = word_pieces(self.text)
        return self._pieces

    @property
    def mask(self) -> int:
        """Bits of the cues whose word starts occur in the text."""
        if self._mask is None:
            known = _TABLE.pieces
            mask = 0
            for piece in self.pieces:
                bits = known.get(piece)
                mask |= _TABLE.learn(piece) if bits is None else bits
            self._mask = mask
        return self._mask

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded

    @property
    def cued(self) -> dict[bytes, int]:
        """The distinct word pieces that fit some cue's word starts, with their bits."""
        if self._cued is None:
            self._cued = {p: b for p in set(self.pieces) if (b := piece_bits(p))}
        return self._cued


def probe_of(text: str | Probe) -> Probe:
    return text if isinstance(text, Probe) else Probe(text)


def piece_bits(piece: bytes) -> int:
    """Bits of the cues whose word starts fit a word beginning with `piece`."""
    bits = _TABLE.pieces.get(piece)
    return _TABLE.learn(piece) if bits is None else bits


class _WordTable:
    """Word piece -> bits of the cues it may start; shared by every cue."""

    def __init__(self) -> None:
        self.prefixes: dict[str, int] = {}  # the word starts with it
        self.whole: dict[str, int] = {}  # the word is it
        self.pieces: dict[bytes, int] = {}
        self.bits = 0

    def register(self, starts: set[tuple[str, bool]]) -> int:
        bit = 1 << self.bits
        self.bits += 1
        for literal, whole in starts:
            table = self.whole if whole else self.prefixes
            table[literal] = table.get(literal, 0) | bit
        self.pieces.clear()
        return bit

    def learn(self, piece: bytes) -> int:
        w = piece.decode()
        get = self.prefixes.get
        bits = self.whole.get(w, 0)
        for k in range(1, len(w) + 1):
            bits |= get(w[:k], 0)
        if len(self.pieces) >= _MAX_WORDS:
            self.pieces.clear()
        self.pieces[piece] = bits
        return bits


_TABLE = _WordTable()


class Cue:
    """A compiled pattern that is only run when its necessary conditions hold.

    `search`, `findall` and `finditer` take the text or its `Probe` and answer
    exactly as the pattern would. A case-insensitive pattern runs as its
    case-folded twin on the folded text (see `caseless`); its matches read their
    groups from the original text."""

    __slots__ = ("rx", "bit", "literals", "ignore", "twin", "scan")
    most_sets = 2  # testing more required sets than this costs more than it saves

    def __init__(self, rx: re.Pattern[str]):
        self.rx = rx
        tree = _parser.parse(rx.pattern, rx.flags)
        ignore = bool(rx.flags & re.IGNORECASE)
        # with re.ASCII a word boundary may fall inside what `Probe` reads as one word
        starts = None if rx.flags & re.ASCII else _word_starts(list(tree), ignore, at_start=False)
        self.bit = _TABLE.register(starts) if starts else 0
        # case-sensitive literals stay selective where the folded word table is not
        most = _MAX_LITERALS_AFTER_WORDS if self.bit and ignore else _MAX_LITERALS
        sets = sorted((s for s in _required(list(tree), ignore) if len(s) <= most),
                      key=_selectivity, reverse=True)
        self.literals = tuple(tuple(sorted(s)) for s in sets[:self.most_sets])
        self.ignore = ignore
        self.twin = _twin(rx) if ignore else None
        # what a scan of a whole text runs: the pattern (or its twin), led by its first characters
        self.scan = led(self.twin or rx)

    def possible(self, probe: Probe) -> bool:
        """False only when the pattern cannot match the probe's text."""
        if self.bit:
            mask = probe._mask  # read without a call in this, the hottest path
            if not (probe.mask if mask is None else mask) & self.bit:
                return False
        if self.literals:
            text = probe.folded if self.ignore else probe.text
            for lits in self.literals:
                if not any(map(text.__contains__, lits)):
                    return False
        return True

    def search(self, text: str | Probe) -> Match | None:
        probe = probe_of(text)
        if not self.possible(probe):
            return None
        # a scan stops at the first match, so it is not worth listing where matches may begin
        if self.twin is None:
            return self.scan.search(probe.text)
        m = self.scan.search(probe.folded)
        return None if m is None else FoldedMatch(m, probe.text)

    def findall(self, text: str | Probe) -> list:  # type: ignore[type-arg]
        probe = probe_of(text)
        if not self.possible(probe):
            return []
        if self.twin is None and not self._by_words(probe):
            return self.scan.findall(probe.text)
        groups = self.rx.groups
        return [m.group(groups) or "" if groups < 2 else m.groups("")
                for m in self._iter(probe)]

    def finditer(self, text: str | Probe) -> Iterator[Match]:
        probe = probe_of(text)
        return self._iter(probe) if self.possible(probe) else iter(())

    def _iter(self, probe: Probe) -> Iterator[Match]:
        rx, text = (self.rx, probe.text) if self.twin is None else (self.twin, probe.folded)
        found = self._matches(probe, rx, text) if self._by_words(probe) \
            else self.scan.finditer(text)
        if self.twin is None:
            return found
        original = probe.text
        return (FoldedMatch(m, original) for m in found)

    def _by_words(self, probe: Probe) -> bool:
        """Long texts are tried only where a match may begin, short ones scanned whole."""
        return bool(self.bit) and len(probe.text) > _SCAN_WHOLE

    def _matches(self, probe: Probe, rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
        """What `rx.finditer(text)` finds, trying `rx` only at the starts of fitting words."""
        starts: set[int] = set()
        for piece, bits in probe.cued.items():
            if bits & self.bit:
                starts.update(word_starts(probe, piece.decode()))
        return matches_at(rx, text, sorted(starts))


class FoldedMatch:
    """A match of a case-folded twin, answering with the original text's characters."""

    __slots__ = ("m", "text")

    def __init__(self, m: re.Match[str], text: str):
        self.m, self.text = m, text

    def group(self, *keys: int | str) -> Any:
        if len(keys) > 1:
            return tuple(self._text(k) for k in keys)
        return self._text(keys[0] if keys else 0)

    def groups(self, default: Any = None) -> tuple[Any, ...]:
        return tuple(self._text(k, default) for k in range(1, self.m.re.groups + 1))

    def start(self, key: int | str = 0) -> int:
        return self.m.start(key)

    def end(self, key: int | str = 0) -> int:
        return self.m.end(key)

    def span(self, key: int | str = 0) -> tuple[int, int]:
        return self.m.span(key)

    def _text(self, key: int | str, default: Any = None) -> Any:
        s, e = self.m.span(key)
        return default if s < 0 else self.text[s:e]


Match = re.Match[str] | FoldedMatch


def _twin(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-folded twin of a case-insensitive pattern, when `caseless` can write one."""
    try:
        return re.compile(caseless(rx))
    except ValueError:
        return None


_SCAN_WHOLE = 300  # characters up to which one scan costs less than finding word starts


def word_starts(probe: Probe, piece: str) -> Iterator[int]:
    """Where a word beginning with `piece` (a folded word piece) begins in the probe's text,
    and where the piece begins after a letter `word_pieces` does not keep."""
    text, folded = probe.text, probe.folded
    i = folded.find(piece)
    while i >= 0:
        if i == 0 or not is_word_char(text[i - 1]):
            yield i
        i = folded.find(piece, i + 1)


def is_word_char(ch: str) -> bool:
    """What `\\w` matches."""
    return ch.isalnum() or ch == "_"


def matches_at(rx: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """`rx.finditer(text)` for a pattern whose matches can only begin at `starts` (sorted)
    and are never empty."""
    end = 0
    for q in starts:
        if q >= end:
            m = rx.match(text, q)
            if m:
                end = m.end()
                yield m


# --- reading the syntax tree ---------------------------------------------------------


def _word_starts(seq: list, ignore: bool, *,  # type: ignore[type-arg]
                 at_start: bool) -> set[tuple[str, bool]] | None:
    """(literal, whole word) pairs, one of which begins every match, or None.

    Literals are folded. `at_start` says the match position is already known to
    begin a word."""
    for i, (op, av) in enumerate(seq):
        if op is c.AT and av in (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING) \
                or op is c.ASSERT_NOT and av[0] == -1 and _is_word_class(av[1]):
            at_start = True
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        elif op is c.LITERAL:
            run = fold(_run(seq[i:], ignore))
            prefix = _ASCII_WORD.match(run)
            if not (at_start and prefix):
                return None
            rest = run[prefix.end():prefix.end() + 1]
            return {(prefix.group(0), bool(rest) and not _WORD.match(rest))}
        elif op is c.SUBPATTERN:
            return _word_starts(list(av[3]), ignore or bool(av[1] & re.IGNORECASE),
                                at_start=at_start)
        elif op is c.BRANCH:
            out: set[tuple[str, bool]] = set()
            for branch in av[1]:
                found = _word_starts(list(branch), ignore, at_start=at_start)
                if not found:
                    return None
                out |= found
            return out
        elif op in _REPEATS:
            found = _word_starts(list(av[2]), ignore, at_start=at_start)
            if av[0] >= 1 or not found:
                return found
            rest = _word_starts(seq[i + 1:], ignore, at_start=at_start)  # the item may be absent
            return found | rest if rest else None
        else:
            return None
    return None


def _run(seq: list, ignore: bool) -> str:  # type: ignore[type-arg]
    """The run of literal characters at the start of `seq` (folded when case is ignored)."""
    chars = []
    for op, av in seq:
        if op is not c.LITERAL:
            break
        ch = chr(av)
        if ignore and not ch.isascii():
            break  # other scripts have case equivalences `fold` does not model
        chars.append(ch)
    run = "".join(chars)
    return fold(run) if ignore else run


def _is_word_class(seq: list) -> bool:  # type: ignore[type-arg]
    """A lookbehind class that includes every word character: "(?<![\\w-])"."""
    if len(seq) != 1 or seq[0][0] is not c.IN:
        return False
    items = seq[0][1]
    return (c.CATEGORY, c.CATEGORY_WORD) in items and (c.NEGATE, None) not in items


def _literals(seq: list, ignore: bool) -> set[str] | None:  # type: ignore[type-arg]
    """Strings one of which every match contains (the most selective such set), or None."""
    return max(_required(seq, ignore), key=_selectivity, default=None)


def _required(seq: list, ignore: bool) -> list[set[str]]:  # type: ignore[type-arg]
    """Sets of strings (folded when case is ignored): every match contains one string of
    each set."""
    options: list[set[str]] = []
    i = 0
    while i < len(seq):
        op, av = seq[i]
        if op is c.LITERAL:
            run = _run(seq[i:], ignore)
            if run:
                options.append({run})
                i += len(run)
                continue
        elif op is c.SUBPATTERN and not (av[1] | av[2]) & re.IGNORECASE:
            found = _literals(list(av[3]), ignore)
            if found:
                options.append(found)
        elif op is c.BRANCH:
            union: set[str] | None = set()
            for branch in av[1]:
                found = _literals(list(branch), ignore)
                if not found:
                    union = None
                    break
                union |= found
            if union:
                options.append(union)
        elif op in _REPEATS and av[0] >= 1:
            found = _literals(list(av[2]), ignore)
            if found:
                options.append(found)
        elif op is c.IN:
            chars = _class_chars(av, ignore)
            if chars:
                options.append(chars)
        i += 1
    return options


def _class_chars(items: list, ignore: bool) -> set[str] | None:  # type: ignore[type-arg]
    """A small character class of plain characters, as a set of one-character strings."""
    if len(items) > 4 or any(op is not c.LITERAL for op, _ in items):
        return None
    chars = {chr(av) for _, av in items}
    if not ignore:
        return chars
    return {fold(ch) for ch in chars} if all(ch.isascii() for ch in chars) else None


def _selectivity(lits: set[str]) -> tuple[int, int]:
    """Longer shortest literal first, then fewer literals."""
    return min(len(s) for s in lits), -len(lits)


# --- first characters ------------------------------------------------------------------

_LEADING_FLAGS = re.compile(r"\A\(\?[aiLmsux]+\)")
_MAX_FIRST = 64  # beyond this many first characters, the lookahead saves little


def led(rx: re.Pattern[str]) -> re.Pattern[str]:
    """`rx` behind a lookahead for the characters a match can begin with, when the syntax
    tree names them: the same matches, but `re` rejects most positions on one character
    test instead of trying each alternative there (case-insensitive alternatives, or
    ones that begin with a word boundary, get no such shortcut from `re` itself)."""
    try:
        first = _first(list(_parser.parse(rx.pattern, rx.flags)))
    except (re.error, ValueError):
        return rx
    if not first or rx.flags & re.VERBOSE:
        return rx
    lead = _LEADING_FLAGS.match(rx.pattern)
    head, body = (lead.group(0), rx.pattern[lead.end():]) if lead else ("", rx.pattern)
    try:
        return re.compile(f"{head}(?=[{first}])(?:{body})", rx.flags)
    except re.error:
        return rx


def _first(seq: list) -> str | None:  # type: ignore[type-arg]
    """A character class body holding every character a match of `seq` may begin with,
    or None when that is not known (or a match may be empty). Classes are compiled with
    the pattern's own flags, so they ignore case exactly where its literals do."""
    parts: list[str] = []
    for op, av in seq:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: the next item begins the match
        if op is c.LITERAL:
            return _joined(parts + [_escape_in_class(chr(av))])
        if op is c.IN:
            body = _in_body(av)
            return None if body is None else _joined(parts + [body])
        if op is c.SUBPATTERN:
            if av[1] or av[2]:
                return None  # scoped flags: the class would not ignore case as they do
            inner = _first(list(av[3]))
            return None if inner is None else _joined(parts + [inner])
        if op is c.BRANCH:
            bodies = [_first(list(b)) for b in av[1]]
            return None if any(b is None for b in bodies) else _joined(parts + bodies)  # type: ignore[operator]
        if op in _REPEATS:
            inner = _first(list(av[2]))
            if inner is None:
                return None
            if av[0] >= 1:
                return _joined(parts + [inner])
            parts.append(inner)  # the item may be absent: what follows may begin the match
            continue
        return None
    return None  # the whole may match empty


def _joined(parts: list[str]) -> str | None:
    body = "".join(parts)
    return body if len(body) <= _MAX_FIRST else None


def _in_body(items: list) -> str | None:  # type: ignore[type-arg]
    out = []
    for op, av in items:
        if op is c.LITERAL:
            out.append(_escape_in_class(chr(av)))
        elif op is c.RANGE:
            out.append(_escape_in_class(chr(av[0])) + "-" + _escape_in_class(chr(av[1])))
        elif op is c.CATEGORY:
            out.append(_CATEGORY[av])
        else:
            return None  # a negated class or a look-alike set: any character may begin
    return "".join(out)


# --- case-folded twins -----------------------------------------------------------------


def caseless(rx: re.Pattern[str]) -> str:
    """A case-sensitive pattern that matches `fold(text)` where `rx` (case-insensitive)
    matches `text`, at the same positions and with the same groups.

    Each literal becomes the folded characters `re.IGNORECASE` equates with it
    ("µ" -> "[µμ]"). `re` tries case-insensitive alternatives one by one but skips
    case-sensitive ones on their first character, so the twin runs faster."""
    if not rx.flags & re.IGNORECASE or rx.flags & (re.ASCII | re.LOCALE | re.VERBOSE):
        raise ValueError(f"not a plain case-insensitive pattern: {rx.pattern[:40]}")
    flags = rx.flags & (re.MULTILINE | re.DOTALL)
    prefix = "(?" + ("m" if flags & re.MULTILINE else "") + ("s" if flags & re.DOTALL else "") + ")"
    names = {number: name for name, number in rx.groupindex.items()}
    body = _unparse(list(_parser.parse(rx.pattern, rx.flags)), names)
    return (prefix if flags else "") + body


_AT = {c.AT_BEGINNING: "^", c.AT_BEGINNING_LINE: "^", c.AT_BEGINNING_STRING: r"\A",
       c.AT_END: "$", c.AT_END_LINE: "$", c.AT_END_STRING: r"\Z",
       c.AT_BOUNDARY: r"\b", c.AT_NON_BOUNDARY: r"\B"}
_CATEGORY = {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D", c.CATEGORY_SPACE: r"\s",
             c.CATEGORY_NOT_SPACE: r"\S", c.CATEGORY_WORD: r"\w", c.CATEGORY_NOT_WORD: r"\W"}
_MAX_RANGE = 256


def _unparse(seq: list, names: dict[int, str]) -> str:  # type: ignore[type-arg]
    return "".join(_unparse_item(op, av, names) for op, av in seq)


def _unparse_item(op, av, names: dict[int, str]) -> str:  # type: ignore[no-untyped-def]
    if op is c.LITERAL:
        return _class(_equivalents(chr(av)))
    if op is c.NOT_LITERAL:
        return _class(_equivalents(chr(av)), negate=True)
    if op is c.IN:
        return _unparse_in(av)
    if op is c.ANY:
        return "."
    if op is c.AT:
        return _AT[av]
    if op is c.BRANCH:
        return "(?:" + "|".join(_unparse(list(b), names) for b in av[1]) + ")"
    if op is c.SUBPATTERN:
        group, add, remove, sub = av
        if add or remove:
            raise ValueError("inline flags are not supported")
        opening = "(?:" if not group else f"(?P<{names[group]}>" if group in names else "("
        return opening + _unparse(list(sub), names) + ")"
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        lo, hi, sub = av
        quant = f"{{{lo},{'' if hi == c.MAXREPEAT else hi}}}"
        lazy = "?" if op is c.MIN_REPEAT else ""
        return "(?:" + _unparse(list(sub), names) + ")" + quant + lazy
    if op in (c.ASSERT, c.ASSERT_NOT):
        direction, sub = av
        kind = ("=" if op is c.ASSERT else "!")
        return "(?" + ("<" if direction < 0 else "") + kind + _unparse(list(sub), names) + ")"
    raise ValueError(f"unsupported in a case-folded twin: {op}")


def _unparse_in(items: list) -> str:  # type: ignore[type-arg]
    negate = False
    chars: set[str] = set()
    categories = []
    for op, av in items:
        if op is c.NEGATE:
            negate = True
        elif op is c.LITERAL:
            chars |= _equivalents(chr(av))
        elif op is c.RANGE:
            lo, hi = av
            if hi - lo > _MAX_RANGE:
                raise ValueError("a wide character range")
            for code in range(lo, hi + 1):
                chars |= _equivalents(chr(code))
        elif op is c.CATEGORY:
            categories.append(_CATEGORY[av])
        else:
            raise ValueError(f"unsupported in a character class: {op}")
    return _class(chars, negate=negate, categories=categories)


def _equivalents(ch: str) -> set[str]:
    """The folded forms of every character `re.IGNORECASE` matches `ch` with."""
    lower = "i" if ch == "\u0130" else ch.lower()  # simple lower case, as `re` uses
    same = {lower, *(chr(x) for x in _EXTRA_CASES.get(ord(lower), ()))}
    return {fold(x) for x in same}


def _class(chars: set[str], *, negate: bool = False, categories: list[str] | None = None) -> str:
    if len(chars) == 1 and not negate and not categories:
        return re.escape(next(iter(chars)))
    body = "".join(_escape_in_class(ch) for ch in sorted(chars)) + "".join(categories or [])
    return "[" + ("^" if negate else "") + body + "]"


def _escape_in_class(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch

"""One output helper for every listing command: a readable table, JSON, JSON Lines or CSV.

Data goes to stdout; counts of rows a filter hid go to stderr. Tables fit the
terminal by shrinking the free-text columns first (the `id` an editor needs for
`evidence review ID` is never dropped), carry no trailing spaces, and use
colour only on a terminal and never when NO_COLOR is set.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from itertools import islice
from typing import Any, TextIO

from evidence.errors import UsageError
from evidence.flag_codes import MISQUOTE_FLAGS


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def choose(json_: bool, jsonl: bool, csv_: bool, fmt: str | None = None) -> Format:
    """The one format asked for; two at once is a usage error, not a silent pick."""
    asked = [f for f, on in ((Format.json, json_), (Format.jsonl, jsonl), (Format.csv, csv_)) if on]
    if fmt is not None:
        asked.append(Format(fmt))
    if len(set(asked)) > 1:
        raise UsageError("choose one output format: " + " and ".join(
            f"--{f.value}" for f in dict.fromkeys(asked)), input=" ".join(f"--{f}" for f in asked),
            hint="give one of --json, --jsonl or --csv (or none for a table)")
    return asked[0] if asked else Format.table


def validate(option: str, value: str | None, choices: tuple[str, ...] | list[str]) -> None:
    """An enumerated option's value must be one of its choices, which the error lists."""
    if value is not None and value not in choices:
        raise UsageError(f"unknown value {value!r}", input=option,
                         hint="use one of: " + ", ".join(choices))


def use_color(out: TextIO) -> bool:
    """Colour on a terminal only, and never when NO_COLOR is set (https://no-color.org)."""
    return out.isatty() and not os.environ.get("NO_COLOR")


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return ",".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return " ".join(str(v).split())


TABLE_SAMPLE = 200  # rows a table reads before it fixes its column widths and streams on


def emit(rows: Iterable[dict[str, Any]], fmt: Format, columns: list[str], *,
         widths: dict[str, int] | None = None, out: TextIO | None = None,
         width: int | None = None) -> None:
    """Write `rows` in `fmt` as they come; `columns` choose and order the table and CSV
    columns. A table sizes its columns on its first TABLE_SAMPLE rows, then streams.

    `width` is the table's budget (the terminal's width by default, none when piped)."""
    out = out or sys.stdout
    if fmt is Format.json:
        _json_array(rows, out)
    elif fmt is Format.jsonl:
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt is Format.csv:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
    else:
        if width is None and out.isatty():
            width = shutil.get_terminal_size((120, 24)).columns
        for chunk in table_lines(rows, columns, widths or {}, width, bold=use_color(out)):
            out.write(chunk)


def _json_array(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """One JSON array, written element by element, exactly as `json.dumps(list, indent=2)`
    would write it whole."""
    first = True
    for r in rows:
        item = json.dumps(r, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out.write(("[\n  " if first else ",\n  ") + item)
        first = False
    out.write("[]\n" if first else "\n]\n")


# Columns that give way first when a table is too wide, in order; the rest never shrink
SHRINK_ORDER = ("text", "title", "location", "flags", "traced_to", "published", "review",
                "evidence_class", "kind", "severity", "polarity")
MIN_WIDTH = {"text": 12, "title": 10, "location": 10, "flags": 8, "evidence_class": 10}
GAP = "  "


def fit(natural: dict[str, int], columns: list[str], budget: int | None) -> dict[str, int]:
    """Column widths within `budget`: free-text columns shrink first, `id` never does."""
    w = dict(natural)
    if budget is None:
        return w
    over = sum(w.values()) + len(GAP) * (len(columns) - 1) - budget
    for c in SHRINK_ORDER:
        if over <= 0:
            break
        if c not in w:
            continue
        floor = min(w[c], MIN_WIDTH.get(c, max(len(c), 6)))
        give = min(over, w[c] - floor)
        w[c] -= give
        over -= give
    return w


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: max(n - 1, 0)] + "\u2026"


def table(rows: list[dict[str, Any]], columns: list[str], caps: dict[str, int],
          budget: int | None, *, bold: bool = False) -> str:
    """A plain, left-aligned table; each line stripped of trailing spaces."""
    return "".join(table_lines(rows, columns, caps, budget, bold=bold))


def table_lines(rows: Iterable[dict[str, Any]], columns: list[str], caps: dict[str, int],
                budget: int | None, *, bold: bool = False,
                sample: int = TABLE_SAMPLE) -> Iterator[str]:
    """The table a chunk at a time: widths from the first `sample` rows, later rows
    clipped to them."""
    it = iter(rows)
    head_rows = [[_cell(r.get(c)) for c in columns] for r in islice(it, sample)]
    if not head_rows:
        yield "(no rows)\n"
        return
    natural = {c: min(max([len(c)] + [len(row[i]) for row in head_rows]), caps.get(c, 10**6))
               for i, c in enumerate(columns)}
    w = fit(natural, columns, budget)

    def line(cells: list[str]) -> str:
        return GAP.join(_clip(v, w[c]).ljust(w[c])
                        for c, v in zip(columns, cells, strict=True)).rstrip() + "\n"

    head = GAP.join(c.ljust(w[c]) for c in columns).rstrip()
    yield (f"\x1b[1m{head}\x1b[0m" if bold else head) + "\n"
    yield "".join(line(cells) for cells in head_rows)
    for r in it:
        yield line([_cell(r.get(c)) for c in columns])


def shown_rows(rows: Iterable[dict[str, Any]], fmt: Format) -> Iterator[dict[str, Any]]:
    """For a table, a table cell's claim is shown with its row and column ("1–2 days" alone
    says nothing) and a retelling whose numbers mismatch its study as `misquoted`; the data
    formats keep the exact text and class, with `subject` and `shown_as` beside them."""
    for r in rows:
        mismatched = bool(set(MISQUOTE_FLAGS) & set(r.get("flags") or ())) and "evidence_class" in r
        if fmt is not Format.table:
            yield {**r, "shown_as": "misquoted"} if mismatched else r
            continue
        if mismatched:
            r = {**r, "evidence_class": "misquoted"}  # not the class of the study it retells
        if " · " in (r.get("subject") or "") and "text" in r:
            r = {**r, "text": f"[{r['subject']}] {r['text']}"}
        yield r


def hidden_note(count: int, why: str, hint: str) -> str | None:
    """The stderr line that says how many rows a filter left out, and how to see them."""
    if count <= 0:
        return None
    return f"note: {count} row{'s' if count != 1 else ''} left out: {why} (try: {hint})"

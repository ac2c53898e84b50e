"""One output helper for every listing command: a readable table, JSON, JSON Lines or CSV.

Data goes to stdout; tables are plain when stdout is not a terminal, so output
pipes cleanly into other tools.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Any, TextIO


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def choose(json_: bool, jsonl: bool, csv_: bool) -> Format:
    if json_:
        return Format.json
    if jsonl:
        return Format.jsonl
    if csv_:
        return Format.csv
    return Format.table


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return ",".join(_cell(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def emit(rows: list[dict[str, Any]], fmt: Format, columns: list[str], *,
         widths: dict[str, int] | None = None, out: TextIO | None = None) -> None:
    """Write `rows` in `fmt`; `columns` choose and order the table and CSV columns."""
    out = out or sys.stdout
    if fmt is Format.json:
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.jsonl:
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt is Format.csv:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
    else:
        _table(rows, columns, widths or {}, out)


def _table(rows: list[dict[str, Any]], columns: list[str], widths: dict[str, int],
           out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=None if out.isatty() else 240, no_color=not out.isatty(),
                      highlight=False)
    table = Table(show_lines=False, pad_edge=False, box=None, header_style="bold")
    for c in columns:
        table.add_column(c, max_width=widths.get(c), min_width=min(len(c), 14),
                         overflow="ellipsis", no_wrap=True)
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in columns])
    console.print(table)
    if not rows:
        console.print("(no rows)")

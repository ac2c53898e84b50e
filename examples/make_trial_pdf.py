"""Write `examples/trial.pdf`: the example trial set as a two-column journal PDF.

    python examples/make_trial_pdf.py [OUT]

The text is the stored text of `trial-microneedling-prp.html`, laid out as a
small journal prints an article: title, authors and citation across the page,
the body in two columns on A5 pages, a running head and a page number on every
page, and the results table across both columns. The body runs over a column
and a page break mid-sentence, which is what the PDF reader has to undo.

`journal_pdf` is also what the tests use to make PDFs of their own (fpdf2, a
development dependency: the tool itself only reads PDFs).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "trial-microneedling-prp.html"
OUT = HERE / "trial.pdf"
FIXED_DATE = datetime(2025, 3, 14, tzinfo=UTC)  # the same bytes on every run


@dataclass(frozen=True)
class Layout:
    """Page geometry in millimetres and type sizes in points."""

    page: tuple[float, float] = (148.0, 210.0)  # A5
    margin: float = 14.0
    gutter: float = 6.0
    columns: int = 2
    size: float = 10.5
    leading: float = 4.5  # mm between baselines
    running_head: str = ""
    page_numbers: bool = True
    first_page: int = 1
    row_major: bool = False  # write each page's body lines across the columns, top to bottom,
    # as some typesetters do: the file's order is then not the reading order


def journal_pdf(front: list[tuple[str, str]], body: list[tuple[str, object]],
                layout: Layout | None = None, *, title: str = "", author: str = "") -> bytes:
    """A PDF of `front` blocks across the page, then `body` blocks in columns.

    Blocks are (kind, text): `title`, `line` (front matter), `heading`,
    `paragraph`, `bullet`, and `table` whose value is a list of rows."""
    lay = layout or Layout()
    pdf = FPDF(unit="mm", format=lay.page)
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_auto_page_break(False)
    pdf.set_margins(lay.margin, lay.margin)
    width = lay.page[0] - 2 * lay.margin
    col_w = (width - (lay.columns - 1) * lay.gutter) / lay.columns
    bottom = lay.page[1] - lay.margin - 4
    state = {"col": 0, "y": 0.0, "top": 0.0}
    pending: list[tuple[float, float, float, str, str, float]] = []  # y, x, w, text, style, size

    def put(x: float, y: float, w: float, text: str, style: str, size: float) -> None:
        if not lay.row_major:
            pdf.set_font("Helvetica", style, size)
            pdf.set_xy(x, y)
            pdf.cell(w, lay.leading, text)
            return
        pending.append((y, x, w, text, style, size))

    def flush_page() -> None:
        for y, x, w, text, style, size in sorted(pending):
            pdf.set_font("Helvetica", style, size)
            pdf.set_xy(x, y)
            pdf.cell(w, lay.leading, text)
        pending.clear()

    def new_page() -> None:
        if pdf.page_no():
            flush_page()
        pdf.add_page()
        number = lay.first_page + pdf.page_no() - 1
        pdf.set_font("Helvetica", size=7)
        if lay.running_head:
            pdf.set_xy(lay.margin, 7)
            pdf.cell(width - 10, 4, lay.running_head)
        if lay.page_numbers:
            pdf.set_xy(lay.margin, 7)
            pdf.cell(width, 4, str(number), align="R")
        state.update(col=0, y=lay.margin + 2, top=lay.margin + 2)

    def column_x() -> float:
        return lay.margin + state["col"] * (col_w + lay.gutter)

    def next_column() -> None:
        if state["col"] + 1 < lay.columns:
            state["col"] += 1
            state["y"] = state["top"]
        else:
            new_page()

    def flow(text: str, style: str = "", size: float | None = None, indent: float = 0.0,
             space: float = 1.5) -> None:
        pdf.set_font("Helvetica", style, size or lay.size)
        lines = pdf.multi_cell(col_w - indent, lay.leading, text, dry_run=True, output="LINES")
        if style == "B" and state["y"] + lay.leading * (len(lines) + 2) > bottom:
            next_column()  # a heading stays with the lines under it
        for line in lines:
            if state["y"] + lay.leading > bottom:
                next_column()
                pdf.set_font("Helvetica", style, size or lay.size)
            put(column_x() + indent, state["y"], col_w - indent, line, style, size or lay.size)
            state["y"] += lay.leading
        state["y"] += space

    def table(rows: list[list[str]]) -> None:
        size = 7.0
        pdf.set_font("Helvetica", size=size)
        while size > 4 and sum(max(pdf.get_string_width(r[c]) for r in rows) + 5
                               for c in range(len(rows[0]))) > width:
            size -= 0.5
            pdf.set_font("Helvetica", size=size)
        widths = [max(pdf.get_string_width(r[c]) for r in rows) + 5 for c in range(len(rows[0]))]
        spare = (width - sum(widths)) / len(widths)
        widths = [w + spare for w in widths]
        height = 4.0 * len(rows) + 4
        y = max(state["y"], state["top"]) if state["col"] == 0 else bottom + 1
        if y + height > bottom:
            new_page()
            y = state["y"]
        for r, row in enumerate(rows):
            pdf.set_font("Helvetica", "B" if r == 0 else "", size)
            x = lay.margin
            for c, cell in enumerate(row):
                pdf.set_xy(x, y)
                pdf.cell(widths[c], 4, cell)
                x += widths[c]
            y += 4.0
        state.update(col=0, y=y + 4, top=y + 4)

    new_page()
    for kind, text in front:
        assert isinstance(text, str)
        big = kind == "title"
        pdf.set_font("Helvetica", "B" if big else "", 14 if big else 8.5)
        pdf.set_xy(lay.margin, state["y"])
        pdf.multi_cell(width, 6 if big else 4, text)
        state["y"] = pdf.get_y() + (3 if big else 1.5)
    state["y"] += 3
    state["top"] = state["y"]
    for kind, value in body:
        if kind == "table":
            table(value)  # type: ignore[arg-type]
        elif kind == "heading":
            flow(str(value), "B", lay.size + 0.5, space=1.0)
        elif kind == "bullet":
            flow("- " + str(value), indent=2.0, space=0.5)
        else:
            flow(str(value))
    flush_page()
    return bytes(pdf.output())


def trial_blocks() -> tuple[list[tuple[str, str]], list[tuple[str, object]], str, str]:
    """Front matter and body of the example trial, from the HTML page's stored text."""
    sys.path.insert(0, str(HERE.parent))
    from evidence.parse import parse_document

    doc = parse_document(str(SOURCE), SOURCE.read_bytes())
    text = doc.text
    front: list[tuple[str, str]] = []
    body: list[tuple[str, object]] = []
    rows: dict[int, dict[int, str]] = {}
    in_body = False
    for b in doc.blocks:
        words = " ".join(text[b.body_start:b.end].split())
        if b.kind == "heading" and b.level >= 2:
            in_body = True
        if b.kind == "table_cell":
            rows.setdefault(b.row or 0, {})[b.col or 0] = words
            continue
        if b.kind == "table_row":
            continue
        if rows:
            body.append(("table", [[r[c] for c in sorted(r)] for _k, r in sorted(rows.items())]))
            rows = {}
        if not in_body:
            front.append(("title" if b.kind == "heading" else "line", words))
        else:
            body.append((b.kind if b.kind in ("heading", "bullet") else "paragraph", words))
    return front, body, doc.meta.title or "", "; ".join(doc.meta.authors)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    front, body, title, author = trial_blocks()
    layout = Layout(running_head="J Fict Dermatol. 2025;12(3):214–223", first_page=214)
    out.write_bytes(journal_pdf(front, body, layout, title=title, author=author))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""PDF readers compared on two-column journal PDFs made here: reading order and speed.

    python benchmarks/bench_pdf.py [--copies N]

Each PDF is the example trial (and a longer article built from it) set in two
columns with running heads and page numbers, at several page sizes so column
and page breaks fall mid-sentence; half of them write each page's lines across
both columns, top to bottom, as some typesetters do, so the order in the file
is not the reading order. A reader scores the share of the source's
paragraphs it gives back whole and in order (white space aside). Compared:

- `evidence` : this project's reader (pypdf's text visitor, columns and furniture rebuilt);
- `pypdf`    : pypdf's own `extract_text()`, pages joined;
- `pdfplumber`: `extract_text()` per page, pages joined (only when pdfplumber is installed:
  `pip install pdfplumber`; it is not a dependency of the project).

Prints one line per reader and the time ratios against `evidence`.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from examples.make_trial_pdf import Layout, journal_pdf, trial_blocks  # noqa: E402

SIZES = [(148.0, 210.0), (148.0, 150.0), (170.0, 240.0), (210.0, 297.0)]


def _norm(text: str) -> str:
    return " ".join(text.split())


def corpus() -> list[tuple[bytes, list[str]]]:
    """(PDF bytes, the paragraphs it should give back in order)."""
    front, body, title, author = trial_blocks()
    long_body = [b for _ in range(4) for b in body if b[0] != "table"]
    out = []
    for size in SIZES:
        for blocks, row_major in ((body, False), (long_body, False), (body, True),
                                  (long_body, True)):
            layout = Layout(page=size, running_head="J Fict Dermatol. 2025;12(3):214–223",
                            first_page=214, row_major=row_major)
            raw = journal_pdf(front, blocks, layout, title=title, author=author)
            paras = [_norm(str(v)) for k, v in blocks if k == "paragraph" and len(str(v)) > 80]
            out.append((raw, paras))
    return out


def ours(raw: bytes) -> str:
    from evidence.parse.pdf import pdf_text

    return pdf_text(raw, "bench.pdf").text


def pypdf_plain(raw: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(raw)).pages)


def plumber(raw: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def score(text: str, paras: list[str]) -> float:
    """Share of paragraphs found whole, in order, in the flattened output."""
    flat = _norm(re.sub(r"-\n", "-", text))
    pos, found = 0, 0
    for p in paras:
        i = flat.find(p, pos)
        if i >= 0:
            found += 1
            pos = i + len(p)
    return found / len(paras) if paras else 1.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=3, help="times each PDF is read (timing)")
    args = ap.parse_args()
    docs = corpus()
    readers: dict[str, Callable[[bytes], str]] = {"evidence": ours, "pypdf": pypdf_plain}
    try:
        import pdfplumber  # noqa: F401

        readers["pdfplumber"] = plumber
    except ImportError:
        print("pdfplumber not installed: skipped (pip install pdfplumber to compare)")
    seconds: dict[str, float] = {}
    for name, read in readers.items():
        t0 = time.perf_counter()
        scores = []
        for _ in range(args.copies):
            scores = [score(read(raw), paras) for raw, paras in docs]
        seconds[name] = time.perf_counter() - t0
        print(f"{name:10} paragraphs_whole_in_order={sum(scores) / len(scores):.3f} "
              f"seconds={seconds[name]:.2f} pdfs={len(docs) * args.copies}")
    for name, s in seconds.items():
        if name != "evidence":
            print(f"time_ratio_{name}_vs_evidence={s / seconds['evidence']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

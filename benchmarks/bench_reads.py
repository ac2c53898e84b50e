"""Read commands on a large evidence base, against the floor of Python starting Typer.

    python benchmarks/bench_reads.py [--claims 1000000] [--quick] [--db PATH] [--runs 5]

Builds a SQLite base of about `--claims` claims through the store's bulk path
(`Store.save_document`): the examples are parsed and extracted once, then stored
again and again as distinct documents, each copy's text repeated so that one
document holds a few hundred claims (their offsets stay true to the stored
text). A base given with `--db` that already holds claims is reused as it is.
Then, best of `--runs` each, as separate processes the way a user runs them:

- `python -c "import typer"`, the floor;
- `evidence query downtime` to its last line;
- `evidence claims` and `evidence sources` to their first line (the listing then
  goes on streaming; it is stopped there).

Each figure is a `name=value` line. `--quick` uses 100,000 claims and finishes in
about a minute.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVIDENCE = [sys.executable, "-c", "import cli; cli.main()"]


def build(db: str, claims: int) -> int:
    """Store copies of the extracted examples until `claims` claims are stored."""
    from evidence.extract import Extractor
    from evidence.ingest import content_hash
    from evidence.models import ExtractionResult
    from evidence.parse import parse_document
    from evidence.store import Store

    extractor = Extractor()
    docs = []
    for path in sorted((ROOT / "examples").glob("*.html")):
        doc = parse_document(str(path), path.read_bytes())
        docs.append((doc, extractor.extract(doc)))
    stored = 0
    with Store.open(db) as store, store.batch(size=16):
        k = 0
        while stored < claims:
            doc, ex = docs[k % len(docs)]
            repeat = max(1, 300 // max(len(ex.claims), 1))
            gap = len(doc.text) + 2
            text = "\n\n".join([doc.text] * repeat) + f"\n\nCopy {k}.\n"
            copies = [replace(c, start=c.start + j * gap, end=c.end + j * gap)
                      for j in range(repeat) for c in ex.claims]
            copy = replace(doc, text=text, raw=text.encode(), location=f"{doc.location}#{k}")
            store.save_document(f"bench:{k}", copy, content_hash(copy.raw),
                                ExtractionResult(copies, ex.studies, ex.extractor))
            stored += len(copies)
            k += 1
    with Store.open(db) as store, store.engine.begin() as conn:  # as a finished pass leaves it
        from sqlalchemy import text as sql

        conn.execute(sql("UPDATE source SET assessed = :yes"), {"yes": True})
    return stored


def stored_claims(db: str) -> int:
    import sqlite3

    if not Path(db).is_file():
        return 0
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute("SELECT COUNT(*) FROM claim").fetchone()[0]
        except sqlite3.Error:
            return 0


def whole(cmd: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd=ROOT)
        best = min(best, time.perf_counter() - t0)
    return best


def first_line(cmd: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
        assert p.stdout is not None
        p.stdout.readline()
        best = min(best, time.perf_counter() - t0)
        p.kill()
        p.wait()
        p.stdout.close()
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--db", help="reuse (or build once into) this SQLite file")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    n = 100_000 if args.quick else args.claims
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "reads.db")
        have = stored_claims(db)
        if have == 0:
            t0 = time.perf_counter()
            have = build(db, n)
            print(f"build_seconds={time.perf_counter() - t0:.1f}")
        print(f"claims={have}")
        typer_s = whole([sys.executable, "-c", "import typer"], args.runs)
        query_s = whole([*EVIDENCE, "query", "downtime", "--db", db], args.runs)
        claims_s = first_line([*EVIDENCE, "claims", "--db", db], args.runs)
        sources_s = first_line([*EVIDENCE, "sources", "--db", db], args.runs)
    print(f"import_typer_ms={typer_s * 1000:.1f}")
    print(f"query_ms={query_s * 1000:.1f}")
    print(f"claims_first_row_ms={claims_s * 1000:.1f}")
    print(f"sources_first_row_ms={sources_s * 1000:.1f}")
    print(f"query_vs_typer={query_s / typer_s:.2f}")
    print(f"claims_first_row_vs_typer={claims_s / typer_s:.2f}")


if __name__ == "__main__":
    main()

"""How ingest, tracing and memory grow with the size of the evidence base.

    python benchmarks/bench_scale.py [--sizes 400 1600] [--quick] [--pg URL]

The corpus is the examples, the fixture documents and, when `../shared/seeds`
sits beside the checkout, the seed documents, copied round after round with
every figure moved by the round's number, years spread over 1990-2026 and a
reference line added: every document is distinct, a page still agrees with the
paper it retells in its own round, and rounds share years and words, as
studies of one topic do.
Each figure is printed as a `name=value` line, all from one run:

- ms per document for a whole ingest at each size, and their ratio;
- how busy the cores were during each ingest: CPU seconds of the storing
  process and its extraction workers over the wall time;
- words/s of bare `spacy.blank("en")` tokenisation and of full ingest on the
  same stored texts;
- one new paper (a study report: every claim may trace to it) against one new
  commercial page, ingested into the largest base;
- one assessment pass of the largest base tracing by blocks against scoring
  every target (the same outcome, see tests/test_blocking.py), the latter up to
  1,600 documents;
- the peak resident memory after each size (sizes run smallest first);
- PostgreSQL against SQLite for the smallest size, when a server answers: the
  median of three alternating rounds, each round printed beside it.

`--quick` runs 100 and 400 documents and finishes well within two minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evidence.assess import assess  # noqa: E402
from evidence.ingest import ingest  # noqa: E402
from evidence.store import Store  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"  # the real seed documents, when they sit beside
SOURCES = sorted(p for d in (ROOT / "examples", ROOT / "tests" / "fixtures" / "docs", SEEDS)
                 if d.is_dir() for p in d.iterdir() if p.suffix in (".html", ".txt", ".md")
                 and p.name != "README.md")
PG_ROUNDS = 3  # the PostgreSQL comparison is the median of this many alternating rounds
EXHAUSTIVE_UP_TO = 1600  # scoring every target grows with the square of the base
PAPER = ROOT / "examples" / "trial-microneedling-prp.html"
PAGE = ROOT / "examples" / "clinic-prp-microneedling.html"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


# markup (a charset, a link) stays as it is; a year moves within the years a study may have
_FIGURE = re.compile(rb"(<[^>]*>|utf-8)|\b(19[89]\d|20[0-4]\d)\b|\d+")


def varied(src: Path, k: int, dest: Path) -> Path:
    """Copy `k` of a document: every figure moved by `k`, its years spread over 1990-2026,
    a reference line added. Copies of one round (the same `k`) agree with each other, as a
    page agrees with the paper it retells; copies of different rounds differ."""
    raw = src.read_bytes()

    def shift(m: re.Match[bytes]) -> bytes:
        if m.group(1):
            return m.group(1)
        if m.group(2):
            return str(1990 + (int(m.group(2)) - 1990 + 7 * k) % 37).encode()
        return str(int(m.group(0)) + k).encode()

    out = _FIGURE.sub(shift, raw) + f"\n\nReference copy {k}.\n".encode()
    path = dest / f"{src.stem}-{k}{src.suffix}"
    path.write_bytes(out)
    return path


def corpus(n: int, dest: Path) -> list[str]:
    dest.mkdir(parents=True, exist_ok=True)
    return [str(varied(SOURCES[i % len(SOURCES)], i // len(SOURCES), dest)) for i in range(n)]


BUSY: dict[str, float] = {}  # CPU seconds of this process and its workers in the last ingest


def cpu_seconds() -> tuple[float, float]:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def timed_ingest(paths: list[str], db: str, extractor: object) -> float:
    with Store.open(db) as store:
        before = cpu_seconds()
        t0 = time.perf_counter()
        report = ingest(paths, store, extractor=extractor)
        seconds = time.perf_counter() - t0
        after = cpu_seconds()
    BUSY.update(main=after[0] - before[0], workers=after[1] - before[1], wall=seconds)
    failed = [o for o in report.outcomes if o.status == "failed"]
    if failed:
        raise SystemExit(f"{len(failed)} documents failed, the first: {failed[0].error}")
    return seconds


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pg_database(url: str) -> str | None:
    """A fresh schema on the server at `url`, or None when none answers."""
    try:
        import sqlalchemy as sa

        engine = sa.create_engine(url)
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with engine.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - the comparison is skipped, and says why
        print(f"# no PostgreSQL comparison: {type(exc).__name__}")
        return None
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


def drop_schema(url: str, scoped: str) -> None:
    import sqlalchemy as sa

    schema = scoped.rsplit("%3D", 1)[1]
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[400, 1600])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--pg", default=DEFAULT_PG)
    args = ap.parse_args()
    sizes = sorted([100, 400] if args.quick else args.sizes)

    import spacy

    from evidence.extract import Extractor

    extractor = Extractor()
    blank = spacy.blank("en")
    per_doc: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        db = ""
        for n in sizes:
            paths = corpus(n, base / f"docs{n}")
            db = str(base / f"base{n}.db")
            seconds = timed_ingest(paths, db, extractor)
            per_doc[n] = seconds * 1000 / n
            print(f"ingest_ms_per_doc_{n}={per_doc[n]:.1f}")
            print(f"cores_busy_{n}={(BUSY['main'] + BUSY['workers']) / BUSY['wall']:.2f}"
                  f"  # of {os.cpu_count()}; main {BUSY['main']:.0f} s, workers "
                  f"{BUSY['workers']:.0f} s, wall {BUSY['wall']:.0f} s")
            print(f"peak_rss_mib_after_{n}={peak_mib():.0f}")
        largest, smallest = sizes[-1], sizes[0]
        print(f"per_doc_ratio_{largest}_vs_{smallest}={per_doc[largest] / per_doc[smallest]:.2f}")

        with Store.open(db) as store:
            whole = store.corpus(whole=True)
        texts = [s.text for s in whole.sources.values()]
        words = sum(len(t.split()) for t in texts)
        t0 = time.perf_counter()
        for _ in blank.pipe(texts):
            pass
        tok_wps = words / (time.perf_counter() - t0)
        ingest_wps = words / (per_doc[largest] * largest / 1000)
        print(f"tokenise_words_per_s={tok_wps:.0f}")
        print(f"ingest_words_per_s={ingest_wps:.0f}")
        print(f"ingest_vs_tokenise={ingest_wps / tok_wps:.3f}")

        t0 = time.perf_counter()
        blocked = assess(whole)
        blocked_s = time.perf_counter() - t0
        print(f"assess_blocked_s_{largest}={blocked_s:.2f}")
        if largest <= EXHAUSTIVE_UP_TO:
            t0 = time.perf_counter()
            every = assess(whole, exhaustive=True)
            every_s = time.perf_counter() - t0
            print(f"assess_every_target_s_{largest}={every_s:.2f}")
            print(f"assess_every_vs_blocked={every_s / blocked_s:.1f}")
            print("assess_same_outcome="
                  f"{int(blocked.claims == every.claims and blocked.links == every.links)}")
        else:
            print(f"# scoring every target is compared up to {EXHAUSTIVE_UP_TO} documents")

        new = base / "new"
        new.mkdir()
        # a new page, then the new paper it retells (one round: their figures agree)
        page_s = timed_ingest([str(varied(PAGE, 9_001, new))], db, extractor)
        paper_s = timed_ingest([str(varied(PAPER, 9_001, new))], db, extractor)
        print(f"new_page_s_{largest}={page_s:.2f}")
        print(f"new_paper_s_{largest}={paper_s:.2f}")
        print(f"new_paper_vs_page={paper_s / page_s:.2f}")

        pg = pg_database(args.pg)
        if pg:
            paths = corpus(smallest, base / "pg")
            ratios = []
            for round_ in range(PG_ROUNDS):  # alternating rounds: the median resists noise
                lite_s = timed_ingest(paths, str(base / f"lite{round_}.db"), extractor)
                pg = pg or pg_database(args.pg)
                if pg is None:
                    break
                try:
                    pg_s = timed_ingest(paths, pg, extractor)
                finally:
                    drop_schema(args.pg, pg)
                    pg = None
                ratios.append(pg_s / lite_s)
            print(f"postgresql_vs_sqlite_ingest_{smallest}={statistics.median(ratios):.2f}"
                  f"  # median of {PG_ROUNDS} rounds: "
                  + ", ".join(f"{r:.2f}" for r in ratios))


if __name__ == "__main__":
    main()

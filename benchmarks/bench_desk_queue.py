"""How much grouping near-identical claims shortens the editors' review queue.

    python benchmarks/bench_desk_queue.py [--docs 200] [--vary 0.3] [--seed 7]

Writes a corpus of `--docs` documents made from the bundled examples, the way pages
copy each other: each copy is a clinic page (or, one in five, a regulator's notice or
a trial report) under another clinic's name, with each number in its text changed with
probability `--vary` (years never, so copies still trace to the trial). Ingests it into
a fresh SQLite base and prints the queue as the desk shows it by default (unreviewed
flagged claims): claims, items after grouping, and the ratio, as `name=value` lines.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLINICS = ["Harbourview Skin Clinic", "Northgate Dermatology", "Lakeside Aesthetics",
           "Bright Skin Studio", "Cedar Street Skin", "Riverside Laser Centre",
           "Summit Skin Institute", "Old Mill Aesthetic Clinic", "Parkway Dermal Care",
           "Westfield Skin Rooms", "Seaview Cosmetic Clinic", "Elm Grove Skin Lab"]
_TAG = re.compile(r"(<[^>]+>)")
_NUM = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.]*\d)")


def _vary_number(m: re.Match[str], rng: random.Random, p: float) -> str:
    s = m.group(1)
    value = float(s)
    if 1900 <= value <= 2100 and "." not in s:  # a year: keep, or the copy no longer traces
        return s
    if rng.random() >= p:
        return s
    new = value * rng.choice([0.6, 0.75, 0.8, 1.2, 1.25, 1.5]) + rng.choice([0, 1, 2])
    if "." in s:
        return f"{new:.{len(s.split('.')[1])}f}"
    return str(max(1, round(new)))


def vary(html: str, rng: random.Random, p: float, clinic: str) -> str:
    """The page with another clinic's name and some numbers changed (text only, never
    inside tags)."""
    parts = _TAG.split(html.replace("Harbourview Skin Clinic", clinic))
    return "".join(part if part.startswith("<") else _NUM.sub(
        lambda m: _vary_number(m, rng, p), part) for part in parts)


def make_corpus(out: Path, docs: int, p: float, seed: int) -> None:
    rng = random.Random(seed)
    ex = ROOT / "examples"
    clinic = (ex / "clinic-prp-microneedling.html").read_text(encoding="utf-8")
    notice = (ex / "regulator-notice-prp.html").read_text(encoding="utf-8")
    trial = (ex / "trial-microneedling-prp.html").read_text(encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    for i in range(docs):
        r = rng.random()
        base, kind = (notice, "notice") if r < 0.1 else (trial, "trial") if r < 0.2 else \
            (clinic, "clinic")
        name = f"{CLINICS[i % len(CLINICS)]} {i // len(CLINICS) + 1}"
        text = vary(base, rng, p, name)
        (out / f"{kind}-{i:04d}.html").write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--vary", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    from evidence.desk.queue import Filters, build_queue
    from evidence.store import Store
    from evidence.store.desk import load_desk

    with tempfile.TemporaryDirectory() as tmp:
        corpus, db = Path(tmp) / "corpus", str(Path(tmp) / "desk.db")
        make_corpus(corpus, args.docs, args.vary, args.seed)
        subprocess.run([sys.executable, "-c", "import cli; cli.main()", "ingest", str(corpus),
                        "--db", db, "--quiet"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        with Store.open(db) as store:
            claims = load_desk(store)
        q = build_queue(claims, Filters())
        by_flag = build_queue(claims, Filters(flag="number_mismatch"))
    print(f"documents={args.docs}")
    print(f"vary={args.vary}")
    print(f"queue_claims={q.claims}")
    print(f"queue_items={len(q.groups)}")
    print(f"items_per_claim={len(q.groups) / max(1, q.claims):.3f}")
    print(f"cut_by={1 - len(q.groups) / max(1, q.claims):.3f}")
    print(f"number_mismatch_claims={by_flag.claims}")
    print(f"number_mismatch_items={len(by_flag.groups)}")
    print(f"largest_group={max((len(g.claims) for g in q.groups), default=0)}")


if __name__ == "__main__":
    main()

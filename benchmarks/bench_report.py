"""Peak memory and time of `evidence report` as the evidence base grows.

    python benchmarks/bench_report.py [--sizes 400 6400] [--quick] [--claims-per-source 20]
                                      [--seed 7]

For each size it writes a SQLite database of that many generated documents
(sources, claims, studies, links, flags and editor reviews, straight through
the store's tables: no extraction, so only the report is measured) in one
child process, then builds the report from it as `evidence report` does in a
fresh one, so each build's peak resident memory is its own. It prints
`report_pages_<n>=`, `report_site_mb_<n>=`, `report_seconds_<n>=` and
`report_peak_mib_<n>=` per size, `report_peak_ratio=` (the largest size's peak
over the smallest's; the report streams page by page, so this should stay
under 1.3 from 400 to 6,400 documents) and last `total_seconds=`. `--quick`
uses 100 and 800 documents and takes well under two minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLASSES = ["randomized", "non_randomized", "review", "preclinical", "attributed",
           "expert_opinion", "unverified", "regulatory"]
CLASS_WEIGHTS = [12, 5, 6, 3, 15, 8, 45, 6]
KINDS = ["commercial"] * 12 + ["journal_article"] * 2 + ["news"] * 2 + ["paper_summary",
                                                                        "regulatory", "other"]
CLAIM_KINDS = ["efficacy", "safety", "recovery", "protocol", "study_design", "mechanism", "other"]
TREATMENTS = ["exosome serum", "PRP", "microneedling", "fractional CO2 laser", "subcision",
              "radiofrequency microneedling", "chemical peel", "topical exosomes"]
OUTCOMES = ["scar depth", "redness", "skin texture", "pigmentation", "erythema"]
FLAGS = [("untraced_number", "medium"), ("number_mismatch", "high"), ("hedge_dropped", "high"),
         ("absolute_language", "low"), ("small_sample", "low"), ("internal_conflict", "high")]
DECISIONS = ["confirmed", "disputed", "needs_source", "dismissed"]
BASE_TIME = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
# bulk inserts need every row to name the same columns
NO_LINK = {"from_claim": None, "from_study": None, "to_study": None, "to_claim": None,
           "to_source": None}


def _claim_text(r: random.Random) -> tuple[str, list[dict[str, Any]]]:
    t, o = r.choice(TREATMENTS), r.choice(OUTCOMES)
    a, n, w = r.randint(10, 60), r.randint(12, 90), r.randint(4, 16)
    forms = [
        (f"{t.capitalize()} improved {o} by {a}% in {n} patients.",
         [{"value": float(a), "unit": "%"}, {"value": float(n), "unit": "participants"}]),
        (f"A {w}-week split-face study compared {t} with saline in {n} patients.",
         [{"value": float(w), "unit": "weeks"}, {"value": float(n), "unit": "participants"}]),
        (f"Downtime after {t} is {a % 5 + 1}–{a % 5 + 4} days.",
         [{"low": float(a % 5 + 1), "high": float(a % 5 + 4), "unit": "days"}]),
        (f"{t.capitalize()} may reduce {o} in some patients.", []),
        (f"The regulator has not approved {t} for scars.", []),
    ]
    return r.choice(forms)


def _source_text(r: random.Random, n_claims: int, title: str) -> tuple[str, list[tuple[int, int, str, list]]]:
    parts: list[str] = [title, "\n\n"]
    pos = len(title) + 2
    claims = []
    for i in range(n_claims):
        filler = "Book a consultation to discuss your options. " if i % 3 == 0 else ""
        text, numbers = _claim_text(r)
        parts.append(filler)
        pos += len(filler)
        claims.append((pos, pos + len(text), text, numbers))
        parts.append(text)
        pos += len(text)
        sep = "\n\n" if i % 4 == 3 else " "
        parts.append(sep)
        pos += len(sep)
    return "".join(parts), claims


def populate(store: Any, n_sources: int, per_source: int, seed: int) -> dict[str, int]:
    """Insert a generated evidence base; return how many rows of each kind."""
    from sqlalchemy import insert

    from evidence.store.codec import fingerprint
    from evidence.store.schema import ClaimRow, FlagRow, LinkRow, ReviewRow, SourceRow, StudyRow

    r = random.Random(seed)
    sources, studies, claims, flags, links, reviews = [], [], [], [], [], []
    kinds = {sid: KINDS[(sid * 7) % len(KINDS)] for sid in range(1, n_sources + 1)}
    own_studies: list[int] = []
    reg_claims: list[int] = []
    claim_id = 0
    for sid in range(1, n_sources + 1):
        kind = kinds[sid]
        title = f"{r.choice(TREATMENTS).title()} for scars, page {sid}"
        text, spans = _source_text(r, per_source, title)
        doc_key = f"bench/{sid:04d}.txt"
        sources.append({
            "id": sid, "doc_key": doc_key, "location": doc_key, "version": 1, "is_latest": True,
            "content_hash": "sha256:" + hashlib.sha256(text.encode()).hexdigest(),
            "raw": text.encode(), "text": text, "media_type": "text/plain", "title": title,
            "authors": [], "publisher": f"Publisher {sid % 40}", "site": None,
            "published": f"2025-{sid % 12 + 1:02d}-{sid % 28 + 1:02d}",
            "doi": f"10.5555/bench.{sid}" if kind == "journal_article" else None,
            "pmid": None, "pmcid": None, "registrations": [],
            "url": f"https://site{sid % 50}.example.com/page/{sid}", "kind": kind,
            "kind_reason": "generated", "blocks": [], "meta": {}, "notes": [],
            "parser": "bench", "extractor": "bench",
            "ingested_at": BASE_TIME + timedelta(minutes=sid),
        })
        study_id = None
        if kind in ("journal_article", "paper_summary"):
            study_id = len(studies) + 1
            own_studies.append(study_id)
            studies.append({"id": study_id, "source_id": sid, "key": "own",
                            "reported_in_own_source": True, "design": "rct", "randomized": True,
                            "within_subject": r.random() < 0.5, "blinding": "double-blind",
                            "participants": r.randint(20, 300), "arms": 2,
                            "duration": f"{r.randint(4, 24)} weeks",
                            "data": {"outcomes": [r.choice(OUTCOMES)]}, "traced_to": None,
                            "extractor": "bench"})
        for ordinal, (start, end, ctext, numbers) in enumerate(spans):
            claim_id += 1
            cls = r.choices(CLASSES, CLASS_WEIGHTS)[0]
            if kind == "regulatory":
                cls = "regulatory"
                reg_claims.append(claim_id)
            traced = r.choice(own_studies) if own_studies and kind == "commercial" \
                and r.random() < 0.15 else None
            claims.append({
                "id": claim_id, "source_id": sid, "ordinal": ordinal, "start": start, "end": end,
                "text": ctext, "section": title, "subject": None,
                "kind": "regulatory" if cls == "regulatory" else r.choice(CLAIM_KINDS),
                "hedged": "may" in ctext, "numbers": numbers, "attribution": None,
                "agency": "FDA" if cls == "regulatory" else None, "study_id": study_id,
                "data": {}, "fingerprint": fingerprint(doc_key, ctext), "extractor": "bench",
                "evidence_class": cls, "class_reason": f"generated as {cls}",
                "traced_study_id": traced, "assessor": "bench"})
            if traced:
                links.append({**NO_LINK, "from_claim": claim_id, "to_study": traced, "kind": "study",
                              "confidence": 0.9, "matched_on": ["participants"],
                              "mismatches": ["number: 52% vs 41.2%"] if r.random() < 0.5 else [],
                              "rule": "bench"})
            if cls == "regulatory" and kind != "regulatory" and reg_claims:
                links.append({**NO_LINK, "from_claim": claim_id, "to_claim": r.choice(reg_claims),
                              "kind": "regulatory", "confidence": 1.0, "matched_on": ["agency:FDA"],
                              "mismatches": [], "rule": "bench"})
            if r.random() < 0.3:
                code, sev = r.choice(FLAGS)
                flags.append({"claim_id": claim_id, "code": code, "severity": sev,
                              "message": f"generated {code}", "start": start, "end": end,
                              "rule": "bench"})
                if r.random() < 0.15:
                    reviews.append({"doc_key": doc_key, "fingerprint": fingerprint(doc_key, ctext),
                                    "claim_id": claim_id, "claim_text": ctext,
                                    "decision": r.choice(DECISIONS), "editor": "bench",
                                    "note": "checked against the study",
                                    "at": BASE_TIME + timedelta(days=1, minutes=claim_id)})
    with store.session() as s:
        for table, rows in ((SourceRow, sources), (StudyRow, studies), (ClaimRow, claims),
                            (FlagRow, flags), (LinkRow, links), (ReviewRow, reviews)):
            if rows:
                s.execute(insert(table.__table__), rows)
    return {"sources": len(sources), "claims": len(claims), "studies": len(studies),
            "flags": len(flags), "links": len(links), "reviews": len(reviews)}


def peak_rss_mib() -> float:
    """This process's peak resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _generate(db: str, n_sources: int, per_source: int, seed: int) -> None:
    """Child process: write the generated base, so its rows never count in a build's peak."""
    from evidence.store import Store

    t0 = time.perf_counter()
    with Store.open(db) as store:
        counts = populate(store, n_sources, per_source, seed)
    print(f"generated: {', '.join(f'{v} {k}' for k, v in counts.items())} "
          f"in {time.perf_counter() - t0:.1f} s", flush=True)


def _build(db: str, out: str) -> None:
    """Child process: build the report exactly as `evidence report` does, then print what
    it cost as `name=value` lines for the parent."""
    from evidence.report import build_report_from_store
    from evidence.store import Store

    t0 = time.perf_counter()
    with Store.open(db, create=False) as store:
        result = build_report_from_store(store, Path(out), progress=False)
    seconds = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())
    print(f"pages={result.pages}")
    print(f"seconds={seconds:.2f}")
    print(f"site_mb={size / 1e6:.1f}")
    print(f"peak_mib={peak_rss_mib():.1f}")


def _child(*args: str) -> dict[str, str]:
    """Run this script in a fresh interpreter and collect its `name=value` lines."""
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        sys.exit(f"child {' '.join(args)} failed:\n{proc.stderr}")
    out = {}
    for line in proc.stdout.splitlines():
        name, sep, value = line.partition("=")
        if sep and " " not in name:
            out[name] = value
        else:
            print(line)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[400, 6400],
                    help="documents in each generated base; each build runs in its own process")
    ap.add_argument("--sources", type=int, help="one base of this many documents (timing only)")
    ap.add_argument("--claims-per-source", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="small bases (100 and 800 documents)")
    ap.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        if args.child[0] == "generate":
            _generate(args.child[1], int(args.child[2]), args.claims_per_source, args.seed)
        else:
            _build(args.child[1], args.child[2])
        return
    sizes = [args.sources] if args.sources else ([100, 800] if args.quick else args.sizes)
    peaks: dict[int, float] = {}
    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            db, site = str(Path(tmp) / f"bench-{n}.db"), str(Path(tmp) / f"site-{n}")
            _child("--claims-per-source", str(args.claims_per_source), "--seed", str(args.seed),
                   "--child", "generate", db, str(n))
            got = _child("--child", "build", db, site)
            peaks[n] = float(got["peak_mib"])
            total += float(got["seconds"])
            print(f"report_pages_{n}={got['pages']}")
            print(f"report_site_mb_{n}={got['site_mb']}")
            print(f"report_seconds_{n}={got['seconds']}")
            print(f"report_peak_mib_{n}={peaks[n]:.1f}", flush=True)
    if len(sizes) > 1:
        print(f"report_peak_ratio={peaks[max(sizes)] / peaks[min(sizes)]:.2f}")
    print(f"total_seconds={total:.2f}")


if __name__ == "__main__":
    main()

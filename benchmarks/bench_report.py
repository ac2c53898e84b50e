"""Time of the static report on a large evidence base.

    python benchmarks/bench_report.py [--sources 500] [--claims-per-source 20] [--seed 7]

Writes a SQLite database of generated sources, claims, studies, links, flags
and editor reviews straight through the store's tables (no extraction, so
only the report is measured), then reads it as `evidence report` does and
builds the report into a temporary folder. It prints the time to read the
database, the time to build, pages per second, the peak resident memory and
last `total_seconds=<read + build>`; 10,000 claims should take under 30 s.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
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


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", type=int, default=500)
    ap.add_argument("--claims-per-source", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    from evidence.export import build_export
    from evidence.report import build_report
    from evidence.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        with Store.open(db) as store:
            counts = populate(store, args.sources, args.claims_per_source, args.seed)
        print(f"generated: {', '.join(f'{v} {k}' for k, v in counts.items())} "
              f"in {time.perf_counter() - t0:.1f} s")
        t1 = time.perf_counter()
        with Store.open(db) as store:
            data = build_export(store.snapshot())
        read = time.perf_counter() - t1
        print(f"read database and build export: {read:.2f} s, peak memory {peak_rss_mb():.0f} MB")
        t2 = time.perf_counter()
        result = build_report(data, Path(tmp) / "site", progress=False)
        build = time.perf_counter() - t2
        print(f"report: {result.pages} pages ({result.files} files) in {build:.2f} s, "
              f"{result.pages / build:.0f} pages/s, peak memory {peak_rss_mb():.0f} MB")
        size = sum(p.stat().st_size for p in (Path(tmp) / "site").rglob("*") if p.is_file())
        print(f"report size: {size / 1e6:.1f} MB")
        print(f"total_seconds={read + build:.2f}")


if __name__ == "__main__":
    main()

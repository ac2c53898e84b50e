"""Throughput of the full ingest against bare spaCy tokenisation, on the same text.

    python benchmarks/bench_extract.py [--words 1000000] [--seed 7]

Generates a corpus of clinic pages, trial abstracts and vendor articles (varied
sentences, numbers, bullets and tables) into a temporary folder, one file at a
time, then in the same run:

1. tokenises every document with a bare `spacy.blank("en")`;
2. ingests the folder into a fresh SQLite database (parse, extract, store, assess).

It prints words per second for both, the peak resident memory after each half
of the ingest (flat when the corpus is streamed), and last
`throughput_ratio=<full ingest / bare tokenisation>`.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TREATMENTS = ["exosome serum", "PRP", "microneedling", "fractional CO2 laser", "Nd:YAG laser",
              "radiofrequency microneedling", "platelet-rich plasma", "topical exosomes",
              "chemical peel", "subcision"]
OUTCOMES = ["scar depth", "redness", "skin texture", "pigmentation", "pore size",
            "scar appearance", "erythema", "wrinkles"]
CONDITIONS = ["atrophic acne scars", "post-surgical scars", "boxcar scars", "melasma",
              "stretch marks", "rolling acne scars"]
WORDS = ["moderate", "visible", "gradual", "noticeable", "consistent", "early", "lasting"]


def _sentence(r: random.Random) -> str:
    t, o, c = r.choice(TREATMENTS), r.choice(OUTCOMES), r.choice(CONDITIONS)
    a, b = r.randint(10, 60), r.randint(1, 9)
    forms = [
        f"{t.capitalize()} improved {o} by {a}.{b}% in patients with {c}.",
        f"Downtime after {t} was {b}–{b + r.randint(1, 5)} days vs. {b + 3}–{b + 8} days with laser alone.",
        f"A {r.randint(8, 24)}-week split-face study of {r.randint(12, 90)} patients compared {t} to saline.",
        f"Patients received {r.choice(['three', 'four', 'five'])} sessions at {r.choice(['two', 'four'])}-week intervals.",
        f"{t.capitalize()} may reduce {o} in some patients, although the evidence is {r.choice(WORDS)}.",
        f"No serious adverse events were reported after {t} (p = 0.{r.randint(1, 99):02d}).",
        f"The mean difference in {o} was −{b}.{a % 10} (95% CI −{b + 1}.2 to −{b - 1 if b > 1 else 0}.4).",
        f"Our clinic offers {t} with {r.choice(['little to no downtime', 'visible results', 'no side effects'])}.",
        f"Exosomes stimulate fibroblasts to produce collagen and reduce {o}.",
        f"The TGA has not approved {t} for {c}.",
        f"Results typically appear after {r.randint(2, 12)} weeks and last {r.randint(6, 18)} months.",
        f"Needle depth of {b / 10:.1f}–{b / 10 + 1:.1f} mm is used for {c}.",
    ]
    return r.choice(forms)


def make_document(i: int, r: random.Random) -> str:
    """One document of about 400 words: headings, paragraphs, bullets and a table."""
    parts = [f"# {r.choice(TREATMENTS).title()} for {r.choice(CONDITIONS).title()} ({i})", ""]
    for _section in range(3):
        parts += [f"## {r.choice(['Results', 'What to expect', 'Safety', 'Protocol', 'Evidence'])}", ""]
        parts += [" ".join(_sentence(r) for _ in range(r.randint(3, 6))), ""]
        parts += ["Key points:", ""]
        parts += [f"- {_sentence(r)}" for _ in range(r.randint(2, 4))] + [""]
    parts += ["| Treatment | Downtime | Sessions |", "|---|---|---|"]
    parts += [f"| {r.choice(TREATMENTS)} | {r.randint(1, 4)}–{r.randint(5, 9)} days | "
              f"{r.randint(1, 3)}–{r.randint(4, 6)} |" for _ in range(3)]
    return "\n".join(parts) + "\n"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    import spacy

    from evidence.extract import Extractor
    from evidence.ingest import ingest
    from evidence.store import Store

    r = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        words = 0
        n = 0
        while words < args.words:
            text = make_document(n, r)
            (corpus / f"doc{n:05d}.md").write_text(text, encoding="utf-8")
            words += len(text.split())
            n += 1
        files = sorted(str(p) for p in corpus.iterdir())
        print(f"corpus: {n} documents, {words:,} words", flush=True)

        nlp = spacy.blank("en")
        t0 = time.perf_counter()
        tokens = 0
        for f in files:
            tokens += len(nlp(Path(f).read_text(encoding="utf-8")))
        bare = time.perf_counter() - t0
        print(f"bare tokenisation : {words / bare:12,.0f} words/s ({bare:.1f} s, {tokens:,} tokens)",
              flush=True)

        extractor = Extractor()
        rss_start = peak_rss_mb()
        half = len(files) // 2
        t0 = time.perf_counter()
        with Store.open(str(Path(tmp) / "bench.db")) as store:
            ingest(files[:half], store, extractor=extractor)
            rss_half = peak_rss_mb()
            ingest(files[half:], store, extractor=extractor)
            counts = store.counts()
        full = time.perf_counter() - t0
        rss_end = peak_rss_mb()
        print(f"full ingest       : {words / full:12,.0f} words/s ({full:.1f} s, "
              f"{counts['claims']:,} claims, {counts['flags']:,} flags)")
        print(f"peak memory       : {rss_start:.0f} MB before, {rss_half:.0f} MB after half, "
              f"{rss_end:.0f} MB after all")
        print(f"throughput_ratio={bare / full:.3f}")


if __name__ == "__main__":
    main()

"""Throughput of the full ingest against bare spaCy tokenisation, on the same text.

    python benchmarks/bench_extract.py [--words 1000000] [--seed 7]

Generates a corpus of clinic pages (varied sentences, numbers, bullets and
tables) into a temporary folder, one file at a time. The pages are as dense in
claims as real ones, about one checkable claim per 30-40 words: figures,
comparisons, confidence intervals, quotes, study descriptors and regulators'
decisions stand between ordinary prose (background, opening hours, prices,
phone numbers, questions, calls to action), bullets and a table. Then, in the
same run:

1. tokenises every document with a bare `spacy.blank("en")` (a fresh one for each
   of BARE_RUNS runs, keeping the fastest, so a slow moment of the machine
   cannot flatter the ratio);
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
SECTIONS = ["Results", "What to expect", "Safety", "Protocol", "Evidence", "About us",
            "Frequently asked questions", "Before your visit", "Pricing", "Our approach",
            "Aftercare", "Meet the team", "Why choose us", "Getting here"]
NAMES = ["Hart", "Lind", "Okafor", "Nguyen", "Patel", "Moreau", "Castillo", "Brennan", "Sato",
         "Kowalski", "Haddad", "Olsen", "Fitzgerald", "Achterberg", "Mensah", "Ivanova"]
SUBURBS = ["Richmond", "Fitzroy", "Bondi Junction", "Parramatta", "Chatswood", "Southbank",
           "Fremantle", "Glenelg", "New Farm", "Kingston", "Newtown", "Hawthorn", "Subiaco"]
FEELINGS = ["self-conscious", "frustrated", "anxious", "hesitant", "curious", "overwhelmed"]
PLACES = ["work", "school", "the gym", "family gatherings", "job interviews", "the beach",
          "weddings", "video calls", "first dates"]
THINGS = ["sunscreen", "a gentle cleanser", "a fragrance-free moisturiser", "makeup",
          "retinol creams", "exfoliating acids", "fake tan", "hair removal creams"]
STAFF = ["nurse injector", "dermal therapist", "receptionist", "practice manager",
         "cosmetic physician", "skin therapist"]
QUALITIES = ["honest", "unhurried", "thorough", "friendly", "discreet", "personalised",
             "evidence-based", "down-to-earth"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
BARE_RUNS = 3
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def _claim(r: random.Random) -> str:
    """A checkable sentence: a figure, a comparison, a CI, a quote, a study or a regulator."""
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
        f"Dr. {r.choice(NAMES)}, our lead dermatologist, says, “{t.capitalize()} gives the skin a "
        f"second wave of healing.”",
    ]
    return r.choice(forms)


def _prose(r: random.Random) -> str:
    """Ordinary page text around the claims: background, practical details, questions, calls
    to action, with the names, places, dates, prices and phone numbers real pages carry."""
    c, n, s = r.choice(CONDITIONS), r.choice(NAMES), r.choice(SUBURBS)
    forms = [
        f"Many people feel {r.choice(FEELINGS)} about {c}, especially at {r.choice(PLACES)}.",
        "Everyone's skin is different, so your plan will be tailored to your goals, budget and "
        "lifestyle.",
        f"Our {s} team has been caring for the local community since {r.randint(1985, 2018)}.",
        f"Is {r.choice(TREATMENTS)} right for you?",
        f"Book a consultation with Dr. {n} at our {s} rooms to discuss your options.",
        f"If you are considering treatment for {c}, our {r.choice(STAFF)} is happy to answer "
        f"your questions.",
        f"Read our guide to preparing for your first appointment, updated {r.randint(1, 28)} "
        f"{r.choice(MONTHS)} {r.randint(2019, 2025)}.",
        f"We believe that good care starts with an {r.choice(QUALITIES)} conversation about "
        f"expectations.",
        f"Our rooms are open from {r.randint(7, 9)}:{r.choice(['00', '30'])}am to "
        f"{r.randint(5, 8)}pm, with late appointments on {r.choice(DAYS)}s.",
        f"Parking is available on {r.choice(NAMES)} Street, and the entrance is step-free.",
        "What happens at the first visit?",
        f"Bring a list of any medicines you take, and stop using {r.choice(THINGS)} a few days "
        f"before your visit.",
        f"Scarring can affect confidence at {r.choice(PLACES)} and in relationships.",
        f"Call us on (0{r.randint(2, 8)}) {r.randint(9000, 9999)} {r.randint(1000, 9999)} or "
        f"send a message through the contact form.",
        f"A standard consultation costs ${r.randint(80, 250)}, which is credited towards your "
        f"first treatment.",
        f"Dr. {n} trained in {r.choice(['Melbourne', 'London', 'Toronto', 'Auckland', 'Dublin'])} "
        f"and joined the practice in {r.randint(2005, 2023)}.",
        f"Gift cards from ${r.randint(5, 40) * 10} can be bought online or at reception.",
        f"Please arrive {r.choice(['ten', 'fifteen'])} minutes early so we can take your history.",
        f"Our {r.choice(STAFF)} will explain aftercare and give you written instructions to take "
        f"home.",
        f"We are a short walk from {s} station and close to the {r.choice(NAMES)} Arcade.",
    ]
    return r.choice(forms)


def _paragraph(r: random.Random) -> str:
    """Three to six sentences, about one in four of them a claim."""
    return " ".join(_claim(r) if r.random() < 0.22 else _prose(r) for _ in range(r.randint(3, 6)))


def _bullet(r: random.Random) -> str:
    if r.random() < 0.25:
        return _claim(r)
    return r.choice(["Free parking on site", "Gift vouchers available", "Flexible payment plans",
                     "Evening and weekend appointments", f"Friendly, {r.choice(QUALITIES)} staff",
                     f"Consultations with Dr. {r.choice(NAMES)}", "Easy online booking",
                     f"Rooms in {r.choice(SUBURBS)} and {r.choice(SUBURBS)}",
                     f"Interest-free payments from ${r.randint(15, 60)} a week",
                     f"Needle depth of {r.randint(5, 15) / 10:.1f}–{r.randint(16, 25) / 10:.1f} mm"])


def make_document(i: int, r: random.Random) -> str:
    """One page of about 450 words: headings, paragraphs, bullets and a table, with about one
    checkable claim per 30-40 words and ordinary page text between the claims."""
    parts = [f"# {r.choice(TREATMENTS).title()} for {r.choice(CONDITIONS).title()} ({i})", "",
             "Home > Treatments > Scars", ""]
    for _section in range(3):
        parts += [f"## {r.choice(SECTIONS)}", ""]
        parts += [_paragraph(r), ""]
        parts += [_paragraph(r), ""]
        parts += ["What we offer:", ""]
        parts += [f"- {_bullet(r)}" for _ in range(r.randint(2, 4))] + [""]
    parts += ["| Treatment | Downtime | Sessions |", "|---|---|---|"]
    parts += [f"| {r.choice(TREATMENTS)} | {r.randint(1, 4)}–{r.randint(5, 9)} days | "
              f"{r.randint(1, 3)}–{r.randint(4, 6)} |" for _ in range(2)]
    parts += ["", "Book your consultation today.", "", "The Clinic Team"]
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

        bare = float("inf")
        for _run in range(BARE_RUNS):  # the baseline's best run: the ratio errs low, not high
            nlp = spacy.blank("en")
            texts = (Path(f).read_text(encoding="utf-8") for f in files)
            t0 = time.perf_counter()
            tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
            bare = min(bare, time.perf_counter() - t0)
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

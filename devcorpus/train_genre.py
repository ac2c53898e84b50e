"""Train the content-genre model (`evidence/parse/genre_model.json`).

Training documents: the labelled pages of the development corpus that are in
the cache, plus the project's own written fixtures and examples (whose kinds
the fixture gold gives). The features are the topic-free signals
(`evidence.parse.genre.features`) and the rates of a vocabulary of common words
(`genre.word_rates`): words found on at least `MIN_PAGES` training pages, leaving
out every word a labelled claim's keywords use (the things claims are about:
treatments, complaints, measures), so the vocabulary carries how pages are
written rather than what they are about. The model keeps that word list and a
few weights per kind for each feature, nothing of any page's wording.

    python devcorpus/train_genre.py [--check] [--pipeline]

Prints cross-validated accuracy (`FOLDS` folds: each page scored by a model
trained without it, its vocabulary chosen without it too), so the figure says
how the model does on pages it has not seen. `--check` cross-validates only and
writes nothing; `--pipeline` also prints the source kind the whole classifier
(its rules, then this model where they are silent) gives each labelled page with
the model trained without that page's fold: the honest figure for kind, since the
rules decide by the model's probability, not only its first choice.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tomllib
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from devcorpus.score import CACHE, load_labels  # noqa: E402
from evidence.parse import parse_document  # noqa: E402
from evidence.parse.genre import (  # noqa: E402
    MODEL_FILE,
    WORD,
    WORD_FEATURE,
    features,
    word_counts,
)

VERSION = "evidence.genre.v9"  # v9: retrained with batch 23; the word rates weighed more gently (WORDS_L2 100: source kind cross-validated through the whole classifier 751/923, against 743 at 30); v8: retrained with batch 22 and the pages joined after batch 21; v7: retrained with batch 21; v6: retrained with batch 20; v5: retrained with batch 19 (the vocabulary built without its claim keywords); v4: the rates of common words beside the signals, and the signals alone for texts under 150 words, trained on 684 documents; v3: retrained on 234 documents (the corpus grown by three fresh batches); v2: a dateline and a news lead as signals; L2 1.0
KINDS = ["journal_article", "commercial", "news", "regulatory", "other"]
L2 = 10.0  # on the signals' weights, beside the words
WORDS_L2 = 100.0  # on the word rates': a thousand features, each weak, weighed gently
SHORT_L2 = 1.0  # on the signals' weights, alone (the model for short texts)
MIN_PAGES = 10  # pages a word must be found on to enter the vocabulary
FOLDS = 10


def documents() -> list[tuple[str, str, str]]:
    """(name, stored text, kind) of every training document."""
    out = []
    for lab in load_labels(HERE / "labels.toml"):
        path = CACHE / f"{lab['id']}.txt"
        if path.is_file() and lab["kind"] in KINDS:
            out.append((lab["id"], parse_document(str(path), path.read_bytes()).text, lab["kind"]))
    with (ROOT / "tests" / "fixtures" / "gold.toml").open("rb") as fh:
        gold = tomllib.load(fh)
    for d in gold.get("doc", []):
        kind = d.get("source_kind", [None])[0]
        path = ROOT / "tests" / "fixtures" / "docs" / d["file"]
        if kind in KINDS and path.is_file():
            out.append((d["file"], parse_document(str(path), path.read_bytes()).text, kind))
    for name, kind in (("clinic-prp-microneedling.html", "commercial"),
                       ("regulator-notice-prp.html", "regulatory"),
                       ("trial-microneedling-prp.html", "journal_article")):
        path = ROOT / "examples" / name
        out.append((name, parse_document(str(path), path.read_bytes()).text, kind))
    return out


def fit(x: np.ndarray, y: np.ndarray, k: int, l2: float | np.ndarray = L2) -> tuple[
        np.ndarray, np.ndarray]:
    """Multinomial logistic regression by gradient descent, classes weighted to balance;
    `l2` is the penalty on every weight, or one per feature."""
    n, d = x.shape
    w, b = np.zeros((k, d)), np.zeros(k)
    counts = np.bincount(y, minlength=k).astype(float)
    sample_w = (n / (k * np.maximum(counts, 1)))[y]
    onehot = np.eye(k)[y]
    for _ in range(3000):
        z = x @ w.T + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sample_w[:, None] / n
        w -= 0.5 * (g.T @ x + l2 * w / n)
        b -= 0.5 * g.sum(axis=0)
    return w, b


def claim_words() -> set[str]:
    """Every word the labels' claim keywords use: what claims are about, kept out of the
    vocabulary."""
    return {w for lab in load_labels(HERE / "labels.toml") for c in lab.get("claims", [])
            for k in c.get("keywords", []) for w in WORD.findall(k.lower())}


def vocabulary(counts: list[Counter[str]], banned: set[str]) -> list[str]:
    """The common words of the training pages: on at least MIN_PAGES of them, none banned."""
    pages = Counter(w for c in counts for w in c)
    return sorted(w for w, n in pages.items() if n >= MIN_PAGES and w not in banned)


class Features:
    """The feature matrix of the training documents, for a given vocabulary."""

    def __init__(self, docs: list[tuple[str, str, str]]):
        self.names = sorted(features("").keys())
        self.signals = np.array([[features(t)[n] for n in self.names] for _n, t, _k in docs])
        self.counts = [word_counts(t) for _n, t, _k in docs]
        self.totals = [max(1, sum(c.values())) for c in self.counts]
        self.banned = claim_words()

    def matrix(self, rows: np.ndarray) -> tuple[list[str], list[str], np.ndarray]:
        """(vocabulary, feature names, raw matrix) with the vocabulary of `rows` only."""
        words = vocabulary([self.counts[i] for i in np.flatnonzero(rows)], self.banned)
        rates = np.array([[math.log1p(1000.0 * c[w] / total) for w in words]
                          for c, total in zip(self.counts, self.totals, strict=True)]
                         ).reshape(len(self.counts), len(words))
        return words, self.names + [WORD_FEATURE + w for w in words], \
            np.hstack([self.signals, rates])


def trained(feats: Features, y: np.ndarray, rows: np.ndarray) -> dict:
    """The model trained on `rows`, as `genre_model.json` holds it: the signals and the
    word rates, and under "short" the signals alone, for texts under WORDS_IN_FULL words."""
    words, names, raw = feats.matrix(rows)
    model = _fit_model(raw, y, rows, np.array([L2] * len(feats.names) + [WORDS_L2] * len(words)))
    short = _fit_model(feats.signals, y, rows, np.array([SHORT_L2] * len(feats.names)))
    return {"version": VERSION, "kinds": KINDS, "features": names, "words": words, **model,
            "short": {"features": feats.names, **short}}


def _fit_model(raw: np.ndarray, y: np.ndarray, rows: np.ndarray, l2: np.ndarray) -> dict:
    mean, scale = raw[rows].mean(axis=0), raw[rows].std(axis=0) + 1e-6
    x = np.clip((raw - mean) / scale, -3.0, 3.0)
    w, b = fit(x[rows], y[rows], len(KINDS), l2)
    return {"mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) for v in scale],
            "weights": [[round(float(v), 5) for v in row] for row in w],
            "bias": [round(float(v), 5) for v in b]}


def folds(n: int) -> list[np.ndarray]:
    """FOLDS boolean masks of held-out rows, every FOLDS-th document in each."""
    return [np.arange(n) % FOLDS == f for f in range(FOLDS)]


def cross_validate(docs: list[tuple[str, str, str]], feats: Features, y: np.ndarray,
                   pipeline: bool) -> list[str]:
    """Each document scored by a model trained without its fold; the misses. With
    `pipeline`, also the kind the whole classifier gives each labelled page."""
    from evidence.parse import genre, kind

    labelled = {lab["id"]: lab["kind"] for lab in load_labels(HERE / "labels.toml")}
    wrong, kind_wrong, seen = [], [], 0
    try:
        for held in folds(len(docs)):
            model = genre.GenreModel(trained(feats, y, ~held))
            for i in np.flatnonzero(held):
                name, text, want = docs[i]
                got = model.predict(text).kind
                if got != want:
                    wrong.append(f"  {name}: {got} (want {want})")
                if pipeline and name in labelled:
                    kind.read_genre = model.predict
                    path = CACHE / f"{name}.txt"
                    got = parse_document(str(path), path.read_bytes()).kind
                    kind.read_genre = genre.read_genre
                    seen += 1
                    if got != labelled[name]:
                        kind_wrong.append(f"  {name}: {got} (want {labelled[name]})")
    finally:
        kind.read_genre = genre.read_genre
    if pipeline:
        print(f"source kind, cross-validated through the whole classifier: "
              f"{seen - len(kind_wrong)}/{seen} = {1 - len(kind_wrong) / max(seen, 1):.3f}")
        print("\n".join(kind_wrong))
    return wrong


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="cross-validate only")
    ap.add_argument("--pipeline", action="store_true",
                    help="also cross-validate through the whole kind classifier")
    args = ap.parse_args()
    docs = documents()
    feats = Features(docs)
    y = np.array([KINDS.index(k) for _n, _t, k in docs])
    print(f"{len(docs)} documents: {dict(Counter(k for _n, _t, k in docs))}")
    wrong = cross_validate(docs, feats, y, args.pipeline)
    accuracy = 1 - len(wrong) / len(docs)
    print(f"{FOLDS}-fold cross-validated accuracy {accuracy:.3f}")
    print("\n".join(wrong))
    if args.check:
        return 0
    model = trained(feats, y, np.ones(len(docs), dtype=bool))
    model.update(trained_on=len(docs), cv_accuracy=round(accuracy, 3))
    out = ROOT / "evidence" / "parse" / MODEL_FILE
    out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(model['words'])} words)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

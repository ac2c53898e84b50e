"""Train the content-genre model (`evidence/parse/genre_model.json`).

Training documents: the labelled pages of the development corpus that are in
the cache, plus the project's own written fixtures and examples (whose kinds
the fixture gold gives). Only topic-free signals are features
(`evidence.parse.genre.features`), so nothing of any page's wording is kept in
the model: it is a few dozen weights per kind.

    python devcorpus/train_genre.py [--check] [--pipeline]

Prints leave-one-out accuracy, so the figure says how the model does on pages
it has not seen. `--check` cross-validates only and writes nothing; `--pipeline`
also prints the source kind the whole classifier (its rules, then this model
where they are silent) gives each labelled page with the model trained without
that page: the honest figure for kind, since the rules decide by the model's
probability, not only its first choice.
"""

from __future__ import annotations

import argparse
import json
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
from evidence.parse.genre import MODEL_FILE, features  # noqa: E402

VERSION = "evidence.genre.v3"  # v3: retrained on 234 documents (the corpus grown by three fresh batches); v2: a dateline and a news lead as signals; L2 1.0
KINDS = ["journal_article", "commercial", "news", "regulatory", "other"]
L2 = 1.0


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


def fit(x: np.ndarray, y: np.ndarray, k: int, l2: float = L2) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression by gradient descent, classes weighted to balance."""
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


def pipeline_loo(docs: list[tuple[str, str, str]], x: np.ndarray, y: np.ndarray,
                 names: list[str], mean: np.ndarray, scale: np.ndarray) -> None:
    """The kind `parse_document` gives each labelled page, with the model trained without it."""
    from evidence.parse import genre, kind

    labelled = {lab["id"]: lab["kind"] for lab in load_labels(HERE / "labels.toml")}
    ok, seen, wrong = 0, 0, []
    try:
        for i, (name, _text, _k) in enumerate(docs):
            if name not in labelled:
                continue
            keep = np.arange(len(docs)) != i
            w, b = fit(x[keep], y[keep], len(KINDS))
            model = genre.GenreModel({"version": "leave-one-out", "kinds": KINDS,
                                      "features": names, "mean": list(mean),
                                      "scale": list(scale), "weights": [list(r) for r in w],
                                      "bias": list(b)})
            kind.read_genre = model.predict
            path = CACHE / f"{name}.txt"
            got = parse_document(str(path), path.read_bytes()).kind
            seen += 1
            ok += got == labelled[name]
            if got != labelled[name]:
                wrong.append(f"  {name}: {got} (want {labelled[name]})")
    finally:
        kind.read_genre = genre.read_genre
    print(f"source kind, leave-one-out through the whole classifier: {ok}/{seen} "
          f"= {ok / max(seen, 1):.3f}")
    print("\n".join(wrong))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="cross-validate only")
    ap.add_argument("--pipeline", action="store_true",
                    help="also leave-one-out through the whole kind classifier")
    args = ap.parse_args()
    docs = documents()
    names = sorted(features("").keys())
    raw = np.array([[features(t)[n] for n in names] for _name, t, _k in docs])
    y = np.array([KINDS.index(k) for _n, _t, k in docs])
    mean, scale = raw.mean(axis=0), raw.std(axis=0) + 1e-6
    x = np.clip((raw - mean) / scale, -3.0, 3.0)
    print(f"{len(docs)} documents: {dict(Counter(k for _n, _t, k in docs))}")
    wrong = []
    for i in range(len(docs)):
        keep = np.arange(len(docs)) != i
        w, b = fit(x[keep], y[keep], len(KINDS))
        guess = int(np.argmax(x[i] @ w.T + b))
        if guess != y[i]:
            wrong.append(f"  {docs[i][0]}: {KINDS[guess]} (want {docs[i][2]})")
    print(f"leave-one-out accuracy {1 - len(wrong) / len(docs):.3f}")
    print("\n".join(wrong))
    if args.pipeline:
        pipeline_loo(docs, x, y, names, mean, scale)
    if args.check:
        return 0
    w, b = fit(x, y, len(KINDS))
    model = {"version": VERSION, "kinds": KINDS, "features": names,
             "mean": [round(float(v), 6) for v in mean],
             "scale": [round(float(v), 6) for v in scale],
             "weights": [[round(float(v), 5) for v in row] for row in w],
             "bias": [round(float(v), 5) for v in b],
             "trained_on": len(docs), "loo_accuracy": round(1 - len(wrong) / len(docs), 3)}
    out = ROOT / "evidence" / "parse" / MODEL_FILE
    out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

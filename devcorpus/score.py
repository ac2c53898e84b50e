"""Score the tool on the development corpus of real pages.

The pages themselves are never in the repository: they live in a cache folder
(`~/.cache/evidence-devcorpus/pages/`, or `EVIDENCE_DEVCORPUS`), one `.txt` per
page, retrieved by following `plan.toml`. This script ingests every labelled
page that is present into a fresh database, exactly as a user would ingest a
saved plain-text copy (no address), exports the evidence base and compares it
with `labels.toml`.

    python devcorpus/score.py [-v] [--record NOTE] [--only ID_PREFIX] [--json] [--wrap WIDTH [--break-words]]

Metrics (each a fraction of the labelled items it applies to):
  kind          source kind equals the label
  design        the document's own study design equals the label ("none": no own study)
  randomized    the own study is randomized exactly when the label says so
  participants  the own study's participant count equals the label, where one is labelled
  agency        a regulator document names its agency on at least one claim
  claims        key claims found: one extracted claim carries every labelled number and
                the keywords (at least one with numbers, all without)
  class         evidence class of the key claims that were found
  traces        retellings whose claims or stubs link to the retold paper's study
  title         a paper's title read as it stands (compared by `title_key`, a hash of its
                words, so that the labels hold no page text)
  published     a paper's date starts with the labelled one (a year, a month or a day)
  doi           a paper's DOI equals the labelled one, compared without case (as DOIs are)
  false_links   links from a document to a study of another document it does not retell (nor
                is retold by)

A document printing a labelled paper's DOI is counted as a copy of that paper (a seller's
or a repository's reprint of its abstract): a link to it is a link to the paper.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = Path(os.environ.get("EVIDENCE_DEVCORPUS",
                            Path.home() / ".cache" / "evidence-devcorpus" / "pages"))
METRICS = ("kind", "design", "randomized", "participants", "agency", "claims", "class", "traces",
           "title", "published", "doi")


def load_labels(path: Path) -> list[dict]:
    with path.open("rb") as fh:
        return tomllib.load(fh)["doc"]


def ingest_export(files: list[Path]) -> dict:
    """Ingest `files` into a fresh SQLite base with the package and return the export."""
    sys.path.insert(0, str(ROOT))
    from evidence.export import build_export
    from evidence.ingest import ingest
    from evidence.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "corpus.db")
        with Store.open(db) as store:
            ingest([str(f) for f in files], store)
            return json.loads(json.dumps(build_export(store.snapshot()), default=str))


def _num_ok(want: float, q: dict) -> bool:
    vals = [q.get("value"), q.get("low"), q.get("high")]
    # labels give magnitudes: "a change of −14.9%" carries 14.9
    return any(v is not None and abs(abs(float(v)) - abs(want)) < 1e-6 * max(1, abs(want)) + 1e-9
               for v in vals)


def title_key(title: str) -> str:
    """A title's words, lower-cased and hashed: labels compare titles without holding them."""
    words = " ".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", title).lower()))
    return hashlib.sha1(words.encode()).hexdigest()[:16]


# with --break-words, the words the copy broke over a line end ("ran-" / "domized") are
# read whole when labels' keywords are looked for in a claim: the claim holds the word,
# broken as its stored text is
_BROKEN = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


def _norm(s: str, rejoin: bool = False) -> str:
    if rejoin:
        s = _BROKEN.sub("", s)
    s = s.lower().replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")
    return re.sub(r"\s+", " ", s)


def match_claim(label: dict, claims: list[dict], rejoin: bool = False) -> dict | None:
    """The extracted claim that best carries a labelled key claim, or None."""
    nums = [float(n) for n in label.get("numbers", [])]
    kws = [k.lower() for k in label.get("keywords", [])]
    best, best_hits = None, -1
    for c in claims:
        if not all(any(_num_ok(n, q) for q in c["numbers"]) for n in nums):
            continue
        text = _norm(c["text"] + " " + (c.get("subject") or ""), rejoin)
        hits = sum(1 for k in kws if k in text)
        if nums and kws and hits == 0:
            continue
        if not nums and hits < len(kws):
            continue
        if hits > best_hits:
            best, best_hits = c, hits
    return best


def score(labels: list[dict], export: dict, by_id: dict[str, str],
          rejoin: bool = False) -> dict:
    """Per-metric [right, total] and the per-document misses; `rejoin`: see `_norm`."""
    by_category = {lab["id"]: lab.get("category") for lab in labels}
    src_of = {by_id[Path(s["location"]).stem]: s for s in export["sources"]
              if Path(s["location"]).stem in by_id}
    doc_of_source = {s["id"]: doc_id for doc_id, s in src_of.items()}
    study_source = {st["id"]: st["source_id"] for st in export["studies"]}
    claim_source = {c["id"]: c["source_id"] for c in export["claims"]}
    claims_by_source: dict[int, list[dict]] = {}
    for c in export["claims"]:
        claims_by_source.setdefault(c["source_id"], []).append(c)
    tally = {m: [0, 0] for m in METRICS}
    misses: dict[str, list[str]] = {}
    # a document printing a labelled paper's DOI is a copy of that paper (a seller's or a
    # repository's reprint of its abstract): a link to it is a link to the paper
    paper_of_doi = {src["doi"]: doc_id for doc_id, src in src_of.items()
                    if src.get("doi") and by_category.get(doc_id) == "paper"}
    copy_of = {doc_id: paper_of_doi.get(src.get("doi") or "", doc_id)
               for doc_id, src in src_of.items()}
    # a paper linked to a page retelling it links one study's two reports (a reprint of its
    # abstract is linked to the paper and the paper to it): no false link either way
    retold_by = {lab["id"]: {lab.get("retells"), *lab.get("also_retells", [])} for lab in labels}
    linked: dict[str, set[str]] = {}
    for ln in export["links"]:
        if ln.get("kind") not in (None, "study") or ln.get("to_study") is None:
            continue
        frm = claim_source.get(ln.get("from_claim")) if ln.get("from_claim") is not None \
            else study_source.get(ln.get("from_study"))
        to = study_source.get(ln["to_study"])
        if frm is None or to is None or frm == to:
            continue
        a, b = doc_of_source.get(frm), doc_of_source.get(to)
        b = copy_of.get(b, b) if b else b
        if a and b and a != b:
            linked.setdefault(a, set()).add(b)
    false_links = []

    def mark(metric: str, ok: bool, doc: str, why: str) -> None:
        tally[metric][1] += 1
        if ok:
            tally[metric][0] += 1
        else:
            misses.setdefault(doc, []).append(f"{metric}: {why}")

    for lab in labels:
        doc = lab["id"]
        src = src_of.get(doc)
        if src is None:
            misses.setdefault(doc, []).append("not ingested")
            continue
        study = src.get("study")
        mark("kind", src["kind"] == lab["kind"], doc, f"{src['kind']} ({src['kind_reason']})"
             f" want {lab['kind']}")
        got_design = study["design"] if study else "none"
        mark("design", got_design == lab["design"], doc,
             f"{got_design} ({study and study.get('design_reason')}) want {lab['design']}")
        want_r = bool(lab.get("randomized")) if lab["design"] != "none" else False
        got_r = bool(study and study.get("randomized"))
        mark("randomized", got_r == want_r, doc, f"{got_r} want {want_r}")
        if "participants" in lab and lab["design"] != "none":
            got_p = study and study.get("participants")
            mark("participants", got_p == lab["participants"], doc,
                 f"{got_p} want {lab['participants']}")
        if lab.get("title_key"):
            got_t = src.get("title") or ""
            mark("title", title_key(got_t) == lab["title_key"], doc, f"{got_t[:70]!r}")
        if lab.get("category") == "paper":
            want_d, got_d = lab.get("published"), src.get("published") or ""
            if want_d:
                mark("published", str(got_d).startswith(want_d), doc, f"{got_d} want {want_d}")
            if lab.get("doi"):  # DOIs are case-insensitive (the DOI Handbook, 3.4)
                mark("doi", (src.get("doi") or "").lower() == lab["doi"].lower(), doc,
                     f"{src.get('doi')} want {lab['doi']}")
        claims = claims_by_source.get(src["id"], [])
        if lab.get("agency"):
            got = sorted({c["agency"] for c in claims if c.get("agency")})
            mark("agency", lab["agency"] in got, doc, f"{got} want {lab['agency']}")
        for kc in lab.get("claims", []):
            c = match_claim(kc, claims, rejoin)
            mark("claims", c is not None, doc, f"{kc.get('numbers')} {kc.get('keywords')}")
            if c is not None and kc.get("class"):
                mark("class", c["evidence_class"] == kc["class"], doc,
                     f"{c['evidence_class']} want {kc['class']}: {c['text'][:70]!r}")
        if lab.get("retells"):
            mark("traces", lab["retells"] in linked.get(doc, set()), doc,
                 f"no link to {lab['retells']} (links to {sorted(linked.get(doc, []))})")
        for other in sorted(linked.get(doc, set())):
            if other != lab.get("retells") and other not in lab.get("also_retells", []) \
                    and doc not in retold_by.get(other, ()):
                false_links.append(f"{doc} -> {other}")
    return {"tally": tally, "misses": misses, "false_links": false_links}


def wrapped(page: Path, folder: Path, width: int, break_words: bool = False) -> Path:
    """A copy of `page` with every line longer than `width` hard-wrapped at word breaks and,
    with `break_words`, the first word of each wrapped line, when long, broken over the line
    end with a hyphen ("ran-" / "domized")."""
    lines = []
    for line in page.read_text(encoding="utf-8").split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        parts = textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
        for i in range(len(parts) - 1) if break_words else ():
            word, _, rest = parts[i + 1].partition(" ")
            if len(word) >= 8 and word.isalpha():
                cut = len(word) // 2
                parts[i] += " " + word[:cut] + "-"
                parts[i + 1] = word[cut:] + (" " + rest if rest else "")
        lines += parts
    out = folder / page.name
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def _rev() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                              capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    ap.add_argument("--labels", type=Path, default=HERE / "labels.toml")
    ap.add_argument("--pages", type=Path, default=CACHE)
    ap.add_argument("--only", help="score only documents whose id starts with this")
    ap.add_argument("--record", metavar="NOTE",
                    help="append a row to the RESULTS.md beside the labels")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--wrap", type=int, metavar="WIDTH",
                    help="hard-wrap every page at WIDTH columns first, as saved text and PDF "
                         "text often come: how the tool holds up on messier layout")
    ap.add_argument("--break-words", action="store_true",
                    help="with --wrap, also break a long word over each line end with a "
                         "hyphen, as PDF text does")
    args = ap.parse_args()
    labels = [d for d in load_labels(args.labels) if not args.only or d["id"].startswith(args.only)]
    present = [d for d in labels if (args.pages / f"{d['id']}.txt").is_file()]
    if not present:
        print(f"score: no labelled pages in {args.pages} (retrieve them by following "
              f"devcorpus/plan.toml)", file=sys.stderr)
        return 2
    missing = len(labels) - len(present)
    files = [args.pages / f"{d['id']}.txt" for d in present]
    with tempfile.TemporaryDirectory() as tmp:
        if args.wrap:
            files = [wrapped(f, Path(tmp), args.wrap, args.break_words) for f in files]
        export = ingest_export(files)
    result = score(present, export, {d["id"]: d["id"] for d in present},
                   rejoin=bool(args.wrap and args.break_words))
    t = result["tally"]
    frac = {m: (t[m][0] / t[m][1] if t[m][1] else None) for m in METRICS}
    if args.json:
        print(json.dumps({"fractions": frac, **result}, indent=1))
        return 0
    if args.verbose:
        for doc, ms in sorted(result["misses"].items()):
            for m in ms:
                print(f"{doc}: {m}")
        for fl in result["false_links"]:
            print(f"false link: {fl}")
        print()
    kinds = Counter(d["category"] for d in present)
    print(f"{len(present)} pages ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})"
          + (f", {missing} labelled but not in the cache" if missing else ""))
    for m in METRICS:
        right, total = t[m]
        print(f"  {m:13} {right:4}/{total:<4} {frac[m]:.2f}" if total else f"  {m:13}    -")
    print(f"  false_links   {len(result['false_links'])}")
    if args.record:
        row = "| {} | {} | {} | {} | {} |".format(
            dt.date.today().isoformat(), _rev(), len(present),
            " | ".join(f"{frac[m]:.2f}" if frac[m] is not None else "-" for m in METRICS),
            f"{len(result['false_links'])} | {args.record}")
        results = args.labels.parent / "RESULTS.md"
        header = "| date | commit | pages | {} | false links | change |".format(
            " | ".join(m.replace("_", " ") for m in METRICS))
        heads = [ln for ln in results.read_text(encoding="utf-8").splitlines()
                 if ln.startswith("| date")] if results.exists() else []
        with results.open("a", encoding="utf-8") as fh:
            if not heads or heads[-1] != header:  # the metrics changed: a new table begins
                fh.write("\n" + header + "\n" + "|---" * header.count(" | ") + "|---|\n")
            fh.write(row + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

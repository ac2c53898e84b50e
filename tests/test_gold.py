"""Accuracy on documents written for this project, scored like the seeds.

Uses the shared scorer (`../shared/eval/score.py`) when it sits beside the
project; the floors below only ever move up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evidence.export import build_export
from evidence.ingest import ingest
from evidence.store import Store
from tests.conftest import EXAMPLES, FIXTURES, ROOT

SCORER = ROOT.parent / "shared" / "eval" / "score.py"
FLOORS = {
    "docs": {"recall": 0.97, "kind": 0.96, "class": 0.98, "numbers": 0.99, "subject": 0.98,
             "docs": 0.98, "precision": 0.94, "offsets": 1.0, "conflicts": 1.0},
    "examples": {"recall": 0.98, "kind": 0.90, "class": 0.90, "numbers": 0.98, "subject": 0.98,
                 "docs": 0.98, "precision": 0.98, "offsets": 1.0, "conflicts": 1.0},
}


def _score(export: Path, gold: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(SCORER), str(export), "--gold", str(gold)],
                         capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("SCORE"))
    return {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}


@pytest.mark.skipif(not SCORER.exists(), reason="the shared scorer is not beside the project")
@pytest.mark.parametrize(("name", "inputs", "gold"), [
    ("docs", FIXTURES / "docs", FIXTURES / "gold.toml"),
    ("examples", EXAMPLES, FIXTURES / "examples_gold.toml"),
])
def test_gold_floors(name: str, inputs: Path, gold: Path, tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    with Store.open(str(tmp_path / "g.db")) as store:
        report = ingest([str(inputs)], store, extractor=extractor)
        assert not report.failed
        data = build_export(store.snapshot())
    export = tmp_path / "export.json"
    export.write_text(json.dumps(data), encoding="utf-8")
    scores = _score(export, gold)
    low = {k: (scores[k], v) for k, v in FLOORS[name].items() if scores[k] < v}
    assert not low, f"{name} below floor (score, floor): {low}; all scores: {scores}"

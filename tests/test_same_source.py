"""A document is its content: the same bytes at another path are one source, both
locations kept, so one trial never counts twice."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()


def test_a_copy_elsewhere_is_the_same_source(tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(EXAMPLES / "trial-microneedling-prp.html", copy / "trial.html")
    alone = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "alone.db")])
    both = runner.invoke(app, ["ingest", str(EXAMPLES), str(copy), "--db", db])
    assert both.exit_code == 0, both.output
    assert "same " in both.stdout and "trial.html" in both.stdout
    # the counts are those of the examples alone: the trial's claims are not doubled
    def summary(out: str) -> list[str]:
        return [ln.split(" in ")[0] if "sources," in ln else ln for ln in out.splitlines()
                if "sources," in ln or ln.startswith(("classes:", "flags:"))]

    assert summary(both.stdout) == summary(alone.stdout) and len(summary(alone.stdout)) == 3
    rows = json.loads(runner.invoke(app, ["sources", "--db", db, "--json"]).stdout)
    assert len(rows) == 3
    trial = next(r for r in rows if r["location"].endswith("trial-microneedling-prp.html"))
    assert trial["also_at"] == [str(copy / "trial.html")]
    # ingesting the copy again keeps one extra location, not two
    runner.invoke(app, ["ingest", str(copy), "--db", db])
    rows = json.loads(runner.invoke(app, ["sources", "--db", db, "--json"]).stdout)
    assert [r["also_at"] for r in rows if r["id"] == trial["id"]] == [[str(copy / "trial.html")]]

"""The review queue holds results, not clinic routine: `untraced_number` only for outcome and
safety figures, never for session counts, intervals or needle depth."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli import app
from evidence.assess import checks
from evidence.models import Claim, Quantity
from tests.conftest import EXAMPLES

runner = CliRunner()


def claim(text: str, kind: str, *numbers: Quantity) -> Claim:
    return Claim(start=0, end=len(text), text=text, kind=kind, numbers=list(numbers))


def q(text: str, unit: str, low: float, high: float, role: str | None = None) -> Quantity:
    return Quantity(unit, 0, len(text), text, low=low, high=high, role=role)


def test_protocol_details_are_not_untraced_figures() -> None:
    sessions = claim("3–4 sessions, 4 weeks apart", "protocol",
                     q("3–4 sessions", "sessions", 3, 4, "sessions"), q("4 weeks", "weeks", 4, 4))
    depth = claim("Needle depth 0.5–2.0 mm", "protocol", q("0.5–2.0 mm", "mm", 0.5, 2.0))
    numbing = claim("Numbing cream applied 30 minutes before", "protocol",
                    q("30 minutes", "minutes", 30, 30))
    for c in (sessions, depth, numbing):
        assert checks.untraced_number(c, "unverified", traced=False) == [], c.text


def test_outcome_and_safety_figures_still_are() -> None:
    downtime = claim("1–2 days", "recovery", q("1–2 days", "days", 1, 2))
    result = claim("30–40% scar reduction after 3 sessions", "efficacy",
                   q("30–40%", "%", 30, 40), q("3 sessions", "sessions", 3, 3, "sessions"))
    redness = claim("Redness lasts 24–48 hours", "safety", q("24–48 hours", "hours", 24, 48))
    for c in (downtime, result, redness):
        flags = checks.untraced_number(c, "unverified", traced=False)
        assert [f.code for f in flags] == ["untraced_number"], c.text
    made = checks.untraced_number(result, "unverified", traced=False)[0]
    assert "30-40%" in made.message and made.rule == checks.UNTRACED_VERSION


def test_the_examples_queue_has_no_protocol_noise(tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    assert runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db]).exit_code == 0
    rows = json.loads(runner.invoke(app, ["claims", "--flag", "untraced_number", "--db", db,
                                          "--json"]).stdout)
    assert rows and {r["kind"] for r in rows} <= {"efficacy", "safety", "recovery"}
    texts = [r["text"] for r in rows]
    assert not [t for t in texts if "session" in t or " mm" in t], texts
    assert "Downtime is just 24 hours, so most clients are back at work the next day." in texts

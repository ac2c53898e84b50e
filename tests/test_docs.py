"""Docs that cannot drift: every command has help and a README section; CI runs the README's
test command."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands]


def test_every_command_has_help_and_a_readme_section() -> None:
    runner = CliRunner()
    missing = []
    for name in _commands():
        r = runner.invoke(app, [name, "--help"])
        assert r.exit_code == 0, name
        cmd = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)
        assert (cmd.callback.__doc__ or "").strip(), f"`{name}` has no help text"
        if not re.search(rf"^### `evidence {name}\b", README, re.M):
            missing.append(name)
    assert not missing, f"commands without a README section: {missing}"


def test_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.+?)\n```", quick, re.S)
    assert len(blocks) == 2 and all("\n" not in b for b in blocks)
    assert "examples/" in blocks[0] and "pytest" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip() in ci
    assert "run-seeds.sh" in ci

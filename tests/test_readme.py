"""The README's examples are the tool's real output.

Every code block marked `<!-- tested -->` on the line above its fence is a
terminal session: each `$ ` line is run with bash in a folder holding a copy of
`examples/`, in the order the blocks appear (so one block's `examples.db` is the
next one's), and what it prints (stdout and stderr) must be the lines that
follow it. A line `...` stands for any number of lines; timestamps are compared
as `<time>`. Blocks without the mark (installation, network, other people's
files) are left alone, so sections can be added freely.

When the output changes on purpose, regenerate the marked blocks and review the
diff:

    .venv/bin/python tests/test_readme.py --update
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MARK = "<!-- tested -->"
FENCE = re.compile(r"^<!-- tested -->\n```[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
TIME = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?")
ANY = "..."
END = "@@readme-end@@"


@dataclass
class Step:
    command: str
    expected: list[str]


@dataclass
class Block:
    start: int  # offsets of the block's body in the README
    end: int
    steps: list[Step]


def blocks(text: str) -> list[Block]:
    out = []
    for m in FENCE.finditer(text):
        steps: list[Step] = []
        for line in m.group("body").splitlines():
            if line.startswith("$ "):
                steps.append(Step(line[2:], []))
            elif steps:
                steps[-1].expected.append(line)
        out.append(Block(m.start("body"), m.end("body"), steps))
    return out


def run(steps: list[Step], cwd: Path) -> list[list[str]]:
    """Each command's output, run in order in one bash session (so `echo $?` works)."""
    script = ["set +e"]
    for s in steps:
        script.append(f"{s.command} 2>&1; __rc=$?; echo '{END}'; (exit $__rc)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    env.update({"PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
                "NO_COLOR": "1", "PYTHONPATH": str(ROOT), "EVIDENCE_EDITOR": "ana"})
    done = subprocess.run(["bash", "-c", "\n".join(script)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    outputs: list[list[str]] = [[]]
    for line in done.stdout.splitlines():
        if line == END:
            outputs.append([])
        else:
            outputs[-1].append(line)
    return outputs[:len(steps)]


def normal(line: str) -> str:
    return TIME.sub("<time>", line.rstrip())


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line after normalising; `...` matches any run of lines."""
    exp = [normal(x) for x in expected]
    act = [normal(x) for x in actual]

    def go(i: int, j: int) -> bool:
        if i == len(exp):
            return j == len(act)
        if exp[i] == ANY:
            return any(go(i + 1, k) for k in range(j, len(act) + 1))
        return j < len(act) and exp[i] == act[j] and go(i + 1, j + 1)

    return go(0, 0)


def session(text: str) -> tuple[list[Block], list[list[list[str]]]]:
    """Run every marked block in a scratch folder holding a copy of the examples."""
    found = blocks(text)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "examples", Path(tmp) / "examples")
        flat = [s for b in found for s in b.steps]
        outputs = run(flat, Path(tmp))
    per_block, i = [], 0
    for b in found:
        per_block.append(outputs[i:i + len(b.steps)])
        i += len(b.steps)
    return found, per_block


def regenerate(text: str) -> str:
    """The README with every marked block's output replaced by what the tool prints; an
    output that ended in `...` keeps that many lines and the `...`."""
    found, outputs = session(text)
    for b, outs in reversed(list(zip(found, outputs, strict=True))):
        body = []
        for step, out in zip(b.steps, outs, strict=True):
            body.append(f"$ {step.command}")
            if ANY in step.expected:
                keep = step.expected.index(ANY)
                body += [ln.rstrip() for ln in out[:keep]] + [ANY]
            else:
                body += [ln.rstrip() for ln in out]
        text = text[:b.start] + "\n".join(body) + "\n" + text[b.end:]
    return text


def test_the_readme_examples_are_what_the_tool_prints() -> None:
    text = README.read_text(encoding="utf-8")
    found, outputs = session(text)
    assert len(found) >= 8 and sum(len(b.steps) for b in found) >= 10
    wrong = []
    for b, outs in zip(found, outputs, strict=True):
        for step, out in zip(b.steps, outs, strict=True):
            if not matches(step.expected, out):
                wrong.append(f"$ {step.command}\n--- README\n" + "\n".join(step.expected)
                             + "\n--- the tool\n" + "\n".join(out))
    assert not wrong, ("README examples differ from the tool's output (regenerate with "
                       "`.venv/bin/python tests/test_readme.py --update` and review the diff):\n\n"
                       + "\n\n".join(wrong))


def test_the_matcher_can_fail() -> None:
    assert matches(["a", ANY, "z"], ["a", "b", "c", "z"])
    assert matches(["a", ANY], ["a"])
    assert not matches(["a", "b"], ["a", "c"])
    assert not matches(["a"], ["a", "extra"])
    assert matches(["at 2026-11-22T03:40:12.000000+00:00"], ["at 2025-01-02T00:00:00+00:00"])
    sample = f"x\n{MARK}\n```\n$ echo hi\nhi\n```\n\n```\n$ not run\n```\n"
    assert [[s.command for s in b.steps] for b in blocks(sample)] == [["echo hi"]]


# a distribution's import name, where the two differ; httpcore and lxml are used through
# httpx and beautifulsoup4 (its "lxml" tree builder)
IMPORT_NAME = {"beautifulsoup4": "bs4", "httpcore": "httpx", "lxml": "\"lxml\""}


def test_every_declared_library_is_used_and_in_the_library_table() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [re.split(r"[<>=\[ ]", d, maxsplit=1)[0] for d in project["dependencies"]]
    code = "\n".join(p.read_text(encoding="utf-8") for folder in ("evidence", "scrapers")
                     for p in (ROOT / folder).rglob("*.py")) + (ROOT / "cli.py").read_text()
    table = README.read_text(encoding="utf-8").split("### Libraries, and why", 1)[1]
    for name in names:
        used = IMPORT_NAME.get(name, name)
        pattern = used if used.startswith('"') else rf"^\s*(from|import) {re.escape(used)}\b"
        assert re.search(pattern, code, re.M), f"{name} is declared but never used"
        if name != "httpcore":  # httpx's own transport
            assert re.search(rf"^\| {re.escape(name)}\b", table, re.M) or f"+ {name} |" in table, \
                f"{name} is not in the README's library table"


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_readme.py --update")
    README.write_text(regenerate(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"regenerated the tested blocks of {README}")

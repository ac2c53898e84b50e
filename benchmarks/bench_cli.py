"""Start-up time of a read-only command against the floor of importing Typer.

    python benchmarks/bench_cli.py [--runs 10]

Builds a small database from examples/ once, then times, in the same run,
`python -c "import typer"` and `evidence query downtime` (best of N runs each)
and prints both and their ratio. Read-only commands never import spaCy, so the
ratio stays small.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def best_of(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "cli.db")
        evidence = [sys.executable, "-c", "import cli; cli.main()"]
        subprocess.run([*evidence, "ingest", "examples", "--db", db, "-q"], check=True,
                       stdout=subprocess.DEVNULL, cwd=ROOT)
        typer_s = best_of([sys.executable, "-c", "import typer"], args.runs)
        query_s = best_of([*evidence, "query", "downtime", "--db", db], args.runs)
    print(f"python -c 'import typer' : {typer_s * 1000:7.1f} ms")
    print(f"evidence query downtime  : {query_s * 1000:7.1f} ms")
    print(f"startup_ratio={query_s / typer_s:.2f}")


if __name__ == "__main__":
    main()

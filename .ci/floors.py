"""Fail CI when the seed score falls below a floor. Floors only ever move up."""

import json
import re
import sys
from pathlib import Path

floors = json.loads((Path(__file__).parent / "floors.json").read_text())
line = next((ln for ln in Path(sys.argv[1]).read_text().splitlines() if ln.startswith("SCORE")), "")
scores = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}
low = [f"{k}={scores.get(k, 0):.2f} < {v:.2f}" for k, v in floors.items() if scores.get(k, 0) < v]
print("seed floors:", "ok" if not low else "BELOW: " + ", ".join(low))
sys.exit(1 if low else 0)

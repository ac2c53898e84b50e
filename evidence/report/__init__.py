"""Static evidence report (in progress)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ReportResult:
    pages: int


def build_report(data: dict[str, Any], out_dir: Path, *, templates: Path | None = None,
                 progress: bool = True) -> ReportResult:
    raise NotImplementedError

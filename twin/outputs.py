"""Write a run's outputs to a folder: truth tables, resolved config, report (metadata last)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from twin.results import _atomic_write
from twin.runner import run


def write_run(cfg: Mapping[str, Any], folder: str | Path) -> Path:
    """Run the twin with ``cfg`` and write everything into ``folder``; return the folder.

    ``metadata.json`` is written last: a folder without it is an interrupted run.
    """
    result = run(cfg)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    resolved = yaml.safe_dump(result.metadata["config"], sort_keys=True)
    _atomic_write(out / "config.yaml", lambda p: p.write_text(resolved))
    if result.extra["settings"].report:
        from twin.viz.report import write_report

        write_report(result, out / "report.html")
    result.write(out)
    return out

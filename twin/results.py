"""Results of one run: truth tables plus metadata, written to and read from a folder."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

TABLES = {
    "population": "population.csv",
    "individuals": "individuals.csv",
    "tracks": "tracks.parquet",
}
METADATA = "metadata.json"
TIMINGS = "timings.json"


def atomic_write(path: Path, write: Callable[..., object]) -> None:
    """Write ``path`` through a temporary file in the same folder, then rename it into place.

    ``write`` receives the temporary path; a failure leaves neither a partial file nor a changed
    ``path``.
    """
    tmp = path.with_name(f".{path.name}.partial")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_json(path: Path, obj: Any) -> None:
    """Write ``obj`` as indented JSON atomically."""
    atomic_write(path, lambda p: p.write_text(json.dumps(obj, indent=2, sort_keys=True) + "\n"))


@dataclass
class RunResult:
    """Truth tables and metadata of one run.

    Attributes
    ----------
    population
        Daily counts, long format: ``day, date, species, sex, stage, count``.
    individuals
        One row per animal ever alive: ids, sex, birth/death days and dates, cause of death,
        home-range (activity) centre ``centre_x_m, centre_y_m`` and natal centre, in metres.
    tracks
        Thinned positions: ``tick, time_min, id, species, x_m, y_m``.
    metadata
        Resolved config, seed, versions, and anything a later stage adds (JSON-serialisable).
    timings
        Wall-clock seconds of the run's stages (kept apart so that tables are byte-identical).
    extra
        Objects that are not written as tables (the landscape, the model) for reports.
    """

    population: pd.DataFrame
    individuals: pd.DataFrame
    tracks: pd.DataFrame
    metadata: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def write(self, folder: str | Path) -> Path:
        """Write every table, then ``timings.json``, then ``metadata.json`` (the completion mark).

        A run folder without ``metadata.json`` is incomplete.
        """
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        for name, filename in TABLES.items():
            table = getattr(self, name)
            if filename.endswith(".parquet"):
                atomic_write(out / filename, lambda p, t=table: t.to_parquet(p, index=False))
            else:
                atomic_write(out / filename, lambda p, t=table: t.to_csv(p, index=False))
        write_json(out / TIMINGS, self.timings)
        write_json(out / METADATA, {**self.metadata, "complete": True})
        return out

    @classmethod
    def read(cls, folder: str | Path) -> RunResult:
        """Read a run folder written by :meth:`write`."""
        src = Path(folder)
        meta_path = src / METADATA
        if not meta_path.exists():
            from twin.errors import TwinInputError

            raise TwinInputError(f"{src} is not a complete run folder: {METADATA} is missing.")
        tables: dict[str, Any] = {}
        for name, filename in TABLES.items():
            path = src / filename
            tables[name] = (
                pd.read_parquet(path) if filename.endswith(".parquet") else pd.read_csv(path)
            )
        timings_path = src / TIMINGS
        timings = json.loads(timings_path.read_text()) if timings_path.exists() else {}
        return cls(metadata=json.loads(meta_path.read_text()), timings=timings, **tables)

"""Gather a sweep folder's complete results rows into one tidy table (``twin-collect``).

Column order: the parameters (sorted by key), ``seed_entropy``, ``parameters_sha256``,
``sweep_seed``, ``config_sha256``, ``error``, the survey-size columns, the estimate columns
(sorted) and the ``*_seconds`` timings (sorted). Rows are sorted by the parameters, then the
seed, so the table's bytes do not depend on the number of workers or the order in which they
finished (timings apart: use ``timings=False`` / ``--no-timings`` for a byte-stable table).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from twin.errors import TwinInputError, require
from twin.results import atomic_write
from twin.sweeps.rows import SURVEY_COLUMNS
from twin.sweeps.seeds import canonical_json
from twin.sweeps.store import MARKER_FILE, ROW_FILE, StoredRow, read_row

RESULTS_PARQUET = "results.parquet"
RESULTS_CSV = "results.csv"
FIXED_COLUMNS = ("seed_entropy", "parameters_sha256", "sweep_seed", "config_sha256", "error")
"""The columns between the parameters and the values, in this order."""


@dataclass(frozen=True)
class Collected:
    """Rows gathered from a sweep folder.

    Attributes
    ----------
    rows
        Complete rows, one per parameter set and sweep seed, sorted as the table.
    incomplete
        Run folders without a complete row (killed, running or failed runs).
    duplicates
        Complete rows left out because another folder holds the same parameters and seed.
    """

    rows: list[StoredRow]
    incomplete: list[Path]
    duplicates: list[Path]

    @property
    def parameter_keys(self) -> list[str]:
        """Every parameter key of the rows, sorted."""
        return sorted({k for row in self.rows for k in row.parameters})


def _run_folders(sweep_dir: Path) -> list[Path]:
    """Folders that hold a run: row files (row, marker, temporary row), or Hydra's ``.hydra``
    with no row files in or below it (a job killed before it wrote anything)."""
    row_names = (ROW_FILE, MARKER_FILE, f".{ROW_FILE}.partial")
    with_rows = {p.parent for name in row_names for p in sweep_dir.rglob(name)}
    covered = {a for folder in with_rows for a in (folder, *folder.parents)}
    bare = {p.parent for p in sweep_dir.rglob(".hydra")} - covered
    return sorted(with_rows | bare, key=str)


def gather(sweep_dir: str | Path) -> Collected:
    """Read every complete row under ``sweep_dir`` (any depth).

    Raises
    ------
    TwinInputError
        When ``sweep_dir`` is not a folder.
    """
    root = Path(sweep_dir)
    require(root.is_dir(), "SWEEP_DIR", str(root), "an existing sweep folder")
    kept: dict[tuple[str, int], StoredRow] = {}
    incomplete, duplicates = [], []
    for folder in _run_folders(root):
        row = read_row(folder)
        if row is None:
            incomplete.append(folder)
            continue
        key = (canonical_json(row.parameters), row.sweep_seed)
        if key in kept:
            duplicates.append(folder)
        else:
            kept[key] = row
    rows = sorted(
        kept.values(), key=_row_order(sorted({k for r in kept.values() for k in r.parameters}))
    )
    return Collected(rows, incomplete, duplicates)


def _value_order(value: Any) -> tuple:
    if value is None:
        return (1,)
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, int | float):
        return (3, float(value))
    if isinstance(value, str):
        return (4, value)
    return (5, canonical_json(value))


def _row_order(keys: list[str]):
    def order(row: StoredRow) -> tuple:
        params = tuple(
            _value_order(row.parameters[k]) if k in row.parameters else (0,) for k in keys
        )
        return (*params, row.sweep_seed, row.seed_entropy)

    return order


def _column(values: list[Any], name: str) -> pd.Series:
    """One column with a dtype that depends on the kind of its values only.

    Numbers (or nothing but None) give a numeric column with NaN for None; booleans, and every
    ``*_covered`` column, a nullable boolean column; mixed or nested values canonical JSON text.
    """
    kinds = {type(v) for v in values if v is not None}
    if name.endswith("_covered") or kinds == {bool}:
        return pd.Series(values, dtype="boolean", name=name)
    if kinds <= {int, float}:
        return pd.Series([np.nan if v is None else v for v in values], name=name)
    if kinds & {list, dict} or len(kinds) > 1:
        values = [v if v is None or isinstance(v, str) else canonical_json(v) for v in values]
    return pd.Series(values, name=name)


def results_table(collected: Collected, timings: bool = True) -> pd.DataFrame:
    """The wide results table of gathered rows (see the module docstring for its layout)."""
    rows = collected.rows
    value_keys = {k for r in rows for k in r.values}
    ordered_values = [c for c in SURVEY_COLUMNS if c in value_keys]
    ordered_values += sorted(value_keys - set(ordered_values))
    timing_keys = sorted({k for r in rows for k in r.timings}) if timings else []
    columns: dict[str, list[Any]] = {
        k: [r.parameters.get(k) for r in rows] for k in collected.parameter_keys
    }
    columns.update({k: [getattr(r, k) for r in rows] for k in FIXED_COLUMNS})
    columns.update({k: [r.values.get(k) for r in rows] for k in ordered_values})
    columns.update({k: [r.timings.get(k) for r in rows] for k in timing_keys})
    return pd.DataFrame({k: _column(v, k) for k, v in columns.items()})


def parameter_columns(table: pd.DataFrame) -> list[str]:
    """The parameter columns of a results table: those before ``seed_entropy``."""
    first = FIXED_COLUMNS[0]
    require(first in table.columns, "results table", list(table.columns)[:5], f"a {first} column")
    return list(table.columns[: list(table.columns).index(first)])


def write_results(sweep_dir: str | Path, timings: bool = True) -> tuple[pd.DataFrame, Collected]:
    """Gather ``sweep_dir`` and write ``results.parquet`` and ``results.csv`` into it.

    Raises
    ------
    TwinInputError
        When the folder holds no complete row.
    """
    root = Path(sweep_dir)
    collected = gather(root)
    require(
        bool(collected.rows),
        "SWEEP_DIR",
        str(root),
        f"a folder with at least one complete run ({ROW_FILE} with its {MARKER_FILE})",
    )
    table = results_table(collected, timings)
    atomic_write(root / RESULTS_PARQUET, lambda p: table.to_parquet(p, index=False))
    atomic_write(root / RESULTS_CSV, lambda p: table.to_csv(p, index=False))
    return table, collected


def read_results(sweep_dir: str | Path) -> pd.DataFrame:
    """Read ``results.parquet`` of a collected sweep folder."""
    path = Path(sweep_dir) / RESULTS_PARQUET
    if not path.exists():
        raise TwinInputError(f"{path} is missing: run `twin-collect {sweep_dir}` first.")
    return pd.read_parquet(path)

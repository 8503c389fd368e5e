"""A run's results row on disk: ``row.json`` and its completion marker ``row.done``.

The row is written through a temporary file and renamed into place, then the marker (which
holds the SHA-256 of the row's bytes) the same way. A run is complete when the marker exists and
matches the row: a run killed at any moment leaves either nothing, a ``.partial`` temporary
file, or a row without a marker - never something that looks complete.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from twin.errors import TwinInputError
from twin.results import atomic_write

ROW_FILE = "row.json"
MARKER_FILE = "row.done"


@dataclass(frozen=True)
class StoredRow:
    """One run's results row as stored.

    Attributes
    ----------
    parameters
        The swept parameters of the run (``{override key: value}``).
    seed_entropy
        The entropy of the run's seed, ``[sweep_seed, first 128 bits of parameters_sha256]``
        as text (:func:`twin.sweeps.seeds.seed_entropy`);
        ``numpy.random.SeedSequence(json.loads(seed_entropy))`` is the run's seed.
    parameters_sha256
        Hash of the parameters' canonical JSON (:func:`twin.sweeps.seeds.parameter_hash`).
    sweep_seed
        Root seed of the sweep.
    config_sha256
        Hash of the resolved run config (without its seeds): a re-run with another config
        must not reuse this row.
    values
        Survey size and estimate columns (:func:`twin.sweeps.rows.row_values`).
    timings
        Wall-clock seconds, keys ending in ``_seconds``.
    error
        Empty, or ``"<ExceptionType>: <message>"`` when the run failed and the sweep records
        failures (``sweep.on_error=record``).
    """

    parameters: dict[str, Any]
    seed_entropy: str
    parameters_sha256: str
    sweep_seed: int
    config_sha256: str
    values: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    error: str = ""

    def to_json(self) -> str:
        """Strict JSON (NaN written as null), keys sorted."""
        obj = {
            "parameters": self.parameters,
            "seed_entropy": self.seed_entropy,
            "parameters_sha256": self.parameters_sha256,
            "sweep_seed": self.sweep_seed,
            "config_sha256": self.config_sha256,
            "values": self.values,
            "timings": self.timings,
            "error": self.error,
        }
        return json.dumps(_nan_to_none(obj), sort_keys=True, allow_nan=False, indent=1) + "\n"


def _nan_to_none(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _nan_to_none(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_nan_to_none(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_row(folder: str | Path, row: StoredRow) -> Path:
    """Write ``row.json`` then ``row.done`` into ``folder`` atomically; return the row's path."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER_FILE).unlink(missing_ok=True)
    data = row.to_json().encode("utf-8")
    atomic_write(out / ROW_FILE, lambda p: p.write_bytes(data))
    marker = json.dumps({"row_sha256": _sha256(data)}) + "\n"
    atomic_write(out / MARKER_FILE, lambda p: p.write_text(marker))
    return out / ROW_FILE


def read_row(folder: str | Path) -> StoredRow | None:
    """The complete row of a run folder, or None when the run is missing or incomplete.

    Raises
    ------
    TwinInputError
        When a complete-looking row cannot be parsed (a file edited by hand, or a row of an
        older version with an integer ``seed``).
    """
    src = Path(folder)
    row_path, marker_path = src / ROW_FILE, src / MARKER_FILE
    try:
        marker = json.loads(marker_path.read_text())
        data = row_path.read_bytes()
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if not isinstance(marker, dict) or marker.get("row_sha256") != _sha256(data):
        return None
    try:
        obj = json.loads(data)
        return StoredRow(**obj)
    except (json.JSONDecodeError, TypeError) as err:
        raise TwinInputError(
            f"{row_path} is not allowed: a results row of this version of twin.sweeps, with "
            f"seed_entropy and parameters_sha256 ({err}); rows with an integer seed are of the "
            "older seed scheme: run the sweep again in a new hydra.sweep.dir."
        ) from err


def is_complete(folder: str | Path) -> bool:
    """Whether ``folder`` holds a complete results row."""
    return read_row(folder) is not None

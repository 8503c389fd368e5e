"""Read capture data in the CSV layout of the R package secr (one session).

- captures: ``session, ID, occasion, detector`` and optionally ``sex`` (``F``/``M``), one row per
  detection;
- traps: ``detector, x, y`` in metres, optionally ``type`` (proximity, count, multi) and ``usage``
  (a space-separated number per occasion; 0 = the detector was not working).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from twin.errors import TwinInputError, require
from twin.estimators.capture_data import DETECTOR_TYPES, CaptureData, Traps

TRAP_COLUMNS = ("detector", "x", "y")
CAPTURE_COLUMNS = ("ID", "occasion", "detector")


def read_secr_csv(
    captures_csv: str | os.PathLike,
    traps_csv: str | os.PathLike,
    detector_type: str | None = None,
    n_occasions: int | None = None,
) -> CaptureData:
    """Read one secr session from a captures CSV and a traps CSV.

    Parameters
    ----------
    captures_csv, traps_csv
        Paths of the two files.
    detector_type
        ``"proximity"``, ``"count"`` or ``"multi"``; default: the traps file's ``type`` column.
    n_occasions
        Number of occasions when the traps file has no ``usage`` column; default: the largest
        occasion in the captures file.

    Returns
    -------
    CaptureData
        The validated capture data.
    """
    traps_table = _read_table(traps_csv, TRAP_COLUMNS)
    captures = _read_table(captures_csv, CAPTURE_COLUMNS)
    name = Path(captures_csv).name
    occasion = _integer_column(captures, "occasion", name)
    detector_type = detector_type or _type_from_traps(traps_table, Path(traps_csv).name)
    if n_occasions is None and "usage" not in traps_table:
        require(
            occasion.size > 0,
            f"{name}: occasion",
            "no rows",
            "at least one detection when the traps file has no usage column (or pass n_occasions)",
        )
        n_occasions = int(occasion.max())
    traps = _traps_from_table(traps_table, Path(traps_csv).name, n_occasions)
    sex: np.ndarray | None = None
    if "sex" in captures:
        # secr codes sex as F/M; the twin's exports spell it out (female/male): accept both.
        spelled = {"female": "F", "male": "M", "f": "F", "m": "M"}
        codes = captures["sex"].astype(str).str.strip()
        sex = codes.map(lambda v: spelled.get(v.lower(), v)).to_numpy()
    return CaptureData(
        traps=traps,
        individual_id=captures["ID"].astype(str).str.strip().to_numpy(),
        occasion=occasion,
        detector_id=captures["detector"].astype(str).str.strip().to_numpy(),
        detector_type=detector_type,
        sex=sex,
        source=name,
    )


def _read_table(path: str | os.PathLike, required: tuple[str, ...]) -> pd.DataFrame:
    name = Path(path).name
    if not Path(path).is_file():
        raise TwinInputError(f"{path}: file not found; pass an existing secr-format CSV file.")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as err:
        raise TwinInputError(f"{name}: not a readable CSV file ({err}).") from err
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in required if c not in table.columns]
    require(
        not missing,
        f"{name}: columns",
        list(table.columns),
        f"a header with at least {', '.join(required)}",
    )
    return table


def _integer_column(table: pd.DataFrame, column: str, name: str) -> np.ndarray:
    values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values != np.round(values))
    require(
        not bad.any(),
        f"{name}: column {column}",
        table[column].to_numpy()[bad][0] if bad.any() else None,
        "integers",
    )
    return values.astype(np.int64)


def _float_column(table: pd.DataFrame, column: str, name: str) -> np.ndarray:
    values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    require(
        not bad.any(),
        f"{name}: column {column}",
        table[column].to_numpy()[bad][0] if bad.any() else None,
        "finite numbers (metres)",
    )
    return values


def _type_from_traps(table: pd.DataFrame, name: str) -> str:
    if "type" not in table:
        return "proximity"
    types = sorted(set(table["type"].str.strip()))
    require(
        len(types) == 1 and types[0] in DETECTOR_TYPES,
        f"{name}: column type",
        types,
        f"a single detector type, one of {', '.join(DETECTOR_TYPES)}",
    )
    return types[0]


def _traps_from_table(table: pd.DataFrame, name: str, n_occasions: int | None) -> Traps:
    if "usage" in table:
        usage = _parse_usage(table["usage"].to_numpy(), name)
        require(
            n_occasions is None or usage.shape[1] == n_occasions,
            f"{name}: usage",
            usage.shape[1],
            f"{n_occasions} occasions",
        )
    else:
        usage = np.ones((len(table), int(n_occasions or 1)))
    return Traps(
        detector_id=table["detector"].str.strip().to_numpy(),
        x_m=_float_column(table, "x", name),
        y_m=_float_column(table, "y", name),
        usage=usage,
    )


def _parse_usage(cells: np.ndarray, name: str) -> np.ndarray:
    rows = [str(cell).split() for cell in cells]
    lengths = {len(row) for row in rows}
    require(
        len(lengths) == 1 and min(lengths) > 0,
        f"{name}: column usage",
        sorted(lengths),
        "the same number of space-separated values on every row",
    )
    try:
        return np.array(rows, dtype=float)
    except ValueError as err:
        raise TwinInputError(
            f"{name}: column usage has a non-numeric value ({err}); "
            "allowed: space-separated numbers >= 0, one per occasion."
        ) from err

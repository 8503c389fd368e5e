"""secr's capture and trap CSV files (one session), read into and written from a capture history.

- captures: ``session, ID, occasion, detector`` and optionally ``sex`` (``F``/``M`` or
  ``female``/``male``; empty = unknown), one row per detection;
- traps: ``detector, x, y`` in metres, optionally ``type`` (proximity, count, multi) and ``usage``
  (a space-separated number per occasion; 0 = the detector was not working).

:func:`write_secr_csv` and :func:`read_secr_csv` round-trip a :class:`CaptureHistory` (the
proximity layout round-trips :meth:`CaptureHistory.binary`).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from twin.detectors import DETECTOR_TYPES, SECR_DETECTORS
from twin.errors import TwinInputError, require
from twin.io.capture_history import SEX_OF_LABEL, CaptureHistory

TRAP_COLUMNS = ("detector", "x", "y")
CAPTURE_COLUMNS = ("ID", "occasion", "detector")


MAX_HISTORY_CELLS = 250_000_000
"""Largest individual x occasion x detector array read (2 GB of counts): the park's surveys hold
~100 individuals x 13 occasions x 200 stations = 260,000 cells."""


def read_secr_csv(
    captures_csv: str | os.PathLike,
    traps_csv: str | os.PathLike,
    detector_type: str | None = None,
    n_occasions: int | None = None,
    *,
    species: str = "",
    occasion_days: float = 1.0,
) -> CaptureHistory:
    """Read one secr session from a captures CSV and a traps CSV.

    Parameters
    ----------
    captures_csv, traps_csv
        Paths of the two files.
    detector_type
        ``"proximity"``, ``"count"`` or ``"multi"``; default: the traps file's ``type`` column
        (proximity without one).
    n_occasions
        Number of occasions when the traps file has no ``usage`` column; default: the largest
        occasion in the captures file.
    species
        Scientific name to store (secr files do not hold it).
    occasion_days
        Occasion length, days (secr files do not hold it).

    Returns
    -------
    CaptureHistory
        Individuals sorted by id, detectors in trap-file order.
    """
    traps_table = _read_table(traps_csv, TRAP_COLUMNS)
    captures = _read_table(captures_csv, CAPTURE_COLUMNS)
    name, traps_name = Path(captures_csv).name, Path(traps_csv).name
    occasion = _integer_column(captures, "occasion", name)
    if n_occasions is None and "usage" not in traps_table:
        require(
            occasion.size > 0,
            f"{name}: occasion",
            "no rows",
            "at least one detection when the traps file has no usage column (or pass n_occasions)",
        )
        n_occasions = int(occasion.max())
    layout = CaptureHistory.empty(
        traps_table["detector"].str.strip().to_numpy(),
        _float_column(traps_table, "x", traps_name),
        _float_column(traps_table, "y", traps_name),
        _usage(traps_table, traps_name, n_occasions),
        species=species,
        occasion_days=occasion_days,
        detector_type=detector_type or _type_from_traps(traps_table, traps_name),
    )
    sex = captures["sex"].astype(str).str.strip().to_numpy() if "sex" in captures else None
    return history_from_rows(
        layout,
        captures["ID"].astype(str).str.strip().to_numpy(),
        occasion,
        captures["detector"].astype(str).str.strip().to_numpy(),
        sex,
        source=name,
    )


def history_from_rows(
    layout: CaptureHistory,
    individual_id: np.ndarray,
    occasion: np.ndarray,
    detector_id: np.ndarray,
    sex: np.ndarray | None = None,
    source: str = "captures",
) -> CaptureHistory:
    """The detectors and usage of ``layout`` with secr's capture rows as its detections.

    Parameters
    ----------
    layout
        Detectors, usage, species, occasion length and detector type (its detections are
        replaced).
    individual_id, occasion, detector_id
        One row per detection, shape (R,); occasions 1-based.
    sex
        Optional sex of each row's individual (``F``/``M``/``female``/``male``, ``""`` unknown).
    source
        Name shown in error messages (e.g. the CSV file name).
    """
    ids = np.asarray(individual_id).astype(str)
    occ = np.asarray(occasion).astype(np.int64)
    dets = np.asarray(detector_id).astype(str)
    bad = (occ < 1) | (occ > layout.n_occasions)
    require(
        not bad.any(),
        f"{source}: occasion",
        _first(occ, bad),
        f"1-based occasions 1..{layout.n_occasions} (the number of usage columns)",
    )
    column = pd.Index(layout.detector_ids).get_indexer(pd.Index(dets))
    require(
        not (column < 0).any(),
        f"{source}: detector",
        _first(dets, column < 0),
        "ids listed in the traps table",
    )
    individuals, row = np.unique(ids, return_inverse=True)
    cells = individuals.size * layout.n_occasions * layout.n_detectors
    require(
        cells <= MAX_HISTORY_CELLS,
        f"{source}: ID",
        f"{individuals.size} individuals",
        f"a capture history of at most {MAX_HISTORY_CELLS:,} individual x occasion x detector "
        f"cells ({MAX_HISTORY_CELLS * 8 / 1e9:.0f} GB; these data need {cells:,})",
    )
    counts = np.zeros((individuals.size, layout.n_occasions, layout.n_detectors), dtype=np.int64)
    np.add.at(counts, (row, occ - 1, column), 1)
    return CaptureHistory(
        species=layout.species,
        individual_ids=individuals,
        detector_ids=layout.detector_ids,
        x_m=layout.x_m,
        y_m=layout.y_m,
        occasion_days=layout.occasion_days,
        counts=counts,
        usage=layout.usage,
        sex=None if sex is None else _sex_per_individual(ids, np.asarray(sex, str), source),
        detector_type=layout.detector_type,
    )


def write_secr_csv(
    history: CaptureHistory,
    captures_path: str | os.PathLike,
    traps_path: str | os.PathLike,
    detector: str = "proximity",
    session: str = "1",
) -> tuple[Path, Path]:
    """Write secr's capture and trap CSVs (layout of ``/work/shared/data/secr``).

    Parameters
    ----------
    history
        The capture history.
    captures_path
        ``session,ID,occasion,detector[,sex]``: one row per detection; a count of c at a
        count detector gives c rows; ``sex`` only when known for some individual.
    traps_path
        ``detector,x,y,type,usage``: coordinates in m; the history's usage (effort: the share
        of each occasion a detector worked) space-separated per occasion, which secr applies
        to proximity and count detectors alike.
    detector
        ``"proximity"`` (the :meth:`~CaptureHistory.binary` view) or ``"count"``.
    session
        Session label written in every capture row.

    Returns
    -------
    tuple of pathlib.Path
        ``(captures_path, traps_path)``.
    """
    require(detector in SECR_DETECTORS, "detector", detector, f"one of {SECR_DETECTORS}")
    written = history.binary() if detector == "proximity" else history
    frame = written.to_frame()
    rows = frame.loc[frame.index.repeat(frame["count"])]
    captures = pd.DataFrame(
        {
            "session": session,
            "ID": rows["individual_id"].to_numpy(),
            "occasion": rows["occasion"].to_numpy(),
            "detector": rows["detector_id"].to_numpy(),
        }
    )
    if written.sex is not None and (written.sex != "").any():
        sex_of = dict(zip(written.individual_ids, written.sex, strict=True))
        captures["sex"] = captures["ID"].map(sex_of)
    traps = pd.DataFrame(
        {
            "detector": written.detector_ids,
            "x": written.x_m,
            "y": written.y_m,
            "type": detector,
            "usage": [" ".join(f"{u:.6g}" for u in row) for row in history.usage],
        }
    )
    captures.to_csv(captures_path, index=False, lineterminator="\n")
    traps.to_csv(traps_path, index=False, lineterminator="\n")
    return Path(captures_path), Path(traps_path)


def _sex_per_individual(ids: np.ndarray, sex: np.ndarray, source: str) -> np.ndarray:
    """The one sex label of each individual, in sorted id order (``""`` when unknown)."""
    known = np.isin(np.char.lower(sex), [*SEX_OF_LABEL, ""])
    require(bool(known.all()), f"{source}: sex", _first(sex, ~known), "'F' or 'M'")
    labels = pd.Series(sex).groupby(ids, sort=True).unique()
    mixed = labels[labels.map(len) > 1]
    require(
        mixed.empty,
        f"{source}: sex of individual {mixed.index[0] if len(mixed) else ''}",
        list(mixed.iloc[0]) if len(mixed) else None,
        "one sex per individual",
    )
    return labels.map(lambda values: values[0]).to_numpy(str)


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
    require(not bad.any(), f"{name}: column {column}", _first(table[column], bad), "integers")
    return values.astype(np.int64)


def _float_column(table: pd.DataFrame, column: str, name: str) -> np.ndarray:
    values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    require(
        not bad.any(),
        f"{name}: column {column}",
        _first(table[column], bad),
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


def _usage(table: pd.DataFrame, name: str, n_occasions: int | None) -> np.ndarray:
    """``(J, K)`` usage from the ``usage`` column, or all ones over ``n_occasions``."""
    if "usage" not in table:
        return np.ones((len(table), int(n_occasions or 1)))
    rows = [str(cell).split() for cell in table["usage"]]
    lengths = {len(row) for row in rows}
    require(
        len(lengths) == 1 and min(lengths) > 0,
        f"{name}: column usage",
        sorted(lengths),
        "the same number of space-separated values on every row",
    )
    try:
        usage = np.array(rows, dtype=float)
    except ValueError as err:
        raise TwinInputError(
            f"{name}: column usage has a non-numeric value ({err}); "
            "allowed: space-separated numbers >= 0, one per occasion."
        ) from err
    require(
        n_occasions is None or usage.shape[1] == n_occasions,
        f"{name}: usage",
        usage.shape[1],
        f"{n_occasions} occasions",
    )
    return usage


def _first(values: object, bad: np.ndarray) -> object:
    """The first offending value, as a plain Python object for error messages."""
    flat = np.asarray(values)[np.asarray(bad)]
    return flat.flat[0].item() if flat.size else None

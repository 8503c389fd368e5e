"""Read secr's capture/trap CSV pair back into a :class:`~twin.io.capture_history.CaptureHistory`.

The writer is :meth:`CaptureHistory.to_secr_csv`; together they round-trip the history (the
proximity layout round-trips :meth:`CaptureHistory.binary`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from twin.errors import TwinInputError, require
from twin.io.capture_history import CaptureHistory


def _read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    require(path.is_file(), "secr file", str(path), "an existing CSV file")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in frame.columns]
    require(not missing, str(path), f"missing columns {missing}", f"columns {list(columns)}")
    return frame


def _usage(traps: pd.DataFrame, n_occasions: int, path: Path) -> np.ndarray:
    if "usage" not in traps.columns:
        return np.ones((len(traps), n_occasions))
    rows = [np.array(text.split(), dtype=float) for text in traps["usage"]]
    lengths = {row.size for row in rows}
    require(len(lengths) == 1, f"{path}: usage", sorted(lengths), "the same length on every row")
    return np.vstack(rows)


def read_secr_csv(
    captures_path: str | Path,
    traps_path: str | Path,
    *,
    species: str,
    occasion_days: float,
) -> CaptureHistory:
    """Read a single-session secr capture/trap CSV pair.

    Parameters
    ----------
    captures_path
        ``session,ID,occasion,detector[,sex]``, one row per detection (occasion 1-based).
    traps_path
        ``detector,x,y,type[,usage]`` with coordinates in m; without ``usage`` every detector is
        taken as working on every occasion up to the largest occasion captured.
    species
        Scientific name to store (secr files do not hold it).
    occasion_days
        Occasion length, days (secr files do not hold it).

    Returns
    -------
    CaptureHistory
        Individuals in order of first appearance, detectors in trap-file order.
    """
    captures_path, traps_path = Path(captures_path), Path(traps_path)
    captures = _read_csv(captures_path, ("session", "ID", "occasion", "detector"))
    traps = _read_csv(traps_path, ("detector", "x", "y"))
    occasion = pd.to_numeric(captures["occasion"]).to_numpy(int)
    usage = _usage(traps, int(occasion.max()) if occasion.size else 1, traps_path)
    require(
        occasion.size == 0 or (occasion.min() >= 1 and occasion.max() <= usage.shape[1]),
        f"{captures_path}: occasion",
        f"{occasion.min() if occasion.size else ''}..{occasion.max() if occasion.size else ''}",
        f"1..{usage.shape[1]} (the length of usage)",
    )
    ids = pd.unique(captures["ID"])
    column = pd.Index(traps["detector"]).get_indexer(pd.Index(captures["detector"]))
    if (column < 0).any():
        raise TwinInputError(
            f"{captures_path}: detector={captures['detector'][column < 0].iloc[0]!r} is not "
            f"allowed: a detector listed in {traps_path}."
        )
    counts = np.zeros((ids.size, usage.shape[1], len(traps)), dtype=np.int64)
    row = pd.Index(ids).get_indexer(pd.Index(captures["ID"]))
    np.add.at(counts, (row, occasion - 1, column), 1)
    sex = None
    if "sex" in captures.columns:
        sex = captures.groupby("ID", sort=False)["sex"].first().reindex(ids).to_numpy(str)
    return CaptureHistory(
        species=species,
        individual_ids=np.asarray(ids, dtype=str),
        detector_ids=traps["detector"].to_numpy(str),
        x_m=pd.to_numeric(traps["x"]).to_numpy(float),
        y_m=pd.to_numeric(traps["y"]).to_numpy(float),
        occasion_days=occasion_days,
        counts=counts,
        usage=usage,
        sex=sex,
    )

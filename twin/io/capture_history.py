"""Capture histories: individuals x occasions x detectors, with detector usage (one type for all).

A detector is a camera *station*: the cameras paired at a station (one per flank) form one
detector. Usage is the effort secr multiplies the detection hazard by: here the fraction of each
occasion during which at least one camera of the station was working (0..1). Union, not sum: a
second camera at the same place photographs the same passage, it does not double the chance that
an animal walks past. For binary 'proximity' detectors the secr export writes usage > 0 as 1.

Every estimator reads this one type: SCR the history itself (:attr:`CaptureHistory.events`),
closed-population models :meth:`~CaptureHistory.occasion_histories`, occupancy
:meth:`~CaptureHistory.detection_matrix` and the random encounter model
:meth:`~CaptureHistory.detector_effort`. secr's CSV files are read and written by
:mod:`twin.io.secr_csv`.

This module reads plain tables only (no ABM, no camera model), so estimators can import it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from twin.detectors import DETECTOR_TYPES
from twin.errors import TwinInputError, require
from twin.io.operation import covered_fraction
from twin.io.timestamps import DAY_MIN

SEX_OF_LABEL = {"female": "F", "f": "F", "male": "M", "m": "M"}
"""Sex labels of Camtrap DP / secr files (case-insensitive) and the estimators' codes."""
SEX_CODES: tuple[str, ...] = ("F", "M")


@dataclass(frozen=True, eq=False)
class CaptureHistory:
    """Who was detected, on which occasion, at which detector, and how hard each detector looked.

    Attributes
    ----------
    species
        Scientific name, e.g. ``"Panthera pardus"``.
    individual_ids
        ``(n,)`` individual ids as the observers assigned them.
    detector_ids
        ``(J,)`` detector (station) ids.
    x_m, y_m
        ``(J,)`` detector coordinates, m (projected CRS, UTM 52N in the twin).
    occasion_days
        Nominal occasion length, days; the last occasion may be cut short (smaller usage).
    counts
        ``(n, K, J)`` int64 number of detection events of individual i on occasion k at detector j.
    usage
        ``(J, K)`` effort of detector j on occasion k, >= 0: the fraction of the occasion it
        worked (0..1) in the twin's histories; secr files may give larger effort (e.g. days).
    sex
        Optional ``(n,)`` ``"female"``/``"male"`` (or ``"F"``/``"M"``), ``""`` when unknown.
    detector_type
        How SCR reads the counts (secr's detector types): ``"proximity"`` (an individual at most
        once per occasion and detector), ``"count"`` (Poisson counts) or ``"multi"``
        (multi-catch: at most one detection per individual and occasion).
    """

    species: str
    individual_ids: np.ndarray
    detector_ids: np.ndarray
    x_m: np.ndarray
    y_m: np.ndarray
    occasion_days: float
    counts: np.ndarray
    usage: np.ndarray
    sex: np.ndarray | None = None
    detector_type: str = "proximity"

    def __post_init__(self) -> None:
        # Copies, made read-only: cached views must not go stale, nor callers' arrays freeze.
        arrays = {
            "individual_ids": np.array(self.individual_ids, dtype=str),
            "detector_ids": np.array(self.detector_ids, dtype=str),
            "x_m": np.array(self.x_m, dtype=float),
            "y_m": np.array(self.y_m, dtype=float),
            "counts": np.array(self.counts, dtype=np.int64),
            "usage": np.array(self.usage, dtype=float),
            "sex": None if self.sex is None else np.array(self.sex, dtype=str),
        }
        for name, value in arrays.items():
            if value is not None:
                value.setflags(write=False)
            object.__setattr__(self, name, value)
        self._check_shapes()
        self._check_values()

    def _check_shapes(self) -> None:
        n, j = self.individual_ids.size, self.detector_ids.size
        k = self.usage.shape[1] if self.usage.ndim == 2 else -1
        require(self.usage.shape == (j, k), "usage.shape", self.usage.shape, f"({j}, K)")
        require(
            self.counts.shape == (n, k, j), "counts.shape", self.counts.shape, f"({n}, {k}, {j})"
        )
        require(self.x_m.shape == (j,) == self.y_m.shape, "x_m/y_m", self.x_m.shape, f"({j},)")
        require(self.sex is None or self.sex.shape == (n,), "sex", self.sex, f"None or {n} values")
        require(np.unique(self.detector_ids).size == j, "detector_ids", "duplicates", "unique ids")
        require(np.unique(self.individual_ids).size == n, "individual_ids", "duplicates", "unique")

    def _check_values(self) -> None:
        require(self.occasion_days > 0, "occasion_days", self.occasion_days, "a number > 0")
        require(
            self.detector_type in DETECTOR_TYPES,
            "detector_type",
            self.detector_type,
            f"one of {', '.join(DETECTOR_TYPES)}",
        )
        require(bool((self.counts >= 0).all()), "counts", "negative values", "counts >= 0")
        finite = np.isfinite(self.x_m).all() and np.isfinite(self.y_m).all()
        require(bool(finite), "x_m/y_m", "non-finite", "finite coordinates in metres")
        ok = np.isfinite(self.usage) & (self.usage >= 0)
        require(bool(ok.all()), "usage", "negative or non-finite values", "effort >= 0")
        i, k, j = np.nonzero((self.counts > 0) & (self.usage.T[None, :, :] == 0))
        if i.size:
            who, where = str(self.individual_ids[i[0]]), str(self.detector_ids[j[0]])
            raise TwinInputError(
                f"counts has a capture of individual {who!r} on occasion "
                f"{k[0] + 1} at detector {where!r}, where usage is 0 (the "
                f"detector was down); {i.size} such captures. Captures need usage > 0."
            )
        if self.detector_type == "multi":
            require(
                bool((self.counts.sum(axis=2) <= 1).all()),
                "multi-catch detections",
                "an individual twice on one occasion",
                "at most one detection per individual and occasion",
            )

    @classmethod
    def empty(
        cls,
        detector_ids: np.ndarray,
        x_m: np.ndarray,
        y_m: np.ndarray,
        usage: np.ndarray,
        *,
        species: str = "",
        occasion_days: float = 1.0,
        detector_type: str = "proximity",
    ) -> CaptureHistory:
        """A history with detectors and their usage ``(J, K)`` but no individual (secr's traps)."""
        usage = np.asarray(usage, dtype=float)
        return cls(
            species=species,
            individual_ids=np.array([], dtype=str),
            detector_ids=detector_ids,
            x_m=x_m,
            y_m=y_m,
            occasion_days=occasion_days,
            counts=np.zeros((0, *usage.shape[::-1]), dtype=np.int64),
            usage=usage,
            detector_type=detector_type,
        )

    @property
    def n_individuals(self) -> int:
        """Number of individuals detected at least once (rows of ``counts``)."""
        return int(self.individual_ids.size)

    @property
    def n_occasions(self) -> int:
        """Number of sampling occasions K."""
        return int(self.usage.shape[1])

    @property
    def n_detectors(self) -> int:
        """Number of detectors (stations) J."""
        return int(self.detector_ids.size)

    @property
    def n_captures(self) -> int:
        """Total number of detection events."""
        return int(self.counts.sum())

    @property
    def xy_m(self) -> np.ndarray:
        """``(J, 2)`` detector coordinates, m."""
        return np.column_stack([self.x_m, self.y_m])

    @property
    def usage_days(self) -> np.ndarray:
        """``(J, K)`` working time of each detector on each occasion, days."""
        return self.usage * self.occasion_days

    @cached_property
    def events(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The SCR view: detections per individual, detector and occasion, sorted in that order.

        Returns
        -------
        individual, detector, occasion, count
            Zero-based indices and the number of detections (float); 1 for proximity detectors.
        """
        by_detector = self.counts.transpose(0, 2, 1)
        ind, det, occ = np.nonzero(by_detector)
        count = by_detector[ind, det, occ]
        if self.detector_type == "proximity":
            count = np.ones_like(count)
        return ind, det, occ, count.astype(float)

    @property
    def n_detections(self) -> int:
        """Number of detections SCR sees (for proximity detectors, binary detections)."""
        return int(self.events[3].sum())

    @property
    def n_recaptures(self) -> int:
        """Detections beyond each individual's first (secr's r)."""
        return self.n_detections - self.n_individuals

    @property
    def n_spatial_recaptures(self) -> int:
        """Number of individuals detected at more than one detector."""
        return int(((self.counts.sum(axis=1) > 0).sum(axis=1) > 1).sum())

    @cached_property
    def individual_sex(self) -> np.ndarray | None:
        """``(n,)`` ``"F"``/``"M"`` per individual, or None unless every individual's is known."""
        if self.sex is None:
            return None
        codes = np.array([SEX_OF_LABEL.get(label.strip().lower(), "") for label in self.sex])
        return codes if codes.size and bool(np.all(codes != "")) else None

    def occasion_histories(self) -> np.ndarray:
        """The closed-population view: ``(n, K)`` 0/1, detected anywhere on each occasion."""
        return (self.counts.sum(axis=2) > 0).astype(np.int64)

    def detection_matrix(self) -> np.ndarray:
        """The occupancy view: ``(J, K)`` 1 = detected, 0 = not, NaN = detector down (usage 0)."""
        detected = (self.counts.sum(axis=0) > 0).T.astype(float)
        detected[self.usage <= 0] = np.nan
        return detected

    def detector_effort(self) -> tuple[np.ndarray, np.ndarray]:
        """The random encounter view: ``(J,)`` detection events and ``(J,)`` working days."""
        return self.counts.sum(axis=(0, 1)), self.usage_days.sum(axis=1)

    def as_detector(self, detector_type: str) -> CaptureHistory:
        """The same history read by SCR as another detector type (usage kept)."""
        return replace(self, detector_type=detector_type)

    def binary(self) -> CaptureHistory:
        """Return the proximity-detector view: counts clipped to 0/1, usage > 0 set to 1."""
        return replace(
            self,
            counts=np.minimum(self.counts, 1),
            usage=(self.usage > 0).astype(float),
            detector_type="proximity",
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per non-zero count: individual_id, occasion (1-based), detector_id, count."""
        i, k, j = np.nonzero(self.counts)
        return pd.DataFrame(
            {
                "individual_id": self.individual_ids[i],
                "occasion": k + 1,
                "detector_id": self.detector_ids[j],
                "count": self.counts[i, k, j],
            }
        )

    def to_secr_csv(
        self,
        captures_path: str | Path,
        traps_path: str | Path,
        detector: str = "proximity",
        session: str = "1",
    ) -> tuple[Path, Path]:
        """Write secr's capture and trap CSVs; see :func:`twin.io.secr_csv.write_secr_csv`."""
        from twin.io.secr_csv import write_secr_csv

        return write_secr_csv(self, captures_path, traps_path, detector, session)

    def equals(self, other: CaptureHistory, coordinate_tol_m: float = 0.0) -> bool:
        """True when ids, counts, usage (to 1e-6), sex and coordinates (to the tolerance) match."""
        same_sex = (self.sex is None and other.sex is None) or (
            self.sex is not None and other.sex is not None and np.array_equal(self.sex, other.sex)
        )
        return bool(
            self.species == other.species
            and np.isclose(self.occasion_days, other.occasion_days)
            and np.array_equal(self.individual_ids, other.individual_ids)
            and np.array_equal(self.detector_ids, other.detector_ids)
            and self.counts.shape == other.counts.shape
            and np.array_equal(self.counts, other.counts)
            and np.allclose(self.usage, other.usage, rtol=0.0, atol=1e-6)
            and np.allclose(self.x_m, other.x_m, rtol=0.0, atol=coordinate_tol_m)
            and np.allclose(self.y_m, other.y_m, rtol=0.0, atol=coordinate_tol_m)
            and same_sex
        )


def build_capture_history(
    detections: pd.DataFrame,
    stations: pd.DataFrame,
    working: pd.DataFrame,
    *,
    species: str,
    occasion_days: float,
    start_min: float,
    end_min: float,
    sex: dict[str, str] | None = None,
    independence_min: float = 30.0,
) -> CaptureHistory:
    """Tally detections into a :class:`CaptureHistory` with usage from working intervals.

    Parameters
    ----------
    detections
        One row per detection event: ``individual_id``, ``station_id``, ``time_min``. Events
        outside ``[start_min, end_min)`` are left out.
    stations
        ``station_id``, ``x_m``, ``y_m``, one row per detector, in detector order.
    working
        ``station_id``, ``start_min``, ``end_min``: intervals during which a camera of the station
        was working (overlaps of paired cameras count once).
    species
        Scientific name stored in the history.
    occasion_days
        Occasion length, days (> 0). Occasions run from ``start_min``; the last one may be short.
    start_min, end_min
        Survey window, minutes on the same clock as the tables.
    sex
        Optional map individual id -> ``"female"``/``"male"``/``""``.
    independence_min
        Detections of one individual at one station less than this many minutes after its
        previous detection there are the same event (both cameras of a pair photograph one
        passage); 0 counts every row.

    Returns
    -------
    CaptureHistory
        Individuals sorted by id; raises :class:`~twin.errors.TwinInputError` when a detection
        names an unknown station or falls on an occasion when its station was down.
    """
    require(occasion_days > 0, "occasion_days", occasion_days, "a number of days > 0")
    require(independence_min >= 0, "independence_min", independence_min, "a number >= 0")
    require(end_min > start_min, "end", end_min, f"a time after the start ({start_min} min)")
    occasion_min = occasion_days * DAY_MIN
    n_occasions = max(1, int(np.ceil((end_min - start_min) / occasion_min - 1e-9)))
    edges = start_min + np.arange(n_occasions + 1) * occasion_min
    station_ids = stations["station_id"].astype(str).tolist()
    clipped = working.assign(
        start_min=working["start_min"].clip(start_min, end_min),
        end_min=working["end_min"].clip(start_min, end_min),
    )
    usage = covered_fraction(clipped, station_ids, edges, "station_id")
    inside = detections[(detections["time_min"] >= start_min) & (detections["time_min"] < end_min)]
    inside = independent_events(inside, independence_min)
    unknown = sorted(set(inside["station_id"]) - set(station_ids))
    require(not unknown, "detections.station_id", unknown[:5], "stations listed as detectors")
    individual_ids = np.array(sorted(set(inside["individual_id"].astype(str))), dtype=str)
    counts = np.zeros((individual_ids.size, n_occasions, len(station_ids)), dtype=np.int64)
    row = np.searchsorted(individual_ids, inside["individual_id"].astype(str).to_numpy())
    occasion = ((inside["time_min"].to_numpy(float) - start_min) // occasion_min).astype(int)
    column = pd.Index(station_ids).get_indexer(pd.Index(inside["station_id"]))
    np.add.at(counts, (row, occasion, column), 1)
    return CaptureHistory(
        species=species,
        individual_ids=individual_ids,
        detector_ids=np.array(station_ids, dtype=str),
        x_m=stations["x_m"].to_numpy(float),
        y_m=stations["y_m"].to_numpy(float),
        occasion_days=float(occasion_days),
        counts=counts,
        usage=usage,
        sex=None if sex is None else np.array([sex.get(i, "") for i in individual_ids], dtype=str),
    )


def independent_events(detections: pd.DataFrame, independence_min: float) -> pd.DataFrame:
    """Keep detections that start a new event of an individual at a station.

    A detection less than ``independence_min`` minutes after the previous detection of the same
    individual at the same station (columns individual_id, station_id, time_min) is dropped.
    """
    ordered = detections.sort_values(["individual_id", "station_id", "time_min"], kind="stable")
    same = (ordered["individual_id"] == ordered["individual_id"].shift()) & (
        ordered["station_id"] == ordered["station_id"].shift()
    )
    gap_min = ordered["time_min"].diff()
    return ordered[~(same & (gap_min < independence_min))]

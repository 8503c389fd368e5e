"""Capture data for spatial capture-recapture: detectors with their usage, and detections.

The layout follows secr's ``traps`` and ``capthist``: detector ids and positions in metres, a
detector x occasion usage matrix (0 = the detector was not working), and one row per detection
(individual id, 1-based occasion, detector id, optional sex).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from twin.errors import require

DETECTOR_TYPES = ("proximity", "count", "multi")
SEX_CODES = ("F", "M")


@dataclass(frozen=True, eq=False)
class Traps:
    """Detectors (camera stations, hair tubes, traps) and their usage.

    Parameters
    ----------
    detector_id
        Detector ids, shape (K,), unique.
    x_m, y_m
        Detector coordinates in metres (projected CRS), shape (K,).
    usage
        Effort per detector and occasion, shape (K, S); 0 = not working, 1 = working the whole
        occasion. Values above 1 (e.g. days of effort) scale the hazard as in secr.
    """

    detector_id: np.ndarray
    x_m: np.ndarray
    y_m: np.ndarray
    usage: np.ndarray

    def __post_init__(self) -> None:
        ids = np.asarray(self.detector_id).astype(str)
        x_m = np.asarray(self.x_m, dtype=float)
        y_m = np.asarray(self.y_m, dtype=float)
        usage = np.asarray(self.usage, dtype=float)
        n_det = ids.shape[0]
        require(n_det > 0, "traps.detector_id", "[]", "at least one detector")
        require(len(set(ids)) == n_det, "traps.detector_id", _first_duplicate(ids), "unique ids")
        require(x_m.shape == (n_det,), "traps.x_m", x_m.shape, f"shape ({n_det},)")
        require(y_m.shape == (n_det,), "traps.y_m", y_m.shape, f"shape ({n_det},)")
        require(
            bool(np.all(np.isfinite(x_m)) and np.all(np.isfinite(y_m))),
            "traps.x_m/y_m",
            "non-finite",
            "finite coordinates in metres",
        )
        require(
            usage.ndim == 2 and usage.shape[0] == n_det and usage.shape[1] > 0,
            "traps.usage",
            usage.shape,
            f"a ({n_det}, S) matrix with S >= 1 occasions",
        )
        require(
            bool(np.all(np.isfinite(usage) & (usage >= 0))),
            "traps.usage",
            _first_bad(usage, (usage < 0) | ~np.isfinite(usage)),
            "finite values >= 0",
        )
        for name, value in (("detector_id", ids), ("x_m", x_m), ("y_m", y_m), ("usage", usage)):
            value.setflags(write=False)
            object.__setattr__(self, name, value)

    @property
    def n_detectors(self) -> int:
        """Number of detectors K."""
        return int(self.x_m.shape[0])

    @property
    def n_occasions(self) -> int:
        """Number of sampling occasions S."""
        return int(self.usage.shape[1])

    @property
    def xy_m(self) -> np.ndarray:
        """Detector coordinates in metres, shape (K, 2)."""
        return np.column_stack([self.x_m, self.y_m])


@dataclass(frozen=True, eq=False)
class CaptureData:
    """Detections of identified individuals at detectors (secr's capthist, one session).

    Parameters
    ----------
    traps
        The detectors and their usage.
    individual_id
        Individual id of each detection, shape (R,).
    occasion
        1-based occasion of each detection, shape (R,).
    detector_id
        Detector id of each detection, shape (R,); must be in ``traps.detector_id``.
    detector_type
        ``"proximity"`` (binary: at most one detection per individual, detector and occasion;
        repeats are counted once), ``"count"`` (Poisson counts) or ``"multi"`` (multi-catch:
        at most one detection per individual and occasion).
    sex
        Optional sex of each detection's individual, ``"F"`` or ``"M"``, shape (R,).
    source
        Name shown in error messages (e.g. the CSV file name).
    """

    traps: Traps
    individual_id: np.ndarray
    occasion: np.ndarray
    detector_id: np.ndarray
    detector_type: str = "proximity"
    sex: np.ndarray | None = None
    source: str = field(default="captures")

    def __post_init__(self) -> None:
        src = self.source
        require(
            self.detector_type in DETECTOR_TYPES,
            f"{src}: detector type",
            self.detector_type,
            f"one of {', '.join(DETECTOR_TYPES)}",
        )
        ids = np.asarray(self.individual_id).astype(str)
        occ = np.asarray(self.occasion)
        dets = np.asarray(self.detector_id).astype(str)
        n_rows = ids.shape[0]
        require(
            occ.shape == (n_rows,) and dets.shape == (n_rows,),
            f"{src}: columns",
            (ids.shape, occ.shape, dets.shape),
            "individual, occasion and detector of equal length",
        )
        if n_rows:
            require(
                np.issubdtype(occ.dtype, np.number) and bool(np.all(occ == np.round(occ))),
                f"{src}: occasion",
                _first_bad(occ, occ != np.round(occ)),
                "integers",
            )
        occ = occ.astype(np.int64)
        self._check_occasions(occ, dets)
        sex = None if self.sex is None else self._check_sex(ids, np.asarray(self.sex).astype(str))
        for name, value in (
            ("individual_id", ids),
            ("occasion", occ),
            ("detector_id", dets),
            ("sex", sex),
        ):
            if value is not None:
                value.setflags(write=False)
            object.__setattr__(self, name, value)
        self._check_design()

    def _check_occasions(self, occ: np.ndarray, dets: np.ndarray) -> None:
        n_occ = self.traps.n_occasions
        bad = (occ < 1) | (occ > n_occ)
        require(
            not bad.any(),
            f"{self.source}: occasion",
            _first_bad(occ, bad),
            f"1-based occasions 1..{n_occ} (the number of usage columns)",
        )
        known = np.isin(dets, self.traps.detector_id)
        require(
            bool(known.all()),
            f"{self.source}: detector",
            _first_bad(dets, ~known),
            "ids listed in the traps table",
        )

    def _check_sex(self, ids: np.ndarray, sex: np.ndarray) -> np.ndarray:
        require(sex.shape == ids.shape, f"{self.source}: sex", sex.shape, f"shape {ids.shape}")
        ok = np.isin(sex, SEX_CODES)
        require(bool(ok.all()), f"{self.source}: sex", _first_bad(sex, ~ok), "'F' or 'M'")
        for ind in np.unique(ids):
            values = np.unique(sex[ids == ind])
            require(
                values.size == 1,
                f"{self.source}: sex of individual {ind}",
                list(values),
                "one sex per individual",
            )
        return sex

    def _check_design(self) -> None:
        k, s = self.detector_index, self.occasion - 1
        down = self.traps.usage[k, s] == 0
        require(
            not down.any(),
            f"{self.source}: detection at detector {_first_bad(self.detector_id, down)}",
            "usage 0 on that occasion",
            "detections only where the detector was working (usage > 0)",
        )
        if self.detector_type == "multi":
            pairs = self.individual_index * self.traps.n_occasions + s
            dup = np.bincount(pairs).max(initial=0) > 1
            require(
                not dup,
                f"{self.source}: multi-catch detections",
                "an individual twice on one occasion",
                "at most one detection per individual and occasion",
            )

    @classmethod
    def from_secr_csv(
        cls,
        captures_csv: str | os.PathLike,
        traps_csv: str | os.PathLike,
        detector_type: str | None = None,
    ) -> CaptureData:
        """Read secr-format CSV files (see :mod:`twin.estimators.secr_csv`).

        Parameters
        ----------
        captures_csv
            ``session, ID, occasion, detector[, sex]``, one row per detection.
        traps_csv
            ``detector, x, y[, type][, usage]``; coordinates in metres, usage a space-separated
            number per occasion.
        detector_type
            Overrides the traps file's ``type`` column.
        """
        from twin.estimators.secr_csv import read_secr_csv

        return read_secr_csv(captures_csv, traps_csv, detector_type)

    @cached_property
    def individuals(self) -> np.ndarray:
        """Sorted unique ids of the detected individuals, shape (n,)."""
        return np.unique(self.individual_id)

    @cached_property
    def individual_index(self) -> np.ndarray:
        """Row of each detection's individual in :attr:`individuals`, shape (R,)."""
        return np.searchsorted(self.individuals, self.individual_id)

    @cached_property
    def detector_index(self) -> np.ndarray:
        """Row of each detection's detector in ``traps``, shape (R,)."""
        order = np.argsort(self.traps.detector_id)
        pos = np.searchsorted(self.traps.detector_id, self.detector_id, sorter=order)
        return order[pos]

    @property
    def n_individuals(self) -> int:
        """Number of distinct individuals detected (secr's n)."""
        return int(self.individuals.shape[0])

    @cached_property
    def events(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Detections aggregated per individual, detector and occasion, sorted by individual.

        Returns
        -------
        individual, detector, occasion, count
            Zero-based indices and the number of detections; for proximity detectors the count
            is 1 (repeats on one occasion at one detector are one binary detection).
        """
        n_det, n_occ = self.traps.n_detectors, self.traps.n_occasions
        key = (self.individual_index * n_det + self.detector_index) * n_occ + (self.occasion - 1)
        uniq, count = np.unique(key, return_counts=True)
        if self.detector_type == "proximity":
            count = np.ones_like(count)
        ind, rest = np.divmod(uniq, n_det * n_occ)
        det, occ = np.divmod(rest, n_occ)
        return ind, det, occ, count.astype(float)

    @property
    def n_detections(self) -> int:
        """Number of detections (for proximity detectors, binary detections)."""
        return int(self.events[3].sum())

    @property
    def n_recaptures(self) -> int:
        """Detections beyond each individual's first (secr's r)."""
        return self.n_detections - self.n_individuals

    @cached_property
    def n_detectors_visited(self) -> np.ndarray:
        """Number of distinct detectors at which each individual was detected, shape (n,)."""
        ind, det, _, _ = self.events
        pairs = np.unique(ind * self.traps.n_detectors + det) // self.traps.n_detectors
        return np.bincount(pairs, minlength=self.n_individuals)

    @property
    def n_spatial_recaptures(self) -> int:
        """Number of individuals detected at more than one detector."""
        return int((self.n_detectors_visited > 1).sum())

    @cached_property
    def individual_sex(self) -> np.ndarray | None:
        """Sex of each individual in :attr:`individuals` order, or None without a sex column."""
        if self.sex is None:
            return None
        out = np.empty(self.n_individuals, dtype=self.sex.dtype)
        out[self.individual_index] = self.sex
        return out


def _first_duplicate(values: np.ndarray) -> object:
    uniq, counts = np.unique(values, return_counts=True)
    return uniq[counts > 1][0].item() if (counts > 1).any() else None


def _first_bad(values: np.ndarray, bad: np.ndarray) -> object:
    """The first offending value, as a plain Python object for error messages."""
    flat = np.asarray(values)[np.asarray(bad)]
    return flat.flat[0].item() if flat.size else None

"""A layout design problem: candidates, mask, detection model, budget, spacing and criterion.

Criteria (all maximised)
    ``n``: expected detected animals E[n]; ``r``: expected recaptures E[r]; ``rse``:
    ``min(E[n], E[r])``, which minimises the predicted ``RSE(D) ~ 1 / sqrt(min(E[n], E[r]))``
    (Efford & Boulanger 2019; Durbach et al. 2021).
Budget
    A number of cameras (``cameras_per_station`` per station, 2 for paired stations) and,
    optionally, of station visits (each station is visited ``services_per_station`` times:
    set-up, card and battery changes, retrieval); the design has as many stations as both allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.spatial import cKDTree

from twin.design.expectations import (
    DetectionModel,
    Expectations,
    animals_per_point,
    expectations_from_hazard,
    hazard_matrix,
)
from twin.errors import require
from twin.estimators import Mask

CRITERIA = ("n", "r", "rse")


@dataclass(frozen=True)
class Budget:
    """What a survey can afford.

    Parameters
    ----------
    cameras
        Cameras available.
    cameras_per_station
        Cameras per station (2 for paired stations).
    station_visits
        Station visits the crews can make over the survey, or None for no limit.
    services_per_station
        Visits each station needs over the survey (set-up, services, retrieval).
    """

    cameras: int
    cameras_per_station: int = 2
    station_visits: int | None = None
    services_per_station: int = 1

    def __post_init__(self) -> None:
        for key in ("cameras", "cameras_per_station", "services_per_station"):
            value = getattr(self, key)
            require(int(value) == value and value >= 1, f"budget.{key}", value, "an integer >= 1")
        visits = self.station_visits
        require(
            visits is None or (int(visits) == visits and visits >= 1),
            "budget.station_visits",
            visits,
            "null or an integer >= 1",
        )

    @property
    def stations(self) -> int:
        """Stations the budget allows (both cameras and visits)."""
        by_cameras = self.cameras // self.cameras_per_station
        if self.station_visits is None:
            return by_cameras
        return min(by_cameras, self.station_visits // self.services_per_station)


@dataclass(frozen=True, eq=False)
class DesignProblem:
    """Choose ``budget.stations`` of ``sites_m`` at least ``min_spacing_m`` apart.

    Parameters
    ----------
    sites_m
        Candidate station positions (m), shape (C, 2).
    mask
        Activity-centre mask.
    model
        Detection model and density.
    budget
        Cameras and visits.
    min_spacing_m
        Smallest distance between two chosen stations (m).
    criterion
        ``n``, ``r`` or ``rse`` (see the module docstring).
    weights
        Relative density of activity centres per mask point, shape (M,), or None (uniform).
    """

    sites_m: np.ndarray
    mask: Mask
    model: DetectionModel
    budget: Budget
    min_spacing_m: float = 0.0
    criterion: str = "rse"
    weights: np.ndarray | None = None
    animals: np.ndarray = field(init=False, repr=False)
    hazard: np.ndarray = field(init=False, repr=False)
    conflicts: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        require(self.criterion in CRITERIA, "criterion", self.criterion, ", ".join(CRITERIA))
        require(
            np.isfinite(self.min_spacing_m) and self.min_spacing_m >= 0,
            "min_spacing_m",
            self.min_spacing_m,
            "a distance >= 0 m",
        )
        sites = np.asarray(self.sites_m, dtype=float)
        require(
            1 <= self.budget.stations <= sites.shape[0],
            "budget",
            f"{self.budget.stations} stations",
            f"between 1 and the {sites.shape[0]} candidate sites",
        )
        object.__setattr__(self, "sites_m", sites)
        object.__setattr__(self, "animals", animals_per_point(self.mask, self.model, self.weights))
        object.__setattr__(self, "hazard", hazard_matrix(sites, self.mask, self.model))
        object.__setattr__(self, "conflicts", _conflicts(sites, self.min_spacing_m))

    @property
    def n_sites(self) -> int:
        """Number of candidate sites C."""
        return int(self.sites_m.shape[0])

    @property
    def stations(self) -> int:
        """Stations to choose."""
        return self.budget.stations

    def expectations(self, chosen: np.ndarray) -> Expectations:
        """E[n], E[r] of the design made of the candidate indices ``chosen``."""
        return expectations_from_hazard(self.hazard[chosen], self.animals, self.model.occasions)

    def score(self, chosen: np.ndarray) -> float:
        """The criterion of a design (larger is better)."""
        expected = self.expectations(chosen)
        return float(criterion_value(expected.n, expected.r, self.criterion))

    def feasible(self, chosen: np.ndarray) -> bool:
        """Whether a design has the budgeted size, distinct sites and the minimum spacing."""
        chosen = np.asarray(chosen)
        if chosen.size != self.stations or np.unique(chosen).size != chosen.size:
            return False
        return not self.conflicts[np.ix_(chosen, chosen)].any()


def criterion_value(n: Any, r: Any, criterion: str) -> Any:
    """Value of ``criterion`` (``n``, ``r`` or ``rse``) for expected counts (floats or arrays);
    larger is better."""
    if criterion == "n":
        return n
    if criterion == "r":
        return r
    return np.minimum(n, r)


def _conflicts(sites_m: np.ndarray, min_spacing_m: float) -> np.ndarray:
    """Bool (C, C): sites closer than ``min_spacing_m`` to each other (diagonal False)."""
    out = np.zeros((sites_m.shape[0],) * 2, dtype=bool)
    if min_spacing_m > 0:
        pairs = cKDTree(sites_m).query_pairs(min_spacing_m * (1 - 1e-12), output_type="ndarray")
        out[pairs[:, 0], pairs[:, 1]] = out[pairs[:, 1], pairs[:, 0]] = True
    return out

"""Expected numbers of detected animals and recaptures of a camera design (HHN SCR model).

For proximity detectors (a camera station photographs an animal at most once per occasion)
under the hazard half-normal detection function, an animal with activity centre ``x`` has
per-occasion hazard ``h_k(x) = lambda0 exp(-d_k(x)^2 / (2 sigma^2))`` at station ``k`` and is
detected there on an occasion with probability ``p_k(x) = 1 - exp(-h_k(x))``. With activity
centres a Poisson process of density ``D`` over the mask (cells of area ``a``) and ``S``
occasions (Efford & Boulanger 2019, Methods Ecol. Evol. 10:1529):

    E[n] = D a sum_x (1 - exp(-S sum_k h_k(x)))          detected animals
    E[c] = D a sum_x S sum_k p_k(x)                       detections (animal x station x occasion)
    E[r] = E[c] - E[n]                                    recaptures

and the relative standard error of the density estimate is roughly
``RSE(D) ~ CF / sqrt(min(E[n], E[r]))`` with ``CF ~ 1``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from twin.errors import require
from twin.estimators import Mask


@dataclass(frozen=True)
class DetectionModel:
    """HHN detection parameters, density and survey length the design is judged under.

    Parameters
    ----------
    density_per_100km2
        Density of activity centres (animals per 100 km2).
    lambda0
        Per-occasion hazard at distance 0 of one station (HHN lambda0).
    sigma_m
        Spatial scale of detection (m).
    occasions
        Number of occasions S each station works.
    """

    density_per_100km2: float
    lambda0: float
    sigma_m: float
    occasions: int

    def __post_init__(self) -> None:
        for key, value in (
            ("density_per_100km2", self.density_per_100km2),
            ("lambda0", self.lambda0),
            ("sigma_m", self.sigma_m),
        ):
            require(np.isfinite(value) and value > 0, key, value, "a positive finite number")
        require(
            int(self.occasions) == self.occasions and self.occasions >= 1,
            "occasions",
            self.occasions,
            "an integer >= 1",
        )

    @property
    def density_per_m2(self) -> float:
        """Density of activity centres per square metre."""
        return self.density_per_100km2 / 1e8


@dataclass(frozen=True)
class Expectations:
    """Expected detected animals ``n``, detections ``c`` and recaptures ``r`` of a design."""

    n: float
    detections: float

    @property
    def r(self) -> float:
        """Expected recaptures E[c] - E[n]."""
        return self.detections - self.n

    @property
    def rse(self) -> float:
        """Predicted RSE of density, ``1 / sqrt(min(E[n], E[r]))`` (inf when either is 0)."""
        low = min(self.n, self.r)
        return float(1.0 / np.sqrt(low)) if low > 0 else float("inf")


def hazard_matrix(sites_m: np.ndarray, mask: Mask, model: DetectionModel) -> np.ndarray:
    """Per-occasion hazard of every site at every mask point, shape (C, M).

    Parameters
    ----------
    sites_m
        Station positions (m), shape (C, 2).
    mask
        Habitat mask of activity centres.
    model
        Detection parameters.
    """
    sites_m = np.asarray(sites_m, dtype=float)
    require(
        sites_m.ndim == 2 and sites_m.shape[1] == 2,
        "sites_m",
        sites_m.shape,
        "a (C, 2) array of x, y in metres",
    )
    d2 = (sites_m[:, 0, None] - mask.x_m[None, :]) ** 2 + (
        sites_m[:, 1, None] - mask.y_m[None, :]
    ) ** 2
    return model.lambda0 * np.exp(-d2 / (2.0 * model.sigma_m**2))


def animals_per_point(mask: Mask, model: DetectionModel, weights: np.ndarray | None) -> np.ndarray:
    """Expected activity centres in each mask cell, shape (M,).

    ``weights`` is a relative density per mask point (scaled here to mean 1), or None for a
    uniform density.
    """
    per_cell = model.density_per_m2 * mask.spacing_m**2
    if weights is None:
        return np.full(mask.n_points, per_cell)
    weights = np.asarray(weights, dtype=float)
    require(
        weights.shape == (mask.n_points,) and bool(np.all(weights >= 0)) and weights.sum() > 0,
        "density weights",
        f"shape {weights.shape}",
        f"({mask.n_points},) non-negative relative densities, not all 0",
    )
    return per_cell * weights / weights.mean()


def expectations_from_hazard(
    hazard: np.ndarray, animals: np.ndarray, occasions: int
) -> Expectations:
    """E[n] and E[detections] of the stations whose hazard rows are given.

    Parameters
    ----------
    hazard
        Per-occasion hazard of each station at each mask point, shape (K, M).
    animals
        Expected activity centres per mask point, shape (M,) (:func:`animals_per_point`).
    occasions
        Occasions S.
    """
    n = float(animals @ -np.expm1(-occasions * hazard.sum(axis=0)))
    detections = occasions * float(np.sum(-np.expm1(-hazard) @ animals))
    return Expectations(n, detections)


def expected_counts(
    sites_m: np.ndarray, mask: Mask, model: DetectionModel, weights: np.ndarray | None = None
) -> Expectations:
    """E[n], E[detections] and E[r] of stations at ``sites_m`` (m, shape (K, 2)).

    See the module docstring for the formulas (Efford & Boulanger 2019); ``weights`` are
    relative densities per mask point (None: uniform).
    """
    hazard = hazard_matrix(sites_m, mask, model)
    animals = animals_per_point(mask, model, weights)
    return expectations_from_hazard(hazard, animals, model.occasions)

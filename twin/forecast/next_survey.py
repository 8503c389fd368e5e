"""The next survey: a layout optimised on the forecast's density surface (twin.design).

The density surface is the mean of the replicates' starting states (independent animals per
mask cell: detected ones at their posterior draws, the undetected where they were imputed), the
detection model the SCR fit's (HHN lambda0 and sigma, share-weighted over the sexes), and the
search the greedy formula optimiser of :mod:`twin.design` on the RSE criterion (Efford &
Boulanger 2019). The current layout (the package's stations) is scored the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from twin.cameras.layouts_area import StudyArea
from twin.cameras.layouts_file import default_station_ids
from twin.design import Budget, DesignProblem, DetectionModel, candidate_sites, greedy
from twin.design.expectations import Expectations, expected_counts
from twin.errors import require
from twin.estimators import Mask
from twin.forecast.posterior import parameters_at
from twin.forecast.state import SpeciesData, state_mask
from twin.population.startup import Population

DESIGN_MASK_SPACING_M = 2000.0
CANDIDATE_SPACING_M = 1500.0
MIN_SPACING_M = 1500.0
"""Mask, candidate lattice and smallest station spacing of the design (m), as in
experiments/layout_optimisation.py."""
SMOOTHING = 0.05
"""Weight of a uniform density mixed into the surface, so cells without a drawn centre keep
some chance (an empty cell in 50 draws is not proof of an empty cell)."""


def detection_model(data: SpeciesData) -> DetectionModel:
    """HHN detection model of an SCR fit (sex classes averaged by their shares)."""
    fit = data.fit
    require(fit.model.detectfn == "HHN", "detectfn", fit.model.detectfn, "HHN for the design")
    draw = parameters_at(fit, fit.beta)
    lambda0 = sum(c.share * c.par0 for c in draw.classes)
    sigma = sum(c.share * c.sigma_m for c in draw.classes)
    return DetectionModel(
        float(fit.density_per_100km2.est), lambda0, sigma, data.history.n_occasions
    )


def density_weights(mask: Mask, states: Sequence[Population], species: str) -> np.ndarray:
    """Relative density per mask point: independent animals' centres per cell, all replicates."""
    counts = np.zeros(mask.n_points)
    half = mask.spacing_m / 2
    for state in states:
        t = state.table
        mine = t[(t["species"] == species) & (t["mother"] < 0)]
        xy = mine[["centre_x_m", "centre_y_m"]].to_numpy()
        near = (np.abs(xy[:, None, 0] - mask.x_m) <= half) & (
            np.abs(xy[:, None, 1] - mask.y_m) <= half
        )
        hit = near.any(axis=1)
        np.add.at(counts, near[hit].argmax(axis=1), 1.0)
    uniform = counts.sum() / mask.n_points if counts.sum() > 0 else 1.0
    return (1 - SMOOTHING) * counts + SMOOTHING * uniform


def recommend(
    data: SpeciesData,
    states: Sequence[Population],
    landscape,
    cameras: int,
    cameras_per_station: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The next layout and the table comparing it with the current one.

    Parameters
    ----------
    data
        The species the survey is designed for (its fit gives the detection model).
    states
        The forecast's starting states (the density surface).
    landscape
        The twin's landscape (the park is the study area).
    cameras, cameras_per_station
        The budget: cameras, and cameras per station (2: paired).

    Returns
    -------
    stations, recommendation
        ``station_id, x_m, y_m`` (m, EPSG:32652; readable by ``layout=file``), and one row per
        layout (``next``, ``current``) with stations, cameras, occasions, ``expected_n``,
        ``expected_r`` and ``predicted_rse``.
    """
    mask = state_mask(landscape, DESIGN_MASK_SPACING_M)
    model = detection_model(data)
    weights = density_weights(mask, states, data.key)
    sites = candidate_sites(StudyArea.build(landscape, "park"), CANDIDATE_SPACING_M, on="trail")
    budget = Budget(cameras, cameras_per_station)
    n_stations = min(budget.stations, sites.shape[0])
    require(n_stations >= 1, "--cameras", cameras, f"at least {cameras_per_station} cameras")
    problem = DesignProblem(
        sites,
        mask,
        model,
        Budget(n_stations * cameras_per_station, cameras_per_station),
        MIN_SPACING_M,
        "rse",
        weights,
    )
    chosen = greedy(problem).chosen
    points = problem.sites_m[chosen]
    stations = pd.DataFrame(
        {"station_id": default_station_ids(len(points)), "x_m": points[:, 0], "y_m": points[:, 1]}
    )
    current = expected_counts(data.history.xy_m, mask, model, weights)
    rows = [
        _row("next", problem.expectations(chosen), len(points), cameras_per_station, model),
        _row("current", current, data.history.n_detectors, cameras_per_station, model),
    ]
    return stations.round({"x_m": 1, "y_m": 1}), pd.DataFrame(rows)


def _row(name: str, e: Expectations, stations: int, per_station: int, model: DetectionModel):
    return {
        "layout": name,
        "stations": stations,
        "cameras": stations * per_station,
        "occasions": model.occasions,
        "expected_n": e.n,
        "expected_r": e.r,
        "predicted_rse": e.rse,
    }

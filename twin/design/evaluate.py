"""Judge a layout by the twin's own simulation, not only by the formula.

A layout is simulated as it is (:func:`twin.simulate` with ``layout=``); from each run we read
what an analyst would have (the capture history of the estimation window, cubs left out, as the
run's own estimates do) and the run's scored SCR density estimate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from twin.assessment.survey_estimates import estimation_window, survey_mask, without_cubs
from twin.assessment.survey_estimates import survey_history as estimated_history
from twin.cameras.layouts import Layout
from twin.config.scenario import Scenario
from twin.design.expectations import DetectionModel
from twin.errors import TwinInputError
from twin.estimators import SCR, CaptureHistory
from twin.results import RunResult
from twin.run import simulate

DAY_MIN = 1440.0


def survey_history(result: RunResult, species: str = "leopard") -> CaptureHistory:
    """Proximity capture history of ``species`` in the run's estimation window (cubs left out).

    Raises
    ------
    TwinInputError
        When the run has no survey or no activity centres (estimation disabled).
    """
    observations, centres = result.observations, result.centres
    if observations is None or centres is None:
        raise TwinInputError(
            "A run without a survey or without estimates has no capture history: allowed are runs "
            "with survey.enabled and estimation.enabled."
        )
    settings = result.scenario.estimation
    records = without_cubs(observations.records, centres)
    return estimated_history(records, species, settings, *estimation_window(records, settings))


def fitted_detection_model(result: RunResult, species: str = "leopard") -> DetectionModel:
    """HHN lambda0, sigma and density fitted by SCR to a (pilot) run's survey."""
    history = survey_history(result, species)
    settings = result.scenario.estimation
    mask = survey_mask(history, settings, result.landscape)
    fit = SCR(history, mask, "HHN").fit()
    return DetectionModel(
        density_per_100km2=float(fit.density_per_100km2.est),
        lambda0=float(fit.detection.est),
        sigma_m=float(fit.sigma_m.est),
        occasions=history.n_occasions,
    )


def run_replicates(
    scenario: Scenario,
    layout: Layout | None,
    seeds: Sequence[int],
    species: str = "leopard",
) -> pd.DataFrame:
    """Run the twin once per seed; one row per run with n, recaptures and the SCR density.

    Parameters
    ----------
    scenario
        The runs' scenario (survey and estimation enabled).
    layout
        The stations and cameras to simulate (None: the scenario's own layout).
    seeds
        Root seed of each run.
    species
        ``"leopard"`` or ``"tiger"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``seed, stations, n, detections, recaptures, estimate, se, rse, truth,
        relative_error, covered`` (density per 100 km2).
    """
    rows = []
    for seed in seeds:
        result = simulate(scenario, seed=seed, layout=layout, tracks=False)
        rows.append({"seed": seed, **_run_row(result, species)})
    return pd.DataFrame(rows)


def _run_row(result: RunResult, species: str) -> dict[str, Any]:
    history = survey_history(result, species)
    estimates = result.estimates
    assert estimates is not None  # survey_history refused a run without estimates
    scr = estimates[
        (estimates.estimator == "SCR")
        & (estimates.species == species)
        & (estimates.parameter == "density")
    ].iloc[0]
    return {
        "stations": int(result.metadata["survey"]["stations"]),
        "n": history.n_individuals,
        "detections": history.n_detections,
        "recaptures": history.n_recaptures,
        "estimate": float(scr.estimate),
        "se": float(scr.se),
        "rse": float(scr.se / scr.estimate) if scr.estimate > 0 else np.nan,
        "truth": float(scr.truth),
        "relative_error": float(scr.relative_error),
        "covered": bool(scr.covered) if scr.covered is not None else False,
    }


def summarise_replicates(table: pd.DataFrame) -> dict[str, float]:
    """Means over replicates, with the criterion ``min(n, r)`` of each run averaged too.

    RSE, bias, RMSE and coverage are over the runs whose SCR fit was estimable
    (``estimable_share`` of them); a failed fit counts as not covered.
    """
    low = np.minimum(table["n"], table["recaptures"])
    return {
        "estimable_share": float(np.isfinite(table["estimate"]).mean()),
        "n_mean": float(table["n"].mean()),
        "recaptures_mean": float(table["recaptures"].mean()),
        "min_n_r_mean": float(low.mean()),
        "rse_mean": float(table["rse"].mean()),
        "relative_bias": float(table["relative_error"].mean()),
        "rmse_relative": float(np.sqrt((table["relative_error"] ** 2).mean())),
        "coverage": float(table["covered"].mean()),
    }

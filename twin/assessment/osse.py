"""Observing-system simulation experiments (OSSE) of the live twin, as weather centres run them.

A hidden *nature run* plays the park: spin-up from the config's counts, a survey of
``survey_days`` recorded by the default layout, then ``max(horizons)`` more years. The
forecaster sees only the Camtrap DP package its cameras wrote (and the landscape), builds its
state from it and forecasts (:func:`twin.forecast`). Nature's true counts at each horizon
verify the forecast, beside two baselines run on the same nature:

- *naive persistence*: the forecaster's own state at the survey's end held constant (the SCR
  estimate, with the parameter uncertainty it carries, as the interval);
- *true start*: the twin started from nature's true state at the survey's end (what is left is
  the irreducible demographic and policy noise).

Two kinds: ``identical`` (nature has the forecaster's parameters) and ``fraternal`` (nature's
rates are one draw of the calibration posterior; the forecaster keeps the scenario's values and
does not know which draw). Quantities are those of :class:`twin.forecast.truth.YearlyCounts`:
animals whose activity centre lies in the park, ``adults`` and ``all``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from twin.assessment.forecast_skill import score_case
from twin.calibration.hindcast import with_parameters
from twin.config.run import DAYS_PER_YEAR
from twin.config.scenario import Scenario
from twin.drivers import Drivers
from twin.errors import require
from twin.forecast.truth import StateSnapshot, YearlyCounts
from twin.population.startup import Population

KINDS = ("identical", "fraternal")
FORECASTERS = ("twin", "naive", "truth_start")
"""The forecast of each case and its two baselines (column prefixes of a case row)."""
SCORED_SPECIES = ("leopard", "tiger")


@dataclass(frozen=True)
class OsseDesign:
    """What one OSSE runs per nature run.

    Attributes
    ----------
    kind
        ``identical`` or ``fraternal`` (:data:`KINDS`).
    replicates
        Forecast replicates per nature run, for the twin and for the true-start baseline.
    horizons_years
        Years after the survey's end at which forecasts are verified (whole years >= 1).
    spinup_years
        Years (365 days each, as a run counts them) nature runs from the config's counts
        before the survey ends (>= 1).
    survey_days
        Days of the camera survey, ending at the spin-up's end.
    policy
        The policy nature lives under and the forecaster assumes (a conf/policy name).
    """

    kind: str = "identical"
    replicates: int = 20
    horizons_years: tuple[int, ...] = (1, 3)
    spinup_years: int = 1
    survey_days: int = 91
    policy: str = "historical"

    def __post_init__(self) -> None:
        require(self.kind in KINDS, "osse.kind", self.kind, f"one of {list(KINDS)}")
        require(self.replicates >= 2, "osse.replicates", self.replicates, "a whole number >= 2")
        ok = len(self.horizons_years) > 0 and all(int(h) >= 1 for h in self.horizons_years)
        require(ok, "osse.horizons_years", list(self.horizons_years), "whole years >= 1")
        require(self.spinup_years >= 1, "osse.spinup_years", self.spinup_years, ">= 1 year")
        ok = 7 <= self.survey_days <= self.spinup_years * DAYS_PER_YEAR
        require(ok, "osse.survey_days", self.survey_days, "7 days to the spin-up's length")

    @property
    def origin_day(self) -> int:
        """Nature's day at the survey's end: the forecasts start here."""
        return self.spinup_years * DAYS_PER_YEAR


@dataclass(frozen=True)
class NatureRun:
    """What a nature run leaves: the forecaster's package, the verifying truth, the true state.

    Attributes
    ----------
    package
        The Camtrap DP package folder the survey wrote (all the forecaster sees).
    truth
        ``horizon_years, species, quantity, value``: nature's counts (animals) at the survey's
        end (horizon 0) and at each later whole year.
    state
        Nature's true animals at the survey's end, as a :class:`Population`.
    start
        Nature's calendar date at the survey's end (the forecasts' start date).
    """

    package: Path
    truth: pd.DataFrame
    state: Population
    start: str


def nature_scenario(base: Scenario, design: OsseDesign, params: Mapping[str, float]) -> Scenario:
    """``base`` as a nature run: spin-up, survey at its end, then the horizons; ``params`` (a
    posterior draw, fraternal OSSE) written in. No estimates, no report: the forecaster
    estimates from the package."""
    scenario = with_parameters(base, params) if params else base
    return scenario.replace(
        **{
            "years": float(design.spinup_years + max(design.horizons_years)),
            "survey.enabled": True,
            "survey.start_day": design.origin_day - design.survey_days,
            "survey.days": design.survey_days,
            "estimation.enabled": False,
            "report.enabled": False,
            "progress": False,
        }
    )


def run_nature(
    base: Scenario,
    design: OsseDesign,
    seed: np.random.SeedSequence,
    folder: Path,
    params: Mapping[str, float] | None = None,
) -> NatureRun:
    """Simulate one nature run and write its survey's package into ``folder``/camtrap-dp.

    Parameters
    ----------
    base
        The scenario nature runs (the forecaster's, for an identical-twin OSSE).
    design
        The OSSE's settings.
    seed
        Nature's seed, never shown to the forecaster.
    folder
        Where the package goes (created).
    params
        Calibrated parameter values nature takes instead of ``base``'s (fraternal OSSE).
    """
    from twin.io import write_camtrap_dp
    from twin.run import simulate

    scenario = nature_scenario(base, design, params or {})
    snapshot = StateSnapshot(design.origin_day)
    counts = YearlyCounts(SCORED_SPECIES)
    result = simulate(scenario, seed=seed, drivers=Drivers(probes=[snapshot, counts]), tracks=False)
    assert result.observations is not None and snapshot.population is not None
    package = write_camtrap_dp(result.observations.records, folder / "camtrap-dp")
    truth = pd.DataFrame(counts.rows, columns=["year", "species", "quantity", "value"])
    truth = truth[truth["year"] >= design.spinup_years].assign(
        horizon_years=lambda t: t["year"] - design.spinup_years
    )
    start = pd.Timestamp(scenario.start_date) + pd.Timedelta(days=design.origin_day)
    return NatureRun(
        package,
        truth.drop(columns="year").reset_index(drop=True),
        snapshot.population,
        start.date().isoformat(),
    )


def score_nature(
    nature: NatureRun,
    trajectories: Mapping[str, pd.DataFrame],
    horizons_years: Sequence[int],
) -> pd.DataFrame:
    """One row per species, quantity and horizon: the truth and each forecaster's scores.

    Parameters
    ----------
    nature
        The nature run (its ``truth``).
    trajectories
        Per forecaster of :data:`FORECASTERS` but ``naive``: ``replicate, species, year,
        quantity, value`` (year 0 = the survey's end). ``naive`` is the twin's year-0 ensemble
        held at every horizon.
    horizons_years
        The horizons to score.

    Returns
    -------
    pandas.DataFrame
        ``species, quantity, horizon_years, truth`` and, per forecaster, the columns of
        :func:`twin.assessment.forecast_skill.score_case` prefixed ``<forecaster>_``.
    """
    truth = nature.truth.set_index(["species", "quantity", "horizon_years"])["value"]
    twin_now = trajectories["twin"]
    rows = []
    for species, quantity, horizon in truth.index:
        if horizon not in horizons_years:
            continue
        value = float(truth.loc[(species, quantity, horizon)])
        row: dict[str, object] = {
            "species": species,
            "quantity": quantity,
            "horizon_years": int(horizon),
            "truth": value,
        }
        for name in FORECASTERS:
            table = twin_now if name == "naive" else trajectories[name]
            year = 0 if name == "naive" else horizon
            pick = (
                (table["species"] == species)
                & (table["quantity"] == quantity)
                & (table["year"] == year)
            )
            scores = score_case(table.loc[pick, "value"].to_numpy(float), value)
            row |= {f"{name}_{k}": v for k, v in scores.items()}
        rows.append(row)
    return pd.DataFrame(rows)

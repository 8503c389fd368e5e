"""What a forecast returns: trajectories, their summaries, the states and the next survey."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from twin.errors import require
from twin.estimators.inference import Estimate
from twin.population.startup import Population

KEYS = ["year", "species", "policy", "quantity"]
BANDS = {"median": 0.5, "lo50": 0.25, "hi50": 0.75, "lo90": 0.05, "hi90": 0.95}
FILES = (
    "forecast.csv",
    "thresholds.csv",
    "deaths.csv",
    "estimates.csv",
    "state.csv",
    "next_survey_stations.csv",
    "recommendation.csv",
    "forecast.html",
)


@dataclass
class Forecast:
    """A forecast of the park's cats under one or several policies.

    Attributes
    ----------
    trajectories
        One row per replicate, policy, species, year (years since the survey's end: 0, each
        whole year, and the horizon) and quantity (``adults``, ``all``): ``value``, live
        animals whose activity centre lies in the park.
    deaths
        ``replicate, policy, species, year, cause, deaths``: deaths in forecast year ``year``
        (1 = the first 365 days) by cause (natural, tiger, poaching, road).
    states
        The starting state of each replicate (:class:`Population` tables; a state built from
        data has ``individual_id`` and ``detected`` columns).
    years
        Forecast horizon, years.
    threshold_values
        Animal counts whose ``P(value < threshold)`` :attr:`thresholds` gives.
    estimates
        The SCR estimates per species (``parameter`` ``N_park``: animals in the park), or None
        for a forecast from given states.
    recommendation
        Expected detections and predicted RSE of the next and the current layout (or None).
    next_stations
        ``station_id, x_m, y_m`` of the recommended layout (or None).
    timings
        Seconds: ``replicate_year_seconds`` (one run of one year), ``total_seconds``.
    context
        What the HTML page draws besides the tables (mask, current stations).
    """

    trajectories: pd.DataFrame
    deaths: pd.DataFrame
    states: list[Population]
    years: float
    threshold_values: tuple[float, ...] = ()
    estimates: pd.DataFrame | None = None
    recommendation: pd.DataFrame | None = None
    next_stations: pd.DataFrame | None = None
    timings: dict[str, float] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def table(self) -> pd.DataFrame:
        """``forecast.csv``: median and 50% / 90% intervals per year, species, policy, quantity."""
        grouped = self.trajectories.groupby(KEYS, sort=True)["value"]
        out = pd.concat(
            {name: grouped.quantile(q) for name, q in BANDS.items()}, axis=1
        ).reset_index()
        return out[[*KEYS, *BANDS]]

    @property
    def thresholds(self) -> pd.DataFrame:
        """``P(value < threshold)`` per year, species, policy, quantity and threshold."""
        parts = []
        for t in self.threshold_values:
            below = self.trajectories.assign(below=self.trajectories["value"] < t)
            prob = below.groupby(KEYS, sort=True)["below"].mean().rename("probability_below")
            parts.append(prob.reset_index().assign(threshold=float(t)))
        columns = [*KEYS, "threshold", "probability_below"]
        if not parts:
            return pd.DataFrame(columns=columns)
        return pd.concat(parts, ignore_index=True)[columns]

    @property
    def deaths_table(self) -> pd.DataFrame:
        """Mean deaths per replicate by year, species, policy and cause (``deaths.csv``)."""
        n = max(1, len(self.states))
        cols = ["year", "species", "policy", "cause"]
        if self.deaths.empty:
            return pd.DataFrame(columns=[*cols, "mean_deaths"])
        total = self.deaths.groupby(cols, sort=True)["deaths"].sum() / n
        return total.rename("mean_deaths").reset_index()

    def n_in_park(self, species: str = "leopard") -> Estimate:
        """The naive SCR estimate of the animals in the park (D x park area), 95% Wald CI."""
        require(self.estimates is not None, "estimates", None, "a forecast made from a package")
        assert self.estimates is not None
        row = self.estimates[
            (self.estimates["species"] == species) & (self.estimates["parameter"] == "N_park")
        ]
        require(len(row) == 1, "species", species, f"one of {sorted(set(self.estimates.species))}")
        r = row.iloc[0]
        return Estimate(float(r.estimate), float(r.se), float(r.lcl), float(r.ucl))

    def state_table(self, replicate: int = 0) -> pd.DataFrame:
        """One replicate's state (``state.csv``), with its ``detected`` flag."""
        table = self.states[replicate].table.round({"centre_x_m": 1, "centre_y_m": 1})
        if "detected" not in table.columns:
            table["detected"] = False
        return table

    def write(self, out: str | Path, overwrite: bool = True) -> Path:
        """Write the forecast's files into ``out``, all or nothing.

        The files go to a hidden folder beside ``out`` that replaces ``out`` only when every
        file is written; an interrupted write leaves no folder that looks complete. An existing
        ``out`` is replaced only if it is empty or a forecast folder (has ``forecast.csv``).
        """
        out = Path(out)
        _check_target(out, overwrite)
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
        try:
            self._write_files(staging)
            if out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
                os.replace(out, old / out.name)
                os.replace(staging, out)
                shutil.rmtree(old)
            else:
                os.replace(staging, out)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
        return out

    def _write_files(self, folder: Path) -> None:
        from twin.forecast.report import write_html

        def csv(name: str, frame: pd.DataFrame | None) -> None:
            frame = pd.DataFrame() if frame is None else frame
            frame.to_csv(folder / name, index=False, lineterminator="\n")

        csv("forecast.csv", self.table)
        csv("thresholds.csv", self.thresholds)
        csv("deaths.csv", self.deaths_table)
        csv("estimates.csv", self.estimates)
        csv("state.csv", self.state_table())
        csv("next_survey_stations.csv", self.next_stations)
        csv("recommendation.csv", self.recommendation)
        write_html(self, folder / "forecast.html")


def _check_target(out: Path, overwrite: bool) -> None:
    require(not out.is_file(), "--out", str(out), "a folder path, not a file")
    if not out.exists() or not any(out.iterdir()):
        return
    require(
        (out / "forecast.csv").is_file(),
        "--out",
        str(out),
        "a new or empty folder, or the folder of an earlier forecast (replaced)",
    )
    require(overwrite, "overwrite", overwrite, f"True to replace the forecast in {out}")

"""From a Camtrap DP package to SCR fits per species, as ``twin-estimate`` makes them.

The capture history and the fit are those of ``twin-estimate --package P --species S
--buffer-m B [--by-sex] ...`` (the same code, :mod:`twin.cli.estimate_files`): the numbers are
the same. The fit is sex-specific when the package records the sex of every detected animal.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from twin.cli.estimate_files import capture_history_of, fit_model, read_package
from twin.errors import TwinInputError, require
from twin.estimators import Mask, SCRFit
from twin.estimators.inference import Estimate
from twin.forecast.state import SpeciesData
from twin.io.camtrapdp_read import CamtrapPackage
from twin.io.capture_history import CaptureHistory
from twin.taxa import CAT_KEYS, TAXA

DEFAULT_BUFFER_M = 12_000.0
"""Trap buffer of the fit's mask, m: the twin's own ``estimation.mask_buffer_m`` (~4 sigma)."""
LOCAL_ZONE = "Asia/Vladivostok"
"""The park's clock: the forecast starts on the local date the survey ends."""
HA_PER_100KM2 = 10_000.0
SCIENTIFIC = {t.key: t.scientific_name for t in TAXA.values()}
__all__ = ["read_package"]  # the one package reader, shared with twin-estimate


@dataclass(frozen=True)
class SurveyWindow:
    """How to read a package: window (ISO with UTC offset), occasions (days), clock zone."""

    start: str | None = None
    end: str | None = None
    occasion_days: float = 7.0
    timezone: str | None = None
    buffer_m: float = DEFAULT_BUFFER_M


def identified_species(package: CamtrapPackage, keys: Sequence[str]) -> list[str]:
    """The species among ``keys`` with individually identified observations in the package."""
    obs = package.observations
    named = obs[obs["individualID"] != ""]["scientificName"]
    return [k for k in keys if (named == SCIENTIFIC[k]).any()]


def no_individual_ids(package: CamtrapPackage, key: str) -> str:
    """The message for a species without individually identified observations."""
    obs = package.observations
    mine = obs[obs["scientificName"] == SCIENTIFIC[key]]
    return (
        f"--species={key!r}: {package.folder} has no individual IDs for {SCIENTIFIC[key]} "
        f"({len(mine)} observations of the species, none with an individualID): SCR is not "
        "possible without individually identified animals, so no state can be built. "
        "Estimate density without IDs instead: REM (twin.REM) or occupancy (twin.Occupancy) "
        "in Python, from the same package (see twin-estimate --help and docs/estimators.md)."
    )


def _arguments(folder: Path, key: str, window: SurveyWindow, by_sex: bool):
    """The ``twin-estimate`` command line this fit stands for, as its parser would give it."""
    return argparse.Namespace(
        package=str(folder),
        captures=None,
        traps=None,
        species=SCIENTIFIC[key],
        occasion_days=window.occasion_days,
        start=window.start,
        end=window.end,
        crs=None,
        independence_min=None,
        timezone=window.timezone,
        estimator="scr",
        mask=None,
        buffer_m=window.buffer_m,
        mask_nx=None,
        mask_spacing_m=None,
        detector=None,
        detectfn=None,
        by_sex=by_sex,
        jackknife_order=None,
    )


def fit_species(
    package: CamtrapPackage, key: str, window: SurveyWindow, landscape=None
) -> tuple[CaptureHistory, SCRFit]:
    """Capture history and SCR fit of one species (sex-specific when every sex is known);
    with a ``landscape``, stations outside it are refused before the fit."""
    history = capture_history_of(_arguments(package.folder, key, window, False))
    if landscape is not None:
        require_inside(history, landscape, package.folder)
    by_sex = history.individual_sex is not None and len(set(history.individual_sex)) == 2
    fit = fit_model(_arguments(package.folder, key, window, by_sex), history)
    assert isinstance(fit, SCRFit)
    if not fit.estimable:
        raise TwinInputError(
            f"--package {package.folder}: SCR of {SCIENTIFIC[key]} is not estimable from "
            f"these data ({fit.message}); a longer or denser survey is needed."
        )
    return history, fit


def life_stages(package: CamtrapPackage, key: str, history: CaptureHistory) -> np.ndarray:
    """The most frequent recorded ``lifeStage`` of each detected individual (``""``: none)."""
    obs = package.observations
    if "lifeStage" not in obs.columns:
        return np.full(history.n_individuals, "")
    mine = obs[(obs["scientificName"] == SCIENTIFIC[key]) & (obs["lifeStage"] != "")]
    modes = mine.groupby("individualID")["lifeStage"].agg(lambda s: s.mode().iloc[0])
    return np.array([str(modes.get(i, "")) for i in history.individual_ids], dtype=object)


def require_inside(history: CaptureHistory, landscape, folder: Path) -> None:
    """Refuse stations outside the twin's landscape (the state could not be placed there)."""
    outside = ~landscape.inside(history.x_m, history.y_m)
    xmin, xmax, ymin, ymax = landscape.extent_m
    require(
        not outside.any(),
        "--package",
        f"{folder} (stations {list(history.detector_ids[outside][:5])} at x, y "
        f"{np.round(history.xy_m[outside][:3]).tolist()} m)",
        f"stations inside the twin's landscape (x {xmin:.0f} to {xmax:.0f} m, y {ymin:.0f} to "
        f"{ymax:.0f} m in EPSG:32652); is this a survey of Land of the Leopard?",
    )


def species_data(
    package: CamtrapPackage, keys: Sequence[str], window: SurveyWindow, landscape
) -> list[SpeciesData]:
    """:class:`SpeciesData` per species: the history, the fit and recorded life stages."""
    out = []
    for key in keys:
        require(key in CAT_KEYS, "--species", key, f"one of {list(CAT_KEYS)}")
        if key not in identified_species(package, [key]):
            raise TwinInputError(no_individual_ids(package, key))
        history, fit = fit_species(package, key, window, landscape)
        out.append(SpeciesData(key, history, fit, life_stages(package, key, history)))
    return out


def survey_end(package: CamtrapPackage, end: str | None) -> dt.date:
    """The park's local date on which the survey window ends: the forecast's day 0."""
    stamp = pd.Timestamp(end) if end is not None else package.deployments["deploymentEnd"].max()
    return stamp.tz_convert(LOCAL_ZONE).date()


def estimates_table(data: Sequence[SpeciesData], park: Mask) -> pd.DataFrame:
    """The SCR estimates per species, plus D per 100 km2, N in the fit's mask and N in the park.

    ``N_park`` is ``D x`` the park's area (:attr:`Mask.area_ha` of the state mask): the naive
    estimate of the number of activity centres in the park, with its Wald 95% interval.
    """
    rows = []
    for d in data:
        fit = d.fit
        extra = {
            "D_per_100km2": fit.density_per_100km2,
            "N_mask": fit.n_in_mask,
            "N_park": fit.n_in_area(park.area_ha),
        }
        for name, est in {**fit.estimates, **extra}.items():
            rows.append(_row(d.key, name, est, fit))
    return pd.DataFrame(rows)


def _row(key: str, name: str, est: Estimate, fit: SCRFit) -> dict[str, object]:
    return {
        "species": key,
        "parameter": name,
        "estimate": est.est,
        "se": est.se,
        "lcl": est.lcl,
        "ucl": est.ucl,
        "n_individuals": fit.n_individuals,
        "n_detections": fit.n_detections,
        "by_sex": fit.model.by_sex,
        "converged": fit.converged,
    }

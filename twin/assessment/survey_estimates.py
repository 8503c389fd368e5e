"""Estimates a run makes from its own camera survey, each scored against the truth.

The estimators see only what a field team has (retrieved, identified records; station usage);
dependent cubs are left out, as analysts do from the photos (a cub is told by its size and its
mother). Truth definitions are in :mod:`twin.assessment.truth`.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import numpy as np
import pandas as pd

from twin.assessment.scoring import score_estimate
from twin.assessment.settings import EstimationSettings
from twin.assessment.truth import in_mask, independent_on
from twin.cameras.records import SurveyRecords
from twin.errors import TwinInputError
from twin.estimators import REM, SCR, CaptureHistory, ClosedCR, Mask, Occupancy
from twin.io import capture_history_from_records, operation_matrix
from twin.landscape.grid import Landscape
from twin.taxa import CAT_KEYS, TAXA, code_of

log = logging.getLogger(__name__)
DAY_MIN = 1440.0
INDEPENDENCE_MIN = 30.0
_CLOSED_N = (
    "independent animals alive on day {mid} with their activity centre in the park (closed CR "
    "counts every animal the cameras reach, the park's or not)"
)
TRUTH_DEFINITIONS = {
    ("SCR", "density"): "independent animals (cubs left out) alive on day {mid} with their "
    "activity centre in the SCR habitat mask, per 100 km2 of mask",
    ("SCR", "N"): "independent animals alive on day {mid} with their activity centre in the park",
    ("M0", "N"): _CLOSED_N,
    ("Mh Chao", "N"): _CLOSED_N,
    ("occupancy", "psi"): "share of stations whose detection zone an independent animal entered "
    "(photographed or not) on days {start}-{last}",
    ("REM", "density"): "independent animals alive on day {mid} with their activity centre in "
    "the park, per 100 km2 of park",
}
"""What each estimate is scored against (``truth_definition`` of ``estimates.csv``)."""


def truth_definition(estimator: str, parameter: str, start_day: int, end_day: int) -> str:
    """The truth an estimate is scored against, in words (empty for a failed estimator).

    Parameters
    ----------
    estimator, parameter
        As in ``estimates.csv`` (e.g. ``"SCR"``, ``"density"``).
    start_day, end_day
        The estimation window: first and last+1 day of the run; truth is taken at its midpoint.
    """
    text = TRUTH_DEFINITIONS.get((estimator, parameter), "")
    return text.format(mid=(start_day + end_day) // 2, start=start_day, last=end_day - 1)


def estimation_window(records: SurveyRecords, s: EstimationSettings) -> tuple[int, int]:
    """First and last+1 day of the window, counted from the run start (as the operation matrix).

    The window is up to ``window_days`` long: it ends with the survey (:func:`survey_context`
    logs a warning when it is cut short).
    """
    working = np.nan_to_num(operation_matrix(records, by="station").to_numpy(float), nan=0.0)
    share = working.mean(axis=0)
    if s.start_day is not None:
        start = s.start_day
    else:
        ok = np.flatnonzero(share >= s.min_active_share)
        start = int(ok[0]) if ok.size else int(np.argmax(share))
    end = min(start + s.window_days, working.shape[1])
    return start, end


def survey_history(
    records: SurveyRecords, species: str, settings: EstimationSettings, start_day: int, end_day: int
) -> CaptureHistory:
    """The capture history the estimates fit: the window's identified records of one species.

    Parameters
    ----------
    records
        Survey records, dependent cubs already left out (:func:`without_cubs`).
    species
        ``"leopard"`` or ``"tiger"``.
    settings
        Estimation settings (``occasion_days``).
    start_day, end_day
        First and last+1 day of the window (:func:`estimation_window`).
    """
    return capture_history_from_records(
        records,
        TAXA[code_of(species)].scientific_name,
        settings.occasion_days,
        start_day * DAY_MIN,
        end_day * DAY_MIN,
    )


def survey_mask(
    history: CaptureHistory, settings: EstimationSettings, landscape: Landscape
) -> Mask:
    """The SCR habitat mask of the estimates: points within the buffer of a station, on land."""
    return Mask.from_traps(
        history, settings.mask_buffer_m, settings.mask_spacing_m, landscape=landscape
    )


def _cub_at(centres: pd.DataFrame, ids: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Whether each (animal, day) was a dependent cub (from the daily centre log)."""
    if len(ids) == 0:
        return np.zeros(0, dtype=bool)
    keys = pd.DataFrame({"id": ids, "day": days})
    merged = keys.merge(centres[["id", "day", "cub"]], on=["id", "day"], how="left")
    return merged["cub"].eq(True).to_numpy()


def without_cubs(records: SurveyRecords, centres: pd.DataFrame) -> SurveyRecords:
    """The records with the sequences of dependent cubs removed (and their photos)."""
    seq = records.sequences
    cub = _cub_at(
        centres, seq["true_animal_id"].to_numpy(), (seq["start_min"] // DAY_MIN).to_numpy()
    )
    kept = seq[~cub]
    media = records.media[records.media["sequence_id"].isin(kept["sequence_id"])]
    return dataclasses.replace(records, sequences=kept, media=media)


def _row(
    estimator: str, species: str, parameter: str, unit: str, est: Any, truth: float, **extra: Any
) -> dict[str, Any]:
    values = [getattr(est, k) for k in ("est", "se", "lcl", "ucl")]
    return {
        "estimator": estimator,
        "species": species,
        "parameter": parameter,
        "unit": unit,
        "estimate": values[0],
        "se": values[1],
        "lcl": values[2],
        "ucl": values[3],
        "truth": truth,
        **_score(values, truth),
        **extra,
    }


def _score(values: list[float], truth: float) -> dict[str, Any]:
    """Score against the truth; a truth of 0 has no relative error, only CI coverage."""
    if np.isfinite(truth) and truth != 0:
        return score_estimate(values[0], values[1], values[2], values[3], truth)
    limits = np.isfinite(values[2]) and np.isfinite(values[3])
    return {
        "estimable": bool(np.isfinite(values[0])),
        "relative_error": np.nan,
        "covered": bool(values[2] <= truth <= values[3]) if limits else None,
    }


def _failed(estimator: str, species: str, err: Exception) -> dict[str, Any]:
    """A row for an estimator that could not run on this survey, with the reason."""
    return {
        "estimator": estimator,
        "species": species,
        "parameter": "",
        "unit": "",
        "estimate": np.nan,
        "se": np.nan,
        "lcl": np.nan,
        "ucl": np.nan,
        "truth": np.nan,
        "estimable": False,
        "relative_error": np.nan,
        "covered": None,
        "n": 0,
        "note": str(err),
    }


@dataclasses.dataclass
class SurveyContext:
    """Everything the estimates of one species need from a run."""

    records: SurveyRecords
    centres: pd.DataFrame
    landscape: Landscape
    settings: EstimationSettings
    start_day: int
    end_day: int
    passages: pd.DataFrame
    camera_station: pd.Series
    zone_radius_m: float
    zone_angle_rad: float
    rng: np.random.Generator

    @property
    def mid_day(self) -> int:
        """Midpoint of the window (the day truth is taken)."""
        return (self.start_day + self.end_day) // 2

    @property
    def window_min(self) -> tuple[float, float]:
        """Window in minutes since the run start."""
        return self.start_day * DAY_MIN, self.end_day * DAY_MIN


def _scr_and_closed(ctx: SurveyContext, key: str) -> list[dict[str, Any]]:
    """SCR density and closed-population N (M0, Mh Chao) from the species' capture history."""
    taxon = TAXA[code_of(key)]
    history = survey_history(ctx.records, key, ctx.settings, ctx.start_day, ctx.end_day)
    mask = survey_mask(history, ctx.settings, ctx.landscape)
    truth = independent_on(ctx.centres, ctx.mid_day, taxon.code)
    inside = in_mask(
        truth["centre_x_m"].to_numpy(),
        truth["centre_y_m"].to_numpy(),
        np.column_stack((mask.x_m, mask.y_m)),
        mask.spacing_m,
    )
    mask_km2 = len(mask.x_m) * mask.spacing_m**2 / 1e6
    fit = SCR(history, mask, ctx.settings.detectfn).fit()
    rows = [
        _row(
            "SCR",
            key,
            "density",
            "per 100 km2",
            fit.density_per_100km2,
            100.0 * inside.sum() / mask_km2,
            n=fit.n_individuals,
            note=fit.message,
        )
    ]
    in_park = ctx.landscape.sample("park", truth["centre_x_m"], truth["centre_y_m"])
    park_ha = ctx.landscape.area_km2("park") * 100.0
    rows.append(
        _row(
            "SCR",
            key,
            "N",
            "animals in the park",
            fit.n_in_area(park_ha),
            float(in_park.sum()),
            n=fit.n_individuals,
            note=fit.message,
        )
    )
    for model in ("M0", "Mh Chao"):
        res = ClosedCR(history, model).fit()
        rows.append(
            _row(
                model,
                key,
                "N",
                "animals",
                res.abundance,
                float(in_park.sum()),
                n=res.n_individuals,
                note="",
            )
        )
    rows.append(_occupancy(ctx, key, history))
    return rows


def _occupancy(ctx: SurveyContext, key: str, history: CaptureHistory) -> dict[str, Any]:
    """psi from station x occasion detections; truth: share of stations passed in the window."""
    code = code_of(key)
    lo, hi = ctx.window_min
    p = ctx.passages
    p = p[(p["species"] == code) & (p["time_min"] >= lo) & (p["time_min"] < hi)]
    p = p[~_cub_at(ctx.centres, p["animal_id"].to_numpy(), (p["time_min"] // DAY_MIN).to_numpy())]
    passed = set(ctx.camera_station.iloc[p["camera"].to_numpy()])
    truth = float(np.mean([s in passed for s in history.detector_ids]))
    fit = Occupancy(history).fit()
    return _row(
        "occupancy", key, "psi", "share of stations", fit.psi, truth, n=fit.n_sites, note=""
    )


def _rem(ctx: SurveyContext, key: str) -> dict[str, Any]:
    """REM density from independent events per camera and its working days in the window."""
    code = code_of(key)
    lo, hi = ctx.window_min
    seq = ctx.records.sequences
    seq = seq[
        seq["retrieved"]
        & (seq["species"] == code)
        & (seq["start_min"] >= lo)
        & (seq["start_min"] < hi)
    ].sort_values(["camera_id", "start_min"], kind="stable")
    gap = seq.groupby("camera_id")["start_min"].diff()
    events = seq[gap.isna() | (gap > INDEPENDENCE_MIN)].groupby("camera_id").size()
    op = ctx.records.operation
    op = op[op["status"] == "working"]
    overlap = np.clip(np.minimum(op["end_min"], hi) - np.maximum(op["start_min"], lo), 0.0, None)
    days = (overlap / DAY_MIN).groupby(op["camera_id"]).sum()
    cams = days.index
    fit = REM(
        (events.reindex(cams, fill_value=0).to_numpy(), days.to_numpy()),
        ctx.zone_radius_m / 1000,
        ctx.zone_angle_rad,
        rng=ctx.rng,
        speeds_m_per_s=seq["speed_m_per_s"].to_numpy(),
        activity_level=ctx.settings.rem_activity_level[key],
        n_boot=ctx.settings.rem_boot,
    ).fit()
    truth = independent_on(ctx.centres, ctx.mid_day, code)
    in_park = ctx.landscape.sample("park", truth["centre_x_m"], truth["centre_y_m"]).sum()
    return _row(
        "REM",
        key,
        "density",
        "per 100 km2",
        fit.density_per_100km2,
        100.0 * in_park / ctx.landscape.area_km2("park"),
        n=fit.n_detections,
        note="",
    )


def estimate_species(ctx: SurveyContext) -> pd.DataFrame:
    """Every estimator for every cat species, one row per estimate with its score."""
    rows: list[dict[str, Any]] = []
    for key in CAT_KEYS:
        try:
            rows += _scr_and_closed(ctx, key)
        except TwinInputError as err:
            rows.append(_failed("SCR, closed CR, occupancy", key, err))
        try:
            rows.append(_rem(ctx, key))
        except TwinInputError as err:
            rows.append(_failed("REM", key, err))
    frame = pd.DataFrame(rows)
    definitions = [
        truth_definition(e, p, ctx.start_day, ctx.end_day)
        for e, p in zip(frame["estimator"], frame["parameter"], strict=True)
    ]
    frame.insert(list(frame.columns).index("truth") + 1, "truth_definition", definitions)
    frame.insert(0, "window_start_day", ctx.start_day)
    frame.insert(1, "window_end_day", ctx.end_day)
    return frame


def survey_context(
    records: SurveyRecords,
    centres: pd.DataFrame,
    landscape: Landscape,
    survey: Any,
    settings: EstimationSettings,
    rng: np.random.Generator,
) -> SurveyContext:
    """Collect what the estimates need from a finished run with a camera survey."""
    start, end = estimation_window(records, settings)
    if end - start < settings.window_days:
        log.warning(
            "estimation.window_days=%d is longer than the survey after the window's start (day "
            "%d): the estimates use days %d-%d, %d days (window_start_day, window_end_day in "
            "estimates.csv)",
            settings.window_days,
            start,
            start,
            end - 1,
            end - start,
        )
    return SurveyContext(
        records=without_cubs(records, centres),
        centres=centres,
        landscape=landscape,
        settings=settings,
        start_day=start,
        end_day=end,
        passages=survey.all_passages().to_frame(),
        camera_station=survey.layout.cameras["station_id"].reset_index(drop=True),
        zone_radius_m=float(survey.index_radius_m),
        zone_angle_rad=float(survey.zone_angle_rad),
        rng=rng,
    )

"""Value validation of the top-level run settings (types were checked by the schema)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from twin.errors import TwinInputError, require

MAX_YEARS = 500


@dataclass(frozen=True)
class RunSettings:
    """Validated top-level settings of one run."""

    seed: int
    years: float
    start_date: dt.date
    tick_min: float
    ticks_per_step: int
    track_every_ticks: int
    progress: bool | None
    report: bool
    report_sample_animals: int
    report_frame_days: int

    @property
    def days(self) -> int:
        """Simulated days (365 per year)."""
        return int(round(self.years * 365))


def _int(cfg: Mapping[str, Any], key: str, default: Any, lo: int) -> int:
    value = _get(cfg, key, default)
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= lo
    require(ok, key, value, f"a whole number >= {lo}")
    return int(value)


def _get(cfg: Mapping[str, Any], dotted: str, default: Any) -> Any:
    node: Any = cfg
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return default
        node = node[part]
    return node


def run_settings(cfg: Mapping[str, Any]) -> RunSettings:
    """Validate the top-level keys of a run config.

    Raises
    ------
    TwinInputError
        Naming the key, its value and what is allowed.
    """
    seed = _int(cfg, "seed", 1, 0)
    years = _get(cfg, "years", 1)
    require(
        isinstance(years, int | float) and not isinstance(years, bool) and 0 < years <= MAX_YEARS,
        "years",
        years,
        f"a number of years greater than 0 and at most {MAX_YEARS}",
    )
    require(round(years * 365) >= 1, "years", years, "at least one day (1/365 year)")
    raw_date = str(_get(cfg, "start_date", "2024-01-01"))
    try:
        start = dt.date.fromisoformat(raw_date)
    except ValueError:
        raise TwinInputError(
            f"start_date={raw_date!r} is not allowed: an ISO date such as 2024-01-01."
        ) from None
    tick_min = _get(cfg, "tick_min", 15)
    require(
        isinstance(tick_min, int | float) and 0 < tick_min <= 60 and (1440 / tick_min).is_integer(),
        "tick_min",
        tick_min,
        "a tick of at most 60 minutes that divides a day (e.g. 5, 10, 15, 30)",
    )
    ticks_per_day = int(1440 / tick_min)
    per_step = _int(cfg, "ticks_per_step", 1, 1)
    require(
        ticks_per_day % per_step == 0,
        "ticks_per_step",
        per_step,
        f"a divisor of the {ticks_per_day} ticks in a day",
    )
    progress = _get(cfg, "progress", "auto")
    require(progress in ("auto", True, False), "progress", progress, "auto, true or false")
    return RunSettings(
        seed=seed,
        years=float(years),
        start_date=start,
        tick_min=float(tick_min),
        ticks_per_step=per_step,
        track_every_ticks=_int(cfg, "output.track_every_ticks", 4, 1),
        progress=None if progress == "auto" else bool(progress),
        report=bool(_get(cfg, "report.enabled", True)),
        report_sample_animals=_int(cfg, "report.sample_animals", 12, 0),
        report_frame_days=_int(cfg, "report.frame_days", 7, 1),
    )

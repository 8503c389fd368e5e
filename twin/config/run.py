"""Top-level settings of a run: the seed, the clock, what is written and the report.

Each dataclass holds its defaults (``conf/config.yaml`` restates them with their reasons); the
validators name the dotted key, the value and what is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from twin.config.fields import allowed_choices, allowed_range, is_number, known_keys, plain, section
from twin.errors import TwinInputError, require

MAX_YEARS = 500
DAYS_PER_YEAR = 365
LICENSES = ("none", "CC0-1.0", "CC-BY-4.0", "CC-BY-NC-4.0")
"""Licences a package can carry: none (all rights reserved), or one GBIF accepts."""
HEADING_POLICIES = ("drop", "round45")
"""What the shared package does with camera headings: leave them out, or round to 45 degrees."""


@dataclass(frozen=True)
class SharingConfig:
    """What ``camtrap-dp-shared/`` hides of an endangered cat's whereabouts, and the licences."""

    grid_m: float = field(default=10_000.0, metadata=allowed_range(1_000.0, 1_000_000.0))
    """Cell size (m) of the grid whose centres the shared stations move to; finer than 1 km
    would point at the trail a camera watches."""
    withhold_recent_days: float = field(default=365.0, metadata=allowed_range(0.0, 36_500.0))
    """Events this many days before the end of the survey or later lose their time of day (and
    their media)."""
    heading: str = field(default="drop", metadata=allowed_choices(*HEADING_POLICIES))
    """Camera heading in the shared package: left out, or rounded to 45 degrees."""
    private_license: str = field(default="none", metadata=allowed_choices(*LICENSES))
    """Licence of ``camtrap-dp/``: none, so nothing grants its redistribution."""
    shared_license: str = field(default="CC-BY-4.0", metadata=allowed_choices(*LICENSES))
    """Licence of ``camtrap-dp-shared/``."""


@dataclass(frozen=True)
class OutputConfig:
    """What a run writes besides the tables that are always written."""

    track_every_ticks: int = field(default=4, metadata=allowed_range(1, 10**9))
    """Thinning of the written tracks (4 x 15 min = hourly positions)."""
    occasion_days: float = field(default=7.0, metadata=allowed_range(1.0, 3650.0))
    """Occasion length (days) of the capture histories in ``secr/`` when the run makes no
    estimates (with estimates, ``secr/`` holds what they fit: ``estimation.occasion_days`` over
    the estimation window)."""
    shared_package: bool = False
    """Also write ``camtrap-dp-shared/`` with generalised locations."""
    sharing: SharingConfig = field(default_factory=SharingConfig)
    """How the shared package is generalised, and the licence of each package."""


@dataclass(frozen=True)
class ReportConfig:
    """The Plotly report (``report.html``)."""

    enabled: bool = True
    sample_animals: int = field(default=12, metadata=allowed_range(0, 10_000))
    """Animals whose tracks the report shows."""
    frame_days: int = field(default=7, metadata=allowed_range(1, 3650))
    """Days per frame of the track animation."""


@dataclass(frozen=True)
class RunSettings:
    """The run's clock and seed (validated top-level keys of the config)."""

    seed: int = 1
    years: float = 1.0
    start_date: dt.date = dt.date(2024, 1, 1)
    tick_min: float = 15.0
    ticks_per_step: int = 24
    progress: bool | None = None
    """Progress bar: None shows it when standard error is a terminal."""

    @property
    def days(self) -> int:
        """Simulated days (365 per year)."""
        return int(round(self.years * DAYS_PER_YEAR))


RUN_KEYS = ("seed", "years", "start_date", "tick_min", "ticks_per_step", "progress")


def run_settings(cfg: Mapping[str, Any]) -> RunSettings:
    """Validate the top-level keys of a run config (missing keys take the defaults).

    Raises
    ------
    TwinInputError
        Naming the key, its value and what is allowed.
    """
    base = RunSettings()
    seed = cfg.get("seed", base.seed)
    ok_seed = isinstance(seed, int) and not isinstance(seed, bool) and seed >= 0
    require(ok_seed, "seed", seed, "a whole number >= 0")
    years = cfg.get("years", base.years)
    require(
        is_number(years) and 0 < years <= MAX_YEARS,
        "years",
        years,
        f"a number of years greater than 0 and at most {MAX_YEARS}",
    )
    require(round(years * DAYS_PER_YEAR) >= 1, "years", years, "at least one day (1/365 year)")
    start = _date(cfg.get("start_date", base.start_date.isoformat()))
    tick_min = cfg.get("tick_min", base.tick_min)
    require(
        is_number(tick_min) and 0 < tick_min <= 60 and (1440 / tick_min).is_integer(),
        "tick_min",
        tick_min,
        "a tick of at most 60 minutes that divides a day (e.g. 5, 10, 15, 30)",
    )
    ticks_per_day = int(1440 / tick_min)
    per_step = cfg.get("ticks_per_step", base.ticks_per_step)
    require(
        isinstance(per_step, int) and not isinstance(per_step, bool) and per_step >= 1,
        "ticks_per_step",
        per_step,
        "a whole number >= 1",
    )
    require(
        ticks_per_day % per_step == 0,
        "ticks_per_step",
        per_step,
        f"a divisor of the {ticks_per_day} ticks in a day",
    )
    progress = cfg.get("progress", "auto")
    require(progress in ("auto", True, False), "progress", progress, "auto, true or false")
    return RunSettings(
        seed=int(seed),
        years=float(years),
        start_date=start,
        tick_min=float(tick_min),
        ticks_per_step=int(per_step),
        progress=None if progress == "auto" else bool(progress),
    )


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise TwinInputError(
            f"start_date={raw!r} is not allowed: an ISO date such as 2024-01-01."
        ) from None


def output_config(raw: Any) -> OutputConfig:
    """Validate the ``output`` node (its ``sharing`` group first, named ``output.sharing.*``)."""
    given = known_keys(plain(raw, "output"), "output", [f.name for f in fields(OutputConfig)])
    given["sharing"] = section(SharingConfig, given.get("sharing"), "output.sharing")
    return section(OutputConfig, given, "output")


def report_config(raw: Any) -> ReportConfig:
    """Validate the ``report`` node."""
    return section(ReportConfig, raw, "report")

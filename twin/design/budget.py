"""The joint yearly budget of a park design: cameras, crews' station visits, patrols and monitors.

A :class:`ParkDesign` is what a park director chooses each year: cameras out (in paired
stations), the rangers' patrol effort in km a day, the former poachers hired as monitors, and
the penalty scale (a lever of the law, not of the park's budget: it costs the park nothing).
:class:`UnitCosts` prices each of them in RUB a year; :func:`design_cost` adds them up:

    cameras        cameras x (price / life_years + price x loss_per_year
                              + consumables_per_camera_visit x station_visits_per_year)
    station visits cameras / cameras_per_station x station_visits_per_year x station_visit
    patrols        km_per_day x 365 x patrol_km
    monitors       monitors_hired x monitor_salary_per_year

The unit costs, with their sources or the assumptions made, are in
``experiments/conf/budget_frontier.yaml`` (``costs``); see ``docs/design-budget.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from twin.errors import require

DAYS_PER_YEAR = 365
MAX_CAMERAS = 5000
"""More cameras than any park has run (Land of the Leopard: >500 in 2023-24)."""

COST_ITEMS = ("cameras_rub", "station_visits_rub", "patrols_rub", "monitors_rub")
"""The parts of a design's yearly cost, in the order :func:`design_cost` reports them."""


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value: Any) -> bool:
    return _number(value) and float(value).is_integer()


@dataclass(frozen=True)
class UnitCosts:
    """Prices of the park's means, RUB (2024 prices), each >= 0.

    Attributes
    ----------
    camera_price_rub
        Purchase price of one camera trap.
    camera_life_years
        Years a camera serves before it is replaced (> 0): its price is spread over them.
    camera_loss_per_year
        Share of cameras stolen or broken in a year (0-1), replaced at full price.
    consumables_per_camera_visit_rub
        Batteries and memory card of one camera at one crew visit.
    station_visits_per_year
        Crew visits per station a year (installation, servicing, retrieval).
    station_visit_rub
        One crew visit to one station: crew wages and transport, per station visited.
    cameras_per_station
        Cameras per station (2 for paired stations); a design's cameras are a multiple.
    patrol_km_rub
        One km walked by a ranger patrol team: wages and transport per km.
    monitor_salary_rub_per_year
        Yearly cost of one hired former poacher (wage and employer's contributions).
    """

    camera_price_rub: float
    camera_life_years: float
    camera_loss_per_year: float
    consumables_per_camera_visit_rub: float
    station_visits_per_year: float
    station_visit_rub: float
    cameras_per_station: int
    patrol_km_rub: float
    monitor_salary_rub_per_year: float

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            require(_number(value) and value >= 0, f"costs.{item.name}", value, "a number >= 0")
        require(
            self.camera_life_years > 0,
            "costs.camera_life_years",
            self.camera_life_years,
            "a number of years > 0",
        )
        require(
            self.camera_loss_per_year <= 1,
            "costs.camera_loss_per_year",
            self.camera_loss_per_year,
            "a share from 0 to 1",
        )
        require(
            _whole(self.cameras_per_station) and self.cameras_per_station >= 1,
            "costs.cameras_per_station",
            self.cameras_per_station,
            "a whole number >= 1 (2: paired stations)",
        )

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> UnitCosts:
        """Unit costs from a config node; every field is required, no other key allowed.

        Raises
        ------
        TwinInputError
            For a missing or unknown key, or a value out of range (the message names it).
        """
        require(isinstance(raw, Mapping), "costs", raw, "a mapping of unit costs")
        names = [item.name for item in fields(cls)]
        for name in raw:
            require(name in names, f"costs.{name}", raw[name], f"one of the unit costs {names}")
        for name in names:
            require(name in raw, f"costs.{name}", None, "a number >= 0 (every unit cost is set)")
        return cls(**{name: raw[name] for name in names})

    @property
    def per_camera_rub_per_year(self) -> float:
        """Yearly cost of one camera out: amortised price, losses, batteries and cards."""
        hardware = self.camera_price_rub * (1 / self.camera_life_years + self.camera_loss_per_year)
        return hardware + self.consumables_per_camera_visit_rub * self.station_visits_per_year


@dataclass(frozen=True)
class ParkDesign:
    """One year's choice of the park's means (validated on construction).

    Attributes
    ----------
    cameras
        Camera traps out, a multiple of the cameras per station (paired: even), 0-5000.
    patrol_km_per_day
        Km walked by ranger patrol teams a day (the park's total), >= 0.
    monitors_hired
        Former poachers hired as monitors, a whole number >= 0 (at most the poacher pool: the
        simulation checks it against ``policy.poachers.pool_size``).
    penalty_scale
        Multiplier (>= 0) on fines and prison terms of the policy (1: today's law); no cost.
    """

    cameras: int
    patrol_km_per_day: float
    monitors_hired: int
    penalty_scale: float = 1.0

    def __post_init__(self) -> None:
        require(
            _whole(self.cameras) and 0 <= self.cameras <= MAX_CAMERAS,
            "design.cameras",
            self.cameras,
            f"a whole number of cameras from 0 to {MAX_CAMERAS}",
        )
        require(
            _number(self.patrol_km_per_day) and self.patrol_km_per_day >= 0,
            "design.patrol_km_per_day",
            self.patrol_km_per_day,
            "a finite number of km a day >= 0",
        )
        require(
            _whole(self.monitors_hired) and self.monitors_hired >= 0,
            "design.monitors_hired",
            self.monitors_hired,
            "a whole number >= 0",
        )
        require(
            _number(self.penalty_scale) and self.penalty_scale >= 0,
            "design.penalty_scale",
            self.penalty_scale,
            "a finite multiplier >= 0 (1: today's penalties)",
        )
        object.__setattr__(self, "cameras", int(self.cameras))
        object.__setattr__(self, "monitors_hired", int(self.monitors_hired))
        object.__setattr__(self, "patrol_km_per_day", float(self.patrol_km_per_day))
        object.__setattr__(self, "penalty_scale", float(self.penalty_scale))

    @property
    def key(self) -> str:
        """A file-name-safe name of the design (the folder of its cached runs)."""
        return (
            f"cam{self.cameras}_km{self.patrol_km_per_day:g}_mon{self.monitors_hired}"
            f"_pen{self.penalty_scale:g}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The levers as plain values."""
        return asdict(self)


def design_cost(design: ParkDesign, costs: UnitCosts) -> dict[str, float]:
    """Yearly cost of a design in RUB, by item and in total.

    Parameters
    ----------
    design
        The levers.
    costs
        Unit costs.

    Returns
    -------
    dict
        :data:`COST_ITEMS` and ``total_rub`` (RUB a year).

    Raises
    ------
    TwinInputError
        When ``design.cameras`` is not a multiple of ``costs.cameras_per_station``.
    """
    per_station = costs.cameras_per_station
    require(
        design.cameras % per_station == 0,
        "design.cameras",
        design.cameras,
        f"a multiple of costs.cameras_per_station={per_station} (whole stations)",
    )
    stations = design.cameras // per_station
    items = {
        "cameras_rub": design.cameras * costs.per_camera_rub_per_year,
        "station_visits_rub": stations * costs.station_visits_per_year * costs.station_visit_rub,
        "patrols_rub": design.patrol_km_per_day * DAYS_PER_YEAR * costs.patrol_km_rub,
        "monitors_rub": design.monitors_hired * costs.monitor_salary_rub_per_year,
    }
    return {**items, "total_rub": sum(items.values())}

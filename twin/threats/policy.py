"""A policy: static threat settings plus a timeline of penalties, patrols, cameras and hires.

``conf/policy/*.yaml`` (Hydra config group ``policy``) holds the named policies;
:func:`twin.config.load.load_policy` composes one without the command line and
:func:`policy_from_config` validates it. The road-death
multiplier and the monitor crews are policy time series that exist with poaching off too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from typing import Any

from twin.errors import require
from twin.threats import checks
from twin.threats.settings import SECTIONS, ThreatSettings, load_settings
from twin.threats.timeline import Timeline, load_timeline

TOP_KEYS = ("name", "poaching", *SECTIONS, "timeline", "hold")


@dataclass(frozen=True)
class Policy:
    """A validated policy.

    Attributes
    ----------
    name
        The policy's name (the option file's stem for the shipped ones).
    poaching
        False when the policy has no poachers at all.
    settings
        Static sections (poachers, trips, kills, enforcement, road).
    timeline
        Time-varying values by day of the run.
    """

    name: str
    poaching: bool
    settings: ThreatSettings
    timeline: Timeline

    def road_death_multiplier(self, day: int) -> float:
        """Multiplier on the cats' road-death probability per crossing on ``day``.

        ``road.traffic_index`` times ``road.no_tunnel_factor`` while the Narvinsky tunnel is
        closed (1 with today's traffic and the tunnel open).
        """
        traffic = float(self.timeline.value("road.traffic_index", day))
        tunnel = bool(self.timeline.value("road.tunnel_open", day))
        return traffic * (1.0 if tunnel else self.settings.road.no_tunnel_factor)

    def crew_capacity(self, day: int) -> int:
        """Extra camera-servicing crews formed by the monitors employed on ``day``."""
        hired = int(self.timeline.value("monitors_hired", day))
        return hired // self.settings.enforcement.monitors_per_crew

    def camera_count(self, day: int) -> int:
        """Number of camera traps the park runs on ``day`` (policy value, for the layout)."""
        return int(self.timeline.value("cameras", day))

    def expected_penalty_krub(self, day: int) -> float:
        """Expected cost to a poacher of being caught on ``day`` (thousand RUB).

        Confiscation (always) plus prosecution x conviction x (fine + prison years valued at
        ``poachers.prison_cost_krub_per_year``).
        """
        v = self.timeline.values(day)
        year_cost = self.settings.poachers.prison_cost_krub_per_year
        sanction = v["penalty.fine_krub"] + v["penalty.prison_years"] * year_cost
        return v["penalty.confiscation_krub"] + (
            v["prosecution_prob"] * v["conviction_prob"] * sanction
        )


def policy_from_config(cfg: Any, start_date: dt.date, prefix: str = "policy") -> Policy:
    """Validate a policy mapping (e.g. ``cfg.policy`` of the run config).

    Parameters
    ----------
    cfg
        Mapping with the keys of ``conf/policy/historical.yaml``.
    start_date
        Local date of day 0 of the run (timeline dates become run days).
    prefix
        Key prefix shown in error messages.

    Raises
    ------
    TwinInputError
        When a key is unknown or a value is not allowed (the message names the key).
    """
    raw = checks.section(checks.plain(cfg), prefix, TOP_KEYS)
    name = raw.get("name", "custom")
    require(isinstance(name, str) and name != "", f"{prefix}.name", name, "a non-empty string")
    poaching = checks.flag(raw.get("poaching", True), f"{prefix}.poaching")
    settings = load_settings({k: raw.get(k) for k in SECTIONS}, prefix)
    timeline = load_timeline(raw.get("timeline"), raw.get("hold"), start_date, prefix)
    return Policy(name, poaching, settings, timeline)


def policy_names() -> list[str]:
    """Names of the shipped policies (option files of the ``policy`` config group)."""
    folder = resources.files("twin.conf").joinpath("policy")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))

"""Enforcement events: rangers meeting poachers, snares found, camera photos, and arrests.

An arrest stops the poacher's trip (snares he would still have set are never set), tells his
village (its perceived catch probability rises) and the rangers (the zone becomes a hotspot), and
goes to court (:func:`twin.threats.enforcement.legal_outcome`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import numpy as np

from twin.threats.enforcement import apply_outcome, legal_outcome
from twin.threats.interactions import Find, Meeting, Movers
from twin.threats.ledger import Ledger
from twin.threats.poachers import FREE, POACHER_ID0, RANGER_ID0, PoacherPool, VillageBelief
from twin.threats.policy import Policy
from twin.threats.snares import FOUND, Snares
from twin.threats.zones import DecayingCounts, Zones

MINUTES_PER_DAY = 1440.0


class Justice:
    """Applies enforcement events to the poachers, their beliefs and the rangers' hotspot map.

    ``risk`` is the poachers' map of recently watched zones; ``hotspot`` the rangers' map of
    recent findings.
    """

    def __init__(
        self,
        policy: Policy,
        pool: PoacherPool,
        belief: VillageBelief,
        snares: Snares,
        zones: Zones,
        ledger: Ledger,
        rng: np.random.Generator,
        tick_min: float,
    ) -> None:
        self.policy, self.cfg = policy, policy.settings
        self.tick_min = float(tick_min)
        self.pool, self.belief, self.snares, self.zones, self.ledger = (
            pool, belief, snares, zones, ledger,
        )  # fmt: skip
        self.rng = rng
        self.risk = DecayingCounts(len(zones), self.cfg.poachers.memory_half_life_days)
        self.hotspot = DecayingCounts(len(zones), self.cfg.enforcement.hotspot_half_life_days)
        self.pending: dict[int, list[tuple[int, float, float]]] = defaultdict(list)

    def _zone(self, x_m: float, y_m: float) -> int:
        return int(self.zones.zone_of(np.array(x_m), np.array(y_m)))

    def new_day(self, day: int, now_min: float) -> None:
        """Forget a day of risk and findings; make the camera-based arrests due today."""
        self.risk.decay()
        self.hotspot.decay()
        for poacher, x, y in self.pending.pop(day, []):
            self.arrest(poacher, now_min, "camera", x, y)

    def on_meeting(self, m: Meeting) -> None:
        """Rangers and a poacher meet: he sees them (risk); they may notice and arrest him."""
        if m.t_min >= self.pool.stop_min[m.poacher]:
            return
        day = int(m.t_min // MINUTES_PER_DAY)
        self.ledger.count(day, "encounters")
        self.risk.add(self._zone(m.x_m, m.y_m))
        if m.detected:
            self.ledger.count(day, "detections")
        if m.arrested:
            self.arrest(m.poacher, m.t_min, "patrol", m.x_m, m.y_m)

    def on_find(self, find: Find) -> None:
        """Rangers find a snare that is still set and remove it."""
        if not self.snares.works(find.snare, find.t_min):
            return
        self.snares.end(find.snare, find.t_min, FOUND)
        self.ledger.count(int(find.t_min // MINUTES_PER_DAY), "snares_found")
        self.hotspot.add(self._zone(self.snares.x_m[find.snare], self.snares.y_m[find.snare]))

    def on_photo(self, record: Mapping[str, Any], whereabouts: list[Movers]) -> None:
        """A camera photographed a person: a poacher may notice the camera (risk) and may be
        identified (arrest after ``photo_arrest_delay_days``); the rangers note the place."""
        person, t_min = int(record["true_animal_id"]), float(record["start_min"])
        day = int(t_min // MINUTES_PER_DAY)
        if person >= RANGER_ID0:
            self.ledger.count(day, "ranger_photos")
            return
        poacher = person - POACHER_ID0
        if not 0 <= poacher < len(self.pool):
            return
        x, y = self._position(poacher, t_min, whereabouts)
        self.ledger.count(day, "poacher_photos")
        zone = self._zone(x, y)
        self.hotspot.add(zone)
        enf = self.cfg.enforcement
        u = self.rng.random(2)
        if u[0] < enf.camera_notice_prob:
            self.risk.add(zone)
        if u[1] < self.policy.timeline.value("photo_identification_prob", day):
            self.pending[day + enf.photo_arrest_delay_days].append((poacher, x, y))

    def _position(self, poacher: int, t_min: float, days: list[Movers]) -> tuple[float, float]:
        """Where the poacher was at ``t_min`` (his home when no path of his covers it)."""
        ticks = t_min / self.tick_min
        for people in reversed(days):
            col = np.flatnonzero(people.members == poacher)
            if len(col) and people.tick0 <= ticks <= people.tick_end:
                k = min(int(ticks) - people.tick0, people.xs.shape[0] - 2)
                x, y = people.at(
                    col[:1], np.array([people.tick0 + k]), np.array([ticks - people.tick0 - k])
                )
                return float(x[0]), float(y[0])
        return float(self.pool.home_x_m[poacher]), float(self.pool.home_y_m[poacher])

    def arrest(self, poacher: int, t_min: float, how: str, x_m: float, y_m: float) -> None:
        """Arrest a free poacher at ``t_min`` (``how``: ``patrol`` or ``camera``) and try him."""
        if self.pool.status[poacher] != FREE:
            return
        day = int(t_min // MINUTES_PER_DAY)
        self.pool.stop_min[poacher] = min(self.pool.stop_min[poacher], t_min)
        self.snares.cancel_after(poacher, t_min)
        self.belief.add_arrest(int(self.pool.village[poacher]))
        self.hotspot.add(self._zone(x_m, y_m))
        outcome = legal_outcome(self.policy.timeline.values(day), self.rng)
        recidivism = self.cfg.poachers.recidivism_prob
        apply_outcome(self.pool, poacher, day, outcome, recidivism, self.rng)
        for column, amount in (
            ("arrests", 1), (f"arrests_{how}", 1), ("prosecutions", outcome.prosecuted),
            ("convictions", outcome.convicted), ("prison_years", outcome.prison_years),
            ("fines_krub", outcome.fine_krub),
        ):  # fmt: skip
            self.ledger.count(day, column, amount)

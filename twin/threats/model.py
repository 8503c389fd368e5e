"""The threats model on the run's clock: poachers' trips, ranger patrols, snares and arrests.

Every day at ``decision_hour`` the free poachers decide whether to go out, pick target zones and
walk in and out; at ``patrol_start_hour`` ranger teams walk their routes. Both are handed to the
segment sinks (cameras) with exact tick times. The model is itself a sink of the cats' segments:
each block of cat movement is tested against the poachers' paths (shooting) and the snares set;
each new day of people is tested against the cats' current block and the other side's paths.
Candidate events are scheduled at their exact times and checked when they fire (the cat still
alive, the snare still set, the poacher not yet arrested).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Generator, Mapping
from typing import Any

import numpy as np
import pandas as pd
import simpy

from twin.landscape.grid import Landscape
from twin.population.model import AnimalModel
from twin.population.state import POACHING
from twin.taxa import HUMAN, TAXA
from twin.threats import interactions as meet
from twin.threats.interactions import Kill, Movers
from twin.threats.justice import Justice
from twin.threats.ledger import Ledger
from twin.threats.patrols import RouteMaker, team_count, zone_weights
from twin.threats.poachers import (
    FREE,
    POACHER_ID0,
    RANGER_ID0,
    PoacherPool,
    VillageBelief,
    signalled_catch_prob,
    trip_probability,
)
from twin.threats.policy import Policy
from twin.threats.snares import CAUGHT, Snares
from twin.threats.terrain import NearestFeature, find_villages
from twin.threats.trips import TripPlan, place_snares, plan_trips
from twin.threats.zones import access_km, build_zones, choice_probabilities
from twin.tracks import Tracks

MINUTES_PER_DAY = 1440.0


class ThreatModel:
    """Poachers, rangers and snares acting on a :class:`AnimalModel` (see :func:`build_threats`).

    Parameters
    ----------
    env
        The run's SimPy clock (minutes since local midnight of ``start_date``).
    model
        The cats (positions come as segment blocks through :meth:`observe_segments`).
    landscape
        Villages, roads, trails, park and habitat.
    policy
        Validated policy (static settings and timeline).
    rng
        The poaching stream; child streams are spawned for decisions, paths, kills and
        enforcement.
    start_date
        Local date of day 0.
    sinks
        Segment sinks (e.g. ``Simulation.sinks``) that are handed every person's path. The
        caller registers the model among them too, so that it sees the cats' segments.
    """

    def __init__(
        self,
        env: simpy.Environment,
        model: AnimalModel,
        landscape: Landscape,
        policy: Policy,
        rng: np.random.Generator,
        start_date: dt.date,
        sinks: list[Any],
    ) -> None:
        self.env, self.model, self.policy = env, model, policy
        self.tick_min = float(model.tick_min)
        self.cfg = cfg = policy.settings
        self.rng_decide, self.rng_paths, self.rng_kills, self.rng_enforce = rng.spawn(4)
        self.villages = find_villages(landscape)
        self.trails = NearestFeature(landscape, "trail")
        self.zones = build_zones(
            landscape, cfg.trips.zone_size_m, NearestFeature(landscape, "road")
        )
        self.access_km, self.by_road = access_km(self.zones, self.villages)
        self.pool = PoacherPool.make(self.villages, cfg.poachers.pool_size, self.rng_decide)
        self.belief = VillageBelief(len(self.villages), cfg.poachers)
        roads = landscape.cell_centres("road")
        roads = roads[self.zones.zone_of(roads[:, 0], roads[:, 1]) >= 0]
        self.routes = RouteMaker(
            self.zones, roads[:, 0], roads[:, 1], cfg.trips, cfg.enforcement, self.tick_min
        )
        self.snares = Snares()
        self.ledger = Ledger(start_date)
        self.justice = Justice(
            policy, self.pool, self.belief, self.snares, self.zones, self.ledger,
            self.rng_enforce, self.tick_min,
        )  # fmt: skip
        self.poacher_days: list[Movers] = []
        self.ranger_days: list[Movers] = []
        self.cats: Movers | None = None
        self.sinks = sinks
        self.people_tracks = Tracks(None)
        """Thinned paths of poachers and rangers (none unless the caller sets a thinning)."""
        env.process(self._every_day(cfg.poachers.decision_hour, self._poacher_day))
        env.process(self._every_day(cfg.enforcement.patrol_start_hour, self._ranger_day))

    # -- clock ---------------------------------------------------------------------------------
    def _every_day(self, hour: float, action: Callable[[], None]) -> Generator:
        offset = hour * 60.0
        first = math.ceil((self.env.now - offset) / MINUTES_PER_DAY) * MINUTES_PER_DAY + offset
        yield self.env.timeout(first - self.env.now)
        while True:
            action()
            yield self.env.timeout(MINUTES_PER_DAY)

    def _tick_now(self) -> int:
        return math.ceil(self.env.now / self.tick_min - 1e-9)

    def _day(self, t_min: float | None = None) -> int:
        return int((self.env.now if t_min is None else t_min) // MINUTES_PER_DAY)

    def _at(self, t_min: float, handler: Callable[[Any], None], item: Any) -> None:
        event = self.env.timeout(max(t_min - self.env.now, 0.0), item)
        event.callbacks.append(lambda e: handler(e.value))

    # -- poachers ------------------------------------------------------------------------------
    def _upkeep(self, day: int, values: Mapping[str, Any]) -> None:
        """Forget a day, release prisoners, hire monitors, make the camera-based arrests due."""
        self.belief.decay()
        self.pool.release(day, self.cfg.poachers.recidivism_prob, self.rng_enforce)
        change = self.pool.hire(int(values["monitors_hired"]), self.rng_enforce)
        self.ledger.count(day, "poachers_hired", change)
        self.justice.new_day(day, self.env.now)

    def _poacher_day(self) -> None:
        day, cfg = self._day(), self.cfg
        values = self.policy.timeline.values(day)
        self._upkeep(day, values)
        going = self._decide(day, values)
        if len(going) == 0:  # most days; nobody going draws nothing either
            return
        weights = (cfg.trips.access_weight_per_km, cfg.trips.habitat_weight,
                   cfg.trips.risk_weight_per_event)  # fmt: skip
        probs = choice_probabilities(
            self.access_km, self.zones.habitat, self.justice.risk.values, weights,
            cfg.trips.max_walk_km,
        )  # fmt: skip
        plan = plan_trips(self.pool, going, probs, self.by_road, self.zones, cfg.trips,
                          self.tick_min, self.rng_paths)  # fmt: skip
        if len(plan.poachers):
            self._launch(day, plan)

    def _decide(self, day: int, values: Mapping[str, Any]) -> np.ndarray:
        """Rows of the free poachers who go out today (quantal response)."""
        free = self.pool.with_status(FREE)
        settings = self.cfg.poachers
        signalled = signalled_catch_prob(values["patrol.km_per_day"], values["cameras"], settings)
        belief = self.belief.catch_prob(signalled)[self.pool.village[free]]
        penalty = self.policy.expected_penalty_krub(day)
        p_trip = trip_probability(values["gain_krub"], belief, penalty, settings)
        return free[self.rng_decide.random(len(free)) < p_trip]

    def _launch(self, day: int, plan: TripPlan) -> None:
        """Set the day's trips going: paths, snares, logs, meetings and kills."""
        tick0 = self._tick_now()
        paths = plan.paths
        people = Movers(plan.poachers, tick0, paths.x_m, paths.y_m, tick0 + paths.n_ticks)
        self.pool.stop_min[plan.poachers] = np.inf
        kills = self.cfg.kills
        x, y, placed, owner = place_snares(
            plan, tick0 * self.tick_min, self.tick_min, kills, self.trails, self.rng_paths
        )
        lifetime = kills.snare_lifetime_days * MINUTES_PER_DAY
        new_snares = self.snares.add(x, y, placed, lifetime, owner)
        self.ledger.count(day, "snares_set", len(new_snares))
        self.belief.add_trips(self.pool.village[plan.poachers])
        villages = [self.villages.names[v] for v in self.pool.village[plan.poachers]]
        self.ledger.trips(day, plan, villages)
        self._poachers_out(people, new_snares)

    def _poachers_out(self, people: Movers, new_snares: np.ndarray) -> None:
        for rangers in self.ranger_days:
            self._schedule_meetings(rangers, people, people.tick0)
            self._schedule_finds(rangers, new_snares, people.tick0)
        if self.cats is not None:
            self._schedule_kills(
                self._shootings(people, self.cats, people.tick0)
                + self._snared(self.cats, new_snares, people.tick0)
            )
        self.poacher_days.append(people)
        self._hand_over(people, POACHER_ID0)

    # -- rangers -------------------------------------------------------------------------------
    def _ranger_day(self) -> None:
        day, enf = self._day(), self.cfg.enforcement
        values = self.policy.timeline.values(day)
        allocation = str(values["patrol.allocation"])
        self.ledger.note_allocation(day, allocation)
        n = team_count(values["patrol.km_per_day"], enf.patrol_team_km_per_day, self.rng_enforce)
        if n == 0:
            return
        weights = zone_weights(
            allocation, self.zones, self.justice.hotspot.values, values["patrol.area_m"],
            enf.hotspot_floor,
        )  # fmt: skip
        routes = self.routes.routes(allocation, weights, n, self.rng_paths)
        tick0 = self._tick_now()
        rangers = Movers(np.arange(n), tick0, routes.x_m, routes.y_m, tick0 + routes.n_ticks)
        km = np.hypot(np.diff(rangers.xs, axis=0), np.diff(rangers.ys, axis=0)).sum() / 1000.0
        self.ledger.count(day, "km", float(km))
        self.ledger.count(day, "team_days", n)
        for poachers in self.poacher_days:
            self._schedule_meetings(rangers, poachers, tick0)
        span_min = (tick0 * self.tick_min, rangers.tick_end * self.tick_min)
        self._schedule_finds(rangers, self.snares.overlapping(*span_min), tick0)
        self.ranger_days.append(rangers)
        self._hand_over(rangers, RANGER_ID0)

    def _schedule_meetings(self, rangers: Movers, poachers: Movers, from_tick: int) -> None:
        enf = self.cfg.enforcement
        probs = (enf.detect_prob_per_encounter, enf.arrest_prob_given_detected)
        for m in meet.meetings(
            rangers, poachers, from_tick, enf.patrol_detect_radius_m, probs, self.tick_min,
            self.rng_enforce,
        ):  # fmt: skip
            self._at(m.t_min, self.justice.on_meeting, m)

    def _schedule_finds(self, rangers: Movers, snares: np.ndarray, from_tick: int) -> None:
        enf = self.cfg.enforcement
        for find in meet.snare_finds(
            rangers, self.snares, snares, from_tick, enf.snare_find_radius_m,
            enf.snare_find_prob, self.tick_min, self.rng_enforce,
        ):  # fmt: skip
            self._at(find.t_min, self.justice.on_find, find)

    # -- cats ----------------------------------------------------------------------------------
    def observe_segments(
        self,
        rows: np.ndarray,
        species: np.ndarray,
        xs: np.ndarray,
        ys: np.ndarray,
        t0_min: float,
        tick_min: float,
    ) -> None:
        """Receive a block of cat positions ``(n_ticks + 1, n)`` from ``t0_min``; schedule the
        shootings and snare catches in it."""
        cats = np.asarray(species) != HUMAN
        if not cats.any():
            return
        tick0 = int(round(t0_min / self.tick_min))
        # compress keeps the block C-contiguous, as the encounter kernels take it
        block = Movers(np.asarray(rows)[cats], tick0, xs.compress(cats, axis=1),
                       ys.compress(cats, axis=1))  # fmt: skip
        self.cats = block
        found = [k for people in self.poacher_days for k in self._shootings(people, block, tick0)]
        ids = self.snares.overlapping(t0_min, block.tick_end * self.tick_min)
        self._schedule_kills(found + self._snared(block, ids, tick0))
        self.poacher_days = [d for d in self.poacher_days if d.tick_end > tick0]
        self.ranger_days = [d for d in self.ranger_days if d.tick_end > tick0]

    def _shootings(self, people: Movers, cats: Movers, from_tick: int) -> list[Kill]:
        kills = self.cfg.kills
        return meet.shootings(
            people, cats, from_tick, kills.shoot_radius_m, kills.shoot_prob_per_encounter,
            self.tick_min, self.rng_kills,
        )  # fmt: skip

    def _snared(self, cats: Movers, snares: np.ndarray, from_tick: int) -> list[Kill]:
        kills = self.cfg.kills
        return meet.snare_hits(
            cats, self.snares, snares, from_tick, kills.snare_radius_m, kills.snare_catch_prob,
            self.tick_min, self.rng_kills,
        )  # fmt: skip

    def _schedule_kills(self, kills: list[Kill]) -> None:
        for kill in sorted(kills, key=lambda k: k.t_min):
            self._at(kill.t_min, self._on_kill, kill)

    # -- events --------------------------------------------------------------------------------
    def _on_kill(self, kill: Kill) -> None:
        state = self.model.state
        if not state.alive[kill.cat_row]:
            return
        if kill.snare >= 0:
            if not self.snares.works(kill.snare, kill.t_min):
                return
            self.snares.end(kill.snare, kill.t_min, CAUGHT)
        elif kill.t_min >= self.pool.stop_min[kill.poacher]:
            return
        species = TAXA[int(state.species[kill.cat_row])].key
        self.model.agent_of(kill.cat_row).die(POACHING)
        method = "snare" if kill.snare >= 0 else "shot"
        self.ledger.kill(kill.t_min, kill.x_m, kill.y_m, (kill.cat_row, species), kill.poacher,
                         method)  # fmt: skip

    # -- cameras and policy series ---------------------------------------------------------------
    def on_camera_photo(self, record: Mapping[str, Any]) -> None:
        """A camera photographed a person (the camera model's ``on_human_photo`` record:
        ``true_animal_id`` = person id, ``start_min``)."""
        self.justice.on_photo(record, self.poacher_days)

    # -- outputs -------------------------------------------------------------------------------
    def _hand_over(self, people: Movers, id0: int) -> None:
        rows = id0 + people.members.astype(np.int64)
        self.people_tracks.record(people.tick0, rows, people.xs, people.ys)
        species = np.full(len(rows), HUMAN, dtype=np.int8)
        t0 = people.tick0 * self.tick_min
        for sink in self.sinks:
            if sink is not self:
                sink.observe_segments(rows, species, people.xs, people.ys, t0, self.tick_min)

    def tables(self) -> dict[str, pd.DataFrame]:
        """``poaching_events``, ``arrests`` and ``patrols`` (per calendar year), ``trips``, and
        ``people_tracks`` when paths are recorded (``tick, time_min, id, group, x_m, y_m``;
        group ``poacher`` or ``ranger``)."""
        self.ledger.last_day = max(self.ledger.last_day, self._day(max(self.env.now - 1e-6, 0)))
        tables = self.ledger.tables()
        if self.people_tracks.every_ticks is not None:
            people = self.people_tracks.frame(self.tick_min)
            group = np.where(people["id"] >= RANGER_ID0, "ranger", "poacher")
            people.insert(3, "group", group)
            tables["people_tracks"] = people
        return tables

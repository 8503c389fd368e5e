"""The animals' agent-based model: leopards and tigers on the park's landscape (a ``mesa.Model``).

:class:`AnimalModel` is public (``twin.AnimalModel``) for kernel-level work such as the movement
benchmark; a run builds it through :func:`twin.simulate`.
"""

from __future__ import annotations

from collections.abc import Mapping

import mesa
import numpy as np

from twin.landscape.grid import Landscape
from twin.population import demography
from twin.population.agents import AGENT_CLASSES, Cat
from twin.population.movement import ROAD, TRAIL, move_ticks
from twin.population.params import SpeciesParams
from twin.population.preference import preference_rasters
from twin.population.startup import Population, place_population, populate
from twin.population.state import SEXES, STAGES, CatState
from twin.seeding import spawn_streams

BEHAVIOUR = ("activity", "shape", "turn_sd", "n_cand", "avoid_r", "avoid_w", "enc_r", "trail_snap")
"""Per-species kernel arrays, in the order :func:`move_ticks` takes them."""

FLOATER_RELOCATION_PROB = 1.0 / 15.0
"""Daily chance that a cat without a territory shifts its wandering centre (assumed)."""


class AnimalModel(mesa.Model):
    """Leopards and tigers living, moving, breeding and dying on a :class:`Landscape`.

    Parameters
    ----------
    landscape
        The park and its surroundings (metres, UTM 52N).
    params
        Validated species parameters keyed by species name (see :func:`species_params`).
    seed
        Integer seed or ``SeedSequence``; streams for start-up, movement and demography are
        spawned from it (:func:`twin.seeding.spawn_streams`).
    tick_min
        Movement tick length in minutes.
    population
        The animals at day 0; default: each species' ``initial`` counts placed by habitat.

    Notes
    -----
    ``step()`` advances one movement tick (Mesa convention); :class:`twin.simulation.Simulation`
    drives ticks, days and cameras from one SimPy clock.
    """

    def __init__(
        self,
        landscape: Landscape,
        params: Mapping[str, SpeciesParams],
        *,
        seed: int | np.random.SeedSequence = 0,
        tick_min: float = 15.0,
        population: Population | None = None,
    ) -> None:
        streams = spawn_streams(seed)
        super().__init__(rng=streams["mesa"])
        self.landscape = landscape
        self.params = dict(params)
        self.params_by_code = {p.code: p for p in self.params.values()}
        self.rng_startup = streams["startup"]
        self.rng_movement = streams["movement"]
        self.rng_demography = streams["demography"]
        self.tick_min = float(tick_min)
        self.tick = 0
        self.day = 0
        self.floater_relocation_prob = FLOATER_RELOCATION_PROB
        self.road_death_multiplier = 1.0
        """Traffic on the roads relative to the default (policy timelines change it daily)."""
        self.arrival_cells: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        """Immigrants' arrival cells and weights by species code (filled on first use)."""
        self.immigrants_per_year = {
            p.code: p.demography.immigrants_per_year for p in self.params.values()
        }
        """Arrivals per year by species code: the species' ``immigrants_per_year``, which a
        scenario may change during a run (e.g. a recolonisation from a date on)."""
        self.state = CatState()
        self.initial_cub_shortfall: dict[str, int] = {}
        self._agents_by_row: dict[int, Cat] = {}
        self._tally_day: tuple[int, int, int] = (-1, -1, -1)
        self._tally = np.zeros(0, dtype=np.int64)
        self._kernel_args = self._movement_arrays()
        self.adult_age_days = {
            p.code: p.demography.adult_age_years * demography.DAYS_PER_YEAR for p in params.values()
        }
        if population is None:
            for p in self.params.values():
                populate(self, p)
        else:
            place_population(self, population)
        self.datacollector = mesa.DataCollector(model_reporters=self._reporters())
        self.datacollector.collect(self)

    def _movement_arrays(self) -> dict[str, np.ndarray]:
        codes = max(p.code for p in self.params.values()) + 1
        arr = {
            "activity": np.zeros((codes, 24)),
            "shape": np.ones(codes, dtype=np.int64),
            "turn_sd": np.ones(codes),
            "n_cand": np.ones(codes, dtype=np.int64),
            "avoid_r": np.ones(codes),
            "avoid_w": np.zeros(codes),
            "enc_r": np.zeros(codes),
            "trail_snap": np.zeros(codes, dtype=np.bool_),
        }
        for p in self.params.values():
            m = p.movement
            arr["activity"][p.code] = m.activity_by_hour
            arr["shape"][p.code] = m.step_shape
            arr["turn_sd"][p.code] = m.turn_sd_rad
            arr["n_cand"][p.code] = m.candidates
            arr["avoid_r"][p.code] = m.tiger_avoid_radius_m
            arr["avoid_w"][p.code] = m.tiger_avoid_weight
            # encounters only matter (and are only counted) where tigers may kill the species
            killable = p.tiger_kill_prob_per_encounter > 0.0
            arr["enc_r"][p.code] = p.encounter_radius_m if killable else 0.0
            arr["trail_snap"][p.code] = m.trail_snap
        land = self.landscape
        arr["pref"] = preference_rasters(land, self.params).astype(np.float32)
        arr["features"] = (
            land.layers["road"].astype(np.uint8) * ROAD
            + land.layers["trail"].astype(np.uint8) * TRAIL
        )
        return arr

    @property
    def grid(self) -> tuple[float, float, float, int, int]:
        """``(x0_m, y0_m, resolution_m, nrows, ncols)`` of the landscape, for kernels."""
        land = self.landscape
        return (float(land.x0_m), float(land.y0_m), float(land.resolution_m), *land.shape)

    def _reporters(self) -> dict[str, object]:
        reporters: dict[str, object] = {}
        for key, p in self.params.items():
            for sex_code, sex in enumerate(SEXES):
                for stage_code, stage in enumerate(STAGES):
                    reporters[f"{key}_{sex}_{stage}"] = (
                        lambda m, c=p.code, s=sex_code, g=stage_code: m.count(c, s, g)
                    )
        return reporters

    def count(self, species: int, sex: int, stage: int) -> int:
        """Live animals of a species, sex and stage today (tallied once per day)."""
        if self._tally_day != (self.day, self.state.n, len(self._agents_by_row)):
            rows = self.state.living()
            st = self.state
            codes = max(self.params_by_code) + 1
            key = (st.species[rows].astype(np.int64) * 2 + st.sex[rows]) * 3 + demography.stages(
                self, rows
            )
            self._tally = np.bincount(key, minlength=codes * 6)
            self._tally_day = (self.day, self.state.n, len(self._agents_by_row))
        return int(self._tally[(species * 2 + sex) * 3 + stage])

    def init_movement_rows(self, rows: np.ndarray) -> None:
        """Set home-range scale, step length and a random heading for new rows."""
        st = self.state
        for row in rows:
            m = self.params_by_code[int(st.species[row])].movement
            st.sigma_m[row] = m.centre_attraction_m[int(st.sex[row])]
            st.step_mean_m[row] = m.step_mean_m
        st.heading[rows] = self.rng_startup.uniform(0.0, 2.0 * np.pi, size=len(rows))

    def add_agents(self, species_key: str, rows: np.ndarray) -> list[Cat]:
        """Create one agent per row (in a batch) and index them by row."""
        created = AGENT_CLASSES[species_key].create_agents(self, len(rows), [int(r) for r in rows])
        for agent in created:
            self._agents_by_row[agent.row] = agent
        return list(created)

    def agent_of(self, row: int | np.integer) -> Cat:
        """The live agent that owns ``row``."""
        return self._agents_by_row[int(row)]

    def on_death(self, agent: Cat) -> None:
        """Forget a dead agent's row."""
        del self._agents_by_row[agent.row]

    def movers_and_cubs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows of free-moving animals, of dependent cubs, and of those cubs' mothers."""
        st = self.state
        live = st.living()
        following = st.following[live]
        cubs = live[following]
        return live[~following], cubs, st.mother[cubs].astype(np.int64)

    def move(self, n_ticks: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Advance ``n_ticks`` movement ticks.

        Returns
        -------
        rows, xs, ys
            Animal rows (movers then cubs) and their positions, m, before the first tick and after
            each tick: arrays of shape ``(n_ticks + 1, len(rows))``.
        """
        movers, cubs, mothers = self.movers_and_cubs()
        st = self.state
        a = self._kernel_args
        n = len(movers) + len(cubs)
        xs = np.empty((n_ticks + 1, n))
        ys = np.empty((n_ticks + 1, n))
        animals = (st.x, st.y, st.heading, st.acx, st.acy, st.sigma_m, st.step_mean_m, st.species)
        counters = (st.tiger_encounters, st.road_crossings)
        land = (a["pref"], a["features"], self.grid)
        behaviour = tuple(a[k] for k in BEHAVIOUR)
        move_ticks(
            self.rng_movement,
            n_ticks,
            self.tick,
            self.tick_min,
            movers,
            cubs,
            mothers,
            animals,
            counters,
            land,
            behaviour,
            xs,
            ys,
        )
        self.tick += n_ticks
        return np.concatenate((movers, cubs)), xs, ys

    def step(self) -> None:
        """One movement tick (Mesa's unit of time); days turn over every ``1440 / tick_min``."""
        self.move(1)
        if (self.tick * self.tick_min) % 1440.0 == 0.0:
            self.end_of_day()

    def end_of_day(self) -> None:
        """Close the day: demography, then advance the day counter and collect the counts."""
        demography.daily(self)
        self.day += 1
        self.datacollector.collect(self)

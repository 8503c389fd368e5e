"""Start-up: the animals at day 0, placed by habitat with a stable age structure from the
config's counts, or given one by one as a :class:`Population`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from twin.errors import require
from twin.population.demography import DAYS_PER_YEAR
from twin.population.params import SpeciesParams
from twin.population.state import FEMALE, MALE, SEXES
from twin.population.territory import vacant
from twin.taxa import CAT_KEYS

if TYPE_CHECKING:
    from twin.population.model import AnimalModel

PLACEMENT_TRIES = 400


def _habitat_cells(model: AnimalModel) -> tuple[np.ndarray, np.ndarray]:
    """Park cells and their sampling weights (habitat squared, so good habitat dominates)."""
    land = model.landscape
    mask = land.layers["park"] & ~land.layers["water"] & ~land.layers["village"]
    rows, cols = np.nonzero(mask)
    res = land.resolution_m
    xy = np.column_stack((land.x0_m + (cols + 0.5) * res, land.y0_m + (rows + 0.5) * res))
    w = land.layers["habitat"][rows, cols].astype(np.float64) ** 2
    return xy, w / w.sum()


def _stable_ages_days(rng, n, lo_years, hi_years, annual_survival):
    """Ages in [lo, hi) years from the stable (geometric) age distribution of a survival."""
    rate = -np.log(max(min(annual_survival, 0.999), 1e-6))
    span = hi_years - lo_years
    u = rng.random(n)
    ages = lo_years - np.log1p(-u * (1.0 - np.exp(-rate * span))) / rate
    return np.floor(ages * DAYS_PER_YEAR).astype(np.int64)


def _place(model: AnimalModel, p: SpeciesParams, rows, cells, weights, territorial: bool) -> None:
    st = model.state
    rng = model.rng_startup
    jitter = model.landscape.resolution_m / 2
    for row in rows:
        sex = int(st.sex[row])
        picks = cells[rng.choice(len(cells), size=PLACEMENT_TRIES, p=weights)]
        picks = picks + rng.uniform(-jitter, jitter, size=picks.shape)
        ok = np.flatnonzero(vacant(st, p.code, sex, picks, p.demography.territory_spacing_m[sex]))
        holds = territorial and ok.size > 0
        x, y = picks[ok[0]] if holds else picks[0]
        st.acx[row] = st.natal_x[row] = st.x[row] = x
        st.acy[row] = st.natal_y[row] = st.y[row] = y
        st.territorial[row] = holds


def populate(model: AnimalModel, p: SpeciesParams) -> None:
    """Create the initial adults, subadults and cubs of one species in ``model``."""
    st = model.state
    rng = model.rng_startup
    d = p.demography
    cells, weights = _habitat_cells(model)
    n_ad, n_sub, n_cub = p.initial.adults, p.initial.subadults, p.initial.cubs
    rows = st.add(n_ad + n_sub)
    st.species[rows] = p.code
    st.sex[rows] = np.where(rng.random(len(rows)) < d.female_fraction, FEMALE, MALE)
    adults, subs = rows[:n_ad], rows[n_ad:]
    survival = 0.5 * (d.survival_adult[0] + d.survival_adult[1])
    st.birth_day[adults] = -_stable_ages_days(
        rng, n_ad, d.adult_age_years, d.max_age_years, survival
    )
    st.birth_day[subs] = -_stable_ages_days(
        rng, n_sub, d.independence_days / DAYS_PER_YEAR, d.adult_age_years, d.survival_subadult
    )
    _place(model, p, adults, cells, weights, territorial=True)
    _place(model, p, subs, cells, weights, territorial=False)
    model.init_movement_rows(rows)
    model.add_agents(p.key, rows)
    _add_cubs(model, p, adults, n_cub)


def _add_cubs(model: AnimalModel, p: SpeciesParams, adults: np.ndarray, n_cub: int) -> None:
    """Give the initial cubs to territorial adult females, in litters of at most the maximum."""
    st = model.state
    rng = model.rng_startup
    d = p.demography
    mothers = adults[(st.sex[adults] == FEMALE) & st.territorial[adults]]
    max_litter = len(d.litter_size_probs)
    left = n_cub
    for mother in rng.permutation(mothers):
        if left <= 0:
            break
        size = min(left, int(rng.choice(max_litter, p=d.litter_size_probs)) + 1)
        age = int(rng.integers(0, d.independence_days))
        model.day = -age
        model.agent_of(mother).give_birth(size)
        left -= size
    model.day = 0
    model.initial_cub_shortfall[p.key] = left
    _spread_breeding_cycles(model, p, mothers)


def _spread_breeding_cycles(
    model: AnimalModel, p: SpeciesParams, mothers: np.ndarray, between_litters: bool = False
) -> None:
    """Put females without cubs at a uniform phase of the breeding cycle, so births are spread.

    The cycle is cub dependence, waiting and gestation; a phase in the dependence part means a
    litter was lost or has dispersed and the female rests until ``receptive_day``. With
    ``between_litters`` (a female seen without cubs in a given population) the phase is uniform
    over the waiting and gestation parts only: she is receptive or pregnant, not resting.
    """
    st = model.state
    d = p.demography
    cycle = d.independence_days + d.receptive_wait_days + d.gestation_days
    first = float(d.independence_days) if between_litters else 0.0
    for row in mothers:
        if st.n_litters[row] > 0:
            continue
        phase = model.rng_startup.uniform(first, cycle)
        if phase < d.independence_days:
            st.receptive_day[row] = int(d.independence_days - phase)
        elif phase >= d.independence_days + d.receptive_wait_days:
            st.due_day[row] = max(1, int(cycle - phase))


POPULATION_COLUMNS = (
    "species", "sex", "age_days", "centre_x_m", "centre_y_m", "territorial", "mother",
)  # fmt: skip
BREEDING_COLUMNS = ("due_in_days", "rest_days")
"""Optional columns of a :class:`Population` that give a female's breeding state exactly:
days until she gives birth (-1: not pregnant) and days she still rests before she may conceive
(0: none). A true state (``twin.forecast.snapshot_population``) carries them."""


@dataclass(frozen=True)
class Population:
    """The animals alive at day 0, one row each (instead of the config's initial counts).

    Attributes
    ----------
    table
        Columns ``species`` (``leopard``, ``tiger``), ``sex`` (``female``, ``male``),
        ``age_days`` (days, >= 0), ``centre_x_m``, ``centre_y_m`` (activity centre, m, in the
        landscape's CRS), ``territorial`` (bool) and ``mother`` (the position in the table of a
        dependent cub's mother, or -1 for an independent animal). A cub starts at its
        mother's position; an independent animal at its centre. With the optional
        :data:`BREEDING_COLUMNS` each territorial female keeps her breeding state; without
        them one without cubs is put at a uniform phase between litters (receptive or
        pregnant).
    """

    table: pd.DataFrame

    def __post_init__(self) -> None:
        t = self.table
        missing = [c for c in POPULATION_COLUMNS if c not in t.columns]
        require(not missing, "population", f"missing columns {missing}", f"{POPULATION_COLUMNS}")
        require(
            t["species"].isin(CAT_KEYS).all(),
            "population.species",
            set(t["species"]),
            f"one of {list(CAT_KEYS)}",
        )
        require(t["sex"].isin(SEXES).all(), "population.sex", set(t["sex"]), "'female' or 'male'")
        require((t["age_days"] >= 0).all(), "population.age_days", "negative", "days >= 0")
        mothers = t["mother"].to_numpy(dtype=np.int64)
        cubs = mothers >= 0
        ok = (mothers[cubs] < len(t)).all() and (mothers[mothers[cubs]] < 0).all()
        require(ok, "population.mother", "a bad row", "-1 or the row of an independent mother")
        same = (t["species"].to_numpy()[cubs] == t["species"].to_numpy()[mothers[cubs]]).all()
        female = (t["sex"].to_numpy()[mothers[cubs]] == "female").all()
        require(same and female, "population.mother", "a bad row", "a female of the same species")


def place_population(model: AnimalModel, population: Population) -> None:
    """Create the animals of ``population`` in ``model`` (independent ones, then the cubs)."""
    st = model.state
    table = population.table.reset_index(drop=True)
    mother_col = table["mother"].to_numpy(dtype=np.int64)
    for p in model.params.values():
        mine = np.flatnonzero((table["species"] == p.key).to_numpy() & (mother_col < 0))
        rows = st.add(len(mine))
        st.species[rows] = p.code
        st.sex[rows] = [SEXES.index(s) for s in table["sex"].iloc[mine]]
        st.birth_day[rows] = -table["age_days"].to_numpy(dtype=np.int64)[mine]
        x = table["centre_x_m"].to_numpy(dtype=float)[mine]
        y = table["centre_y_m"].to_numpy(dtype=float)[mine]
        st.acx[rows] = st.natal_x[rows] = st.x[rows] = x
        st.acy[rows] = st.natal_y[rows] = st.y[rows] = y
        st.territorial[rows] = table["territorial"].to_numpy(dtype=bool)[mine]
        model.init_movement_rows(rows)
        model.add_agents(p.key, rows)
        row_of = dict(zip(mine.tolist(), rows.tolist(), strict=True))
        for mother in np.unique(mother_col[np.isin(mother_col, mine)]):
            _place_litter(model, p, table, np.flatnonzero(mother_col == mother), row_of[mother])
        model.initial_cub_shortfall[p.key] = 0
        _breeding_state(model, p, table, mine, rows)


def _breeding_state(
    model: AnimalModel, p: SpeciesParams, table: pd.DataFrame, mine: np.ndarray, rows: np.ndarray
) -> None:
    """Due and rest days of the placed females: from the table's breeding columns when it has
    them, else a uniform phase between litters for the territorial ones without cubs."""
    st = model.state
    female = st.sex[rows] == FEMALE
    if all(c in table.columns for c in BREEDING_COLUMNS):
        due = table["due_in_days"].to_numpy(dtype=np.int64)[mine]
        rest = table["rest_days"].to_numpy(dtype=np.int64)[mine]
        st.due_day[rows] = np.where(female & (due >= 0), due, -1)
        st.receptive_day[rows] = np.where(female, np.maximum(rest, 0), 0)
        return
    _spread_breeding_cycles(model, p, rows[female & st.territorial[rows]], between_litters=True)


def _place_litter(
    model: AnimalModel, p: SpeciesParams, table: pd.DataFrame, cubs: np.ndarray, mother: int
) -> None:
    st = model.state
    rows = st.add(len(cubs))
    ages = table["age_days"].to_numpy(dtype=np.int64)[cubs]
    st.species[rows] = p.code
    st.sex[rows] = [SEXES.index(s) for s in table["sex"].iloc[cubs]]
    st.birth_day[rows] = -ages
    st.mother[rows] = mother
    st.following[rows] = True
    st.x[rows], st.y[rows] = st.x[mother], st.y[mother]
    st.acx[rows], st.acy[rows] = st.acx[mother], st.acy[mother]
    st.last_birth_day[mother] = -int(ages.min())
    st.n_litters[mother] += 1
    st.due_day[mother] = -1
    model.init_movement_rows(rows)
    model.add_agents(p.key, rows)

"""Start-up: place the initial animals by habitat with a stable age structure."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from twin.population.demography import DAYS_PER_YEAR
from twin.population.params import SpeciesParams
from twin.population.state import FEMALE, MALE
from twin.population.territory import vacant

if TYPE_CHECKING:
    from twin.population.model import ParkModel

PLACEMENT_TRIES = 400


def _habitat_cells(model: ParkModel) -> tuple[np.ndarray, np.ndarray]:
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


def _place(model: ParkModel, p: SpeciesParams, rows, cells, weights, territorial: bool) -> None:
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


def populate(model: ParkModel, p: SpeciesParams) -> None:
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


def _add_cubs(model: ParkModel, p: SpeciesParams, adults: np.ndarray, n_cub: int) -> None:
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


def _spread_breeding_cycles(model: ParkModel, p: SpeciesParams, mothers: np.ndarray) -> None:
    """Put females without cubs at a uniform phase of the breeding cycle, so births are spread.

    The cycle is cub dependence, waiting and gestation; a phase in the dependence part means a
    litter was lost or has dispersed and the female rests until ``receptive_day``.
    """
    st = model.state
    d = p.demography
    cycle = d.independence_days + d.receptive_wait_days + d.gestation_days
    for row in mothers:
        if st.n_litters[row] > 0:
            continue
        phase = model.rng_startup.uniform(0.0, cycle)
        if phase < d.independence_days:
            st.receptive_day[row] = int(d.independence_days - phase)
        elif phase >= d.independence_days + d.receptive_wait_days:
            st.due_day[row] = max(1, int(cycle - phase))

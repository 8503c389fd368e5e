"""Daily demography: mortality by cause, orphaning, independence, settlement and breeding.

Rates are vectorised over the state arrays; each event is then carried out by the agent it
happens to, so life-history logic stays on the Mesa agents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from twin.population.state import (
    ADULT,
    CUB,
    EMIGRATED,
    FEMALE,
    MALE,
    NATURAL,
    ROAD,
    SUBADULT,
    TIGER_KILL,
)
from twin.population.territory import Centres, dispersal_candidates, find_territories, suitable

if TYPE_CHECKING:
    from twin.population.model import AnimalModel

DAYS_PER_YEAR = 365.25
SENESCENT_DAILY_SURVIVAL = 0.99


def stages(model: AnimalModel, rows: np.ndarray) -> np.ndarray:
    """Life stage of each row: cub while dependent, then subadult until adult age."""
    st = model.state
    adult_days = np.array([model.adult_age_days[s] for s in st.species[rows]])
    age = model.day - st.birth_day[rows]
    return np.where(st.following[rows], CUB, np.where(age >= adult_days, ADULT, SUBADULT))


def daily_survival(model: AnimalModel, rows: np.ndarray) -> np.ndarray:
    """Probability of surviving natural causes today, by species, stage, sex and status."""
    st = model.state
    stage = stages(model, rows)
    out = np.empty(len(rows))
    for p in model.params.values():
        d = p.demography
        sp = st.species[rows] == p.code
        annual = np.select(
            [stage == CUB, stage == SUBADULT, st.sex[rows] == FEMALE],
            [d.survival_cub, d.survival_subadult, d.survival_adult[FEMALE]],
            d.survival_adult[MALE],
        )
        floater = (stage != CUB) & ~st.territorial[rows]
        annual = np.where(floater, annual * d.floater_survival_factor, annual)
        daily = annual ** (1.0 / DAYS_PER_YEAR)
        old = (model.day - st.birth_day[rows]) > d.max_age_years * DAYS_PER_YEAR
        out[sp] = np.where(old, SENESCENT_DAILY_SURVIVAL, daily)[sp]
    return out


def mortality(model: AnimalModel) -> None:
    """Kill animals today by tiger encounters, road crossings and natural causes, in that order."""
    st = model.state
    rng = model.rng_demography
    rows = st.living()
    kill_p = np.array(
        [model.params_by_code[s].tiger_kill_prob_per_encounter for s in st.species[rows]]
    )
    road_p = np.minimum(
        1.0,
        model.road_death_multiplier
        * np.array(
            [model.params_by_code[s].road_death_prob_per_crossing for s in st.species[rows]]
        ),
    )
    p_tiger = 1.0 - (1.0 - kill_p) ** st.tiger_encounters[rows]
    p_road = 1.0 - (1.0 - road_p) ** st.road_crossings[rows]
    p_natural = 1.0 - daily_survival(model, rows)
    u = rng.random((3, len(rows)))
    cause = np.where(
        u[0] < p_tiger,
        TIGER_KILL,
        np.where(u[1] < p_road, ROAD, np.where(u[2] < p_natural, NATURAL, 0)),
    )
    st.tiger_encounters[rows] = 0
    st.road_crossings[rows] = 0
    dying = cause > 0
    for row, why in zip(rows[dying], cause[dying], strict=True):
        model.agent_of(row).die(int(why))


def orphans_and_independence(model: AnimalModel) -> None:
    """Cubs of dead mothers die when too young, else go independent; old cubs go independent."""
    st = model.state
    cubs = np.flatnonzero(st.alive[: st.n] & st.following[: st.n])
    for row in cubs:
        d = model.params_by_code[st.species[row]].demography
        age = model.day - st.birth_day[row]
        if not st.alive[st.mother[row]]:
            if age < d.orphan_survival_age_days:
                model.agent_of(row).die(NATURAL)
                continue
            model.agent_of(row).become_independent()
        elif age >= d.independence_days:
            model.agent_of(row).become_independent()


def settlement(model: AnimalModel) -> None:
    """Independent cats without a territory look for a vacant one; unlucky ones wander."""
    st = model.state
    rng = model.rng_demography
    rows = np.flatnonzero(st.alive[: st.n] & ~st.following[: st.n] & ~st.territorial[: st.n])
    settled = find_territories(st, rows, model.landscape, model.params_by_code, rng)
    for row, x, y in settled:
        model.agent_of(row).settle(x, y)
    left = np.setdiff1d(rows, [r for r, _, _ in settled])
    moving = left[rng.random(len(left)) < model.floater_relocation_prob]
    for row in moving:
        p = model.params_by_code[st.species[row]]
        xy = dispersal_candidates(
            st.acx[row], st.acy[row], p.demography.dispersal_distance_m[int(st.sex[row])], 1, rng
        )
        if suitable(model.landscape, xy, 0.0)[0]:
            st.acx[row], st.acy[row] = xy[0]


def _adult_males(model: AnimalModel, species: int) -> Centres:
    """Centres of the living territorial adult males of a species."""
    st = model.state
    n = st.n
    males = np.flatnonzero(
        st.alive[:n]
        & st.territorial[:n]
        & (st.sex[:n] == MALE)
        & (st.species[:n] == species)
        & ((model.day - st.birth_day[:n]) >= model.adult_age_days[species])
    )
    return Centres(np.column_stack((st.acx[males], st.acy[males])))


def _mate_nearby(
    model: AnimalModel, row: int | np.integer, radius_m: float, males: dict[int, Centres]
) -> bool:
    """Whether a territorial adult male's centre lies within ``radius_m`` of the female's
    (``males``: the day's males by species, filled on first use)."""
    st = model.state
    species = int(st.species[row])
    if species not in males:
        males[species] = _adult_males(model, species)
    point = np.array([[st.acx[row], st.acy[row]]])
    return bool(males[species].nearest_d2(point, radius_m)[0] <= radius_m * radius_m)


def breeding(model: AnimalModel) -> None:
    """Receptive territorial females conceive (if a male is near); pregnant ones give birth."""
    st = model.state
    rng = model.rng_demography
    n = st.n
    females = np.flatnonzero(st.alive[:n] & (st.sex[:n] == FEMALE) & st.territorial[:n])
    dependants = (
        np.bincount(st.mother[:n][st.alive[:n] & st.following[:n]], minlength=n)
        if n
        else np.zeros(0, dtype=np.int64)
    )
    males: dict[int, Centres] = {}  # no male settles, dies or comes of age while females breed
    for row in females:
        d = model.params_by_code[st.species[row]].demography
        if st.due_day[row] == model.day:
            model.agent_of(row).give_birth(
                rng.choice(len(d.litter_size_probs), p=d.litter_size_probs) + 1
            )
            continue
        age = model.day - st.birth_day[row]
        fertile = age >= d.first_litter_age_years * DAYS_PER_YEAR - d.gestation_days
        resting = model.day < st.receptive_day[row]
        if st.due_day[row] > model.day or dependants[row] > 0 or not fertile or resting:
            continue
        if rng.random() < 1.0 / d.receptive_wait_days and _mate_nearby(
            model, row, d.mate_search_radius_m, males
        ):
            st.due_day[row] = model.day + d.gestation_days


def _arrival_cells(model: AnimalModel, min_habitat: float) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres (m) on land of at least ``min_habitat``, with weights habitat squared."""
    land = model.landscape
    layers = land.layers
    ok = ~layers["water"] & (layers["habitat"] >= min_habitat)
    if "village" in layers:
        ok &= ~layers["village"]
    rows, cols = np.nonzero(ok)
    res = land.resolution_m
    xy = np.column_stack((land.x0_m + (cols + 0.5) * res, land.y0_m + (rows + 0.5) * res))
    w = layers["habitat"][rows, cols].astype(np.float64) ** 2
    return xy, w / w.sum() if w.size else w


def immigration(model: AnimalModel) -> None:
    """Independent young cats arriving from the wider region (``model.immigrants_per_year``).

    The landscape is an open window on a larger population (leopards cross into China, tigers
    spread south from Primorye): each day a Poisson number of immigrants of each species appears
    on good habitat anywhere in the window (weights habitat squared, as at start-up: the net
    arrivals, not their routes), as non-territorial cats aged from independence to
    ``immigrant_age_span_years`` older (default 1: subadults), and then settles by the usual
    rules. A rate of 0 (the default) draws nothing.
    """
    for p in model.params.values():
        d = p.demography
        rate = model.immigrants_per_year[p.code]
        if rate <= 0.0:
            continue
        rng = model.rng_demography
        n = int(rng.poisson(rate / DAYS_PER_YEAR))
        if n == 0:
            continue
        cache = model.arrival_cells
        if p.code not in cache:
            cache[p.code] = _arrival_cells(model, d.settle_min_habitat)
        cells, weights = cache[p.code]
        if len(cells) == 0:
            continue
        st = model.state
        rows = st.add(n)
        st.species[rows] = p.code
        st.sex[rows] = np.where(rng.random(n) < d.female_fraction, FEMALE, MALE)
        span_days = max(1, int(d.immigrant_age_span_years * DAYS_PER_YEAR))
        age = d.independence_days + rng.integers(0, span_days, size=n)
        st.birth_day[rows] = model.day - age
        xy = cells[rng.choice(len(cells), size=n, p=weights)]
        xy = xy + rng.uniform(-0.5, 0.5, size=xy.shape) * model.landscape.resolution_m
        st.x[rows] = st.acx[rows] = st.natal_x[rows] = xy[:, 0]
        st.y[rows] = st.acy[rows] = st.natal_y[rows] = xy[:, 1]
        model.init_movement_rows(rows)
        model.add_agents(p.key, rows)


def emigration(model: AnimalModel) -> None:
    """Independent cats still without a territory leave the window (``emigration_per_year``).

    The landscape is an open window: a disperser that finds no vacant range in it walks on, out
    of it (tigers that fill south-west Primorye spread on into China). Each day a floater of a
    species with a positive rate leaves with probability ``1 - exp(-rate / 365.25)``; it leaves
    the model with cause ``emigrated``, which is not a death. Species with rate 0 (the default)
    draw nothing, so a closed population's random stream is untouched.
    """
    st = model.state
    for p in model.params.values():
        rate = p.demography.emigration_per_year
        if rate <= 0.0:
            continue
        n = st.n
        rows = np.flatnonzero(
            st.alive[:n] & ~st.following[:n] & ~st.territorial[:n] & (st.species[:n] == p.code)
        )
        leaving = rows[model.rng_demography.random(len(rows)) < -np.expm1(-rate / DAYS_PER_YEAR)]
        for row in leaving:
            model.agent_of(row).die(EMIGRATED)


def daily(model: AnimalModel) -> None:
    """Run one day of demography on ``model``."""
    mortality(model)
    orphans_and_independence(model)
    immigration(model)
    settlement(model)
    emigration(model)
    breeding(model)

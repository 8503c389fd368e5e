"""Mesa agents: thin handles onto rows of :class:`~twin.population.state.CatState`.

The hot state (position, heading, counters) lives in the arrays and is moved by numba kernels;
an agent carries the per-individual life-history logic (giving birth, dying, settling).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from twin.population.state import ADULT, CUB, MALE, SUBADULT

if TYPE_CHECKING:
    from twin.population.model import AnimalModel


class Cat(mesa.Agent):
    """One big cat; ``row`` indexes its arrays in ``model.state``."""

    model: AnimalModel
    species_key: str = ""

    def __init__(self, model: AnimalModel, row: int) -> None:
        super().__init__(model)
        self.row = int(row)

    @property
    def sex(self) -> int:
        """0 female, 1 male."""
        return int(self.model.state.sex[self.row])

    @property
    def is_male(self) -> bool:
        """Whether the animal is male."""
        return self.sex == MALE

    @property
    def age_days(self) -> int:
        """Age in days on the model's current day."""
        return int(self.model.day - self.model.state.birth_day[self.row])

    @property
    def stage(self) -> int:
        """Life stage: cub (dependent), subadult, or adult (by age)."""
        st = self.model.state
        if st.following[self.row]:
            return CUB
        adult_days = self.model.params[self.species_key].demography.adult_age_years * 365.25
        return ADULT if self.age_days >= adult_days else SUBADULT

    def die(self, cause: int) -> None:
        """Record the death with its cause (or ``EMIGRATED``: it left) and leave the model."""
        st = self.model.state
        st.alive[self.row] = False
        st.death_day[self.row] = self.model.day
        st.death_cause[self.row] = cause
        st.territorial[self.row] = False
        self.model.on_death(self)
        self.remove()

    def become_independent(self) -> None:
        """Stop following the mother; start dispersing from the natal range."""
        st = self.model.state
        st.following[self.row] = False
        mother = st.mother[self.row]
        st.natal_x[self.row] = st.acx[mother] if mother >= 0 else st.x[self.row]
        st.natal_y[self.row] = st.acy[mother] if mother >= 0 else st.y[self.row]
        st.acx[self.row] = st.natal_x[self.row]
        st.acy[self.row] = st.natal_y[self.row]
        st.heading[self.row] = self.model.rng_demography.uniform(0.0, 6.283185307179586)

    def give_birth(self, litter_size: int) -> list[Cat]:
        """Give birth to ``litter_size`` cubs that follow this mother; return their agents."""
        model = self.model
        st = model.state
        rows = st.add(litter_size)
        d = model.params[self.species_key].demography
        st.species[rows] = st.species[self.row]
        st.sex[rows] = (model.rng_demography.random(litter_size) >= d.female_fraction).astype(int)
        st.birth_day[rows] = model.day
        st.mother[rows] = self.row
        st.following[rows] = True
        st.x[rows] = st.x[self.row]
        st.y[rows] = st.y[self.row]
        st.acx[rows] = st.acx[self.row]
        st.acy[rows] = st.acy[self.row]
        model.init_movement_rows(rows)
        st.last_birth_day[self.row] = model.day
        st.n_litters[self.row] += 1
        st.due_day[self.row] = -1
        return model.add_agents(self.species_key, rows)

    def settle(self, x_m: float, y_m: float) -> None:
        """Establish a territory centred on (x_m, y_m)."""
        st = self.model.state
        st.acx[self.row] = x_m
        st.acy[self.row] = y_m
        st.territorial[self.row] = True
        st.settled_day[self.row] = self.model.day


class Leopard(Cat):
    """An Amur leopard (Panthera pardus orientalis)."""

    species_key = "leopard"


class Tiger(Cat):
    """An Amur tiger (Panthera tigris altaica)."""

    species_key = "tiger"


AGENT_CLASSES: dict[str, type[Cat]] = {"leopard": Leopard, "tiger": Tiger}

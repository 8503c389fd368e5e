"""Animal state as a struct of arrays that grows as animals are born.

Each animal owns one slot (its row) for life; slots are never reused, so a slot index is also the
animal's id in every truth table. Mesa agents are thin handles onto these rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FEMALE = 0
MALE = 1

CUB = 0
SUBADULT = 1
ADULT = 2
STAGES = ("cub", "subadult", "adult")
SEXES = ("female", "male")

ALIVE = 0
NATURAL = 1
TIGER_KILL = 2
POACHING = 3
ROAD = 4
EMIGRATED = 5
"""Not a death: the cat left the landscape window (``Demography.emigration_per_year``)."""
CAUSES = ("alive", "natural", "tiger", "poaching", "road", "emigrated")
DEATH_CAUSES = CAUSES[1:5]
"""The causes that are deaths (``emigrated`` is a departure)."""

_FLOAT = np.float64
_INT = np.int32


@dataclass
class CatState:
    """Struct of arrays holding every animal ever alive in a run (one row per animal).

    Positions and activity centres are in metres (UTM 52N); days count from the run start (day 0),
    so animals born before the run have negative ``birth_day``.
    """

    capacity: int = 256
    n: int = 0
    species: np.ndarray = field(init=False)
    sex: np.ndarray = field(init=False)
    alive: np.ndarray = field(init=False)
    birth_day: np.ndarray = field(init=False)
    death_day: np.ndarray = field(init=False)
    death_cause: np.ndarray = field(init=False)
    x: np.ndarray = field(init=False)
    y: np.ndarray = field(init=False)
    heading: np.ndarray = field(init=False)
    acx: np.ndarray = field(init=False)
    acy: np.ndarray = field(init=False)
    natal_x: np.ndarray = field(init=False)
    natal_y: np.ndarray = field(init=False)
    sigma_m: np.ndarray = field(init=False)
    step_mean_m: np.ndarray = field(init=False)
    mother: np.ndarray = field(init=False)
    following: np.ndarray = field(init=False)
    territorial: np.ndarray = field(init=False)
    last_birth_day: np.ndarray = field(init=False)
    receptive_day: np.ndarray = field(init=False)
    due_day: np.ndarray = field(init=False)
    n_litters: np.ndarray = field(init=False)
    settled_day: np.ndarray = field(init=False)
    tiger_encounters: np.ndarray = field(init=False)
    road_crossings: np.ndarray = field(init=False)

    _SPEC = {
        "species": (np.int8, 0),
        "sex": (np.int8, 0),
        "alive": (np.bool_, False),
        "birth_day": (_INT, 0),
        "death_day": (_INT, -1),
        "death_cause": (np.int8, ALIVE),
        "x": (_FLOAT, 0.0),
        "y": (_FLOAT, 0.0),
        "heading": (_FLOAT, 0.0),
        "acx": (_FLOAT, 0.0),
        "acy": (_FLOAT, 0.0),
        "natal_x": (_FLOAT, 0.0),
        "natal_y": (_FLOAT, 0.0),
        "sigma_m": (_FLOAT, 1.0),
        "step_mean_m": (_FLOAT, 0.0),
        "mother": (_INT, -1),
        "following": (np.bool_, False),
        "territorial": (np.bool_, False),
        "last_birth_day": (_INT, -100000),
        "receptive_day": (_INT, 0),
        "due_day": (_INT, -1),
        "n_litters": (_INT, 0),
        "settled_day": (_INT, -1),
        "tiger_encounters": (_INT, 0),
        "road_crossings": (_INT, 0),
    }

    def __post_init__(self) -> None:
        for name, (dtype, fill) in self._SPEC.items():
            setattr(self, name, np.full(self.capacity, fill, dtype=dtype))

    def add(self, count: int) -> np.ndarray:
        """Reserve ``count`` new rows (growing the arrays if needed) and return their indices."""
        need = self.n + count
        if need > self.capacity:
            new_capacity = max(need, 2 * self.capacity)
            for name, (dtype, fill) in self._SPEC.items():
                grown: np.ndarray = np.full(new_capacity, fill, dtype=dtype)
                grown[: self.n] = getattr(self, name)[: self.n]
                setattr(self, name, grown)
            self.capacity = new_capacity
        rows = np.arange(self.n, need)
        self.n = need
        self.alive[rows] = True
        return rows

    def living(self) -> np.ndarray:
        """Indices of the live animals."""
        return np.flatnonzero(self.alive[: self.n])

"""Truth for scoring: what each estimator estimates, defined on the simulated population.

Definitions (docs/estimators.md, "Scoring against the truth"):
- SCR density: independent animals (not dependent cubs) of the species alive at the survey
  window's midpoint whose activity centre lies in the habitat mask, divided by the mask area.
- Closed capture-recapture N: independent animals alive at the midpoint, centre in the park.
- REM density: independent animals alive at the midpoint, centre in the park, per park area.
- Occupancy psi: share of stations that at least one independent animal of the species passed
  (entered a detection zone, photographed or not) during the window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from twin.population.model import AnimalModel


@dataclass
class CentreLog:
    """Daily record of every live animal's activity centre and dependence (a day hook)."""

    model: AnimalModel
    days: list[np.ndarray] = field(default_factory=list)
    rows: list[np.ndarray] = field(default_factory=list)
    x: list[np.ndarray] = field(default_factory=list)
    y: list[np.ndarray] = field(default_factory=list)
    cub: list[np.ndarray] = field(default_factory=list)

    def __post_init__(self) -> None:
        self(self.model.day)

    def __call__(self, day: int) -> None:
        """Record the centres at the start of ``day``."""
        st = self.model.state
        live = st.living()
        self.days.append(np.full(len(live), day, dtype=np.int64))
        self.rows.append(live)
        self.x.append(st.acx[live].copy())
        self.y.append(st.acy[live].copy())
        self.cub.append(st.following[live].copy())

    def frame(self) -> pd.DataFrame:
        """``day, id, species, centre_x_m, centre_y_m, cub`` for every animal and day."""
        rows = np.concatenate(self.rows)
        return pd.DataFrame(
            {
                "day": np.concatenate(self.days),
                "id": rows,
                "species": self.model.state.species[rows],
                "centre_x_m": np.concatenate(self.x).round(1),
                "centre_y_m": np.concatenate(self.y).round(1),
                "cub": np.concatenate(self.cub),
            }
        )


def independent_on(centres: pd.DataFrame, day: int, species: int) -> pd.DataFrame:
    """Independent animals of a species alive on ``day`` with their centres."""
    sel = (centres["day"] == day) & (centres["species"] == species) & ~centres["cub"]
    return centres[sel]


def in_mask(x_m: np.ndarray, y_m: np.ndarray, mask_xy: np.ndarray, spacing_m: float) -> np.ndarray:
    """Whether points fall in a cell of the mask (squares of ``spacing_m`` round mask points)."""
    if len(mask_xy) == 0 or len(x_m) == 0:
        return np.zeros(len(x_m), dtype=bool)
    d, _ = cKDTree(mask_xy).query(np.column_stack((x_m, y_m)), p=np.inf)
    return d <= spacing_m / 2

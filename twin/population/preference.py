"""Species preference rasters: the log-weights of the step-selection movement model."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from twin.landscape.grid import Landscape
from twin.population.movement import IMPASSABLE
from twin.population.params import SpeciesParams


def preference_rasters(landscape: Landscape, params: Mapping[str, SpeciesParams]) -> np.ndarray:
    """Log-preference of each cell for each species, shape ``(n_codes, nrows, ncols)``.

    ``habitat_weight * habitat + trail_weight * trail + road_weight * road
    - village_weight * exp(-distance_to_village / village_scale_m)``; water is impassable.
    Rows for species codes without parameters stay impassable.
    """
    layers = landscape.layers
    codes = max(p.code for p in params.values()) + 1
    out = np.full((codes, *landscape.shape), IMPASSABLE, dtype=np.float64)
    dist_village = landscape.distance_m("village").astype(np.float64)
    for p in params.values():
        m = p.movement
        pref = (
            m.habitat_weight * layers["habitat"].astype(np.float64)
            + m.trail_weight * layers["trail"]
            + m.road_weight * layers["road"]
            - m.village_weight * np.exp(-dist_village / m.village_scale_m)
        )
        out[p.code] = np.where(layers["water"], IMPASSABLE, pref)
    return out

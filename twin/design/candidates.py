"""Candidate camera sites, and the habitat prior over the mask a design is judged over.

Candidates are the nodes of a fine square lattice over the study area (``on="area"``), or
those nodes moved to the nearest trail/road cell within ``snap_m`` (``on="trail"``, as field
teams place cameras; see :mod:`twin.cameras.layouts_trail`). The mask itself is
:meth:`twin.estimators.Mask.from_landscape` (the park on a ``mask_spacing_m`` grid).
"""

from __future__ import annotations

import numpy as np

from twin.cameras.layouts_area import StudyArea
from twin.cameras.layouts_grid import lattice
from twin.cameras.layouts_trail import TrailSnapper
from twin.errors import require
from twin.estimators import Mask
from twin.landscape.grid import Landscape

CANDIDATE_KINDS = ("trail", "area")


def candidate_sites(
    area: StudyArea,
    spacing_m: float,
    on: str = "trail",
    snap_m: float = 1000.0,
    trail_layers: tuple[str, ...] = ("trail", "road"),
) -> np.ndarray:
    """Candidate station positions (m), shape (C, 2), at least ``spacing_m`` apart.

    Parameters
    ----------
    area
        Where cameras may stand.
    spacing_m
        Spacing of the candidate lattice (m); trail candidates are thinned to it.
    on
        ``"trail"`` (snapped to trail/road cells) or ``"area"`` (anywhere allowed).
    snap_m
        Largest move of a lattice node to a trail cell (m), for ``on="trail"``.
    trail_layers
        Landscape layers cameras may stand on, for ``on="trail"``.
    """
    require(on in CANDIDATE_KINDS, "candidates.on", on, " or ".join(CANDIDATE_KINDS))
    require(
        np.isfinite(spacing_m) and spacing_m >= area.landscape.resolution_m,
        "candidates.spacing_m",
        spacing_m,
        f"metres >= the landscape resolution {area.landscape.resolution_m:g}",
    )
    xmin, xmax, ymin, ymax = area.bounds_m()
    anchor = ((xmin + xmax) / 2.0, (ymin + ymax) / 2.0)
    reach = float(np.hypot(xmax - xmin, ymax - ymin)) / 2.0 + snap_m
    nodes = lattice("square", anchor, reach, spacing_m, 0.0)
    if on == "trail":
        return TrailSnapper.build(area, trail_layers).snap(nodes, snap_m, spacing_m)
    return nodes[area.allows(nodes[:, 0], nodes[:, 1])]


def habitat_weights(landscape: Landscape, mask: Mask, layer: str = "habitat") -> np.ndarray:
    """Relative density of activity centres per mask point: the ``layer`` value there (M,).

    A planner's prior that animals settle in proportion to habitat quality.
    """
    require(layer in landscape.layers, "weights layer", layer, f"one of {sorted(landscape.layers)}")
    rows, cols = landscape.cell_index(mask.x_m, mask.y_m)
    return np.asarray(landscape.layers[layer][rows, cols], dtype=float)

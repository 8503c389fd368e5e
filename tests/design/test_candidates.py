"""Candidate sites on trails or anywhere allowed, and the habitat prior over a mask."""

from __future__ import annotations

import numpy as np
import pytest

from twin.cameras.layouts_area import StudyArea
from twin.design import candidate_sites, habitat_weights
from twin.errors import TwinInputError
from twin.estimators import Mask


def test_trail_candidates_lie_on_trail_or_road_cells(small_landscape):
    """Every trail candidate is on a trail or road cell, and they are spacing_m apart."""
    area = StudyArea.build(small_landscape, "park")
    sites = candidate_sites(area, 1000.0, on="trail")
    rows, cols = small_landscape.cell_index(sites[:, 0], sites[:, 1])
    on_trail = small_landscape.layers["trail"] | small_landscape.layers["road"]
    assert sites.shape[0] > 20 and on_trail[rows, cols].all()
    gaps = np.hypot(*(sites[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    assert gaps[~np.eye(len(sites), dtype=bool)].min() >= 1000.0


def test_area_candidates_avoid_water_and_villages(small_landscape):
    """Area candidates are all allowed cells of the study area."""
    area = StudyArea.build(small_landscape, "park")
    sites = candidate_sites(area, 1000.0, on="area")
    assert sites.shape[0] > 300 and area.allows(sites[:, 0], sites[:, 1]).all()


def test_unknown_candidate_kind_is_refused(small_landscape):
    """on= other than trail/area raises naming the key."""
    area = StudyArea.build(small_landscape, "park")
    with pytest.raises(TwinInputError, match="candidates.on"):
        candidate_sites(area, 1000.0, on="river")


def test_habitat_weights_read_the_habitat_layer(small_landscape):
    """Weights are the habitat values at the mask points (0 on the water strip)."""
    mask = Mask.from_landscape(small_landscape, 250.0)
    weights = habitat_weights(small_landscape, mask)
    assert weights.shape == (mask.n_points,)
    assert set(np.round(np.unique(weights), 6)) == {0.0, 0.8}

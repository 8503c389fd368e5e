"""An optimised layout runs through the twin as a Layout object."""

from __future__ import annotations

import numpy as np
import pytest

import twin
from twin.cameras.layouts import Layout
from twin.design.evaluate import run_replicates, summarise_replicates
from twin.landscape.build import build_landscape


@pytest.mark.slow
def test_layout_runs_and_is_summarised():
    """A 30-station paired trail layout runs as given; the row counts its stations."""
    scenario = twin.load_scenario(
        ["years=0.3", "report.enabled=false", "policy=no_poaching", "estimation.window_days=91"]
    )
    land = build_landscape(scenario.landscape)
    rows, cols = np.nonzero(land.layers["trail"] & land.layers["park"] & ~land.layers["water"])
    pick = np.linspace(0, rows.size - 1, 30).astype(int)
    x_m = land.x0_m + (cols[pick] + 0.5) * land.resolution_m
    y_m = land.y0_m + (rows[pick] + 0.5) * land.resolution_m
    ids = [f"S{i:02d}" for i in range(30)]
    layout = Layout.from_stations(ids, x_m, y_m, np.zeros(30), paired=True)
    table = run_replicates(scenario, layout, [5])
    assert table["stations"].tolist() == [30]
    assert (table["recaptures"] >= 0).all() and (table["n"] >= 0).all()
    assert summarise_replicates(table)["n_mean"] == table["n"].mean()

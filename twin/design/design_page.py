"""The park director's page: the budget frontier, and the camera layouts beside the grid.

One offline Plotly page from two committed studies: the re-evaluated budget frontier
(:func:`twin.design.frontier.reevaluate`, ``frontier.csv``) and the layout comparison
(``layout_comparison.csv`` and ``layouts.csv`` of ``experiments/layout_comparison.py``). Every
heading says what its figure shows and how to read it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from twin.design.frontier_report import frontier_sections
from twin.design.page import layouts_map
from twin.landscape.grid import Landscape

INTRO = (
    "Top: what a yearly budget buys. Each point is a design of the park's means (cameras, ranger "
    "patrol km a day, former poachers hired as monitors) on the Pareto frontier of the search, "
    "simulated again on fresh seeds; bars are 2 Monte Carlo SE, blue points stay non-dominated "
    "on the fresh means, and hovering a point shows its levers. Read up a vertical line for what "
    "a budget buys; points whose bars overlap are not told apart by this many seeds. Below: for "
    "a camera budget, where the layout optimised by simulating surveys in the twin puts its "
    "paired stations, beside the regular grid of the same cost and the layout optimised on "
    "secr's formula; each heading gives the relative RMSE of the park's leopard count each "
    "design's survey estimates, on the same fresh seeds (lower is better)."
)


def _layout_heading(comparison: pd.DataFrame, cameras: int) -> str:
    rows = comparison[comparison["cameras"] == cameras].set_index("design")
    rmse = rows["rmse"].astype(float).to_dict()
    parts = [f"{d} {rmse[d]:.2f}" for d in ("simulation", "formula", "grid") if d in rmse]
    seeds = int(rows["seeds"].max()) if len(rows) else 0
    return (
        f"{cameras} cameras: the layouts on the park map. Relative RMSE of leopard N: "
        f"{', '.join(parts)} ({seeds} fresh seeds)"
    )


def design_sections(
    frontier: pd.DataFrame,
    landscape: Landscape,
    layouts: pd.DataFrame,
    comparison: pd.DataFrame,
) -> list[tuple[str, str, Any]]:
    """``(heading, div id, figure)``: the frontier's panels, then one map per camera budget.

    Parameters
    ----------
    frontier
        The re-evaluated frontier (``frontier.csv``).
    landscape
        The park the layouts were made on.
    layouts
        Stations of each design and budget (``layouts.csv``: cameras, design, x_m, y_m in m).
    comparison
        The layout comparison (``layout_comparison.csv``).
    """
    sections = [
        (f"Budget frontier: {heading}", div_id, fig)
        for heading, div_id, fig in frontier_sections(frontier)
    ]
    for cameras in sorted(int(c) for c in layouts["cameras"].unique()):
        figure = layouts_map(landscape, layouts[layouts["cameras"] == cameras], cameras)
        sections.append((_layout_heading(comparison, cameras), f"layouts-{cameras}", figure))
    return sections


def design_page(
    frontier: pd.DataFrame,
    landscape: Landscape,
    layouts: pd.DataFrame,
    comparison: pd.DataFrame,
    title: str = "Designing the park's monitoring and protection in the leopard twin",
) -> str:
    """The standalone page (plotly.js embedded) of :func:`design_sections`."""
    from twin.sweeps.figures import summary_page

    return summary_page(title, design_sections(frontier, landscape, layouts, comparison), INTRO)

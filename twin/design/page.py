"""The layout comparison as an offline Plotly page: layouts on the park map, per-seed errors.

Every figure's title says in words how to read it.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from twin.design.comparison import markdown_table, paired_errors
from twin.landscape.grid import Landscape
from twin.viz.maps import landscape_traces, map_layout

DESIGN_STYLE = {
    "grid": {"color": "#212121", "symbol": "square"},
    "formula": {"color": "#1565c0", "symbol": "diamond"},
    "simulation": {"color": "#d84315", "symbol": "circle"},
}


class ComparisonPage:
    """The page's figures and table; :meth:`write_html` writes one self-contained file."""

    def __init__(self, figures: list[go.Figure], table_md: str) -> None:
        self.figures = figures
        self.table_md = table_md

    def write_html(self, path, include_plotlyjs: bool | str = True) -> None:
        """Write the page (plotly.js inlined, so it opens offline)."""
        parts = [
            "<html><head><meta charset='utf-8'><title>Camera layouts: simulation vs grid</title>"
            "</head><body style='font-family:sans-serif;max-width:1300px;margin:auto'>",
            "<h1>Camera layouts optimised by simulation, against the grid and the formula</h1>",
            "<p>Each design has the same camera budget as the grid beside it. All were run on the "
            "same fresh seeds (the same animals) and scored against one truth: the park's "
            "independent leopards on the survey window's midpoint day.</p>",
            f"<pre>{html.escape(self.table_md)}</pre>",
        ]
        for i, fig in enumerate(self.figures):
            js = include_plotlyjs if i == 0 else False
            parts.append(fig.to_html(full_html=False, include_plotlyjs=js))
        parts.append("</body></html>")
        with open(path, "w", encoding="utf-8") as out:
            out.write("\n".join(parts))


def comparison_page(
    landscape: Landscape, table: pd.DataFrame, rows: pd.DataFrame, layouts: pd.DataFrame
) -> ComparisonPage:
    """Maps of each budget's layouts, and the per-seed errors and paired differences."""
    figures = [
        layouts_map(landscape, layouts[layouts.cameras == cameras], int(cameras))
        for cameras in sorted(layouts.cameras.unique())
    ]
    budgets = sorted(rows[rows.role == "fresh"].cameras.unique())
    if budgets:
        figures.append(errors_figure(rows, budgets))
        figures.append(differences_figure(rows, budgets))
    return ComparisonPage(figures, markdown_table(table))


def layouts_map(landscape: Landscape, layouts: pd.DataFrame, cameras: int) -> go.Figure:
    """The three layouts of one budget on the park map."""
    fig = go.Figure(landscape_traces(landscape))
    for design, style in DESIGN_STYLE.items():
        mine = layouts[layouts.design == design]
        fig.add_trace(
            go.Scatter(
                x=(mine.x_m / 1000).round(2),
                y=(mine.y_m / 1000).round(2),
                mode="markers",
                name=f"{design} ({len(mine)} paired stations)",
                marker={**style, "size": 9, "line": {"width": 1, "color": "white"}},
            )
        )
    title = (
        f"{cameras} cameras: where each design puts its paired stations. Green is habitat "
        "quality; click a legend entry to hide a design."
    )
    fig.update_layout(**map_layout(landscape, title))
    return fig


def errors_figure(rows: pd.DataFrame, budgets: list[int]) -> go.Figure:
    """Relative error of each design's estimate on each fresh seed, one panel per budget."""
    fig = make_subplots(rows=1, cols=len(budgets), subplot_titles=[f"{c} cameras" for c in budgets])
    fresh = rows[rows.role == "fresh"]
    for col, cameras in enumerate(budgets, 1):
        for design, style in DESIGN_STYLE.items():
            mine = fresh[(fresh.cameras == cameras) & (fresh.design == design)]
            fig.add_trace(
                go.Scatter(
                    x=mine.seed_index,
                    y=mine.relative_error.round(3),
                    mode="markers",
                    name=design,
                    legendgroup=design,
                    showlegend=col == 1,
                    marker={**style, "size": 7},
                ),
                row=1,
                col=col,
            )
        fig.add_hline(y=0, line={"color": "grey", "dash": "dot"}, row=1, col=col)
    fig.update_xaxes(title="fresh seed (the same animals for every design)")
    fig.update_yaxes(title="relative error of N in the park", col=1)
    fig.update_layout(
        title="Each column of points is one fresh seed seen by the three layouts; nearer the "
        "dotted zero line is better (-1: the SCR fit failed).",
        height=500,
    )
    return fig


def differences_figure(rows: pd.DataFrame, budgets: list[int]) -> go.Figure:
    """Per-seed paired differences |error| - |grid's error|, with their mean."""
    fig = make_subplots(rows=1, cols=len(budgets), subplot_titles=[f"{c} cameras" for c in budgets])
    for col, cameras in enumerate(budgets, 1):
        for design in ("formula", "simulation"):
            seeds, mine, grid = paired_errors(rows, cameras, design)
            if seeds.size == 0:
                continue
            diff = np.abs(mine) - np.abs(grid)
            fig.add_trace(
                go.Scatter(
                    x=seeds,
                    y=diff.round(3),
                    mode="markers",
                    name=f"{design} - grid",
                    legendgroup=design,
                    showlegend=col == 1,
                    marker={**DESIGN_STYLE[design], "size": 7},
                ),
                row=1,
                col=col,
            )
            fig.add_hline(
                y=float(diff.mean()),
                line={"color": DESIGN_STYLE[design]["color"], "dash": "dash"},
                row=1,
                col=col,
            )
        fig.add_hline(y=0, line={"color": "grey", "dash": "dot"}, row=1, col=col)
    fig.update_xaxes(title="fresh seed")
    fig.update_yaxes(title="|error| - |grid's error|", col=1)
    fig.update_layout(
        title="Paired differences: a point below zero is a seed on which the design's estimate "
        "was nearer the truth than the grid's; dashed lines are the means.",
        height=500,
    )
    return fig

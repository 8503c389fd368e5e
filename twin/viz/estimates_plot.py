"""Estimates of the run's survey against the truth: points with 95% CIs and the true values."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

PANELS = (("density", "density per 100 km2"), ("N", "animals (N)"), ("psi", "occupancy psi"))


def estimates_figure(estimates: pd.DataFrame) -> go.Figure:
    """One panel per parameter: each estimator and species with its CI, and the truth."""
    fig = make_subplots(rows=1, cols=len(PANELS), subplot_titles=[t for _, t in PANELS])
    for col, (parameter, _) in enumerate(PANELS, start=1):
        part = estimates[estimates["parameter"] == parameter]
        labels = [f"{e}<br>{s}" for e, s in zip(part["estimator"], part["species"], strict=True)]
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=part["estimate"],
                mode="markers",
                name="estimate (95% CI)",
                marker={"size": 10, "color": "#1565c0"},
                showlegend=col == 1,
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (part["ucl"] - part["estimate"]).fillna(0),
                    "arrayminus": (part["estimate"] - part["lcl"]).fillna(0),
                },
            ),
            row=1,
            col=col,
        )
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=part["truth"],
                mode="markers",
                name="truth",
                showlegend=col == 1,
                marker={"symbol": "x", "size": 12, "color": "#c62828"},
            ),
            row=1,
            col=col,
        )
    fig.update_layout(title="Survey estimates vs the truth", height=420)
    return fig


def estimates_table(estimates: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader compares, rounded."""
    cols = [
        "estimator",
        "species",
        "parameter",
        "unit",
        "estimate",
        "se",
        "lcl",
        "ucl",
        "truth",
        "relative_error",
        "covered",
        "n",
    ]
    present = [c for c in cols if c in estimates.columns]
    return estimates[present].round(3)

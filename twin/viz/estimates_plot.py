"""Estimates of the run's survey against the truth: points with 95% CIs and the true values.

SCR and REM densities have panels of their own: REM on trail cameras is often an order of
magnitude off, and on a shared axis it would flatten SCR against its truth.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

PANELS = (
    ("SCR", "density", "SCR density per 100 km2<br>(truth: over the mask)"),
    ("REM", "density", "REM density per 100 km2<br>(truth: in the park)"),
    ("", "N", "animals N<br>(truth: in the park)"),
    ("", "psi", "occupancy psi<br>(truth: stations passed)"),
)
"""(estimator or "" for any, parameter, title) of each panel, left to right."""
SIGNIFICANT = 3


def significant(values: pd.Series | np.ndarray, digits: int = SIGNIFICANT) -> np.ndarray:
    """Values rounded to ``digits`` significant digits (NaN stays NaN)."""
    x = np.asarray(values, dtype=float)
    scale = np.floor(np.log10(np.abs(np.where(np.isfinite(x) & (x != 0), x, 1.0))))
    factor = 10.0 ** (digits - 1 - scale)
    return np.round(x * factor) / factor


def _panel_rows(estimates: pd.DataFrame, estimator: str, parameter: str) -> pd.DataFrame:
    part = estimates[(estimates["parameter"] == parameter) & np.isfinite(estimates["estimate"])]
    return part[part["estimator"] == estimator] if estimator else part


def _hover(part: pd.DataFrame) -> list[str]:
    definitions = part.get("truth_definition", pd.Series("", index=part.index)).fillna("")
    return [
        f"{e} {s}: {est:.3g} (95% CI {lo:.3g}-{hi:.3g})<br>truth {t:.3g}: {d}"
        for e, s, est, lo, hi, t, d in zip(
            part["estimator"],
            part["species"],
            part["estimate"],
            part["lcl"],
            part["ucl"],
            part["truth"],
            definitions,
            strict=True,
        )
    ]


def _add_panel(fig: go.Figure, part: pd.DataFrame, col: int) -> None:
    labels = [f"{e}<br>{s}" for e, s in zip(part["estimator"], part["species"], strict=True)]
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=significant(part["estimate"]),
            mode="markers",
            name="estimate (95% CI)",
            marker={"size": 10, "color": "#1565c0"},
            showlegend=col == 1,
            hovertext=_hover(part),
            hoverinfo="text",
            error_y={
                "type": "data",
                "symmetric": False,
                "array": significant((part["ucl"] - part["estimate"]).fillna(0)),
                "arrayminus": significant((part["estimate"] - part["lcl"]).fillna(0)),
            },
        ),
        row=1,
        col=col,
    )
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=significant(part["truth"]),
            mode="markers",
            name="truth",
            showlegend=col == 1,
            hovertext=_hover(part),
            hoverinfo="text",
            marker={"symbol": "x", "size": 12, "color": "#c62828"},
        ),
        row=1,
        col=col,
    )


def estimates_figure(estimates: pd.DataFrame) -> go.Figure:
    """One panel per kind of estimate: each estimator and species with its CI, and the truth."""
    fig = make_subplots(
        rows=1, cols=len(PANELS), subplot_titles=[t for _, _, t in PANELS], horizontal_spacing=0.07
    )
    for col, (estimator, parameter, _) in enumerate(PANELS, start=1):
        _add_panel(fig, _panel_rows(estimates, estimator, parameter), col)
        fig.update_yaxes(rangemode="tozero", row=1, col=col)
    fig.update_layout(
        title="Survey estimates (blue, 95% CI) and the truth they are scored against (red x)",
        height=460,
        margin={"t": 110},
        legend={"orientation": "h", "x": 0, "y": -0.2},
    )
    return fig


def estimates_table(estimates: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader compares, numbers to three significant digits."""
    cols = [
        "estimator",
        "species",
        "parameter",
        "unit",
        "estimate",
        "lcl",
        "ucl",
        "truth",
        "relative_error",
        "covered",
        "n",
        "truth_definition",
    ]
    table = estimates[[c for c in cols if c in estimates.columns]].copy()
    for c in ("estimate", "lcl", "ucl", "truth"):
        table[c] = significant(table[c])
    table["relative_error"] = [
        f"{v:+.0%}" if np.isfinite(v) else "" for v in table["relative_error"].astype(float)
    ]
    return table.rename(columns={"lcl": "95% CI low", "ucl": "95% CI high"})

"""Plotly figures of a sweep's scenario summary, its cost-precision frontier and its outcomes.

Figures are built from the summary tables, never from runs. :func:`summary_page` puts them on
one standalone HTML page (plotly.js embedded once, fixed ``div`` ids, no animation), so the same
tables give the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

PANELS = (
    ("relative_bias", "relative_bias_mcse", "relative bias", 0.0),
    ("rse_mean", None, "RSE (mean SE / estimate)", None),
    ("relative_rmse", None, "relative RMSE", None),
    ("coverage", "coverage_mcse", "95% CI coverage", 0.95),
)
"""(column, Monte Carlo SE column, title, reference line) of each summary panel."""


def default_x(summary: pd.DataFrame, by: Sequence[str]) -> str | None:
    """The numeric scenario column with the most levels (None when there is none)."""
    numeric = [
        c
        for c in by
        if pd.api.types.is_numeric_dtype(summary[c]) and not pd.api.types.is_bool_dtype(summary[c])
    ]
    return max(numeric, key=lambda c: (summary[c].nunique(), c), default=None)


def _labels(frame: pd.DataFrame, keys: Sequence[str]) -> pd.Series:
    if not keys:
        return pd.Series("all", index=frame.index)
    parts = [f"{k}=" + frame[k].astype(str) for k in keys]
    out = parts[0]
    for part in parts[1:]:
        out = out + ", " + part
    return out


def summary_figure(
    summary: pd.DataFrame, estimate: str, by: Sequence[str], x: str | None
) -> go.Figure:
    """Bias, RSE, RMSE and coverage of one estimate per scenario, error bars 2 Monte Carlo SE.

    Parameters
    ----------
    summary
        :func:`twin.sweeps.summary.scenario_summary` output.
    estimate
        Estimate name, e.g. ``scr_leopard_density``.
    by
        Scenario columns of ``summary``.
    x
        Scenario column on the x axis (one line per combination of the others); None: one point
        per scenario, labelled.
    """
    part = summary[summary["estimate_name"] == estimate].reset_index(drop=True)
    series_keys = [k for k in by if k != x]
    groups = _labels(part, series_keys)
    xs = part[x] if x is not None else _labels(part, list(by))
    fig = make_subplots(rows=2, cols=2, subplot_titles=[p[2] for p in PANELS])
    for k, (column, mcse, _, reference) in enumerate(PANELS):
        row, col = divmod(k, 2)
        for g, label in enumerate(sorted(groups.unique())):
            rows = groups == label
            error = None
            if mcse is not None:
                error = {"type": "data", "array": (2 * part.loc[rows, mcse]).fillna(0).tolist()}
            fig.add_trace(
                go.Scatter(
                    x=xs[rows].tolist(),
                    y=part.loc[rows, column].tolist(),
                    mode="lines+markers" if x is not None else "markers",
                    name=label,
                    legendgroup=label,
                    showlegend=k == 0,
                    error_y=error,
                    marker={"color": _colour(g)},
                    line={"color": _colour(g)},
                ),
                row=row + 1,
                col=col + 1,
            )
        if reference is not None:
            fig.add_hline(y=reference, line_dash="dot", line_color="#777", row=row + 1, col=col + 1)
    if x is not None:
        fig.update_xaxes(title_text=x)
    fig.update_layout(title=f"{estimate}: scenario summary", height=650)
    return fig


def frontier_figure(
    frontier: pd.DataFrame, estimate: str, precision: str, by: Sequence[str]
) -> go.Figure:
    """Mean cost vs precision per scenario; the cost-precision frontier as a line."""
    labels = _labels(frontier, list(by))
    on = frontier["on_frontier"].to_numpy(bool)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=frontier["cost_mean"].tolist(),
            y=frontier[precision].tolist(),
            mode="markers+text",
            name="scenario",
            text=labels.tolist(),
            textposition="top right",
            textfont={"size": 10},
            hovertemplate="%{text}<br>cost %{x:.4g}<br>" + precision + " %{y:.3g}<extra></extra>",
            marker={"size": 10, "color": np.where(on, "#c62828", "#1565c0").tolist()},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=frontier.loc[on, "cost_mean"].tolist(),
            y=frontier.loc[on, precision].tolist(),
            mode="lines",
            name="frontier",
            line={"color": "#c62828", "shape": "hv"},
        )
    )
    fig.update_layout(
        title=f"{estimate}: cost vs precision",
        xaxis_title="mean cost per survey",
        yaxis_title=precision,
        height=450,
    )
    return fig


def outcome_figure(
    summary: pd.DataFrame,
    by: Sequence[str],
    x: str | None,
    outcomes: Sequence[str] | None = None,
    columns: int = 2,
) -> go.Figure:
    """Median and central interval of each outcome per scenario, one panel per outcome.

    Parameters
    ----------
    summary
        :func:`twin.sweeps.summary.outcome_summary` output.
    by
        Scenario columns of ``summary``.
    x
        Scenario column on the x axis, its levels as categories in sorted order, with one line
        per combination of the other columns (drawn side by side at each level, so that
        intervals do not hide each other); None: one point per scenario, labelled.
    outcomes
        Outcomes to draw, in panel order; default: those of ``summary`` in their order.
    columns
        Panels per row.

    Returns
    -------
    plotly.graph_objects.Figure
        Markers at the median with error bars from ``lower`` to ``upper`` (the interval of the
        summary's ``interval`` column), in each outcome's units.
    """
    names = list(outcomes) if outcomes else list(dict.fromkeys(summary["outcome"]))
    rows = max(1, -(-len(names) // columns))
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=names)
    series_keys = [k for k in by if k != x]
    levels = sorted(_labels(summary, series_keys).unique())
    order = [str(v) for v in sorted(summary[x].unique())] if x is not None else None
    for k, name in enumerate(names):
        part = summary[summary["outcome"] == name].reset_index(drop=True)
        groups = _labels(part, series_keys)
        xs = part[x].astype(str) if x is not None else _labels(part, list(by))
        for g, label in enumerate(levels):
            sel = groups == label
            fig.add_trace(
                go.Scatter(
                    x=xs[sel].tolist(),
                    y=part.loc[sel, "median"].tolist(),
                    mode="lines+markers" if x is not None else "markers",
                    name=label,
                    legendgroup=label,
                    offsetgroup=label,
                    showlegend=k == 0,
                    error_y={
                        "type": "data",
                        "symmetric": False,
                        "array": (part.loc[sel, "upper"] - part.loc[sel, "median"]).tolist(),
                        "arrayminus": (part.loc[sel, "median"] - part.loc[sel, "lower"]).tolist(),
                    },
                    marker={"color": _colour(g)},
                    line={"color": _colour(g)},
                ),
                row=k // columns + 1,
                col=k % columns + 1,
            )
    fig.update_xaxes(type="category", title_text=x)
    if order is not None:
        fig.update_xaxes(categoryorder="array", categoryarray=order)
    interval = float(summary["interval"].iloc[0]) if len(summary) else float("nan")
    fig.update_layout(
        title=f"Outcomes: median and {interval:.0%} interval over replicates",
        height=320 * rows + 80,
        scattermode="group",
    )
    return fig


def _colour(k: int) -> str:
    palette = ("#1565c0", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037")
    return palette[k % len(palette)]


def summary_page(
    title: str, sections: Sequence[tuple[str, str, go.Figure]], intro: str = ""
) -> str:
    """One standalone HTML page: ``(heading, div id, figure)`` per section, plotly.js embedded."""
    parts = [
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:1200px}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{html.escape(intro)}</p>" if intro else "",
    ]
    for k, (heading, div_id, fig) in enumerate(sections):
        parts += [
            f"<h2>{html.escape(heading)}</h2>",
            fig.to_html(
                full_html=False,
                include_plotlyjs=k == 0,
                div_id=div_id,
                auto_play=False,
                config={"displaylogo": False},
            ),
        ]
    parts.append("</body></html>")
    return "\n".join(parts)

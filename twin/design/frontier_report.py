"""The re-evaluated budget frontier as a Markdown table and as a standalone Plotly page.

Both read the table of :func:`twin.design.frontier.reevaluate` (one row per design: levers, cost,
outcome means and their Monte Carlo SEs on fresh seeds).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

FRONTIER_COLUMNS = (
    ("design", "design", "{}"),
    ("cameras", "cameras", "{:.0f}"),
    ("patrol_km_per_day", "patrol km/day", "{:.0f}"),
    ("monitors_hired", "monitors", "{:.0f}"),
    ("penalty_scale", "penalty x", "{:g}"),
    ("cost_rub", "cost, M RUB/yr", "{:.1f}"),
)


def _with_se(mean: float, se: float, fmt: str, se_fmt: str | None = None) -> str:
    if not math.isfinite(se):
        return fmt.format(mean)
    return f"{fmt.format(mean)} ({(se_fmt or fmt).format(se)})"


def frontier_markdown(frame: pd.DataFrame) -> str:
    """The re-evaluated frontier as a Markdown table: levers, cost, mean (MC SE) per outcome."""
    head = [label for _, label, _ in FRONTIER_COLUMNS]
    head += ["N rel. RMSE", "N RSE", "leopards alive", "cats poached", "tigers alive"]
    head += ["estimable / seeds", "non-dominated"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for rec in frame.to_dict("records"):
        cells = [
            fmt.format(rec[c] / 1e6 if c == "cost_rub" else rec[c])
            for c, _, fmt in FRONTIER_COLUMNS
        ]
        cells += [
            _with_se(rec["n_rel_rmse"], rec["n_rel_rmse_se"], "{:.3f}"),
            _with_se(rec["n_rse"], rec["n_rse_se"], "{:.3f}"),
            _with_se(rec["leopards_alive"], rec["leopards_alive_se"], "{:.1f}"),
            _with_se(rec["poaching_deaths"], rec["poaching_deaths_se"], "{:.1f}"),
            _with_se(rec["tigers_alive"], rec["tigers_alive_se"], "{:.1f}"),
            f"{rec['n_estimable']} / {rec['n_seeds']}",
            "yes" if rec["on_frontier_fresh"] else "no",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def paired_markdown(frame: pd.DataFrame) -> str:
    """Each design against the reference (today's park) on the same fresh seeds: the cost
    difference and the mean per-seed difference of each outcome (paired SE in brackets)."""
    head = [label for _, label, _ in FRONTIER_COLUMNS[:5]]
    head += ["cost vs today, M RUB/yr", "leopards alive vs today", "cats poached vs today"]
    head += ["tigers alive vs today"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for rec in frame.to_dict("records"):
        cells = [fmt.format(rec[c]) for c, _, fmt in FRONTIER_COLUMNS[:5]]
        cells.append(f"{rec['cost_vs_reference_rub'] / 1e6:+.1f}")
        for name in ("leopards_alive", "poaching_deaths", "tigers_alive"):
            mean, se = rec[f"{name}_vs_reference"], rec[f"{name}_vs_reference_se"]
            cells.append(_with_se(mean, se, "{:+.1f}", "{:.1f}"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def frontier_page(frame: pd.DataFrame, title: str, intro: str) -> str:
    """Standalone Plotly page (plotly.js embedded) of :func:`frontier_sections`."""
    from twin.sweeps.figures import summary_page

    return summary_page(title, frontier_sections(frame), intro)


def frontier_sections(frame: pd.DataFrame) -> list[tuple[str, str, Any]]:
    """``(heading, div id, figure)`` of cost against leopards alive, against the precision of
    N in the park and against cats poached: error bars 2 MC SE, each point's levers on hover."""
    import plotly.graph_objects as go

    cost = frame["cost_rub"] / 1e6
    hover = [
        f"{r['cameras']} cameras, {r['patrol_km_per_day']:.0f} km/day patrols, "
        f"{r['monitors_hired']} monitors, penalty x{r['penalty_scale']:g}<br>"
        f"{r['cost_rub'] / 1e6:.1f} M RUB a year; {r['n_seeds']} fresh seeds"
        for r in frame.to_dict("records")
    ]
    panels = (
        ("Cost against leopards alive at the end", "frontier-alive", "leopards_alive", "leopards"),
        ("Cost against the precision of N in the park", "frontier-precision", "n_rel_rmse", "RMSE"),
        ("Cost against cats poached", "frontier-poached", "poaching_deaths", "cats poached"),
    )
    sections = []
    for heading, div_id, column, label in panels:
        fig = go.Figure(
            go.Scatter(
                x=cost,
                y=frame[column],
                error_y={"type": "data", "array": 2 * frame[f"{column}_se"].fillna(0)},
                mode="markers",
                marker={
                    "size": 11,
                    "color": np.where(frame["on_frontier_fresh"], "#1565c0", "#999"),
                },
                text=hover,
                hovertemplate="%{text}<br>" + label + ": %{y:.3g}<extra></extra>",
            )
        )
        fig.update_layout(
            xaxis_title="cost, million RUB a year", yaxis_title=label, height=420, showlegend=False
        )
        sections.append((heading, div_id, fig))
    return sections

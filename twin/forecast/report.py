"""``forecast.html``: one standalone page (plotly.js embedded, works offline)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from twin.io.atomic import atomic_write

if TYPE_CHECKING:
    from twin.forecast.result import Forecast

STYLE = (
    "<style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
    "p.note{max-width:60em;color:#333}</style>"
)
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
HOW_TO_READ = {
    "map": "Each dot is one independent animal of one replicate's starting state. Red dots are "
    "animals the cameras identified, placed at a draw from where their detections say their "
    "activity centre lies; blue dots are animals the cameras missed, imputed in number and "
    "place from the fitted density and the chance of being missed there (so they cluster "
    "away from the cameras). Black crosses are the surveyed stations, green triangles the "
    "recommended next layout. Another replicate places the animals differently: the spread "
    "is the uncertainty.",
    "fan": "The line is the median number of animals with their activity centre in the park, "
    "over the replicates; the dark band holds the middle 50% of replicates and the light band "
    "90%. Year 0 is the end of the survey. Bands that overlap between policies mean the data "
    "and the demographic chance cannot tell the policies apart at that horizon.",
    "deaths": "Mean deaths per replicate over the whole horizon, by cause and policy. A policy "
    "that lowers poaching deaths shows a shorter poaching bar; natural deaths grow with the "
    "number of animals alive.",
}


def state_map(forecast: Forecast) -> go.Figure:
    """Replicate 0's state: detected and imputed animals, current and next stations."""
    fig = go.Figure()
    state = forecast.state_table(0)
    independent = state[state["mother"] < 0]
    for detected, name, colour in ((True, "detected", "#d62728"), (False, "imputed", "#1f77b4")):
        part = independent[independent["detected"] == detected]
        fig.add_trace(
            go.Scatter(
                x=part["centre_x_m"],
                y=part["centre_y_m"],
                mode="markers",
                name=f"{name} ({len(part)})",
                marker={"color": colour, "size": 6},
                text=part["species"] + " " + part["sex"],
            )
        )
    for key, name, symbol, colour in (
        ("current_stations_m", "stations surveyed", "x", "black"),
        ("next_stations_m", "next survey", "triangle-up", "#2ca02c"),
    ):
        xy = forecast.context.get(key)
        if xy is not None and len(xy):
            fig.add_trace(
                go.Scatter(
                    x=xy[:, 0],
                    y=xy[:, 1],
                    mode="markers",
                    name=name,
                    marker={"symbol": symbol, "color": colour, "size": 7},
                )
            )
    fig.update_layout(title="Starting state (replicate 0)", xaxis_title="x (m)", height=650)
    fig.update_yaxes(title="y (m)", scaleanchor="x", scaleratio=1)
    return fig


def fan_chart(table: pd.DataFrame, species: str, quantity: str) -> go.Figure:
    """Median, 50% and 90% bands over the years, one colour per policy."""
    fig = go.Figure()
    rows = table[(table["species"] == species) & (table["quantity"] == quantity)]
    for k, (policy, part) in enumerate(rows.groupby("policy", sort=False)):
        colour = COLOURS[k % len(COLOURS)]
        for lo, hi, alpha in (("lo90", "hi90", 0.15), ("lo50", "hi50", 0.3)):
            fig.add_trace(
                go.Scatter(
                    x=list(part["year"]) + list(part["year"])[::-1],
                    y=list(part[hi]) + list(part[lo])[::-1],
                    fill="toself",
                    fillcolor=_rgba(colour, alpha),
                    line={"width": 0},
                    name=f"{policy} {lo[2:]}%",
                    hoverinfo="skip",
                )
            )
        fig.add_trace(
            go.Scatter(
                x=part["year"], y=part["median"], name=f"{policy} median", line={"color": colour}
            )
        )
    fig.update_layout(
        title=f"{species}: {quantity} in the park",
        xaxis_title="years after the survey",
        yaxis_title="animals",
    )
    return fig


def deaths_chart(deaths: pd.DataFrame) -> go.Figure:
    """Mean deaths per replicate by cause and policy, summed over the horizon."""
    total = deaths.groupby(["species", "policy", "cause"], sort=True)["mean_deaths"].sum()
    fig = go.Figure()
    for cause, part in total.reset_index().groupby("cause"):
        fig.add_trace(
            go.Bar(x=[part["species"], part["policy"]], y=part["mean_deaths"], name=cause)
        )
    fig.update_layout(barmode="stack", title="Deaths by cause", yaxis_title="deaths")
    return fig


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def write_html(forecast: Forecast, path: Path) -> None:
    """Write ``forecast.html`` (atomically)."""
    table = forecast.table
    sections = [("Starting state", state_map(forecast), HOW_TO_READ["map"])]
    for species in sorted(set(table["species"])):
        for quantity in ("adults", "all"):
            fig = fan_chart(table, species, quantity)
            sections.append((f"{species}: {quantity}", fig, HOW_TO_READ["fan"]))
    if not forecast.deaths_table.empty:
        sections.append(("Deaths", deaths_chart(forecast.deaths_table), HOW_TO_READ["deaths"]))
    parts = ["<html><head><meta charset='utf-8'><title>Forecast</title>", STYLE, "</head><body>"]
    parts.append(f"<h1>Forecast: {forecast.years:g} years</h1>")
    for k, (title, fig, note) in enumerate(sections):
        parts.append(f"<h2>{html.escape(title)}</h2><p class='note'>{html.escape(note)}</p>")
        parts.append(fig.to_html(full_html=False, include_plotlyjs=k == 0))
    for title, frame in (
        ("SCR estimates", forecast.estimates),
        ("Next survey", forecast.recommendation),
    ):
        if frame is not None and len(frame):
            rows = frame.to_html(index=False, float_format=lambda v: f"{v:.4g}")
            parts.append(f"<h2>{title}</h2>" + rows)
    parts.append("</body></html>")
    text = "\n".join(parts)
    atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))

"""Population over time by species, sex and stage."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from twin.population.state import DEATH_CAUSES

STAGE_COLOURS = {"adult": "#1f77b4", "subadult": "#ff7f0e", "cub": "#2ca02c"}
SEX_DASH = {"female": "solid", "male": "dot"}


def population_figure(population: pd.DataFrame) -> go.Figure:
    """One panel per species: daily counts by sex and stage, plus the total."""
    species = list(dict.fromkeys(population["species"]))
    fig = make_subplots(
        rows=1, cols=len(species), subplot_titles=[s.title() for s in species], shared_xaxes=True
    )
    for col, sp in enumerate(species, start=1):
        part = population[population["species"] == sp]
        total = part.groupby("date", sort=True)["count"].sum()
        fig.add_trace(
            go.Scatter(
                x=total.index,
                y=total.values,
                name=f"{sp} total",
                mode="lines",
                line={"color": "black", "width": 3},
            ),
            row=1,
            col=col,
        )
        for (sex, stage), g in part.groupby(["sex", "stage"], sort=True):
            fig.add_trace(
                go.Scatter(
                    x=g["date"],
                    y=g["count"],
                    mode="lines",
                    name=f"{sp} {sex} {stage}",
                    line={"color": STAGE_COLOURS.get(stage), "dash": SEX_DASH.get(sex)},
                ),
                row=1,
                col=col,
            )
    fig.update_layout(
        title="Animals alive by species, sex and stage", height=450, yaxis_title="animals"
    )
    return fig


def deaths_table(individuals: pd.DataFrame) -> pd.DataFrame:
    """Deaths during the run by species and cause."""
    dead = individuals[
        ~individuals["alive_at_end"]
        & (individuals["death_day"] >= 0)
        & individuals["death_cause"].isin(DEATH_CAUSES)
    ]
    return dead.groupby(["species", "death_cause"]).size().rename("deaths").reset_index()

"""The hindcast's fan chart: census views of each year with 50/90% bands against the censuses,
and deaths by cause per year (standalone Plotly)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from twin.calibration.census import CENSUS

SPECIES = ("leopard", "tiger")
STAGES = ("all", "adult", "cub")


def _shown(table: pd.DataFrame) -> str:
    return "historical" if "historical" in set(table["policy"]) else str(table["policy"].iloc[0])


def _band(fig: Any, values: pd.DataFrame, row: int, col: int) -> None:
    """Median line and 50/90% bands of ``values`` (replicates in rows, years in columns)."""
    import plotly.graph_objects as go

    band = values.quantile([0.05, 0.25, 0.5, 0.75, 0.95]).T
    years = list(band.index)
    for lo, hi, alpha in ((0.05, 0.95, 0.2), (0.25, 0.75, 0.4)):
        fig.add_trace(
            go.Scatter(
                x=years + years[::-1],
                y=list(band[hi]) + list(band[lo])[::-1],
                fill="toself",
                fillcolor=f"rgba(30,100,200,{alpha})",
                line={"width": 0},
                showlegend=False,
                hoverinfo="skip",
            ),
            row=row,
            col=col,
        )
    fig.add_trace(
        go.Scatter(x=years, y=band[0.5], mode="lines", name="median", showlegend=False),
        row=row,
        col=col,
    )


def fan_chart(
    counts: pd.DataFrame, deaths: pd.DataFrame, enforcement: pd.DataFrame | None = None
) -> Any:
    """Plotly figure of one policy's replicates (``historical`` if present).

    Rows 1-2: the census's view of each year (``all``, ``adult``, ``cub`` stages of the counts),
    median and 50/90% bands over replicates, with the census figures as points at their year.
    Row 3: deaths per year by cause (median over replicates), by species; and, with
    ``enforcement`` (per replicate, policy and year), poaching trips per year (median and 50/90%
    bands) and arrests per year (median), on a log scale.
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    titles = [f"{s} {g}" for s in SPECIES for g in STAGES]
    titles += [f"{s} deaths by cause (median)" for s in SPECIES]
    titles += ["poaching trips (bands) and arrests per year"]
    fig = make_subplots(rows=3, cols=3, subplot_titles=titles)
    shown = _shown(counts)
    hist = counts[counts["policy"] == shown]
    for k, (species, stage) in enumerate((s, g) for s in SPECIES for g in STAGES):
        row, col = k // 3 + 1, k % 3 + 1
        mine = hist[(hist["species"] == species) & (hist["stage"] == stage)]
        _band(fig, mine.pivot(index="replicate", columns="year", values="count"), row, col)
        cen = CENSUS[(CENSUS["species"] == species) & (CENSUS["stage"] == stage)]
        fig.add_trace(
            go.Scatter(x=cen["year"], y=cen["census"], mode="markers", name="census",
                       showlegend=False, marker={"color": "black", "size": 8}),
            row=row, col=col,
        )  # fmt: skip
    _deaths_panels(fig, deaths[deaths["policy"] == shown], sorted(set(hist["replicate"])))
    if enforcement is not None and len(enforcement):
        _enforcement_panel(fig, enforcement[enforcement["policy"] == shown])
    fig.update_layout(
        height=1000,
        title=f"Hindcast ({shown}): cats a census of each year identifies (median, 50/90% bands) "
        "vs the censuses (points); deaths by cause",
    )
    return fig


def _deaths_panels(fig: Any, died: pd.DataFrame, replicates: list[int]) -> None:
    """Row 3, columns 1-2: each species' deaths per year by cause (median over ``replicates``;
    a replicate without such deaths in a year counts 0)."""
    import plotly.graph_objects as go

    years = range(int(died["year"].min()), int(died["year"].max()) + 1) if len(died) else range(0)
    for col, species in enumerate(SPECIES, start=1):
        for cause, d in died[died["species"] == species].groupby("cause"):
            per_year = d.pivot_table(
                index="replicate", columns="year", values="deaths", aggfunc="sum"
            )
            median = per_year.reindex(index=replicates, columns=years).fillna(0).median()
            fig.add_trace(
                go.Scatter(x=list(median.index), y=median.to_numpy(np.float64), mode="lines",
                           name=f"{species} {cause}"),
                row=3, col=col,
            )  # fmt: skip


def _enforcement_panel(fig: Any, mine: pd.DataFrame) -> None:
    """Row 3, column 3: poaching trips per year (median and bands) and arrests (median), log."""
    import plotly.graph_objects as go

    _band(fig, mine.pivot(index="replicate", columns="year", values="trips"), 3, 3)
    arrests = mine.pivot(index="replicate", columns="year", values="arrests").median()
    fig.add_trace(
        go.Scatter(x=list(arrests.index), y=arrests.to_numpy(np.float64), mode="lines",
                   name="arrests", line={"color": "black"}),
        row=3, col=3,
    )  # fmt: skip
    fig.update_yaxes(type="log", row=3, col=3)

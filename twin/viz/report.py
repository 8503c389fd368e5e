"""The run report: one standalone HTML page (plotly.js embedded, works offline)."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go

from twin.results import RunResult
from twin.viz.population_plots import deaths_table, population_figure
from twin.viz.report_text import INTRO, findings_html, note
from twin.viz.teaching import INTERRUPTED_ANIMATION_JS
from twin.viz.tracks_plot import tracks_figure

FigureMaker = Callable[[], go.Figure]
"""Makes one section's figure when the page reaches it."""

STYLE = (
    "<style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
    "p.note{max-width:60em;color:#333}li{margin:0.3em 0;max-width:60em}</style>"
)


def _div(fig: go.Figure, div_id: str, first: bool) -> str:
    # An animated figure's pause rejects Plotly's animation promise: mark it handled.
    return fig.to_html(
        full_html=False,
        include_plotlyjs=first,
        div_id=div_id,
        auto_play=False,
        config={"displaylogo": False},
        post_script=INTERRUPTED_ANIMATION_JS if fig.frames else None,
    )


def _survey_sections(result: RunResult) -> list[tuple[str, FigureMaker]]:
    observations = result.observations
    if observations is None:
        return []
    from twin.io import operation_matrix
    from twin.viz.survey_plots import individuals_figure, layout_figure, uptime_figure

    landscape = result.landscape
    records = observations.records
    stations = observations.layout.stations
    estimates = result.estimates
    head: list[tuple[str, FigureMaker]] = []
    if estimates is not None:
        from twin.viz.estimates_plot import estimates_figure

        head = [("Survey estimates vs truth", lambda: estimates_figure(estimates))]
    return head + [
        (
            "Camera survey: layout and detections",
            lambda: layout_figure(landscape, stations, records.sequences),
        ),
        (
            "Camera survey: uptime",
            lambda: uptime_figure(operation_matrix(records, by="station")),
        ),
        (
            "Camera survey: who was seen where",
            lambda: individuals_figure(landscape, stations, records.sequences),
        ),
    ]


def _figures(result: RunResult) -> list[tuple[str, FigureMaker]]:
    """Population, movement and (with a survey) the survey's figures, titled; each is made when
    its section is written, so that a long run's figures are not all held at once."""
    meta, report = result.metadata, result.scenario.report

    def movement() -> go.Figure:
        return tracks_figure(
            result.landscape,
            result.individuals,
            result.tracks,
            meta["tick_min"],
            report.sample_animals,
            report.frame_days,
        )

    return [
        ("Population", lambda: population_figure(result.population)),
        ("Movement", movement),
    ] + _survey_sections(result)


def _head(result: RunResult) -> list[str]:
    """Title, run line, how to read the page and (with estimates) the main biases."""
    meta = result.metadata
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Leopard twin run</title>",
        STYLE,
        "</head><body>",
        "<h1>Land of the Leopard twin: one run</h1>",
        f"<p>seed {meta['seed']}, {meta['days']} days from {meta['start_date']}, "
        f"{meta['tick_min']:g}-min ticks; "
        f"twin {html.escape(meta['versions'].get('twin', ''))}.</p>",
        f"<p class='note'>{INTRO}</p>",
    ]
    if result.estimates is not None:
        parts.append(findings_html(result.estimates))
    return parts


def _tables(result: RunResult) -> list[str]:
    """Deaths by cause and (with estimates) the estimates table, each with its note."""
    deaths = deaths_table(result.individuals)
    parts = [
        "<h2>Deaths by cause</h2>",
        note("Deaths by cause"),
        deaths.to_html(index=False) if len(deaths) else "<p>No deaths.</p>",
    ]
    estimates = result.estimates
    if estimates is not None:
        from twin.viz.estimates_plot import estimates_table

        first, end = (int(estimates[c].iloc[0]) for c in ("window_start_day", "window_end_day"))
        parts += [
            f"<h2>Survey estimates (days {first}-{end - 1} of the run)</h2>",
            note("Survey estimates"),
            estimates_table(estimates).to_html(index=False, na_rep="-"),
        ]
    return parts


def _made(fig: go.Figure) -> FigureMaker:
    return lambda: fig


def report_html(result: RunResult, sections: list[tuple[str, go.Figure]] | None = None) -> str:
    """Build the report page from a result (and extra sections a later stage adds)."""
    parts = _head(result) + _tables(result)
    later = [(title, _made(fig)) for title, fig in sections or []]
    for k, (title, make) in enumerate(_figures(result) + later):
        parts += [
            f"<h2>{html.escape(title)}</h2>",
            note(title),
            _div(make(), f"fig{k}", first=k == 0),
        ]
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(
    result: RunResult, path: str | Path, sections: list[tuple[str, go.Figure]] | None = None
) -> Path:
    """Write ``report.html`` atomically and return its path."""
    from twin.results import atomic_write

    out = Path(path)
    page = report_html(result, sections)
    atomic_write(out, lambda p: p.write_text(page, encoding="utf-8"))
    return out

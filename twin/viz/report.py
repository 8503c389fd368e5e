"""The run report: one standalone HTML page (plotly.js embedded, works offline)."""

from __future__ import annotations

import html
from pathlib import Path

import plotly.graph_objects as go

from twin.results import RunResult
from twin.viz.population_plots import deaths_table, population_figure
from twin.viz.tracks_plot import tracks_figure


def _div(fig: go.Figure, div_id: str, first: bool) -> str:
    return fig.to_html(
        full_html=False,
        include_plotlyjs=first,
        div_id=div_id,
        auto_play=False,
        config={"displaylogo": False},
    )


def _survey_sections(result: RunResult) -> list[tuple[str, go.Figure]]:
    observations = result.observations
    if observations is None:
        return []
    from twin.io import operation_matrix
    from twin.viz.survey_plots import individuals_figure, layout_figure, uptime_figure

    landscape = result.landscape
    records = observations.records
    stations = observations.layout.stations
    estimates = result.estimates
    head = []
    if estimates is not None:
        from twin.viz.estimates_plot import estimates_figure

        head = [("Survey estimates vs truth", estimates_figure(estimates))]
    return head + [
        (
            "Camera survey: layout and detections",
            layout_figure(landscape, stations, records.sequences),
        ),
        ("Camera survey: uptime", uptime_figure(operation_matrix(records, by="station"))),
        (
            "Camera survey: who was seen where",
            individuals_figure(landscape, stations, records.sequences),
        ),
    ]


def report_html(result: RunResult, sections: list[tuple[str, go.Figure]] | None = None) -> str:
    """Build the report page from a result (and extra sections a later stage adds)."""
    landscape = result.landscape
    meta = result.metadata
    report = result.scenario.report
    figs = (
        [
            ("Population", population_figure(result.population)),
            (
                "Movement",
                tracks_figure(
                    landscape,
                    result.individuals,
                    result.tracks,
                    meta["tick_min"],
                    report.sample_animals,
                    report.frame_days,
                ),
            ),
        ]
        + _survey_sections(result)
        + list(sections or [])
    )
    deaths = deaths_table(result.individuals)
    estimates = result.estimates
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Leopard twin run</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}</style>",
        "</head><body>",
        "<h1>Land of the Leopard twin: one run</h1>",
        f"<p>seed {meta['seed']}, {meta['days']} days from {meta['start_date']}, "
        f"{meta['tick_min']:g}-min ticks; "
        f"twin {html.escape(meta['versions'].get('twin', ''))}.</p>",
        "<h2>Deaths by cause</h2>",
        deaths.to_html(index=False) if len(deaths) else "<p>No deaths.</p>",
    ]
    if estimates is not None:
        from twin.viz.estimates_plot import estimates_table

        window = (
            f"days {estimates['window_start_day'].iloc[0]}-{estimates['window_end_day'].iloc[0]}"
        )
        parts += [
            f"<h2>Survey estimates ({window} of the run)</h2>",
            estimates_table(estimates).to_html(index=False, na_rep="-"),
        ]
    for k, (title, fig) in enumerate(figs):
        parts += [f"<h2>{html.escape(title)}</h2>", _div(fig, f"fig{k}", first=k == 0)]
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

"""A run folder: every table of a :class:`~twin.results.RunResult`, written and read back.

Tables are written atomically; ``metadata.json`` goes last and records each table's column types,
so that :func:`read_run_folder` returns tables equal to those written. A folder without
``metadata.json`` is an interrupted write (an earlier one is removed before anything else is
written, so a re-run that dies never looks complete).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from twin.io.atomic import atomic_write, write_json
from twin.io.folder_lock import folder_lock

if TYPE_CHECKING:
    from twin.results import Observations, RunResult

log = logging.getLogger(__name__)
METADATA = "metadata.json"
TIMINGS = "timings.json"
TRUTH_TABLES = {
    "population": "population.csv",
    "individuals": "individuals.csv",
    "tracks": "tracks.parquet",
    "deaths": "deaths_by_cause.csv",
}
THREAT_TABLES = ("poaching_events", "arrests", "patrols", "trips", "people_tracks")
RECORD_TABLES = ("deployments", "media", "operation")
SEQUENCES = "camera_sequences_truth.parquet"
OBSERVATIONS = "observations"
SURVEY_FILES = {
    "package": "camtrap-dp",
    "shared_package": "camtrap-dp-shared",
    "operation": "camera_operation.csv",
    "outages": "camera_outages.csv",
    "stations": "stations.csv",
    "truth": SEQUENCES,
    "secr": "secr",
    "observations": OBSERVATIONS,
}


def write_table(path: Path, table: pd.DataFrame, schemas: dict[str, dict[str, str]]) -> None:
    """Write ``table`` as CSV or Parquet (by suffix) atomically, noting its column types."""
    if path.suffix == ".parquet":
        atomic_write(path, lambda p: table.to_parquet(p, index=False))
    else:
        atomic_write(path, lambda p: table.to_csv(p, index=False))
    schemas[path.name] = {str(c): str(t) for c, t in table.dtypes.items()}


def read_table(path: Path, schema: dict[str, str] | None) -> pd.DataFrame:
    """Read a table written by :func:`write_table`, with the column types it had."""
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    schema = schema or {}
    text = [c for c, t in schema.items() if t == "object"]
    frame = pd.read_csv(
        path,
        dtype={c: str for c in text},
        keep_default_na=False,
        na_values={c: [""] for c in schema if c not in text},
    )
    typed = {c: t for c, t in schema.items() if t != "object" and c in frame}
    return frame.astype(typed) if typed else frame


OUTPUTS = (
    METADATA,
    TIMINGS,
    "config.yaml",
    *TRUTH_TABLES.values(),
    *(f"{name}.csv" for name in THREAT_TABLES),
    *SURVEY_FILES.values(),
    "estimates.csv",
    "centres_truth.parquet",
    "report.html",
)
"""Every file or folder a run writes; a new write removes those of an earlier run first."""


def write_run_folder(result: RunResult, out: Path, report: bool | None) -> Path:
    """Write ``result`` into ``out`` (see :meth:`twin.results.RunResult.write`), holding the
    folder's lock; the completion mark of an earlier run goes first, then its other outputs."""
    with folder_lock(out):
        return _write(result, out, report)


def clear_outputs(out: Path) -> None:
    """Remove an earlier run's outputs from ``out``, its completion mark first."""
    import shutil

    for name in OUTPUTS:
        path = out / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def _write(result: RunResult, out: Path, report: bool | None) -> Path:
    started = time.perf_counter()
    clear_outputs(out)
    schemas: dict[str, dict[str, str]] = {}
    config = result.scenario.to_yaml()
    atomic_write(out / "config.yaml", lambda p: p.write_text(config))
    for name, filename in TRUTH_TABLES.items():
        if name == "tracks":
            result.track_table.write(out / filename)
            schemas[filename] = result.track_table.dtypes
        else:
            write_table(out / filename, getattr(result, name), schemas)
    for name, table in result.threats.items():
        write_table(out / f"{name}.csv", table, schemas)
    meta = dict(result.metadata)
    log.info("wrote the truth and threat tables to %s", out)
    if result.observations is not None:
        meta["survey"] = {
            **meta.get("survey", {}),
            "files": _write_survey(result, out, schemas),
        }
        log.info("wrote the survey: Camtrap DP package, secr/, operation and stations")
    if result.estimates is not None and result.centres is not None:
        write_table(out / "estimates.csv", result.estimates, schemas)
        write_table(out / "centres_truth.parquet", result.centres, schemas)
    if result.scenario.report.enabled if report is None else report:
        from twin.viz.report import write_report

        write_report(_with_drawn_tracks(result), out / "report.html")
        log.info("wrote report.html")
    write_json(out / TIMINGS, result.timings)
    write_json(out / METADATA, {**meta, "tables": schemas, "complete": True})
    log.info("wrote metadata.json: the folder is complete (%.1f s)", time.perf_counter() - started)
    return out


def _with_drawn_tracks(result: RunResult) -> RunResult:
    """The result with the tracks of the animals the report draws only (a long run's tracks
    stay in their file)."""
    import dataclasses

    from twin.viz.tracks_plot import sample_ids

    tracked = pd.DataFrame({"id": result.track_table.ids()})
    ids = sample_ids(result.individuals, tracked, result.scenario.report.sample_animals)
    return dataclasses.replace(result, tracks=result.track_table.frame(ids))


def _write_survey(result: RunResult, out: Path, schemas: dict[str, dict[str, str]]) -> dict:
    """The survey's files: what a field team has, its truth, and the records for reading back."""
    from twin.cameras.layouts_file import write_stations
    from twin.io import (
        ProjectMetadata,
        SharingPolicy,
        operation_matrix,
        write_camtrap_dp,
        write_outages_csv,
    )
    from twin.run_tables import observer_table

    assert result.observations is not None
    obs = result.observations
    records = obs.records
    files = dict(SURVEY_FILES)
    sharing = result.scenario.output.sharing
    private = ProjectMetadata().licensed(sharing.private_license)
    animals = observer_table(result.individuals, result.scenario.species)
    write_camtrap_dp(
        records, out / files["package"], metadata=private, overwrite=True, animals=animals
    )
    if result.scenario.output.shared_package:
        share = SharingPolicy(
            grid_m=sharing.grid_m,
            withhold_recent_days=sharing.withhold_recent_days,
            heading=sharing.heading,
            secret=result.scenario.run.seed,
        )
        shared = ProjectMetadata().licensed(sharing.shared_license)
        folder = out / files["shared_package"]
        write_camtrap_dp(
            records, folder, metadata=shared, share=share, overwrite=True, animals=animals
        )
    else:
        del files["shared_package"]
    matrix = operation_matrix(records, by="station")
    atomic_write(out / files["operation"], lambda p: matrix.to_csv(p))
    write_outages_csv(records, out / files["outages"])
    write_stations(obs.layout, out / files["stations"])
    write_table(out / SEQUENCES, records.sequences, schemas)
    _write_secr(result, out / files["secr"])
    folder = out / OBSERVATIONS
    folder.mkdir(exist_ok=True)
    for name in RECORD_TABLES:
        write_table(folder / f"{name}.parquet", getattr(records, name), schemas)
    write_table(folder / "stations.parquet", obs.layout.stations, schemas)
    write_table(folder / "cameras.parquet", obs.layout.cameras, schemas)
    return files


def _write_secr(result: RunResult, folder: Path) -> None:
    """secr's captures and traps CSVs per species, and the mask, of what the estimates fit.

    With estimates: the estimation window, ``estimation.occasion_days``, dependent cubs left
    out, and ``<species>_mask.csv`` (x, y in m), so that ``twin-estimate`` on these files gives
    the SCR density of ``estimates.csv``. Without: the whole survey, ``output.occasion_days``.
    """
    from twin.assessment.survey_estimates import (
        estimation_window,
        survey_history,
        survey_mask,
        without_cubs,
    )
    from twin.taxa import CAT_KEYS

    assert result.observations is not None
    folder.mkdir(exist_ok=True)
    records, centres = result.observations.records, result.centres
    if result.estimates is None or centres is None:
        for key in CAT_KEYS:
            history = result.observations.capture_history(key, result.scenario.output.occasion_days)
            history.to_secr_csv(folder / f"{key}_captures.csv", folder / f"{key}_traps.csv")
        return
    settings = result.scenario.estimation
    seen = without_cubs(records, centres)
    window = estimation_window(records, settings)
    for key in CAT_KEYS:
        history = survey_history(seen, key, settings, *window)
        history.to_secr_csv(folder / f"{key}_captures.csv", folder / f"{key}_traps.csv")
        mask = survey_mask(history, settings, result.landscape)
        table = pd.DataFrame({"x": mask.x_m, "y": mask.y_m})
        atomic_write(folder / f"{key}_mask.csv", lambda p, t=table: t.to_csv(p, index=False))


def read_run_folder(cls: type[RunResult], src: Path) -> RunResult:
    """Read a complete run folder (see :meth:`twin.results.RunResult.read`)."""
    from twin.config.scenario import Scenario

    meta = _json(src / METADATA)
    schemas = meta.pop("tables", {})
    meta.pop("complete", None)
    scenario = Scenario.from_yaml((src / "config.yaml").read_text())
    tables: dict[str, Any] = {
        name: read_table(src / filename, schemas.get(filename))
        for name, filename in TRUTH_TABLES.items()
    }
    threats = {
        name: read_table(src / f"{name}.csv", schemas.get(f"{name}.csv"))
        for name in THREAT_TABLES
        if (src / f"{name}.csv").exists()
    }
    estimates = centres = None
    if (src / "estimates.csv").exists():
        estimates = read_table(src / "estimates.csv", schemas.get("estimates.csv"))
        centres = pd.read_parquet(src / "centres_truth.parquet")
    timings = _json(src / TIMINGS) if (src / TIMINGS).exists() else {}
    return cls(
        scenario=scenario,
        metadata=meta,
        threats=threats,
        observations=_read_observations(src, meta.get("survey", {})),
        estimates=estimates,
        centres=centres,
        timings=timings,
        **tables,
    )


def _read_observations(src: Path, survey: dict[str, Any]) -> Observations | None:
    from twin.cameras.layouts import Layout
    from twin.cameras.records import SurveyRecords
    from twin.results import Observations

    folder = src / OBSERVATIONS
    if not survey.get("enabled") or not folder.exists():
        return None
    meta = survey["records"]
    records = SurveyRecords(
        sequences=pd.read_parquet(src / SEQUENCES),
        start_datetime=dt.datetime.fromisoformat(meta["start_datetime"]),
        survey_days=float(meta["survey_days"]),
        tick_min=float(meta["tick_min"]),
        crs=meta["crs"],
        **{name: pd.read_parquet(folder / f"{name}.parquet") for name in RECORD_TABLES},
    )
    layout = Layout.from_tables(
        pd.read_parquet(folder / "stations.parquet"),
        pd.read_parquet(folder / "cameras.parquet"),
        pattern=survey["pattern"],
        crs=meta["crs"],
        spacing_m=survey["spacing_m"],
        warnings=survey["layout_warnings"],
    )
    return Observations(records, layout, int(survey["passages"]))


def _json(path: Path) -> Any:
    import json

    return json.loads(path.read_text())

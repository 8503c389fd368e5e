"""Write a run's outputs to a folder: truth tables, survey observations, resolved config, report.

``metadata.json`` is written last: a folder without it is an interrupted run.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from omegaconf import OmegaConf

from twin.population.state import DEATH_CAUSES
from twin.results import RunResult, atomic_write
from twin.runner import run
from twin.taxa import CAT_KEYS, TAXA, code_of

SURVEY_FILES = {
    "package": "camtrap-dp",
    "shared_package": "camtrap-dp-shared",
    "operation": "camera_operation.csv",
    "outages": "camera_outages.csv",
    "stations": "stations.csv",
    "truth": "camera_sequences_truth.parquet",
}


def write_survey(result: RunResult, out: Path, cfg: Mapping[str, Any]) -> dict[str, str]:
    """Write the survey's observation files (what a field team has) and its truth table."""
    from twin.cameras.layouts_file import write_stations
    from twin.io import (
        SharingPolicy,
        capture_history_from_records,
        operation_matrix,
        write_camtrap_dp,
        write_outages_csv,
    )

    records = result.extra["records"]
    survey = result.extra["survey"]
    occasion_days = float(cfg.get("output", {}).get("occasion_days", 7))
    written = {}
    write_camtrap_dp(records, out / SURVEY_FILES["package"], overwrite=True)
    written["package"] = SURVEY_FILES["package"]
    if cfg.get("output", {}).get("shared_package", False):
        write_camtrap_dp(
            records, out / SURVEY_FILES["shared_package"], share=SharingPolicy(), overwrite=True
        )
        written["shared_package"] = SURVEY_FILES["shared_package"]
    matrix = operation_matrix(records, by="station")
    atomic_write(out / SURVEY_FILES["operation"], lambda p: matrix.to_csv(p))
    write_outages_csv(records, out / SURVEY_FILES["outages"])
    write_stations(survey.layout, out / SURVEY_FILES["stations"])
    truth = records.sequences
    atomic_write(out / SURVEY_FILES["truth"], lambda p: truth.to_parquet(p, index=False))
    secr = out / "secr"
    secr.mkdir(exist_ok=True)
    for key in CAT_KEYS:
        taxon = TAXA[code_of(key)]
        history = capture_history_from_records(records, taxon.scientific_name, occasion_days)
        history.to_secr_csv(secr / f"{key}_captures.csv", secr / f"{key}_traps.csv")
        result.extra.setdefault("histories", {})[key] = history
    written["secr"] = "secr"
    if result.extra.get("estimates") is not None:
        table = result.extra["estimates"]
        atomic_write(out / "estimates.csv", lambda p: table.to_csv(p, index=False))
        centres = result.extra["centres"]
        atomic_write(out / "centres_truth.parquet", lambda p: centres.to_parquet(p, index=False))
        written["estimates"] = "estimates.csv"
    return written


def deaths_by_cause(result: RunResult) -> pd.DataFrame:
    """Deaths per calendar year, species and cause during the run (cats that emigrated, which
    left the window alive, are not deaths)."""
    ind = result.individuals
    dead = ind[(ind["death_day"] >= 0) & ind["death_cause"].isin(DEATH_CAUSES)]
    year = dead["death_date"].str.slice(0, 4).astype(int)
    table = dead.assign(year=year).groupby(["year", "species", "death_cause"]).size()
    return table.rename("deaths").reset_index()


def write_run(cfg: Mapping[str, Any], folder: str | Path) -> Path:
    """Run the twin with ``cfg`` and write everything into ``folder``; return the folder."""
    result = run(cfg)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    resolved = OmegaConf.to_yaml(OmegaConf.create(result.metadata["config"]), sort_keys=True)
    atomic_write(out / "config.yaml", lambda p: p.write_text(resolved))
    deaths = deaths_by_cause(result)
    atomic_write(out / "deaths_by_cause.csv", lambda p: deaths.to_csv(p, index=False))
    threats = result.extra.get("threats")
    if threats is not None:
        for name, table in threats.tables().items():
            atomic_write(out / f"{name}.csv", lambda p, t=table: t.to_csv(p, index=False))
    if result.extra.get("records") is not None:
        result.metadata["survey"]["files"] = write_survey(result, out, cfg)
    if result.extra["settings"].report:
        from twin.viz.report import write_report

        write_report(result, out / "report.html")
    result.write(out)
    return out

"""Observing-system simulation experiments (OSSE) of the live twin: a thin Hydra app.

Composes ``experiments/conf/osse.yaml`` (the twin's config groups plus an ``osse`` node), runs
the nature runs of one OSSE kind that are not cached yet (:mod:`twin.assessment.osse_study`)
and rewrites ``experiments/osse/osse_coverage.csv`` from every cached case of every kind. See
``docs/live-twin.md``. Run from the repository root::

    python -m experiments.osse                        # identical twin
    python -m experiments.osse osse.kind=fraternal    # nature's rates from the calibration
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hydra
import pandas as pd
from omegaconf import DictConfig

from twin.assessment.osse import KINDS, OsseDesign
from twin.assessment.osse_study import NatureJob, coverage_table, read_cases, run_study
from twin.calibration import load_posterior
from twin.cli.sweep_app import exit_2_on_input_error, job_config
from twin.config.schema import TwinConfig
from twin.config.sweep_schema import register
from twin.errors import require
from twin.io.docs_block import rewrite_block
from twin.sweeps.job import twin_scenario

log = logging.getLogger(__name__)


@dataclass
class OsseSettings:
    """The study's own keys (see experiments/conf/osse.yaml for their meaning)."""

    kind: str = "identical"
    natures: int = 50
    replicates: int = 20
    horizons_years: list[int] = field(default_factory=lambda: [1, 3])
    spinup_years: int = 1
    survey_days: int = 91
    policy: str = "historical"
    seed: int = 20261207
    workers: int = 2
    forecast_ticks_per_step: int = 96
    calibration: str = "experiments/calibration/current/hindcast_abc.csv"
    out: str = "experiments/osse"
    summary_only: bool = False
    docs: str = "docs/live-twin.md"


@dataclass
class OsseConfig(TwinConfig):
    """The twin's run config plus the ``osse`` node."""

    osse: OsseSettings = field(default_factory=OsseSettings)


register("osse_schema", OsseConfig)


def jobs(config: dict[str, Any]) -> list[NatureJob]:
    """The nature runs of the configured OSSE kind (parameters drawn for a fraternal one)."""
    s = config.pop("osse")
    require(s["natures"] >= 1, "osse.natures", s["natures"], "a whole number >= 1")
    design = OsseDesign(
        kind=s["kind"],
        replicates=s["replicates"],
        horizons_years=tuple(int(h) for h in s["horizons_years"]),
        spinup_years=s["spinup_years"],
        survey_days=s["survey_days"],
        policy=s["policy"],
    )
    base = twin_scenario(config)
    forecast_base = base.replace(ticks_per_step=s["forecast_ticks_per_step"])
    draws = [{}] * s["natures"]
    if design.kind == "fraternal":
        path = Path(s["calibration"])
        require(path.is_file(), "osse.calibration", str(path), "an ABC table (hindcast_abc.csv)")
        table = load_posterior(path, s["natures"], s["seed"])
        draws = [{k: float(v) for k, v in row.items()} for _, row in table.iterrows()]
    return [
        NatureJob(base, forecast_base, design, i, s["seed"], draws[i]) for i in range(s["natures"])
    ]


def summarise(out: Path, docs: Path | None) -> pd.DataFrame:
    """Rewrite ``osse_coverage.csv`` and ``osse_cases.csv`` from every kind's cached cases, and
    the ``osse_coverage`` block of ``docs``."""
    cases = [read_cases(out / kind) for kind in KINDS]
    cases = [c for c in cases if not c.empty]
    if not cases:
        return pd.DataFrame()
    every = pd.concat(cases, ignore_index=True)
    every.to_csv(out / "osse_cases.csv", index=False)
    table = coverage_table(every)
    table.to_csv(out / "osse_coverage.csv", index=False)
    if docs is not None:
        rewrite_block(docs, "osse_coverage", markdown(table, every))
    return table


def markdown(table: pd.DataFrame, cases: pd.DataFrame) -> str:
    """The coverage table in Markdown, with the number of natures of each kind."""
    natures = cases.groupby("osse")["nature"].nunique().to_dict()
    lines = [
        "Natures scored: "
        + ", ".join(f"{kind} {n}" for kind, n in sorted(natures.items()))
        + " (20 forecast replicates each unless the command says otherwise).",
        "",
        "| OSSE | species | quantity | horizon (yr) | n | coverage 90% (SE) | coverage 50% (SE) "
        "| median abs. rel. error: twin / naive / true start | mean CRPS: twin / naive / true "
        "start |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in table.itertuples(index=False):
        lines.append(
            f"| {r.osse} | {r.species} | {r.quantity} | {r.horizon_years} | {r.n} | "
            f"{r.coverage90:.2f} ({r.coverage90_mcse:.2f}) | "
            f"{r.coverage50:.2f} ({r.coverage50_mcse:.2f}) | "
            f"{r.median_abs_rel_error:.3f} / {r.naive_median_abs_rel_error:.3f} / "
            f"{r.truth_start_median_abs_rel_error:.3f} | "
            f"{r.mean_crps:.1f} / {r.naive_mean_crps:.1f} / {r.truth_start_mean_crps:.1f} |"
        )
    return "\n".join(lines) + "\n"


@hydra.main(version_base=None, config_path="conf", config_name="osse")
@exit_2_on_input_error
def main(cfg: DictConfig) -> None:
    """Run the kind's uncached natures, then rewrite the summary tables."""
    config = job_config(cfg)
    settings = dict(config["osse"])
    out = Path(settings["out"])
    todo = jobs(config)
    if not settings["summary_only"]:
        run_study(todo, out / settings["kind"], workers=settings["workers"])
    table = summarise(out, Path(settings["docs"]) if settings["docs"] else None)
    print(table.round(3).to_string(index=False))
    print(json.dumps({"osse_rows": len(table), "kind": settings["kind"]}))


if __name__ == "__main__":
    main()

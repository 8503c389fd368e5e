"""Penalty-policy study: penalty level x patrol effort x hiring of former poachers x replicate.

A thin Hydra app over ``experiments/conf/penalty_policy.yaml`` (which composes the twin's own
config groups from ``pkg://twin.conf``, the ``policy`` group included): config -> the study's
changes to the policy timeline -> :func:`twin.simulate` -> one results row. The row holds the
swept parameters, the cats alive and dead by cause, the poaching and enforcement totals of the
threats model (trips, arrests, prosecutions, ...), the policy values in effect and timings
(:func:`twin.sweeps.rows.outcome_columns`), plus the survey estimates when the cameras are on.

The study's three knobs change every entry of the policy timeline (``conf/policy/*.yaml``), so
they apply from the run's start whatever the start date:

- ``study.penalty_scale`` multiplies the fine and the prison term (not the confiscation);
- ``study.patrol_scale`` multiplies the rangers' patrol effort (km a day);
- ``study.monitors_hired`` sets the number of former poachers hired as monitors (null: the
  timeline's own numbers).

Run from the repository root::

    python -m experiments.penalty_policy -m                    # 3 x 2 x 2 cells x 56 replicates
    python -m experiments.penalty_policy -m study.penalty_scale=0,0.5,1,2,4 sweep.replicates=8
    twin-collect multirun/penalty_policy/seed_1 --outcome trips --x study.penalty_scale
    python -m experiments.penalty_policy --effects multirun/penalty_policy/seed_1 \
        --out experiments/design/penalty --docs docs/sweeps.md

When a sweep ends, the callback ``PenaltyEffects`` writes ``effects.csv`` into its folder: each
cell's effect on the cats alive, cats poached, trips and arrests against the baseline cell
(today's policy), with its Monte Carlo SE (:func:`twin.sweeps.effects.effects_table`);
``--effects SWEEP_DIR`` writes the same table elsewhere and the marked block of a Markdown file.

See ``docs/sweeps.md``.
"""

from __future__ import annotations

import argparse
import copy
import logging
import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hydra
import numpy as np
import pandas as pd
from hydra.experimental.callback import Callback
from omegaconf import DictConfig

import twin
from twin.cli.sweep_app import exit_2_on_input_error, job_config, jobs_from_hydra
from twin.cli.sweep_follow import end_with_the_sweep
from twin.config.sweep_schema import SweepTwinConfig, register
from twin.errors import TwinInputError, require
from twin.io.docs_block import replace_block
from twin.results import RunResult
from twin.sweeps.collect import write_results
from twin.sweeps.effects import (
    effects_markdown,
    effects_table,
    replicates_needed,
)
from twin.sweeps.job import run_job, twin_scenario
from twin.sweeps.rows import outcome_columns, row_values


@dataclass
class StudyConfig:
    """The policy knobs of the study (applied to every entry of the policy timeline).

    Attributes
    ----------
    penalty_scale
        Multiplier (>= 0) on ``penalty.fine_krub`` (thousand RUB) and ``penalty.prison_years``
        (years): 0 leaves only the confiscation of gun, gear and catch; 1 the policy's own
        penalties.
    patrol_scale
        Multiplier (>= 0) on ``patrol.km_per_day`` (km walked by ranger teams a day).
    monitors_hired
        Former poachers hired as monitors (a whole number from 0 to the poacher pool size), in
        place of the timeline's ``monitors_hired``; None keeps the timeline's numbers.
    """

    penalty_scale: float = 1.0
    patrol_scale: float = 1.0
    monitors_hired: int | None = None


@dataclass
class PenaltyPolicyConfig(SweepTwinConfig):
    """The run config of one penalty-policy replicate."""

    study: StudyConfig = field(default_factory=StudyConfig)


register("penalty_policy_schema", PenaltyPolicyConfig)


def study_settings(config: Mapping[str, Any]) -> StudyConfig:
    """The validated ``study`` node of a run config.

    Parameters
    ----------
    config
        The run config, with ``study`` and ``policy`` nodes.

    Returns
    -------
    StudyConfig
        The knobs, as plain numbers.

    Raises
    ------
    TwinInputError
        When the config has no policy, a scale is negative or not finite, or
        ``monitors_hired`` is not a whole number from 0 to ``policy.poachers.pool_size``.
    """
    policy: Any = config.get("policy")
    require(
        policy is not None and "timeline" in policy,
        "policy",
        None if policy is None else policy.get("name"),
        "a policy with a timeline (policy=historical, baseline, ...): the study changes it",
    )
    study = config.get("study") or {}
    scales = {}
    for name in ("penalty_scale", "patrol_scale"):
        value = study.get(name, 1.0)
        require(
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and value >= 0,
            f"study.{name}",
            value,
            "a finite multiplier >= 0 (1: the policy's own values)",
        )
        scales[name] = float(value)
    hired = study.get("monitors_hired")
    pool = (policy.get("poachers") or {}).get("pool_size")
    if hired is not None:
        limit = f" to policy.poachers.pool_size={pool}" if isinstance(pool, int) else ""
        require(
            isinstance(hired, int)
            and not isinstance(hired, bool)
            and hired >= 0
            and (not isinstance(pool, int) or hired <= pool),
            "study.monitors_hired",
            hired,
            f"null (the timeline's numbers) or a whole number from 0{limit}",
        )
    return StudyConfig(scales["penalty_scale"], scales["patrol_scale"], hired)


def apply_study(config: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``config`` whose policy timeline carries the study's knobs.

    Every timeline entry that sets ``penalty.fine_krub`` or ``penalty.prison_years`` has them
    multiplied by ``study.penalty_scale``; every entry that sets ``patrol.km_per_day`` has it
    multiplied by ``study.patrol_scale``; with ``study.monitors_hired`` set, every entry that
    sets ``monitors_hired`` gets that number. Hold rules (counterfactual policies) keep working:
    they hold the changed values.

    Parameters
    ----------
    config
        The run config as plain Python values (left unchanged).

    Returns
    -------
    dict
        The changed copy, for :func:`simulate`.

    Raises
    ------
    TwinInputError
        As :func:`study_settings`.
    """
    study = study_settings(config)
    out = copy.deepcopy(dict(config))
    for entry in out["policy"]["timeline"]:
        penalty = entry.get("penalty")
        if penalty is not None:
            for key in ("fine_krub", "prison_years"):
                if penalty.get(key) is not None:
                    penalty[key] = float(penalty[key]) * study.penalty_scale
        patrol = entry.get("patrol")
        if patrol is not None and patrol.get("km_per_day") is not None:
            patrol["km_per_day"] = float(patrol["km_per_day"]) * study.patrol_scale
        if study.monitors_hired is not None and "monitors_hired" in entry:
            entry["monitors_hired"] = study.monitors_hired
    return out


def simulate(config: Mapping[str, Any], seed: np.random.SeedSequence) -> RunResult:
    """Run the twin on ``config`` with the study's changes to its policy (:func:`apply_study`).

    Parameters
    ----------
    config
        The run config as plain Python values.
    seed
        The replicate's seed (:func:`twin.sweeps.seeds.replicate_seed`).
    """
    return twin.simulate(twin_scenario(apply_study(config)), seed=seed, tracks=False)


def policy_row(result: RunResult) -> dict[str, Any]:
    """The row's value columns: survey size and estimates (if any), then the outcomes."""
    return {**row_values(result), **outcome_columns(result)}


EFFECT_OUTCOMES = {
    "leopard_alive_end": "leopards alive",
    "tiger_alive_end": "tigers alive",
    "leopard_deaths_poaching": "leopards poached",
    "tiger_deaths_poaching": "tigers poached",
    "trips": "trips",
    "arrests": "arrests",
}
"""Outcome columns whose effects the study reports, and their headings."""

BASELINE = {"study.penalty_scale": 1, "study.patrol_scale": 1, "study.monitors_hired": 26}
"""The baseline cell: today's policy (today's penalties and patrols, 26 monitors hired)."""

CELL_KEYS = tuple(BASELINE)


def write_effects(
    sweep_dir: str | Path, out_dir: str | Path, docs: str | Path | None = None
) -> Path:
    """Collect a sweep folder and write its ``effects.csv`` (and, elsewhere than the sweep
    folder, the ``results.csv`` of the runs it used) into ``out_dir``.

    The effects of every cell against :data:`BASELINE` on :data:`EFFECT_OUTCOMES`, with their
    Monte Carlo SEs (:func:`twin.sweeps.effects.effects_table`). With ``docs``, the block
    ``<!-- penalty_effects -->`` ... ``<!-- /penalty_effects -->`` of that Markdown file is
    rewritten with the table (:func:`effects_markdown`).

    Raises
    ------
    TwinInputError
        When the folder holds no complete run or not the baseline cell, or ``docs`` has no
        block.
    """
    table, _ = write_results(sweep_dir)
    if "error" in table.columns:  # failed runs (sweep.on_error=record) have no outcomes
        table = table[table["error"].fillna("").eq("")]
    effects = effects_table(table, list(EFFECT_OUTCOMES), BASELINE, by=list(CELL_KEYS))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    effects.to_csv(out / "effects.csv", index=False, float_format="%.6g")
    if out.resolve() != Path(sweep_dir).resolve():  # the runs behind the table, beside it
        table.to_csv(out / "results.csv", index=False)
    if docs is not None:
        block = effects_block(table, effects)
        Path(docs).write_text(replace_block(Path(docs).read_text(), "penalty_effects", block))
    return out / "effects.csv"


def effects_block(table: pd.DataFrame, effects: pd.DataFrame) -> str:
    """The Markdown of the docs block: the runs, the effects table and how to read it."""
    cells = table.groupby(list(CELL_KEYS)).size()
    base = effects.groupby("outcome").first()
    means = ", ".join(
        f"{label} {base.loc[name, 'mean_baseline']:.1f} (SD {base.loc[name, 'sd_baseline']:.1f})"
        for name, label in EFFECT_OUTCOMES.items()
    )
    headings = {"study.penalty_scale": "penalty x", "study.patrol_scale": "patrol x"}
    headings["study.monitors_hired"] = "hired"
    shown = effects.rename(columns=headings)
    cols = list(headings.values())
    text = effects_markdown(shown, cols, EFFECT_OUTCOMES)
    needed = effects_markdown(shown, cols, EFFECT_OUTCOMES, cell=replicates_needed)
    separated = effects[effects["beyond_2se"]]
    return (
        f"{len(table)} runs in {len(cells)} cells, {_span(cells.min(), cells.max())} replicates "
        "a cell. "
        f"Baseline cell (penalty x1, patrol x1, 26 hired), mean (SD) over its replicates: "
        f"{means}.\n\nEffect of each cell against the baseline: difference of the cell's mean "
        "from the baseline's (totals over the run), with its Monte Carlo SE in brackets "
        "(unpaired: each cell has its own seeds); `*` marks an effect beyond 2 SE "
        f"({len(separated)} of {len(effects)}).\n\n{text}\n"
        "Replicates per cell that would put each effect beyond 2 SE at the SDs observed "
        f"(n > 4 (s^2 + s0^2) / effect^2):\n\n{needed}"
    )


def _span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


class PenaltyEffects(Callback):
    """Hydra callback: write ``effects.csv`` into the sweep folder when the multirun ends
    (after ``CollectSweep``; a sweep without the baseline cell logs why and writes none)."""

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Write the effects of the sweep folder ``hydra.sweep.dir``."""
        try:
            write_effects(config.hydra.sweep.dir, config.hydra.sweep.dir)
        except TwinInputError as err:
            logging.getLogger(__name__).warning("no effects.csv: %s", err)


def effects_main(argv: list[str]) -> int:
    """``--effects SWEEP_DIR [--out DIR] [--docs FILE]``: write effects.csv (and the block)."""
    parser = argparse.ArgumentParser(prog="penalty_policy --effects")
    parser.add_argument("sweep_dir", type=Path)
    parser.add_argument("--out", type=Path, default=None, help="default: the sweep folder")
    parser.add_argument("--docs", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        path = write_effects(args.sweep_dir, args.out or args.sweep_dir, args.docs)
    except TwinInputError as err:
        print(f"penalty_policy: error: {err}", file=sys.stderr)
        return 2
    print(path)
    return 0


@hydra.main(version_base=None, config_path="conf", config_name="penalty_policy")
@exit_2_on_input_error
def main(cfg: DictConfig) -> list[str]:
    """Run this job's replicates unless complete; return each one's status."""
    config = job_config(cfg)
    study_settings(config)  # a bad knob stops the job before anything runs or is recorded
    return [run_job(config, job, simulate, policy_row) for job in jobs_from_hydra(config)]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--effects"]:
        sys.exit(effects_main(sys.argv[2:]))
    end_with_the_sweep()
    main()

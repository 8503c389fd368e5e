"""Experiments at scale: reproducible sweep jobs, one results row per run, collection, summaries.

- :mod:`twin.sweeps.seeds`: a replicate's ``SeedSequence`` from the sweep seed and its
  parameters;
- :mod:`twin.sweeps.job`: the runs of one job (skip if complete, run, write the row);
- :mod:`twin.sweeps.rows` / :mod:`twin.sweeps.store`: the results row and its completion marker;
- :mod:`twin.sweeps.collect`: gather a sweep folder into ``results.parquet``/``.csv``;
- :mod:`twin.sweeps.summary`, :mod:`twin.sweeps.figures`, :mod:`twin.sweeps.report`: scenario
  summaries, the cost-precision frontier, outcome summaries (median and interval per scenario)
  and their Plotly pages.

The library takes plain Python values. The Hydra side lives at the edge: the sweep apps' schema,
resolvers and override parsing in :mod:`twin.config.sweep_schema` and
:mod:`twin.config.sweep_overrides`, their task functions' helpers in :mod:`twin.cli.sweep_app`,
the end-of-sweep callback in :mod:`twin.cli.sweep_callbacks`, and ``twin-collect`` in
:mod:`twin.cli.collect`. See ``docs/sweeps.md``.
"""

from twin.sweeps.collect import gather, read_results, results_table, write_results
from twin.sweeps.job import SweepJob, make_jobs, run_job, twin_scenario
from twin.sweeps.report import collect_sweep
from twin.sweeps.seeds import replicate_seed
from twin.sweeps.store import StoredRow, read_row, write_row
from twin.sweeps.summary import (
    CostModel,
    cost_precision,
    outcome_summary,
    scenario_costs,
    scenario_summary,
)

__all__ = [
    "CostModel",
    "StoredRow",
    "SweepJob",
    "collect_sweep",
    "cost_precision",
    "gather",
    "make_jobs",
    "outcome_summary",
    "read_results",
    "read_row",
    "replicate_seed",
    "results_table",
    "run_job",
    "scenario_costs",
    "scenario_summary",
    "twin_scenario",
    "write_results",
    "write_row",
]

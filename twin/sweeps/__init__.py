"""Experiments at scale: reproducible sweep jobs, one results row per run, collection, summaries.

- :mod:`twin.sweeps.seeds`: a replicate's seed from the sweep seed and its parameters;
- :mod:`twin.sweeps.job`: the runs of one Hydra job (skip if complete, run, write the row);
- :mod:`twin.sweeps.rows` / :mod:`twin.sweeps.store`: the results row and its completion marker;
- :mod:`twin.sweeps.collect`: gather a sweep folder into ``results.parquet``/``.csv``
  (``twin-collect``);
- :mod:`twin.sweeps.summary`, :mod:`twin.sweeps.figures`, :mod:`twin.sweeps.report`: scenario
  summaries, the cost-precision frontier, outcome summaries (median and interval per scenario)
  and their Plotly pages;
- :mod:`twin.sweeps.callbacks`: a Hydra callback that collects a sweep when it ends.

See ``docs/sweeps.md``.
"""

from twin.sweeps.collect import gather, read_results, results_table, write_results
from twin.sweeps.job import SweepJob, jobs_from_hydra, make_jobs, run_job, twin_scenario
from twin.sweeps.schema import register_resolvers
from twin.sweeps.seeds import parameters_from_overrides, replicate_seed
from twin.sweeps.store import StoredRow, read_row, write_row
from twin.sweeps.summary import (
    CostModel,
    cost_precision,
    outcome_summary,
    scenario_costs,
    scenario_summary,
)

register_resolvers()

__all__ = [
    "CostModel",
    "StoredRow",
    "SweepJob",
    "cost_precision",
    "gather",
    "jobs_from_hydra",
    "make_jobs",
    "outcome_summary",
    "parameters_from_overrides",
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

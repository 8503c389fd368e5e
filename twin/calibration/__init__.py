"""The hindcast and its calibration: the census observation model, ABC (rejection, ABC-PMC and
pooled deterministic-mixture weights), the posterior, one hindcast run through ``twin.simulate``,
replicates, counterfactual policies and the fan chart (docs/hindcast.md).

The experiments/ scripts (calibrate_hindcast.py, pool_calibrations.py, hindcast.py, census.py)
are command lines over these names.
"""

from twin.calibration.abc import PROPOSALS, Prior
from twin.calibration.calibrate import Search, Settings, run_calibration
from twin.calibration.census import (
    CENSUS,
    ParkCounts,
    census_area,
    census_comparison,
    figures_from_tables,
    observe,
    observed_series,
)
from twin.calibration.counterfactuals import counterfactual_table
from twin.calibration.figures import fan_chart
from twin.calibration.hindcast import (
    Outcome,
    cub_detections,
    hindcast_scenario,
    replicate_seeds,
    run_hindcast,
    with_parameters,
)
from twin.calibration.pooling import pool, recorded_census, write_pool
from twin.calibration.posterior import (
    CALIBRATION_FILES,
    WEIGHTS,
    fixed_parameters,
    load_posterior,
    posterior_summary,
    truncated_weights,
)
from twin.calibration.priors import PRIORS, observed_summaries
from twin.calibration.replicates import (
    COUNTERFACTUALS,
    check_hindcast,
    recompare_census,
    run_replicates,
    write_outputs,
)

__all__ = [
    "CALIBRATION_FILES",
    "CENSUS",
    "COUNTERFACTUALS",
    "PRIORS",
    "PROPOSALS",
    "WEIGHTS",
    "Outcome",
    "ParkCounts",
    "Prior",
    "Search",
    "Settings",
    "run_calibration",
    "census_area",
    "census_comparison",
    "check_hindcast",
    "counterfactual_table",
    "cub_detections",
    "fan_chart",
    "figures_from_tables",
    "fixed_parameters",
    "hindcast_scenario",
    "load_posterior",
    "observe",
    "observed_series",
    "observed_summaries",
    "pool",
    "posterior_summary",
    "recompare_census",
    "recorded_census",
    "replicate_seeds",
    "run_hindcast",
    "run_replicates",
    "truncated_weights",
    "with_parameters",
    "write_outputs",
    "write_pool",
]

"""Camera layout design: choose stations by formula or by the twin's own simulated surveys.

Formula (secr-style): :mod:`twin.design.expectations` (E[n], E[r] of a design under an HHN SCR
model), :mod:`twin.design.candidates` (candidate sites, habitat prior), :mod:`twin.design.problem`
(budget, spacing, criterion), :mod:`twin.design.search` (greedy and genetic searches),
:mod:`twin.design.formula` (the formula-optimised layout from a pilot fit) and
:mod:`twin.design.evaluate` (a layout run through the twin).
Simulation: :mod:`twin.design.family` (a low-dimensional layout family),
:mod:`twin.design.simulated` (the fixed truth target, seed sets, RMSE over simulated surveys),
:mod:`twin.design.optimise` (Optuna search of the family), :mod:`twin.design.comparison`
(paired comparison with the grid) and :mod:`twin.design.page` (the Plotly page). See
``docs/layout-optimisation.md``.
"""

from twin.design.candidates import candidate_sites, habitat_weights
from twin.design.comparison import RowCache, comparison_table
from twin.design.expectations import DetectionModel, Expectations, expected_counts
from twin.design.family import LayoutFamily, LayoutParams
from twin.design.formula import FormulaDesign, formula_design
from twin.design.optimise import SearchSpace, SimulationObjective, finalists, open_study, optimise
from twin.design.problem import Budget, DesignProblem
from twin.design.search import SearchResult, genetic, greedy, random_design
from twin.design.simulated import (
    paired_difference,
    pinned_scenario,
    rmse,
    seed_set,
    simulate_rows,
    survey_row,
)

__all__ = [
    "Budget",
    "DesignProblem",
    "DetectionModel",
    "Expectations",
    "FormulaDesign",
    "LayoutFamily",
    "LayoutParams",
    "RowCache",
    "SearchResult",
    "SearchSpace",
    "SimulationObjective",
    "candidate_sites",
    "comparison_table",
    "expected_counts",
    "finalists",
    "formula_design",
    "genetic",
    "greedy",
    "habitat_weights",
    "open_study",
    "optimise",
    "paired_difference",
    "pinned_scenario",
    "random_design",
    "rmse",
    "seed_set",
    "simulate_rows",
    "survey_row",
]

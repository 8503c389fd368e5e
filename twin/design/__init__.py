"""Camera layout design: choose stations that maximise expected detections and recaptures.

:mod:`twin.design.expectations` (E[n], E[r] of a design under an HHN SCR model),
:mod:`twin.design.candidates` (candidate sites, habitat prior), :mod:`twin.design.problem`
(budget, spacing, criterion), :mod:`twin.design.search` (greedy and genetic searches) and
:mod:`twin.design.evaluate` (the chosen layout run through the twin). See
``docs/layout-optimisation.md``.
"""

from twin.design.candidates import candidate_sites, habitat_weights
from twin.design.expectations import DetectionModel, Expectations, expected_counts
from twin.design.problem import Budget, DesignProblem
from twin.design.search import SearchResult, genetic, greedy, random_design

__all__ = [
    "Budget",
    "DesignProblem",
    "DetectionModel",
    "Expectations",
    "SearchResult",
    "candidate_sites",
    "expected_counts",
    "genetic",
    "greedy",
    "habitat_weights",
    "random_design",
]

"""Scoring of a run's own estimates copes with degenerate surveys instead of losing the run."""

from __future__ import annotations

import numpy as np

from twin.assessment.survey_estimates import _failed, _score
from twin.errors import TwinInputError


def test_zero_truth_has_coverage_but_no_relative_error():
    """A truth of 0 (no animal passed) gives NaN relative error and CI coverage of 0."""
    scored = _score([0.1, 0.05, 0.0, 0.3], 0.0)
    assert np.isnan(scored["relative_error"]) and scored["covered"] is True
    assert scored["estimable"]


def test_estimator_failure_becomes_a_flagged_row():
    """An estimator that cannot run leaves a row with the reason and no estimate."""
    row = _failed("REM", "tiger", TwinInputError("speeds_m_per_s: fewer than 2 speeds"))
    assert not row["estimable"] and np.isnan(row["estimate"])
    assert "fewer than 2" in row["note"]

"""The report's words: findings computed from the estimates, rounded estimates, REM apart."""

from __future__ import annotations

import numpy as np
import pandas as pd

from twin.viz.estimates_plot import PANELS, estimates_figure, estimates_table, significant
from twin.viz.report_text import findings, note


def _estimates() -> pd.DataFrame:
    rows = [
        ("SCR", "density", 2.3276, 1.6223, True),
        ("SCR", "N", 60.86, 72.0, True),
        ("M0", "N", 92.0, 72.0, False),
        ("REM", "density", 38.231, 2.7538, False),
    ]
    frame = pd.DataFrame(rows, columns=["estimator", "parameter", "estimate", "truth", "covered"])
    frame["species"] = "leopard"
    frame["lcl"], frame["ucl"] = frame["estimate"] * 0.8, frame["estimate"] * 1.2
    frame["relative_error"] = frame["estimate"] / frame["truth"] - 1
    frame["n"] = 92
    frame["truth_definition"] = "defined"
    return frame


def test_findings_state_the_biases_of_these_estimates():
    """Relative errors and the REM ratio are the estimates' own, rounded."""
    text = " ".join(findings(_estimates()))
    assert "2.33 per 100 km2 against a truth of 1.62 over the mask (+43%)" in text
    assert "61 leopards in the park against 72 (-15%)" in text
    assert "M0 +28%" in text
    assert "13.9 times the truth" in text
    assert "2 of 4 95% intervals cover their truth" in text


def test_findings_follow_the_numbers():
    """Other estimates give other sentences: nothing is typed in."""
    other = _estimates()
    other.loc[0, ["estimate", "relative_error"]] = [1.5, 1.5 / 1.6223 - 1]
    assert "1.5 per 100 km2 against a truth of 1.62 over the mask (-8%)" in findings(other)[0]


def test_sections_have_notes():
    """Known sections get a how-to-read paragraph; unknown ones none."""
    assert "SCR density is per 100 km2" in note("Survey estimates (days 4-94 of the run)")
    assert note("Some later section") == ""


def test_rem_has_a_panel_of_its_own():
    """SCR and REM densities are on separate panels, each with its own truth."""
    fig = estimates_figure(_estimates())
    assert [p[0] for p in PANELS[:2]] == ["SCR", "REM"]
    scr, rem = fig.data[0], fig.data[2]
    assert list(scr.y) == [2.33] and list(rem.y) == [38.2]


def test_table_rounds_to_three_significant_digits():
    """Estimates show three significant digits and relative errors as percentages."""
    table = estimates_table(_estimates())
    assert table["estimate"].tolist() == [2.33, 60.9, 92.0, 38.2]
    assert table["relative_error"].tolist()[0] == "+43%"
    assert np.isnan(significant(np.array([np.nan]))[0])

"""Scoring of estimates against the truth: per replicate and over replicates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from twin.assessment import score_estimate, summarise
from twin.errors import TwinInputError


def test_score_of_a_covered_estimate():
    """An estimate of 110 for a truth of 100 has relative error 0.1 and [90, 130] covers it."""
    score = score_estimate(110.0, 10.0, 90.0, 130.0, 100.0)
    assert score == {"estimable": True, "relative_error": pytest.approx(0.1), "covered": True}


def test_interval_limits_count_as_covered_and_misses_do_not():
    """The truth on a limit is covered; a truth above the upper limit is not."""
    assert score_estimate(2.0, 0.0, 2.0, 2.0, 2.0)["covered"] is True
    assert score_estimate(80.0, 5.0, 70.0, 99.0, 100.0)["covered"] is False


@pytest.mark.parametrize("missing", [None, np.nan])
def test_degenerate_fit_is_not_estimable(missing):
    """A None/NaN estimate is estimable=False with NaN error and no coverage verdict."""
    score = score_estimate(missing, missing, missing, missing, 100.0)
    assert score["estimable"] is False
    assert np.isnan(score["relative_error"]) and score["covered"] is None


def test_missing_limit_gives_no_coverage_verdict():
    """An estimate with an open upper limit scores its error but not coverage."""
    score = score_estimate(120.0, 5.0, 100.0, None, 100.0)
    assert score["relative_error"] == pytest.approx(0.2) and score["covered"] is None


@pytest.mark.parametrize("truth", [0.0, np.nan, np.inf])
def test_truth_must_be_finite_and_non_zero(truth):
    """A zero or non-finite truth raises TwinInputError naming 'truth'."""
    with pytest.raises(TwinInputError, match="truth="):
        score_estimate(1.0, 1.0, 0.5, 2.0, truth)


def test_non_numeric_estimate_is_rejected():
    """A string estimate raises TwinInputError naming 'estimate'."""
    with pytest.raises(TwinInputError, match="estimate='abc'"):
        score_estimate("abc", 1.0, 0.5, 2.0, 1.0)  # type: ignore[arg-type]


def _synthetic() -> pd.DataFrame:
    """Group A: three estimates and a failed fit; group B: two estimates, truth 50."""
    return pd.DataFrame(
        {
            "scenario": ["A", "A", "A", "A", "B", "B"],
            "estimate": [90.0, 110.0, 120.0, None, 60.0, 40.0],
            "se": [9.0, 11.0, 12.0, None, 6.0, 4.0],
            "lcl": [80.0, 95.0, 105.0, None, 45.0, 30.0],
            "ucl": [105.0, 125.0, 140.0, None, 70.0, 49.0],
            "truth": [100.0, 100.0, 100.0, 100.0, 50.0, 50.0],
        }
    )


def test_summary_of_synthetic_replicates_is_exact():
    """Counts, bias, its MC SE, RSE, RMSE and coverage equal hand calculations."""
    table = summarise(_synthetic(), by=["scenario"]).set_index("scenario")
    a, b = table.loc["A"], table.loc["B"]
    errors_a = np.array([-0.1, 0.1, 0.2])
    assert (a["n"], a["n_estimable"], a["n_interval"]) == (4, 3, 3)
    assert a["estimate_mean"] == pytest.approx(320 / 3, rel=1e-12)
    assert a["truth_mean"] == 100.0
    assert a["relative_bias"] == pytest.approx(0.2 / 3, rel=1e-12)
    assert a["relative_bias_mcse"] == pytest.approx(np.std(errors_a, ddof=1) / np.sqrt(3))
    assert a["rse_mean"] == pytest.approx(0.1, rel=1e-12)
    assert a["relative_rmse"] == pytest.approx(np.sqrt(0.06 / 3), rel=1e-12)
    assert a["coverage"] == pytest.approx(2 / 3)
    assert a["coverage_mcse"] == pytest.approx(np.sqrt(2 / 9 / 3))
    assert (b["relative_bias"], b["relative_rmse"], b["coverage"]) == (0.0, 0.2, 0.5)


def test_summary_without_groups_is_one_row():
    """by=() gives one row over all replicates, in the documented column order."""
    table = summarise(_synthetic())
    assert table.shape == (1, 11) and list(table.columns[:2]) == ["n", "n_estimable"]
    assert (table.loc[0, "n"], table.loc[0, "n_estimable"]) == (6, 5)


def test_group_without_estimates_is_counted_with_nan_statistics():
    """A scenario whose fits all failed has n_estimable 0 and NaN statistics."""
    frame = _synthetic().assign(scenario="A")
    frame.loc[4:, "scenario"] = "C"
    frame.loc[4:, ["estimate", "se", "lcl", "ucl"]] = np.nan
    row = summarise(frame, by=["scenario"]).set_index("scenario").loc["C"]
    assert (row["n"], row["n_estimable"], row["n_interval"]) == (2, 0, 0)
    assert row[["relative_bias", "rse_mean", "relative_rmse", "coverage"]].isna().all()


def test_several_grouping_columns_and_score_rows_are_accepted():
    """Rows built from score_estimate dicts summarise by two keys; extra columns are ignored."""
    rows = [
        {"estimator": e, "parameter": "N", "estimate": x, "se": 1.0, "lcl": x - 2, "ucl": x + 2,
         "truth": 10.0, **score_estimate(x, 1.0, x - 2, x + 2, 10.0)}
        for e, x in [("m0", 9.0), ("m0", 13.0), ("mt", 10.0)]
    ]  # fmt: skip
    table = summarise(pd.DataFrame(rows), by=["estimator", "parameter"])
    assert table[["estimator", "parameter", "n"]].values.tolist() == [
        ["m0", "N", 2],
        ["mt", "N", 1],
    ]
    assert table.loc[0, "coverage"] == 0.5


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda f: f.drop(columns="se"), "se"),
        (lambda f: f.assign(truth=0.0), "truth"),
        (lambda f: f.assign(estimate="x"), "'estimate'"),
    ],
)
def test_bad_frames_are_rejected(change, words):
    """A missing column, a zero truth or a non-numeric estimate raise TwinInputError."""
    with pytest.raises(TwinInputError, match=words):
        summarise(change(_synthetic()), by=["scenario"])


def test_missing_group_column_is_rejected():
    """A by column not in the frame raises TwinInputError naming it."""
    with pytest.raises(TwinInputError, match="region"):
        summarise(_synthetic(), by=["region"])


def test_simulated_bias_and_coverage_are_recovered():
    """Normal estimates (bias +5%, SE 10%, Wald CI) give bias and coverage within 3 MC SE."""
    rng = np.random.default_rng(2024)
    truth, bias, se, n_rep = 100.0, 5.0, 10.0, 4000
    estimate = rng.normal(truth + bias, se, n_rep)
    z = norm.ppf(0.975)
    frame = pd.DataFrame(
        {"estimate": estimate, "se": se, "lcl": estimate - z * se, "ucl": estimate + z * se}
    ).assign(truth=truth)
    row = summarise(frame).loc[0]
    expected_coverage = norm.cdf((z * se - bias) / se) - norm.cdf((-z * se - bias) / se)
    assert abs(row["relative_bias"] - bias / truth) < 3 * row["relative_bias_mcse"]
    assert abs(row["coverage"] - expected_coverage) < 3 * row["coverage_mcse"]
    assert row["relative_bias_mcse"] == pytest.approx(se / truth / np.sqrt(n_rep), rel=0.05)
    assert row["relative_rmse"] == pytest.approx(np.hypot(bias, se) / truth, rel=0.05)

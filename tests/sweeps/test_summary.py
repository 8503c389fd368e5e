"""Scenario summaries, the cost model, the cost-precision frontier and the summary page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from tests.sweeps.helpers import make_row, write_sweep
from twin.assessment.scoring import summarise
from twin.errors import TwinInputError
from twin.sweeps.collect import gather, results_table
from twin.sweeps.report import (
    OUTCOMES_CSV,
    OUTCOMES_HTML,
    SUMMARY_HTML,
    write_outcomes,
    write_summary,
)
from twin.sweeps.store import StoredRow
from twin.sweeps.summary import (
    CostModel,
    cost_precision,
    estimate_names,
    frontier_mask,
    long_estimates,
    outcome_summary,
    scenario_costs,
    scenario_summary,
)


def _table(tmp_path, extra: Sequence[StoredRow] = ()):
    rng = np.random.default_rng(3)
    rows = [
        make_row(s, r, estimate=float(rng.normal(1.0, 0.05 * s / 1000)))
        for s in (2000, 4000, 8000)
        for r in range(20)
    ]
    return results_table(gather(write_sweep(tmp_path, [*rows, *extra])))


def test_summary_matches_scoring_per_scenario(tmp_path):
    """Each scenario's statistics are those of twin.assessment.scoring.summarise."""
    table = _table(tmp_path)
    summary = scenario_summary(table)
    assert summary["layout.spacing_m"].tolist() == [2000, 4000, 8000]
    part = long_estimates(table, ["layout.spacing_m"], ["scr_leopard_density"])
    expected = summarise(part[part["layout.spacing_m"] == 8000])
    got = summary[summary["layout.spacing_m"] == 8000].iloc[0]
    for column in ("relative_bias", "relative_bias_mcse", "rse_mean", "coverage"):
        assert got[column] == pytest.approx(expected[column].iloc[0])
    assert summary["relative_rmse"].is_monotonic_increasing


def test_failed_runs_and_zero_truths_are_counted_not_scored(tmp_path):
    """Runs without a usable truth count in n_runs only."""
    failed = replace(make_row(2000, 99), values={}, timings={}, error="X: y")
    zero = make_row(2000, 98, truth=0.0)
    summary = scenario_summary(_table(tmp_path, [failed, zero]))
    first = summary.iloc[0]
    assert (first["n_runs"], first["n"], first["n_estimable"]) == (22, 20, 20)


def test_cost_model_and_validation(tmp_path):
    """Cost is a weighted sum of cameras, camera visits and camera days; weights >= 0."""
    table = _table(tmp_path)
    assert CostModel().cost(table).eq(20).all()
    assert CostModel(per_camera=2, per_camera_visit=1).cost(table).eq(40).all()
    with pytest.raises(TwinInputError, match="cost.per_camera"):
        CostModel(per_camera=-1)
    with pytest.raises(TwinInputError, match="at least one cost"):
        CostModel(per_camera_visit=0)


def test_frontier_keeps_designs_no_cheaper_design_beats():
    """On the frontier: each point more precise than every cheaper or equally cheap one."""
    cost = np.array([10, 20, 20, 30, 40, 5])
    rse = np.array([0.3, 0.2, 0.25, 0.22, 0.1, np.nan])
    assert frontier_mask(cost, rse).tolist() == [True, True, False, False, True, False]


def test_cost_precision_table(tmp_path):
    """One row per scenario with mean cost, precision and the frontier flag."""
    table = _table(tmp_path)
    summary = scenario_summary(table)
    costs = scenario_costs(table, CostModel())
    front = cost_precision(summary, costs, "scr_leopard_density", "relative_rmse")
    assert len(front) == 3 and front["on_frontier"].sum() == 1
    with pytest.raises(TwinInputError, match="precision"):
        cost_precision(summary, costs, "scr_leopard_density", "bias")


def test_unknown_estimate_names_the_known_ones(tmp_path):
    """Asking for an estimate the table lacks lists those it has."""
    table = _table(tmp_path)
    assert estimate_names(table) == ["scr_leopard_density"]
    with pytest.raises(TwinInputError, match="scr_leopard_density"):
        scenario_summary(table, estimates=["scr_tiger_density"])


def test_summary_files_are_byte_stable(tmp_path):
    """Writing the summary twice gives the same bytes; plotly.js is embedded once."""
    table = _table(tmp_path / "runs")
    first = [p.read_bytes() for p in write_summary(tmp_path, table)]
    second = [p.read_bytes() for p in write_summary(tmp_path, table)]
    assert first == second
    page = (tmp_path / SUMMARY_HTML).read_text()
    assert page.count("<script src=") == 0 and 'id="summary-0"' in page
    assert 'id="frontier-0"' in page and len(page) > 3_000_000


def test_rarely_estimable_designs_are_not_on_the_frontier(tmp_path):
    """A cheap design that seldom gives an estimate is left off the frontier."""
    table = _table(tmp_path)
    cheap = table["layout.spacing_m"] == 8000
    table.loc[cheap, "camera_visits"] = 5
    table.loc[cheap & (table["replicate"] < 10), "scr_leopard_density_estimate"] = np.nan
    summary = scenario_summary(table)
    costs = scenario_costs(table, CostModel())
    front = cost_precision(summary, costs, "scr_leopard_density", "rse_mean", 0.8)
    assert not front.loc[front["layout.spacing_m"] == 8000, "on_frontier"].item()
    front = cost_precision(summary, costs, "scr_leopard_density", "rse_mean", 0.5)
    assert front.loc[front["layout.spacing_m"] == 8000, "on_frontier"].item()


def test_outcome_summary_gives_median_and_interval_per_scenario(tmp_path):
    """Median and 5-95% quantiles over replicates per scenario; failed runs count in n_runs."""
    table = _table(tmp_path)
    table["trips"] = table["replicate"] * 10.0 + table["layout.spacing_m"] / 1000
    table.loc[table["replicate"] == 0, "trips"] = np.nan  # a failed run: no value
    summary = outcome_summary(table, ["trips", "cameras"])
    assert list(summary.columns) == [
        "layout.spacing_m", "outcome", "interval", "n_runs", "n", "mean", "median", "lower",
        "upper",
    ]  # fmt: skip
    assert summary["outcome"].tolist() == ["trips"] * 3 + ["cameras"] * 3
    row = summary.iloc[1]  # trips at 4 km: 10, 20, ..., 190 plus 4
    values = np.arange(1, 20) * 10.0 + 4
    assert (row["n_runs"], row["n"]) == (20, 19)
    assert row["median"] == pytest.approx(np.median(values))
    assert row["lower"] == pytest.approx(np.quantile(values, 0.05))
    assert row["upper"] == pytest.approx(np.quantile(values, 0.95))
    assert summary.loc[summary["outcome"] == "cameras", "median"].eq(10).all()
    with pytest.raises(TwinInputError, match="outcomes"):
        outcome_summary(table, ["no_such_column"])
    with pytest.raises(TwinInputError, match="interval"):
        outcome_summary(table, ["trips"], interval=1.5)


def test_outcome_files_are_byte_stable(tmp_path):
    """outcomes.csv and outcomes.html: same table, same bytes; one panel per outcome."""
    table = _table(tmp_path / "runs")
    table["trips"] = table["replicate"].astype(float)
    first = [p.read_bytes() for p in write_outcomes(tmp_path, table, ["trips", "cameras"])]
    second = [p.read_bytes() for p in write_outcomes(tmp_path, table, ["trips", "cameras"])]
    assert first == second
    assert (tmp_path / OUTCOMES_CSV).exists()
    page = (tmp_path / OUTCOMES_HTML).read_text()
    assert 'id="outcomes"' in page and len(page) > 3_000_000

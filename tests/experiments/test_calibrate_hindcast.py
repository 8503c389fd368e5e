"""Rejection ABC machinery on a toy model with a known answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from experiments.abc import (
    Prior,
    accept,
    distance,
    draw_parameters,
    importance_weights,
    log_prior,
    propose,
    rejection_abc,
    score,
)
from experiments.calibrate_hindcast import PRIORS, observed_summaries, posterior_summary
from twin.errors import TwinInputError

OBSERVED = pd.DataFrame({"census": [50.0, 100.0], "weight": [1.0, 1.0]})


def toy(job):
    """Toy model: counts 50 * rate and 100 * rate, no noise (the truth is rate = 1)."""
    seed, params = job
    return {
        "run_seed": seed,
        **params,
        "sim_a": 50.0 * params["rate"],
        "sim_b": 100.0 * params["rate"],
    }


def test_distance_is_weighted_rms_of_relative_errors():
    """10% and 30% errors with weights 1 and 3 give sqrt((0.01 + 3 * 0.09) / 4)."""
    d = distance(np.array([110.0, 130.0]), np.array([100.0, 100.0]), np.array([1.0, 3.0]))
    assert d == pytest.approx(np.sqrt((0.01 + 0.27) / 4))


def test_accept_by_tolerance_and_by_quantile():
    """A fixed tolerance keeps distances at or below it; a quantile keeps that share."""
    d = np.arange(10.0)
    assert accept(d, 2.0, 0.5).tolist() == [True] * 3 + [False] * 7
    assert accept(d, None, 0.2).sum() == 2


def test_toy_abc_accepts_near_the_truth_and_rejects_far():
    """On the toy model the accepted rates lie near 1 and every rejected one is farther."""
    priors = {"rate": Prior("uniform", 0.0, 3.0)}
    jobs = draw_parameters(priors, seed=5, n=400)
    table = rejection_abc(toy, jobs, OBSERVED, quantile=0.05)
    acc, rej = table[table["accepted"]], table[~table["accepted"]]
    assert len(acc) == 20
    assert acc["rate"].between(0.9, 1.1).all()
    assert abs(rej["rate"] - 1.0).min() >= abs(acc["rate"] - 1.0).max()


def test_toy_abc_is_deterministic():
    """Same seed, same draws and decisions."""
    priors = {"rate": Prior("lognormal", 1.0, 0.5)}
    a = rejection_abc(toy, draw_parameters(priors, 2, 50), OBSERVED, tolerance=0.2)
    b = rejection_abc(toy, draw_parameters(priors, 2, 50), OBSERVED, tolerance=0.2)
    pd.testing.assert_frame_equal(a, b)


def test_priors_draw_in_range_and_reject_unknown_kinds():
    """Beta draws lie in (0, 1), uniform pool sizes in 20-150; an unknown kind is refused."""
    draws = draw_parameters(PRIORS, seed=1, n=200)
    pools = [p["policy.poachers.pool_size"] for _, p in draws]
    snares = [p["policy.kills.snare_catch_prob"] for _, p in draws]
    assert 20 <= min(pools) and max(pools) <= 150
    assert 0 < min(snares) and max(snares) < 1
    with pytest.raises(TwinInputError, match="kind='gamma'"):
        Prior("gamma", 1.0, 1.0).draw(np.random.default_rng(0))


def test_posterior_summary_reports_the_accepted_sets():
    """The summary counts simulations and accepted sets and gives the largest accepted distance."""
    jobs = draw_parameters({k: PRIORS[k] for k in PRIORS}, seed=3, n=10)
    rows = [{"run_seed": s, **p, "sim_x": 1.0} for s, p in jobs]
    table = pd.DataFrame(rows).assign(distance=np.arange(10.0), accepted=np.arange(10) < 3)
    summary = posterior_summary(table, {"seed": 3})
    assert (summary["simulations"], summary["accepted"], summary["tolerance"]) == (10, 3, 2.0)
    assert isinstance(summary["parameters"], dict) and set(summary["parameters"]) == set(PRIORS)
    assert summary["effective_sample_size"] == pytest.approx(3.0)  # equal weights
    weighted = table.assign(weight=[4.0, 1.0, 1.0, *[1.0] * 7])
    assert posterior_summary(weighted, {})["effective_sample_size"] == pytest.approx(36 / 18)


def test_observed_summaries_exclude_held_out_figures():
    """The 2023 census and zero-weight figures are not used by the calibration."""
    obs = observed_summaries()
    assert obs["year"].max() <= 2017
    assert (obs["weight"] > 0).all()


def test_log_prior_is_minus_infinity_outside_the_support():
    """Beta and uniform densities vanish outside their ranges; inside they are finite."""
    priors = {"p": Prior("beta", 2.0, 8.0), "u": Prior("uniform", 0.0, 6.0)}
    lp = log_prior(priors, np.array([[0.2, 3.0], [1.5, 3.0], [0.2, -1.0]]))
    assert np.isfinite(lp[0]) and np.isneginf(lp[1]) and np.isneginf(lp[2])
    assert lp[0] == pytest.approx(stats.beta(2, 8).logpdf(0.2) + stats.uniform(0, 6).logpdf(3.0))


def test_pmc_generation_narrows_the_toy_posterior_and_stays_in_the_prior():
    """A second ABC-PMC generation (proposals around the first's accepted) is closer to the
    truth (rate 1) than rejection with the same number of simulations, with positive weights."""
    priors = {"rate": Prior("uniform", 0.0, 3.0)}
    first = rejection_abc(toy, draw_parameters(priors, 5, 100), OBSERVED, quantile=0.2)
    acc = first[first["accepted"]]
    theta, w = acc[["rate"]].to_numpy(), np.ones(len(acc))
    jobs = propose(priors, theta, w, seed=5, generation=1, n=100)
    new = np.array([[p["rate"] for _, p in jobs]])
    assert ((new > 0) & (new < 3)).all()
    weights = importance_weights(priors, new.T, theta, w)
    assert (weights > 0).all() and np.isfinite(weights).all()
    second = rejection_abc(toy, jobs, OBSERVED, quantile=0.2)
    spread = lambda t: np.abs(t[t["accepted"]]["rate"] - 1.0).max()  # noqa: E731
    assert spread(second) < spread(first)
    assert propose(priors, theta, w, 5, 1, 100) == jobs  # reproducible


def test_summaries_average_over_runs_with_seeds_spawned_from_the_run_seed(monkeypatch):
    """runs=1 is the run seed's own run; runs=K the mean over replicate_seeds(seed, K)."""
    import experiments.calibrate_hindcast as cal
    from experiments.hindcast_run import replicate_seeds

    k = len(observed_summaries())
    monkeypatch.setattr(cal, "_run_summaries", lambda seed, params: [float(seed)] * k)
    assert cal.hindcast_summaries(7, {}) == [7.0] * k
    seeds = replicate_seeds(7, 3)
    assert cal.hindcast_summaries(7, {}, runs=3) == pytest.approx([np.mean(seeds)] * k)
    row = cal._one((7, {"x": 1.0}), runs=3)
    assert row["runs"] == 3 and row["run_seed"] == 7
    assert "runs" not in cal._one((7, {"x": 1.0}))


@pytest.mark.parametrize("existing,flag", [("single", "3"), ("averaged", "1")])
def test_resume_refuses_a_different_runs_per_set(tmp_path, capsys, existing, flag):
    """A runs table of single runs is not resumed with averaged runs, nor the other way."""
    from experiments.calibrate_hindcast import main

    cols = "run_seed,sim_a" + (",runs" if existing == "averaged" else "")
    (tmp_path / "hindcast_abc_runs.csv").write_text(cols + "\n")
    with pytest.raises(SystemExit) as err:
        main(["--runs-per-set", flag, "--out", str(tmp_path), "--simulations", "1"])
    assert err.value.code == 2
    assert "--runs-per-set" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--runs-per-set", "0", "--out", str(tmp_path)])


def test_start_particles_take_the_last_accepted_and_draw_new_parameters_from_the_prior():
    """The last generation's accepted sets and weights; a parameter the earlier run lacked is
    drawn from its prior (seeded); too few accepted sets are refused."""
    from experiments.abc import start_particles

    priors = {"rate": Prior("uniform", 0.0, 3.0), "new": Prior("uniform", 5.0, 6.0)}
    table = pd.DataFrame(
        {
            "rate": [0.5, 1.0, 1.2, 2.9, 1.1],
            "generation": [0, 0, 1, 1, 1],
            "weight": [1.0, 1.0, 0.2, 0.5, 0.3],
            "accepted": [True, True, True, False, True],
        }
    )
    theta, w = start_particles(table, priors, seed=3)
    assert theta[:, 0].tolist() == [1.2, 1.1] and w.tolist() == [0.2, 0.3]
    assert ((theta[:, 1] >= 5.0) & (theta[:, 1] <= 6.0)).all()
    assert np.array_equal(start_particles(table, priors, seed=3)[0], theta)
    jobs = propose(priors, theta, w, seed=3, generation=0, n=20)
    new = np.array([[p[k] for k in priors] for _, p in jobs])
    weights = importance_weights(priors, new, theta, w)
    assert (weights > 0).all() and np.isfinite(weights).all()
    with pytest.raises(TwinInputError, match="2 or more"):
        start_particles(table.assign(accepted=[True, True, True, False, False]), priors, 3)


def test_resume_refuses_other_settings_and_a_missing_start(tmp_path, capsys):
    """A calibration folder is resumed only with the seed, runs per set and start it began with;
    --start-from must name a folder with an ABC table."""
    from experiments.calibrate_hindcast import main

    (tmp_path / "hindcast_abc_runs.csv").write_text("run_seed,sim_a\n")
    (tmp_path / "hindcast_abc_settings.json").write_text(
        '{"seed": 1, "runs_per_set": 1, "start_from": null}\n'
    )
    with pytest.raises(SystemExit) as err:
        main(["--seed", "2", "--out", str(tmp_path), "--simulations", "1"])
    assert err.value.code == 2
    assert "resume it with the same" in capsys.readouterr().err
    with pytest.raises(SystemExit) as err:
        main(["--start-from", str(tmp_path / "nowhere"), "--out", str(tmp_path)])
    assert err.value.code == 2
    assert "no hindcast_abc.csv" in capsys.readouterr().err


def test_append_row_keeps_the_header_order_and_adds_new_columns(tmp_path):
    """Rows land under the table's header whatever their key order; a new column rewrites the
    table with the column added (blank for the older rows)."""
    from experiments.abc import append_row

    csv = tmp_path / "runs.csv"
    append_row(csv, {"run_seed": 1, "a": 1.0})
    append_row(csv, {"a": 2.0, "run_seed": 2})
    append_row(csv, {"run_seed": 3, "a": 3.0, "proposal": "equal"})
    table = pd.read_csv(csv)
    assert table["run_seed"].tolist() == [1, 2, 3] and table["a"].tolist() == [1.0, 2.0, 3.0]
    assert table["proposal"].isna().tolist() == [True, True, False]


def test_proposal_changes_between_generations_but_not_within_one(tmp_path, monkeypatch, capsys):
    """On a fast fake model: ``--proposal equal`` weights a generation's kernel components
    equally (recorded per row and in the summary); a begun generation is finished only with the
    proposal it began with."""
    import json

    import experiments.calibrate_hindcast as cal

    k = len(observed_summaries())
    fake = lambda seed, p: [p["species.leopard.initial.adults"]] * k  # noqa: E731
    monkeypatch.setattr(cal, "_run_summaries", fake)
    base = ["--simulations", "6", "--accept-quantile", "0.5", "--out", str(tmp_path)]
    cal.main([*base, "--generations", "2"])
    csv = tmp_path / "hindcast_abc_runs.csv"
    runs = pd.read_csv(csv)
    assert set(runs[runs["generation"] == 1]["proposal"]) == {"weighted"}
    runs.iloc[:-2].to_csv(csv, index=False)  # generation 1 interrupted
    with pytest.raises(SystemExit) as err:
        cal.main([*base, "--generations", "2", "--proposal", "equal"])
    assert err.value.code == 2 and "--proposal weighted" in capsys.readouterr().err
    cal.main([*base, "--generations", "2"])  # finished as begun
    cal.main([*base, "--generations", "3", "--proposal", "equal"])
    runs = pd.read_csv(csv)
    assert len(runs) == 18 and set(runs[runs["generation"] == 2]["proposal"]) == {"equal"}
    summary = json.loads((tmp_path / "hindcast_posterior.json").read_text())
    assert summary["proposals"] == {"0": "priors", "1": "weighted", "2": "equal"}


def test_score_matches_the_summaries_to_the_census_by_name():
    """Columns in another order score the same; a table without a census figure is refused."""
    obs = observed_summaries()
    names = [f"sim_{y}_{s}_{g}" for y, s, g in obs[["year", "species", "stage"]].values]
    table = pd.DataFrame([dict(zip(names, obs["census"] * f, strict=True)) for f in (1.0, 1.5)])
    a = score(table, obs, None, 0.5)
    b = score(table[names[::-1]], obs, None, 0.5)
    assert a["distance"].tolist() == b["distance"].tolist() and a["distance"][0] == 0.0
    with pytest.raises(TwinInputError, match=names[-1]):
        score(table.drop(columns=names[-1]), obs, None, 0.5)


def test_calibration_refuses_to_resume_a_table_of_other_priors(tmp_path, capsys):
    """A runs table without a prior's column (run before it was added) gets a clear error."""
    from experiments.calibrate_hindcast import main

    pd.DataFrame({"run_seed": [1], "policy.poachers.pool_size": [50.0]}).to_csv(
        tmp_path / "hindcast_abc_runs.csv", index=False
    )
    with pytest.raises(SystemExit) as stop:
        main(["--out", str(tmp_path), "--simulations", "2"])
    assert stop.value.code == 2
    assert "census.tiger_cub_detection" in capsys.readouterr().err

"""Pooling ABC runs with deterministic-mixture weights (experiments/pool_calibrations.py)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from experiments.abc import Prior, log_prior, pooled_weights, proposal_density
from experiments.calibrate_hindcast import observed_summaries
from experiments.posterior import load_posterior


def test_pooled_weights_recover_the_target_from_two_proposals():
    """Draws from two Gaussians, weighted prior / (their mixture), estimate the uniform(0, 3)
    prior's mean (1.5) and variance (0.75); each proposal alone, weighted by its own density,
    also targets it, and the pooled weights are far less uneven than the narrow proposal's."""
    priors = {"x": Prior("uniform", 0.0, 3.0)}
    rng = np.random.default_rng(3)
    a, b = rng.normal(1.0, 0.8, 3000), rng.normal(2.2, 0.5, 1000)
    x = np.concatenate([a, b])
    x = x[(x > 0) & (x < 3)]
    qa, qb = stats.norm(1.0, 0.8).pdf(x), stats.norm(2.2, 0.5).pdf(x)
    w = pooled_weights(priors, x[:, None], np.array([qa, qb]), np.array([3000, 1000]))
    w = w / w.sum()
    mean = np.sum(w * x)
    assert mean == pytest.approx(1.5, abs=0.05)
    assert np.sum(w * (x - mean) ** 2) == pytest.approx(0.75, abs=0.05)
    own = np.exp(log_prior(priors, x[:, None])) / qb
    ess = lambda v: v.sum() ** 2 / np.sum(v**2) / len(v)  # noqa: E731
    assert ess(w) > 2 * ess(own)
    # One proposal equal to the prior: every weight is 1.
    one = pooled_weights(priors, x[:, None], np.full((1, len(x)), 1 / 3), np.array([len(x)]))
    assert np.allclose(one, 1.0)


def test_a_run_from_the_priors_caps_the_pooled_weights_and_recovers_the_spread():
    """Defensive mixture (Hesterberg 1995): pooled with a run drawn from the priors, no weight
    exceeds n / n_prior. The target is the uniform prior on [0, 1]^6 restricted to the box
    |x - 0.5| < 0.35 (variance 0.7^2 / 12 = 0.0408 in each coordinate). Narrow kernels around
    10 points inside it, weighted alone, understate that spread; with 100 draws from the prior
    pooled in, the weighted accepted draws recover it."""
    d, half = 6, 0.35
    priors = {f"x{k}": Prior("uniform", 0.0, 1.0) for k in range(d)}
    rng = np.random.default_rng(11)
    cov = np.eye(d) * 0.07**2
    starts = rng.uniform(0.3, 0.7, size=(10, d))  # a narrow mixture, as a PMC generation's
    narrow = starts[rng.integers(10, size=300)] + rng.multivariate_normal(np.zeros(d), cov, 300)
    narrow = narrow[np.all((narrow > 0) & (narrow < 1), axis=1)]
    x = np.vstack([narrow, rng.uniform(0.0, 1.0, size=(100, d))])

    def q_narrow(at: np.ndarray) -> np.ndarray:
        return np.mean([stats.multivariate_normal(c, cov).pdf(at) for c in starts], axis=0)

    def spread(draws: np.ndarray, w: np.ndarray) -> float:
        ok = np.abs(draws - 0.5).max(axis=1) < half
        w = w[ok] / w[ok].sum()
        return float(np.mean(w @ (draws[ok] - 0.5) ** 2))

    alone = pooled_weights(priors, narrow, q_narrow(narrow)[None], np.array([len(narrow)]))
    both = pooled_weights(
        priors, x, np.array([q_narrow(x), np.ones(len(x))]), np.array([len(narrow), 100])
    )
    assert both.max() <= len(x) / 100 + 1e-9
    target = 0.7**2 / 12
    assert spread(narrow, alone) < 0.8 * target
    assert spread(x, both) == pytest.approx(target, rel=0.15)


def test_proposal_density_is_the_weighted_kernel_mixture():
    previous = np.array([[0.0], [1.0], [3.0]])
    w = np.array([1.0, 2.0, 1.0])
    sd = np.sqrt(2 * np.cov(previous[:, 0], aweights=w))
    at = np.array([[0.5], [2.0]])
    want = sum(
        wj / 4 * stats.norm(m, sd).pdf(at[:, 0]) for m, wj in zip(previous[:, 0], w, strict=True)
    )
    assert np.allclose(proposal_density(at, previous, w), want)


@pytest.fixture
def two_runs(tmp_path, monkeypatch):
    """Two one-generation calibrations on a fast fake model, the second started from the first."""
    import experiments.calibrate_hindcast as cal

    k = len(observed_summaries())
    fake = lambda seed, p: [p["species.leopard.initial.adults"]] * k  # noqa: E731
    monkeypatch.setattr(cal, "_run_summaries", fake)
    first, second = tmp_path / "first", tmp_path / "second"
    common = ["--simulations", "12", "--accept-quantile", "0.5"]
    cal.main([*common, "--seed", "1", "--out", str(first)])
    cal.main([*common, "--seed", "2", "--start-from", str(first), "--out", str(second)])
    return first, second


def test_pooled_posterior_of_two_runs(two_runs, tmp_path, capsys):
    """The pool keeps every simulation with its source, weights it prior / (the mixture of the
    priors and the second run's proposal, half each), accepts its best quarter, and the
    hindcast can draw from it."""
    import experiments.pool_calibrations as pc

    first, second = two_runs
    out = tmp_path / "pooled"
    pc.main([str(first), str(second), "--out", str(out)])
    table = pd.read_csv(out / "hindcast_abc.csv")
    assert len(table) == 24 and table["accepted"].sum() == 6
    assert set(table["source"]) == {str(first), str(second)}
    assert (table["generation"] == 0).all()
    # Rows of the first run (from the priors) have own weight 1, so q_2 = prior / w_2 there is
    # not known; check the second run's rows: pooled = prior / (prior / 2 + q_2 / 2), with
    # q_2 = prior / (its own weight in the second run's table).
    own = pd.read_csv(second / "hindcast_abc.csv").set_index("run_seed")["weight"]
    rows = table[table["source"] == str(second)].set_index("run_seed")
    want = 1.0 / (0.5 + 0.5 / own.loc[rows.index])
    assert np.allclose(rows["weight"], want)
    summary = json.loads((out / "hindcast_posterior.json").read_text())
    assert summary["accepted"] == 6 and summary["sources"] == [str(first), str(second)]
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["accepted"] == 6
    drawn = load_posterior(out / "hindcast_abc.csv", 50, seed=1)
    accepted = set(table[table["accepted"]]["species.leopard.initial.adults"])
    assert len(drawn) == 50 and set(drawn["species.leopard.initial.adults"]) <= accepted


def test_pool_refuses_one_folder_a_missing_table_and_shared_seeds(two_runs, tmp_path, capsys):
    import experiments.pool_calibrations as pc

    first, second = two_runs
    out = tmp_path / "pooled"
    cases = [
        ([str(first)], "pooling needs 2 or more"),
        ([str(first), str(tmp_path / "nowhere")], "no hindcast_abc.csv there"),
        ([str(first), str(first)], "is in more than one folder"),
    ]
    for folders, message in cases:
        with pytest.raises(SystemExit) as err:
            pc.main([*folders, "--out", str(out)])
        assert err.value.code == 2 and message in capsys.readouterr().err
    assert not out.exists()  # nothing written on a refusal

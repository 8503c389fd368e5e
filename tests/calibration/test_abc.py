"""ABC machinery (twin.calibration.abc) on toy models with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from twin.calibration.abc import (
    Prior,
    accept,
    append_row,
    distance,
    draw_parameters,
    importance_weights,
    log_prior,
    pooled_weights,
    proposal_density,
    propose,
    rejection_abc,
    set_key,
    set_seed,
    set_streams,
    start_particles,
)
from twin.errors import TwinInputError

OBSERVED = pd.DataFrame({"census": [50.0, 100.0], "weight": [1.0, 1.0]})


def toy(job):
    """Toy model: counts 50 * rate and 100 * rate, no noise (the truth is rate = 1)."""
    key, params = job
    return {
        "set_key": key,
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


def _state(seq):
    """A SeedSequence's first words (equal words: the same streams)."""
    return seq.generate_state(4).tolist()


def test_a_set_is_the_ith_child_of_its_generations_seed_sequence():
    """Set i of generation 0 is SeedSequence(seed).spawn(n)[i], of generation g the i-th child
    of SeedSequence([seed, g]); its streams are its children, the same on every call."""
    assert set_key(8, 0, 3) == "8/0/3"
    assert _state(set_seed("8/0/3")) == _state(np.random.SeedSequence(8).spawn(5)[3])
    assert _state(set_seed("8/2/3")) == _state(np.random.SeedSequence([8, 2]).spawn(5)[3])
    keys = [set_key(s, g, i) for s in (8, 9) for g in range(3) for i in range(3)]
    assert len({tuple(_state(set_seed(k))) for k in keys}) == len(keys)
    streams = set_streams("8/1/3")
    children = set_seed("8/1/3").spawn(2)
    assert [_state(s) for s in streams.values()] == [_state(c) for c in children]
    assert [_state(s) for s in set_streams("8/1/3").values()] == [_state(c) for c in children]


def test_a_set_is_drawn_from_its_key_alone():
    """Set i's draw depends on the seed and i only (not on how many sets are drawn) and is
    rebuilt from its key's draw stream."""
    priors = {"rate": Prior("uniform", 0.0, 3.0), "p": Prior("beta", 2.0, 8.0)}
    jobs = draw_parameters(priors, seed=5, n=10)
    assert draw_parameters(priors, seed=5, n=3) == jobs[:3]
    key, params = jobs[7]
    rng = np.random.default_rng(set_streams(key)["draw"])
    assert key == "5/0/7" and params == {k: p.draw(rng) for k, p in priors.items()}


def test_toy_abc_accepts_near_the_truth_and_rejects_far():
    """On the toy model the accepted rates lie near 1 and every rejected one is farther: the 20
    of 400 uniform(0, 3) draws nearest to 1 lie within 0.075 +- 0.017 of it (a Gamma(20) order
    statistic), so within 0.15."""
    priors = {"rate": Prior("uniform", 0.0, 3.0)}
    jobs = draw_parameters(priors, seed=5, n=400)
    table = rejection_abc(toy, jobs, OBSERVED, quantile=0.05)
    acc, rej = table[table["accepted"]], table[~table["accepted"]]
    assert len(acc) == 20
    assert acc["rate"].between(0.85, 1.15).all()
    assert abs(rej["rate"] - 1.0).min() >= abs(acc["rate"] - 1.0).max()


def test_toy_abc_is_deterministic():
    """Same seed, same draws and decisions."""
    priors = {"rate": Prior("lognormal", 1.0, 0.5)}
    a = rejection_abc(toy, draw_parameters(priors, 2, 50), OBSERVED, tolerance=0.2)
    b = rejection_abc(toy, draw_parameters(priors, 2, 50), OBSERVED, tolerance=0.2)
    pd.testing.assert_frame_equal(a, b)


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
    assert [k for k, _ in jobs] == [set_key(5, 1, i) for i in range(100)]


def test_start_particles_take_the_last_accepted_and_draw_new_parameters_from_the_prior():
    """The last generation's accepted sets and weights; a parameter the earlier run lacked is
    drawn from its prior (seeded); too few accepted sets are refused."""
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


def test_append_row_keeps_the_header_order_and_adds_new_columns(tmp_path):
    """Rows land under the table's header whatever their key order; a new column rewrites the
    table with the column added (blank for the older rows)."""
    csv = tmp_path / "runs.csv"
    append_row(csv, {"run_seed": 1, "a": 1.0})
    append_row(csv, {"a": 2.0, "run_seed": 2})
    append_row(csv, {"run_seed": 3, "a": 3.0, "proposal": "equal"})
    table = pd.read_csv(csv)
    assert table["run_seed"].tolist() == [1, 2, 3] and table["a"].tolist() == [1.0, 2.0, 3.0]
    assert table["proposal"].isna().tolist() == [True, True, False]


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
    """The proposal's density is the mixture of the kernel Gaussians by their weights (to 1e-8)."""
    previous = np.array([[0.0], [1.0], [3.0]])
    w = np.array([1.0, 2.0, 1.0])
    sd = np.sqrt(2 * np.cov(previous[:, 0], aweights=w))
    at = np.array([[0.5], [2.0]])
    want = sum(
        wj / 4 * stats.norm(m, sd).pdf(at[:, 0]) for m, wj in zip(previous[:, 0], w, strict=True)
    )
    assert np.allclose(proposal_density(at, previous, w), want)

"""Closed-population estimators M0, Mt and Mh (Chao, jackknife)."""

from __future__ import annotations

import numpy as np
import pytest

from twin.errors import TwinInputError
from twin.estimators import ClosedCR
from twin.estimators.closed_cr_mh import capture_frequencies
from twin.io.secr_csv import history_from_rows


def _histories(rng: np.random.Generator, n: int, p: np.ndarray) -> np.ndarray:
    return (rng.random((n, p.size)) < p).astype(np.int64)


def _from_frequencies(f: list[int], t: int) -> np.ndarray:
    """Histories with f_j animals caught on exactly the first j occasions."""
    rows = [
        np.r_[np.ones(j), np.zeros(t - j)] for j, fj in enumerate(f, start=1) for _ in range(fj)
    ]
    return np.array(rows, dtype=np.int64)


def test_m0_is_unbiased_with_nominal_coverage():
    """Over 200 seeded replicates (N=100, p=0.2, 6 occasions) bias < 5%, coverage 0.90-0.98."""
    rng = np.random.default_rng(101)
    fits = [ClosedCR(_histories(rng, 100, np.full(6, 0.2)), "M0").fit() for _ in range(200)]
    n_hat = np.array([f.abundance.est for f in fits])
    covered = np.array([f.abundance.lcl <= 100 <= f.abundance.ucl for f in fits])
    assert all(f.converged for f in fits)
    assert abs(n_hat.mean() / 100 - 1) < 0.05
    assert 0.90 <= covered.mean() <= 0.98


def test_mt_recovers_occasion_probabilities():
    """Over 100 seeded replicates (N=500) mean N is within 3% and mean p within 0.01."""
    p = np.array([0.1, 0.3, 0.2, 0.4, 0.25])
    rng = np.random.default_rng(7)
    fits = [ClosedCR(_histories(rng, 500, p), "Mt").fit() for _ in range(100)]
    assert np.mean([f.abundance.est for f in fits]) == pytest.approx(500, rel=0.03)
    p_hat = np.array([[e.est for e in f.capture_probability] for f in fits])
    np.testing.assert_allclose(p_hat.mean(axis=0), p, atol=0.01)
    assert fits[0].aic == pytest.approx(-2 * fits[0].loglik + 2 * 6)


def test_mt_beats_m0_by_aic_when_p_varies():
    """With strongly varying p the extra Mt parameters pay for themselves in AIC."""
    x = _histories(np.random.default_rng(8), 300, np.array([0.05, 0.5, 0.1, 0.6]))
    assert ClosedCR(x, "Mt").fit().aic < ClosedCR(x, "M0").fit().aic - 10


def test_chao_matches_hand_calculation():
    """Chao (1987): N = Mt1 + f1^2/(2 f2) with its closed-form variance."""
    x = _from_frequencies([30, 10, 5, 2], t=5)
    fit = ClosedCR(x, "Mh Chao").fit()
    ratio = 3.0
    assert fit.abundance.est == pytest.approx(47 + 900 / 20)
    assert fit.abundance.se == pytest.approx(np.sqrt(10 * (ratio**4 / 4 + ratio**3 + ratio**2 / 2)))
    assert fit.abundance.lcl > 47 and fit.abundance.ucl > fit.abundance.est


def test_jackknife_matches_hand_calculation():
    """Burnham & Overton first- and second-order jackknife estimates and variances."""
    x = _from_frequencies([30, 10, 5, 2], t=5)
    first, second = (ClosedCR(x, "Mh jackknife", jackknife_order=k).fit() for k in (1, 2))
    assert first.abundance.est == pytest.approx(47 + 30 * 4 / 5)
    assert first.abundance.se == pytest.approx(np.sqrt(30 * (9 / 5) * (4 / 5)))
    assert second.abundance.est == pytest.approx(47 + 30 * 7 / 5 - 10 * 9 / 20)
    a1, a2 = 1 + 7 / 5, 1 - 9 / 20
    assert second.abundance.se == pytest.approx(np.sqrt(a1 * (a1 - 1) * 30 + a2 * (a2 - 1) * 10))


def test_chao_is_close_under_heterogeneity():
    """With beta-distributed p, Chao's estimator is within 10% of N on average."""
    rng = np.random.default_rng(12)
    est = []
    for _ in range(50):
        p = rng.beta(2, 6, size=400)
        x = (rng.random((400, 6)) < p[:, None]).astype(int)
        est.append(ClosedCR(x, "Mh Chao").fit().abundance.est)
    assert np.mean(est) == pytest.approx(400, rel=0.10)


def test_degenerate_histories_are_flagged():
    """No detections or no recaptures give a flagged result, not a crash."""
    empty = np.zeros((5, 4), dtype=int)
    singles = np.eye(4, dtype=int)
    for model in ("M0", "Mt", "Mh Chao", "Mh jackknife"):
        fit = ClosedCR(empty, model).fit()
        assert not fit.converged and "no detections" in fit.message
    assert "no recaptures" in ClosedCR(singles, "M0").fit().message
    everyone = ClosedCR(np.ones((20, 4), dtype=int), "M0").fit()
    assert not everyone.converged and everyone.abundance.est == pytest.approx(20, abs=1e-3)


def test_histories_are_validated():
    """Entries other than 0/1 are rejected."""
    with pytest.raises(TwinInputError, match="0/1"):
        ClosedCR(np.array([[0, 2], [1, 1]]), "M0").fit()


def test_frequencies_and_the_capture_history_view(small_grid):
    """capture_frequencies counts f_j; a capture history collapses to 0/1 occasion histories."""
    assert list(capture_frequencies(_from_frequencies([3, 2], t=3))) == [3, 2, 0]
    traps, _ = small_grid
    history = history_from_rows(
        traps, np.array(["a", "a", "b"]), np.array([1, 1, 3]), np.array(["T000", "T001", "T002"])
    )
    np.testing.assert_array_equal(history.occasion_histories(), [[1, 0, 0, 0], [0, 0, 1, 0]])
    fit = ClosedCR(history, "M0").fit()
    assert fit.n_individuals == 2 and fit.n_occasions == 4
    assert "N" in ClosedCR(_from_frequencies([10, 5, 2], t=4), "M0").fit().summary()

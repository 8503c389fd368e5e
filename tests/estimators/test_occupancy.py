"""Single-season occupancy recovers psi and p and handles unsurveyed occasions."""

from __future__ import annotations

import numpy as np
import pytest

from twin.errors import TwinInputError
from twin.estimators import Occupancy

PSI, P = 0.6, 0.3


def _survey(rng: np.random.Generator, n_sites: int = 200, missing: float = 0.1) -> np.ndarray:
    occupied = rng.random(n_sites) < PSI
    y = ((rng.random((n_sites, 5)) < P) & occupied[:, None]).astype(float)
    y[rng.random(y.shape) < missing] = np.nan
    return y


def test_occupancy_recovers_psi_and_p():
    """Over 60 seeded surveys of 200 sites the mean psi and p are within 0.03 of the truth."""
    rng = np.random.default_rng(77)
    fits = [Occupancy(_survey(rng)).fit() for _ in range(60)]
    assert all(f.converged for f in fits)
    assert np.mean([f.psi.est for f in fits]) == pytest.approx(PSI, abs=0.03)
    assert np.mean([f.p.est for f in fits]) == pytest.approx(P, abs=0.03)
    covered = np.mean([f.psi.lcl <= PSI <= f.psi.ucl for f in fits])
    assert covered >= 0.85


def test_naive_occupancy_and_aic():
    """Naive occupancy is the share of surveyed sites with a detection; AIC = -2 logL + 4."""
    y = _survey(np.random.default_rng(1))
    fit = Occupancy(y).fit()
    seen = (np.nansum(y, axis=1) > 0).mean()
    assert fit.naive_occupancy == pytest.approx(seen)
    assert fit.psi.est >= fit.naive_occupancy
    assert fit.aic == pytest.approx(-2 * fit.loglik + 4)
    assert "psi" in fit.summary()


def test_unsurveyed_sites_are_dropped():
    """Sites with no survey at all do not count."""
    y = _survey(np.random.default_rng(2))
    y[:10] = np.nan
    assert Occupancy(y).fit().n_sites == 190


def test_no_detections_is_flagged():
    """All zeros: psi and p are not estimable, and the result says so."""
    fit = Occupancy(np.zeros((20, 4))).fit()
    assert not fit.converged and "no detections" in fit.message
    assert fit.to_dict()["psi"]["est"] is None


def test_occupancy_validates_entries():
    """Entries other than 0, 1 or NaN are rejected."""
    with pytest.raises(TwinInputError, match="0, 1 or NaN"):
        Occupancy(np.array([[0, 2.0], [1, 0]])).fit()

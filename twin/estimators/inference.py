"""Shared inference tools: link functions, finite-difference derivatives, Wald intervals.

Estimates are made on a link scale (log or logit); the 95% interval is the Wald interval on the
link scale back-transformed, and the natural-scale SE follows secr's ``se.untransform``: the
log-normal formula ``est * sqrt(exp(se_link**2) - 1)`` for the log link and the delta method
``p (1 - p) se_link`` for the logit link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit, logit
from scipy.stats import norm

Z95 = float(norm.ppf(0.975))
LINKS = ("log", "logit", "identity")


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its standard error and 95% confidence limits."""

    est: float
    se: float
    lcl: float
    ucl: float

    def scaled(self, factor: float) -> Estimate:
        """The same estimate multiplied by a positive constant (e.g. a unit conversion)."""
        return Estimate(self.est * factor, self.se * factor, self.lcl * factor, self.ucl * factor)

    def to_dict(self) -> dict[str, float | None]:
        """``{"est", "se", "lcl", "ucl"}`` with None for values that are not finite."""
        return {k: _finite_or_none(v) for k, v in vars(self).items()}


NOT_ESTIMATED = Estimate(np.nan, np.nan, np.nan, np.nan)


def _finite_or_none(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def to_link(value: float | np.ndarray, link: str) -> np.ndarray:
    """Transform natural-scale values to the link scale."""
    value = np.asarray(value, dtype=float)
    if link == "log":
        return np.log(value)
    if link == "logit":
        return logit(value)
    return value


def from_link(beta: float | np.ndarray, link: str) -> np.ndarray:
    """Back-transform link-scale values to the natural scale."""
    beta = np.asarray(beta, dtype=float)
    if link == "log":
        return np.exp(beta)
    if link == "logit":
        return expit(beta)
    return beta


def wald_estimate(beta: float, se_beta: float, link: str) -> Estimate:
    """Natural-scale estimate, SE and back-transformed 95% Wald interval from the link scale."""
    est = float(from_link(beta, link))
    if not np.isfinite(se_beta):
        return Estimate(est, np.nan, np.nan, np.nan)
    lcl, ucl = (float(from_link(beta + sign * Z95 * se_beta, link)) for sign in (-1.0, 1.0))
    if link == "log":
        se = est * float(np.sqrt(np.expm1(se_beta**2)))
    elif link == "logit":
        se = est * (1.0 - est) * se_beta
    else:
        se = se_beta
    return Estimate(est, float(se), lcl, ucl)


def fd_steps(x: np.ndarray, rel_step: float) -> np.ndarray:
    """Step per coordinate: ``rel_step * max(1, |x|)`` rounded to an exactly representable value."""
    h = rel_step * np.maximum(1.0, np.abs(x))
    return (x + h) - x


def fd_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, rel_step: float = 1e-5):
    """Central-difference gradient of a scalar function."""
    x = np.asarray(x, dtype=float)
    h = fd_steps(x, rel_step)
    grad = np.empty_like(x)
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h[j]
        grad[j] = (f(x + e) - f(x - e)) / (2 * h[j])
    return grad


def fd_hessian(
    f: Callable[[np.ndarray], float], x: np.ndarray, rel_step: float = 1e-3
) -> np.ndarray:
    """Central-difference Hessian of a scalar function (4 evaluations per off-diagonal pair).

    The step ``rel_step * max(1, |x|)`` balances truncation error (O(h^2)) against round-off
    (O(eps |f| / h^2)) for log-likelihoods of order 1e2-1e4 on link scales of order 1-10.
    """
    x = np.asarray(x, dtype=float)
    n = x.size
    h = fd_steps(x, rel_step)
    f0 = f(x)
    hess = np.empty((n, n))
    eye = np.diag(h)
    for i in range(n):
        hess[i, i] = (f(x + eye[i]) - 2 * f0 + f(x - eye[i])) / h[i] ** 2
        for j in range(i):
            pp = f(x + eye[i] + eye[j])
            pm = f(x + eye[i] - eye[j])
            mp = f(x - eye[i] + eye[j])
            mm = f(x - eye[i] - eye[j])
            hess[i, j] = hess[j, i] = (pp - pm - mp + mm) / (4 * h[i] * h[j])
    return hess


def covariance_from_hessian(hessian: np.ndarray) -> tuple[np.ndarray, str]:
    """Inverse of the Hessian of a negative log-likelihood, and "" or the reason it failed.

    Returns a matrix of NaN and a reason when the Hessian is not finite or not positive
    definite (a maximum that is flat or a saddle in some direction).
    """
    n = hessian.shape[0]
    nan = np.full((n, n), np.nan)
    if not np.all(np.isfinite(hessian)):
        return nan, "the Hessian has non-finite entries"
    try:
        chol = np.linalg.cholesky(hessian)
    except np.linalg.LinAlgError:
        return nan, "the Hessian is not positive definite (a parameter is not identifiable)"
    inv_chol = np.linalg.inv(chol)
    return inv_chol.T @ inv_chol, ""

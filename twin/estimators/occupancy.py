"""Single-season occupancy with constant psi and p (MacKenzie et al. 2002).

For site i with K_i surveyed occasions and d_i detections,

    L_i = psi p^d_i (1 - p)^(K_i - d_i)          if d_i > 0,
    L_i = psi (1 - p)^K_i + (1 - psi)             if d_i = 0,

maximised on the logit scale; SEs from a central-difference Hessian, CIs back-transformed from
the logit Wald interval. Occasions that were not surveyed are NaN and drop out of the product.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, logit

from twin.errors import require
from twin.estimators.inference import (
    NOT_ESTIMATED,
    Estimate,
    covariance_from_hessian,
    fd_gradient,
    fd_hessian,
    wald_estimate,
)
from twin.io.capture_history import CaptureHistory

LOGIT_LIMIT = 15.0  # |logit| beyond this is a boundary estimate (p or psi within 3e-7 of 0/1)


@dataclass(frozen=True)
class OccupancyFit:
    """Single-season occupancy estimates.

    Attributes
    ----------
    psi, p
        Occupancy probability and per-occasion detection probability (est, SE, 95% CI).
    naive_occupancy
        Share of surveyed sites with at least one detection.
    n_sites, n_sites_detected
        Sites with at least one survey, and with at least one detection.
    loglik, aic
        Maximised log-likelihood and AIC (2 parameters).
    converged, message
        Whether the estimates are usable, and why not.
    """

    psi: Estimate
    p: Estimate
    naive_occupancy: float
    n_sites: int
    n_sites_detected: int
    loglik: float
    aic: float
    converged: bool
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary (None for non-finite values)."""
        out = {k: v for k, v in vars(self).items() if k not in ("psi", "p")}
        out.update(psi=self.psi.to_dict(), p=self.p.to_dict())
        return {
            k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in out.items()
        }

    def summary(self) -> str:
        """A short table of the estimates."""
        lines = [
            f"Single-season occupancy psi(.) p(.): {self.n_sites} sites, "
            f"{self.n_sites_detected} with detections (naive occupancy "
            f"{self.naive_occupancy:.3f})",
            f"  logLik {self.loglik:.4f}   AIC {self.aic:.3f}   converged: {self.converged}"
            + (f" ({self.message})" if self.message else ""),
            f"  {'parameter':<10}{'estimate':>12}{'SE':>12}{'lcl':>12}{'ucl':>12}",
        ]
        for name, est in (("psi", self.psi), ("p", self.p)):
            lines.append(
                f"  {name:<10}"
                + "".join(
                    f"{v:>12.5g}" if np.isfinite(v) else f"{'-':>12}"
                    for v in (est.est, est.se, est.lcl, est.ucl)
                )
            )
        return "\n".join(lines)


def _negloglik(beta: np.ndarray, n_surveys: np.ndarray, n_detected: np.ndarray) -> float:
    log_psi, log_1m_psi = -np.logaddexp(0.0, -beta[0]), -np.logaddexp(0.0, beta[0])
    log_p, log_q = -np.logaddexp(0.0, -beta[1]), -np.logaddexp(0.0, beta[1])
    seen = n_detected > 0
    ll_seen = log_psi + n_detected * log_p + (n_surveys - n_detected) * log_q
    ll_unseen = np.logaddexp(log_psi + n_surveys * log_q, log_1m_psi)
    return -float(np.sum(np.where(seen, ll_seen, ll_unseen)))


class Occupancy:
    """Single-season occupancy psi(.) p(.) (MacKenzie et al. 2002) by maximum likelihood.

    Parameters
    ----------
    observations
        A capture history (read through :meth:`CaptureHistory.detection_matrix`: detectors are
        sites, occasions are surveys, occasions with usage 0 are not surveyed) or a site x
        occasion matrix of 0/1 with NaN where the site was not surveyed.

    Examples
    --------
    >>> print(Occupancy(history).fit().summary())  # doctest: +SKIP
    """

    def __init__(self, observations: CaptureHistory | np.ndarray) -> None:
        self.observations = observations

    def fit(self) -> OccupancyFit:
        """Fit psi and p.

        Returns
        -------
        OccupancyFit
            psi, p, naive occupancy, log-likelihood, AIC and a convergence flag with its reason.
        """
        observed = self.observations
        if isinstance(observed, CaptureHistory):
            observed = observed.detection_matrix()
        n_surveys, n_detected = _site_totals(np.asarray(observed, dtype=float))
        n_sites, n_seen = int(n_surveys.size), int((n_detected > 0).sum())
        if n_seen == 0:
            return OccupancyFit(
                NOT_ESTIMATED,
                NOT_ESTIMATED,
                0.0,
                n_sites,
                0,
                np.nan,
                np.nan,
                False,
                "no detections: psi and p are not estimable",
            )
        return _maximise(n_surveys, n_detected)


def _maximise(n_surveys: np.ndarray, n_detected: np.ndarray) -> OccupancyFit:
    """The MLE from a logit-scale BFGS start at the naive estimates (some site detected)."""
    n_sites, n_seen = int(n_surveys.size), int((n_detected > 0).sum())
    naive = n_seen / n_sites
    start = np.array(
        [
            logit(np.clip(naive, 0.05, 0.95)),
            logit(np.clip(n_detected.sum() / n_surveys[n_detected > 0].sum(), 0.05, 0.95)),
        ]
    )
    res = minimize(_negloglik, start, args=(n_surveys, n_detected), method="BFGS")
    beta = res.x

    def negll(b: np.ndarray) -> float:
        return _negloglik(b, n_surveys, n_detected)

    cov, message = covariance_from_hessian(fd_hessian(negll, beta, rel_step=1e-4))
    worst = float(np.max(np.abs(fd_gradient(negll, beta))))
    if worst > 1e-3 and not message:
        message = f"gradient {worst:.2g} at the end (optimizer: {res.message})"
    if np.any(np.abs(beta) > LOGIT_LIMIT):
        message = (
            f"boundary estimate (psi {expit(beta[0]):.4g}, p {expit(beta[1]):.4g}): "
            "the data do not bound psi or p"
        )
    se = np.sqrt(np.diag(cov))
    psi, p = (wald_estimate(beta[j], se[j], "logit") for j in (0, 1))
    loglik = -float(res.fun)
    return OccupancyFit(
        psi, p, naive, n_sites, n_seen, loglik, -2 * loglik + 4, not message, message
    )


def _site_totals(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Surveys and detections per site, for sites surveyed at least once (validated)."""
    require(
        y.ndim == 2 and y.shape[1] >= 2,
        "detections",
        y.shape,
        "a (sites, occasions) matrix with at least 2 occasions",
    )
    ok = np.isnan(y) | (y == 0) | (y == 1)
    require(bool(ok.all()), "detections", y[~ok][0] if (~ok).any() else None, "0, 1 or NaN")
    surveyed = ~np.isnan(y)
    keep = surveyed.any(axis=1)
    require(bool(keep.any()), "detections", "no surveyed site", "at least one non-NaN entry")
    return surveyed.sum(axis=1)[keep], np.nansum(y, axis=1)[keep]

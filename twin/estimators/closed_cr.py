"""Closed-population capture-recapture: the ClosedCR model; M0 and Mt by maximum likelihood.

M0 and Mt follow Otis et al. (1978); Mh is in :mod:`twin.estimators.closed_cr_mh`.

The full likelihood with N as a parameter (Otis et al. 1978, eqs. for M0 and Mt),

    L(N, p) = N! / ((N - Mt1)! prod_w x_w!) * prod_j p_j^c_j (1 - p_j)^(N m_j - c_j),

(x_w = number of animals with history w) with one group (c = total captures, m = S
occasions) for M0 and one group per occasion (c_s = animals caught on s, m = 1) for Mt. N is
treated as continuous (``lgamma``) and estimated as ``N = Mt1 + f0`` with ``log f0`` as the
link, p on the logit scale; SEs from a central-difference Hessian; the CI of N is the
log-normal interval of Chao (1987) / Rexstad & Burnham (1991), the CI of p the back-transformed
logit Wald interval.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import gammaln

from twin.errors import require
from twin.estimators.closed_cr_mh import fit_mh_chao, fit_mh_jackknife
from twin.estimators.closed_cr_results import ClosedCRFit, lognormal_abundance, validate_histories
from twin.estimators.inference import (
    NOT_ESTIMATED,
    covariance_from_hessian,
    fd_hessian,
    wald_estimate,
)
from twin.io.capture_history import CaptureHistory

CLOSED_MODELS = ("M0", "Mt", "Mh Chao", "Mh jackknife")
LOG_F0_BOUNDS = (np.log(1e-6), np.log(1e6))


class ClosedCR:
    """Closed-population capture-recapture: N from individual x occasion capture histories.

    Parameters
    ----------
    observations
        A capture history (read through :meth:`CaptureHistory.occasion_histories`: detected
        anywhere on an occasion) or an individual x occasion 0/1 matrix with at least 2
        occasions; rows without a detection are dropped.
    model
        ``"M0"`` (one capture probability), ``"Mt"`` (one per occasion), ``"Mh Chao"`` (Chao's
        1987 lower bound under heterogeneity) or ``"Mh jackknife"`` (Burnham & Overton).
    jackknife_order
        1 or 2, the order of the ``"Mh jackknife"`` estimator.

    Examples
    --------
    >>> print(ClosedCR(history, model="Mh Chao").fit().summary())  # doctest: +SKIP
    """

    def __init__(
        self,
        observations: CaptureHistory | np.ndarray,
        model: str = "M0",
        jackknife_order: int = 1,
    ) -> None:
        self.observations, self.model, self.jackknife_order = observations, model, jackknife_order

    def fit(self) -> ClosedCRFit:
        """Estimate N (and p for M0, Mt).

        Returns
        -------
        ClosedCRFit
            N with SE and 95% CI; a result flagged ``converged=False`` with the reason when the
            data do not bound N.
        """
        require(self.model in CLOSED_MODELS, "model", self.model, f"one of {CLOSED_MODELS}")
        observed = self.observations
        if isinstance(observed, CaptureHistory):
            observed = observed.occasion_histories()
        x = validate_histories(observed)
        if self.model == "M0":
            return _fit(x, np.array([x.sum()]), np.array([x.shape[1]]), "M0")
        if self.model == "Mt":
            return _fit(x, x.sum(axis=0), np.ones(x.shape[1], dtype=np.int64), "Mt")
        if self.model == "Mh Chao":
            return fit_mh_chao(x)
        return fit_mh_jackknife(x, self.jackknife_order)


def _loglik(beta: np.ndarray, n_seen: int, caught: np.ndarray, trials: np.ndarray) -> float:
    f0 = np.exp(beta[0])
    n_total = n_seen + f0
    log_p, log_q = -np.logaddexp(0.0, -beta[1:]), -np.logaddexp(0.0, beta[1:])
    return float(
        gammaln(n_total + 1)
        - gammaln(f0 + 1)
        + np.sum(caught * log_p + (n_total * trials - caught) * log_q)
    )


def _profile_beta(log_f0: float, n_seen: int, caught: np.ndarray, trials: np.ndarray):
    """Link vector with each p at its MLE ``c_j / (N m_j)`` given N."""
    n_total = n_seen + np.exp(log_f0)
    p = caught / (n_total * trials)
    return np.concatenate([[log_f0], np.log(p) - np.log1p(-p)])


def _fit(x: np.ndarray, caught: np.ndarray, trials: np.ndarray, model: str) -> ClosedCRFit:
    n_seen, n_occ = x.shape
    reason = _not_estimable(x, caught)
    if reason:
        return ClosedCRFit(model, n_seen, n_occ, NOT_ESTIMATED, converged=False, message=reason)

    _, same = np.unique(x, axis=0, return_counts=True)
    constant = -float(gammaln(same + 1).sum())

    def negll(beta: np.ndarray) -> float:
        return -_loglik(beta, n_seen, caught, trials) - constant

    best = minimize_scalar(
        lambda b: negll(_profile_beta(b, n_seen, caught, trials)),
        bounds=LOG_F0_BOUNDS,
        method="bounded",
        options={"xatol": 1e-10},
    )
    beta = _profile_beta(float(best.x), n_seen, caught, trials)
    at_bound = beta[0] - LOG_F0_BOUNDS[0] < 1e-3 or LOG_F0_BOUNDS[1] - beta[0] < 1e-3
    cov, cov_reason = covariance_from_hessian(fd_hessian(negll, beta, rel_step=1e-4))
    f0 = float(np.exp(beta[0]))
    var_n = f0**2 * cov[0, 0]
    p_est = [
        wald_estimate(b, np.sqrt(v), "logit")
        for b, v in zip(beta[1:], np.diag(cov)[1:], strict=True)
    ]
    loglik = -negll(beta)
    message = cov_reason
    if at_bound:
        message = (
            f"N = {n_seen + f0:.6g} is at the edge of the search range "
            f"(f0 between 1e-6 and 1e6): the data do not bound N"
        )
    return ClosedCRFit(
        model,
        n_seen,
        n_occ,
        lognormal_abundance(n_seen, n_seen + f0, var_n),
        p_est,
        loglik=loglik,
        aic=-2 * loglik + 2 * beta.size,
        converged=not message,
        message=message,
    )


def _not_estimable(x: np.ndarray, caught: np.ndarray) -> str:
    if x.shape[0] == 0:
        return "no detections: N is not estimable"
    if x.sum() == x.shape[0]:
        return "no recaptures: every animal was caught once, so N is not estimable (infinite MLE)"
    if np.any(caught == 0):
        return (
            f"no captures on occasion(s) {list(np.flatnonzero(caught == 0) + 1)}: their "
            "capture probability is 0; drop those occasions"
        )
    return ""

"""Spatial capture-recapture by maximum likelihood (Borchers & Efford 2008), as secr fits it.

``SCR(history, mask, detectfn).fit()`` maximises the full likelihood with Poisson N over
(log D, link g0 | log lambda0, log sigma): first the likelihood with D profiled out
(``D = n / a``) by L-BFGS-B from a grid-searched start, then Newton steps with central-difference
derivatives; SEs come from a central-difference Hessian of the joint negative log-likelihood on
the link scale.
"""

from __future__ import annotations

import time
from functools import cached_property

import numpy as np
from scipy.optimize import minimize

from twin.errors import require
from twin.estimators.inference import covariance_from_hessian, fd_gradient, fd_hessian, to_link
from twin.estimators.mask import Mask
from twin.estimators.scr_likelihood import SCRLikelihood
from twin.estimators.scr_results import SCRFit
from twin.io.capture_history import CaptureHistory

GRADIENT_TOL = 1e-3  # max |d logL / d beta| accepted at a maximum (log-likelihood units)
NEWTON_STEPS = 5


def not_estimable_reason(data: CaptureHistory) -> str:
    """Why SCR cannot be fitted to these data, or "" when it can."""
    if data.n_individuals == 0:
        return "no detections: density and detection parameters are not estimable"
    if data.n_recaptures == 0:
        return (
            "no recaptures: every individual was detected once, so g0/lambda0 and sigma are "
            "not estimable"
        )
    if data.n_spatial_recaptures == 0:
        return (
            "no spatial recaptures: no individual was detected at more than one detector, "
            "so sigma is not estimable"
        )
    return ""


class SCR:
    """Spatial capture-recapture model for one session (secr's null model, optionally by sex).

    Parameters
    ----------
    history
        Capture history; its ``detector_type`` (proximity, count or multi) says how SCR reads
        the counts, its usage scales the hazard of each detector and occasion.
    mask
        Habitat mask of candidate activity centres.
    detectfn
        ``"HN"`` (halfnormal g), ``"HHN"`` (hazard halfnormal) or ``"EX"`` (exponential g).
    by_sex
        Sex-specific g0/lambda0 and sigma with one density and a mixing proportion (secr's
        hybrid mixture ``hcov = "sex"``); needs a sex for every detected individual.
    engine
        ``"numba"`` (default) or ``"numpy"`` (reference likelihood, for benchmarks).

    Examples
    --------
    >>> fit = SCR(history, Mask.from_traps(history, 12_000.0)).fit()  # doctest: +SKIP
    >>> print(fit.summary())  # doctest: +SKIP
    """

    def __init__(
        self,
        history: CaptureHistory,
        mask: Mask,
        detectfn: str = "HHN",
        by_sex: bool = False,
        engine: str = "numba",
    ) -> None:
        self.history, self.mask, self.detectfn = history, mask, detectfn
        self.by_sex, self.engine = by_sex, engine

    @cached_property
    def likelihood(self) -> SCRLikelihood:
        """The negative log-likelihood of this model (validates the settings on first use)."""
        return SCRLikelihood(self.history, self.mask, self.detectfn, self.by_sex, self.engine)

    def fit(self, max_iterations: int = 200) -> SCRFit:
        """Fit by maximum likelihood.

        Parameters
        ----------
        max_iterations
            Iteration limit of L-BFGS-B (Newton steps after it are limited to the same number).

        Returns
        -------
        SCRFit
            Estimates, or a result flagged ``estimable=False`` or ``converged=False`` and
            the reason.
        """
        require(
            int(max_iterations) == max_iterations and max_iterations >= 1,
            "max_iterations",
            max_iterations,
            "an integer >= 1",
        )
        started = time.perf_counter()
        lik = self.likelihood
        reason = not_estimable_reason(self.history)
        if reason:
            return SCRFit.not_estimable(self, reason)
        bounds = self._bounds()
        theta, opt_message = self._maximise_profile(bounds, int(max_iterations))
        beta = np.concatenate([[np.log(lik.density_mle(theta))], theta])
        hessian = fd_hessian(lik.negloglik, beta)
        cov, cov_reason = covariance_from_hessian(hessian)
        gradient = fd_gradient(lik.negloglik, beta)
        converged, message = _judge(theta, bounds, gradient, cov_reason, opt_message, lik.names)
        return SCRFit(
            model=self,
            beta=beta,
            cov=cov,
            loglik=-lik.negloglik(beta) + lik.constant(),
            converged=converged,
            message=message,
            seconds=time.perf_counter() - started,
        )

    def _bounds(self) -> list[tuple[float, float]]:
        """Link-scale box for the detection parameters (keeps the likelihood finite)."""
        extent_m = float(np.hypot(np.ptp(self.mask.x_m), np.ptp(self.mask.y_m)))
        sigma = (np.log(self.mask.spacing_m / 20), np.log(10 * max(extent_m, self.mask.spacing_m)))
        par0 = (np.log(1e-8), np.log(1e3)) if self.detectfn == "HHN" else (-18.0, 18.0)
        if self.by_sex:
            return [par0, par0, sigma, sigma, (-12.0, 12.0)]
        return [par0, sigma]

    def _start(self, bounds: list[tuple[float, float]]) -> np.ndarray:
        """Start: sigma from the spatial spread of recaptures, g0/lambda0 by a grid search."""
        log_sigma = float(np.clip(np.log(_rpsv_m(self.history)), *bounds[-2 if self.by_sex else 1]))
        link = "log" if self.detectfn == "HHN" else "logit"
        candidates = to_link(np.array([0.001, 0.005, 0.02, 0.05, 0.1, 0.2, 0.4, 0.7]), link)
        if self.by_sex:
            share_f = float(np.mean(self.history.individual_sex == "F"))
            tail = [log_sigma, log_sigma, float(to_link(np.clip(share_f, 0.05, 0.95), "logit"))]
            thetas = [np.array([c, c, *tail]) for c in candidates]
        else:
            thetas = [np.array([c, log_sigma]) for c in candidates]
        values = [self.likelihood.profile_negloglik(t) for t in thetas]
        return thetas[int(np.argmin(values))]

    def _maximise_profile(
        self, bounds: list[tuple[float, float]], max_iterations: int
    ) -> tuple[np.ndarray, str]:
        """L-BFGS-B then Newton steps on the profile likelihood; returns theta and a message."""
        objective = self.likelihood.profile_negloglik
        result = minimize(
            objective,
            self._start(bounds),
            method="L-BFGS-B",
            bounds=bounds,
            options={"maxiter": max_iterations, "ftol": 1e-12, "gtol": 1e-8},
        )
        theta = _newton_polish(objective, result.x, bounds, min(NEWTON_STEPS, max_iterations))
        return theta, str(result.message)


def _newton_polish(objective, theta, bounds, n_steps: int) -> np.ndarray:
    """Newton steps with central-difference derivatives, kept only while they improve."""
    lo, hi = np.array(bounds).T
    value = objective(theta)
    for _ in range(n_steps):
        hessian = fd_hessian(objective, theta, rel_step=1e-4)
        gradient = fd_gradient(objective, theta)
        try:
            np.linalg.cholesky(hessian)
            step = np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError:
            break
        candidate = np.clip(theta - step, lo, hi)
        new_value = objective(candidate)
        if not new_value <= value:
            break
        theta, value = candidate, new_value
        if np.max(np.abs(step)) < 1e-9:
            break
    return theta


def _judge(theta, bounds, gradient, cov_reason, opt_message, names) -> tuple[bool, str]:
    """Convergence flag and a one-line reason."""
    for j, (lo, hi) in enumerate(bounds):
        side = "lower" if theta[j] - lo < 1e-6 else "upper" if hi - theta[j] < 1e-6 else ""
        if side:
            return False, (
                f"{names[j + 1]} is at its {side} bound on the link scale "
                f"({theta[j]:.4g}); the likelihood has no interior maximum"
            )
    if cov_reason:
        return False, cov_reason
    worst = float(np.max(np.abs(gradient)))
    if not worst < GRADIENT_TOL:
        return False, (
            f"gradient {worst:.2g} is not below {GRADIENT_TOL:g} at the end "
            f"(optimizer: {opt_message})"
        )
    return True, f"max |gradient| {worst:.1g}; L-BFGS-B: {opt_message}"


def _rpsv_m(data: CaptureHistory) -> float:
    """Root pooled spatial variance of the detections (m), or the median detector spacing."""
    ind, det, _, count = data.events
    xy = data.xy_m[det]
    n_ind = data.n_individuals
    weight = np.bincount(ind, weights=count, minlength=n_ind)
    mean = (
        np.column_stack(
            [np.bincount(ind, weights=count * xy[:, j], minlength=n_ind) for j in (0, 1)]
        )
        / weight[:, None]
    )
    sq = np.sum(count * np.sum((xy - mean[ind]) ** 2, axis=1))
    dof = float(np.sum(weight - 1))
    if sq > 0 and dof > 0:
        return float(np.sqrt(sq / (2 * dof)))
    trap_xy = data.xy_m
    diff = trap_xy[:, None, :] - trap_xy[None, :, :]
    dist = np.sqrt((diff**2).sum(axis=2)) + np.diag(np.full(len(trap_xy), np.inf))
    return float(np.median(dist.min(axis=1))) if len(trap_xy) > 1 else 1.0

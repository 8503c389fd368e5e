"""The SCR model evaluated on any set of points: Pr(omega_i | s), p.(s), and parameter draws.

secr's ``fxi`` posterior of an activity centre ``s`` given a detection history ``omega_i`` is

    pi(s | omega_i) = D(s) Pr(omega_i | s) / sum_s' D(s') Pr(omega_i | s'),

and an animal at ``s`` is missed with probability ``1 - p.(s) = exp(-sum_k U_k h_k(s))``
(``U_k`` the detector's total usage, ``h_k`` its per-occasion hazard). The functions here
compute both on the points of a mask that need not be the mask of the fit (the park, say),
with the fit's detection function and the usage of its capture history, by the equations of
:mod:`twin.estimators.scr_reference`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from twin.errors import require
from twin.estimators import SCRFit
from twin.estimators.inference import from_link
from twin.estimators.scr_kernel import DETECTFN_CODES
from twin.estimators.scr_reference import hazard_reference
from twin.io.capture_history import SEX_CODES, CaptureHistory

LOG_TINY = -700.0
"""Stand-in for log(0) where a detection is impossible (keeps sums finite)."""


@dataclass(frozen=True)
class DetectionClass:
    """The detection parameters of one class of animals (one sex, or all when pooled).

    Attributes
    ----------
    sex
        ``"F"``, ``"M"``, or ``""`` for a sex-pooled model.
    par0
        g0 (HN, EX; per-occasion probability) or lambda0 (HHN; per-occasion hazard).
    sigma_m
        Spatial scale of detection, m.
    share
        Proportion of all animals (detected or not) in this class (1 when pooled).
    """

    sex: str
    par0: float
    sigma_m: float
    share: float


@dataclass(frozen=True)
class ParameterDraw:
    """One set of SCR parameters: density (animals/ha) and the detection classes."""

    density_per_ha: float
    classes: tuple[DetectionClass, ...]


def parameters_at(fit: SCRFit, beta: np.ndarray) -> ParameterDraw:
    """Natural-scale parameters of ``fit``'s model at link-scale vector ``beta``."""
    det_link = fit.links[1]
    density = float(np.exp(beta[0]))
    if not fit.model.by_sex:
        par0 = float(from_link(beta[1], det_link))
        return ParameterDraw(density, (DetectionClass("", par0, float(np.exp(beta[2])), 1.0),))
    share_f = float(from_link(beta[5], "logit"))
    classes = tuple(
        DetectionClass(
            sex,
            float(from_link(beta[1 + j], det_link)),
            float(np.exp(beta[3 + j])),
            share_f if sex == "F" else 1.0 - share_f,
        )
        for j, sex in enumerate(SEX_CODES)
    )
    return ParameterDraw(density, classes)


def draw_parameters(fit: SCRFit, n: int, rng: np.random.Generator) -> list[ParameterDraw]:
    """``n`` parameter sets from the fit's asymptotic sampling distribution.

    The link-scale vector is drawn from N(beta_hat, V) with V the inverse Hessian; a fit
    without a usable covariance (not finite, not positive definite) gives the MLE ``n`` times.
    """
    require(fit.estimable, "SCR fit", fit.message, "an estimable fit")
    cov = np.asarray(fit.cov, dtype=float)
    usable = bool(np.all(np.isfinite(cov)))
    if usable:
        try:
            factor = np.linalg.cholesky(cov)
        except np.linalg.LinAlgError:
            usable = False
    if not usable:
        return [parameters_at(fit, fit.beta) for _ in range(n)]
    z = rng.standard_normal((n, len(fit.beta)))
    return [parameters_at(fit, fit.beta + factor @ row) for row in z]


def _hazard(history: CaptureHistory, xy_m: np.ndarray, detectfn: str, cls: DetectionClass):
    """Per-occasion hazard (K detectors, M points)."""
    d2 = (history.x_m[:, None] - xy_m[None, :, 0]) ** 2 + (
        history.y_m[:, None] - xy_m[None, :, 1]
    ) ** 2
    return hazard_reference(d2, DETECTFN_CODES[detectfn], cls.par0, cls.sigma_m)


def log_missed(
    history: CaptureHistory, xy_m: np.ndarray, detectfn: str, cls: DetectionClass
) -> np.ndarray:
    """``log(1 - p.(s))`` at each point, shape (M,): the log-probability of no detection."""
    usage_total = np.asarray(history.usage, dtype=float).sum(axis=1)
    return -(usage_total @ _hazard(history, xy_m, detectfn, cls))


def log_history(
    history: CaptureHistory,
    xy_m: np.ndarray,
    detectfn: str,
    cls: DetectionClass,
    individuals: np.ndarray,
) -> np.ndarray:
    """``log Pr(omega_i | s)`` of the given individuals at each point, shape (n, M).

    Proximity detectors read each event as Bernoulli with ``g = 1 - exp(-u h)``; count
    detectors as Poisson with mean ``u h`` (without the constant ``-log y!``).
    """
    kind = history.detector_type
    require(kind in ("proximity", "count"), "detector type", kind, "proximity or count")
    h = _hazard(history, xy_m, detectfn, cls)
    log0 = -(np.asarray(history.usage, dtype=float).sum(axis=1) @ h)
    ind, det, occ, count = history.events
    out = np.tile(log0, (len(individuals), 1))
    usage = np.asarray(history.usage, dtype=float)
    with np.errstate(divide="ignore", under="ignore"):
        for row, i in enumerate(individuals):
            mine = ind == i
            u = usage[det[mine], occ[mine]][:, None]
            h_ev = h[det[mine]]
            if kind == "proximity":
                terms = np.log(np.expm1(u * h_ev))
            else:
                terms = count[mine][:, None] * np.log(u * h_ev)
            out[row] += np.maximum(terms, LOG_TINY).sum(axis=0)
    return out


def normalised(log_weights: np.ndarray) -> np.ndarray:
    """Probabilities proportional to ``exp(log_weights)`` along the last axis."""
    top = np.max(log_weights, axis=-1, keepdims=True)
    w = np.exp(log_weights - top)
    return w / w.sum(axis=-1, keepdims=True)

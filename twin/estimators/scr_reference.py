"""Pure-numpy reference of the SCR log-likelihood kernel (same inputs and outputs).

Written straight from the equations, without the kernel's row caches or underflow guards, so
that tests can check :func:`twin.estimators.scr_kernel.scr_loglik_kernel` against it and the
benchmark can use it as the baseline.
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp


def hazard_reference(d2: np.ndarray, detectfn: int, par0: float, sigma_m: float) -> np.ndarray:
    """Per-occasion hazard h(d) for every detector and mask point, shape (K, M)."""
    if detectfn == 1:
        return par0 * np.exp(-d2 / (2 * sigma_m**2))
    if detectfn == 0:
        g = par0 * np.exp(-d2 / (2 * sigma_m**2))
    else:
        g = par0 * np.exp(-np.sqrt(d2) / sigma_m)
    return -np.log1p(-g)


def scr_loglik_reference(
    geometry,
    detectfn,
    detector,
    par0,
    sigma_m,
    usage,
    row_of,
    ev_ptr,
    ev_k,
    ev_s,
    ev_y,
    cell_area_ha,
):
    """Effective sampling area (ha) and per-individual log-likelihood terms (numpy)."""
    del row_of  # the kernel's cache index; the reference recomputes every row
    with np.errstate(divide="ignore", invalid="ignore"):  # far away, log(0) = -inf is the value
        return _loglik(
            geometry[0],
            detectfn,
            detector,
            par0,
            sigma_m,
            usage,
            ev_ptr,
            ev_k,
            ev_s,
            ev_y,
            cell_area_ha,
        )


def _loglik(d2, detectfn, detector, par0, sigma_m, usage, ev_ptr, ev_k, ev_s, ev_y, cell_area_ha):
    h = hazard_reference(d2, detectfn, par0, sigma_m)
    log0 = -(usage.sum(axis=1) @ h)
    a_ha = cell_area_ha * np.sum(-np.expm1(log0))
    u = usage[ev_k, ev_s][:, None]
    h_ev = h[ev_k]
    if detector == 0:
        terms = np.log(np.expm1(u * h_ev))
    elif detector == 1:
        terms = ev_y[:, None] * np.log(u * h_ev)
    else:
        occ_hazard = usage.T @ h
        hz = occ_hazard[ev_s]
        terms = np.log(u * h_ev) + np.log(-np.expm1(-hz)) + hz - np.log(hz)
    if ev_ptr.shape[0] == 1:
        return a_ha, np.zeros(0)
    per_ind = np.add.reduceat(terms, ev_ptr[:-1], axis=0)
    loglik = logsumexp(per_ind + log0[None, :], axis=1) + np.log(cell_area_ha)
    return a_ha, loglik

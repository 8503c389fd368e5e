"""Numba kernel of the SCR log-likelihood (secr's full likelihood, one session).

For parameters (g0 or lambda0, sigma) the kernel returns

- ``a_ha``: the effective sampling area ``A sum_m p.(x_m)`` in hectares, and
- ``loglik``: per detected individual ``log(A sum_m P(omega_i | x_m))``,

from which ``log L = n log D - D a + sum_i loglik_i``. Prior validation assumed: arrays come from
:class:`twin.estimators.scr_likelihood.SCRLikelihood`. The pure-numpy twin is
:mod:`twin.estimators.scr_reference`.

Every history shares the log-probability of no detection ``L0(x) = -sum_k U_k h_k(x)``; an
individual adds one term per detection event (detector k, occasion s, count y):

- proximity: ``log(expm1(u_ks h_k))`` (Bernoulli with ``g = 1 - exp(-u h)``),
- count: ``y log(u_ks h_k)`` (Poisson; the ``-log y!`` constant is left out),
- multi: ``log(u_ks h_k) + log(expm1(H_s)) - log(H_s)`` with ``H_s = sum_k u_ks h_k``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from twin.detectors import DETECTFN_NAMES, DETECTOR_TYPES

DETECTFN_CODES = {name: code for code, name in enumerate(DETECTFN_NAMES)}
DETECTOR_CODES = {name: code for code, name in enumerate(DETECTOR_TYPES)}


@njit(cache=True)
def log_expm1(x: float) -> float:
    """``log(expm1(x))`` for x >= 0 without overflow; the series ``log x + x/2`` below 1e-5."""
    if x < 1e-5:
        return math.log(x) + 0.5 * x
    if x > 30.0:
        return x + math.log1p(-math.exp(-x))
    return math.log(math.expm1(x))


@njit(cache=True)
def log_expm1_of_log(log_x: float) -> float:
    """``log(expm1(exp(log_x)))`` without underflow or overflow."""
    if log_x < -11.5:  # x < 1e-5: log(expm1(x)) = log x + x/2 + x^2/24 + ...
        return log_x + 0.5 * math.exp(log_x)
    return log_expm1(math.exp(log_x))


@njit(cache=True)
def _small_g_hazard(g):
    """``-log(1 - g)``, by its series below g = 1e-5 (relative error < 4e-11)."""
    return g + 0.5 * g * g if g < 1e-5 else -math.log1p(-g)


@njit(cache=True)
def _hazard_pass(geometry, detectfn, detector, par0, sigma_m, usage, row_of, n_rows):
    """One pass over detectors and mask points.

    Returns L0 per mask point, log h and ``log(expm1(h))`` rows of the detected detectors, and
    the occasion hazards H_s (multi only). Each detector's g and h over the mask go into
    buffers first; the loops that use them then do one job each, which compiles to tight code.
    """
    d2 = geometry[0]
    n_det, n_mask = d2.shape
    n_occ = usage.shape[1]
    log_par0, inv_sigma = math.log(par0), 1.0 / sigma_m
    half_inv_s2 = 0.5 * inv_sigma * inv_sigma
    log0 = np.zeros(n_mask)
    occ_hazard = np.zeros((n_occ if detector == 2 else 0, n_mask))
    logh_rows = np.empty((n_rows, n_mask))
    em1_rows = np.empty((n_rows, n_mask))
    g, h_buffer = np.empty(n_mask), np.empty(n_mask)
    ex, ey = np.empty(geometry[1].shape[1]), np.empty(geometry[2].shape[1])
    for k in range(n_det):
        u_total = usage[k].sum()
        if u_total == 0.0:
            continue
        _detection_g(geometry, detectfn, par0, inv_sigma, half_inv_s2, k, ex, ey, g)
        h = g if detectfn == 1 else _hazard_of_g(g, h_buffer)
        for m in range(n_mask):
            log0[m] -= u_total * h[m]
        if detector == 2:
            for s in range(n_occ):
                u_ks = usage[k, s]
                for m in range(n_mask):
                    occ_hazard[s, m] += u_ks * h[m]
        row = row_of[k]
        if row >= 0:
            lh, em1 = logh_rows[row], em1_rows[row]
            if detectfn == 2:
                for m in range(n_mask):
                    lh[m] = log_par0 - math.sqrt(d2[k, m]) * inv_sigma
            else:
                for m in range(n_mask):
                    lh[m] = log_par0 - d2[k, m] * half_inv_s2
            _row_terms(detectfn, g, h, lh, em1)
    return log0, logh_rows, em1_rows, occ_hazard


@njit(cache=True)
def _detection_g(geometry, detectfn, par0, inv_sigma, half_inv_s2, k, ex, ey, g):
    """g (HN, EX) or lambda (HHN) of detector ``k`` at every mask point, into ``g``.

    For HN and HHN the Gaussian factorises, ``exp(-d^2/2 sigma^2) = exp(-dx^2/2 sigma^2)
    exp(-dy^2/2 sigma^2)``, so the exponentials are taken per distinct mask x and y only
    into the buffers ``ex`` and ``ey``; ``g = (par0 e_x) e_y``.
    """
    d2, dx2, dy2, ix, iy = geometry
    if detectfn == 2:
        for m in range(g.shape[0]):
            g[m] = par0 * math.exp(-math.sqrt(d2[k, m]) * inv_sigma)
        return
    for j in range(ex.shape[0]):
        ex[j] = par0 * math.exp(-dx2[k, j] * half_inv_s2)
    for j in range(ey.shape[0]):
        ey[j] = math.exp(-dy2[k, j] * half_inv_s2)
    for m in range(g.shape[0]):
        g[m] = ex[ix[m]] * ey[iy[m]]


@njit(cache=True)
def _hazard_of_g(g, h):
    """``h = -log(1 - g)`` per mask point, into ``h``."""
    for m in range(g.shape[0]):
        h[m] = _small_g_hazard(g[m])
    return h


@njit(cache=True)
def _row_terms(detectfn, g, h, lh, em1):
    """Finish a detected detector's rows: ``lh`` holds log g on entry, log h on exit.

    For HN and EX ``expm1(h) = g / (1 - g)``, hence ``log(expm1(h)) = log g + h``.
    """
    if detectfn == 1:
        for m in range(lh.shape[0]):
            em1[m] = lh[m] + 0.5 * h[m] if h[m] < 1e-5 else log_expm1(h[m])
        return
    for m in range(lh.shape[0]):
        log_g = lh[m]
        em1[m] = log_g + h[m]
        lh[m] = log_g + 0.5 * g[m] if g[m] < 1e-5 else math.log(h[m])


@njit(cache=True)
def _multi_terms(occ_hazard):
    """``log(expm1(H)) - log(H)`` per occasion and mask point (0 in the limit H -> 0)."""
    n_occ, n_mask = occ_hazard.shape
    out = np.zeros((n_occ, n_mask))
    for s in range(n_occ):
        for m in range(n_mask):
            hz = occ_hazard[s, m]
            if hz > 0.0:
                lhz = math.log(hz)
                out[s, m] = log_expm1_of_log(lhz) - lhz
    return out


@njit(cache=True)
def _add_event(work, detector, u, y, lh_row, em1_row, q_row):
    """Add one detection event's log-probability to ``work`` over the mask."""
    log_u = math.log(u)
    if detector == 0 and u == 1.0:
        for m in range(work.shape[0]):
            work[m] += em1_row[m]
    elif detector == 0:
        for m in range(work.shape[0]):
            work[m] += log_expm1_of_log(log_u + lh_row[m])
    elif detector == 1:
        for m in range(work.shape[0]):
            work[m] += y * (log_u + lh_row[m])
    else:
        for m in range(work.shape[0]):
            work[m] += log_u + lh_row[m] + q_row[m]


@njit(cache=True)
def _log_sum_exp(work):
    top = -np.inf
    for m in range(work.shape[0]):
        top = max(top, work[m])
    if top == -np.inf:
        return -np.inf
    total = 0.0
    for m in range(work.shape[0]):
        z = work[m] - top
        if z > -50.0:  # exp(-50) * M stays far below the rounding error of a total >= 1
            total += math.exp(z)
    return top + math.log(total)


@njit(cache=True)
def scr_loglik_kernel(
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
    """Effective sampling area (ha) and per-individual log-likelihood terms.

    Parameters
    ----------
    geometry : (d2, dx2, dy2, ix, iy): squared detector-to-mask distances (K, M) in m^2; squared
        x and y offsets (K, NX), (K, NY) to the distinct mask x and y; and each mask point's
        index into them (M,), (M,).
    detectfn, detector : integer codes (see ``DETECTFN_CODES``, ``DETECTOR_CODES``).
    par0, sigma_m : g0 (HN, EX) or lambda0 (HHN), and sigma in metres.
    usage : (K, S) usage. row_of : (K,) cache row of each detected detector, -1 otherwise.
    ev_ptr : (n + 1,) event offsets per individual; ev_k, ev_s, ev_y : detector, occasion, count.
    cell_area_ha : area of one mask cell in hectares.
    """
    n_rows = 0
    for k in range(row_of.shape[0]):
        n_rows = max(n_rows, row_of[k] + 1)
    log0, logh_rows, em1_rows, occ_hazard = _hazard_pass(
        geometry, detectfn, detector, par0, sigma_m, usage, row_of, n_rows
    )
    n_mask = log0.shape[0]
    a_ha = 0.0
    for m in range(n_mask):
        a_ha -= math.expm1(log0[m])
    a_ha *= cell_area_ha
    q = _multi_terms(occ_hazard) if detector == 2 else np.zeros((1, n_mask))
    n_ind = ev_ptr.shape[0] - 1
    loglik = np.empty(n_ind)
    work = np.empty(n_mask)
    log_area = math.log(cell_area_ha)
    for i in range(n_ind):
        work[:] = log0
        for e in range(ev_ptr[i], ev_ptr[i + 1]):
            k, s = ev_k[e], ev_s[e]
            row = row_of[k]
            q_row = q[s] if detector == 2 else q[0]
            _add_event(work, detector, usage[k, s], ev_y[e], logh_rows[row], em1_rows[row], q_row)
        loglik[i] = _log_sum_exp(work) + log_area
    return a_ha, loglik

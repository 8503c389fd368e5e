"""Model Mh (heterogeneous capture probability): Chao's lower bound and the jackknife.

With f_j the number of animals caught on exactly j of t occasions and Mt1 = sum_j f_j:

- Chao (1987): ``N = Mt1 + f1^2 / (2 f2)``, variance
  ``f2 [ (f1/f2)^4 / 4 + (f1/f2)^3 + (f1/f2)^2 / 2 ]``; when f2 = 0 the bias-corrected form
  ``Mt1 + f1 (f1 - 1) / 2`` with the variance of Chao (2005).
- Jackknife (Burnham & Overton 1978, 1979): ``N_k = sum_j a_jk f_j`` with
  first order ``a_11 = 1 + (t - 1)/t``; second order ``a_12 = 1 + (2t - 3)/t``,
  ``a_22 = 1 - (t - 2)^2 / (t (t - 1))``; other a = 1; ``var(N_k) = sum_j a_jk (a_jk - 1) f_j``
  (= sum a^2 f - N_k).

All CIs use the log-normal form ``[Mt1 + f0 / C, Mt1 + f0 C]`` (Chao 1987), f0 = N - Mt1.
"""

from __future__ import annotations

import numpy as np

from twin.errors import require
from twin.estimators.closed_cr_results import ClosedCRFit, lognormal_abundance, validate_histories
from twin.estimators.inference import NOT_ESTIMATED


def capture_frequencies(histories: np.ndarray) -> np.ndarray:
    """f_j, the number of animals caught on exactly j occasions, j = 1..t (shape (t,))."""
    x = validate_histories(histories)
    return np.bincount(x.sum(axis=1), minlength=x.shape[1] + 1)[1:]


def fit_mh_chao(histories: np.ndarray) -> ClosedCRFit:
    """Chao's (1987) lower-bound estimator of N under heterogeneity (``ClosedCR`` model "Mh Chao").

    Parameters
    ----------
    histories
        Individual x occasion 0/1 matrix; rows without a detection are dropped.
    """
    f = capture_frequencies(histories)
    n_seen, f1, f2 = int(f.sum()), float(f[0]), float(f[1])
    if n_seen == 0:
        return _empty("Mh Chao", f)
    if f2 > 0:
        ratio = f1 / f2
        n_hat = n_seen + f1**2 / (2 * f2)
        var_n = f2 * (ratio**4 / 4 + ratio**3 + ratio**2 / 2)
    else:
        n_hat = n_seen + f1 * (f1 - 1) / 2
        var_n = f1 * (f1 - 1) / 2 + f1 * (2 * f1 - 1) ** 2 / 4 - f1**4 / (4 * n_hat)
    message = "" if f1 > 0 else "no animal was caught only once (f1 = 0): N = Mt1, no interval"
    return ClosedCRFit(
        "Mh Chao",
        n_seen,
        f.size,
        lognormal_abundance(n_seen, n_hat, var_n),
        converged=not message,
        message=message,
    )


def fit_mh_jackknife(histories: np.ndarray, order: int = 1) -> ClosedCRFit:
    """Burnham & Overton jackknife estimator of N (``ClosedCR`` model "Mh jackknife").

    Parameters
    ----------
    histories
        Individual x occasion 0/1 matrix; rows without a detection are dropped.
    order
        1 or 2 (orders above 2 are rarely selected and not provided).
    """
    require(order in (1, 2), "order", order, "1 or 2")
    f = capture_frequencies(histories)
    t = f.size
    name = f"Mh jackknife {order}"
    if f.sum() == 0:
        return _empty(name, f)
    a = np.ones(t)
    if order == 1:
        a[0] = 1 + (t - 1) / t
    else:
        require(t >= 3, "histories occasions", t, "at least 3 for the second-order jackknife")
        a[0] = 1 + (2 * t - 3) / t
        a[1] = 1 - (t - 2) ** 2 / (t * (t - 1))
    n_hat = float(a @ f)
    var_n = float(np.sum(a * (a - 1) * f))
    return ClosedCRFit(name, int(f.sum()), t, lognormal_abundance(int(f.sum()), n_hat, var_n))


def _empty(name: str, f: np.ndarray) -> ClosedCRFit:
    return ClosedCRFit(
        name, 0, f.size, NOT_ESTIMATED, converged=False, message="no detections: N is not estimable"
    )

"""Capture histories for closed-population models and the result object they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from twin.errors import require
from twin.estimators.inference import Z95, Estimate


def validate_histories(histories: np.ndarray, key: str = "histories") -> np.ndarray:
    """Check an individual x occasion 0/1 matrix and drop rows without a detection.

    Parameters
    ----------
    histories
        Shape (n, S) with 0/1 (or boolean) entries; S >= 2 occasions.
    key
        Name used in error messages.

    Returns
    -------
    numpy.ndarray
        Integer matrix of the individuals detected at least once.
    """
    x = np.asarray(histories)
    require(
        x.ndim == 2 and x.shape[1] >= 2,
        key,
        x.shape,
        "an (individuals, occasions) matrix with at least 2 occasions",
    )
    ok = np.isin(x, (0, 1))
    require(bool(ok.all()), key, x[~ok][0] if (~ok).any() else None, "0/1 entries only")
    x = x.astype(np.int64)
    return x[x.sum(axis=1) > 0]


def lognormal_abundance(n_seen: int, n_hat: float, var_n: float) -> Estimate:
    """N with the log-normal CI of Chao (1987) / Rexstad & Burnham (1991).

    ``f0 = N - Mt1``, ``C = exp(z sqrt(log(1 + var / f0^2)))``, CI ``[Mt1 + f0 / C, Mt1 + f0 C]``.
    """
    f0 = n_hat - n_seen
    se = float(np.sqrt(max(var_n, 0.0)))
    if not f0 > 0 or not np.isfinite(var_n):
        return Estimate(float(n_hat), se, float(n_hat), float(n_hat) if f0 >= 0 else np.nan)
    c = np.exp(Z95 * np.sqrt(np.log1p(max(var_n, 0.0) / f0**2)))
    return Estimate(float(n_hat), se, float(n_seen + f0 / c), float(n_seen + f0 * c))


@dataclass
class ClosedCRFit:
    """Result of a closed-population estimator (M0, Mt, Mh).

    Attributes
    ----------
    model
        ``"M0"``, ``"Mt"``, ``"Mh Chao"``, ``"Mh jackknife 1"`` or ``"Mh jackknife 2"``.
    n_individuals
        Mt1, the number of distinct individuals caught.
    n_occasions
        Number of occasions S.
    abundance
        N with SE and 95% CI.
    capture_probability
        Per-occasion capture probability estimates (one for M0, S for Mt, none for Mh).
    loglik, aic
        Maximised log-likelihood (with the multinomial coefficient, so comparable between M0
        and Mt) and AIC; NaN for the non-likelihood Mh estimators.
    converged, message
        Whether the estimate is usable, and why not.
    """

    model: str
    n_individuals: int
    n_occasions: int
    abundance: Estimate
    capture_probability: list[Estimate] = field(default_factory=list)
    loglik: float = np.nan
    aic: float = np.nan
    converged: bool = True
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary (None for non-finite values)."""
        return {
            "model": self.model,
            "n_individuals": self.n_individuals,
            "n_occasions": self.n_occasions,
            "N": self.abundance.to_dict(),
            "p": [p.to_dict() for p in self.capture_probability],
            "loglik": float(self.loglik) if np.isfinite(self.loglik) else None,
            "AIC": float(self.aic) if np.isfinite(self.aic) else None,
            "converged": self.converged,
            "message": self.message,
        }

    def summary(self) -> str:
        """A short table of the estimates."""
        lines = [
            f"Closed population, model {self.model}: Mt1 = {self.n_individuals} individuals, "
            f"{self.n_occasions} occasions",
            f"  logLik {self.loglik:.4f}   AIC {self.aic:.3f}" if np.isfinite(self.aic) else "",
            f"  converged: {self.converged}" + (f" ({self.message})" if self.message else ""),
            f"  {'parameter':<12}{'estimate':>12}{'SE':>12}{'lcl':>12}{'ucl':>12}",
        ]
        rows = [("N", self.abundance)]
        names = (
            ["p"]
            if len(self.capture_probability) == 1
            else [f"p[{s + 1}]" for s in range(len(self.capture_probability))]
        )
        rows += list(zip(names, self.capture_probability, strict=True))
        for name, est in rows:
            lines.append(
                f"  {name:<12}"
                + "".join(
                    f"{v:>12.5g}" if np.isfinite(v) else f"{'-':>12}"
                    for v in (est.est, est.se, est.lcl, est.ucl)
                )
            )
        return "\n".join(line for line in lines if line)

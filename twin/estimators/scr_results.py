"""Results of an SCR fit: estimates on the natural scale, derived quantities and a summary."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from twin.errors import require
from twin.estimators.inference import NOT_ESTIMATED, Estimate, wald_estimate

if TYPE_CHECKING:
    from twin.estimators.scr_model import SCR

HA_PER_100KM2 = 10_000.0


class SCRFit:
    """A fitted SCR model (statsmodels style: statistics are lazy, cached properties).

    Parameters
    ----------
    model
        The :class:`~twin.estimators.scr_model.SCR` model that was fitted.
    beta
        MLE on the link scale (``log D`` with D per hectare first), or NaN when not estimable.
    cov
        Covariance of ``beta`` (inverse Hessian), NaN where not available.
    loglik
        Maximised log-likelihood including secr's constant terms.
    converged, message
        Convergence flag and its reason.
    estimable
        False when the data cannot identify the model (``message`` says why).
    seconds
        Wall-clock time of the fit.
    """

    def __init__(
        self,
        model: SCR,
        beta: np.ndarray,
        cov: np.ndarray,
        loglik: float,
        converged: bool,
        message: str,
        estimable: bool = True,
        seconds: float = 0.0,
    ) -> None:
        self.model, self.beta, self.cov, self.loglik = model, beta, cov, float(loglik)
        self.converged, self.message, self.estimable = converged, message, estimable
        self.seconds = seconds
        self.names: list[str] = model.likelihood.names
        self.links: list[str] = model.likelihood.links

    @classmethod
    def not_estimable(cls, model: SCR, reason: str) -> SCRFit:
        """A result without estimates, for data that cannot identify the model."""
        k = len(model.likelihood.names)
        return cls(
            model,
            np.full(k, np.nan),
            np.full((k, k), np.nan),
            np.nan,
            False,
            reason,
            estimable=False,
        )

    @cached_property
    def estimates(self) -> dict[str, Estimate]:
        """Natural-scale estimate of every parameter (D per hectare, sigma in metres)."""
        se = np.sqrt(np.diag(self.cov))
        return {
            name: wald_estimate(b, s, link) if np.isfinite(b) else NOT_ESTIMATED
            for name, b, s, link in zip(self.names, self.beta, se, self.links, strict=True)
        }

    @property
    def density_per_ha(self) -> Estimate:
        """Density of activity centres, animals per hectare."""
        return self.estimates["D"]

    @property
    def density_per_100km2(self) -> Estimate:
        """Density of activity centres, animals per 100 km2."""
        return self.density_per_ha.scaled(HA_PER_100KM2)

    @property
    def sigma_m(self) -> Estimate:
        """Spatial scale of detection in metres (null model)."""
        return self.estimates["sigma"]

    @property
    def detection(self) -> Estimate:
        """g0 (HN, EX; per-occasion probability) or lambda0 (HHN; per-occasion hazard)."""
        return self.estimates[self.model.likelihood.detection_name]

    @property
    def n_parameters(self) -> int:
        """Number of estimated parameters."""
        return len(self.names)

    @property
    def n_individuals(self) -> int:
        """Number of detected individuals n."""
        return self.model.history.n_individuals

    @property
    def n_detections(self) -> int:
        """Number of detections."""
        return self.model.history.n_detections

    @property
    def n_recaptures(self) -> int:
        """Detections beyond each individual's first (secr's r)."""
        return self.model.history.n_recaptures

    @cached_property
    def aic(self) -> float:
        """Akaike's information criterion ``-2 logL + 2k``."""
        return -2.0 * self.loglik + 2.0 * self.n_parameters

    @cached_property
    def aicc(self) -> float:
        """Small-sample AIC with n = number of detected individuals."""
        n, k = self.n_individuals, self.n_parameters
        return self.aic + 2.0 * k * (k + 1) / (n - k - 1) if n > k + 1 else np.nan

    def n_in_area(self, area_ha: float) -> Estimate:
        """Expected number of activity centres in a region of ``area_ha`` hectares (E(N) = D A)."""
        require(np.isfinite(area_ha) and area_ha > 0, "area_ha", area_ha, "a positive area in ha")
        return self.density_per_ha.scaled(float(area_ha))

    @property
    def n_in_mask(self) -> Estimate:
        """Expected number of activity centres in the mask."""
        return self.n_in_area(self.model.mask.area_ha)

    def to_dict(self) -> dict[str, Any]:
        """The key layout of secr reference fits (D per hectare, sigma in metres)."""
        data, mask = self.model.history, self.model.mask
        out: dict[str, Any] = {
            "detector": data.detector_type,
            "detectfn": self.model.detectfn,
            "mask_points": mask.n_points,
            "mask_spacing_m": mask.spacing_m,
            "noccasions": data.n_occasions,
            "n_individuals": self.n_individuals,
            "n_detections": self.n_detections,
            "loglik": _json_float(self.loglik),
            "AIC": _json_float(self.aic),
        }
        out.update({name: est.to_dict() for name, est in self.estimates.items()})
        out.update(converged=bool(self.converged), message=self.message, seconds=self.seconds)
        return out

    def summary(self) -> str:
        """A table of estimates in the layout of secr's ``predict`` with a fit header."""
        data = self.model.history
        lines = [
            f"SCR fit (full likelihood, Poisson N): detectfn {self.model.detectfn}, "
            f"{data.detector_type} detectors",
            f"  detectors {data.n_detectors}, occasions {data.n_occasions}, "
            f"mask {self.model.mask.n_points} points at {self.model.mask.spacing_m:g} m "
            f"({self.model.mask.area_ha / HA_PER_100KM2:.4g} x 100 km2)",
            f"  n = {self.n_individuals} animals, {self.n_detections} detections, "
            f"r = {self.n_recaptures} recaptures, "
            f"{data.n_spatial_recaptures} animals at > 1 detector",
            f"  logLik {self.loglik:.4f}   AIC {self.aic:.3f}   AICc {self.aicc:.3f}",
            f"  converged: {self.converged} ({self.message})",
            "",
            f"  {'parameter':<22}{'link':<7}{'estimate':>12}{'SE':>12}{'lcl':>12}{'ucl':>12}",
        ]
        rows = list(self.estimates.items()) + [
            ("D per 100 km2", self.density_per_100km2),
            ("N in mask", self.n_in_mask),
        ]
        for name, est in rows:
            link = self.links[self.names.index(name)] if name in self.names else ""
            label = {"D": "D per ha", "sigma": "sigma (m)"}.get(name, name)
            lines.append(
                f"  {label:<22}{link:<7}"
                + "".join(f"{_fmt(v):>12}" for v in (est.est, est.se, est.lcl, est.ucl))
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        state = "converged" if self.converged else "not converged"
        return f"<SCRFit {self.model.detectfn} n={self.n_individuals} {state}>"


def _fmt(value: float) -> str:
    return "-" if not np.isfinite(value) else f"{value:.5g}"


def _json_float(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None

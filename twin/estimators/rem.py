"""Random encounter model (Rowcliffe et al. 2008): density of unmarked animals from camera rates.

    D = (y / t) * pi / (v r (2 + theta))

with y independent detections (events), t camera-days, v day range (km/day), r detection radius
(km) and theta detection angle (radians); D in animals per km2. The day range may be given, or
estimated from individual speeds as ``v = activity_level * 86.4 * harmonic_mean(speed_m_per_s)``
(Rowcliffe et al. 2016; 86.4 converts m/s to km/day). The 95% CI and SE come from a
non-parametric bootstrap that resamples cameras (and speeds) with replacement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from twin.errors import require
from twin.estimators.inference import Estimate
from twin.io.capture_history import CaptureHistory

KM_PER_DAY_PER_M_PER_S = 86.4


@dataclass(frozen=True)
class REMFit:
    """Random encounter model estimate.

    Attributes
    ----------
    density_per_km2
        Density with bootstrap SE and percentile 95% CI, animals per km2.
    n_detections, camera_days, n_cameras
        Totals of the survey.
    day_range_km, radius_km, angle_rad
        Movement and detection-zone parameters used (day range point estimate).
    n_boot
        Number of bootstrap resamples.
    """

    density_per_km2: Estimate
    n_detections: int
    camera_days: float
    n_cameras: int
    day_range_km: float
    radius_km: float
    angle_rad: float
    n_boot: int

    @property
    def density_per_100km2(self) -> Estimate:
        """Density, animals per 100 km2."""
        return self.density_per_km2.scaled(100.0)

    def to_dict(self) -> dict[str, Any]:
        """Plain dictionary with densities per km2 and per 100 km2."""
        out = {k: v for k, v in vars(self).items() if k != "density_per_km2"}
        out["density_per_km2"] = self.density_per_km2.to_dict()
        out["density_per_100km2"] = self.density_per_100km2.to_dict()
        return out

    def summary(self) -> str:
        """A short table of the estimate and its inputs."""
        d, d100 = self.density_per_km2, self.density_per_100km2
        return "\n".join(
            [
                f"Random encounter model: {self.n_detections} detections in {self.camera_days:.6g} "
                f"camera-days at {self.n_cameras} cameras",
                f"  day range {self.day_range_km:.4g} km/day, radius {self.radius_km:.4g} km, "
                f"angle {self.angle_rad:.4g} rad, {self.n_boot} bootstrap resamples of cameras",
                f"  {'density':<16}{'estimate':>12}{'SE':>12}{'lcl':>12}{'ucl':>12}",
                f"  {'per km2':<16}{d.est:>12.5g}{d.se:>12.5g}{d.lcl:>12.5g}{d.ucl:>12.5g}",
                f"  {'per 100 km2':<16}{d100.est:>12.5g}{d100.se:>12.5g}{d100.lcl:>12.5g}"
                f"{d100.ucl:>12.5g}",
            ]
        )


def rem_density_per_km2(
    detections: float | np.ndarray,
    camera_days: float | np.ndarray,
    day_range_km: float | np.ndarray,
    radius_km: float,
    angle_rad: float,
) -> float | np.ndarray:
    """The REM point estimate ``(y / t) pi / (v r (2 + theta))`` in animals per km2."""
    return detections / camera_days * np.pi / (day_range_km * radius_km * (2.0 + angle_rad))


def day_range_from_speeds_km(speeds_m_per_s: np.ndarray, activity_level: float) -> float:
    """Day range (km/day) = activity level x 24 h x harmonic mean speed."""
    speeds = np.asarray(speeds_m_per_s, dtype=float)
    return float(activity_level * KM_PER_DAY_PER_M_PER_S / np.mean(1.0 / speeds))


class REM:
    """Random encounter model: density of unmarked animals with a bootstrap over cameras.

    Parameters
    ----------
    observations
        A capture history (read through :meth:`CaptureHistory.detector_effort`: detection
        events and working days per detector), or that pair of arrays: independent detection
        events per camera, shape (J,), integers >= 0, and effort per camera in days, shape (J,),
        >= 0 with a positive total.
    radius_km, angle_rad
        Detection-zone radius (km) and angle (radians, 0 < theta <= pi).
    rng
        Random generator (or seed) of the bootstrap.
    day_range_km
        Day range v in km/day; or give ``speeds_m_per_s`` and ``activity_level`` instead.
    speeds_m_per_s
        Individual movement speeds while active (m/s), resampled in the bootstrap.
    activity_level
        Proportion of the day spent active, in (0, 1].
    n_boot
        Number of bootstrap resamples (>= 100).

    Examples
    --------
    >>> REM(history, 0.01, 0.7, rng=1, day_range_km=5.0).fit().summary()  # doctest: +SKIP
    """

    def __init__(
        self,
        observations: CaptureHistory | tuple[np.ndarray, np.ndarray],
        radius_km: float,
        angle_rad: float,
        *,
        rng: np.random.Generator | int | None = None,
        day_range_km: float | None = None,
        speeds_m_per_s: np.ndarray | None = None,
        activity_level: float | None = None,
        n_boot: int = 1000,
    ) -> None:
        self.observations, self.radius_km, self.angle_rad = observations, radius_km, angle_rad
        self.rng, self.day_range_km, self.n_boot = rng, day_range_km, n_boot
        self.speeds_m_per_s, self.activity_level = speeds_m_per_s, activity_level

    def fit(self) -> REMFit:
        """Estimate density with its bootstrap SE and percentile CI.

        Returns
        -------
        REMFit
            Density per km2 (and per 100 km2) with bootstrap SE and percentile CI.
        """
        observed = self.observations
        if isinstance(observed, CaptureHistory):
            observed = observed.detector_effort()
        y, t = _check_counts(*observed)
        radius_km, angle_rad, n_boot = self.radius_km, self.angle_rad, self.n_boot
        require(np.isfinite(radius_km) and radius_km > 0, "radius_km", radius_km, "> 0 km")
        require(
            np.isfinite(angle_rad) and 0 < angle_rad <= np.pi,
            "angle_rad",
            angle_rad,
            "0 < angle <= pi radians",
        )
        require(int(n_boot) == n_boot and n_boot >= 100, "n_boot", n_boot, "an integer >= 100")
        speeds = _check_speed_inputs(self.day_range_km, self.speeds_m_per_s, self.activity_level)
        activity = float(self.activity_level or 0.0)
        v = float(self.day_range_km or 0.0)
        if speeds is not None:
            v = day_range_from_speeds_km(speeds, activity)
        est = float(rem_density_per_km2(y.sum(), t.sum(), v, radius_km, angle_rad))
        rng = np.random.default_rng(self.rng)
        boot = _bootstrap(y, t, v, speeds, activity, radius_km, angle_rad, int(n_boot), rng)
        lcl, ucl = np.percentile(boot, [2.5, 97.5])
        density = Estimate(est, float(np.std(boot, ddof=1)), float(lcl), float(ucl))
        return REMFit(
            density,
            int(y.sum()),
            float(t.sum()),
            int(y.size),
            v,
            float(radius_km),
            float(angle_rad),
            int(n_boot),
        )


def _bootstrap(y, t, v, speeds, activity, radius_km, angle_rad, n_boot, rng) -> np.ndarray:
    """Densities of ``n_boot`` resamples of cameras (and of speeds, when given)."""
    idx = rng.integers(y.size, size=(n_boot, y.size))
    v_boot = np.full(n_boot, v)
    if speeds is not None:
        picks = speeds[rng.integers(speeds.size, size=(n_boot, speeds.size))]
        v_boot = activity * KM_PER_DAY_PER_M_PER_S / np.mean(1.0 / picks, axis=1)
    t_boot = t[idx].sum(axis=1)
    boot = np.asarray(
        rem_density_per_km2(
            y[idx].sum(axis=1), np.where(t_boot > 0, t_boot, np.nan), v_boot, radius_km, angle_rad
        )
    )
    return boot[np.isfinite(boot)]


def _check_counts(detections, camera_days) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(detections, dtype=float)
    t = np.asarray(camera_days, dtype=float)
    require(
        y.ndim == 1 and y.size >= 2 and t.shape == y.shape,
        "detections/camera_days",
        (y.shape, t.shape),
        "two vectors of equal length, one entry per camera (>= 2)",
    )
    bad = ~np.isfinite(y) | (y < 0) | (y != np.round(y))
    require(not bad.any(), "detections", y[bad][0] if bad.any() else None, "integers >= 0")
    bad = ~np.isfinite(t) | (t < 0)
    require(not bad.any(), "camera_days", t[bad][0] if bad.any() else None, "days >= 0")
    require(t.sum() > 0, "camera_days", 0.0, "a positive total effort")
    return y, t


def _check_speed_inputs(day_range_km, speeds_m_per_s, activity_level) -> np.ndarray | None:
    if speeds_m_per_s is None:
        require(
            day_range_km is not None and np.isfinite(day_range_km) and day_range_km > 0,
            "day_range_km",
            day_range_km,
            "> 0 km/day (or give speeds_m_per_s)",
        )
        return None
    require(day_range_km is None, "day_range_km", day_range_km, "None when speeds_m_per_s is given")
    speeds = np.asarray(speeds_m_per_s, dtype=float).ravel()
    ok = np.isfinite(speeds) & (speeds > 0)
    require(
        speeds.size >= 2 and bool(ok.all()),
        "speeds_m_per_s",
        speeds[~ok][0] if (~ok).any() else speeds.size,
        "at least 2 speeds > 0 m/s",
    )
    require(
        activity_level is not None and 0 < activity_level <= 1,
        "activity_level",
        activity_level,
        "a proportion in (0, 1]",
    )
    return speeds

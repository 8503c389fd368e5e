"""Why an SCR estimate misses its truth: diagnostics that read the run's truth tables.

For studies of the estimators' bias (experiments/bias_decomposition.py, docs/bias.md): how far
detections lie from the animals' true activity centres, and the density a homogeneous SCR model
actually estimates when animals are not spread evenly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from twin.assessment.truth import independent_on
from twin.estimators import CaptureHistory, Mask, SCRFit


def detection_spread_km(
    sequences: pd.DataFrame, stations: pd.DataFrame, centres: pd.DataFrame, code: int
) -> tuple[float, float]:
    """Spread of a species' identified detections about the animals' activity centres (km).

    ``sqrt(mean d^2 / 2)``, d the distance from the station to the centre on that day: of the
    animal photographed (what a half-normal sigma describes) and of the animal the observers
    named (misidentifications included, what SCR fits). ``sequences`` holds the window's days.
    """
    seq = sequences[(sequences["species"] == code) & sequences["identified"]]
    seq = seq[seq["retrieved"]].merge(stations[["station_id", "x_m", "y_m"]], on="station_id")
    seq = seq.assign(
        day=(seq["start_min"] // 1440).astype(int),
        named_id=seq["individual_id"].str.rsplit("-", n=1).str[1].astype(int),
    )
    xy = centres.loc[centres["species"] == code, ["day", "id", "centre_x_m", "centre_y_m"]]
    out = []
    for col in ("true_animal_id", "named_id"):
        m = seq.merge(xy, left_on=["day", col], right_on=["day", "id"])
        d2 = (m["x_m"] - m["centre_x_m"]) ** 2 + (m["y_m"] - m["centre_y_m"]) ** 2
        out.append(float(np.sqrt(d2.mean() / 2.0)) / 1000.0 if len(m) else np.nan)
    return out[0], out[1]


def detection_weighted_truth(
    history: CaptureHistory, mask: Mask, fit: SCRFit, centres: pd.DataFrame, day: int, code: int
) -> float:
    """True density as a homogeneous SCR model weights it (per 100 km2).

    The animals alive on ``day`` (cubs left out), each counted by its chance of being
    detected at all under the fitted hazard half-normal (lambda0, sigma, station usage), over
    the fitted effective area: ``sum_i p(c_i) / sum_mask p(x) a``. It equals the true density
    when density is even; when animals crowd where the stations are, it is the density SCR
    actually estimates.
    """
    lam0, sigma = fit.detection.est, fit.sigma_m.est
    if not (np.isfinite(lam0) and np.isfinite(sigma)):
        return np.nan
    effort = np.asarray(history.usage, dtype=float).sum(axis=1)
    traps = np.column_stack((history.x_m, history.y_m))

    def p_dot(xy: np.ndarray) -> np.ndarray:
        d2 = ((xy[:, None, :] - traps[None, :, :]) ** 2).sum(axis=2)
        return -np.expm1(-(lam0 * np.exp(-d2 / (2 * sigma**2))) @ effort)

    truth = independent_on(centres, day, code)
    animals = p_dot(truth[["centre_x_m", "centre_y_m"]].to_numpy(dtype=float)).sum()
    area_100km2 = p_dot(np.column_stack((mask.x_m, mask.y_m))).sum() * mask.spacing_m**2 / 1e8
    return float(animals / area_100km2)

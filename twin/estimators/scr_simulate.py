"""Simulate capture data under the SCR model itself (for checking estimators, not the ABM).

Activity centres are a Poisson process of intensity D over the mask (uniform within each cell);
detections follow the detection function and detector type the likelihood assumes.
"""

from __future__ import annotations

import numpy as np

from twin.detectors import DETECTOR_TYPES
from twin.errors import require
from twin.estimators.mask import Mask
from twin.estimators.scr_kernel import DETECTFN_CODES
from twin.estimators.scr_reference import hazard_reference
from twin.io.capture_history import CaptureHistory
from twin.io.secr_csv import history_from_rows


def simulate_scr(
    traps: CaptureHistory,
    mask: Mask,
    density_per_ha: float,
    detection: float | tuple[float, float],
    sigma_m: float | tuple[float, float],
    rng: np.random.Generator,
    detectfn: str = "HHN",
    detector_type: str = "proximity",
    female_share: float | None = None,
) -> CaptureHistory:
    """Simulate one SCR survey.

    Parameters
    ----------
    traps
        Detectors and usage (K x S) of a capture history (e.g. :meth:`CaptureHistory.empty`);
        its own detections are not used.
    mask
        Habitat mask; centres are uniform over its cells.
    density_per_ha
        Density of activity centres, animals per hectare.
    detection, sigma_m
        g0 (HN, EX) or lambda0 (HHN), and sigma in metres; a pair (females, males) when
        ``female_share`` is given.
    rng
        Random generator.
    detectfn, detector_type
        Detection function and detector type.
    female_share
        Proportion of females; None for no sex column.

    Returns
    -------
    CaptureHistory
        ``traps`` with the detections of the detected animals (ids ``"1"``, ``"2"``, ...) and
        ``detector_type``.
    """
    require(density_per_ha >= 0, "density_per_ha", density_per_ha, "a density >= 0 per ha")
    require(detectfn in DETECTFN_CODES, "detectfn", detectfn, "HN, HHN or EX")
    require(
        detector_type in DETECTOR_TYPES, "detector_type", detector_type, ", ".join(DETECTOR_TYPES)
    )
    n_animals = int(rng.poisson(density_per_ha * mask.area_ha))
    cell = rng.integers(mask.n_points, size=n_animals)
    jitter = rng.uniform(-0.5, 0.5, size=(n_animals, 2)) * mask.spacing_m
    centres = mask.xy_m[cell] + jitter
    is_female = np.ones(n_animals, dtype=bool)
    if female_share is not None:
        is_female = rng.random(n_animals) < female_share
    hazard = _hazards(traps, centres, is_female, detection, sigma_m, detectfn)
    counts = _detections(hazard, traps.usage, detector_type, rng)
    sex = np.where(is_female, "F", "M") if female_share is not None else None
    return _to_history(traps, counts, detector_type, sex)


def _hazards(traps, centres, is_female, detection, sigma_m, detectfn) -> np.ndarray:
    """Per-occasion hazard of each animal at each detector, shape (N, K)."""
    d2 = ((centres[:, None, :] - traps.xy_m[None, :, :]) ** 2).sum(axis=2)
    code = DETECTFN_CODES[detectfn]
    par = np.broadcast_to(np.asarray(detection, dtype=float), (2,))
    sig = np.broadcast_to(np.asarray(sigma_m, dtype=float), (2,))
    hazard = np.empty_like(d2)
    for group, mask_rows in enumerate((is_female, ~is_female)):
        hazard[mask_rows] = hazard_reference(d2[mask_rows], code, par[group], sig[group])
    return hazard


def _detections(hazard, usage, detector_type, rng) -> np.ndarray:
    """Detection counts, shape (N, K, S)."""
    occ_hazard = hazard[:, :, None] * usage[None, :, :]
    if detector_type == "proximity":
        return (rng.random(occ_hazard.shape) < -np.expm1(-occ_hazard)).astype(np.int64)
    if detector_type == "count":
        return rng.poisson(occ_hazard)
    total = occ_hazard.sum(axis=1)
    caught = rng.random(total.shape) < -np.expm1(-total)
    share = np.cumsum(occ_hazard, axis=1) / np.where(total > 0, total, 1.0)[:, None, :]
    pick = (rng.random(total.shape)[:, None, :] > share).sum(axis=1)
    pick = np.minimum(pick, hazard.shape[1] - 1)
    counts = np.zeros(occ_hazard.shape, dtype=np.int64)
    animal, occasion = np.nonzero(caught)
    counts[animal, pick[animal, occasion], occasion] = 1
    return counts


def _to_history(traps, counts, detector_type, sex) -> CaptureHistory:
    detected = counts.sum(axis=(1, 2)) > 0
    counts = counts[detected]
    animal, det, occ = np.nonzero(counts)
    reps = counts[animal, det, occ]
    animal, det, occ = (np.repeat(a, reps) for a in (animal, det, occ))
    return history_from_rows(
        traps.as_detector(detector_type),
        (animal + 1).astype(str),
        occ + 1,
        traps.detector_ids[det],
        None if sex is None else sex[detected][animal],
        source="simulated captures",
    )

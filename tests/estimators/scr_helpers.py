"""Helpers for the estimator tests: the secr reference data and a small detector grid."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from twin.io.capture_history import CaptureHistory

SECR_DIR = Path(__file__).resolve().parents[1] / "data" / "secr"


def load_reference_fits() -> list[dict]:
    """The secr 5.5.0 reference fits (one dict per data set and detection function)."""
    return json.loads((SECR_DIR / "reference_fits.json").read_text())


def grid_traps(n_side: int = 10, spacing_m: float = 600.0, n_occasions: int = 5) -> CaptureHistory:
    """A square grid of detectors, all working on every occasion (no detections yet)."""
    g = np.arange(n_side) * spacing_m
    xx, yy = np.meshgrid(g, g)
    ids = np.array([f"T{i:03d}" for i in range(n_side * n_side)])
    return CaptureHistory.empty(
        ids, xx.ravel(), yy.ravel(), np.ones((n_side * n_side, n_occasions))
    )

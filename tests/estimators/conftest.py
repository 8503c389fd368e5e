"""Fixtures for the estimator tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.estimators.scr_helpers import SECR_DIR, grid_traps
from twin.estimators.mask import Mask
from twin.io.capture_history import CaptureHistory


@pytest.fixture
def secr_dir() -> Path:
    """Folder of the secr reference data."""
    return SECR_DIR


@pytest.fixture
def small_grid() -> tuple[CaptureHistory, Mask]:
    """A 6 x 6 grid at 500 m, 4 occasions, and a 1,500 m trap-buffer mask."""
    traps = grid_traps(6, 500.0, 4)
    return traps, Mask.from_traps(traps, 1500.0, nx=32)

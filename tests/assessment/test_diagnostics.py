"""Bias diagnostics read the truth: the spread of detections about the true centres."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from twin.assessment.diagnostics import detection_spread_km


def test_spread_of_photographed_and_named_animals():
    """Detections 3 km and 4 km from the true centre give sqrt((9 + 16) / 2 / 2) km for the
    animal photographed; a detection named as an animal 10 km away widens the named spread."""
    stations = pd.DataFrame({"station_id": ["A", "B"], "x_m": [3000.0, 0.0], "y_m": [0.0, 4000.0]})
    sequences = pd.DataFrame(
        {
            "species": [0, 0, 0],
            "identified": [True, True, False],
            "retrieved": [True, True, True],
            "station_id": ["A", "B", "A"],
            "start_min": [10.0, 1500.0, 20.0],
            "true_animal_id": [1, 1, 1],
            "individual_id": ["leopard-1", "leopard-2", ""],
        }
    )
    centres = pd.DataFrame(
        {
            "species": [0, 0, 0, 0],
            "day": [0, 1, 0, 1],
            "id": [1, 1, 2, 2],
            "centre_x_m": [0.0, 0.0, 10_000.0, 10_000.0],
            "centre_y_m": [0.0, 0.0, 0.0, 0.0],
        }
    )
    true_km, named_km = detection_spread_km(sequences, stations, centres, 0)
    assert true_km == pytest.approx(np.sqrt((9 + 16) / 2 / 2))
    d2_named = 3.0**2 + (10.0**2 + 4.0**2)
    assert named_km == pytest.approx(np.sqrt(d2_named / 2 / 2)) and named_km > true_km

"""Capture histories from survey records: what the observers saw, on which occasion, where."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from twin.errors import TwinInputError
from twin.io import CaptureHistory, capture_history_from_records


def test_counts_match_identified_observations(records):
    """Each count is an independent identified leopard event at its station and occasion."""
    history = capture_history_from_records(records)
    frame = history.to_frame().sort_values(["individual_id", "occasion"]).to_numpy().tolist()
    assert frame == [
        ["PP01", 1, "S01", 1],
        ["PP01", 4, "S03", 1],
        ["PP02", 1, "S02", 1],
        ["PP02", 2, "S01", 1],
    ]


def test_unretrieved_and_unidentified_sequences_are_left_out(records):
    """The stolen camera's photos and the unidentified leopard never count."""
    history = capture_history_from_records(records, independence_min=0.0)
    assert history.n_captures == 5
    assert history.counts[list(history.individual_ids).index("PP01"), 1].sum() == 0


def test_usage_zero_when_station_down(records):
    """Usage is 0 when both cameras were down, the working fraction after a theft."""
    history = capture_history_from_records(records)
    assert history.usage[1, 1] == 0.0
    assert history.usage[2, 1] == pytest.approx(5.0 / 7.0)
    assert history.usage[0, 1] == 1.0


def test_short_last_occasion_has_partial_usage(records):
    """10-day occasions over 28 days give three occasions, the last with usage 0.8."""
    history = capture_history_from_records(records, occasion_days=10.0)
    assert history.n_occasions == 3
    assert history.usage[0].tolist() == pytest.approx([1.0, 1.0, 0.8])
    assert history.usage_days[0].tolist() == pytest.approx([10.0, 10.0, 8.0])


def test_truth_columns_are_never_read(records):
    """Scrambling the true_ columns and misidentified flags leaves the history unchanged."""
    scrambled = records.sequences.assign(
        true_animal_id=np.arange(len(records.sequences)) + 100, misidentified=True
    )
    a = capture_history_from_records(records)
    b = capture_history_from_records(replace(records, sequences=scrambled))
    assert a.equals(b)


def test_capture_on_down_occasion_is_an_error(records):
    """A leopard detection at a station whose cameras were all down raises TwinInputError."""
    seq = records.sequences.copy()
    seq.loc[seq["sequence_id"] == "q04", "start_min"] = 10 * 1440.0
    with pytest.raises(TwinInputError, match="usage is 0"):
        capture_history_from_records(replace(records, sequences=seq))


def test_history_checks_shapes_and_values():
    """Inconsistent arrays are refused with the name of the offending field."""
    good = {
        "species": "Panthera pardus",
        "individual_ids": ["a"],
        "detector_ids": ["d1", "d2"],
        "x_m": [0.0, 1.0],
        "y_m": [0.0, 0.0],
        "occasion_days": 7.0,
        "counts": np.ones((1, 3, 2), dtype=int),
        "usage": np.ones((2, 3)),
    }
    assert CaptureHistory(**good).n_captures == 6
    with pytest.raises(TwinInputError, match="counts.shape"):
        CaptureHistory(**{**good, "counts": np.ones((1, 2, 2), dtype=int)})
    with pytest.raises(TwinInputError, match="usage"):
        CaptureHistory(**{**good, "usage": np.full((2, 3), -0.5)})


def test_unknown_species_is_refused(records):
    """A species outside twin.taxa is refused with the allowed names."""
    with pytest.raises(TwinInputError, match="species='Felis catus'"):
        capture_history_from_records(records, species="Felis catus")


def test_tiger_history(records):
    """Tigers get their own history from the same records."""
    history = capture_history_from_records(records, species="Panthera tigris")
    assert history.individual_ids.tolist() == ["PT01"] and history.n_captures == 1

"""SCR on degenerate data gives a clear, flagged result: never a crash or a silent NaN."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.estimators.scr_helpers import SECR_DIR
from twin.errors import TwinInputError
from twin.estimators import SCR, CaptureHistory, Mask, read_secr_csv
from twin.io.secr_csv import history_from_rows


def _data(traps: CaptureHistory, ids, occasions, detectors, detector_type="proximity"):
    return history_from_rows(
        traps.as_detector(detector_type),
        np.array(ids, dtype=str),
        np.array(occasions, dtype=int),
        np.array(detectors, dtype=str),
    )


def _assert_flagged(fit, words: str) -> None:
    assert not fit.converged and not fit.estimable
    assert words in fit.message
    out = json.loads(json.dumps(fit.to_dict()))
    assert out["D"]["est"] is None and out["converged"] is False
    assert words in fit.summary()


def test_no_detections_is_flagged(small_grid):
    """No detections: a result that says density is not estimable."""
    traps, mask = small_grid
    _assert_flagged(SCR(_data(traps, [], [], []), mask).fit(), "no detections")


def test_no_recaptures_is_flagged(small_grid):
    """Every animal detected once: g0 and sigma are not estimable."""
    traps, mask = small_grid
    data = _data(traps, ["a", "b", "c"], [1, 2, 3], ["T000", "T001", "T007"])
    _assert_flagged(SCR(data, mask).fit(), "no recaptures")


def test_no_spatial_recaptures_is_flagged(small_grid):
    """Recaptures only at the detector of first capture: sigma is not estimable."""
    traps, mask = small_grid
    data = _data(
        traps, ["a", "a", "b", "b", "b"], [1, 3, 1, 2, 4], ["T000", "T000", "T014", "T014", "T014"]
    )
    _assert_flagged(SCR(data, mask).fit(), "no spatial recaptures")


def test_one_individual_gives_finite_estimates(small_grid):
    """One animal seen at three detectors: a converged fit with finite, wide intervals."""
    traps, mask = small_grid
    data = _data(traps, ["a", "a", "a"], [1, 2, 3], ["T000", "T001", "T006"])
    fit = SCR(data, mask).fit()
    assert fit.converged, fit.message
    d = fit.density_per_ha
    assert np.isfinite([d.est, d.se, d.lcl, d.ucl]).all()
    assert d.ucl / d.lcl > 10


def test_unused_detector_changes_nothing(secr_dir):
    """A detector with usage 0 on every occasion leaves the fit unchanged."""
    data = read_secr_csv(secr_dir / "stoat_captures.csv", secr_dir / "stoat_traps.csv")
    mask = Mask.from_csv(secr_dir / "stoat_mask_buffer1000.csv")
    widened = CaptureHistory(
        species=data.species,
        individual_ids=data.individual_ids,
        detector_ids=np.append(data.detector_ids, "never"),
        x_m=np.append(data.x_m, 0.0),
        y_m=np.append(data.y_m, 0.0),
        occasion_days=data.occasion_days,
        counts=np.concatenate(
            [data.counts, np.zeros((data.n_individuals, data.n_occasions, 1))], axis=2
        ),
        usage=np.vstack([data.usage, np.zeros(data.n_occasions)]),
    )
    base, fit = SCR(data, mask, "HN").fit(), SCR(widened, mask, "HN").fit()
    assert fit.converged
    for name in ("D", "g0", "sigma"):
        assert fit.estimates[name].est == pytest.approx(base.estimates[name].est, rel=1e-6)


def test_non_convergence_is_flagged_with_the_reason():
    """An iteration limit too small to converge gives converged=False and says why."""
    ref_dir = SECR_DIR
    data = read_secr_csv(
        ref_dir / "camgrid_proximity_captures.csv", ref_dir / "camgrid_proximity_traps.csv"
    )
    mask = Mask.from_csv(ref_dir / "camgrid_mask_buffer12000.csv")
    fit = SCR(data, mask, "HHN").fit(max_iterations=1)
    assert not fit.converged
    assert "gradient" in fit.message and "ITERATIONS" in fit.message
    assert fit.estimable and np.isfinite(fit.density_per_ha.est)


def test_detection_on_a_down_detector_is_rejected(small_grid):
    """A detection where usage is 0 is an input error naming the detector."""
    traps, _ = small_grid
    usage = traps.usage.copy()
    usage[3, 1] = 0
    down = CaptureHistory.empty(traps.detector_ids, traps.x_m, traps.y_m, usage)
    with pytest.raises(TwinInputError, match="T003"):
        _data(down, ["a"], [2], ["T003"])


def test_multi_catch_allows_one_detection_per_occasion(small_grid):
    """Two detections of one animal on one occasion are an input error for multi-catch traps."""
    traps, _ = small_grid
    with pytest.raises(TwinInputError, match="multi-catch"):
        _data(traps, ["a", "a"], [1, 1], ["T000", "T001"], "multi")


def test_sex_model_needs_a_sex_column(small_grid):
    """by_sex without a sex column is an input error."""
    traps, mask = small_grid
    data = _data(traps, ["a", "a"], [1, 2], ["T000", "T001"])
    with pytest.raises(TwinInputError, match="sex"):
        SCR(data, mask, by_sex=True).fit()

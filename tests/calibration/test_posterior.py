"""Drawing the hindcast's parameters from a calibration (twin.calibration.posterior)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from twin.calibration.posterior import WEIGHTS, fixed_parameters, load_posterior, truncated_weights
from twin.errors import TwinInputError


def test_load_posterior_resamples_only_accepted_sets(tmp_path):
    """Posterior draws come from accepted rows and keep only the policy columns."""
    path = tmp_path / "abc.csv"
    pd.DataFrame(
        {
            "run_seed": [1, 2, 3],
            "policy.kills.snare_catch_prob": [0.1, 0.2, 0.3],
            "distance": [0.1, 0.9, 0.2],
            "accepted": [True, False, True],
        }
    ).to_csv(path, index=False)
    draws = load_posterior(path, 50, seed=0)
    assert list(draws.columns) == ["policy.kills.snare_catch_prob"]
    assert set(draws["policy.kills.snare_catch_prob"]) == {0.1, 0.3}


def test_truncated_weights_cap_the_dominant_set(tmp_path):
    """One set with most of the raw weight is capped at mean x sqrt(n); raw mode keeps it."""
    raw = np.array([30.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5])
    w = truncated_weights(raw)
    assert w.sum() == pytest.approx(1.0)
    assert w[0] == pytest.approx(raw.mean() * 3 / (raw.mean() * 3 + raw[1:].sum()))
    assert 1 / np.sum(w**2) > 1.4 / np.sum((raw / raw.sum()) ** 2)  # effective sample size
    np.testing.assert_allclose(truncated_weights(np.ones(4)), 0.25)
    path = tmp_path / "abc.csv"
    pd.DataFrame(
        {
            "policy.kills.snare_catch_prob": np.arange(len(raw)) / 10,
            "generation": 1,
            "weight": raw,
            "accepted": True,
        }
    ).to_csv(path, index=False)
    share = {
        mode: (load_posterior(path, 4000, seed=1, weights=mode).iloc[:, 0] == 0).mean()
        for mode in WEIGHTS
    }
    assert share["raw"] == pytest.approx(raw[0] / raw.sum(), abs=0.03)
    assert share["truncated"] == pytest.approx(w[0], abs=0.03)
    with pytest.raises(TwinInputError, match="weights='even' is not allowed"):
        load_posterior(path, 4, seed=1, weights="even")


def test_fixed_parameters_are_the_medians_the_config_cannot_hold(tmp_path):
    """Fixed mode takes the medians of the non-config keys and of the timeline entries only;
    the scenario's config holds the others; no summary, no extra keys."""
    path = tmp_path / "posterior.json"
    keys = {
        "policy.kills.snare_catch_prob": 0.04,
        "policy.timeline.0.gain_krub": 14.5,
        "census.cub_detection": 0.58,
        "recolonisation.tiger_immigrants_per_year": 10.8,
    }
    summary = {"parameters": {k: {"median": v, "lo90": v, "hi90": v} for k, v in keys.items()}}
    path.write_text(json.dumps(summary))
    fixed = fixed_parameters(path, 3)
    assert len(fixed) == 3
    assert fixed.iloc[0].to_dict() == {
        k: v for k, v in keys.items() if k != "policy.kills.snare_catch_prob"
    }
    assert fixed_parameters(tmp_path / "missing.json", 2).shape == (2, 0)

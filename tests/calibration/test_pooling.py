"""Pooling ABC runs with deterministic-mixture weights (twin.calibration.pooling)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import twin.calibration.calibrate as cal
from twin.calibration.calibrate import Search, Settings, run_calibration
from twin.calibration.pooling import write_pool
from twin.calibration.posterior import load_posterior
from twin.calibration.priors import observed_summaries
from twin.errors import TwinInputError


@pytest.fixture
def two_runs(tmp_path, monkeypatch):
    """Two one-generation calibrations on a fast fake model, the second started from the first."""
    k = len(observed_summaries())
    fake = lambda seed, p: [p["species.leopard.initial.adults"]] * k  # noqa: E731
    monkeypatch.setattr(cal, "_run_summaries", fake)
    first, second = tmp_path / "first", tmp_path / "second"
    search = Search(simulations=12, accept_quantile=0.5)
    run_calibration(first, Settings(1), search)
    run_calibration(second, Settings(2, start_from=str(first)), search)
    return first, second


def test_pooled_posterior_of_two_runs(two_runs, tmp_path):
    """The pool keeps every simulation with its source, weights it prior / (the mixture of the
    priors and the second run's proposal, half each), accepts its best quarter, and the
    hindcast can draw from it."""
    first, second = two_runs
    out = tmp_path / "pooled"
    summary = write_pool([first, second], out)
    table = pd.read_csv(out / "hindcast_abc.csv")
    assert len(table) == 24 and table["accepted"].sum() == 6
    assert set(table["source"]) == {str(first), str(second)}
    assert (table["generation"] == 0).all()
    # Rows of the first run (from the priors) have own weight 1, so q_2 = prior / w_2 there is
    # not known; check the second run's rows: pooled = prior / (prior / 2 + q_2 / 2), with
    # q_2 = prior / (its own weight in the second run's table).
    own = pd.read_csv(second / "hindcast_abc.csv").set_index("set_key")["weight"]
    rows = table[table["source"] == str(second)].set_index("set_key")
    want = 1.0 / (0.5 + 0.5 / own.loc[rows.index])
    assert np.allclose(rows["weight"], want)
    assert summary == json.loads((out / "hindcast_posterior.json").read_text())
    assert summary["accepted"] == 6 and summary["sources"] == [str(first), str(second)]
    drawn = load_posterior(out / "hindcast_abc.csv", 50, seed=1)
    accepted = set(table[table["accepted"]]["species.leopard.initial.adults"])
    assert len(drawn) == 50 and set(drawn["species.leopard.initial.adults"]) <= accepted


def test_pool_refuses_one_folder_a_missing_table_and_shared_seeds(two_runs, tmp_path):
    """One folder, a folder without a table and a folder given twice are refused by name, and
    nothing is written."""
    first, second = two_runs
    out = tmp_path / "pooled"
    cases = [
        ([first], "pooling needs 2 or more"),
        ([first, tmp_path / "nowhere"], "no hindcast_abc.csv there"),
        ([first, first], "is in more than one folder"),
    ]
    for folders, message in cases:
        with pytest.raises(TwinInputError, match=message):
            write_pool(folders, out)
    assert not out.exists()  # nothing written on a refusal

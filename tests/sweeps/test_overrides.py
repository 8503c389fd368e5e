"""A sweep job's override strings: its parameters and its folder name
(twin.config.sweep_overrides)."""

from __future__ import annotations

import pytest

from twin.config.sweep_overrides import parameters_from_overrides, run_dirname
from twin.errors import TwinInputError
from twin.sweeps.seeds import canonical_json

OVERRIDES = ["replicate=3", "layout.spacing_m=4000.0", "layout=trail", "+study.note=abc"]


def test_parameters_are_parsed_typed_and_sorted():
    """Overrides become a sorted mapping; integral floats become ints; '+' is dropped."""
    params = parameters_from_overrides(OVERRIDES)
    assert list(params) == ["layout", "layout.spacing_m", "replicate", "study.note"]
    assert params["layout.spacing_m"] == 4000 and isinstance(params["layout.spacing_m"], int)
    assert params["replicate"] == 3 and params["study.note"] == "abc"


def test_excluded_and_sweep_keys_are_not_parameters():
    """Keys in exclude_keys and under sweep. (the sweep's own settings) are left out."""
    params = parameters_from_overrides([*OVERRIDES, "sweep.seed=9", "progress=false"], ["progress"])
    assert list(params) == ["layout", "layout.spacing_m", "replicate", "study.note"]


def test_parameters_ignore_order_and_number_format():
    """Reordered overrides and 4000 vs 4000.0 give the same parameters."""
    a = parameters_from_overrides(OVERRIDES)
    b = parameters_from_overrides(
        ["layout=trail", "+study.note=abc", "layout.spacing_m=4000", "replicate=3"]
    )
    assert canonical_json(a) == canonical_json(b)


def test_sweep_values_and_repeated_keys_are_rejected():
    """A job must see single values, each key once."""
    with pytest.raises(TwinInputError, match="one value per job"):
        parameters_from_overrides(["replicate=1,2"])
    with pytest.raises(TwinInputError, match="each key at most once"):
        parameters_from_overrides(["replicate=1", "+replicate=2"])


def test_run_folder_names_are_sorted_parameters_or_a_hash():
    """Folder names list the parameter overrides sorted; long or path-like ones are hashed."""
    name = run_dirname(
        ["replicate=3", "sweep.seed=2", "layout=trail", "progress=false"], ["progress"]
    )
    assert name == "layout=trail,replicate=3"
    assert name == run_dirname(["layout=trail", "replicate=3"])
    long = run_dirname([f"species.leopard.initial.adults={k}" for k in range(10)])
    assert long.startswith("run-") and len(long) == 20
    assert run_dirname(["layout.path=data/x.csv"]).startswith("run-")
    assert run_dirname([]).startswith("run-")

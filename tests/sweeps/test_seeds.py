"""Replicate seeds: parameters from overrides, canonical hashing, seed derivation."""

from __future__ import annotations

import pytest

from twin.errors import TwinInputError
from twin.sweeps.schema import run_dirname
from twin.sweeps.seeds import canonical_json, parameters_from_overrides, replicate_seed

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


def test_seed_ignores_order_and_number_format():
    """Reordered overrides and 4000 vs 4000.0 give the same seed."""
    a = parameters_from_overrides(OVERRIDES)
    b = parameters_from_overrides(
        ["layout=trail", "+study.note=abc", "layout.spacing_m=4000", "replicate=3"]
    )
    assert canonical_json(a) == canonical_json(b)
    assert replicate_seed(1, a) == replicate_seed(1, b)


def test_seed_depends_on_replicate_parameters_and_sweep_seed():
    """Another replicate, parameter value or sweep seed gives another seed."""
    base = parameters_from_overrides(OVERRIDES)
    seeds = {
        replicate_seed(1, base),
        replicate_seed(2, base),
        replicate_seed(1, {**base, "replicate": 4}),
        replicate_seed(1, {**base, "layout.spacing_m": 6000}),
    }
    assert len(seeds) == 4
    assert all(0 <= s < 2**63 for s in seeds)


def test_seed_regression():
    """The derivation is stable across releases (a changed value breaks resumed sweeps)."""
    params = {"layout": "trail", "layout.spacing_m": 4000, "replicate": 0}
    assert replicate_seed(1, params) == 4616719412288536469


def test_sweep_values_and_repeated_keys_are_rejected():
    """A job must see single values, each key once."""
    with pytest.raises(TwinInputError, match="one value per job"):
        parameters_from_overrides(["replicate=1,2"])
    with pytest.raises(TwinInputError, match="each key at most once"):
        parameters_from_overrides(["replicate=1", "+replicate=2"])


def test_bad_sweep_seed_names_the_key():
    """A negative sweep seed is an input error naming sweep.seed."""
    with pytest.raises(TwinInputError, match="sweep.seed"):
        replicate_seed(-1, {"replicate": 0})


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

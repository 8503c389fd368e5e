"""Replicate seeds: canonical hashing and the SeedSequence of a sweep seed and parameters."""

from __future__ import annotations

import json

import numpy as np
import pytest

from twin.errors import TwinInputError
from twin.sweeps.seeds import canonical_json, parameter_hash, replicate_seed, seed_entropy

PARAMETERS = {"layout": "trail", "layout.spacing_m": 4000, "replicate": 3}


def test_seed_ignores_key_order_and_number_format():
    """Reordered keys and 4000 vs 4000.0 give the same hash and seed."""
    other = {"replicate": 3, "layout.spacing_m": 4000.0, "layout": "trail"}
    assert canonical_json(PARAMETERS) == canonical_json(other)
    assert seed_entropy(replicate_seed(1, PARAMETERS)) == seed_entropy(replicate_seed(1, other))


def test_seed_is_a_seed_sequence_of_sweep_seed_and_parameter_hash():
    """The seed is SeedSequence([sweep seed, first 128 bits of the parameter hash])."""
    seed = replicate_seed(5, PARAMETERS)
    assert isinstance(seed, np.random.SeedSequence) and seed.spawn_key == ()
    assert seed.entropy == [5, int(parameter_hash(PARAMETERS)[:32], 16)]


def test_seed_depends_on_replicate_parameters_and_sweep_seed():
    """Another replicate, parameter value or sweep seed gives another seed."""
    seeds = {
        seed_entropy(replicate_seed(1, PARAMETERS)),
        seed_entropy(replicate_seed(2, PARAMETERS)),
        seed_entropy(replicate_seed(1, {**PARAMETERS, "replicate": 4})),
        seed_entropy(replicate_seed(1, {**PARAMETERS, "layout.spacing_m": 6000})),
    }
    assert len(seeds) == 4


def test_entropy_text_rebuilds_the_seed():
    """SeedSequence(json.loads(seed_entropy(seed))) draws what the seed draws."""
    seed = replicate_seed(1, PARAMETERS)
    rebuilt = np.random.SeedSequence(json.loads(seed_entropy(seed)))
    assert (rebuilt.generate_state(8) == seed.generate_state(8)).all()


def test_seed_regression():
    """The derivation is stable across releases (a changed value breaks resumed sweeps)."""
    params = {"layout": "trail", "layout.spacing_m": 4000, "replicate": 0}
    seed = replicate_seed(1, params)
    assert seed_entropy(seed) == "[1, 131250481560143053756808574326583345362]"
    assert seed.generate_state(1, dtype=np.uint64)[0] == 9233438824577072939


def test_bad_sweep_seed_names_the_key():
    """A negative sweep seed is an input error naming sweep.seed."""
    with pytest.raises(TwinInputError, match="sweep.seed"):
        replicate_seed(-1, {"replicate": 0})

"""Replicate seeds that depend only on the sweep seed and the replicate's parameters.

A replicate's parameters are the values that make it what it is (``{"layout.spacing_m": 4000,
"replicate": 3}``, from its command-line overrides less the keys that do not change what is
simulated). Their canonical JSON (sorted keys, integral floats written as integers, so ``4000``
and ``4000.0`` agree) is hashed with SHA-256, and the replicate's seed is the
``numpy.random.SeedSequence`` whose entropy is the sweep seed and that hash. It is passed to
:func:`twin.simulate` as it is (never turned into an integer), so it does not depend on the
order in which a launcher runs the jobs, on the number of workers, or on a job's number.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from twin.errors import TwinInputError, require

ParameterValue = None | bool | int | float | str | list[Any] | dict[str, Any]

HASH_BITS_IN_SEED = 128
"""Leading bits of the parameter hash that enter a replicate's seed entropy."""


def canonical_value(value: Any) -> ParameterValue:
    """Return ``value`` in the form that is hashed and written to the results row.

    Integral floats become integers; lists and mappings are converted element-wise; anything
    else that is not a JSON scalar becomes its string.
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Mapping):
        return {str(k): canonical_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical_value(v) for v in value]
    return str(value)


def canonical_json(value: Any) -> str:
    """Canonical JSON of a value: sorted keys, no spaces, integral floats as ints.

    Raises
    ------
    TwinInputError
        When ``value`` holds something that is not JSON (after :func:`canonical_value`).
    """
    try:
        return json.dumps(
            canonical_value(value),
            sort_keys=True,
            separators=(",", ":"),
            allow_nan=False,
        )
    except (TypeError, ValueError) as err:
        raise TwinInputError(f"parameters={value!r} is not allowed: JSON values ({err}).") from err


def parameter_hash(parameters: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of :func:`canonical_json` of the parameters."""
    return hashlib.sha256(canonical_json(dict(parameters)).encode("utf-8")).hexdigest()


def replicate_seed(sweep_seed: int, parameters: Mapping[str, Any]) -> np.random.SeedSequence:
    """The seed of one replicate of a sweep.

    Parameters
    ----------
    sweep_seed
        Root seed of the sweep (``sweep.seed``), an integer >= 0.
    parameters
        The replicate's parameters, including its replicate index.

    Returns
    -------
    numpy.random.SeedSequence
        ``SeedSequence(entropy=[sweep_seed, hash])``, ``hash`` being the first 128 bits of
        :func:`parameter_hash` as an integer: the ``seed`` of :func:`twin.simulate`, which
        spawns the run's streams from it.

    Raises
    ------
    TwinInputError
        When ``sweep_seed`` is not a whole number >= 0.
    """
    require(
        isinstance(sweep_seed, int | np.integer)
        and not isinstance(sweep_seed, bool)
        and sweep_seed >= 0,
        "sweep.seed",
        sweep_seed,
        "a whole number >= 0",
    )
    digest = int(parameter_hash(parameters)[: HASH_BITS_IN_SEED // 4], 16)
    return np.random.SeedSequence(entropy=[int(sweep_seed), digest])


def seed_entropy(seed: np.random.SeedSequence) -> str:
    """A seed's entropy as text (as ``RunResult.metadata["seed"]["entropy"]`` records it).

    ``numpy.random.SeedSequence(json.loads(text))`` rebuilds the seed of a replicate.
    """
    return str(seed.entropy)

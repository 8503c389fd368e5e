"""Replicate seeds that depend only on the sweep seed and the replicate's parameters.

A replicate's parameters are its Hydra overrides (``layout.spacing_m=4000``, ``replicate=3``, ...)
less the keys that do not change what is simulated (the sweep seed itself, progress bars).
Their canonical JSON (sorted keys, integral floats written as integers, so ``4000`` and
``4000.0`` agree) is hashed with SHA-256, and the run seed is drawn from a
``numpy.random.SeedSequence`` whose entropy is the sweep seed and that hash. The seed therefore
does not depend on the order in which a launcher runs the jobs, on the number of workers, or on
the job number Hydra gives a replicate.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from hydra.core.override_parser.overrides_parser import OverridesParser

from twin.errors import TwinInputError, require

SWEEP_PREFIX = "sweep."
"""Keys under ``sweep.`` configure the sweep itself and are never parameters."""

ParameterValue = None | bool | int | float | str | list[Any] | dict[str, Any]


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


def override_key(override: str) -> str:
    """The key (or group) of an override string, without ``+``/``++``/``~`` and ``@package``."""
    return str(override).lstrip("+~").split("=", 1)[0].split("@", 1)[0]


def is_parameter(key: str, exclude_keys: Iterable[str] = ()) -> bool:
    """Whether an override key is a parameter: not in ``exclude_keys``, not under ``sweep.``."""
    return key not in set(exclude_keys) and not key.startswith(SWEEP_PREFIX)


def parameters_from_overrides(
    overrides: Sequence[str], exclude_keys: Iterable[str] = ()
) -> dict[str, ParameterValue]:
    """Parse a job's Hydra override strings into its parameters.

    Parameters
    ----------
    overrides
        The job's task overrides, e.g. ``["layout=trail", "layout.spacing_m=4000",
        "replicate=3"]`` (``HydraConfig.get().overrides.task``).
    exclude_keys
        Keys that are not parameters (as Hydra's ``override_dirname.exclude_keys``); keys under
        ``sweep.`` never are.

    Returns
    -------
    dict
        ``{key: value}`` sorted by key; ``+``/``++`` prefixes are dropped, a deletion is written
        ``~key`` with the value None.

    Raises
    ------
    TwinInputError
        When an override is not a single value (a sweep list reached a job) or a key repeats.
    """
    skip = list(exclude_keys)
    parsed = OverridesParser.create().parse_overrides(overrides=list(overrides))
    out: dict[str, ParameterValue] = {}
    for text, override in zip(overrides, parsed, strict=True):
        if not is_parameter(override.key_or_group, skip):
            continue
        require(
            not override.is_sweep_override(),
            "override",
            text,
            "one value per job (a sweep is expanded by the launcher before a job runs)",
        )
        key = override.key_or_group
        if override.package is not None:
            key = f"{key}@{override.package}"
        if override.is_delete():
            key = f"~{key}"
        require(key not in out, "override", text, "each key at most once")
        out[key] = None if override.is_delete() else canonical_value(override.value())
    return dict(sorted(out.items()))


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


def replicate_seed(sweep_seed: int, parameters: Mapping[str, Any]) -> int:
    """The run seed of one replicate of a sweep.

    Parameters
    ----------
    sweep_seed
        Root seed of the sweep (``sweep.seed``), an integer >= 0.
    parameters
        The replicate's parameters (:func:`parameters_from_overrides`), including its
        replicate index.

    Returns
    -------
    int
        A seed in ``[0, 2**63)`` for :func:`twin.simulate` (``cfg.seed``): the first 64-bit word
        of ``SeedSequence(entropy=[sweep_seed, hash])`` shifted right by one bit, where
        ``hash`` is the first 128 bits of :func:`parameter_hash` as an integer.
    """
    require(
        isinstance(sweep_seed, int | np.integer)
        and not isinstance(sweep_seed, bool)
        and sweep_seed >= 0,
        "sweep.seed",
        sweep_seed,
        "a whole number >= 0",
    )
    digest = int(parameter_hash(parameters)[:32], 16)
    sequence = np.random.SeedSequence(entropy=[int(sweep_seed), digest])
    return int(sequence.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))

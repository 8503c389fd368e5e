"""A sweep job's Hydra override strings: its parameters and the name of its folder.

A job's parameters are its task overrides (``layout.spacing_m=4000``, ``replicate=3``, ...)
less the keys that do not change what is simulated: those under ``sweep.`` (the sweep's own
settings) and those an app lists in ``hydra.job.config.override_dirname.exclude_keys`` (progress
bars). They seed the job's runs (:func:`twin.sweeps.seeds.replicate_seed`) and name its folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from hydra.core.override_parser.overrides_parser import OverridesParser

from twin.errors import require
from twin.sweeps.seeds import ParameterValue, canonical_value

SWEEP_PREFIX = "sweep."
"""Keys under ``sweep.`` configure the sweep itself and are never parameters."""

MAX_DIRNAME_CHARS = 120


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
        ``{key: value}`` sorted by key, values in canonical form
        (:func:`twin.sweeps.seeds.canonical_value`); ``+``/``++`` prefixes are dropped, a
        deletion is written ``~key`` with the value None.

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


def run_dirname(overrides: Sequence[str], exclude_keys: Sequence[str] = ()) -> str:
    """A job's folder name from its override strings (the ``twin.run_dir`` resolver).

    Parameters
    ----------
    overrides
        The job's task overrides (``${hydra.overrides.task}``).
    exclude_keys
        Keys that are not parameters; keys under ``sweep.`` never are (:func:`is_parameter`).

    Returns
    -------
    str
        The parameter overrides, sorted and joined by commas (``layout=trail,replicate=3``),
        when that is at most 120 characters without path separators; otherwise ``run-`` and
        the first 16 hex digits of its SHA-256. Either way one stable folder per parameter set.
    """
    items = sorted(str(o) for o in overrides if is_parameter(override_key(o), exclude_keys))
    text = ",".join(items)
    if text and len(text) <= MAX_DIRNAME_CHARS and "/" not in text and not text.startswith("."):
        return text
    return "run-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

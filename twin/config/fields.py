"""One way to turn a mapping into a frozen settings dataclass, checking every key once.

A settings dataclass declares each key with its default and, in the field's metadata, what is
allowed: ``allowed_range(low, high)`` for numbers, ``allowed_choices(...)`` for strings. The
defaults live there and only there; the YAML option files in ``conf/`` may override them.
:func:`section` refuses unknown keys and bad values with a message that names the full dotted key.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import MISSING, Field, fields
from typing import Any, Generic, TypeVar

from twin.errors import TwinInputError, require

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V], Generic[K, V]):
    """A read-only mapping that pickles (for scenarios sent to worker processes)."""

    def __init__(self, items: Mapping[K, V]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenDict({self._items!r})"


def allowed_range(
    low: float, high: float, *, low_open: bool = False, high_open: bool = False
) -> dict[str, Any]:
    """Field metadata: a number in ``[low, high]`` (or open at either end)."""
    return {"range": (low, high, low_open, high_open)}


def allowed_choices(*options: str) -> dict[str, Any]:
    """Field metadata: one of ``options``."""
    return {"choices": tuple(options)}


def plain(value: Any, prefix: str = "") -> Any:
    """A plain Python copy of an OmegaConf node, mapping or sequence (other values unchanged).

    Raises
    ------
    TwinInputError
        For a mandatory value left as ``???`` (named ``prefix.key``).
    """
    if hasattr(value, "_metadata") and hasattr(value, "_get_node"):
        from omegaconf import OmegaConf
        from omegaconf.errors import MissingMandatoryValue

        try:
            return OmegaConf.to_container(value, resolve=True, throw_on_missing=True)
        except MissingMandatoryValue as err:
            key = str(err.full_key)
            if prefix and not key.startswith(f"{prefix}."):
                key = f"{prefix}.{key}"
            raise TwinInputError(f"{key}=??? has no value: set it, e.g. {key}=...") from None
    if isinstance(value, Mapping):
        return {k: plain(v, prefix) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, prefix) for v in value]
    return value


def known_keys(raw: Any, prefix: str, allowed: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """``raw`` as a dict whose keys are all in ``allowed`` (None is an empty section)."""
    if raw is None:
        return {}
    require(isinstance(raw, Mapping), prefix, raw, "a mapping of keys")
    for key in raw:
        require(key in allowed, f"{prefix}.{key}", raw[key], f"one of the keys {sorted(allowed)}")
    return dict(raw)


def section(kind: type[T], raw: Any, prefix: str) -> T:
    """Build the settings dataclass ``kind`` from ``raw``; missing keys take the defaults.

    Parameters
    ----------
    kind
        A dataclass whose fields carry their defaults and allowed values.
    raw
        Mapping (plain or OmegaConf) of key -> value, or None.
    prefix
        Dotted key of the section (``"output"``, ``"cameras.trigger"``), shown in messages.

    Raises
    ------
    TwinInputError
        For an unknown key, a missing required key or a value that is not allowed.
    """
    specs = {f.name: f for f in fields(kind)}  # type: ignore[arg-type]
    given = known_keys(plain(raw), prefix, list(specs))
    values = {}
    for name, spec in specs.items():
        key = f"{prefix}.{name}"
        if name in given:
            values[name] = check_value(spec, given[name], key)
        elif spec.default is MISSING and spec.default_factory is MISSING:
            raise TwinInputError(f"{key} is missing: it has no default, so set it.")
    return kind(**values)


def check_value(spec: Field, value: Any, key: str) -> Any:
    """``value`` checked against the field ``spec`` (its default's type and its metadata)."""
    default = spec.default
    if "choices" in spec.metadata:
        options = spec.metadata["choices"]
        require(value in options, key, value, f"one of {list(options)}")
        return value
    if "range" in spec.metadata:
        if value is None and default is None:
            return None
        return _number(spec, value, key)
    if isinstance(default, bool):
        require(isinstance(value, bool), key, value, "true or false")
        return value
    if isinstance(default, str):
        require(isinstance(value, str) and value != "", key, value, "a non-empty string")
        return value
    if default is None:
        ok = value is None or is_number(value)
        require(ok, key, value, "null or a finite number")
        return None if value is None else float(value)
    return value


def is_number(value: Any) -> bool:
    """Whether ``value`` is a finite int or float (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number(spec: Field, value: Any, key: str) -> float | int:
    low, high, low_open, high_open = spec.metadata["range"]
    integer = spec.type in ("int", "int | None") or isinstance(spec.default, int)
    bounds = f"{'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
    kind = "an integer" if integer else "a number"
    nullable = " or null" if spec.default is None else ""
    ok = is_number(value) and (not integer or float(value).is_integer())
    require(ok, key, value, f"{kind} in {bounds}{nullable}")
    number = int(value) if integer else float(value)
    above = number > low if low_open else number >= low
    below = number < high if high_open else number <= high
    require(above and below, key, value, f"{kind} in {bounds}{nullable}")
    return number

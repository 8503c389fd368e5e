"""Value checks for policy settings: each names the dotted key, the value and what is allowed."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from twin.config.fields import plain
from twin.errors import require

__all__ = ["choice", "flag", "is_number", "number", "plain", "probability"]


def is_number(value: Any) -> bool:
    """Whether ``value`` is an int or float (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def number(value: Any, key: str, low: float, high: float, *, integer: bool = False) -> float:
    """``value`` as a float (or int) in the closed range ``[low, high]``."""
    kind = "an integer" if integer else "a number"
    ok = is_number(value) and math.isfinite(value) and low <= value <= high
    if integer:
        ok = ok and float(value).is_integer()
    require(ok, key, value, f"{kind} in [{low}, {high}]")
    return int(value) if integer else float(value)


def probability(value: Any, key: str) -> float:
    """``value`` as a probability in ``[0, 1]``."""
    return number(value, key, 0.0, 1.0)


def flag(value: Any, key: str) -> bool:
    """``value`` as a bool (true or false, not 0/1)."""
    require(isinstance(value, bool), key, value, "true or false")
    return bool(value)


def choice(value: Any, key: str, options: tuple[str, ...]) -> str:
    """``value`` as one of ``options``."""
    require(isinstance(value, str) and value in options, key, value, f"one of {list(options)}")
    return str(value)


def box(value: Any, key: str) -> tuple[float, float, float, float] | None:
    """``null`` or ``[xmin_m, ymin_m, xmax_m, ymax_m]`` with ``xmin < xmax`` and ``ymin < ymax``."""
    if value is None:
        return None
    allowed = "null or [xmin_m, ymin_m, xmax_m, ymax_m] with xmin < xmax and ymin < ymax"
    ok = isinstance(value, list | tuple) and len(value) == 4
    ok = ok and all(is_number(v) and math.isfinite(v) for v in value)
    ok = ok and value[0] < value[2] and value[1] < value[3]
    require(ok, key, value, allowed)
    return (float(value[0]), float(value[1]), float(value[2]), float(value[3]))


def date(value: Any, key: str) -> dt.date:
    """A timeline date: a year (``2013``, meaning 1 January) or an ISO date (``"2013-07-02"``)."""
    allowed = "a year from 1900 to 2200 or an ISO date such as 2013-07-02"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        parsed = value
    elif is_number(value) and float(value).is_integer() and 1900 <= value <= 2200:
        parsed = dt.date(int(value), 1, 1)
    elif isinstance(value, str) and value.strip().isdigit():
        return date(int(value), key)
    elif isinstance(value, str):
        try:
            parsed = dt.date.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        require(parsed is not None, key, value, allowed)
    else:
        parsed = None
    require(parsed is not None and 1900 <= parsed.year <= 2200, key, value, allowed)
    assert parsed is not None
    return parsed


def section(raw: Any, key: str, known: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """A mapping whose keys are all in ``known`` (missing keys are allowed)."""
    raw = {} if raw is None else raw
    require(isinstance(raw, Mapping), key, raw, "a mapping of keys")
    for name in raw:
        require(name in known, f"{key}.{name}", raw[name], f"one of the keys {sorted(known)}")
    return dict(raw)

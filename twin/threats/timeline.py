"""Policy timelines: dated entries that set time-varying values, held constant between entries.

A timeline is a list of entries, each a ``date`` (a year, meaning 1 January, or an ISO date) and
the values that change on that date (nested: ``penalty: {fine_krub: 500}``). The first entry sets
every key; later entries only what changes. A value holds from its date until the next entry that
sets it; days before the first entry take the first entry's values. ``hold`` rules build
counterfactuals: ``{from: 2013-07-02, keys: [penalty]}`` keeps the held keys at the values they had
the day before ``from`` for the rest of the timeline.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from twin.errors import require
from twin.threats import checks

ALLOCATIONS = ("random", "roads", "hotspots", "area")
"""How ranger teams choose where to patrol (see :mod:`twin.threats.patrols`)."""

_Check = Callable[[Any, str], Any]


def _number(low: float, high: float, *, integer: bool = False) -> _Check:
    return lambda value, key: checks.number(value, key, low, high, integer=integer)


KEYS: dict[str, _Check] = {
    "gain_krub": _number(0.0, 1e6),
    "penalty.fine_krub": _number(0.0, 1e6),
    "penalty.prison_years": _number(0.0, 50.0),
    "penalty.confiscation_krub": _number(0.0, 1e6),
    "prosecution_prob": checks.probability,
    "conviction_prob": checks.probability,
    "patrol.km_per_day": _number(0.0, 1e5),
    "patrol.allocation": lambda value, key: checks.choice(value, key, ALLOCATIONS),
    "patrol.area_m": checks.box,
    "cameras": _number(0, 100_000, integer=True),
    "photo_identification_prob": checks.probability,
    "monitors_hired": _number(0, 100_000, integer=True),
    "road.traffic_index": _number(0.0, 100.0),
    "road.tunnel_open": checks.flag,
}
"""Time-varying keys (dotted) and the check of each value; see docs/threats.md for units."""

GROUPS = tuple(sorted({k.split(".")[0] for k in KEYS if "." in k}))


@dataclass(frozen=True)
class Timeline:
    """Piecewise-constant values of every key in :data:`KEYS`, by day of the run.

    Parameters
    ----------
    changes
        For each key, ``(day, value)`` change points in increasing day order (day 0 = the run's
        start date; earlier dates are negative days).
    """

    changes: dict[str, list[tuple[int, Any]]]

    def value(self, key: str, day: int) -> Any:
        """The value of ``key`` in effect on ``day`` (the first value before the first change)."""
        points = self.changes[key]
        at = max(bisect.bisect_right(points, day, key=itemgetter(0)) - 1, 0)
        return points[at][1]

    def values(self, day: int) -> dict[str, Any]:
        """Every key's value on ``day``."""
        return {key: self.value(key, day) for key in self.changes}

    def change_days(self) -> list[int]:
        """Days on which any value changes, in order."""
        return sorted({d for points in self.changes.values() for d, _ in points})


def _flatten(entry: dict[str, Any], key: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    allowed = sorted(["date", *(k for k in KEYS if "." not in k), *GROUPS])
    for name, value in entry.items():
        if name == "date":
            continue
        require(name in allowed, f"{key}.{name}", value, f"one of the keys {allowed}")
        if name in GROUPS:
            members = sorted(k.split(".", 1)[1] for k in KEYS if k.startswith(name + "."))
            group = checks.section(value, f"{key}.{name}", members)
            out.update({f"{name}.{k}": v for k, v in group.items()})
        else:
            out[name] = value
    return out


def _entries(raw: Any, prefix: str) -> list[tuple[dt.date, dict[str, Any]]]:
    key = f"{prefix}.timeline"
    require(
        isinstance(raw, list) and len(raw) > 0,
        key,
        raw,
        "a non-empty list of dated entries ({date: 2013, penalty: {...}, ...})",
    )
    entries: list[tuple[dt.date, dict[str, Any]]] = []
    for i, entry in enumerate(raw):
        at = f"{key}[{i}]"
        require(isinstance(entry, dict) and "date" in entry, at, entry, "a mapping with a date")
        when = checks.date(entry["date"], f"{at}.date")
        if entries:
            before = entries[-1][0]
            require(
                when > before,
                f"{at}.date",
                entry["date"],
                f"a date after the previous entry's {before.isoformat()} (entries in time order)",
            )
        values = _flatten(entry, at)
        for name, value in values.items():
            values[name] = KEYS[name](value, f"{at}.{name}")
        entries.append((when, values))
    missing = sorted(set(KEYS) - set(entries[0][1]))
    require(
        not missing, f"{key}[0]", missing, "a first entry that sets every key (these are missing)"
    )
    return entries


def _held_keys(names: Any, key: str) -> list[str]:
    allowed = ["*", *GROUPS, *KEYS]
    require(
        isinstance(names, list) and len(names) > 0, key, names, f"a non-empty list of {allowed}"
    )
    held: list[str] = []
    for i, name in enumerate(names):
        require(name in allowed, f"{key}[{i}]", name, f"one of {allowed}")
        held += [k for k in KEYS if name in ("*", k) or k.startswith(f"{name}.")]
    return held


def _apply_holds(
    changes: dict[str, list[tuple[dt.date, Any]]], raw: Any, prefix: str
) -> dict[str, list[tuple[dt.date, Any]]]:
    raw = [] if raw is None else raw
    require(isinstance(raw, list), f"{prefix}.hold", raw, "a list of {from: date, keys: [...]}")
    for i, rule in enumerate(raw):
        at = f"{prefix}.hold[{i}]"
        checks.section(rule, at, ("from", "keys"))
        require("from" in rule and "keys" in rule, at, rule, "a mapping with 'from' and 'keys'")
        start = checks.date(rule["from"], f"{at}.from")
        for name in _held_keys(rule["keys"], f"{at}.keys"):
            kept = [(d, v) for d, v in changes[name] if d < start]
            changes[name] = kept or changes[name][:1]
    return changes


def load_timeline(
    entries: Any, holds: Any, start_date: dt.date, prefix: str = "policy"
) -> Timeline:
    """Validate a timeline and its hold rules; express the change dates as days of the run.

    Parameters
    ----------
    entries
        The ``timeline`` list (plain or OmegaConf).
    holds
        The ``hold`` list, or None.
    start_date
        Local date of day 0 of the run.
    prefix
        Key prefix shown in error messages.

    Raises
    ------
    TwinInputError
        For a bad date, dates out of order, an unknown key, a missing key in the first entry,
        or a value out of range; the message names the key, such as
        ``policy.timeline[2].patrol.km_per_day``.
    """
    parsed = _entries(checks.plain(entries), prefix)
    by_key: dict[str, list[tuple[dt.date, Any]]] = {k: [] for k in KEYS}
    for when, values in parsed:
        for name, value in values.items():
            by_key[name].append((when, value))
    by_key = _apply_holds(by_key, checks.plain(holds), prefix)
    changes = {
        name: [((when - start_date).days, value) for when, value in points]
        for name, points in by_key.items()
    }
    return Timeline(changes)

"""Who meets whom, when: poachers and cats, snares and cats, rangers and poachers or snares.

The functions return candidate events with exact times; the model schedules them on the clock and
checks at that time whether they still hold (the cat alive, the snare set, the poacher free).
People and cats share the movement tick grid; absolute tick ``n`` starts at ``n * tick_min``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from twin.threats.encounters import Meetings, moving_encounters, segment_point_hits
from twin.threats.snares import Snares


@dataclass(frozen=True)
class Movers:
    """Positions of a group at consecutive ticks from absolute tick ``tick0``.

    ``members`` are poacher rows, ranger team numbers or cat rows; ``xs``/``ys`` have shape
    ``(n_ticks + 1, len(members))``. ``last_tick`` (absolute) is where each member's own path
    ends (shorter paths are padded by standing still); None: all run to the end.
    """

    members: np.ndarray
    tick0: int
    xs: np.ndarray
    ys: np.ndarray
    last_tick: np.ndarray | None = None

    @property
    def tick_end(self) -> int:
        """Absolute tick at which the last position is reached."""
        return self.tick0 + self.xs.shape[0] - 1

    def span(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """Positions from absolute tick ``lo`` to ``hi`` (inclusive)."""
        return self.xs[lo - self.tick0 : hi - self.tick0 + 1], self.ys[
            lo - self.tick0 : hi - self.tick0 + 1
        ]

    def out(self, col: np.ndarray, tick: np.ndarray) -> np.ndarray:
        """Whether members ``col`` are still on their way during absolute ticks ``tick``."""
        return (
            np.ones(len(col), dtype=bool) if self.last_tick is None else tick < self.last_tick[col]
        )

    def at(self, col: np.ndarray, tick: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of members ``col`` a fraction ``s`` into absolute ticks ``tick`` (m)."""
        k = np.clip(tick - self.tick0, 0, self.xs.shape[0] - 2)
        x = self.xs[k, col] + s * (self.xs[k + 1, col] - self.xs[k, col])
        y = self.ys[k, col] + s * (self.ys[k + 1, col] - self.ys[k, col])
        return x, y


class Kill(NamedTuple):
    """A cat that a poacher would kill at ``t_min`` (shot, or caught in ``snare``)."""

    t_min: float
    cat_row: int
    poacher: int
    snare: int
    x_m: float
    y_m: float


class Meeting(NamedTuple):
    """A ranger team meets a poacher: noticed by the rangers? arrested?"""

    t_min: float
    team: int
    poacher: int
    x_m: float
    y_m: float
    detected: bool
    arrested: bool


class Find(NamedTuple):
    """Rangers pass a snare and find it."""

    t_min: float
    snare: int
    team: int


def window(a: Movers, b: Movers, from_tick: int) -> tuple[int, int] | None:
    """Absolute ticks ``[lo, hi]`` of positions both groups have at or after ``from_tick``."""
    lo, hi = max(a.tick0, b.tick0, from_tick), min(a.tick_end, b.tick_end)
    return (lo, hi) if hi > lo else None


def _first_per_pair(m: Meetings) -> np.ndarray:
    """Indices of the first meeting of each ``(i, j)`` pair (meetings are in tick order)."""
    pairs = m.i.astype(np.int64) * (int(m.j.max(initial=0)) + 1) + m.j
    _, first = np.unique(pairs, return_index=True)
    return np.sort(first)


def shootings(
    poachers: Movers, cats: Movers, from_tick: int, radius_m: float, prob: float,
    tick_min: float, rng: np.random.Generator,
) -> list[Kill]:  # fmt: skip
    """Cats met within ``radius_m`` of a poacher, each meeting-tick a kill with ``prob``."""
    span = window(poachers, cats, from_tick)
    if span is None:
        return []
    m = moving_encounters(*poachers.span(*span), *cats.span(*span), radius_m)
    if len(m.k) == 0:
        return []
    hit = (rng.random(len(m.k)) < prob) & poachers.out(m.i, m.k + span[0])
    k, i, j, s = m.k[hit] + span[0], m.i[hit], m.j[hit], m.s[hit]
    x, y = cats.at(j, k, s)
    return [
        Kill((kk + ss) * tick_min, int(cats.members[jj]), int(poachers.members[ii]), -1, xx, yy)
        for kk, ii, jj, ss, xx, yy in zip(k, i, j, s, x, y, strict=True)
    ]


def snare_hits(
    cats: Movers, snares: Snares, ids: np.ndarray, from_tick: int, radius_m: float,
    prob: float, tick_min: float, rng: np.random.Generator,
) -> list[Kill]:  # fmt: skip
    """Cats passing within ``radius_m`` of a set snare, each pass caught with ``prob``."""
    lo = max(cats.tick0, from_tick)
    if lo >= cats.tick_end or len(ids) == 0:
        return []
    m = segment_point_hits(
        *cats.span(lo, cats.tick_end), snares.x_m[ids], snares.y_m[ids], radius_m
    )
    if len(m.k) == 0:
        return []
    t = (m.k + lo + m.s) * tick_min
    snare = ids[m.j]
    ok = (t >= snares.placed_min[snare]) & (t < snares.removed_min[snare])
    hit = (rng.random(len(t)) < prob) & ok
    return [
        Kill(
            tt, int(cats.members[i]), int(snares.owner[sn]), int(sn), snares.x_m[sn], snares.y_m[sn]
        )
        for tt, i, sn in zip(t[hit], m.i[hit], snare[hit], strict=True)
    ]


def meetings(
    rangers: Movers, poachers: Movers, from_tick: int, radius_m: float,
    probs: tuple[float, float], tick_min: float, rng: np.random.Generator,
) -> list[Meeting]:  # fmt: skip
    """First meeting of each (team, poacher) pair within ``radius_m``; rangers notice it with
    ``probs[0]`` and then arrest with ``probs[1]``."""
    span = window(rangers, poachers, from_tick)
    if span is None:
        return []
    m = moving_encounters(*rangers.span(*span), *poachers.span(*span), radius_m)
    both = rangers.out(m.i, m.k + span[0]) & poachers.out(m.j, m.k + span[0])
    m = Meetings(m.k[both], m.i[both], m.j[both], m.s[both])
    if len(m.k) == 0:
        return []
    first = _first_per_pair(m)
    k, i, j, s = m.k[first] + span[0], m.i[first], m.j[first], m.s[first]
    x, y = poachers.at(j, k, s)
    u = rng.random((2, len(k)))
    detected = u[0] < probs[0]
    arrested = detected & (u[1] < probs[1])
    return [
        Meeting((kk + ss) * tick_min, int(rangers.members[ii]), int(poachers.members[jj]), xx, yy,
                bool(d), bool(a))
        for kk, ii, jj, ss, xx, yy, d, a in zip(k, i, j, s, x, y, detected, arrested, strict=True)
    ]  # fmt: skip


def snare_finds(
    rangers: Movers, snares: Snares, ids: np.ndarray, from_tick: int, radius_m: float,
    prob: float, tick_min: float, rng: np.random.Generator,
) -> list[Find]:  # fmt: skip
    """Set snares that a team passes within ``radius_m`` of; each pass finds it with ``prob``."""
    lo = max(rangers.tick0, from_tick)
    if lo >= rangers.tick_end or len(ids) == 0:
        return []
    m = segment_point_hits(
        *rangers.span(lo, rangers.tick_end), snares.x_m[ids], snares.y_m[ids], radius_m
    )
    if len(m.k) == 0:
        return []
    t = (m.k + lo + m.s) * tick_min
    snare = ids[m.j]
    ok = (t >= snares.placed_min[snare]) & (t < snares.removed_min[snare])
    found = (rng.random(len(t)) < prob) & ok
    return [
        Find(tt, int(sn), int(rangers.members[i]))
        for tt, sn, i in zip(t[found], snare[found], m.i[found], strict=True)
    ]

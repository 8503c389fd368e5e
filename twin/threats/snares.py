"""Snares as points that stay set for days: placed, then sprung on a cat, found, or rotted away."""

from __future__ import annotations

import numpy as np

SET, CAUGHT, FOUND, CANCELLED = 0, 1, 2, 3
FATES = ("set", "caught", "found", "cancelled")
"""What ended a snare (``set``: still set, or rotted away at the end of its lifetime)."""


class Snares:
    """Every snare of a run as growing arrays (row = snare id); times in minutes.

    A snare works from ``placed_min`` until ``removed_min`` (its lifetime unless it catches, is
    found by rangers, or is never set because its owner was arrested first).
    """

    def __init__(self) -> None:
        self.x_m = np.zeros(0)
        self.y_m = np.zeros(0)
        self.placed_min = np.zeros(0)
        self.removed_min = np.zeros(0)
        self.owner = np.zeros(0, dtype=np.int64)
        self.fate = np.zeros(0, dtype=np.int8)

    def __len__(self) -> int:
        return len(self.x_m)

    def add(
        self,
        x_m: np.ndarray,
        y_m: np.ndarray,
        placed_min: np.ndarray,
        lifetime_min: float,
        owner: np.ndarray,
    ) -> np.ndarray:
        """Add snares; return their ids."""
        ids = np.arange(len(self), len(self) + len(x_m))
        self.x_m = np.concatenate((self.x_m, x_m))
        self.y_m = np.concatenate((self.y_m, y_m))
        self.placed_min = np.concatenate((self.placed_min, placed_min))
        self.removed_min = np.concatenate((self.removed_min, placed_min + lifetime_min))
        self.owner = np.concatenate((self.owner, owner))
        self.fate = np.concatenate((self.fate, np.full(len(x_m), SET, dtype=np.int8)))
        return ids

    def overlapping(self, start_min: float, end_min: float) -> np.ndarray:
        """Ids of snares that work at some time in ``[start_min, end_min)``."""
        return np.flatnonzero((self.placed_min < end_min) & (self.removed_min > start_min))

    def works(self, snare: int, t_min: float) -> bool:
        """Whether ``snare`` is set at ``t_min``."""
        return bool(self.placed_min[snare] <= t_min < self.removed_min[snare])

    def end(self, snare: int, t_min: float, fate: int) -> None:
        """Remove ``snare`` at ``t_min`` (caught or found)."""
        self.removed_min[snare] = t_min
        self.fate[snare] = fate

    def cancel_after(self, owner: int, t_min: float) -> None:
        """Snares ``owner`` would have set after ``t_min`` are never set (he was arrested)."""
        later = np.flatnonzero((self.owner == owner) & (self.placed_min > t_min))
        later = later[self.fate[later] == SET]
        self.removed_min[later] = self.placed_min[later]
        self.fate[later] = CANCELLED

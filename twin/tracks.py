"""Thinned tracks: positions recorded every few movement ticks, for animals and for people."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class Tracks:
    """Positions recorded every ``every_ticks`` ticks (thinned tracks), long format; None
    records nothing (a lean replicate)."""

    every_ticks: int | None
    tick: list[np.ndarray] = field(default_factory=list)
    row: list[np.ndarray] = field(default_factory=list)
    x: list[np.ndarray] = field(default_factory=list)
    y: list[np.ndarray] = field(default_factory=list)

    def record(self, tick0: int, rows: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> None:
        """Keep the positions of ticks ``tick0 + k`` (``k >= 1``) that fall on the thinning grid."""
        if self.every_ticks is None:
            return
        for k in range(1, xs.shape[0]):
            if (tick0 + k) % self.every_ticks == 0:
                self.tick.append(np.full(len(rows), tick0 + k, dtype=np.int64))
                self.row.append(rows)
                # copies: a view would keep the whole block of ticks alive (4x the memory)
                self.x.append(xs[k].copy())
                self.y.append(ys[k].copy())

    def arrays(self) -> dict[str, np.ndarray]:
        """The recorded positions as flat arrays ``tick, row, x_m, y_m``."""
        if not self.tick:
            empty = np.zeros(0)
            return {
                "tick": empty.astype(np.int64),
                "row": empty.astype(np.int64),
                "x_m": empty,
                "y_m": empty,
            }
        return {
            "tick": np.concatenate(self.tick),
            "row": np.concatenate(self.row).astype(np.int64),
            "x_m": np.concatenate(self.x),
            "y_m": np.concatenate(self.y),
        }

    def frame(self, tick_min: float) -> pd.DataFrame:
        """The recorded positions as a table ``tick, time_min, id, x_m, y_m`` (m, 0.1 m)."""
        a = self.arrays()
        return pd.DataFrame(
            {
                "tick": a["tick"],
                "time_min": a["tick"] * tick_min,
                "id": a["row"],
                "x_m": a["x_m"].round(1),
                "y_m": a["y_m"].round(1),
            }
        )

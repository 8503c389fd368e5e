"""Naive baseline for the movement benchmark: numpy scalars per draw, no distance prefilter.

The same movement model as the twin's numba kernel with one Python ``step()`` per agent, written
the way a first Mesa port tends to be and a competent Mesa user would not write it: a numpy scalar
random-number call per draw, numpy scalar parameters read per use, every tiger scanned (with a
square root) for every candidate step, tigers' positions read as they move during the tick, the
hour as a property, no road crossings, encounters or cubs. It is kept to show what those habits
cost (about 2x); the fair baseline that the twin's speed-up is quoted against is ``fair_mesa.py``.
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from twin import AnimalModel
from twin.population.movement import TRAIL
from twin.taxa import TIGER

IMPASSABLE = -1e30


class NaiveCat(mesa.Agent):
    """One cat whose position lives on the agent and moves in a Python ``step()``."""

    def __init__(self, model: NaiveModel, row: int) -> None:
        super().__init__(model)
        st = model.source.state
        self.species = int(st.species[row])
        self.x, self.y, self.heading = float(st.x[row]), float(st.y[row]), float(st.heading[row])
        self.acx, self.acy = float(st.acx[row]), float(st.acy[row])
        self.sigma, self.step_mean = float(st.sigma_m[row]), float(st.step_mean_m[row])
        self.track: list[tuple[float, float]] = [(self.x, self.y)]

    def _pref(self, x: float, y: float) -> float:
        m = self.model
        col = math.floor((x - m.x0) / m.res)
        row = math.floor((y - m.y0) / m.res)
        if row < 0 or col < 0 or row >= m.nrows or col >= m.ncols:
            return IMPASSABLE
        return float(m.pref[self.species, row, col])

    def _follow_trail(self) -> None:
        m = self.model
        col = math.floor((self.x - m.x0) / m.res)
        row = math.floor((self.y - m.y0) / m.res)
        inside = 0 <= row < m.nrows and 0 <= col < m.ncols
        if inside and m.trail_snap[self.species] and m.features[row, col] & TRAIL:
            self.x = m.x0 + (col + 0.5) * m.res
            self.y = m.y0 + (row + 0.5) * m.res

    def _tiger_penalty(self, x: float, y: float) -> float:
        m = self.model
        radius = m.avoid_r[self.species]
        total = 0.0
        for tiger in m.tigers:
            d = math.hypot(tiger.x - x, tiger.y - y)
            if d < radius:
                total += 1.0 - d / radius
        return total

    def step(self) -> None:
        m = self.model
        rng = m.rng
        s = self.species
        if rng.random() >= m.activity[s, m.hour]:
            self.track.append((self.x, self.y))
            return
        best, choice = IMPASSABLE, None
        weights, cands = [], []
        for _ in range(int(m.n_cand[s])):
            h = self.heading + rng.normal(0.0, m.turn_sd[s])
            d = rng.gamma(m.shape[s], self.step_mean / m.shape[s])
            ex, ey = self.x + d * math.cos(h), self.y + d * math.sin(h)
            lw = self._pref(ex, ey)
            if lw > IMPASSABLE:
                lw -= ((ex - self.acx) ** 2 + (ey - self.acy) ** 2) / (2 * self.sigma**2)
                if m.avoid_w[s]:
                    lw -= m.avoid_w[s] * self._tiger_penalty(ex, ey)
            weights.append(lw)
            cands.append((ex, ey, h))
            best = max(best, lw)
        if best > IMPASSABLE:
            w = [math.exp(v - best) if v > IMPASSABLE else 0.0 for v in weights]
            u = rng.random() * sum(w)
            acc = 0.0
            for k, wk in enumerate(w):
                acc += wk
                if u <= acc:
                    choice = cands[k]
                    break
        if choice is None:
            self.heading += math.pi
        else:
            self.x, self.y, self.heading = choice
            self._follow_trail()
        self.track.append((self.x, self.y))


class NaiveModel(mesa.Model):
    """The twin's movement model, one Python call per agent per tick (no cubs, no demography)."""

    def __init__(self, source: AnimalModel, seed: int) -> None:
        super().__init__(rng=np.random.default_rng(seed))
        self.source = source
        self.rng = np.random.default_rng(seed)
        a = source._kernel_args
        self.pref = a["pref"]
        self.activity, self.shape, self.turn_sd = a["activity"], a["shape"], a["turn_sd"]
        self.n_cand, self.avoid_r, self.avoid_w = a["n_cand"], a["avoid_r"], a["avoid_w"]
        self.features, self.trail_snap = a["features"], a["trail_snap"]
        self.x0, self.y0, self.res, self.nrows, self.ncols = source.grid
        self.tick_min = source.tick_min
        self.tick = 0
        movers, _, _ = source.movers_and_cubs()
        NaiveCat.create_agents(self, len(movers), [int(r) for r in movers])
        self.tigers = [a for a in self.agents if a.species == TIGER]

    @property
    def hour(self) -> int:
        """Local hour of the current tick."""
        return int((self.tick * self.tick_min) // 60) % 24

    def step(self) -> None:
        """One tick: every agent steps once, in a fixed order."""
        self.agents.do("step")
        self.tick += 1

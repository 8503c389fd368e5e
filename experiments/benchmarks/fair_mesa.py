"""Fair Mesa baseline for the movement benchmark: the twin's movement model as a competent Mesa user
would write it.

The same step-selection walk as :func:`twin.population.movement.move_ticks` - activity by hour,
``K`` candidates (wrapped-normal turn from the last heading, Erlang step length), habitat, trail,
road and village preferences (the twin's preference raster), pull to the activity centre, tiger
avoidance, trail snapping, tiger encounters, road crossings, cubs following their mother - with one
Python ``step()`` per agent per tick, as Mesa examples do. It is written to be quick in Python:
Python floats and lists (rasters flattened to lists, parameters as floats); each tick's random
numbers drawn as one numpy block per kind (``Model.rng``) and turned into Python lists (10% faster
here than the stdlib ``random`` per draw); tiger positions taken once at each tick's start; and for
each animal the tigers within reach gathered once by squared distance, so candidates test only
those and take a square root only inside the avoidance radius. (Bucketing tigers by grid cell, as
the kernel does, was no faster in Python with the default scenario's 37 tigers.)

Its random numbers are not the kernel's, so it agrees with the twin statistically, not exactly
(``tests/benchmarks/test_fair_mesa.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mesa
import numpy as np

from twin import AnimalModel
from twin.population.movement import CUB_OFFSET_M, IMPASSABLE, ROAD, TRAIL
from twin.taxa import TIGER


@dataclass(frozen=True, slots=True)
class Behaviour:
    """One species' movement parameters as Python values (see ``move_ticks``)."""

    activity: list[float]
    """Probability of being active, by local hour."""
    shape: int
    """Erlang shape of step lengths."""
    turn_sd_rad: float
    n_cand: int
    avoid_r_m: float
    avoid_w: float
    enc_r_m: float
    trail_snap: bool
    pref: list[float]
    """Log preference of each cell (row-major), ``IMPASSABLE`` where the species cannot go."""


def behaviours(source: AnimalModel) -> dict[int, Behaviour]:
    """Each species' :class:`Behaviour` by species code, from the twin's kernel arrays."""
    a = source._kernel_args
    return {
        code: Behaviour(
            activity=a["activity"][code].tolist(),
            shape=int(a["shape"][code]),
            turn_sd_rad=float(a["turn_sd"][code]),
            n_cand=int(a["n_cand"][code]),
            avoid_r_m=float(a["avoid_r"][code]),
            avoid_w=float(a["avoid_w"][code]),
            enc_r_m=float(a["enc_r"][code]),
            trail_snap=bool(a["trail_snap"][code]),
            pref=a["pref"][code].astype(float).ravel().tolist(),
        )
        for code in source.params_by_code
    }


def _nearness(px: float, py: float, near: list[tuple[float, float]], radius_m: float) -> float:
    """Sum of ``1 - d / radius`` over the tigers in ``near`` closer than ``radius_m``."""
    r2 = radius_m * radius_m
    total = 0.0
    for tx, ty in near:
        dx, dy = tx - px, ty - py
        d2 = dx * dx + dy * dy
        if d2 < r2:
            total += 1.0 - math.sqrt(d2) / radius_m
    return total


def _choose(lw: list[float], u: float) -> int:
    """Index drawn with probability proportional to ``exp(lw)`` (``u`` uniform); -1 if none."""
    best = max(lw)
    if best <= IMPASSABLE:
        return -1
    w = [math.exp(v - best) if v > IMPASSABLE else 0.0 for v in lw]
    target = u * sum(w)
    acc = 0.0
    for k, wk in enumerate(w):
        acc += wk
        if target <= acc:
            return k
    return len(w) - 1


class FairCat(mesa.Agent):
    """A free-moving cat: its position lives on the agent and moves in a Python ``step()``."""

    def __init__(self, model: FairModel, row: int, draw_row: int) -> None:
        super().__init__(model)
        self.draw_row = draw_row
        """This agent's row in the tick's blocks of draws."""
        st = model.source.state
        self.species = int(st.species[row])
        self.behaviour = model.behaviours[self.species]
        self.x, self.y, self.heading = float(st.x[row]), float(st.y[row]), float(st.heading[row])
        self.acx, self.acy = float(st.acx[row]), float(st.acy[row])
        self.inv2s2 = 0.5 / float(st.sigma_m[row]) ** 2
        self.step_mean_m = float(st.step_mean_m[row])
        self.tiger_encounters = 0
        self.road_crossings = 0
        self.track: list[tuple[float, float]] = [(self.x, self.y)]

    def step(self) -> None:
        """Move if active this hour; record the position."""
        m = self.model
        j = self.draw_row
        b = self.behaviour
        if m.u_active[j] < b.activity[m.hour]:
            self._move(b, m.z_turn[j], m.g_step[j], m.u_choose[j])
        self.track.append((self.x, self.y))

    def _candidates(self, b: Behaviour, z_turn: list[float], g_step: list[float]) -> list:
        """``K`` candidate ends (m) and their turns (rad) from standard normal and gamma draws."""
        x, y, heading = self.x, self.y, self.heading
        scale = self.step_mean_m / b.shape
        out = []
        for k in range(b.n_cand):
            turn = z_turn[k] * b.turn_sd_rad
            d = g_step[k] * scale
            h = heading + turn
            out.append((x + d * math.cos(h), y + d * math.sin(h), turn))
        return out

    def _near_tigers(self, b: Behaviour, cands: list) -> list[tuple[float, float]]:
        """Tick-start tigers that can lie within a radius of a candidate's end or landing."""
        radius = max(b.avoid_r_m if b.avoid_w else 0.0, b.enc_r_m)
        if radius <= 0.0:
            return []
        x, y = self.x, self.y
        longest = max((ex - x) ** 2 + (ey - y) ** 2 for ex, ey, _ in cands)
        reach = math.sqrt(longest) + radius + (self.model.res if b.trail_snap else 0.0) + 1.0
        r2 = reach * reach
        return [(tx, ty) for tx, ty in self.model.tiger_xy if (tx - x) ** 2 + (ty - y) ** 2 <= r2]

    def _log_weight(self, b: Behaviour, ex: float, ey: float, near: list) -> float:
        cell = self.model.cell(ex, ey)
        if cell < 0 or b.pref[cell] <= IMPASSABLE:
            return IMPASSABLE
        lw = b.pref[cell] - ((ex - self.acx) ** 2 + (ey - self.acy) ** 2) * self.inv2s2
        if b.avoid_w and near:
            lw -= b.avoid_w * _nearness(ex, ey, near, b.avoid_r_m)
        return lw

    def _move(self, b: Behaviour, z_turn: list, g_step: list, u_choose: float) -> None:
        cands = self._candidates(b, z_turn, g_step)
        near = self._near_tigers(b, cands)
        lw = [self._log_weight(b, ex, ey, near) for ex, ey, _ in cands]
        k = _choose(lw, u_choose)
        if k < 0:
            self.heading += math.pi
            return
        ex, ey, turn = cands[k]
        self._land(b, ex, ey, turn, near)

    def _land(self, b: Behaviour, ex: float, ey: float, turn: float, near: list) -> None:
        """Move to a chosen end (onto a trail's centre line); count road crossings, encounters."""
        m = self.model
        start, cell = m.cell(self.x, self.y), m.cell(ex, ey)
        self.heading += turn
        self.x, self.y = ex, ey
        on = m.features[cell] if cell >= 0 else 0
        if b.trail_snap and on & TRAIL:
            row, col = divmod(cell, m.ncols)
            self.x, self.y = m.x0 + (col + 0.5) * m.res, m.y0 + (row + 0.5) * m.res
        if on & ROAD and not (start >= 0 and m.features[start] & ROAD):
            self.road_crossings += 1
        if b.enc_r_m > 0.0 and near:
            r2 = b.enc_r_m * b.enc_r_m
            if any((tx - self.x) ** 2 + (ty - self.y) ** 2 < r2 for tx, ty in near):
                self.tiger_encounters += 1


class FairCub(mesa.Agent):
    """A dependent cub: it stays at a fixed offset from its mother."""

    def __init__(self, model: FairModel, row: int, mother: FairCat) -> None:
        super().__init__(model)
        angle = 2.0 * math.pi * (row % 7) / 7.0
        self.mother = mother
        self.dx, self.dy = CUB_OFFSET_M * math.cos(angle), CUB_OFFSET_M * math.sin(angle)
        self.x, self.y = mother.x + self.dx, mother.y + self.dy
        self.track: list[tuple[float, float]] = [(self.x, self.y)]

    def step(self) -> None:
        """Follow the mother to where she is now; record the position."""
        self.x, self.y = self.mother.x + self.dx, self.mother.y + self.dy
        self.track.append((self.x, self.y))


class FairModel(mesa.Model):
    """The twin's movement model, one Python ``step()`` per agent per tick (no demography).

    Parameters
    ----------
    source
        The twin's model whose landscape, parameters and animals (as they are now) to copy.
    seed
        Seed of the model's random numbers (``Model.rng``).
    """

    def __init__(self, source: AnimalModel, seed: int) -> None:
        super().__init__(seed=seed)
        self.source = source
        self.behaviours = behaviours(source)
        self.features: list[int] = source._kernel_args["features"].ravel().tolist()
        self.x0, self.y0, self.res, self.nrows, self.ncols = source.grid
        self.tick_min = source.tick_min
        self.tick = source.tick
        self.hour = 0
        movers, cubs, mothers = source.movers_and_cubs()
        self.movers = FairCat.create_agents(
            self, len(movers), movers.tolist(), list(range(len(movers)))
        )
        by_row = dict(zip(movers.tolist(), self.movers, strict=True))
        mums = [by_row[m] for m in mothers.tolist()]
        self.cubs = FairCub.create_agents(self, len(cubs), cubs.tolist(), mums)
        self.tigers = [a for a in self.movers if a.species == TIGER]
        self.shape_by_mover = np.array([[a.behaviour.shape] for a in self.movers], dtype=float)
        self.k_max = max(b.n_cand for b in self.behaviours.values())
        self.tiger_xy: list[tuple[float, float]] = []

    def cell(self, x: float, y: float) -> int:
        """Row-major index of the cell holding ``(x, y)`` (m); -1 off the grid."""
        col = math.floor((x - self.x0) / self.res)
        row = math.floor((y - self.y0) / self.res)
        if row < 0 or col < 0 or row >= self.nrows or col >= self.ncols:
            return -1
        return row * self.ncols + col

    def step(self) -> None:
        """One tick: movers step in a fixed order (tigers as they were at its start), then cubs."""
        self.hour = int(self.tick * self.tick_min // 60) % 24
        self.tiger_xy = [(t.x, t.y) for t in self.tigers]
        self._draw()
        self.movers.do("step")
        self.cubs.do("step")
        self.tick += 1

    def _draw(self) -> None:
        """The tick's random numbers, a row per mover, as Python lists (one numpy call each).

        Draws for inactive movers go unused: one vectorised call costs less than asking per agent.
        """
        n, rng = len(self.movers), self.rng
        self.u_active = rng.random(n).tolist()
        self.z_turn = rng.standard_normal((n, self.k_max)).tolist()
        self.g_step = rng.standard_gamma(self.shape_by_mover, (n, self.k_max)).tolist()
        self.u_choose = rng.random(n).tolist()

"""The one clock: a SimPy environment (minutes) drives movement ticks, days and the camera array.

A movement process advances the animal model a block of ticks at a time (default one tick of
15 min) and hands the segments of every animal to the cameras, which schedule each passage at its
exact time; a daily process runs demography at local midnight. Same seed, same event order.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

import numpy as np
import simpy

from twin.population.model import AnimalModel
from twin.tracks import Tracks

MINUTES_PER_DAY = 1440.0


class SegmentSink(Protocol):
    """Anything that consumes animal movement segments (the camera array does)."""

    def observe_segments(
        self,
        rows: np.ndarray,
        species: np.ndarray,
        xs: np.ndarray,
        ys: np.ndarray,
        t0_min: float,
        tick_min: float,
    ) -> None:
        """Receive positions ``(n_ticks + 1, n)`` of ``rows`` starting at ``t0_min``."""


class Simulation:
    """Run a :class:`AnimalModel` (and optional segment sinks such as cameras) on one SimPy clock.

    Parameters
    ----------
    model
        The animal model.
    ticks_per_step
        Movement ticks advanced per clock step of the movement process (1 = one event per tick).
    track_every_ticks
        Thinning of the recorded tracks (e.g. 4 = hourly positions at 15-min ticks); None keeps
        no tracks.
    env
        An existing environment to share (cameras and crews schedule their own processes on it).
    """

    def __init__(
        self,
        model: AnimalModel,
        *,
        ticks_per_step: int = 1,
        track_every_ticks: int | None = 4,
        env: simpy.Environment | None = None,
    ) -> None:
        ticks_per_day = MINUTES_PER_DAY / model.tick_min
        if ticks_per_day != int(ticks_per_day) or int(ticks_per_day) % ticks_per_step:
            raise ValueError("a day must hold a whole number of movement steps")
        self.model = model
        self.env = env or simpy.Environment()
        self.ticks_per_step = int(ticks_per_step)
        self.ticks_per_day = int(ticks_per_day)
        self.tracks = Tracks(track_every_ticks)
        self.sinks: list[SegmentSink] = []
        self.on_day: list[Callable[[int], None]] = []
        self.stage_seconds: dict[str, float] = {"movement": 0.0, "demography": 0.0}
        """Wall seconds spent moving animals, in daily demography, and in each segment sink
        (by class name) during :meth:`run`."""

    def _days(self, n_days: int, progress: Callable[[int], None] | None):
        model = self.model
        for _ in range(n_days):
            yield self.env.timeout(MINUTES_PER_DAY)
            started = time.perf_counter()
            model.end_of_day()
            self.stage_seconds["demography"] += time.perf_counter() - started
            for hook in self.on_day:
                hook(model.day)
            if progress is not None:
                progress(1)

    def _movement(self, n_days: int):
        model = self.model
        step_min = self.ticks_per_step * model.tick_min
        for _ in range(n_days * self.ticks_per_day // self.ticks_per_step):
            tick0 = model.tick
            started = time.perf_counter()
            rows, xs, ys = model.move(self.ticks_per_step)
            self.stage_seconds["movement"] += time.perf_counter() - started
            self.tracks.record(tick0, rows, xs, ys)
            species = model.state.species[rows]
            for sink in self.sinks:
                started = time.perf_counter()
                sink.observe_segments(rows, species, xs, ys, self.env.now, model.tick_min)
                name = type(sink).__name__
                elapsed = time.perf_counter() - started
                self.stage_seconds[name] = self.stage_seconds.get(name, 0.0) + elapsed
            yield self.env.timeout(step_min)

    def run(self, n_days: int, progress: Callable[[int], None] | None = None) -> None:
        """Simulate ``n_days`` days from the current time (daily events fire before movement)."""
        self.env.process(self._days(n_days, progress))
        done = self.env.process(self._movement(n_days))
        self.env.run(until=done)

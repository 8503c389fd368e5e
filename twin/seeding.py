"""Random streams: one ``SeedSequence`` per run, one child per named stream.

Stream names are fixed and ordered, so adding a consumer never changes the numbers another stream
draws, and the same seed gives the same bytes whatever launcher or worker count runs it. The
layout and the camera model have streams of their own, so two designs run with one seed see the
same animals, and the same failures and thefts for the cameras they share (common random
numbers). A replicate's seed is a ``SeedSequence`` spawned from its experiment's, passed on as
it is, never turned into an integer and seeded again.
"""

from __future__ import annotations

import numpy as np

STREAMS = (
    "startup",
    "movement",
    "demography",
    "mesa",
    "cameras",
    "poaching",
    "layout",
    "estimators",
)


def seed_sequence(seed: int | np.random.SeedSequence) -> np.random.SeedSequence:
    """The run's root ``SeedSequence`` (an integer seed ``>= 0``, or a spawned child as is)."""
    return seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)


def spawn_seeds(seed: int | np.random.SeedSequence) -> dict[str, np.random.SeedSequence]:
    """One child ``SeedSequence`` per stream name in :data:`STREAMS`.

    The children are those ``seed_sequence(seed).spawn(len(STREAMS))`` gives on a fresh
    sequence, built without spawning, so a ``SeedSequence`` passed in gives the same streams
    however often it is used.
    """
    root = seed_sequence(seed)
    return {
        name: np.random.SeedSequence(
            root.entropy, spawn_key=(*root.spawn_key, i), pool_size=root.pool_size
        )
        for i, name in enumerate(STREAMS)
    }


def spawn_streams(seed: int | np.random.SeedSequence) -> dict[str, np.random.Generator]:
    """Return one independent ``Generator`` per stream name in :data:`STREAMS`.

    Parameters
    ----------
    seed
        An integer seed (``>= 0``) or a ``SeedSequence`` (e.g. spawned per replicate).
    """
    return {name: np.random.default_rng(s) for name, s in spawn_seeds(seed).items()}


def replicate_seeds(seed: int | np.random.SeedSequence, n: int) -> list[np.random.SeedSequence]:
    """``n`` independent replicate seeds spawned from an experiment's seed."""
    return seed_sequence(seed).spawn(n)

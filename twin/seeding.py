"""Random streams: one ``SeedSequence`` per run, one child per named stream.

Stream names are fixed and ordered, so adding a consumer never changes the numbers another stream
draws, and the same seed gives the same bytes whatever launcher or worker count runs it.
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
    "policy",
    "estimators",
)


def spawn_streams(seed: int | np.random.SeedSequence) -> dict[str, np.random.Generator]:
    """Return one independent ``Generator`` per stream name in :data:`STREAMS`.

    Parameters
    ----------
    seed
        An integer seed (``>= 0``) or a ``SeedSequence`` (e.g. spawned per replicate).
    """
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    children = root.spawn(len(STREAMS))
    return {
        name: np.random.default_rng(child) for name, child in zip(STREAMS, children, strict=True)
    }

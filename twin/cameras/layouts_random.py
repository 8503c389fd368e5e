"""Random station positions: simple random and habitat-stratified random designs.

Points are drawn uniformly over the allowed cells by random sequential inhibition: a candidate
closer than ``min_separation_m`` to an accepted point is rejected, and drawing stops after
:data:`TRIES_PER_STATION` candidates per wanted station. Sequential inhibition jams at about
55% of the densest (hexagonal) packing, so it can fall short of requests that a grid would meet.
"""

from __future__ import annotations

import math

import numpy as np

from twin.cameras.layouts_area import StudyArea
from twin.errors import require

TRIES_PER_STATION = 200
BATCH = 256
RSA_JAMMING_SHARE = 0.547
"""Share of the densest packing reached by random sequential adsorption of discs."""


def inhibited_sample(
    area: StudyArea,
    wanted: int,
    min_separation_m: float,
    rng: np.random.Generator,
    cells: np.ndarray | None = None,
    existing: np.ndarray | None = None,
) -> np.ndarray:
    """Up to ``wanted`` points (m) uniform over the allowed cells (or the sub-mask ``cells``),
    each at least ``min_separation_m`` from the others and from ``existing`` points."""
    if min_separation_m <= 0:
        return area.sample(wanted, rng, cells)
    buckets: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for x, y in np.zeros((0, 2)) if existing is None else existing:
        buckets.setdefault(_bucket(x, y, min_separation_m), []).append((x, y))
    accepted: list[tuple[float, float]] = []
    tries_left = TRIES_PER_STATION * wanted
    while len(accepted) < wanted and tries_left > 0:
        for x, y in area.sample(min(BATCH, tries_left), rng, cells):
            tries_left -= 1
            if _far_enough(buckets, x, y, min_separation_m):
                buckets.setdefault(_bucket(x, y, min_separation_m), []).append((x, y))
                accepted.append((x, y))
                if len(accepted) == wanted:
                    break
    return np.array(accepted, dtype=float).reshape(-1, 2)


def _bucket(x: float, y: float, size_m: float) -> tuple[int, int]:
    return int(math.floor(x / size_m)), int(math.floor(y / size_m))


def _far_enough(buckets: dict, x: float, y: float, min_separation_m: float) -> bool:
    """Whether no bucketed point lies within ``min_separation_m`` of ``(x, y)``."""
    bx, by = _bucket(x, y, min_separation_m)
    for i in (bx - 1, bx, bx + 1):
        for j in (by - 1, by, by + 1):
            for px, py in buckets.get((i, j), ()):
                if (px - x) ** 2 + (py - y) ** 2 < min_separation_m**2:
                    return False
    return True


def packing_limit(area_km2: float, min_separation_m: float) -> int | None:
    """Most points the area holds at the separation in a hexagonal packing (None if no limit)."""
    if min_separation_m <= 0:
        return None
    return int(area_km2 * 1e6 / (math.sqrt(3.0) / 2.0 * min_separation_m**2)) + 1


def habitat_strata(area: StudyArea, quantiles: tuple[float, ...]) -> np.ndarray:
    """Stratum of each allowed cell by habitat quantile (0 = poorest), -1 elsewhere."""
    habitat = area.landscape.layers["habitat"]
    cuts = np.quantile(habitat[area.allowed], quantiles) if quantiles else np.zeros(0)
    strata = np.searchsorted(cuts, habitat, side="right")
    return np.where(area.allowed, strata, -1)


def allocate(wanted: int, cells_per_stratum: np.ndarray, rule: str) -> np.ndarray:
    """Stations per stratum: proportional to area (largest remainder) or equal.

    Equal allocation gives the remainder to the best-habitat strata.
    """
    k = cells_per_stratum.size
    if rule == "equal":
        require(
            bool((cells_per_stratum > 0).all()),
            "layout.strata_quantiles",
            f"strata of {cells_per_stratum.tolist()} cells",
            "cut points that leave every stratum some allowed cells (habitat ties?) "
            "with layout.allocation=equal",
        )
        counts = np.full(k, wanted // k)
        counts[k - wanted % k :] += 1
        return counts
    quota = wanted * cells_per_stratum / cells_per_stratum.sum()
    counts = np.floor(quota).astype(int)
    order = np.argsort(-(quota - counts), kind="stable")
    counts[order[: wanted - counts.sum()]] += 1
    return counts


def stratified_sample(
    area: StudyArea,
    wanted: int,
    quantiles: tuple[float, ...],
    rule: str,
    min_separation_m: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Points (m) and their strata: ``wanted`` stations allocated over habitat strata."""
    strata = habitat_strata(area, quantiles)
    cells = np.bincount(strata[strata >= 0], minlength=len(quantiles) + 1)
    counts = allocate(wanted, cells, rule)
    points = np.zeros((0, 2))
    labels = np.zeros(0, dtype=int)
    for stratum, n in enumerate(counts):
        if n == 0:
            continue
        new = inhibited_sample(area, int(n), min_separation_m, rng, strata == stratum, points)
        points = np.vstack([points, new])
        labels = np.concatenate([labels, np.full(new.shape[0], stratum)])
    return points, labels

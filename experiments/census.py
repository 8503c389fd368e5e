"""The park censuses and how the hindcast counts like them (docs/hindcast.md).

The census figures (PARAMETERS.md counts), the census area (the park and a 4 km buffer), the
daily hook that counts cats in it by species and stage on each 1 January, the census
observation model (cubs out of the den, a share of them seen) and the comparison of simulated
counts with the figures. Used by experiments/hindcast.py and experiments/calibrate_hindcast.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import ndimage

from twin.population.demography import stages
from twin.population.model import ParkModel
from twin.population.state import CUB
from twin.taxa import keys_of

FIRST_YEAR = 2007
DAYS_PER_YEAR = 365
# Census figures (PARAMETERS.md counts): stage "adult" = independent animals, "cub" = dependent
# cubs, "all" = both. `weight` enters the ABC distance (0: held out of the calibration).
CENSUS = pd.DataFrame(
    [
        (2007, "leopard", "all", 30.0, 1.0),  # snow-track census 2007: 27-34 (H)
        (2013, "leopard", "adult", 44.0, 1.0),  # 43-45 adults (H)
        (2013, "leopard", "cub", 4.5, 0.25),  # 4-5 cubs (H); low weight: 11 cubs of 5 females
        # were seen in 2014 (H), so the 2013 camera census surely missed cubs
        (2017, "leopard", "adult", 86.0, 1.0),  # 86 adults (H)
        (2017, "leopard", "cub", 21.0, 0.5),  # 21 cubs (H)
        (2023, "leopard", "adult", 122.5, 0.0),  # ~120-125 adults (H); held out
        (2012, "tiger", "all", 9.5, 0.5),  # 9-10 (M)
        (2015, "tiger", "adult", 39.0, 0.25),  # 39 identified over 2013-16 (M): an upper bound
        (2015, "tiger", "cub", 22.0, 0.0),  # 22 cubs identified over 2013-16 (M); held out
        (2022, "tiger", "all", 41.0, 0.0),  # 41 (M); held out
        (2023, "tiger", "adult", 48.0, 0.0),  # ~48 adults (M); held out
    ],
    columns=["year", "species", "stage", "census", "weight"],
)
CUB_DEN_DAYS = 90
"""Cubs younger than this stay at the den and are not photographed (assumed: ~3 months)."""
CENSUS_BUFFER_M = 4000.0
"""The censuses count cats living in or by the park: activity centre within 4 km of it. The area
(3,520 km2 of land on the synthetic park) is that of the monitored complex, park + buffer +
Kedrovaya Pad, ~3,600 km2 (PARAMETERS.md, H); 38% of the park's leopards were photographed in
China too (Vitkalova et al. 2018, H), so animals centred just across the border are counted."""


def census_area(landscape: Any, buffer_m: float = CENSUS_BUFFER_M) -> np.ndarray:
    """Boolean raster of the census area: land within ``buffer_m`` (m) of the park layer."""
    park = np.asarray(landscape.layers["park"], dtype=bool)
    dist_m = ndimage.distance_transform_edt(~park) * landscape.resolution_m
    return (dist_m <= buffer_m) & ~np.asarray(landscape.layers["water"], dtype=bool)


class ParkCounts:
    """Daily hook: counts of living cats with their activity centre in ``park`` (the census area,
    :func:`census_area`), each 1 January."""

    def __init__(self, model: ParkModel, park: np.ndarray):
        self.model = model
        self.park = park
        self.rows: list[tuple[int, str, str, int]] = []

    def __call__(self, day: int) -> None:
        """Record the counts when ``day`` (model day) starts a 365-day year."""
        if day % DAYS_PER_YEAR == 0:
            self.record(FIRST_YEAR + day // DAYS_PER_YEAR)

    def record(self, year: int) -> None:
        """Append the park counts by species and stage for ``year``.

        Stages: ``adult`` (independent), ``cub_true`` (all dependent cubs) and ``cub_out``
        (dependent cubs past the den period, :data:`CUB_DEN_DAYS`, that a census can see).
        """
        model, st = self.model, self.model.state
        rows = st.living()
        grid = model.landscape
        inside = grid.inside(st.acx[rows], st.acy[rows])
        in_park = np.zeros(len(rows), dtype=bool)
        r, c = grid.cell_index(st.acx[rows][inside], st.acy[rows][inside])
        in_park[inside] = self.park[r, c]
        cub = stages(model, rows) == CUB
        out = cub & (model.day - st.birth_day[rows] >= CUB_DEN_DAYS)
        names = np.asarray(keys_of(st.species[rows]))
        for species in ("leopard", "tiger"):
            mine = in_park & (names == species)
            self.rows.append((year, species, "adult", int(np.count_nonzero(mine & ~cub))))
            self.rows.append((year, species, "cub_true", int(np.count_nonzero(mine & cub))))
            self.rows.append((year, species, "cub_out", int(np.count_nonzero(mine & out))))

    def frame(self) -> pd.DataFrame:
        """Counts as a long table ``year, species, stage, count``; adds ``all_true`` = adult +
        cub_true (the cats alive in the census area)."""
        df = pd.DataFrame(self.rows, columns=["year", "species", "stage", "count"])
        wide = df.pivot_table(index=["year", "species"], columns="stage", values="count")
        total = (wide["adult"] + wide["cub_true"]).rename("count").reset_index()
        return pd.concat([df, total.assign(stage="all_true")], ignore_index=True)


def observe(counts: pd.DataFrame, cub_detection: float = 1.0) -> pd.DataFrame:
    """Add the census's view of the counts of one run: ``cub`` and ``all`` stages.

    A camera census identifies independent cats but sees only cubs out of the den with their
    mothers: ``cub = cub_detection * cub_out`` (an expected count) and ``all = adult + cub``.
    """
    wide = counts.pivot_table(index=["year", "species"], columns="stage", values="count")
    cub = (wide["cub_out"] * float(cub_detection)).rename("count").reset_index()
    both = (wide["adult"] + cub["count"].to_numpy()).rename("count").reset_index()
    return pd.concat([counts, cub.assign(stage="cub"), both.assign(stage="all")], ignore_index=True)


def census_comparison(counts: pd.DataFrame, levels: Sequence[float] = (0.05, 0.95)) -> pd.DataFrame:
    """Median and 90% interval over replicates of the simulated count for each census figure."""
    q = counts.groupby(["year", "species", "stage"])["count"]
    summary = pd.DataFrame(
        {"median": q.median(), "lo90": q.quantile(levels[0]), "hi90": q.quantile(levels[1])}
    ).reset_index()
    table = CENSUS.merge(summary, on=["year", "species", "stage"], how="left")
    return table[["year", "species", "stage", "census", "median", "lo90", "hi90"]]

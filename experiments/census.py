"""The park censuses and how the hindcast counts like them (docs/hindcast.md).

The census figures (PARAMETERS.md counts), the census area (the park and a 4 km buffer), the
daily hook that follows the cats in it (true counts on each 1 January; the cats a census of a
period identifies) and the census observation model (a share of the cubs seen), and the
comparison of simulated figures with the census.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import ndimage

from twin.population.model import ParkModel
from twin.taxa import keys_of

# Census figures (PARAMETERS.md counts): stage "adult" = independent animals, "cub" = dependent
# cubs. The figures PARAMETERS.md gives without a stage (2007 leopards, 2012 and 2022 tigers) are
# read as independent animals, the unit in which the park reports its censuses (cubs apart, as
# "86 adults + 21 cubs"); read with their cubs, the 2022 tigers (41) fit the ~48 adults of
# 2023-24 badly (docs/hindcast.md, "What the census figures count"). `first_year` to
# `last_year` is the period a camera census identified the animals in (calendar years,
# inclusive); `snapshot` figures are a count on 1 January of `year` instead. `weight` enters
# the ABC distance (0: held out of the calibration).
CENSUS = pd.DataFrame(
    [
        (2007, "leopard", "adult", 30.0, 1.0, 2007, 2007, True),  # snow-track census, winter
        # 2007: 27-34 (H); a count of the animals alive then
        (2013, "leopard", "adult", 44.0, 1.0, 2013, 2013, False),  # 43-45 adults (H)
        (2013, "leopard", "cub", 4.5, 0.0, 2013, 2013, False),  # 4-5 cubs (H); not used: 11 cubs
        # of 5 females were seen in 2014 (H), so the 2013 camera census surely missed cubs
        (2017, "leopard", "adult", 86.0, 1.0, 2017, 2017, False),  # 86 adults (H)
        (2017, "leopard", "cub", 21.0, 0.5, 2017, 2017, False),  # 21 cubs (H)
        (2023, "leopard", "adult", 122.5, 0.0, 2023, 2023, False),  # ~120-125 (H); held out
        (2012, "tiger", "adult", 9.5, 0.5, 2012, 2012, False),  # 9-10 (M)
        (2015, "tiger", "adult", 39.0, 0.5, 2013, 2016, False),  # 39 identified 2013-16 (M)
        (2015, "tiger", "cub", 22.0, 0.5, 2013, 2016, False),  # 22 cubs identified 2013-16 (M);
        # held out (weight 0) by the calibrations before experiments/calibration/ages
        (2022, "tiger", "adult", 41.0, 0.0, 2022, 2022, False),  # 41 (M); held out
        (2023, "tiger", "adult", 48.0, 0.0, 2023, 2024, False),  # ~48 adults identified
        # 2023-24 (M); held out. A period, as "2013-16" is: PARAMETERS.md gives the leopards'
        # count as "2023" and this one as "2023-24" (docs/hindcast.md, "What the census figures
        # count")
    ],
    columns=["year", "species", "stage", "census", "weight", "first_year", "last_year", "snapshot"],
)
CUB_DEN_DAYS = 90
"""Cubs younger than this stay at the den and are not photographed (assumed: ~3 months)."""
MIN_DAYS_IN_AREA = 30
"""A census of a period identifies the cats whose activity centre lay in the census area on at
least this many of its days (assumed: about a month within reach of the cameras gets a cat
photographed on both flanks; cats only passing through are missed)."""
CENSUS_BUFFER_M = 4000.0
"""The censuses count cats living in or by the park: activity centre within 4 km of it. The area
(3,520 km2 of land on the synthetic park) is that of the monitored complex, park + buffer +
Kedrovaya Pad, ~3,600 km2 (PARAMETERS.md, H); 38% of the park's leopards were photographed in
China too (Vitkalova et al. 2018, H), so animals centred just across the border are counted."""
SPECIES = ("leopard", "tiger")


def census_area(landscape: Any, buffer_m: float = CENSUS_BUFFER_M) -> np.ndarray:
    """Boolean raster of the census area: land within ``buffer_m`` (m) of the park layer."""
    park = np.asarray(landscape.layers["park"], dtype=bool)
    dist_m = ndimage.distance_transform_edt(~park) * landscape.resolution_m
    return (dist_m <= buffer_m) & ~np.asarray(landscape.layers["water"], dtype=bool)


def _year_days(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


class ParkCounts:
    """Daily hook following the cats whose activity centre lies in the census area ``area``.

    Call it with each model day (day 0 = ``start_date``, at midnight). On 1 January it records
    the true counts by species and stage; every day it adds a day in the area to each cat there
    (as independent, or as a cub out of the den), by calendar year, for the identified counts.
    """

    def __init__(self, model: ParkModel, area: np.ndarray, start_date: dt.date):
        self.model = model
        self.area = area
        self.start_date = start_date
        self.rows: list[tuple[int, str, str, int]] = []
        self.days_in_area: dict[int, np.ndarray] = {}
        """Per calendar year: days in the area by animal row, as independent (row 0) and as
        a cub out of the den (row 1)."""
        self.days_seen: dict[int, int] = {}

    def __call__(self, day: int) -> None:
        """Count the cats on model ``day`` (its midnight)."""
        date = self.start_date + dt.timedelta(days=day)
        independent, cub_out, cub = self._in_area()
        if (date.month, date.day) == (1, 1):
            self._record(date.year, independent, cub_out, cub)
        n = self.model.state.n
        tally = self.days_in_area.get(date.year, np.zeros((2, 0), dtype=np.int32))
        if tally.shape[1] < n:
            tally = np.pad(tally, ((0, 0), (0, n - tally.shape[1])))
        tally[0, independent] += 1
        tally[1, cub_out] += 1
        self.days_in_area[date.year] = tally
        self.days_seen[date.year] = self.days_seen.get(date.year, 0) + 1

    def _in_area(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows of the living cats in the area: independent, cubs out of the den, all cubs."""
        model, st = self.model, self.model.state
        rows = st.living()
        grid = model.landscape
        inside = grid.inside(st.acx[rows], st.acy[rows])
        here = np.zeros(len(rows), dtype=bool)
        r, c = grid.cell_index(st.acx[rows][inside], st.acy[rows][inside])
        here[inside] = self.area[r, c]
        cub = st.following[rows]
        out = cub & (model.day - st.birth_day[rows] >= CUB_DEN_DAYS)
        return rows[here & ~cub], rows[here & out], rows[here & cub]

    def _record(self, year: int, independent, cub_out, cub) -> None:
        species = self.model.state.species
        for name, rows in (("adult_true", independent), ("cub_out_true", cub_out),
                           ("cub_true", cub)):  # fmt: skip
            keys = np.asarray(keys_of(species[rows]))
            for sp in SPECIES:
                self.rows.append((year, sp, name, int(np.count_nonzero(keys == sp))))

    def identified(self, first_year: int, last_year: int) -> dict[str, tuple[int, int]] | None:
        """Cats a census of ``first_year``..``last_year`` identifies, by species:
        ``(independent, cubs)``; None unless the run covered every day of the period.

        A cat counts if it spent at least :data:`MIN_DAYS_IN_AREA` days in the area in the
        period: as independent (then it counts as such), else as a cub out of the den.
        """
        years = range(first_year, last_year + 1)
        if any(self.days_seen.get(y, 0) < _year_days(y) for y in years):
            return None
        n = self.model.state.n
        days = np.zeros((2, n), dtype=np.int64)
        for y in years:
            tally = self.days_in_area[y]
            days[:, : tally.shape[1]] += tally
        adult = days[0] >= MIN_DAYS_IN_AREA
        cub = ~adult & (days[1] >= MIN_DAYS_IN_AREA)
        keys = np.asarray(keys_of(self.model.state.species[:n]))
        return {
            sp: (int(np.count_nonzero(adult & (keys == sp))),
                 int(np.count_nonzero(cub & (keys == sp))))
            for sp in SPECIES
        }  # fmt: skip

    def frame(self) -> pd.DataFrame:
        """Counts as a long table ``year, species, stage, count``.

        True counts on each 1 January: ``adult_true`` (independent), ``cub_true`` (dependent
        cubs), ``cub_out_true`` (cubs past the den period) and ``all_true`` (adult + cubs, the
        cats alive in the census area); for each calendar year the run covered, the cats a
        census of that year identifies: ``adult_seen`` and ``cub_seen``.
        """
        rows = list(self.rows)
        for year in sorted(self.days_seen):
            found = self.identified(year, year)
            if found is None:
                continue
            for sp, (adult, cub) in found.items():
                rows += [(year, sp, "adult_seen", adult), (year, sp, "cub_seen", cub)]
        df = pd.DataFrame(rows, columns=["year", "species", "stage", "count"])
        snap = df[df["stage"].isin(["adult_true", "cub_true"])]
        total = snap.groupby(["year", "species"], as_index=False)["count"].sum()
        return pd.concat([df, total.assign(stage="all_true")], ignore_index=True)

    def census_figures(self, census: pd.DataFrame = CENSUS) -> pd.DataFrame:
        """The raw simulated counterpart of each census figure: ``adult`` and ``cub`` parts.

        Snapshot figures take the 1 January true counts (cubs out of the den); the others the
        cats identified in their period (:meth:`identified`). NaN where the run did not cover
        the figure. :func:`observe` turns the parts into the census's view.
        """
        snap = self.frame().set_index(["year", "species", "stage"])["count"]
        parts = []
        for row in census.itertuples():
            if row.snapshot:
                key = (row.year, row.species)
                adult = snap.get((*key, "adult_true"), np.nan)
                cub = snap.get((*key, "cub_out_true"), np.nan)
            else:
                found = self.identified(row.first_year, row.last_year)
                adult, cub = (np.nan, np.nan) if found is None else found[row.species]
            parts.append((row.year, row.species, row.stage, float(adult), float(cub)))
        return pd.DataFrame(parts, columns=["year", "species", "stage", "adult", "cub"])


def _shares(
    rows: pd.DataFrame | pd.Index, cub_detection: float | Mapping[str, float]
) -> float | np.ndarray:
    """The cub detection of each row's ``species`` (one share for all, or one per species)."""
    if not isinstance(cub_detection, Mapping):
        return float(cub_detection)
    species = rows["species"] if isinstance(rows, pd.DataFrame) else rows
    return np.array([float(cub_detection[sp]) for sp in species])


def observe(
    figures: pd.DataFrame, cub_detection: float | Mapping[str, float] = 1.0
) -> pd.DataFrame:
    """The census's view of simulated figures (:meth:`ParkCounts.census_figures`): ``count``.

    A camera census identifies independent cats but sees only a share ``cub_detection`` of the
    cubs out of the den (an expected count; one share, or a mapping species -> share):
    adult = independent, cub = ``cub_detection`` x cubs, all = both.
    """
    cubs = figures["cub"] * _shares(figures, cub_detection)
    count = np.select(
        [figures["stage"] == "adult", figures["stage"] == "cub"],
        [figures["adult"], cubs],
        figures["adult"] + cubs,
    )
    return figures.assign(count=count)


def observed_series(
    counts: pd.DataFrame, cub_detection: float | Mapping[str, float] = 1.0
) -> pd.DataFrame:
    """Add the census's view of each covered year to a run's counts: ``adult``, ``cub``, ``all``
    (from ``adult_seen`` and ``cub_seen``, as :func:`observe`)."""
    wide = counts.pivot_table(index=["year", "species"], columns="stage", values="count")
    if "adult_seen" not in wide:
        return counts
    wide = wide.dropna(subset=["adult_seen"])
    cub = wide["cub_seen"] * _shares(wide.index.get_level_values("species"), cub_detection)
    views = {"adult": wide["adult_seen"], "cub": cub, "all": wide["adult_seen"] + cub}
    extra = [v.rename("count").reset_index().assign(stage=k) for k, v in views.items()]
    return pd.concat([counts, *extra], ignore_index=True)


def census_comparison(
    figures: pd.DataFrame, levels: Sequence[float] = (0.05, 0.95)
) -> pd.DataFrame:
    """Median and 90% interval over replicates of each census figure's simulated ``count``."""
    q = figures.groupby(["year", "species", "stage"])["count"]
    summary = pd.DataFrame(
        {"median": q.median(), "lo90": q.quantile(levels[0]), "hi90": q.quantile(levels[1])}
    ).reset_index()
    table = CENSUS.merge(summary, on=["year", "species", "stage"], how="left")
    return table[["year", "species", "stage", "census", "median", "lo90", "hi90"]]

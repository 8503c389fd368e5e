"""The park censuses and how the hindcast counts like them (docs/hindcast.md).

The census figures (docs/parameters.md counts), the census area (the park and a 4 km buffer),
the daily probe that follows the cats in it (true counts on each 1 January; the cats a census
of a period identifies), the census observation model (a share of the cubs seen) and the
comparison of simulated figures with the census.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np
import pandas as pd
from scipy import ndimage

from twin.errors import TwinInputError
from twin.taxa import keys_of

# Census figures (docs/parameters.md counts): stage "adult" = independent animals, "cub" =
# dependent cubs; a range is read at its middle, "at least" at its bound. A camera census
# figure counts the animals identified in one calendar year of camera data (announced the next
# April: 2023's leopards on 5 April 2024), `first_year` to `last_year` (inclusive) the period of
# a census that compiled several years; `snapshot` figures are a count on 1 January of `year`
# instead. The figures given without a stage (2007 leopards, 2012 and 2021 tigers) are read as
# independent animals, the unit in which the park reports its censuses (cubs apart, as "129
# adults + 14 cubs"). `weight` enters the ABC distance (0: held out of the calibration).
CENSUS = pd.DataFrame(
    [
        (2007, "leopard", "adult", 30.0, 1.0, 2007, 2007, True),  # snow-track census, winter
        # 2007: 27-34 (H); a count of the animals alive then
        (2013, "leopard", "adult", 44.0, 1.0, 2013, 2013, False),  # 43-45 adults (H)
        (2013, "leopard", "cub", 4.5, 0.0, 2013, 2013, False),  # 4-5 cubs (H); not used: 11 cubs
        # of 5 females were seen in 2014 (H), so the 2013 camera census surely missed cubs
        (2017, "leopard", "adult", 85.0, 1.0, 2017, 2017, False),  # 84-86 adults (H)
        (2017, "leopard", "cub", 20.0, 0.5, 2017, 2017, False),  # 19-21 cubs (H)
        (2023, "leopard", "adult", 129.0, 0.0, 2023, 2023, False),  # 129 adults (H); held out
        (2023, "leopard", "cub", 14.0, 0.0, 2023, 2023, False),  # at least 14 cubs (H); held out
        (2012, "tiger", "adult", 9.5, 0.5, 2012, 2012, False),  # 9-10 (M)
        (2015, "tiger", "adult", 39.0, 0.5, 2013, 2016, False),  # 39 identified 2013-16 (M)
        (2015, "tiger", "cub", 22.0, 0.5, 2013, 2016, False),  # 22 cubs identified 2013-16 (M)
        (2021, "tiger", "adult", 41.0, 0.0, 2021, 2021, False),  # 41 adults (M); held out
        (2022, "tiger", "adult", 48.0, 0.0, 2022, 2022, False),  # at least 48 adults (M); held out
        (2022, "tiger", "cub", 10.0, 0.0, 2022, 2022, False),  # 10 cubs (M); held out
        (2023, "tiger", "adult", 58.0, 0.0, 2023, 2023, False),  # 58 adults (M), park and
        # neighbouring territories; held out
        (2023, "tiger", "cub", 11.0, 0.0, 2023, 2023, False),  # 11 cubs in 3 litters (M); held out
    ],
    columns=["year", "species", "stage", "census", "weight", "first_year", "last_year", "snapshot"],
)
"""The park's census figures (docs/parameters.md, the leopards' counts and the tigers' numbers
in the park): ``census`` in animals; ``weight`` in the ABC distance (0: held out)."""
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


class PopulationModel(Protocol):
    """What a census probe reads of the population model: its animal ``state`` arrays, its
    ``landscape`` grid and the current model ``day``."""

    state: Any
    landscape: Any
    day: int


class ParkCounts:
    """Daily probe following the cats whose activity centre lies in the census area.

    Pass it to the run as a probe (``twin.Drivers(probes=[counts])``): it is called with the
    population model and day 0 before the first day, then after each simulated day (day ``d``
    ends at the midnight that opens ``start_date + d``). On 1 January it records the true counts
    by species and stage; every day it adds a day in the area to each cat there (as
    independent, or as a cub out of the den), by calendar year, for the identified counts.

    Parameters
    ----------
    start_date
        Calendar date of model day 0.
    area
        Boolean raster of the census area on the model's landscape; None: :func:`census_area`
        of the landscape the first call sees.
    """

    def __init__(self, start_date: dt.date, area: np.ndarray | None = None):
        self.start_date = start_date
        self.area = area
        self.model: PopulationModel | None = None
        self.rows: list[tuple[int, str, str, int]] = []
        self.days_in_area: dict[int, np.ndarray] = {}
        """Per calendar year: days in the area by animal row, as independent (row 0) and as
        a cub out of the den (row 1)."""
        self.days_seen: dict[int, int] = {}

    def __call__(self, model: PopulationModel, day: int) -> None:
        """Count the cats of ``model`` on model ``day`` (its midnight)."""
        if self.area is None:
            self.area = census_area(model.landscape)
        self.model = model
        date = self.start_date + dt.timedelta(days=day)
        independent, cub_out, cub = self._in_area(model, self.area)
        if (date.month, date.day) == (1, 1):
            self._record(date.year, independent, cub_out, cub)
        n = model.state.n
        tally = self.days_in_area.get(date.year, np.zeros((2, 0), dtype=np.int32))
        if tally.shape[1] < n:
            tally = np.pad(tally, ((0, 0), (0, n - tally.shape[1])))
        tally[0, independent] += 1
        tally[1, cub_out] += 1
        self.days_in_area[date.year] = tally
        self.days_seen[date.year] = self.days_seen.get(date.year, 0) + 1

    @staticmethod
    def _in_area(
        model: PopulationModel, area: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows of the living cats in the area: independent, cubs out of the den, all cubs."""
        st = model.state
        rows = st.living()
        grid = model.landscape
        inside = grid.inside(st.acx[rows], st.acy[rows])
        here = np.zeros(len(rows), dtype=bool)
        r, c = grid.cell_index(st.acx[rows][inside], st.acy[rows][inside])
        here[inside] = area[r, c]
        cub = st.following[rows]
        out = cub & (model.day - st.birth_day[rows] >= CUB_DEN_DAYS)
        return rows[here & ~cub], rows[here & out], rows[here & cub]

    def _species_keys(self) -> np.ndarray:
        """Species names of the model's animal rows."""
        assert self.model is not None, "ParkCounts has not been called yet"
        return np.asarray(keys_of(self.model.state.species[: self.model.state.n]))

    def _record(self, year: int, independent, cub_out, cub) -> None:
        keys_all = self._species_keys()
        for name, rows in (("adult_true", independent), ("cub_out_true", cub_out),
                           ("cub_true", cub)):  # fmt: skip
            keys = keys_all[rows]
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
        keys = self._species_keys()
        days = np.zeros((2, len(keys)), dtype=np.int64)
        for y in years:
            tally = self.days_in_area[y]
            days[:, : tally.shape[1]] += tally
        adult = days[0] >= MIN_DAYS_IN_AREA
        cub = ~adult & (days[1] >= MIN_DAYS_IN_AREA)
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
        for row in census.to_dict(orient="records"):
            year, species = row["year"], row["species"]
            if row["snapshot"]:
                adult = snap.get((year, species, "adult_true"), np.nan)
                cub = snap.get((year, species, "cub_out_true"), np.nan)
            else:
                found = self.identified(row["first_year"], row["last_year"])
                adult, cub = (np.nan, np.nan) if found is None else found[species]
            parts.append((year, species, row["stage"], float(adult), float(cub)))
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
    figures: pd.DataFrame, census: pd.DataFrame = CENSUS, levels: Sequence[float] = (0.05, 0.95)
) -> pd.DataFrame:
    """Each census figure against the replicates' simulated ``count`` of it.

    Parameters
    ----------
    figures
        Simulated census figures, one row per replicate and figure: ``year``, ``species``,
        ``stage``, ``count`` (animals; :func:`observe` or :func:`figures_from_tables`).
    census
        The census figures (default :data:`CENSUS`).
    levels
        Quantiles of the interval (default the 90% interval).

    Returns
    -------
    pandas.DataFrame
        One row per census figure: ``census``, the replicates' ``median``, ``lo90`` and
        ``hi90`` (animals), ``difference`` (median / census - 1) and ``inside_90`` (the census
        figure lies in the interval); NaN where no replicate covered the figure.
    """
    q = figures.groupby(["year", "species", "stage"])["count"]
    summary = pd.DataFrame(
        {"median": q.median(), "lo90": q.quantile(levels[0]), "hi90": q.quantile(levels[1])}
    ).reset_index()
    table = census.merge(summary, on=["year", "species", "stage"], how="left")
    table = table.assign(
        difference=table["median"] / table["census"] - 1.0,
        inside_90=(table["lo90"] <= table["census"]) & (table["census"] <= table["hi90"]),
    )
    return table[list(COMPARISON_COLUMNS)]


COMPARISON_COLUMNS = (
    "year", "species", "stage", "census", "median", "lo90", "hi90", "difference", "inside_90",
)  # fmt: skip
"""Columns of :func:`census_comparison` (census_comparison.csv)."""
LABELS = ("replicate", "policy")
"""Columns that label a hindcast's per-replicate tables."""


def figures_from_tables(
    counts: pd.DataFrame, figures: pd.DataFrame, census: pd.DataFrame = CENSUS
) -> pd.DataFrame:
    """Each replicate's simulated count of each ``census`` figure, from a hindcast's written
    tables: counts.csv (``counts``) and census_figures.csv (``figures``).

    A one-year camera census takes the census's view of its year in ``counts`` (its ``adult``
    or ``cub`` stage, :func:`observed_series`), so figures added or redefined since the run are
    compared without rerunning it; the others (snapshots, several-year periods) are taken from
    ``figures``, which must hold them as ``census`` defines them.

    Raises
    ------
    TwinInputError
        If a figure has no simulated count in the tables.
    """
    parts = []
    for row in census.to_dict(orient="records"):
        one_year = not row["snapshot"] and row["first_year"] == row["last_year"] == row["year"]
        source = counts if one_year else figures
        key = (source["year"] == row["year"]) & (source["species"] == row["species"])
        mine = source[key & (source["stage"] == row["stage"])]
        if mine.empty:
            table = "counts.csv" if one_year else "census_figures.csv"
            raise TwinInputError(
                f"census figure {row['year']} {row['species']} {row['stage']}: no simulated "
                f"count in {table} (the runs did not cover it)"
            )
        parts.append(mine[["year", "species", "stage", "count", *LABELS]])
    return pd.concat(parts, ignore_index=True)

"""The census observation model: 1 January counts, cats identified in a period, the census view."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tests.landscapes import flat_landscape
from tests.threats.helpers import small_params
from twin.calibration.census import (
    CENSUS,
    MIN_DAYS_IN_AREA,
    ParkCounts,
    census_area,
    census_comparison,
    figures_from_tables,
    observe,
    observed_series,
)
from twin.calibration.hindcast import cub_detections
from twin.config.load import load_config
from twin.errors import TwinInputError
from twin.landscape.build import build_landscape
from twin.population.model import AnimalModel
from twin.taxa import LEOPARD

START = dt.date(2007, 1, 1)


@pytest.fixture
def model():
    return AnimalModel(flat_landscape(), small_params(), seed=2)


def _hook(model, days, area=None):
    """A ParkCounts over the whole grid (or ``area``) called for model days ``days``."""
    counts = ParkCounts(START, np.ones(model.landscape.shape, bool) if area is None else area)
    for day in days:
        counts(model, day)
    return counts


def _independent_leopards(model):
    st = model.state
    rows = st.living()
    return rows[(st.species[rows] == LEOPARD) & ~st.following[rows]]


def test_first_of_january_counts_split_cubs_at_the_den(model):
    """On 1 January every cat in the area is counted; cubs younger than 90 days are not out."""
    st = model.state
    counts = _hook(model, [0]).frame().set_index(["year", "species", "stage"])["count"]
    rows = st.living()
    leo = rows[st.species[rows] == LEOPARD]
    cubs = leo[st.following[leo]]
    assert counts[(2007, "leopard", "adult_true")] == len(leo) - len(cubs)
    assert counts[(2007, "leopard", "cub_true")] == len(cubs)
    out = np.count_nonzero(model.day - st.birth_day[cubs] >= 90)
    assert counts[(2007, "leopard", "cub_out_true")] == out
    assert counts[(2007, "leopard", "all_true")] == len(leo)


def test_a_year_identifies_the_cats_present_long_enough(model):
    """A cat in the area for 30 days of the year is identified; one there for 29 days is not."""
    st = model.state
    ind = _independent_leopards(model)
    stay, brief = ind[0], ind[1]
    far = model.landscape.x0_m - 1e5  # outside the grid, so outside the area
    counts = ParkCounts(START, np.ones(model.landscape.shape, bool))
    for day in range(365):
        st.acx[stay] = st.acx[stay] if day < MIN_DAYS_IN_AREA else far
        if day == MIN_DAYS_IN_AREA - 1:
            st.acx[brief] = far
        counts(model, day)
    leopards, _ = counts.identified(2007, 2007)["leopard"]
    assert leopards == len(ind) - 1  # ``stay`` counted (30 days), ``brief`` not (29 days)


def test_a_period_counts_each_cat_once_and_needs_every_day(model):
    """A two-year census counts a cat present in both years once; a period the run did not
    cover in full has no figure."""
    counts = _hook(model, range(365 + 366))  # 2008 is a leap year
    one, _ = counts.identified(2007, 2007)["leopard"]
    both, _ = counts.identified(2007, 2008)["leopard"]
    assert one == both == len(_independent_leopards(model))
    assert counts.identified(2007, 2009) is None
    short = _hook(model, range(300))
    assert short.identified(2007, 2007) is None
    assert "adult_seen" not in set(short.frame()["stage"])


def test_census_figures_cover_snapshots_and_periods(model):
    """Snapshot figures read 1 January; period figures the identified cats; NaN if not run."""
    counts = _hook(model, range(365))
    census = CENSUS[CENSUS["year"] == 2007]
    figures = counts.census_figures(census).iloc[0]
    frame = counts.frame().set_index(["year", "species", "stage"])["count"]
    assert figures["adult"] == frame[(2007, "leopard", "adult_true")]
    assert figures["cub"] == frame[(2007, "leopard", "cub_out_true")]
    assert counts.census_figures(CENSUS[CENSUS["year"] == 2013])[["adult", "cub"]].isna().all(None)


def test_observe_counts_a_share_of_the_cubs():
    """adult = independent, cub = detection x cubs, all = both."""
    figures = pd.DataFrame(
        {"stage": ["adult", "cub", "all"], "adult": [40.0] * 3, "cub": [10.0] * 3}
    )
    assert observe(figures, 0.5)["count"].tolist() == [40.0, 5.0, 45.0]
    series = pd.DataFrame(
        {
            "year": [2010, 2010],
            "species": "leopard",
            "stage": ["adult_seen", "cub_seen"],
            "count": [40, 10],
        }
    )
    view = observed_series(series, 0.5).set_index("stage")["count"]
    assert (view["adult"], view["cub"], view["all"]) == (40, 5.0, 45.0)


def test_observe_takes_a_cub_detection_per_species():
    """A mapping gives each species its share; a run's parameters without the tigers' share give
    them the shared one (cub_detections)."""
    figures = pd.DataFrame(
        {"species": ["leopard", "tiger"], "stage": ["cub", "all"], "adult": [40.0, 30.0],
         "cub": [10.0, 10.0]}
    )  # fmt: skip
    shares = {"leopard": 0.5, "tiger": 0.8}
    assert observe(figures, shares)["count"].tolist() == [5.0, 38.0]
    series = pd.DataFrame(
        {"year": 2010, "species": ["leopard", "leopard", "tiger", "tiger"],
         "stage": ["adult_seen", "cub_seen"] * 2, "count": [40, 10, 30, 10]}
    )  # fmt: skip
    view = observed_series(series, shares).set_index(["species", "stage"])["count"]
    assert (view["leopard", "cub"], view["tiger", "cub"], view["tiger", "all"]) == (5.0, 8.0, 38.0)
    assert cub_detections({"census.cub_detection": 0.6}) == {"leopard": 0.6, "tiger": 0.6}
    both = {"census.cub_detection": 0.6, "census.tiger_cub_detection": 0.9}
    assert cub_detections(both) == {"leopard": 0.6, "tiger": 0.9}
    assert cub_detections(None) == {"leopard": 1.0, "tiger": 1.0}


def test_census_area_is_the_park_and_a_4_km_buffer():
    """On the synthetic park the census area is ~3,520 km2 (monitored complex ~3,600 km2)."""
    land = build_landscape(load_config([]).landscape)
    area = census_area(land)
    km2 = area.sum() * land.resolution_m**2 / 1e6
    assert 3300 < km2 < 3800
    assert area[land.layers["park"] & ~land.layers["water"]].all()


def test_a_probe_without_an_area_counts_in_the_census_area_of_the_model(model):
    """Called without an area, the probe takes the census area of the model's landscape."""
    counts = ParkCounts(START)
    counts(model, 0)
    assert np.array_equal(counts.area, census_area(model.landscape))


def test_census_figures_are_the_corrected_park_counts():
    """The figures of docs/parameters.md: tigers 41 (2021), 48 + 10 cubs (2022), 58 + 11 cubs
    (2023), each one year of camera data; leopards 85 + 20 cubs (2017), 129 + 14 cubs (2023);
    2021-2023 held out of the calibration."""
    fig = CENSUS.set_index(["year", "species", "stage"])
    want = {
        (2021, "tiger", "adult"): 41, (2022, "tiger", "adult"): 48, (2022, "tiger", "cub"): 10,
        (2023, "tiger", "adult"): 58, (2023, "tiger", "cub"): 11, (2017, "leopard", "adult"): 85,
        (2017, "leopard", "cub"): 20, (2023, "leopard", "adult"): 129,
        (2023, "leopard", "cub"): 14,
    }  # fmt: skip
    for key, census in want.items():
        assert fig.loc[key, "census"] == census, key
        if key[0] >= 2021:
            assert fig.loc[key, "weight"] == 0 and fig.loc[key, "first_year"] == key[0]
            assert fig.loc[key, "last_year"] == key[0]


def _written(replicates=3):
    """Per-replicate tables as a hindcast writes them: one-year census views in ``counts``
    (replicate r counts 40 + r adults and 10 + r cubs every year) and the period and snapshot
    figures in ``figures`` (2015 tigers: 30 + r adults, 20 cubs; 2007 leopards: 25 + r)."""
    label = {"policy": "historical"}
    counts = pd.DataFrame(
        [(y, sp, g, (40 if g == "adult" else 10) + r, r)
         for y in range(2007, 2025) for sp in ("leopard", "tiger") for g in ("adult", "cub")
         for r in range(replicates)],
        columns=["year", "species", "stage", "count", "replicate"],
    ).assign(**label)  # fmt: skip
    figures = pd.DataFrame(
        [(2015, "tiger", "adult", 30.0 + r, r) for r in range(replicates)]
        + [(2015, "tiger", "cub", 20.0, r) for r in range(replicates)]
        + [(2007, "leopard", "adult", 25.0 + r, r) for r in range(replicates)],
        columns=["year", "species", "stage", "count", "replicate"],
    ).assign(**label)
    return counts, figures


def test_figures_from_tables_take_one_year_censuses_from_the_counts():
    """One-year camera censuses read the counts' census view of their year; the 2013-16 period
    and the 2007 snapshot read the written figures; a missing figure is refused by name."""
    counts, figures = _written()
    table = figures_from_tables(counts, figures).set_index(["year", "species", "stage"])
    table = table.sort_index()
    assert table.loc[(2023, "tiger", "adult"), "count"].tolist() == [40, 41, 42]
    assert table.loc[(2022, "tiger", "cub"), "count"].tolist() == [10, 11, 12]
    assert table.loc[(2015, "tiger", "adult"), "count"].tolist() == [30.0, 31.0, 32.0]
    assert table.loc[(2007, "leopard", "adult"), "count"].tolist() == [25.0, 26.0, 27.0]
    assert len(table) == 3 * len(CENSUS)
    with pytest.raises(TwinInputError, match="2015 tiger cub: no simulated count"):
        figures_from_tables(counts, figures[figures["stage"] != "cub"])


def test_census_comparison_reports_the_median_its_difference_and_the_band():
    """Median and 5-95% quantiles over replicates (of 40, 41, 42: 41 and 40.1-41.9);
    difference = median / census - 1; inside_90 only when the census lies in the band."""
    counts, figures = _written()
    table = census_comparison(figures_from_tables(counts, figures))
    row = table.set_index(["year", "species", "stage"]).loc[(2023, "tiger", "adult")]
    assert (row["census"], row["median"]) == (58.0, 41.0)
    assert row["lo90"] == pytest.approx(40.1) and row["hi90"] == pytest.approx(41.9)
    assert row["difference"] == pytest.approx(41 / 58 - 1) and not row["inside_90"]
    inside = census_comparison(figures.assign(count=[38.0, 39.0, 40.0] * 3))
    assert inside.set_index(["year", "species", "stage"]).loc[(2015, "tiger", "adult"),
                                                              "inside_90"]  # fmt: skip

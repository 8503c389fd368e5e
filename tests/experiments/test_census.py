"""The census observation model: 1 January counts, cats identified in a period, the census view."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from experiments.census import CENSUS, MIN_DAYS_IN_AREA, ParkCounts, observe, observed_series
from tests.landscapes import flat_landscape
from tests.threats.helpers import small_params
from twin.population.model import ParkModel
from twin.taxa import LEOPARD

START = dt.date(2007, 1, 1)


@pytest.fixture
def model():
    return ParkModel(flat_landscape(), small_params(), seed=2)


def _hook(model, days, area=None):
    """A ParkCounts over the whole grid (or ``area``) called for model days ``days``."""
    counts = ParkCounts(
        model, np.ones(model.landscape.shape, bool) if area is None else area, START
    )
    for day in days:
        counts(day)
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
    counts = ParkCounts(model, np.ones(model.landscape.shape, bool), START)
    for day in range(365):
        st.acx[stay] = st.acx[stay] if day < MIN_DAYS_IN_AREA else far
        if day == MIN_DAYS_IN_AREA - 1:
            st.acx[brief] = far
        counts(day)
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
    from experiments.hindcast_run import cub_detections

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

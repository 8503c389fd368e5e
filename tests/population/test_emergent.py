"""Emergent behaviour of one simulated year on the default park against published figures.

Figures (PARAMETERS.md): leopard annual home ranges 50-300 km2 with females smaller than males,
tigers larger; leopard daily travel 5-11 km. One seeded year, unthinned tracks.
"""

from __future__ import annotations

import numpy as np
import pytest

import twin
from twin.population.homerange import daily_travel_km, home_ranges

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def year():
    scenario = twin.load_scenario(["seed=11", "output.track_every_ticks=1", "report.enabled=false"])
    return twin.simulate(scenario)


@pytest.fixture(scope="module")
def ranges(year):
    hr = home_ranges(year.tracks, min_fixes=34_000)
    ind = year.individuals[["id", "species", "sex", "stage_at_end", "territorial"]]
    hr = hr.merge(ind, on="id")
    return hr[(hr["stage_at_end"] == "adult") & hr["territorial"]]


def test_leopard_home_ranges_in_published_range(ranges):
    """Median annual 95% MCP of territorial adult leopards is 50-300 km2 for each sex, F < M."""
    med = ranges[ranges["species"] == "leopard"].groupby("sex")["mcp_km2"].median()
    assert 50 <= med["female"] <= 300 and 50 <= med["male"] <= 300
    assert med["female"] < med["male"]


def test_tiger_home_ranges_larger_than_leopards(ranges):
    """Tiger ranges exceed leopard ranges and sit near 401 (F) and 778 (M) km2 (within a SD)."""
    med = ranges.groupby(["species", "sex"])["mcp_km2"].median()
    assert med["tiger", "female"] > med["leopard", "male"]
    assert 401 - 205 <= med["tiger", "female"] <= 401 + 205
    assert 778 - 267 <= med["tiger", "male"] <= 778 + 267


def test_leopard_daily_travel_5_to_11_km(year):
    """Leopards (not cubs) travel 5-11 km a day on average; most days fall in 3-15 km."""
    ind = year.individuals
    ids = ind[(ind["species"] == "leopard") & (ind["stage_at_end"] != "cub")]["id"]
    travel = daily_travel_km(year.tracks[year.tracks["id"].isin(ids)], ticks_per_day=96)
    assert 5.0 <= travel["km"].mean() <= 11.0
    assert ((travel["km"] > 3) & (travel["km"] < 15)).mean() > 0.9


def test_deaths_have_causes(year):
    """Every dead animal has a cause; living animals have none."""
    ind = year.individuals
    assert set(ind.loc[~ind["alive_at_end"], "death_cause"]) <= {
        "natural",
        "tiger",
        "poaching",
        "road",
    }
    assert (ind.loc[ind["alive_at_end"], "death_cause"] == "alive").all()
    assert np.all(ind.loc[~ind["alive_at_end"], "death_day"] >= 0)

"""Counterfactual policies against the historical one, paired by replicate
(twin.calibration.counterfactuals)."""

from __future__ import annotations

import pandas as pd

from twin.calibration.counterfactuals import counterfactual_table


def test_counterfactual_differences_are_paired_by_replicate():
    """The difference from historical is taken replicate by replicate, deaths from 2007 on."""
    counts = pd.DataFrame(
        {
            "year": [2024] * 4,
            "species": "leopard",
            "stage": "all_true",
            "count": [10, 20, 7, 15],
            "replicate": [0, 1, 0, 1],
            "policy": ["historical"] * 2 + ["no_park"] * 2,
        }
    )
    deaths = pd.DataFrame(
        {
            "year": [2010, 2010, 2010, 2010, 2011, 2005],
            "species": "leopard",
            "cause": "poaching",
            "deaths": [1, 2, 3, 4, 1, 9],
            "replicate": [0, 1, 0, 1, 0, 0],
            "policy": ["historical"] * 2 + ["no_park"] * 4,
        }
    )
    enforcement = pd.DataFrame(
        {
            "year": [2005, 2010, 2010, 2005, 2010, 2011, 2010],
            "trips": [500, 100, 80, 700, 150, 30, 90],
            "arrests": [9, 2, 1, 9, 1, 1, 3],
            "replicate": [0, 0, 1, 0, 0, 0, 1],
            "policy": ["historical"] * 3 + ["no_park"] * 4,
        }
    )
    table = counterfactual_table(counts, deaths, enforcement).set_index(["policy", "quantity"])
    assert table.loc[("no_park", "leopards_in_park_at_end"), "diff_median"] == -4.0
    # years summed (3 + 1 in replicate 0); the spin-up year 2005 is left out
    assert table.loc[("no_park", "leopard_deaths_poaching"), "diff_median"] == 2.5
    # trips: replicate 0 +80 (150 + 30 vs 100), replicate 1 +10; arrests 0 and +2
    assert table.loc[("no_park", "poaching_trips"), "diff_median"] == 45.0
    assert table.loc[("no_park", "poacher_arrests"), "diff_median"] == 1.0
    assert table.loc[("historical", "poaching_trips"), "median"] == 90.0


def test_counterfactuals_with_fewer_replicates_use_only_the_paired_ones():
    """A counterfactual run on replicates 0-1 is compared with historical on 0-1 only."""
    counts = pd.DataFrame(
        {
            "year": [2024] * 5,
            "species": "leopard",
            "stage": "all_true",
            "count": [10, 20, 1000, 7, 15],
            "replicate": [0, 1, 2, 0, 1],
            "policy": ["historical"] * 3 + ["no_park"] * 2,
        }
    )
    deaths = pd.DataFrame(
        {
            "year": 2010,
            "species": "leopard",
            "cause": "poaching",
            "deaths": [1, 2, 50, 4, 4],
            "replicate": [0, 1, 2, 0, 1],
            "policy": ["historical"] * 3 + ["no_park"] * 2,
        }
    )
    table = counterfactual_table(counts, deaths).set_index(["policy", "quantity"])
    row = table.loc[("no_park", "leopards_in_park_at_end")]
    assert row["replicates"] == 2 and row["diff_median"] == -4.0
    assert table.loc[("no_park", "leopard_deaths_poaching"), "diff_median"] == 2.5
    assert table.loc[("historical", "leopards_in_park_at_end"), "replicates"] == 3


def test_counterfactual_cats_also_at_the_end_of_the_last_census_year():
    """A run that goes past 2023 reports the cats on 1 January 2024 besides those at its end."""
    counts = pd.DataFrame(
        {
            "year": [2024, 2025] * 4,
            "species": "leopard",
            "stage": "all_true",
            "count": [10, 11, 20, 25, 7, 12, 15, 30],
            "replicate": [0, 0, 1, 1] * 2,
            "policy": ["historical"] * 4 + ["no_hiring"] * 4,
        }
    )
    deaths = pd.DataFrame(columns=["year", "species", "cause", "deaths", "replicate", "policy"])
    table = counterfactual_table(counts, deaths).set_index(["policy", "quantity"])
    assert table.loc[("no_hiring", "leopards_in_park_2024_01_01"), "diff_median"] == -4.0
    assert table.loc[("no_hiring", "leopards_in_park_at_end"), "diff_median"] == 3.0
    assert table.loc[("historical", "leopards_in_park_2024_01_01"), "median"] == 15.0

"""Demography over 30 simulated years without poaching, against the configured life history.

One seeded run (cameras off, daily movement blocks) serves every test in this module.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import twin

pytestmark = pytest.mark.slow
YEARS = 30


@pytest.fixture(scope="module")
def decades():
    scenario = twin.load_scenario(
        [
            f"years={YEARS}",
            "seed=21",
            "survey.enabled=false",
            "ticks_per_step=96",
            "output.track_every_ticks=2880",
            "report.enabled=false",
            "policy=no_poaching",
        ]
    )
    return twin.simulate(scenario), scenario.species


def _litters(ind: pd.DataFrame, species: str) -> pd.DataFrame:
    born = ind[(ind["species"] == species) & (ind["mother_id"] >= 0) & (ind["birth_day"] >= 0)]
    return born.groupby(["mother_id", "birth_day"]).size().rename("size").reset_index()


def test_litter_sizes_match_configured_distribution(decades):
    """Litters hold 1-4 cubs and their mean is the configured mean (within 0.15)."""
    result, params = decades
    for species in ("leopard", "tiger"):
        litters = _litters(result.individuals, species)
        probs = np.array(params[species].demography.litter_size_probs)
        expected = (np.arange(1, len(probs) + 1) * probs).sum()
        assert len(litters) > 50
        assert litters["size"].between(1, len(probs)).all()
        assert abs(litters["size"].mean() - expected) < 0.15


def test_leopard_interbirth_interval_21_to_24_months(decades):
    """After a litter that reached independence, the next comes ~21-24 months later (mean)."""
    result, params = decades
    ind = result.individuals
    d = params["leopard"].demography
    litters = _litters(ind, "leopard").sort_values(["mother_id", "birth_day"])
    cubs = ind[ind["mother_id"] >= 0]
    end = result.metadata["days"]
    lived = np.where(cubs["death_day"] >= 0, cubs["death_day"], end) - cubs["birth_day"]
    raised = (
        cubs.assign(raised=lived >= d.independence_days)
        .groupby(["mother_id", "birth_day"])["raised"]
        .any()
    )
    litters["next_day"] = litters.groupby("mother_id")["birth_day"].shift(-1)
    litters = litters.dropna(subset=["next_day"])
    ok = raised.loc[list(zip(litters["mother_id"], litters["birth_day"], strict=True))].to_numpy()
    months = (litters["next_day"] - litters["birth_day"])[ok] / 30.44
    assert len(months) > 30
    assert 21.0 <= months.mean() <= 24.0


def test_adult_natural_survival_matches_config(decades):
    """Adult leopard females survive natural causes at ~0.90 a year (territorial holders)."""
    result, params = decades
    ind = result.individuals
    d = params["leopard"].demography
    f = ind[(ind["species"] == "leopard") & (ind["sex"] == "female")]
    end = result.metadata["days"]
    adult_from = f["birth_day"] + d.adult_age_years * 365.25
    old_from = f["birth_day"] + d.max_age_years * 365.25
    stop = np.minimum(np.where(f["death_day"] >= 0, f["death_day"], end), old_from)
    exposure_years = np.clip(stop - np.maximum(adult_from, 0), 0, None).sum() / 365.25
    died = (
        (f["death_cause"] == "natural")
        & (f["death_day"] >= adult_from)
        & (f["death_day"] < old_from)
    )
    survival = np.exp(-died.sum() / exposure_years)
    assert exposure_years > 500
    assert d.survival_adult[0] * d.floater_survival_factor < survival <= d.survival_adult[0] + 0.02
    assert survival > d.survival_adult[0] - 0.04


def _yearly(result, species: str) -> np.ndarray:
    pop = result.population
    total = pop[pop["species"] == species].groupby("day")["count"].sum()
    return total.iloc[::365].to_numpy().astype(float)


def test_leopards_level_off_without_poaching(decades):
    """Leopards grow, then territories fill: the last decade grows < half as fast, < 3%/yr."""
    yearly = _yearly(decades[0], "leopard")
    early = np.log(yearly[10] / yearly[0]) / 10
    late = np.log(yearly[YEARS] / yearly[YEARS - 10]) / 10
    assert early > 0.02
    assert late < 0.5 * early and late < 0.03, (early, late)


def test_tigers_do_not_grow_forever(decades):
    """Tigers stay bounded by their territories: under 5x the start, last decade under 5%/yr."""
    yearly = _yearly(decades[0], "tiger")
    assert yearly.max() < 5 * yearly[0]
    assert np.log(yearly[YEARS] / yearly[YEARS - 10]) / 10 < 0.05


def test_every_death_has_a_cause_and_tigers_kill_leopards(decades):
    """Deaths are natural, tiger or road here (no poaching); tigers kill some leopards."""
    ind = decades[0].individuals
    dead = ind[~ind["alive_at_end"]]
    assert set(dead["death_cause"]) <= {"natural", "tiger", "road"}
    kills = (dead["death_cause"] == "tiger") & (dead["species"] == "leopard")
    assert 0 < kills.sum() < 0.1 * len(dead[dead["species"] == "leopard"])

"""The hindcast scenario and app: composition, a tiny two-year hindcast, determinism."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from experiments.census import CENSUS
from experiments.counterfactuals import counterfactual_table
from experiments.hindcast import main
from experiments.hindcast_run import (
    ENFORCEMENT_COLUMNS,
    replicate_seeds,
    set_parameters,
    simulate,
)
from experiments.posterior import (
    EXTRA_PREFIXES,
    POSTERIOR,
    WEIGHTS,
    fixed_parameters,
    load_posterior,
    truncated_weights,
)
from twin.config.load import load_config
from twin.config.validate import run_settings
from twin.errors import TwinInputError

TINY = [
    "years=2",
    "start_date=2007-01-01",
    "landscape.park_area_km2=300",
    "landscape.resolution_m=500",
    "species.leopard.initial.adults=6",
    "species.leopard.initial.subadults=0",
    "species.leopard.initial.cubs=2",
    "species.tiger.initial.adults=2",
    "species.tiger.initial.subadults=0",
    "species.tiger.initial.cubs=0",
]


def test_scenario_composes_with_the_historical_policy():
    """+scenario=hindcast spins up from 2004-01-01 to 2025-01-01, cameras off, historical policy."""
    cfg = load_config(["+scenario=hindcast"])
    assert cfg.start_date == "2004-01-01"
    assert run_settings(cfg).days == (dt.date(2025, 1, 1) - dt.date(2004, 1, 1)).days
    assert not cfg.survey.enabled
    assert cfg.policy.name == "historical"
    assert cfg.species.leopard.initial.adults + cfg.species.leopard.initial.cubs >= 25


def test_set_parameters_writes_nested_and_list_keys():
    """Calibrated values land in the policy, pool size as a whole number."""
    cfg = load_config(["+scenario=hindcast"])
    set_parameters(cfg, {"policy.poachers.pool_size": 41.7, "policy.timeline.0.gain_krub": 12.5})
    assert cfg.policy.poachers.pool_size == 42
    assert cfg.policy.timeline[0].gain_krub == 12.5


def test_replicate_seeds_are_distinct_and_reproducible():
    """Same root seed, same run seeds; replicates differ."""
    assert replicate_seeds(3, 5) == replicate_seeds(3, 5)
    assert len(set(replicate_seeds(3, 5))) == 5


@pytest.mark.slow
def test_tiny_hindcast_writes_census_comparison(tmp_path):
    """A 2-replicate, 2-year hindcast (from 2007) writes census_comparison.csv with the right
    columns; a rerun reads the runs back."""
    main(
        [
            "--replicates",
            "2",
            "--parameters",
            "fixed",
            "--policies",
            "historical",
            "--out",
            str(tmp_path),
            *TINY,
        ]
    )
    table = pd.read_csv(tmp_path / "census_comparison.csv")
    assert list(table.columns) == ["year", "species", "stage", "census", "median", "lo90", "hi90"]
    assert set(table["stage"]) == {"adult", "cub"}  # the stages: no "all" figure
    assert len(table) == len(CENSUS)  # one row per census figure
    first = table[(table["year"] == 2007) & (table["species"] == "leopard")].iloc[0]
    assert first["stage"] == "adult" and first["median"] == 6  # every initial adult is in the
    # small park on day 0; its cubs are not adults
    assert (tmp_path / "fan_chart.html").stat().st_size > 1_000_000  # plotly.js embedded
    runs = sorted(p.name for p in (tmp_path / "runs").iterdir())
    assert len(runs) == 8 and all(r.startswith("historical_") for r in runs)  # 4 tables a run
    enforcement = pd.read_csv(tmp_path / "enforcement.csv")
    assert list(enforcement.columns) == [*ENFORCEMENT_COLUMNS, "replicate", "policy"]
    assert set(enforcement["year"]) == {2007, 2008} and (enforcement["trips"] > 0).all()
    before = (tmp_path / "census_comparison.csv").read_bytes()
    (tmp_path / "census_comparison.csv").unlink()
    stamp = [p.stat().st_mtime_ns for p in sorted((tmp_path / "runs").iterdir())]
    main(["--replicates", "2", "--parameters", "fixed", "--policies", "historical"]
         + ["--out", str(tmp_path), *TINY])  # fmt: skip
    assert (tmp_path / "census_comparison.csv").read_bytes() == before  # read back, not rerun
    assert [p.stat().st_mtime_ns for p in sorted((tmp_path / "runs").iterdir())] == stamp
    # a run stored without one of its tables (e.g. by an older version) is rerun, same result
    next((tmp_path / "runs").glob("*.enforcement.parquet")).unlink()
    main(["--replicates", "2", "--parameters", "fixed", "--policies", "historical"]
         + ["--out", str(tmp_path), *TINY])  # fmt: skip
    assert len(list((tmp_path / "runs").iterdir())) == 8
    assert (tmp_path / "census_comparison.csv").read_bytes() == before
    assert pd.read_csv(tmp_path / "enforcement.csv").equals(enforcement)


@pytest.mark.slow
def test_simulate_is_deterministic():
    """Same config and seed, same counts and deaths."""
    cfg = load_config(["+scenario=hindcast", *TINY[1:], "years=0.5", "seed=4"])
    a, b = simulate(cfg), simulate(cfg)
    pd.testing.assert_frame_equal(a.counts, b.counts)
    pd.testing.assert_frame_equal(a.deaths, b.deaths)
    pd.testing.assert_frame_equal(a.figures, b.figures)
    pd.testing.assert_frame_equal(a.enforcement, b.enforcement)
    assert set(a.counts["year"]) == {2007}


def test_load_posterior_resamples_only_accepted_sets(tmp_path):
    """Posterior draws come from accepted rows and keep only the policy columns."""
    path = tmp_path / "abc.csv"
    pd.DataFrame(
        {
            "run_seed": [1, 2, 3],
            "policy.kills.snare_catch_prob": [0.1, 0.2, 0.3],
            "distance": [0.1, 0.9, 0.2],
            "accepted": [True, False, True],
        }
    ).to_csv(path, index=False)
    draws = load_posterior(path, 50, seed=0)
    assert list(draws.columns) == ["policy.kills.snare_catch_prob"]
    assert set(draws["policy.kills.snare_catch_prob"]) == {0.1, 0.3}


def test_truncated_weights_cap_the_dominant_set(tmp_path):
    """One set with most of the raw weight is capped at mean x sqrt(n); raw mode keeps it."""
    raw = np.array([30.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5])
    w = truncated_weights(raw)
    assert w.sum() == pytest.approx(1.0)
    assert w[0] == pytest.approx(raw.mean() * 3 / (raw.mean() * 3 + raw[1:].sum()))
    assert 1 / np.sum(w**2) > 1.4 / np.sum((raw / raw.sum()) ** 2)  # effective sample size
    np.testing.assert_allclose(truncated_weights(np.ones(4)), 0.25)
    path = tmp_path / "abc.csv"
    pd.DataFrame(
        {
            "policy.kills.snare_catch_prob": np.arange(len(raw)) / 10,
            "generation": 1,
            "weight": raw,
            "accepted": True,
        }
    ).to_csv(path, index=False)
    share = {
        mode: (load_posterior(path, 4000, seed=1, weights=mode).iloc[:, 0] == 0).mean()
        for mode in WEIGHTS
    }
    assert share["raw"] == pytest.approx(raw[0] / raw.sum(), abs=0.03)
    assert share["truncated"] == pytest.approx(w[0], abs=0.03)
    with pytest.raises(TwinInputError, match="weights='even' is not allowed"):
        load_posterior(path, 4, seed=1, weights="even")


def test_fixed_parameters_are_the_medians_the_config_cannot_hold(tmp_path):
    """Fixed mode takes the medians of the non-config keys and of the timeline entries only;
    the scenario's config holds the others; no summary, no extra keys."""
    path = tmp_path / "posterior.json"
    keys = {
        "policy.kills.snare_catch_prob": 0.04,
        "policy.timeline.0.gain_krub": 14.5,
        "census.cub_detection": 0.58,
        "recolonisation.tiger_immigrants_per_year": 10.8,
    }
    summary = {"parameters": {k: {"median": v, "lo90": v, "hi90": v} for k, v in keys.items()}}
    path.write_text(json.dumps(summary))
    fixed = fixed_parameters(path, 3)
    assert len(fixed) == 3
    assert fixed.iloc[0].to_dict() == {
        k: v for k, v in keys.items() if k != "policy.kills.snare_catch_prob"
    }
    assert fixed_parameters(tmp_path / "missing.json", 2).shape == (2, 0)


def test_scenario_holds_the_current_posterior_medians():
    """conf/scenario/hindcast.yaml carries the medians of the calibration the hindcast reads
    (within the yaml's rounding; whole numbers for pool sizes and initial counts)."""
    summary = json.loads((POSTERIOR / "hindcast_posterior.json").read_text())
    cfg = load_config(["+scenario=hindcast"])
    checked = 0
    for key, stats in summary["parameters"].items():
        if key.startswith(EXTRA_PREFIXES) or ".timeline." in key:
            continue  # not run-config keys: hindcast.py sets them (fixed_parameters)
        node = cfg
        for part in key.split("."):
            node = node[part]
        if key.endswith("pool_size") or ".initial." in key:
            assert node == round(stats["median"]), key
        else:
            assert node == pytest.approx(stats["median"], rel=0.006), key
        checked += 1
    assert checked == 19


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


def test_census_area_is_the_park_and_a_4_km_buffer():
    """On the synthetic park the census area is ~3,520 km2 (monitored complex ~3,600 km2)."""
    from experiments.census import census_area
    from twin.landscape.build import build_landscape

    land = build_landscape(load_config([]).landscape)
    area = census_area(land)
    km2 = area.sum() * land.resolution_m**2 / 1e6
    assert 3300 < km2 < 3800
    assert area[land.layers["park"] & ~land.layers["water"]].all()


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["replicates=0"], "replicates=0"),
        (["--policies", "nope"], "policy/nope"),
        (["species.leopard.initial.adults=-3"], "species.leopard.initial.adults"),
        (["replicates=2", "counterfactual_replicates=5"], "counterfactual_replicates=5"),
        (["--calibration", "/nonexistent"], "calibration=/nonexistent: no hindcast_abc.csv"),
    ],
)
def test_bad_input_exits_2_naming_it_before_any_run(argv, named, tmp_path, capsys):
    """Bad options, policy names and config values stop the app with one message, nothing run."""
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--out", str(tmp_path / "out")])
    assert stop.value.code == 2
    assert named in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_options_also_read_as_name_value():
    """``replicates=100`` is ``--replicates 100``; other ``key=value`` are config overrides."""
    from experiments.hindcast import _parse

    args = _parse(["replicates=7", "seed=3", "years=2", "--workers", "2"])
    assert (args.replicates, args.seed, args.workers) == (7, 3, 2)
    assert args.overrides == ["years=2"]


def test_overrides_after_the_policy_list_stay_overrides():
    """``--policies historical years=14`` runs the historical policy with ``years=14``."""
    from experiments.hindcast import _parse

    args = _parse(["--policies", "historical", "years=14", "--workers", "2", "seed=4"])
    assert args.seed == 4
    assert args.policies == ["historical"] and args.workers == 2
    assert args.overrides == ["years=14"]
    with pytest.raises(SystemExit):
        _parse(["--policies", "years=14"])


def test_recolonisation_switches_the_tiger_arrival_rate_on_its_date():
    """Before the date the species' rate holds; from it on, the recolonisation rate."""
    from experiments.hindcast_run import Recolonisation
    from tests.landscapes import flat_landscape
    from tests.threats.helpers import small_params
    from twin.population.model import ParkModel
    from twin.taxa import TIGER

    model = ParkModel(flat_landscape(), small_params(), seed=1)
    hook = Recolonisation(model, dt.date(2012, 12, 22), 12.0)
    assert model.immigrants_per_year[TIGER] == 0.0
    hook(9)
    assert model.immigrants_per_year[TIGER] == 0.0
    hook(10)  # 2013-01-01
    assert model.immigrants_per_year[TIGER] == 12.0
    Recolonisation(model, dt.date(2014, 1, 1), 5.0)  # started after the date: at once
    assert model.immigrants_per_year[TIGER] == 5.0


def test_emigrants_are_not_counted_as_deaths():
    """The hindcast's deaths table leaves out the cats that emigrated (they left alive)."""
    from experiments.hindcast_run import _deaths
    from tests.landscapes import flat_landscape
    from tests.threats.helpers import small_params
    from twin.population.model import ParkModel
    from twin.population.state import EMIGRATED, NATURAL

    model = ParkModel(flat_landscape(), small_params(), seed=1)
    rows = model.state.living()[:3]
    model.agent_of(rows[0]).die(NATURAL)
    model.agent_of(rows[1]).die(EMIGRATED)
    model.agent_of(rows[2]).die(EMIGRATED)
    table = _deaths(model, dt.date(2007, 1, 1))
    assert table["deaths"].sum() == 1 and set(table["cause"]) == {"natural"}


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

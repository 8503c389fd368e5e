"""The hindcast command line (experiments/hindcast.py) and the scenario it runs: composition,
the current calibration's medians, a tiny two-year hindcast, bad input."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from experiments.hindcast import CURRENT, _parse, main
from tests.calibration.test_hindcast import TINY
from twin.calibration import CENSUS, hindcast_scenario
from twin.calibration.census import COMPARISON_COLUMNS
from twin.calibration.hindcast import ENFORCEMENT_COLUMNS, EXTRA_PREFIXES


def test_scenario_composes_with_the_historical_policy():
    """+scenario=hindcast spins up from 2004-01-01 to 2025-01-01, cameras off, historical policy."""
    scenario = hindcast_scenario()
    cfg = scenario.to_dict()
    assert scenario.start_date == dt.date(2004, 1, 1)
    assert scenario.days == (dt.date(2025, 1, 1) - dt.date(2004, 1, 1)).days
    assert not cfg["survey"]["enabled"]
    assert cfg["policy"]["name"] == "historical"
    leopard = cfg["species"]["leopard"]["initial"]
    assert leopard["adults"] + leopard["cubs"] >= 25


def test_scenario_holds_the_current_posterior_medians():
    """conf/scenario/hindcast.yaml carries the medians of the calibration the hindcast reads
    (within the yaml's rounding, rel 0.006; whole numbers for pool sizes and initial counts)."""
    summary = json.loads((CURRENT / "hindcast_posterior.json").read_text())
    cfg = hindcast_scenario().to_dict()
    checked = 0
    for key, stats in summary["parameters"].items():
        if key.startswith(EXTRA_PREFIXES) or ".timeline." in key:
            continue  # not scenario keys: the hindcast run sets them (fixed_parameters)
        node = cfg
        for part in key.split("."):
            node = node[part]
        if key.endswith("pool_size") or ".initial." in key:
            assert node == round(stats["median"]), key
        else:
            assert node == pytest.approx(stats["median"], rel=0.006), key
        checked += 1
    assert checked == 19


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
    assert list(table.columns) == list(COMPARISON_COLUMNS)
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
    args = _parse(["replicates=7", "seed=3", "years=2", "--workers", "2"])
    assert (args.replicates, args.seed, args.workers) == (7, 3, 2)
    assert args.overrides == ["years=2"]


def test_overrides_after_the_policy_list_stay_overrides():
    """``--policies historical years=14`` runs the historical policy with ``years=14``."""
    args = _parse(["--policies", "historical", "years=14", "--workers", "2", "seed=4"])
    assert args.seed == 4
    assert args.policies == ["historical"] and args.workers == 2
    assert args.overrides == ["years=14"]
    with pytest.raises(SystemExit):
        _parse(["--policies", "years=14"])

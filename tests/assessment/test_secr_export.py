"""The run folder's secr/ files hold what the estimates fit: twin-estimate on them agrees."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import twin
from twin.cli.estimate import main as twin_estimate

pytestmark = pytest.mark.slow
SHORT = ["years=0.1", "report.enabled=false", "progress=false"]
PER_HA_TO_PER_100KM2 = 1e4
"""secr reports density per hectare; estimates.csv per 100 km2."""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    result = twin.simulate(twin.load_scenario(SHORT), seed=3)
    return result, result.write(tmp_path_factory.mktemp("secr-export") / "run")


@pytest.mark.parametrize("species", ["leopard", "tiger"])
def test_twin_estimate_on_the_secr_files_gives_the_scr_density(run, species, capsys):
    """twin-estimate on secr/<species>_{captures,traps,mask}.csv fits the estimates' history,
    effort and mask: it gives estimates.csv's SCR density."""
    result, run_folder = run
    secr = run_folder / "secr"
    args = [f"--{k}={secr / f'{species}_{k}s.csv'}" for k in ("capture", "trap")]
    status = twin_estimate([*args, f"--mask={secr / f'{species}_mask.csv'}", "--json"])
    assert status == 0
    fitted = json.loads(capsys.readouterr().out)
    estimates = pd.read_csv(run_folder / "estimates.csv")
    scr = estimates[
        (estimates["estimator"] == "SCR")
        & (estimates["parameter"] == "density")
        & (estimates["species"] == species)
    ]
    expected = float(scr["estimate"].iloc[0])
    got = fitted["D"]["est"] * PER_HA_TO_PER_100KM2
    assert got == pytest.approx(expected, rel=1e-6)
    assert fitted["n_individuals"] == int(scr["n"].iloc[0])


def test_secr_files_cover_the_estimation_window(run):
    """The traps file has one usage value per occasion of the window (not of the whole run)."""
    run_folder = run[1]
    estimates = pd.read_csv(run_folder / "estimates.csv")
    days = int(estimates["window_end_day"].iloc[0] - estimates["window_start_day"].iloc[0])
    occasions = -(-days // 7)
    traps = pd.read_csv(run_folder / "secr" / "leopard_traps.csv")
    assert {len(u.split()) for u in traps["usage"]} == {occasions}


def test_estimates_name_their_truth(run):
    """Every estimate of estimates.csv says in words what its truth is."""
    run_folder = run[1]
    estimates = pd.read_csv(run_folder / "estimates.csv", keep_default_na=False)
    made = estimates[estimates["parameter"] != ""]
    assert (made["truth_definition"].str.len() > 20).all()
    scr = made[(made["estimator"] == "SCR") & (made["species"] == "leopard")].set_index(
        "parameter"
    )["truth_definition"]
    assert "mask" in scr["density"] and "park" in scr["N"]

"""The hindcast calibration (twin.calibration.calibrate) on a fast fake model: priors, summaries
over runs, resuming a folder, proposals by generation and the posterior summary."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import twin.calibration.calibrate as cal
from twin.calibration.abc import Prior, draw_parameters, score, set_streams
from twin.calibration.calibrate import Search, Settings, run_calibration
from twin.calibration.posterior import posterior_summary
from twin.calibration.priors import PRIORS, observed_summaries
from twin.errors import TwinInputError

CURRENT = Path(__file__).resolve().parents[2] / "experiments" / "calibration" / "current"


def test_priors_draw_in_range_and_reject_unknown_kinds():
    """Beta draws lie in (0, 1), uniform pool sizes in 20-150; an unknown kind is refused."""
    draws = draw_parameters(PRIORS, seed=1, n=200)
    pools = [p["policy.poachers.pool_size"] for _, p in draws]
    snares = [p["policy.kills.snare_catch_prob"] for _, p in draws]
    assert 20 <= min(pools) and max(pools) <= 150
    assert 0 < min(snares) and max(snares) < 1
    with pytest.raises(TwinInputError, match="kind='gamma'"):
        Prior("gamma", 1.0, 1.0).draw(np.random.default_rng(0))


def test_posterior_summary_reports_the_accepted_sets():
    """The summary counts simulations and accepted sets and gives the largest accepted distance."""
    jobs = draw_parameters({k: PRIORS[k] for k in PRIORS}, seed=3, n=10)
    rows = [{"set_key": s, **p, "sim_x": 1.0} for s, p in jobs]
    table = pd.DataFrame(rows).assign(distance=np.arange(10.0), accepted=np.arange(10) < 3)
    summary = posterior_summary(table, PRIORS, {"seed": 3})
    assert (summary["simulations"], summary["accepted"], summary["tolerance"]) == (10, 3, 2.0)
    assert isinstance(summary["parameters"], dict) and set(summary["parameters"]) == set(PRIORS)
    assert summary["effective_sample_size"] == pytest.approx(3.0)  # equal weights
    weighted = table.assign(weight=[4.0, 1.0, 1.0, *[1.0] * 7])
    ess = posterior_summary(weighted, PRIORS, {})["effective_sample_size"]
    assert ess == pytest.approx(36 / 18)


def test_observed_summaries_exclude_held_out_figures():
    """The 2023 census and zero-weight figures are not used by the calibration."""
    obs = observed_summaries()
    assert obs["year"].max() <= 2017
    assert (obs["weight"] > 0).all()


def test_summaries_average_over_runs_seeded_by_the_sets_runs_stream(monkeypatch):
    """A set's K runs are seeded by the K children of its ``runs`` stream, passed as they are
    (SeedSequences, never integers), and its summaries are their mean."""
    k = len(observed_summaries())
    seen = []

    def fake(seed, params):
        seen.append(seed)
        return [float(seed.spawn_key[-1])] * k

    monkeypatch.setattr(cal, "_run_summaries", fake)
    assert cal.set_summaries("7/0/2", {}) == [0.0] * k
    assert cal.set_summaries("7/0/2", {}, runs=3) == pytest.approx([1.0] * k)  # mean of 0, 1, 2
    children = set_streams("7/0/2")["runs"].spawn(3)
    assert all(isinstance(s, np.random.SeedSequence) for s in seen)
    assert [(s.entropy, s.spawn_key) for s in seen] == [
        (c.entropy, c.spawn_key) for c in children[:1] + children
    ]
    row = cal.simulate_set(("7/0/2", {"x": 1.0}), runs=3)
    assert row["runs"] == 3 and row["set_key"] == "7/0/2"
    assert "runs" not in cal.simulate_set(("7/0/2", {"x": 1.0}))


def _runs_header(tmp_path, averaged):
    """A runs table with every prior and summary column (and ``runs`` if averaged), no rows."""
    cols = ["set_key", *PRIORS, *cal.summary_names(), *(["runs"] if averaged else [])]
    pd.DataFrame(columns=cols).to_csv(tmp_path / "hindcast_abc_runs.csv", index=False)


@pytest.mark.parametrize("averaged,runs", [(False, 3), (True, 1)])
def test_resume_refuses_a_different_runs_per_set(tmp_path, averaged, runs):
    """A runs table of single runs is not resumed with averaged runs, nor the other way; fewer
    than one run per set is refused."""
    _runs_header(tmp_path, averaged)
    with pytest.raises(TwinInputError, match=f"--runs-per-set={runs} does not match"):
        run_calibration(tmp_path, Settings(1, runs), Search(simulations=1))
    with pytest.raises(TwinInputError, match="--runs-per-set=0 is not allowed"):
        run_calibration(tmp_path, Settings(1, 0), Search(simulations=1))


def test_resume_refuses_other_settings_and_a_missing_start(tmp_path):
    """A calibration folder is resumed only with the seed, runs per set and start it began with;
    start_from must name a folder with an ABC table."""
    _runs_header(tmp_path, False)
    (tmp_path / "hindcast_abc_settings.json").write_text(
        '{"seed": 1, "runs_per_set": 1, "start_from": null}\n'
    )
    with pytest.raises(TwinInputError, match="resume it with the same"):
        run_calibration(tmp_path, Settings(2), Search(simulations=1))
    with pytest.raises(TwinInputError, match="no hindcast_abc.csv"):
        run_calibration(tmp_path, Settings(1, 1, str(tmp_path / "nowhere")), Search(simulations=1))


def test_proposal_changes_between_generations_but_not_within_one(tmp_path, monkeypatch):
    """On a fast fake model: proposal ``equal`` weights a generation's kernel components
    equally (recorded per row and in the summary); a begun generation is finished only with the
    proposal it began with."""
    k = len(observed_summaries())
    fake = lambda seed, p: [p["species.leopard.initial.adults"]] * k  # noqa: E731
    monkeypatch.setattr(cal, "_run_summaries", fake)

    def run(generations, proposal="weighted"):
        search = Search(6, generations, accept_quantile=0.5, proposal=proposal)
        return run_calibration(tmp_path, Settings(1), search)

    run(2)
    csv = tmp_path / "hindcast_abc_runs.csv"
    runs = pd.read_csv(csv)
    assert set(runs[runs["generation"] == 1]["proposal"]) == {"weighted"}
    runs.iloc[:-2].to_csv(csv, index=False)  # generation 1 interrupted
    with pytest.raises(TwinInputError, match="--proposal weighted"):
        run(2, "equal")
    run(2)  # finished as begun
    run(3, "equal")
    runs = pd.read_csv(csv)
    assert len(runs) == 18 and set(runs[runs["generation"] == 2]["proposal"]) == {"equal"}
    summary = json.loads((tmp_path / "hindcast_posterior.json").read_text())
    assert summary["proposals"] == {"0": "priors", "1": "weighted", "2": "equal"}


def test_score_matches_the_summaries_to_the_census_by_name():
    """Columns in another order score the same; a table without a census figure is refused."""
    obs = observed_summaries()
    names = [f"sim_{y}_{s}_{g}" for y, s, g in obs[["year", "species", "stage"]].values]
    table = pd.DataFrame([dict(zip(names, obs["census"] * f, strict=True)) for f in (1.0, 1.5)])
    a = score(table, obs, None, 0.5)
    b = score(table[names[::-1]], obs, None, 0.5)
    assert a["distance"].tolist() == b["distance"].tolist() and a["distance"][0] == 0.0
    with pytest.raises(TwinInputError, match=names[-1]):
        score(table.drop(columns=names[-1]), obs, None, 0.5)


def test_calibration_refuses_to_resume_a_table_of_other_priors(tmp_path):
    """A runs table without a prior's column (run before it was added) gets a clear error."""
    pd.DataFrame({"set_key": ["1/0/0"], "policy.poachers.pool_size": [50.0]}).to_csv(
        tmp_path / "hindcast_abc_runs.csv", index=False
    )
    with pytest.raises(TwinInputError, match="census.tiger_cub_detection"):
        run_calibration(tmp_path, Settings(1), Search(simulations=2))


def test_calibration_refuses_to_resume_a_table_of_integer_run_seeds(tmp_path):
    """A runs table whose sets are named by integer run seeds (the earlier scheme) is not
    resumed: its sets would not be drawn again."""
    cols = ["run_seed", *PRIORS, *cal.summary_names()]
    pd.DataFrame(columns=cols).to_csv(tmp_path / "hindcast_abc_runs.csv", index=False)
    with pytest.raises(TwinInputError, match="integer run_seed"):
        run_calibration(tmp_path, Settings(1), Search(simulations=2))


def test_a_new_calibration_starts_from_the_committed_one(tmp_path, monkeypatch):
    """The committed calibration (sets named by integer run seeds) is read as data: a new one
    starts from its accepted sets and names its own by set keys."""
    k = len(observed_summaries())
    fake = lambda seed, p: [p["species.leopard.initial.adults"]] * k  # noqa: E731
    monkeypatch.setattr(cal, "_run_summaries", fake)
    run_calibration(tmp_path, Settings(3, start_from=str(CURRENT)), Search(simulations=4))
    table = pd.read_csv(tmp_path / "hindcast_abc.csv")
    assert table["set_key"].tolist() == [f"3/0/{i}" for i in range(4)]
    assert "run_seed" not in table and set(table["proposal"]) == {"weighted"}

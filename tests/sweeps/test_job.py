"""One sweep job: its SeedSequence passed to the run, complete rows skipped, failures recorded."""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pandas as pd
import pytest

import twin
from twin.cli.sweep_app import job_config
from twin.errors import TwinInputError
from twin.results import RunResult
from twin.sweeps.job import make_jobs, run_job, twin_scenario
from twin.sweeps.seeds import parameter_hash, replicate_seed, seed_entropy
from twin.sweeps.store import MARKER_FILE, StoredRow, is_complete, read_row

PARAMETERS = {"layout.spacing_m": 4000, "replicate": 2}


def _job(config, folder, parameters=PARAMETERS):
    (job,) = make_jobs(config, folder, parameters)
    return job


def _config(on_error: str = "raise", **sweep):
    return {
        "seed": 1,
        "years": 0.1,
        "layout": {"spacing_m": 4000},
        "replicate": 2,
        "sweep": {"seed": 7, "on_error": on_error, **sweep},
    }


def _row(folder) -> StoredRow:
    row = read_row(folder)
    assert row is not None
    return row


@cache
def _scenario() -> twin.Scenario:
    return twin.load_scenario()


def _result(estimate: float = 1.5) -> RunResult:
    estimates = pd.DataFrame(
        [
            {
                "window_start_day": 3,
                "window_end_day": 30,
                "estimator": "Mh Chao",
                "species": "leopard",
                "parameter": "N",
                "estimate": estimate,
                "se": 0.5,
                "lcl": 1.0,
                "ucl": 3.0,
                "truth": 2.0,
                "covered": True,
                "relative_error": estimate / 2 - 1,
            }
        ]
    )
    empty = pd.DataFrame()
    return RunResult(
        scenario=_scenario(),
        population=empty,
        individuals=empty,
        tracks=empty,
        deaths=empty,
        metadata={"survey": {"enabled": False}},
        estimates=estimates,
        timings={"total_seconds": 0.1},
    )


class Recorder:
    """A stand-in for twin.simulate that remembers the configs and seeds it was given."""

    def __init__(self, fail: BaseException | None = None) -> None:
        self.configs: list[dict] = []
        self.seeds: list[np.random.SeedSequence] = []
        self.fail = fail

    def __call__(self, config, seed):
        self.configs.append(config)
        self.seeds.append(seed)
        if self.fail is not None:
            raise self.fail
        return _result()

    @property
    def entropies(self) -> list[str]:
        return [seed_entropy(s) for s in self.seeds]


def test_run_gets_the_seed_sequence_of_sweep_seed_and_parameters(tmp_path):
    """The run is given SeedSequence([sweep seed, parameter hash]) itself, not an integer."""
    job = _job(_config(), tmp_path)
    expected = replicate_seed(7, PARAMETERS)
    sim = Recorder()
    assert run_job(_config(), job, sim) == "done"
    (seed,) = sim.seeds
    assert isinstance(seed, np.random.SeedSequence) and seed.entropy == expected.entropy


def test_row_identifies_the_seed_reproducibly(tmp_path):
    """The row's seed_entropy rebuilds the run's seed; parameters_sha256 hashes its parameters."""
    sim = Recorder()
    run_job(_config(), _job(_config(), tmp_path), sim)
    row = _row(tmp_path)
    rebuilt = np.random.SeedSequence(json.loads(row.seed_entropy))
    assert (rebuilt.generate_state(4) == sim.seeds[0].generate_state(4)).all()
    assert row.parameters_sha256 == parameter_hash(PARAMETERS) and row.sweep_seed == 7


def test_row_holds_parameters_estimates_and_timings(tmp_path):
    """The row has the wide estimate columns and *_seconds timings."""
    run_job(_config(), _job(_config(), tmp_path), Recorder())
    row = _row(tmp_path)
    assert row.parameters == PARAMETERS
    assert row.values["mh_chao_leopard_n_estimate"] == 1.5
    assert row.values["mh_chao_leopard_n_covered"] is True
    assert row.values["window_days"] == 27
    assert set(row.timings) == {"total_seconds", "job_seconds"}


def test_complete_job_is_skipped_without_simulating(tmp_path):
    """A second run of a complete job does not simulate and leaves the row untouched."""
    job = _job(_config(), tmp_path)
    run_job(_config(), job, Recorder())
    before = (tmp_path / MARKER_FILE).stat().st_mtime_ns
    sim = Recorder()
    assert run_job(_config(), job, sim) == "skipped"
    assert sim.seeds == [] and (tmp_path / MARKER_FILE).stat().st_mtime_ns == before


def test_complete_run_of_another_config_raises_keeps_or_reruns(tmp_path):
    """A row made with another config: an error by default, kept or redone on request."""
    run_job(_config(), _job(_config(), tmp_path), Recorder())
    other = {**_config(), "years": 0.2}
    with pytest.raises(TwinInputError, match="another config"):
        run_job(other, _job(other, tmp_path), Recorder())
    other["sweep"]["on_config_change"] = "keep"
    assert run_job(other, _job(other, tmp_path), Recorder()) == "skipped"
    other["sweep"]["on_config_change"] = "rerun"
    job = _job(other, tmp_path)
    assert run_job(other, job, Recorder()) == "done"
    assert _row(tmp_path).config_sha256 == job.config_sha256


def test_complete_run_of_another_sweep_seed_is_an_error(tmp_path):
    """A folder holding a run of another sweep seed is never reused, even with keep."""
    run_job(_config(), _job(_config(), tmp_path), Recorder())
    other = _config(seed=8, on_config_change="keep")
    with pytest.raises(TwinInputError, match="another sweep"):
        run_job(other, _job(other, tmp_path), Recorder())


def test_complete_run_of_other_parameters_is_an_error(tmp_path):
    """A folder holding a run seeded from other parameters is never reused."""
    run_job(_config(), _job(_config(), tmp_path), Recorder())
    job = _job(_config(on_config_change="keep"), tmp_path, {**PARAMETERS, "replicate": 3})
    with pytest.raises(TwinInputError, match="another sweep"):
        run_job(_config(), job, Recorder())


def test_failure_is_recorded_or_raised(tmp_path):
    """on_error=record writes a complete row with the error; raise leaves nothing complete."""
    job = _job(_config("record"), tmp_path / "r")
    assert run_job(_config("record"), job, Recorder(ValueError("boom"))) == "failed"
    assert _row(tmp_path / "r").error == "ValueError: boom"
    job = _job(_config(), tmp_path / "x")
    with pytest.raises(ValueError):
        run_job(_config(), job, Recorder(ValueError("boom")))
    assert not is_complete(tmp_path / "x")


def test_interrupted_run_leaves_nothing_complete(tmp_path):
    """A run interrupted inside the simulation (even with on_error=record) writes no marker."""
    job = _job(_config("record"), tmp_path)
    with pytest.raises(KeyboardInterrupt):
        run_job(_config("record"), job, Recorder(KeyboardInterrupt()))
    assert not is_complete(tmp_path)


def test_seed_parameter_and_bad_sweep_settings_are_rejected(tmp_path):
    """A sweep derives seeds (a seed parameter is refused); on_error and on_config_change are
    checked."""
    with pytest.raises(TwinInputError, match="sweep.seed"):
        _job(_config(), tmp_path, {**PARAMETERS, "seed": 3})
    with pytest.raises(TwinInputError, match="sweep.on_error"):
        _job(_config("ignore"), tmp_path)
    with pytest.raises(TwinInputError, match="sweep.on_config_change"):
        _job(_config(on_config_change="ignore"), tmp_path)


def test_parameters_are_canonical_and_sorted(tmp_path):
    """4000.0 and 4000, in any key order, make the same job."""
    a = _job(_config(), tmp_path, {"replicate": 2, "layout.spacing_m": 4000.0})
    b = _job(_config(), tmp_path)
    assert list(a.parameters) == ["layout.spacing_m", "replicate"]
    assert (a.parameters, a.seed_entropy) == (b.parameters, b.seed_entropy)


def test_batched_replicates_keep_their_own_seeds_and_folders(tmp_path):
    """A job of k replicates runs each with the seed and row it would have had alone."""
    config = _config(replicates_per_job=3)
    jobs = make_jobs(config, tmp_path, {"layout.spacing_m": 4000, "replicate": 3})
    assert [j.folder.name for j in jobs] == ["replicate=3", "replicate=4", "replicate=5"]
    alone = _job({**_config(), "replicate": 4}, tmp_path / "alone", {**PARAMETERS, "replicate": 4})
    assert (jobs[1].seed_entropy, jobs[1].config_sha256) == (
        alone.seed_entropy,
        alone.config_sha256,
    )
    sim = Recorder()
    for job in jobs:
        run_job(config, job, sim)
    assert [c["replicate"] for c in sim.configs] == [3, 4, 5] and config["replicate"] == 2
    assert sim.entropies == [j.seed_entropy for j in jobs]
    with pytest.raises(TwinInputError, match="multiple of sweep.replicates_per_job"):
        make_jobs(config, tmp_path, {"replicate": 4})


def test_job_row_values_can_be_chosen(tmp_path):
    """``values`` replaces the default survey/estimate columns of the row (timings kept)."""
    job = _job(_config(), tmp_path)
    assert run_job(_config(), job, Recorder(), lambda result: {"trips": 12}) == "done"
    row = _row(tmp_path)
    assert row.values == {"trips": 12}
    assert "total_seconds" in row.timings and "job_seconds" in row.timings


def test_scenario_takes_the_twin_keys_of_a_job_config():
    """Seed, sweep, replicate and study keys stay out of the scenario; the twin's keys go in."""
    twin_keys = job_config(twin.load_config(["years=0.1"]))
    del twin_keys["seed"]
    config = {
        **twin_keys,
        "seed": 3,
        "replicate": 2,
        "sweep": {"seed": 7},
        "study": {"penalty_scale": 2},
    }
    scenario = twin_scenario(config)
    assert (
        scenario.run.years == 0.1
        and scenario.to_dict() == twin.Scenario.from_mapping(twin_keys).to_dict()
    )
    with pytest.raises(TwinInputError, match="replicate"):
        twin.Scenario.from_mapping(config)

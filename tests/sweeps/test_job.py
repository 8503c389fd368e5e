"""One sweep job: seeds set before the run, complete rows skipped, failures recorded or raised."""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest
from omegaconf import OmegaConf

import twin
from twin.errors import TwinInputError
from twin.results import RunResult
from twin.sweeps.job import make_jobs, run_job, twin_scenario
from twin.sweeps.seeds import parameters_from_overrides, replicate_seed
from twin.sweeps.store import MARKER_FILE, is_complete, read_row

OVERRIDES = ["layout.spacing_m=4000", "replicate=2", "sweep.seed=7"]


def _job(cfg, folder, overrides):
    (job,) = make_jobs(cfg, folder, overrides)
    return job


def _cfg(on_error: str = "raise"):
    return OmegaConf.create(
        {
            "seed": 1,
            "years": 0.1,
            "layout": {"spacing_m": 4000},
            "replicate": 2,
            "sweep": {"seed": 7, "on_error": on_error},
        }
    )


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
    """A stand-in for twin.simulate that remembers the seeds it was given."""

    def __init__(self, fail: BaseException | None = None) -> None:
        self.seeds: list[int] = []
        self.fail = fail

    def __call__(self, cfg):
        self.seeds.append(cfg.seed)
        if self.fail is not None:
            raise self.fail
        return _result()


def test_job_derives_its_seed_from_sweep_seed_and_parameters(tmp_path):
    """The run sees the derived seed; sweep.* overrides are not parameters."""
    job = _job(_cfg(), tmp_path, OVERRIDES)
    assert job.parameters == {"layout.spacing_m": 4000, "replicate": 2}
    expected = replicate_seed(7, parameters_from_overrides(OVERRIDES[:2]))
    sim = Recorder()
    assert run_job(_cfg(), job, sim) == "done"
    assert sim.seeds == [expected] and read_row(tmp_path).seed == expected


def test_row_holds_parameters_estimates_and_timings(tmp_path):
    """The row has the wide estimate columns and *_seconds timings."""
    run_job(_cfg(), _job(_cfg(), tmp_path, OVERRIDES), Recorder())
    row = read_row(tmp_path)
    assert row.values["mh_chao_leopard_n_estimate"] == 1.5
    assert row.values["mh_chao_leopard_n_covered"] is True
    assert row.values["window_days"] == 27
    assert set(row.timings) == {"total_seconds", "job_seconds"}


def test_complete_job_is_skipped_without_simulating(tmp_path):
    """A second run of a complete job does not simulate and leaves the row untouched."""
    job = _job(_cfg(), tmp_path, OVERRIDES)
    run_job(_cfg(), job, Recorder())
    before = (tmp_path / MARKER_FILE).stat().st_mtime_ns
    sim = Recorder()
    assert run_job(_cfg(), job, sim) == "skipped"
    assert sim.seeds == [] and (tmp_path / MARKER_FILE).stat().st_mtime_ns == before


def test_complete_run_of_another_config_raises_keeps_or_reruns(tmp_path):
    """A row made with another config: an error by default, kept or redone on request."""
    run_job(_cfg(), _job(_cfg(), tmp_path, OVERRIDES), Recorder())
    other = _cfg()
    other.years = 0.2
    with pytest.raises(TwinInputError, match="another config"):
        run_job(other, _job(other, tmp_path, OVERRIDES), Recorder())
    other.sweep.on_config_change = "keep"
    assert run_job(other, _job(other, tmp_path, OVERRIDES), Recorder()) == "skipped"
    other.sweep.on_config_change = "rerun"
    job = _job(other, tmp_path, OVERRIDES)
    assert run_job(other, job, Recorder()) == "done"
    assert read_row(tmp_path).config_sha256 == job.config_sha256


def test_complete_run_of_another_sweep_seed_is_an_error(tmp_path):
    """A folder holding a run of another sweep seed is never reused."""
    run_job(_cfg(), _job(_cfg(), tmp_path, OVERRIDES), Recorder())
    other = _cfg()
    other.sweep.seed = 8
    other.sweep.on_config_change = "keep"
    with pytest.raises(TwinInputError, match="another sweep"):
        run_job(other, _job(other, tmp_path, OVERRIDES), Recorder())


def test_failure_is_recorded_or_raised(tmp_path):
    """on_error=record writes a complete row with the error; raise leaves nothing complete."""
    job = _job(_cfg("record"), tmp_path / "r", OVERRIDES)
    assert run_job(_cfg("record"), job, Recorder(ValueError("boom"))) == "failed"
    assert read_row(tmp_path / "r").error == "ValueError: boom"
    job = _job(_cfg(), tmp_path / "x", OVERRIDES)
    with pytest.raises(ValueError):
        run_job(_cfg(), job, Recorder(ValueError("boom")))
    assert not is_complete(tmp_path / "x")


def test_interrupted_run_leaves_nothing_complete(tmp_path):
    """A run interrupted inside the simulation (even with on_error=record) writes no marker."""
    job = _job(_cfg("record"), tmp_path, OVERRIDES)
    with pytest.raises(KeyboardInterrupt):
        run_job(_cfg("record"), job, Recorder(KeyboardInterrupt()))
    assert not is_complete(tmp_path)


def test_seed_override_and_bad_on_error_are_rejected(tmp_path):
    """A sweep derives seeds (seed= is refused); on_error must be raise or record."""
    with pytest.raises(TwinInputError, match="sweep.seed"):
        _job(_cfg(), tmp_path, [*OVERRIDES, "seed=3"])
    with pytest.raises(TwinInputError, match="sweep.on_error"):
        _job(_cfg("ignore"), tmp_path, OVERRIDES)
    cfg = _cfg()
    cfg.sweep.on_config_change = "ignore"
    with pytest.raises(TwinInputError, match="sweep.on_config_change"):
        _job(cfg, tmp_path, OVERRIDES)


def test_batched_replicates_keep_their_own_seeds_and_folders(tmp_path):
    """A job of k replicates runs each with the seed and row it would have had alone."""
    cfg = _cfg()
    cfg.sweep.replicates_per_job = 3
    jobs = make_jobs(cfg, tmp_path, ["layout.spacing_m=4000", "replicate=3"])
    assert [j.folder.name for j in jobs] == ["replicate=3", "replicate=4", "replicate=5"]
    alone_cfg = _cfg()
    alone_cfg.replicate = 4
    alone = _job(alone_cfg, tmp_path / "alone", ["layout.spacing_m=4000", "replicate=4"])
    assert (jobs[1].seed, jobs[1].config_sha256) == (alone.seed, alone.config_sha256)
    sim = Recorder()
    for job in jobs:
        run_job(cfg, job, sim)
    assert cfg.replicate == 5 and sim.seeds == [j.seed for j in jobs]
    with pytest.raises(TwinInputError, match="multiple of sweep.replicates_per_job"):
        make_jobs(cfg, tmp_path, ["replicate=4"])


def test_job_row_values_can_be_chosen(tmp_path):
    """``values`` replaces the default survey/estimate columns of the row (timings kept)."""
    job = _job(_cfg(), tmp_path, OVERRIDES)
    assert run_job(_cfg(), job, Recorder(), lambda result: {"trips": 12}) == "done"
    row = read_row(tmp_path)
    assert row is not None and row.values == {"trips": 12}
    assert "total_seconds" in row.timings and "job_seconds" in row.timings


def test_scenario_takes_the_twin_keys_of_a_job_config():
    """Sweep, replicate and study keys stay out of the scenario; the twin's keys go in."""
    twin_keys = OmegaConf.to_container(twin.load_config(["years=0.1"]))
    cfg = {**twin_keys, "replicate": 2, "sweep": {"seed": 7}, "study": {"penalty_scale": 2}}
    scenario = twin_scenario(cfg)
    assert (
        scenario.run.years == 0.1
        and scenario.to_dict() == twin.Scenario.from_mapping(twin_keys).to_dict()
    )
    with pytest.raises(TwinInputError, match="replicate"):
        twin.Scenario.from_mapping(cfg)

"""One job of a sweep: derive its seed, skip it if its row is complete, else run and write the row.

This is the only module of :mod:`twin.sweeps` that reads Hydra's runtime state
(:func:`jobs_from_hydra`); :func:`run_job` works on any folder and parameter mapping.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from omegaconf import DictConfig, OmegaConf

from twin.errors import TwinInputError, require
from twin.results import RunResult
from twin.sweeps.rows import row_timings, row_values
from twin.sweeps.schema import ON_CONFIG_CHANGE, ON_ERROR, REPLICATE_KEY
from twin.sweeps.seeds import parameter_hash, parameters_from_overrides, replicate_seed
from twin.sweeps.store import StoredRow, read_row, write_row

if TYPE_CHECKING:
    from twin.config.scenario import Scenario

log = logging.getLogger(__name__)

NOT_HASHED = ("seed", "sweep", "progress")
"""Top-level config keys left out of a run's config hash (seeds are checked on their own)."""


@dataclass(frozen=True)
class SweepJob:
    """One run of a sweep: where its row goes and how it is seeded.

    Attributes
    ----------
    folder
        The run's folder (its row and marker go there).
    parameters
        The run's swept parameters.
    sweep_seed, seed
        Root seed of the sweep and the run's derived seed.
    config_sha256
        Hash of the resolved run config without :data:`NOT_HASHED`.
    on_error, on_config_change
        As :class:`twin.sweeps.schema.SweepConfig`.
    replicate
        The replicate index the run sets in the config, when a Hydra job runs several
        replicates (``sweep.replicates_per_job > 1``); None otherwise.
    """

    folder: Path
    parameters: dict[str, Any]
    sweep_seed: int
    seed: int
    config_sha256: str
    on_error: str = "raise"
    on_config_change: str = "raise"
    replicate: int | None = None


def config_hash(cfg: Mapping[str, Any], replicate: int | None = None) -> str:
    """SHA-256 of the resolved config (with ``replicate`` set, if given) less :data:`NOT_HASHED`."""
    plain = OmegaConf.to_container(cfg, resolve=True) if OmegaConf.is_config(cfg) else dict(cfg)
    assert isinstance(plain, dict)
    if replicate is not None:
        plain[REPLICATE_KEY] = replicate
    return parameter_hash({str(k): v for k, v in plain.items() if k not in NOT_HASHED})


class _Settings(NamedTuple):
    seed: int
    on_error: str
    on_config_change: str
    per_job: int


def _sweep_settings(cfg: Mapping[str, Any]) -> _Settings:
    """The validated ``sweep`` node."""
    sweep = cfg.get("sweep") or {}
    on_error = sweep.get("on_error", "raise")
    require(on_error in ON_ERROR, "sweep.on_error", on_error, " or ".join(ON_ERROR))
    on_change = sweep.get("on_config_change", "raise")
    require(
        on_change in ON_CONFIG_CHANGE,
        "sweep.on_config_change",
        on_change,
        " or ".join(ON_CONFIG_CHANGE),
    )
    per_job = sweep.get("replicates_per_job", 1)
    require(
        isinstance(per_job, int) and not isinstance(per_job, bool) and per_job >= 1,
        "sweep.replicates_per_job",
        per_job,
        "a whole number >= 1",
    )
    return _Settings(sweep.get("seed", 1), on_error, on_change, per_job)


def make_jobs(
    cfg: Mapping[str, Any],
    folder: str | Path,
    overrides: Iterable[str],
    exclude_keys: Iterable[str] = (),
) -> list[SweepJob]:
    """The runs of one Hydra job, from its config, folder and override strings.

    Keys under ``sweep.`` and those in ``exclude_keys`` are not parameters. With
    ``sweep.replicates_per_job = k > 1`` the job runs replicates ``replicate .. replicate + k -
    1``, each in ``folder/replicate=<r>`` with the seed it would have had as a job of its own.

    Raises
    ------
    TwinInputError
        When ``seed`` is overridden (a sweep derives it: set ``sweep.seed``), a ``sweep`` value
        is not allowed, or ``replicate`` is not a multiple of ``sweep.replicates_per_job``.
    """
    parameters = parameters_from_overrides(list(overrides), exclude_keys)
    require(
        "seed" not in parameters,
        "seed",
        parameters.get("seed"),
        "not set in a sweep: each run's seed derives from sweep.seed and its parameters",
    )
    sweep = _sweep_settings(cfg)
    if sweep.per_job == 1:
        return [_job(cfg, Path(folder), parameters, sweep)]
    first = parameters.get(REPLICATE_KEY, cfg.get(REPLICATE_KEY, 0))
    k = sweep.per_job
    require(
        isinstance(first, int) and first >= 0 and first % k == 0,
        REPLICATE_KEY,
        first,
        f"a multiple of sweep.replicates_per_job={k} (a job runs replicates replicate .. "
        f"replicate + {k - 1}), e.g. replicate=range(0,50,{k})",
    )
    return [
        _job(cfg, Path(folder) / f"{REPLICATE_KEY}={r}", {**parameters, REPLICATE_KEY: r}, sweep, r)
        for r in range(first, first + k)
    ]


def _job(
    cfg: Mapping[str, Any],
    folder: Path,
    parameters: dict[str, Any],
    sweep: _Settings,
    replicate: int | None = None,
) -> SweepJob:
    return SweepJob(
        folder,
        parameters,
        sweep.seed,
        replicate_seed(sweep.seed, parameters),
        config_hash(cfg, replicate),
        sweep.on_error,
        sweep.on_config_change,
        replicate,
    )


def jobs_from_hydra(cfg: DictConfig) -> list[SweepJob]:
    """The runs of the job Hydra is running: its output folder, task overrides, excluded keys."""
    from hydra.core.hydra_config import HydraConfig

    hc = HydraConfig.get()
    exclude = hc.job.config.override_dirname.exclude_keys
    return make_jobs(cfg, hc.runtime.output_dir, hc.overrides.task, exclude)


def _reuse(row: StoredRow, job: SweepJob) -> bool:
    """Whether a complete row stands for this run (True) or is to be run again (False).

    Raises
    ------
    TwinInputError
        When the row is of another sweep seed, or of another config and
        ``on_config_change`` is ``raise``.
    """
    if row.seed != job.seed or row.sweep_seed != job.sweep_seed:
        raise TwinInputError(
            f"{job.folder} holds a complete run of another sweep (sweep seed {row.sweep_seed}, "
            f"seed {row.seed}; this one: {job.sweep_seed}, {job.seed}); allowed: a new "
            "hydra.sweep.dir for a new sweep, or delete the run folder to redo it."
        )
    if row.config_sha256 == job.config_sha256 or job.on_config_change == "keep":
        return True
    if job.on_config_change == "rerun":
        return False
    raise TwinInputError(
        f"{job.folder} holds a complete run of another config (config "
        f"{row.config_sha256[:12]}, this one {job.config_sha256[:12]}: a default or a value "
        "changed since it ran); allowed: a new hydra.sweep.dir, sweep.on_config_change=keep "
        "(keep the old rows) or rerun (redo them), or delete the run folder."
    )


def run_job(
    cfg: DictConfig,
    job: SweepJob,
    simulate: Callable[[DictConfig], RunResult] | None = None,
    values: Callable[[RunResult], Mapping[str, Any]] | None = None,
) -> str:
    """Run one run unless its row is complete; return ``skipped``, ``done`` or ``failed``.

    Parameters
    ----------
    cfg
        The job's config; its ``seed`` is set to ``job.seed`` before simulating.
    job
        The run (:func:`make_jobs`, :func:`jobs_from_hydra`).
    simulate
        ``cfg -> RunResult``; by default :func:`twin.simulate` of :func:`twin_scenario` of ``cfg``.
    values
        ``RunResult -> {column: value}``, the row's value columns (timings apart);
        :func:`twin.sweeps.rows.row_values` (survey size and estimates) by default.

    Raises
    ------
    TwinInputError
        When the folder holds a complete run of another sweep seed, or of another config and
        ``sweep.on_config_change`` is ``raise``.
    """
    existing = read_row(job.folder)
    if existing is not None and _reuse(existing, job):
        log.info("complete, skipped: %s", job.folder)
        return "skipped"
    run = simulate if simulate is not None else _twin_run
    cfg.seed = job.seed
    if job.replicate is not None:
        cfg[REPLICATE_KEY] = job.replicate
    started = time.perf_counter()
    base = StoredRow(job.parameters, job.seed, job.sweep_seed, job.config_sha256)
    try:
        result = run(cfg)
    except Exception as err:
        if job.on_error == "raise":
            raise
        log.warning("run failed, recorded: %s: %s", type(err).__name__, err)
        write_row(job.folder, replace(base, error=f"{type(err).__name__}: {err}"))
        return "failed"
    timings = {**row_timings(result), "job_seconds": time.perf_counter() - started}
    columns = dict((values or row_values)(result))
    write_row(job.folder, replace(base, values=columns, timings=timings))
    return "done"


def twin_scenario(cfg: Mapping[str, Any]) -> Scenario:
    """The scenario of a job config: its keys of the twin (``sweep``, ``replicate`` and a study's
    own keys apart), validated.

    Raises
    ------
    TwinInputError
        As :meth:`twin.Scenario.from_mapping`.
    """
    from twin.config.scenario import TOP_KEYS, Scenario

    return Scenario.from_mapping({key: cfg[key] for key in TOP_KEYS if key in cfg})


def _twin_run(cfg: DictConfig) -> RunResult:
    from twin.run import simulate

    return simulate(twin_scenario(cfg))

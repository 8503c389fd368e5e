"""One run of a sweep: derive its seed, skip it if its row is complete, else run and write the row.

Everything here works on plain Python values: a job's config (a mapping), its folder and its
parameters. Reading them from Hydra's runtime state is the apps' edge
(:func:`twin.cli.sweep_app.jobs_from_hydra`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from twin.errors import TwinInputError, require
from twin.results import RunResult
from twin.sweeps.rows import row_timings, row_values
from twin.sweeps.seeds import canonical_value, parameter_hash, replicate_seed, seed_entropy
from twin.sweeps.store import StoredRow, read_row, write_row

if TYPE_CHECKING:
    from twin.config.scenario import Scenario

log = logging.getLogger(__name__)

ON_ERROR = ("raise", "record")
ON_CONFIG_CHANGE = ("raise", "keep", "rerun")
REPLICATE_KEY = "replicate"
NOT_HASHED = ("seed", "sweep", "progress")
"""Top-level config keys left out of a run's config hash (seeds are checked on their own)."""

Simulate = Callable[[Mapping[str, Any], np.random.SeedSequence], RunResult]
"""``simulate(config, seed) -> RunResult``: one run of a job config with the replicate's seed."""


@dataclass(frozen=True)
class SweepJob:
    """One run of a sweep: where its row goes and how it is seeded.

    Attributes
    ----------
    folder
        The run's folder (its row and marker go there).
    parameters
        The run's swept parameters (canonical values, sorted by key).
    sweep_seed
        Root seed of the sweep.
    seed
        The run's seed (:func:`twin.sweeps.seeds.replicate_seed`), passed to the simulation as
        it is.
    config_sha256
        Hash of the resolved run config without :data:`NOT_HASHED`.
    on_error, on_config_change
        As :class:`twin.config.sweep_schema.SweepConfig`.
    replicate
        The replicate index the run sets in the config, when a job runs several replicates
        (``sweep.replicates_per_job > 1``); None otherwise.
    """

    folder: Path
    parameters: dict[str, Any]
    sweep_seed: int
    seed: np.random.SeedSequence
    config_sha256: str
    on_error: str = "raise"
    on_config_change: str = "raise"
    replicate: int | None = None

    @property
    def seed_entropy(self) -> str:
        """The seed's entropy as text, as the results row records it."""
        return seed_entropy(self.seed)

    @property
    def parameters_sha256(self) -> str:
        """Hash of the parameters (:func:`twin.sweeps.seeds.parameter_hash`)."""
        return parameter_hash(self.parameters)


def config_hash(config: Mapping[str, Any], replicate: int | None = None) -> str:
    """SHA-256 of a job config (with ``replicate`` set, if given) less :data:`NOT_HASHED`."""
    plain = {str(k): v for k, v in config.items() if k not in NOT_HASHED}
    if replicate is not None:
        plain[REPLICATE_KEY] = replicate
    return parameter_hash(plain)


class _Settings(NamedTuple):
    seed: int
    on_error: str
    on_config_change: str
    per_job: int


def _sweep_settings(config: Mapping[str, Any]) -> _Settings:
    """The validated ``sweep`` node."""
    sweep = config.get("sweep") or {}
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
    config: Mapping[str, Any], folder: str | Path, parameters: Mapping[str, Any]
) -> list[SweepJob]:
    """The runs of one job of a sweep, from its config, folder and parameters.

    Parameters
    ----------
    config
        The job's resolved config as plain Python values (its ``sweep`` node says how to seed,
        resume and record).
    folder
        The job's folder.
    parameters
        What makes the job what it is, e.g. ``{"layout.spacing_m": 4000, "replicate": 3}``
        (:func:`twin.config.sweep_overrides.parameters_from_overrides`).

    Returns
    -------
    list of SweepJob
        One run; with ``sweep.replicates_per_job = k > 1``, the replicates ``replicate ..
        replicate + k - 1``, each in ``folder/replicate=<r>`` with the seed it would have had
        as a job of its own.

    Raises
    ------
    TwinInputError
        When ``seed`` is a parameter (a sweep derives it: set ``sweep.seed``), a ``sweep`` value
        is not allowed, or ``replicate`` is not a multiple of ``sweep.replicates_per_job``.
    """
    params = {str(k): canonical_value(v) for k, v in sorted(parameters.items())}
    require(
        "seed" not in params,
        "seed",
        params.get("seed"),
        "not set in a sweep: each run's seed derives from sweep.seed and its parameters",
    )
    sweep = _sweep_settings(config)
    if sweep.per_job == 1:
        return [_job(config, Path(folder), params, sweep)]
    first = params.get(REPLICATE_KEY, config.get(REPLICATE_KEY, 0))
    k = sweep.per_job
    require(
        isinstance(first, int) and first >= 0 and first % k == 0,
        REPLICATE_KEY,
        first,
        f"a multiple of sweep.replicates_per_job={k} (a job runs replicates replicate .. "
        f"replicate + {k - 1}), e.g. replicate=range(0,50,{k})",
    )
    return [
        _job(config, Path(folder) / f"{REPLICATE_KEY}={r}", {**params, REPLICATE_KEY: r}, sweep, r)
        for r in range(first, first + k)
    ]


def _job(
    config: Mapping[str, Any],
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
        config_hash(config, replicate),
        sweep.on_error,
        sweep.on_config_change,
        replicate,
    )


def _reuse(row: StoredRow, job: SweepJob) -> bool:
    """Whether a complete row stands for this run (True) or is to be run again (False).

    Raises
    ------
    TwinInputError
        When the row is of another sweep seed, or of another config and
        ``on_config_change`` is ``raise``.
    """
    if row.seed_entropy != job.seed_entropy or row.sweep_seed != job.sweep_seed:
        raise TwinInputError(
            f"{job.folder} holds a complete run of another sweep (sweep seed {row.sweep_seed}, "
            f"seed entropy {row.seed_entropy}; this one: {job.sweep_seed}, "
            f"{job.seed_entropy}); allowed: a new hydra.sweep.dir for a new sweep, or delete "
            "the run folder to redo it."
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
    config: Mapping[str, Any],
    job: SweepJob,
    simulate: Simulate | None = None,
    values: Callable[[RunResult], Mapping[str, Any]] | None = None,
) -> str:
    """Run one run unless its row is complete; return ``skipped``, ``done`` or ``failed``.

    Parameters
    ----------
    config
        The job's resolved config as plain Python values; ``replicate`` is set to
        ``job.replicate`` (if any) in the copy that is simulated.
    job
        The run (:func:`make_jobs`).
    simulate
        ``(config, seed) -> RunResult``, which must simulate with ``seed`` (``job.seed``);
        by default ``twin.simulate(twin_scenario(config), seed=seed, tracks=False)`` (rows
        read no tracks).
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
    if job.replicate is not None:
        config = {**config, REPLICATE_KEY: job.replicate}
    started = time.perf_counter()
    base = StoredRow(
        job.parameters, job.seed_entropy, job.parameters_sha256, job.sweep_seed, job.config_sha256
    )
    try:
        result = run(config, job.seed)
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


def twin_scenario(config: Mapping[str, Any]) -> Scenario:
    """The scenario of a job config: its keys of the twin, validated.

    ``sweep``, ``replicate`` and a study's own keys are left out, and so is ``seed``: a sweep's
    runs are seeded with their replicate's ``SeedSequence`` (:func:`run_job`), never with the
    config's seed.

    Raises
    ------
    TwinInputError
        As :meth:`twin.Scenario.from_mapping`.
    """
    from twin.config.scenario import TOP_KEYS, Scenario

    keys = [key for key in TOP_KEYS if key != "seed" and key in config]
    return Scenario.from_mapping({key: config[key] for key in keys})


def _twin_run(config: Mapping[str, Any], seed: np.random.SeedSequence) -> RunResult:
    from twin.run import simulate

    return simulate(twin_scenario(config), seed=seed, tracks=False)


def record_run(
    folder: str | Path, config: Mapping[str, Any], parameters: Mapping[str, Any], result: RunResult
) -> Path:
    """Write the results row of a finished ``twin`` run into its folder (``twin-collect`` then
    gathers a ``twin -m ...`` sweep like a study's).

    Parameters
    ----------
    folder
        The run folder.
    config
        The run's config as plain values (hashed, so a changed default is seen).
    parameters
        The run's own overrides (:func:`twin.config.sweep_overrides.parameters_from_overrides`);
        ``seed`` among them is a replicate, not part of the scenario.
    result
        The finished run.
    """
    seed = result.scenario.seed
    row = StoredRow(
        dict(parameters),
        json.dumps([seed]),
        parameter_hash(parameters),
        seed,
        config_hash(config),
        values=dict(row_values(result)),
        timings=row_timings(result),
    )
    return write_row(folder, row)

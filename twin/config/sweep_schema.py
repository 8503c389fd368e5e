"""Config schema of sweep apps: the twin's run config plus a replicate index and a ``sweep`` node.

Experiment apps (``experiments/``) compose the twin's config groups (``pkg://twin.conf``) on top
of :class:`SweepTwinConfig`, or of a subclass that adds the study's own keys, and use the
``twin.*`` resolvers of :func:`register_resolvers` in their configs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Real
from typing import Any

from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from twin.config.schema import TwinConfig
from twin.config.schema import register as register_twin_schema
from twin.config.sweep_overrides import run_dirname
from twin.errors import require

DAYS_AS_YEARS = "twin.days_as_years"
RUN_DIR = "twin.run_dir"


@dataclass
class SweepConfig:
    """How a sweep app seeds, resumes and records its runs.

    Attributes
    ----------
    seed
        Root seed of the sweep; each run's seed is a ``SeedSequence`` of it and the run's
        parameters (:func:`twin.sweeps.seeds.replicate_seed`).
    on_error
        ``raise``: a failing run stops the sweep (after the running batch); ``record``: it writes
        a complete row whose ``error`` column says why, and the sweep goes on.
    on_config_change
        What a re-run does with a complete row made with another config (a value or default
        changed since): ``raise`` (an error), ``keep`` (skip the run, keep the old row) or
        ``rerun`` (run it again).
    replicates
        Replicates per scenario, for apps whose sweeper sweeps
        ``replicate: range(0,${sweep.replicates},${sweep.replicates_per_job})`` (rounded up to a
        multiple of ``replicates_per_job``).
    replicates_per_job
        Replicates one Hydra job runs in turn (each in its own folder, seeded as if alone):
        fewer, longer jobs spend less on Hydra's per-job composition and process start-up.
    """

    seed: int = 1
    on_error: str = "raise"
    on_config_change: str = "raise"
    replicates: int = 1
    replicates_per_job: int = 1


@dataclass
class SweepTwinConfig(TwinConfig):
    """The run config of one job of a sweep app.

    ``seed`` is None and not used: each run is seeded from ``sweep.seed`` and its parameters.
    """

    seed: Any = None
    replicate: int = 0
    sweep: SweepConfig = field(default_factory=SweepConfig)


def days_as_years(*days: float) -> float:
    """Sum of day counts as years of 365 days (for ``years: ${twin.days_as_years:a,b}``)."""
    for value in days:
        require(
            isinstance(value, Real) and not isinstance(value, bool) and value >= 0,
            DAYS_AS_YEARS,
            value,
            "day counts >= 0",
        )
    total = float(sum(days))
    require(total > 0, DAYS_AS_YEARS, days, "day counts that sum to more than 0")
    return total / 365.0


def register(name: str = "twin_sweep_schema", node: type = SweepTwinConfig) -> None:
    """Store a sweep schema in Hydra's ConfigStore and register the ``twin.*`` resolvers.

    Parameters
    ----------
    name
        Config name the app's defaults list uses.
    node
        :class:`SweepTwinConfig` or a subclass with the study's keys.
    """
    register_twin_schema()
    ConfigStore.instance().store(name=name, node=node)
    register_resolvers()


def register_resolvers() -> None:
    """Register ``twin.days_as_years`` and ``twin.run_dir`` with OmegaConf (once per process)."""
    for name, resolver in ((DAYS_AS_YEARS, days_as_years), (RUN_DIR, run_dirname)):
        if not OmegaConf.has_resolver(name):
            OmegaConf.register_new_resolver(name, resolver)

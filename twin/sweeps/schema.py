"""Config schema of sweep apps: the twin's run config plus a replicate index and a ``sweep`` node.

Experiment apps (``experiments/``) compose the twin's config groups (``pkg://twin.conf``) on top
of :class:`SweepTwinConfig`, or of a subclass that adds the study's own keys.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Real

from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from twin.config.schema import TwinConfig
from twin.config.schema import register as register_twin_schema
from twin.errors import require
from twin.sweeps.seeds import is_parameter, override_key

ON_ERROR = ("raise", "record")
ON_CONFIG_CHANGE = ("raise", "keep", "rerun")
REPLICATE_KEY = "replicate"
DAYS_AS_YEARS = "twin.days_as_years"
RUN_DIR = "twin.run_dir"
MAX_DIRNAME_CHARS = 120


@dataclass
class SweepConfig:
    """How a sweep app seeds, resumes and records its runs.

    Attributes
    ----------
    seed
        Root seed of the sweep; each run's ``seed`` is derived from it and the run's parameters
        (:func:`twin.sweeps.seeds.replicate_seed`).
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
    """The run config of one job of a sweep app."""

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


def run_dirname(overrides: Sequence[str], exclude_keys: Sequence[str] = ()) -> str:
    """A job's folder name from its override strings (for ``hydra.sweep.subdir``).

    Parameters
    ----------
    overrides
        The job's task overrides (``${hydra.overrides.task}``).
    exclude_keys
        Keys that are not parameters; keys under ``sweep.`` never are
        (:func:`twin.sweeps.seeds.is_parameter`).

    Returns
    -------
    str
        The parameter overrides, sorted and joined by commas (``layout=trail,replicate=3``),
        when that is at most 120 characters without path separators; otherwise ``run-`` and
        the first 16 hex digits of its SHA-256. Either way one stable folder per parameter set.
    """
    items = sorted(str(o) for o in overrides if is_parameter(override_key(o), exclude_keys))
    text = ",".join(items)
    if text and len(text) <= MAX_DIRNAME_CHARS and "/" not in text and not text.startswith("."):
        return text
    return "run-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


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
    """Register ``twin.days_as_years`` and ``twin.run_dir`` with OmegaConf (once per process).

    ``import twin.sweeps`` calls this, so launcher workers that unpickle a sweep app's task
    function (which references :mod:`twin.sweeps`) have the resolvers before Hydra resolves
    the job's folder.
    """
    for name, resolver in ((DAYS_AS_YEARS, days_as_years), (RUN_DIR, run_dirname)):
        if not OmegaConf.has_resolver(name):
            OmegaConf.register_new_resolver(name, resolver)

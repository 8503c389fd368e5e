"""What a sweep app's Hydra task function calls: its job config and runs as plain values.

An app (``experiments/survey_design.py``) is::

    @hydra.main(...)
    @exit_2_on_input_error
    def main(cfg):
        config = job_config(cfg)
        return [run_job(config, job) for job in jobs_from_hydra(config)]

Importing this module registers the ``twin.*`` resolvers: launcher workers that unpickle an
app's task function (which references this module) have them before Hydra resolves the job's
folder (``${twin.run_dir:...}``), even when the app ran as ``__main__`` and its own
module-level registration is not repeated there.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from twin.cli.sweep_follow import follow_the_sweep
from twin.config.sweep_overrides import parameters_from_overrides
from twin.config.sweep_schema import register_resolvers
from twin.errors import TwinInputError
from twin.sweeps.job import SweepJob, make_jobs

register_resolvers()
Result = TypeVar("Result")


def exit_2_on_input_error(task: Callable[[DictConfig], Result]) -> Callable[[DictConfig], Result]:
    """Decorate an app's task function (under ``@hydra.main``): a :class:`TwinInputError` it
    raises prints one paragraph on standard error and exits with status 2, as ``twin`` does.

    Hydra would print the app's own refusal (a bad ``study.*`` or ``sweep.*`` value) under a
    traceback and exit 1. Errors of a replicate's run are not these: ``sweep.on_error`` decides
    about them.
    """

    @functools.wraps(task)
    def run(cfg: DictConfig) -> Result:
        follow_the_sweep()
        try:
            return task(cfg)
        except TwinInputError as err:
            print(f"{HydraConfig.get().job.name}: error: {err}", file=sys.stderr)
            sys.exit(2)

    return run


def job_config(cfg: DictConfig) -> dict[str, Any]:
    """The job's config, resolved, as plain Python values (for :func:`twin.sweeps.run_job`).

    Top-level keys the schema leaves ``???`` (no value in the app's config) are left out, so
    they take the twin's defaults.
    """
    plain = OmegaConf.to_container(cfg, resolve=True)
    assert isinstance(plain, dict)
    return {str(k): v for k, v in plain.items() if not OmegaConf.is_missing(cfg, k)}


def jobs_from_hydra(config: Mapping[str, Any]) -> list[SweepJob]:
    """The runs of the job Hydra is running: its output folder and its parameters.

    Parameters
    ----------
    config
        The job's config (:func:`job_config`).

    Returns
    -------
    list of SweepJob
        :func:`twin.sweeps.make_jobs` of the job's folder and of the parameters of its task
        overrides, less ``hydra.job.config.override_dirname.exclude_keys``
        (:func:`twin.config.sweep_overrides.parameters_from_overrides`).

    Raises
    ------
    TwinInputError
        As :func:`parameters_from_overrides` and :func:`twin.sweeps.make_jobs`.
    """
    hc = HydraConfig.get()
    exclude = hc.job.config.override_dirname.exclude_keys
    parameters = parameters_from_overrides(list(hc.overrides.task), exclude)
    return make_jobs(config, hc.runtime.output_dir, parameters)

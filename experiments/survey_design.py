"""Survey-design study: layout pattern x spacing x survey duration x paired/single x replicate.

A thin Hydra app over ``experiments/conf/survey_design.yaml`` (which composes the twin's own
config groups from ``pkg://twin.conf``): config -> :func:`twin.simulate` -> one results row.
Each run simulates only the crews' installation and the estimation window, in a quarter of the
park, and writes its row (parameters, truth, estimates, survey size, timings) into its own
folder; a folder with a complete row is skipped, so re-running a sweep resumes it.

Run from the repository root::

    python -m experiments.survey_design -m                     # 2 patterns x 3 spacings x 50
    python -m experiments.survey_design -m estimation.window_days=56,91 layout.paired=true,false
    twin-collect multirun/survey_design/seed_1 --summary       # (also done when a sweep ends)

See ``docs/sweeps.md``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import hydra
from omegaconf import DictConfig

from twin.cli.sweep_app import exit_2_on_input_error, job_config, jobs_from_hydra
from twin.cli.sweep_follow import end_with_the_sweep
from twin.config.sweep_schema import SweepTwinConfig, register
from twin.sweeps.job import run_job
from twin.sweeps.store import read_row

log = logging.getLogger(__name__)


@dataclass
class StudyConfig:
    """Settings of the study that are not the twin's.

    Attributes
    ----------
    install_days
        Days simulated before the estimation window: the crews' installation round (the window
        starts on the first day 80% of the stations work). ``years`` is this plus
        ``estimation.window_days``.
    """

    install_days: int = 21


@dataclass
class SurveyDesignConfig(SweepTwinConfig):
    """The run config of one survey-design replicate."""

    study: StudyConfig = field(default_factory=StudyConfig)


register("survey_design_schema", SurveyDesignConfig)


@hydra.main(version_base=None, config_path="conf", config_name="survey_design")
@exit_2_on_input_error
def main(cfg: DictConfig) -> list[str]:
    """Run this job's replicates unless complete; return each one's status."""
    config = job_config(cfg)
    wanted_days = config["estimation"]["window_days"]
    statuses = []
    for job in jobs_from_hydra(config):
        statuses.append(run_job(config, job))
        row = read_row(job.folder)
        window = row.values.get("window_days") if row is not None else None
        if statuses[-1] == "done" and window is not None and window < wanted_days:
            log.warning("%s: window cut to %s days: raise study.install_days", job.folder, window)
    return statuses


if __name__ == "__main__":
    end_with_the_sweep()
    main()

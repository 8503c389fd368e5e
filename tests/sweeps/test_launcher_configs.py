"""The survey-design config composes, with each launcher option file that is installed here."""

from __future__ import annotations

from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir

import experiments.survey_design  # noqa: F401  (registers the schema)

CONF = Path(__file__).resolve().parents[2] / "experiments" / "conf"


def _compose(*overrides: str):
    with initialize_config_dir(config_dir=str(CONF), version_base=None):
        return compose("survey_design", overrides=list(overrides), return_hydra_config=True)


@pytest.mark.parametrize(
    ("launcher", "target"),
    [
        ("joblib", "JoblibLauncher"),
        ("laptop", "JoblibLauncher"),
        ("slurm", "SlurmLauncher"),
        ("submitit_local", "LocalLauncher"),
    ],
)
def test_launcher_option_composes(launcher, target):
    """Each launcher option selects its plugin; the SLURM file sets one CPU per task."""
    cfg = _compose(f"hydra/launcher={launcher}")
    assert cfg.hydra.launcher._target_.endswith(target)
    if launcher == "slurm":
        assert cfg.hydra.launcher.cpus_per_task == 1 and cfg.hydra.launcher.timeout_min == 30


def test_study_runs_only_installation_and_window():
    """years covers the installation days plus the estimation window, in a quarter park."""
    cfg = _compose("estimation.window_days=56")
    assert round(cfg.years * 365) == cfg.study.install_days + 56
    assert cfg.landscape.park_area_km2 == 655.0 and cfg.layout.count is None
    assert cfg.hydra.launcher._target_.endswith("JoblibLauncher")

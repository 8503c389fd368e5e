"""Structured config schema for the ``twin`` command (types are checked by OmegaConf on load).

Values are validated by the library (:func:`twin.config.validate.run_settings`), which names the
key that is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hydra.core.config_store import ConfigStore


@dataclass
class OutputConfig:
    """What the run writes besides the tables that are always written."""

    track_every_ticks: int = 4
    occasion_days: float = 7.0
    shared_package: bool = False


@dataclass
class ReportConfig:
    """The Plotly report."""

    enabled: bool = True
    sample_animals: int = 12
    frame_days: int = 7


@dataclass
class TwinConfig:
    """Top level of the run config; groups (landscape, species, ...) are free-form mappings."""

    seed: int = 1
    years: float = 1.0
    start_date: str = "2024-01-01"
    tick_min: float = 15.0
    ticks_per_step: int = 24
    progress: Any = "auto"
    output: OutputConfig = field(default_factory=OutputConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    landscape: Any = None
    species: Any = None
    layout: Any = None
    cameras: Any = None
    survey: Any = None
    estimation: Any = None
    policy: Any = None


def register() -> None:
    """Register the schema as ``twin_schema`` in Hydra's ConfigStore."""
    ConfigStore.instance().store(name="twin_schema", node=TwinConfig)

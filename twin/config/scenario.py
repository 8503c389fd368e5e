"""The typed scenario: every group of a run's config, validated once and frozen.

:func:`twin.load_scenario` composes ``conf/`` as the ``twin`` command does and calls
:meth:`Scenario.from_mapping`; nothing is built or simulated before every key has been checked.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from twin.assessment.settings import EstimationSettings, check_mask_size, estimation_settings
from twin.cameras.camera_config import CameraConfig, load_camera_config
from twin.cameras.layouts_config import LayoutConfig, read_layout_config
from twin.cameras.survey import SurveySettings, survey_settings
from twin.config.fields import FrozenDict, known_keys, plain
from twin.config.run import (
    RUN_KEYS,
    OutputConfig,
    ReportConfig,
    RunSettings,
    output_config,
    report_config,
    run_settings,
)
from twin.errors import TwinInputError, require
from twin.landscape.build import LandscapeConfig, landscape_config
from twin.population.params import SpeciesParams, species_params
from twin.threats.policy import Policy, policy_from_config

GROUPS = (
    "output",
    "report",
    "landscape",
    "species",
    "layout",
    "cameras",
    "survey",
    "estimation",
    "policy",
)
TOP_KEYS = (*RUN_KEYS, *GROUPS)
_INDEX = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Scenario:
    """One run's settings, every group validated and typed.

    Build it with :func:`twin.load_scenario` (the shipped ``conf/`` plus overrides) or
    :meth:`from_mapping`; vary it with :meth:`replace`.

    Attributes
    ----------
    run
        Seed, years, start date and clock.
    output, report
        What a run writes, and its report.
    landscape
        Where the park comes from.
    species
        Parameters per cat species (``leopard``, ``tiger``), read-only.
    layout, cameras, survey
        Where the cameras stand, the camera model, and when the survey runs.
    estimation
        The estimates made from the run's own survey.
    policy
        Poaching, enforcement and road policy (None: no threats, today's road traffic).
    """

    run: RunSettings
    output: OutputConfig
    report: ReportConfig
    landscape: LandscapeConfig
    species: Mapping[str, SpeciesParams]
    layout: LayoutConfig
    cameras: CameraConfig
    survey: SurveySettings
    estimation: EstimationSettings
    policy: Policy | None
    _config: Mapping[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_mapping(cls, cfg: Any) -> Scenario:
        """Validate a whole run config (a plain mapping or a composed Hydra config).

        Raises
        ------
        TwinInputError
            For the first key at any depth that is unknown, of the wrong type, out of range, in
            conflict with another key, or too large to run on one machine; the message names
            the full dotted key, the value and what is allowed.
        """
        raw = known_keys(plain(cfg), "config", TOP_KEYS)
        run = run_settings(raw)
        survey = survey_settings(raw.get("survey"), run.days)
        scenario = cls(
            run=run,
            output=output_config(raw.get("output")),
            report=report_config(raw.get("report")),
            landscape=landscape_config(raw.get("landscape")),
            species=FrozenDict(species_params(raw.get("species") or {})),
            layout=read_layout_config(raw.get("layout") or {}),
            cameras=load_camera_config(raw.get("cameras")),
            survey=survey,
            estimation=estimation_settings(raw.get("estimation")),
            policy=None
            if raw.get("policy") is None
            else policy_from_config(raw["policy"], run.start_date),
            _config=FrozenDict(copy.deepcopy(raw)),
        )
        scenario._check_across_groups()
        return scenario

    def _check_across_groups(self) -> None:
        require(
            len(self.species) > 0,
            "species",
            dict(self.species),
            "at least one species (leopard, tiger) with its parameters",
        )
        if self.survey.enabled and self.estimation.enabled and self.landscape.park_area_km2:
            side_m = math.sqrt(self.landscape.park_area_km2) * 1000.0
            check_mask_size(self.estimation, (side_m, side_m))

    @property
    def seed(self) -> int:
        """Root seed of every random stream."""
        return self.run.seed

    @property
    def start_date(self) -> dt.date:
        """Local date of day 0 (Vladivostok time)."""
        return self.run.start_date

    @property
    def days(self) -> int:
        """Simulated days (365 per year)."""
        return self.run.days

    def to_dict(self) -> dict[str, Any]:
        """The run config as plain Python values (as ``config.yaml`` holds it)."""
        return copy.deepcopy(dict(self._config))

    def to_yaml(self) -> str:
        """The run config as YAML, keys sorted (``config.yaml`` of a run folder)."""
        from omegaconf import OmegaConf

        return OmegaConf.to_yaml(OmegaConf.create(self.to_dict()), sort_keys=True)

    @classmethod
    def from_yaml(cls, text: str) -> Scenario:
        """Validate a run config written by :meth:`to_yaml` (``config.yaml`` of a run)."""
        from omegaconf import OmegaConf

        return cls.from_mapping(OmegaConf.create(text))

    def replace(self, **changes: Any) -> Scenario:
        """A new scenario with some keys changed, validated again.

        Parameters
        ----------
        **changes
            Dotted keys (pass them as ``**{"layout.spacing_m": 3500}``; list items by index,
            ``policy.timeline.0.gain_krub``) or top-level keys (``years=2``) and their values.

        Raises
        ------
        TwinInputError
            For a key that does not exist or a value that is not allowed.
        """
        cfg = self.to_dict()
        for key, value in changes.items():
            _set(cfg, key, plain(value))
        return Scenario.from_mapping(cfg)


def _set(cfg: dict[str, Any], dotted: str, value: Any) -> None:
    """Set ``cfg[a][b]... = value`` for ``dotted = "a.b..."``; intermediate keys must exist."""
    *path, last = dotted.split(".")
    node: Any = cfg
    for depth, part in enumerate(path):
        here = ".".join(path[: depth + 1])
        if isinstance(node, list) and _INDEX.match(part) and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and isinstance(node.get(part), dict | list):
            node = node[part]
        elif isinstance(node, dict) and part not in node:
            node[part] = {}
            node = node[part]
        else:
            raise TwinInputError(
                f"{here} is not a section of the scenario, so {dotted} cannot be set."
            )
    if isinstance(node, list):
        ok = _INDEX.match(last) is not None and int(last) < len(node)
        require(ok, dotted, value, f"an index below {len(node)} of the list {'.'.join(path)}")
        node[int(last)] = value
    else:
        node[last] = value

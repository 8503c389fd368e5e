"""The typed scenario: composed as the ``twin`` command does, validated once, defaults once."""

from __future__ import annotations

import datetime as dt
import time

import pytest

import twin
from twin.assessment.settings import EstimationSettings
from twin.cameras.camera_config import CameraConfig
from twin.cameras.layouts_config import LayoutConfig
from twin.cameras.survey import SurveySettings
from twin.config.run import OutputConfig, ReportConfig, RunSettings
from twin.landscape.build import LandscapeConfig
from twin.threats.settings import SECTIONS


@pytest.fixture(scope="module")
def default() -> twin.Scenario:
    return twin.load_scenario()


def test_defaults_exist_once(default):
    """The composed default scenario equals the dataclasses' own defaults, group by group."""
    assert default.run == RunSettings()
    assert default.output == OutputConfig()
    assert default.report == ReportConfig()
    assert default.landscape == LandscapeConfig()
    assert default.layout == LayoutConfig()
    assert default.cameras == CameraConfig()
    assert default.survey == SurveySettings(days=default.days)
    assert default.estimation == EstimationSettings()
    assert default.policy is not None
    for name, kind in SECTIONS.items():
        assert getattr(default.policy.settings, name) == kind(), name


def test_scenario_is_frozen_and_typed(default):
    """Groups are typed objects and cannot be changed in place."""
    assert isinstance(default.start_date, dt.date) and default.days == 365
    assert default.species["leopard"].initial.adults > 0
    with pytest.raises(AttributeError):
        default.run = RunSettings(seed=2)  # type: ignore[misc]
    with pytest.raises(TypeError):
        default.species["lion"] = default.species["leopard"]  # type: ignore[index]


def test_replace_sets_dotted_keys_and_validates_again(default):
    """``replace`` changes dotted keys (list items by index) and returns a new valid scenario."""
    changed = default.replace(
        **{"years": 2, "layout.spacing_m": 3500.0, "layout.count": None},
        **{"policy.timeline.0.gain_krub": 12.0, "species.leopard.initial.adults": 30},
    )
    assert changed.days == 730 and changed.layout.spacing_m == 3500.0
    assert changed.species["leopard"].initial.adults == 30
    assert changed.to_dict()["policy"]["timeline"][0]["gain_krub"] == 12.0
    assert default.days == 365
    with pytest.raises(twin.TwinInputError, match="layout.spacing_m"):
        default.replace(**{"layout.spacing_m": -1.0})


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        (["output.occasion_days=0"], "output.occasion_days"),
        (["+species.leopard.initial.adultz=3"], "species.leopard.initial.adultz"),
        (["+species.tiger.movement.step_meen_m=3"], "species.tiger.movement.step_meen_m"),
        (["+cameras.trigger.p_maks=0.5"], "cameras.trigger.p_maks"),
        (["+policy.poachers.pool_sise=3"], "policy.poachers.pool_sise"),
        (["+estimation.windw_days=3"], "estimation.windw_days"),
        (["+survey.dayz=3"], "survey.dayz"),
        (["+landscape.resolutionm=3"], "landscape.resolutionm"),
        (["+layout.spacingm=3"], "layout.spacingm"),
        (["species.leopard.initial.adults=1000000"], "species.leopard.initial.adults"),
        (["layout.count=1000000000"], "layout.count"),
        (["estimation.mask_spacing_m=0.01"], "estimation.mask_spacing_m"),
        (["report.frame_days=0"], "report.frame_days"),
        (["survey.zone_angle_deg=200"], "survey.zone_angle_deg"),
        (["ticks_per_step=7"], "ticks_per_step"),
        (["species.leopard.initial.adultz=3"], "adultz"),
    ],
)
def test_bad_values_at_any_depth_are_refused_up_front(overrides, key):
    """A bad or unknown key anywhere is refused by load_scenario, naming the full key, fast."""
    started = time.perf_counter()
    with pytest.raises(twin.TwinInputError, match=key.replace(".", r"\.")):
        twin.load_scenario(overrides)
    assert time.perf_counter() - started < 5.0


def test_from_mapping_refuses_unknown_top_level_keys(default):
    """A top-level key that no group reads is refused."""
    cfg = default.to_dict()
    cfg["yeers"] = 2
    with pytest.raises(twin.TwinInputError, match="config.yeers"):
        twin.Scenario.from_mapping(cfg)


def test_spacing_that_would_place_too_many_cameras_is_refused_before_simulating(default):
    """A layout spacing that would put more cameras in the park than the limit is refused
    before the clock starts."""
    tiny = default.replace(**{"layout.count": None, "layout.spacing_m": 50.0, "years": 0.01})
    started = time.perf_counter()
    with pytest.raises(twin.TwinInputError, match="layout.spacing_m"):
        twin.simulate(tiny)
    assert time.perf_counter() - started < 10.0


def test_scenario_pickles_for_worker_processes(default):
    """A scenario survives pickling (joblib, Ray and submitit send it to other processes)."""
    import pickle

    again = pickle.loads(pickle.dumps(default))
    assert again == default and again.to_dict() == default.to_dict()

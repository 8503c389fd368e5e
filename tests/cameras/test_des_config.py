"""Camera settings: the option file, defaults and messages that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from omegaconf import OmegaConf

from twin.cameras.camera_config import CameraConfig, load_camera_config
from twin.errors import TwinInputError

OPTION_FILE = Path(__file__).parents[2] / "conf" / "cameras" / "default.yaml"


def test_option_file_matches_defaults():
    """conf/cameras/default.yaml holds the dataclass defaults, every key commented."""
    assert load_camera_config(OmegaConf.load(OPTION_FILE)) == CameraConfig()
    lines = [ln for ln in OPTION_FILE.read_text().splitlines() if ln.startswith("  ")]
    assert all("#" in ln for ln in lines if not ln.strip().startswith("base_y_m"))


def test_partial_mapping_keeps_defaults():
    """Only the given keys change."""
    cfg = load_camera_config({"crews": {"n_crews": 3}})
    assert cfg.crews.n_crews == 3 and cfg.trigger == CameraConfig().trigger


@pytest.mark.parametrize(
    ("mapping", "key", "allowed"),
    [
        ({"trigger": {"p_max": 1.5}}, "cameras.trigger.p_max", "[0.0, 1.0]"),
        ({"power": {"card_capacity_photos": 2.5}}, "cameras.power.card_capacity_photos", "integer"),
        ({"crews": {"install_by_crews": "yes"}}, "cameras.crews.install_by_crews", "true or false"),
        ({"identification": {"flank_policy": "left"}}, "cameras.identification.flank_policy",
         "catalogue"),
        ({"trigger": {"zoom": 2}}, "cameras.trigger.zoom", "one of the keys"),
        ({"radio": {}}, "cameras.radio", "one of the keys"),
        ({"crews": {"base_x_m": 1.0}}, "cameras.crews.base_y_m", "both"),
        ({"crews": {"workday_start_h": 20.0}}, "cameras.crews.workday_h", "midnight"),
    ],
)  # fmt: skip
def test_bad_values_name_key_value_and_range(mapping, key, allowed):
    """Errors name cameras.<section>.<key>, the value and what is allowed."""
    with pytest.raises(TwinInputError) as info:
        load_camera_config(mapping)
    assert key in str(info.value) and allowed in str(info.value)

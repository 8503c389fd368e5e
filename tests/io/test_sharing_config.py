"""``output.sharing``: the shared package's settings, validated at config load."""

from __future__ import annotations

import pytest

import twin
from twin.config.run import SharingConfig, output_config
from twin.errors import TwinInputError
from twin.io import SharingPolicy


def test_sharing_defaults_live_in_the_dataclass():
    """The composed config, the dataclass and the library's policy agree on the defaults."""
    sharing = twin.load_scenario().output.sharing
    assert sharing == SharingConfig()
    assert sharing.private_license == "none" and sharing.shared_license == "CC-BY-4.0"
    policy = SharingPolicy()
    assert (policy.grid_m, policy.withhold_recent_days, policy.heading) == (
        sharing.grid_m,
        sharing.withhold_recent_days,
        sharing.heading,
    )


def test_sharing_keys_can_be_set():
    """Every key of output.sharing is taken from the command line."""
    overrides = [
        "output.sharing.grid_m=20000",
        "output.sharing.withhold_recent_days=30",
        "output.sharing.heading=round45",
        "output.sharing.private_license=CC-BY-NC-4.0",
        "output.sharing.shared_license=CC0-1.0",
    ]
    sharing = twin.load_scenario(overrides).output.sharing
    assert sharing == SharingConfig(20_000.0, 30.0, "round45", "CC-BY-NC-4.0", "CC0-1.0")


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"sharing": {"grid_m": 10}}, "output.sharing.grid_m"),
        ({"sharing": {"withhold_recent_days": -1}}, "output.sharing.withhold_recent_days"),
        ({"sharing": {"heading": "north"}}, "output.sharing.heading"),
        ({"sharing": {"private_license": "GPL-3.0"}}, "output.sharing.private_license"),
        ({"sharing": {"shared_license": None}}, "output.sharing.shared_license"),
        ({"sharing": {"grid": 1}}, "output.sharing.grid"),
        ({"sharing": 5}, "output.sharing"),
        ({"sharing_grid_m": 5}, "output.sharing_grid_m"),
    ],
)
def test_bad_sharing_values_name_the_key(raw, key):
    """Unknown keys and values out of range are refused, naming output.sharing.<key>."""
    with pytest.raises(TwinInputError, match=f"^{key}="):
        output_config(raw)

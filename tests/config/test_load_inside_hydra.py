"""Composing the twin's config from inside a running Hydra app (an experiment's process)."""

from __future__ import annotations

from hydra import compose, initialize_config_module
from hydra.core.global_hydra import GlobalHydra

from twin.config.load import load_policy


def test_a_policy_loads_inside_an_initialised_hydra_and_the_app_keeps_its_own():
    """load_policy works while another Hydra is initialised, and that Hydra is put back."""
    with initialize_config_module(config_module="twin.conf", version_base=None):
        app = GlobalHydra.instance().hydra
        policy = load_policy("no_poaching")
        assert GlobalHydra.instance().hydra is app
        assert compose(config_name="config", overrides=["years=2"]).years == 2
    assert policy and not GlobalHydra.instance().is_initialized()

"""Compose the run config from ``conf/`` without the command line (for library users and tests)."""

from __future__ import annotations

from collections.abc import Sequence

from hydra import compose, initialize_config_module
from omegaconf import DictConfig

from twin.config.schema import register


def load_config(overrides: Sequence[str] = (), config_name: str = "config") -> DictConfig:
    """Return the composed config, as ``twin`` would see it with these overrides.

    Parameters
    ----------
    overrides
        Hydra override strings, e.g. ``["years=2", "species.leopard.initial.adults=30"]``.
    config_name
        Primary config in ``conf/`` (``config`` is the default scenario).
    """
    register()
    with initialize_config_module(config_module="twin.conf", version_base=None):
        return compose(config_name=config_name, overrides=list(overrides))

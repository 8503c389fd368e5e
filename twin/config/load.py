"""Compose ``conf/`` as the ``twin`` command does, without the command line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from twin.errors import TwinInputError

if TYPE_CHECKING:
    from omegaconf import DictConfig

    from twin.config.scenario import Scenario


def load_config(overrides: Sequence[str] = (), config_name: str = "config") -> DictConfig:
    """Return the composed config, as ``twin`` would see it with these overrides.

    Parameters
    ----------
    overrides
        Hydra override strings, e.g. ``["years=2", "species.leopard.initial.adults=30"]``.
    config_name
        Primary config in ``conf/`` (``config`` is the default scenario).

    Works inside a running Hydra app too (an experiment composing a policy): the app's global
    Hydra is set aside for the composition and put back after it.

    Raises
    ------
    TwinInputError
        When an override names no key or option of ``conf/`` (Hydra's reason is quoted).
    """
    from hydra import compose, initialize_config_module
    from hydra.core.global_hydra import GlobalHydra
    from hydra.errors import HydraException
    from omegaconf.errors import OmegaConfBaseException

    from twin.config.schema import register

    register()
    app = GlobalHydra.instance().hydra  # a running app's Hydra, or None
    GlobalHydra.instance().clear()
    try:
        with initialize_config_module(config_module="twin.conf", version_base=None):
            try:
                return compose(config_name=config_name, overrides=list(overrides))
            except (HydraException, OmegaConfBaseException) as err:
                reason = str(err).strip().splitlines()[0]
                message = f"overrides {list(overrides)} are not allowed: {reason}"
                raise TwinInputError(message) from None
    finally:
        if app is not None:  # initialize_config_module put back a copy of the cleared state
            GlobalHydra.instance().clear()
            GlobalHydra.instance().initialize(app)


def load_scenario(overrides: Sequence[str] = (), config_name: str = "config") -> Scenario:
    """Compose ``conf/`` with ``overrides`` and validate every key once.

    Parameters
    ----------
    overrides
        Hydra override strings, e.g. ``["years=2", "layout=hex_paired", "seed=7"]``.
    config_name
        Primary config in ``conf/`` (``config`` is the default scenario).

    Returns
    -------
    Scenario
        Frozen and typed; nothing has been built or simulated.

    Raises
    ------
    TwinInputError
        For an unknown key at any depth, a value of the wrong type or out of range, keys in
        conflict, or a size the machine cannot run; the message names the full dotted key.
    """
    from twin.config.scenario import Scenario

    return Scenario.from_mapping(load_config(overrides, config_name))


def load_policy(name: str) -> dict[str, Any]:
    """Compose the shipped policy ``name`` (``conf/policy/<name>.yaml``, defaults list resolved).

    Returns
    -------
    dict
        The policy mapping as plain values, ready for
        :func:`twin.threats.policy_from_config` or ``Scenario.replace(policy=...)``.

    Raises
    ------
    TwinInputError
        When no option file ``conf/policy/<name>.yaml`` exists.
    """
    from twin.config.fields import plain
    from twin.threats.policy import policy_names

    names = policy_names()
    if name not in names:
        raise TwinInputError(f"policy={name!r} is not allowed: one of {names}.")
    return plain(load_config(config_name=f"policy/{name}").policy)

"""The leopard twin: a digital twin of the Amur leopard and tiger populations of Land of the Leopard
National Park and of the camera-trap array that watches them.

    import twin
    scenario = twin.load_scenario(["years=2", "layout=hex_paired"])   # validated, typed, frozen
    result = twin.simulate(scenario, seed=7)
    result.estimates                      # estimates against their truth
    result.write("out/"); twin.RunResult.read("out/")

The names below are imported on first use, so ``import twin`` is cheap. See docs/python-api.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_scenario": "twin.config.load",
    "load_config": "twin.config.load",
    "Scenario": "twin.config.scenario",
    "simulate": "twin.run",
    "forecast": "twin.forecast.api",
    "Drivers": "twin.drivers",
    "Population": "twin.population.startup",
    "RunResult": "twin.results",
    "Observations": "twin.results",
    "Layout": "twin.cameras.layouts",
    "AnimalModel": "twin.population.model",
    "TwinInputError": "twin.errors",
    "SCR": "twin.estimators",
    "ClosedCR": "twin.estimators",
    "REM": "twin.estimators",
    "Occupancy": "twin.estimators",
    "Mask": "twin.estimators",
    "CaptureHistory": "twin.estimators",
    "read_secr_csv": "twin.estimators",
    "write_secr_csv": "twin.estimators",
}

__all__ = [
    "REM",
    "AnimalModel",
    "SCR",
    "CaptureHistory",
    "ClosedCR",
    "Drivers",
    "Layout",
    "Mask",
    "Observations",
    "Occupancy",
    "Population",
    "RunResult",
    "Scenario",
    "TwinInputError",
    "__version__",
    "forecast",
    "load_config",
    "load_scenario",
    "read_secr_csv",
    "simulate",
    "write_secr_csv",
]

if TYPE_CHECKING:
    from twin.cameras.layouts import Layout
    from twin.config.load import load_config, load_scenario
    from twin.config.scenario import Scenario
    from twin.drivers import Drivers
    from twin.errors import TwinInputError
    from twin.estimators import (
        REM,
        SCR,
        CaptureHistory,
        ClosedCR,
        Mask,
        Occupancy,
        read_secr_csv,
        write_secr_csv,
    )
    from twin.forecast.api import forecast
    from twin.population.model import AnimalModel
    from twin.population.startup import Population
    from twin.results import Observations, RunResult
    from twin.run import simulate


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'twin' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value

"""The live twin: from a Camtrap DP delivery to the park's state, a forecast and the next survey.

    import twin
    fc = twin.forecast("camtrap-dp/", years=5, replicates=50, policies=["historical"])
    fc.table                 # forecast.csv: median, 50% and 90% bands per year and policy
    fc.write("forecast/")

See docs/live-twin.md for the method and its equations.
"""

import sys
import types
from typing import Any

from twin.forecast.api import forecast, forecast_from_states
from twin.forecast.result import Forecast
from twin.forecast.simulate import forecast_scenario, run_seed
from twin.forecast.state import SpeciesData, build_states, state_mask
from twin.forecast.truth import StateSnapshot, YearlyCounts, snapshot_population

__all__ = [
    "Forecast",
    "SpeciesData",
    "StateSnapshot",
    "YearlyCounts",
    "build_states",
    "forecast",
    "forecast_from_states",
    "forecast_scenario",
    "run_seed",
    "snapshot_population",
    "state_mask",
]


class _CallableModule(types.ModuleType):
    """This package, callable as :func:`forecast`.

    ``twin.forecast`` names both the function (the lazy export of :mod:`twin`) and this
    package; importing the package rebinds ``twin.forecast`` to it, so the package calls the
    function and ``twin.forecast(package, ...)`` works whichever was bound last.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Forecast:
        return forecast(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

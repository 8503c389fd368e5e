"""The leopard twin: a digital twin of the Amur leopard and tiger populations of Land of the Leopard
National Park and of the camera-trap array that watches them.

The library is usable from plain Python; the ``twin`` command and ``experiments/`` are Hydra apps
over it.
"""

__version__ = "0.1.0"

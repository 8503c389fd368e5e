"""Vector features to and from JSON, arrays kept exact (floats are written with repr)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

_ARRAY = "__array__"


def features_to_json(features: dict[str, Any]) -> str:
    """JSON text of a features mapping; numpy arrays become tagged nested lists."""
    return json.dumps(features, default=_encode)


def features_from_json(text: str) -> dict[str, Any]:
    """Features mapping from :func:`features_to_json` text, arrays restored as float arrays."""
    return json.loads(text, object_hook=_decode)


def _encode(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return {_ARRAY: value.tolist()}
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"feature value of type {type(value).__name__} cannot be saved")


def _decode(obj: dict[str, Any]) -> Any:
    if set(obj) == {_ARRAY}:
        return np.asarray(obj[_ARRAY], dtype=float)
    return obj

"""Shared fixtures."""

from __future__ import annotations

import pytest

from tests.landscapes import flat_landscape
from twin.landscape.grid import Landscape


@pytest.fixture
def small_landscape() -> Landscape:
    """A 20 x 20 km uniform landscape (250 m cells)."""
    return flat_landscape()

"""Start-up: the commands answer ``--help`` without importing the numerical libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = {"numba", "pandas", "plotly", "scipy", "numpy", "frictionless", "hydra", "mesa"}
HELP = """
import sys
sys.argv = [sys.argv[1], "--help"]
from {module} import {entry}
try:
    {entry}()
except SystemExit as done:
    assert done.code in (0, None), done.code
heavy = {heavy!r} & set(sys.modules)
assert not heavy, sorted(heavy)
"""


@pytest.mark.parametrize(
    ("command", "module", "entry", "listed"),
    [
        ("twin", "twin.cli.run", "main", "layout: clustered, file, hex_paired"),
        ("twin-estimate", "twin.cli.estimate", "entry_point", "--captures"),
    ],
)
def test_help_imports_no_numerical_library(command, module, entry, listed):
    """``twin --help`` and ``twin-estimate --help`` print their help and import none of numba,
    pandas, plotly, scipy, numpy, frictionless, Hydra or Mesa."""
    code = HELP.format(module=module, entry=entry, heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", code, command], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert listed in done.stdout


def test_twin_help_lists_every_config_group():
    """``twin --help`` lists each config group of conf/ with its options and the top-level
    settings, and points to the composed config and Hydra's own help."""
    from twin.cli.run import CONF, short_help

    text = short_help()
    for group in (p for p in CONF.iterdir() if p.is_dir() and p.name != "hydra"):
        if any(group.glob("*.yaml")):
            assert f"  {group.name}: " in text, group.name
    assert "track_every_ticks: 4" in text and "seed: 1" in text
    assert "twin --cfg job" in text and "twin --hydra-help" in text

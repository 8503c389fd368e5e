"""The pooling command line (experiments/pool_calibrations.py): refusals and the rebuild of the
current calibration."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from experiments.pool_calibrations import main

CURRENT = Path(__file__).resolve().parents[2] / "experiments" / "calibration" / "current"


def test_one_folder_exits_2_and_writes_nothing(tmp_path, capsys):
    """Pooling one folder is refused with exit code 2 and a message; no output folder."""
    with pytest.raises(SystemExit) as stop:
        main([str(CURRENT / "sources" / "priors"), "--out", str(tmp_path / "out")])
    assert stop.value.code == 2 and "pooling needs 2 or more" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_the_current_calibration_rebuilds_from_its_sources(tmp_path, monkeypatch):
    """Pooling current/sources at the recorded tolerance against the recorded census figures
    gives the committed table exactly (every column but the sources' paths)."""
    monkeypatch.chdir(CURRENT.parents[2])
    sources = [str(CURRENT / "sources" / d) for d in ("adults", "adults2", "adults3", "priors")]
    main([*sources, "--tolerance", "0.16694838013459384", "--out", str(tmp_path),
          "--census-of", str(CURRENT / "hindcast_posterior.json")])  # fmt: skip
    rebuilt = pd.read_csv(tmp_path / "hindcast_abc.csv").drop(columns="source")
    committed = pd.read_csv(CURRENT / "hindcast_abc.csv").drop(columns="source")
    pd.testing.assert_frame_equal(rebuilt, committed)

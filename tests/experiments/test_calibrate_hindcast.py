"""The calibration command line (experiments/calibrate_hindcast.py): settings it refuses."""

from __future__ import annotations

import pytest

from experiments.calibrate_hindcast import main


def test_bad_settings_exit_2_naming_the_option(tmp_path, capsys):
    """Fewer than one run per set and a --start-from without an ABC table stop the command with
    exit code 2 and one message naming the option."""
    cases = [
        (["--runs-per-set", "0"], "--runs-per-set=0 is not allowed"),
        (["--start-from", str(tmp_path / "nowhere")], "no hindcast_abc.csv there"),
    ]
    for argv, message in cases:
        with pytest.raises(SystemExit) as stop:
            main([*argv, "--out", str(tmp_path / "out")])
        assert stop.value.code == 2 and message in capsys.readouterr().err

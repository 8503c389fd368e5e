"""twin-forecast refuses bad input with exit 2, a message naming the flag, and no output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from twin.cli.forecast import main

EXAMPLE = Path(__file__).parents[2] / "twin" / "data" / "camtrap-dp-1.0.2" / "example"


def _refused(argv: list[str], out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run with ``argv``; check exit 2, no traceback, no output folder; return stderr."""
    code = main([*argv, "--out", str(out), "--years", "1", "--replicates", "1"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert not out.exists()
    assert not list(out.parent.glob(f".{out.name}*"))
    return err


def _copy(package: Path, tmp_path: Path, table: str, edit) -> Path:
    """A copy of ``package`` whose CSV ``table`` is changed by ``edit(frame)``."""
    folder = tmp_path / "edited"
    shutil.copytree(package, folder)
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(frame).to_csv(path, index=False)
    return folder


def test_official_example_package_has_no_individual_ids(tmp_path, capsys):
    """The Camtrap DP example (no cats, no IDs) is told SCR is impossible, REM/occupancy offered."""
    err = _refused(["--package", str(EXAMPLE)], tmp_path / "out", capsys)
    assert "no individual IDs" in err and "REM" in err and "occupancy" in err.lower()


def test_a_folder_that_is_not_a_package_is_refused(tmp_path, capsys):
    """A folder without datapackage.json names --package and what is allowed."""
    err = _refused(["--package", str(tmp_path)], tmp_path / "out", capsys)
    assert "--package" in err and "datapackage.json" in err


def test_unknown_policy_is_refused(survey, tmp_path, capsys):
    """A policy that is not a conf/policy name is refused, listing the names."""
    argv = ["--package", str(survey.package), "--policies", "historical", "martial_law"]
    err = _refused(argv, tmp_path / "out", capsys)
    assert "--policies" in err and "martial_law" in err and "no_poaching" in err


def test_window_without_detections_is_refused(survey, tmp_path, capsys):
    """A window outside the survey has no detections: --start/--end are named."""
    window = ["--start", "2030-01-01T00:00:00+10:00", "--end", "2030-03-01T00:00:00+10:00"]
    err = _refused(["--package", str(survey.package), *window], tmp_path / "out", capsys)
    assert "--start/--end" in err


def test_times_without_offset_need_a_time_zone(survey, tmp_path, capsys):
    """Date-times without a UTC offset and no --timezone are refused, naming the option."""

    def strip(frame: pd.DataFrame) -> pd.DataFrame:
        for column in ("deploymentStart", "deploymentEnd"):
            frame[column] = frame[column].str.slice(0, 19)
        return frame

    folder = _copy(survey.package, tmp_path, "deployments", strip)
    err = _refused(["--package", str(folder)], tmp_path / "out", capsys)
    assert "--timezone" in err


def test_stations_outside_the_landscape_are_refused(survey, tmp_path, capsys):
    """A package whose stations lie 1.5 degrees east of the park is refused, naming them."""

    def shift(frame: pd.DataFrame) -> pd.DataFrame:
        frame["longitude"] = (frame["longitude"].astype(float) + 1.5).round(5).astype(str)
        return frame

    folder = _copy(survey.package, tmp_path, "deployments", shift)
    err = _refused(["--package", str(folder), "--species", "tiger"], tmp_path / "out", capsys)
    assert "--package" in err and "landscape" in err

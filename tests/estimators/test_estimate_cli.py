"""The twin-estimate command: tables, JSON, exit codes and one-paragraph errors."""

from __future__ import annotations

import json

import pytest

from tests.estimators.scr_helpers import SECR_DIR, load_reference_fits
from twin.cli import estimate_files
from twin.cli.estimate import main

STOAT = [
    "--captures",
    str(SECR_DIR / "stoat_captures.csv"),
    "--traps",
    str(SECR_DIR / "stoat_traps.csv"),
]


def test_json_output_reproduces_the_reference(capsys):
    """--json prints one object in the reference layout with secr's estimates."""
    code = main(
        [
            *STOAT,
            "--mask",
            str(SECR_DIR / "stoat_mask_buffer1000.csv"),
            "--detector",
            "proximity",
            "--detectfn",
            "HN",
            "--json",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    ref = next(
        r for r in load_reference_fits() if r["dataset"] == "stoat" and r["detectfn"] == "HN"
    )
    assert code == 0
    assert out["D"]["est"] == pytest.approx(ref["D"]["est"], rel=1e-3)
    assert out["g0"]["est"] == pytest.approx(ref["g0"]["est"], rel=1e-3)


def test_table_output_with_a_buffer_mask(capsys):
    """--buffer-m builds secr's trap-buffer mask and prints a readable table."""
    code = main([*STOAT, "--buffer-m", "1000", "--detectfn", "HHN"])
    text = capsys.readouterr().out
    assert code == 0
    assert "lambda0" in text and "D per 100 km2" in text and "3960 points" in text


@pytest.mark.parametrize(
    "args, words",
    [
        (["--captures", "no-such-file.csv", "--traps", "x.csv", "--buffer-m", "1"], "not found"),
        ([*STOAT, "--buffer-m", "-5"], "--buffer-m=-5.0"),
        (
            [*STOAT, "--buffer-m", "1e12"],
            "--buffer-m=1000000000000.0 is not allowed: metres in (0, 100,000]",
        ),
        (
            [*STOAT, "--buffer-m", "1000", "--mask-nx", "100000"],
            "--mask-nx=100000 is not allowed: a mask of at most 1,000,000 points",
        ),
        (
            [*STOAT, "--buffer-m", "1000", "--mask-spacing-m", "0.01"],
            "--mask-spacing-m=0.01 is not allowed: a mask of at most 1,000,000",
        ),
        (["--captures", str(SECR_DIR / "stoat_captures.csv"), "--buffer-m", "5"], "--traps"),
        ([*STOAT, "--mask", str(SECR_DIR / "stoat_captures.csv")], "x and y"),
    ],
)
def test_bad_input_exits_2_with_one_paragraph(capsys, args, words):
    """Bad input prints one error paragraph on stderr (no traceback) and returns 2."""
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2
    assert words in err and "Traceback" not in err
    assert err.startswith("twin-estimate: error:")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty.csv: an empty file is not allowed"),
        ("x,y\n", "empty.csv: rows=0 is not allowed"),
        ("x,y\n0,0\n1e3,east\n", "empty.csv: row 3 x=1000.0, y=east is not allowed"),
    ],
)
def test_an_empty_or_non_numeric_mask_csv_exits_2(tmp_path, capsys, text, words):
    """An empty mask file, a header without rows, or a row of text: exit 2 naming the file."""
    mask = tmp_path / "empty.csv"
    mask.write_text(text)
    code = main([*STOAT, "--mask", str(mask)])
    err = capsys.readouterr().err
    assert code == 2 and words in err and "Traceback" not in err


def test_too_many_individuals_for_the_mask_exit_2_before_the_fit(monkeypatch, capsys):
    """Individuals x mask points beyond the limit are refused naming --captures and the sizes."""
    monkeypatch.setattr(estimate_files, "MAX_SCR_PAIRS", 10_000)
    code = main([*STOAT, "--buffer-m", "1000"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "--captures=" in err and "stoat_captures.csv" in err
    assert "within 10,000" in err and "individuals x 3,960 points" in err


def test_argparse_errors_return_2(capsys):
    """An unknown detection function is an argparse error with status 2."""
    assert main([*STOAT, "--buffer-m", "1000", "--detectfn", "XX"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_not_estimable_data_exit_1(tmp_path, capsys):
    """Data without recaptures give the flagged result and status 1."""
    caps = tmp_path / "caps.csv"
    caps.write_text("session,ID,occasion,detector\n1,a,1,A1\n1,b,2,A9\n")
    code = main(
        [
            "--captures",
            str(caps),
            "--traps",
            str(SECR_DIR / "stoat_traps.csv"),
            "--buffer-m",
            "1000",
            "--json",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert out["converged"] is False and "no recaptures" in out["message"]

"""twin-estimate on Camtrap DP packages: the official example, a twin package, closed models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.io.conftest import make_records
from twin.cli.estimate import main
from twin.io import capture_history, read_camtrap_dp, write_camtrap_dp
from twin.io.camtrapdp_spec import EXAMPLE_DIR

EXAMPLE = ["--package", str(EXAMPLE_DIR), "--crs", "EPSG:32631", "--buffer-m", "1000"]


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """A package written by the twin from the hand-made survey of tests/io (two leopards)."""
    return write_camtrap_dp(make_records(), tmp_path_factory.mktemp("pkg") / "survey")


def _run(capsys, args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _flat_without_timing(text: str) -> dict:
    """The JSON output with nested estimates flattened (``D.est``) and ``seconds`` dropped."""
    out = {}
    for key, value in json.loads(text).items():
        if isinstance(value, dict):
            out.update({f"{key}.{part}": v for part, v in value.items()})
        elif key != "seconds":
            out[key] = value
    return out


@pytest.mark.parametrize(
    "extra, words",
    [
        ([], "no observations of this species; species present: Anas platyrhynchos"),
        (["--species", "Vulpes vulpes"], "none of the 7 observations of this species"),
    ],
)
def test_official_example_without_identified_animals_exits_2(capsys, extra, words):
    """The example has no individualIDs: one clear paragraph naming --species, status 2."""
    code, out, err = _run(capsys, [*EXAMPLE, *extra])
    assert code == 2 and out == ""
    assert err.startswith("twin-estimate: error: --species=") and words in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_example_outside_the_default_utm_zone_is_refused(capsys):
    """Belgian locations are refused for UTM 52N with the zone and the locations named."""
    code, _, err = _run(capsys, ["--package", str(EXAMPLE_DIR), "--estimator", "m0"])
    assert code == 2
    assert "--crs='EPSG:32652'" in err and "longitude 126 to 132" in err and "4.013" in err


def test_package_and_secr_export_give_the_same_json(package, tmp_path, capsys):
    """--package and the secr CSV export of the same history give the same SCR JSON."""
    history = capture_history(read_camtrap_dp(package), occasion_days=4.0)
    captures, traps = history.to_secr_csv(tmp_path / "c.csv", tmp_path / "t.csv", "count")
    model = ["--buffer-m", "5000", "--detectfn", "HN", "--json"]
    from_package = _run(
        capsys,
        ["--package", str(package), "--occasion-days", "4", "--detector", "count", *model],
    )
    from_csv = _run(capsys, ["--captures", str(captures), "--traps", str(traps), *model])
    assert from_package[0] == from_csv[0]
    result, expected = _flat_without_timing(from_package[1]), _flat_without_timing(from_csv[1])
    numbers = [key for key, value in expected.items() if isinstance(value, float)]
    assert {k: result[k] for k in numbers} == pytest.approx(
        {k: expected[k] for k in numbers}, rel=1e-8
    )
    assert {k: v for k, v in result.items() if k not in numbers and k != "message"} == {
        k: v for k, v in expected.items() if k not in numbers and k != "message"
    }
    assert (result["n_individuals"], result["n_detections"], result["noccasions"]) == (2, 4, 7)


@pytest.mark.parametrize("estimator", ["m0", "mt", "mh-chao", "mh-jackknife"])
def test_closed_estimators_read_the_same_histories(package, tmp_path, capsys, estimator):
    """Closed models on --package equal those on the secr export, with their results layout."""
    history = capture_history(read_camtrap_dp(package))
    captures, traps = history.to_secr_csv(tmp_path / "c.csv", tmp_path / "t.csv")
    model = ["--estimator", estimator, "--json"]
    code, out, _ = _run(capsys, ["--package", str(package), *model])
    csv_code, csv_out, _ = _run(
        capsys, ["--captures", str(captures), "--traps", str(traps), *model]
    )
    result = json.loads(out)
    assert (code, result) == (csv_code, json.loads(csv_out))
    assert result["n_individuals"] == 2 and result["n_occasions"] == 4
    assert code == (0 if result["converged"] else 1) and set(result["N"]) == {
        "est",
        "se",
        "lcl",
        "ucl",
    }


def test_table_output_and_mask_spacing(package, capsys):
    """Without --json the SCR table is printed; --mask-spacing-m sets the mask spacing."""
    code, out, _ = _run(
        capsys, ["--package", str(package), "--buffer-m", "4000", "--mask-spacing-m", "500"]
    )
    assert code in (0, 1)
    assert "SCR fit" in out and "at 500 m" in out and "n = 2 animals" in out


def _damaged(package: Path, tmp_path: Path) -> Path:
    """A copy of the package whose observations lack the individualID column."""
    copy = tmp_path / "damaged"
    copy.mkdir()
    for item in package.iterdir():
        text = item.read_text(encoding="utf-8")
        if item.name == "observations.csv":
            text = text.replace("individualID", "individual")
        (copy / item.name).write_text(text, encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    "args, words",
    [
        (["--package", "no-such-dir", "--estimator", "m0"], "--package='no-such-dir'"),
        (["--start", "2024-06-01T00:00:00"], "--start="),
        (["--start", "2024-06-10T00:00+10:00", "--end", "2024-06-02T00:00+10:00"], "--end="),
        (["--start", "2024-06-20T00:00+10:00", "--end", "2024-06-22T00:00+10:00"], "window"),
        (["--crs", "EPSG:4326"], "projected CRS in metres"),
        (["--crs", "EPSG:nope"], "--crs='EPSG:nope'"),
        (["--occasion-days", "0"], "--occasion-days=0.0"),
        (["--independence-min", "-1"], "--independence-min=-1.0"),
        (["--estimator", "m0", "--buffer-m", "10"], "only with --estimator scr"),
        (["--detector", "multi", "--buffer-m", "5000"], "--detector='multi'"),
        (["--mask", "m.csv", "--mask-nx", "10"], "--mask-nx=10"),
        (["--traps", "t.csv"], "--traps='t.csv'"),
        (["--occasion-days", "30", "--estimator", "mt"], "at least 2 occasions"),
        (["--estimator", "scr"], "--mask/--buffer-m"),
        (["--jackknife-order", "2"], "--jackknife-order=2"),
    ],
)
def test_bad_package_input_exits_2_with_one_paragraph(package, capsys, args, words):
    """Bad flags and values print one paragraph naming them (no traceback) and return 2."""
    base = [] if "--package" in args else ["--package", str(package)]
    if not {"--estimator", "--buffer-m", "--mask"} & set(args):
        base += ["--estimator", "m0"]
    code, _, err = _run(capsys, [*base, *args])
    assert code == 2 and err.startswith("twin-estimate: error:")
    assert words in err and "Traceback" not in err and err.count("\n") == 1


def _edited(package: Path, tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the package with ``old`` replaced by ``new`` in every table (``.csv``)."""
    copy = tmp_path / name
    copy.mkdir()
    for item in package.iterdir():
        text = item.read_text(encoding="utf-8")
        (copy / item.name).write_text(
            text.replace(old, new) if item.suffix == ".csv" else text, encoding="utf-8"
        )
    return copy


def test_an_unknown_deployment_id_is_named_with_its_file(package, tmp_path, capsys):
    """Observations of an unknown deploymentID exit 2 naming the value and observations.csv."""
    broken = _edited(package, tmp_path, "unknown", "obs-q02,D01b,", "obs-q02,D99x,")
    code, _, err = _run(capsys, ["--package", str(broken), "--estimator", "m0"])
    assert code == 2 and "Traceback" not in err
    assert f"{broken / 'observations.csv'}: deploymentID=['D99x'] is not allowed" in err
    assert "nan" not in err


def test_times_without_an_offset_need_the_time_zone(package, tmp_path, capsys):
    """Local times without a UTC offset are refused; --timezone reads them as the offsets did."""
    naive = _edited(package, tmp_path, "naive", "+10:00", "")
    code, _, err = _run(capsys, ["--package", str(naive), "--estimator", "m0"])
    assert code == 2 and "Traceback" not in err
    assert f"{naive / 'deployments.csv'}: deploymentStart=['2024-06-01T00:00:00'" in err
    assert "--timezone" in err
    with_zone = ["--package", str(naive), "--timezone", "Asia/Vladivostok", "--estimator", "m0"]
    _, zoned, _ = _run(capsys, [*with_zone, "--json"])
    _, offsets, _ = _run(capsys, ["--package", str(package), "--estimator", "m0", "--json"])
    assert _flat_without_timing(zoned) == _flat_without_timing(offsets)


def test_an_unknown_time_zone_exits_2(package, capsys):
    """--timezone must be an IANA name; the message names the flag and the value."""
    args = ["--package", str(package), "--timezone", "Mars/Olympus", "--estimator", "m0"]
    code, _, err = _run(capsys, args)
    assert code == 2 and "--timezone='Mars/Olympus' is not allowed: an IANA time zone" in err


def test_package_flags_are_refused_with_secr_input(tmp_path, capsys):
    """--species with --captures is an input error naming --species."""
    code, _, err = _run(
        capsys, ["--captures", "c.csv", "--traps", "t.csv", "--species", "X", "--buffer-m", "9"]
    )
    assert code == 2 and "--species='X' is not allowed: a flag used only with --package" in err


def test_unreadable_package_reports_the_validation_problems(package, tmp_path, capsys):
    """A package the reader cannot use gets the reader's error and the validator's findings."""
    code, _, err = _run(
        capsys, ["--package", str(_damaged(package, tmp_path)), "--estimator", "m0"]
    )
    assert code == 2
    assert "cannot be read as a Camtrap DP package" in err and "validation problem" in err
    assert "Traceback" not in err

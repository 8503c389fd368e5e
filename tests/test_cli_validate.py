"""The ``twin-validate`` command: exit 0 when valid, 1 listing problems, 2 for a non-package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from twin.cli.validate import main
from twin.io.camtrapdp_spec import EXAMPLE_DIR

REPOSITORY = Path(__file__).resolve().parents[1]


def test_valid_package_exits_zero(capsys):
    """The official example package is valid: exit 0 and one line saying so."""
    assert main([str(EXAMPLE_DIR)]) == 0
    assert "valid Camtrap DP 1.0.2 package" in capsys.readouterr().out


def test_invalid_package_lists_problems(tmp_path, capsys):
    """A package with an out-of-range latitude exits 1, its problem on stdout."""
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE_DIR, folder)
    path = folder / "deployments.csv"
    path.chmod(0o644)
    path.write_text(path.read_text(encoding="utf-8").replace(",51.496,", ",151.496,", 1))
    assert main([str(folder)]) == 1
    out = capsys.readouterr()
    assert 'deployments.csv: The cell "151.496"' in out.out and "maximum" in out.out
    assert "1 problems" in out.err


def test_not_a_package_exits_two(tmp_path, capsys):
    """A missing folder and a folder without datapackage.json exit 2 with one message."""
    assert main([str(tmp_path / "nowhere")]) == 2
    assert main([str(tmp_path)]) == 2
    assert capsys.readouterr().err.count("is not a package") == 2


def test_help_imports_no_numerical_library():
    """``twin-validate --help`` imports neither numpy, pandas nor frictionless."""
    code = (
        "import sys\n"
        "from twin.cli.validate import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0\n"
        "heavy = {'numpy', 'pandas', 'frictionless', 'jsonschema'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPOSITORY
    )
    assert done.returncode == 0, done.stderr
    assert "PACKAGE_DIR" in done.stdout


def test_console_script_runs(tmp_path):
    """The installed ``twin-validate`` script validates a package."""
    script = Path(sys.executable).parent / "twin-validate"
    done = subprocess.run(
        [str(script), str(EXAMPLE_DIR)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr

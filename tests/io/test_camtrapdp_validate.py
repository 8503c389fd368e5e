"""Offline validation of Camtrap DP packages."""

from __future__ import annotations

import json
import shutil

import pytest

from twin.io import validate_package
from twin.io.camtrapdp_spec import EXAMPLE_DIR


@pytest.fixture
def example_copy(tmp_path):
    """A writable copy of the official example package."""
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE_DIR, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


def _edit_line(path, line_no, old, new):
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line_no] = lines[line_no].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_example_package_validates():
    """The official example package (shipped copy) is valid."""
    assert validate_package(EXAMPLE_DIR) == []


def test_tampered_table_fails_readably(example_copy):
    """An out-of-range latitude is reported with its file, field and rule."""
    _edit_line(example_copy / "deployments.csv", 1, ",51.496,", ",151.496,")
    problems = validate_package(example_copy)
    assert len(problems) == 1
    assert "deployments.csv" in problems[0] and "latitude" in problems[0]
    assert "maximum" in problems[0]


def test_broken_foreign_key_is_reported(example_copy):
    """A media row pointing at an unknown deployment breaks the foreign key."""
    _edit_line(example_copy / "media.csv", 1, "00a2c20d", "deadbeef")
    problems = validate_package(example_copy)
    assert any("media.csv" in p and "foreign key" in p and "deadbeef" in p for p in problems)


def test_tampered_descriptor_fails_readably(example_copy):
    """A bad samplingDesign and a missing temporal are reported by JSON path."""
    path = example_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["project"]["samplingDesign"] = "random-ish"
    del descriptor["temporal"]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    problems = validate_package(example_copy)
    assert any("project/samplingDesign" in p and "random-ish" in p for p in problems)
    assert any("'temporal' is a required property" in p for p in problems)


def test_missing_files_are_reported(example_copy, tmp_path):
    """A missing descriptor or table is one readable problem, not an exception."""
    assert "missing" in validate_package(tmp_path / "nowhere")[0]
    (example_copy / "media.csv").unlink()
    assert validate_package(example_copy) == [
        "media.csv: missing (resource 'media' of datapackage.json)"
    ]


def test_remote_resource_is_not_fetched(example_copy):
    """A resource given by URL is reported, never downloaded."""
    path = example_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = "https://example.org/deployments.csv"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert any("not a local file" in p for p in validate_package(example_copy))

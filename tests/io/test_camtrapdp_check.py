"""The fast table check agrees with frictionless: on valid packages, on broken copies, per cell."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import twin.io.camtrapdp_write as writer
from tests.io.conftest import make_records
from twin.errors import TwinInputError
from twin.io import SharingPolicy, validate_package, write_camtrap_dp
from twin.io.camtrapdp_check import compile_schema
from twin.io.camtrapdp_spec import EXAMPLE_DIR, OUTAGES_SCHEMA, TABLE_NAMES, table_schema
from twin.io.tableschema_types import READERS, read_as

FORMAT = "%Y-%m-%dT%H:%M:%S%z"
REPOSITORY = Path(__file__).resolve().parents[2]


def _both(folder) -> tuple[list[str], list[str]]:
    return validate_package(folder, full=False), validate_package(folder)


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """A package written from the hand-made survey."""
    return write_camtrap_dp(make_records(), tmp_path_factory.mktemp("pkg") / "survey")


def _copy(package: Path, folder: Path) -> Path:
    folder.mkdir()
    for path in package.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def _broken(
    package: Path, folder: Path, table: str, column: str, row: int | None, value: str | None
) -> Path:
    """A copy of ``package`` with one cell set to ``value`` (None: the previous row's value),
    or with the label of ``column`` set to ``value`` when ``row`` is None."""
    path = _copy(package, folder) / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if row is None:
        frame = frame.rename(columns={column: str(value)})
    else:
        frame.at[row, column] = str(frame.at[row - 1, column]) if value is None else value
    frame.to_csv(path, index=False, lineterminator="\n")
    return folder


def test_twins_packages_pass_both(records, tmp_path):
    """The private and the shared package the twin writes, and the official example, pass both
    checks."""
    private = write_camtrap_dp(records, tmp_path / "private")
    shared = write_camtrap_dp(records, tmp_path / "shared", share=SharingPolicy())
    for folder in (private, shared, EXAMPLE_DIR):
        assert _both(folder) == ([], [])


@pytest.mark.parametrize(
    ("table", "column", "row", "value", "rule"),
    [
        ("observations", "observationType", 0, "cat", 'constraint "enum"'),
        ("camera-outages", "status", 1, "asleep", 'constraint "enum"'),
        ("media", "timestamp", 2, "", 'constraint "required"'),
        ("deployments", "latitude", 0, "NA", 'constraint "required"'),
        ("deployments", "deploymentID", 1, None, "violates the primary key"),
        ("media", "mediaID", 3, None, "violates the primary key"),
        ("observations", "deploymentID", 0, "D99", "violates the foreign key"),
        ("media", "deploymentID", 4, "D99", "violates the foreign key"),
        ("camera-outages", "deploymentID", 0, "D99", "violates the foreign key"),
        ("deployments", "deploymentStart", 0, "2024-06-01 00:00:00+10:00", "type is"),
        ("media", "timestamp", 0, "2024-02-30T10:00:00+10:00", "type is"),
        ("observations", "eventEnd", 1, "2024-06-01T10:00:00", "type is"),
        ("deployments", "latitude", 1, "forty-three", 'type is "number/default"'),
        ("observations", "count", 0, "1.0", 'type is "integer/default"'),
        ("deployments", "baitUse", 0, "yes", 'type is "boolean/default"'),
        ("deployments", "latitude", 2, "151.5", 'constraint "maximum"'),
        ("observations", "individualSpeed", 0, "-0.5", 'constraint "minimum"'),
        ("media", "filePath", 0, "../elsewhere.jpg", 'constraint "pattern"'),
        ("deployments", "latitude", None, "lat", "does not match the field name"),
    ],
)
def test_broken_copy_same_problems(package, tmp_path, table, column, row, value, rule):
    """A broken copy gives the fast check exactly frictionless's problems (table, row, field,
    value and rule)."""
    fast, full = _both(_broken(package, tmp_path / "copy", table, column, row, value))
    assert fast == full
    assert any(p.startswith(f"{table}.csv: ") and rule in p for p in fast), fast


def test_blank_row_and_empty_table_agree(package, tmp_path):
    """A blank row and a table of only its header read alike in both checks."""
    folder = _copy(package, tmp_path / "copy")
    lines = (folder / "deployments.csv").read_text(encoding="utf-8").split("\n")
    (folder / "deployments.csv").write_text("\n".join([*lines[:2], ",,,", *lines[2:]]))
    header = (folder / "media.csv").read_text(encoding="utf-8").split("\n")[0]
    (folder / "media.csv").write_text(header + "\n")
    fast, full = _both(folder)
    assert fast == full and any("completely blank" in p for p in fast)


def test_write_time_check_stops_a_bad_table(records, tmp_path, monkeypatch):
    """The write-time check raises for a table the writer got wrong, naming row, field, value
    and rule, and leaves nothing behind."""
    good = writer.package_tables

    def bad_tables(*args):
        tables, note, precision = good(*args)
        tables["observations"].loc[0, "observationType"] = "cat"
        return tables, note, precision

    monkeypatch.setattr(writer, "package_tables", bad_tables)
    with pytest.raises(TwinInputError, match='"cat" in row at position "2".*"enum"'):
        write_camtrap_dp(records, tmp_path / "p")
    assert list(tmp_path.iterdir()) == []


def test_writing_imports_no_frictionless(tmp_path):
    """Writing a package (fast check) does not import frictionless; full validation does."""
    code = (
        "import sys\n"
        "from tests.io.conftest import make_records\n"
        "from twin.io import validate_package, write_camtrap_dp\n"
        f"folder = write_camtrap_dp(make_records(), {str(tmp_path / 'p')!r})\n"
        "assert 'frictionless' not in sys.modules\n"
        "assert validate_package(folder) == [] and 'frictionless' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300, cwd=REPOSITORY)


@pytest.mark.parametrize("schema", [*(table_schema(t) for t in TABLE_NAMES), OUTAGES_SCHEMA])
def test_every_rule_of_the_schemas_is_implemented(schema):
    """The Camtrap DP and outage schemas compile: the check implements each of their rules."""
    assert len(compile_schema(schema).fields) == len(schema["fields"])


@pytest.mark.parametrize(
    "field",
    [
        {"name": "a", "type": "geopoint"},
        {"name": "a", "type": "string", "constraints": {"minLength": 2}},
        {"name": "a", "type": "number", "decimalChar": ","},
        {"name": "a", "type": "datetime"},
    ],
)
def test_unimplemented_rule_raises(field):
    """A rule the check does not implement raises instead of passing unchecked."""
    with pytest.raises(ValueError, match="does not implement"):
        compile_schema({"fields": [field]})


def _accepts(read, text: str) -> bool:
    try:
        read(text)
    except (ValueError, ArithmeticError):
        return False
    return True


DATETIMES = [
    "2024-06-01T07:30:00+10:00", "2024-02-29T00:00:00+10:00", "2023-02-29T00:00:00+10:00",
    "1900-02-29T00:00:00+00:00", "2000-02-29T23:59:59-03:30", "2024-06-31T00:00:00+10:00",
    "2024-13-01T00:00:00+10:00", "2024-00-10T00:00:00+10:00", "2024-06-01T24:00:00+10:00",
    "2024-06-01T07:60:00+10:00", "2024-06-01T07:30:60+10:00", "0000-06-01T07:30:00+10:00",
    "2024-06-01T07:30:00+23:59", "2024-06-01T07:30:00+24:00", "2024-06-01T07:30:00+10:60",
    "2024-06-01T07:30:00Z", "2024-06-01T07:30:00+1000", "2024-06-01t07:30:00+10:00",
    "2024-6-1T7:30:0+10:00", "2024-06-01T07:30:00", " 2024-06-01T07:30:00+10:00",
    "2024-06-01T07:30:00+10:00 ", "２０２４-06-01T07:30:00+10:00", "2024-06-01T07:30:00.5+10:00",
    "2024/06/01T07:30:00+10:00", "2024-06-01T07:30:00*10:00", "not a date",
]  # fmt: skip
NUMBERS = [
    "1", "-1.5", "+.5", "5.", "1e5", "1E-5", "1_000", "1__0", "_1", "inf", "-Infinity", "NaN",
    "sNaN", "abc", "1,5", " 2 ", "0x10", "١٢", "1.0", "--1", "1e", ".", "+", "1_", "_", "1._5",
    "in_f",
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "fmt", "texts", "reference"),
    [
        ("datetime", FORMAT, DATETIMES, lambda text: datetime.strptime(text, FORMAT)),
        ("date", "default", ["2024-06-01", "2024-6-1", "2024-02-30", "2024-06-01T00"], None),
        ("number", "default", NUMBERS, lambda text: Decimal(text.strip())),
        ("integer", "default", NUMBERS, lambda text: int(text.strip())),
        ("boolean", "default", ["true", "True", "TRUE", "1", "false", "0", "yes", "tRue"], None),
    ],
)
def test_readers_agree_with_frictionless_readers(kind, fmt, texts, reference):
    """Each column reader accepts exactly the texts frictionless's cell reader accepts (strptime,
    Decimal, int, the boolean texts)."""
    if reference is None:
        import frictionless

        reader = frictionless.Field.from_descriptor({"name": "a", "type": kind}).read_cell
        expected = [reader(text)[1] is None for text in texts]
    else:
        expected = [_accepts(reference, text) for text in texts]
    ok, _ = read_as(kind, fmt, pd.Series(texts, dtype=object))
    assert dict(zip(texts, ok.tolist(), strict=True)) == dict(zip(texts, expected, strict=True))
    assert set(READERS) == {"string", "any", "number", "integer", "boolean", "date", "datetime"}

"""Offline validation of a Camtrap DP 1.0.2 package against the copies shipped with the twin.

The descriptor is checked with jsonschema (Draft 4) against the local profile; its remote
``allOf`` reference to the generic Data Package profile is dropped (the few rules of it that
matter here are checked by hand) and the GeoJSON reference resolves to the copy inside
frictionless. The tables are checked against the local Table Schemas, foreign keys between
tables included: in full with frictionless (one Package of Resources), or with the fast check of
:mod:`twin.io.camtrapdp_check`, which applies the same rules a column at a time and gives the
same messages. Nothing is fetched; frictionless is imported only for a full validation.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry
from referencing.jsonschema import DRAFT4

from twin.io.camtrapdp_check import Table, check_tables
from twin.io.camtrapdp_spec import OUTAGES_NAME, TABLE_NAMES, VERSION, profile, table_schema

GEOJSON_URL = "http://json.schemastore.org/geojson.json"
MAX_TABLE_ERRORS = 50
"""Table errors reported per resource; the rest are summarised in one line."""


@cache
def _descriptor_validator() -> jsonschema.Draft4Validator:
    schema = profile()
    schema["allOf"] = [part for part in schema["allOf"] if "$ref" not in part]
    spec = find_spec("frictionless")  # its folder, without the cost of importing it
    assert spec is not None and spec.origin is not None
    geojson_path = Path(spec.origin).parent / "assets" / "profiles" / "geojson.json"
    geojson = json.loads(geojson_path.read_text(encoding="utf-8"))
    resource = DRAFT4.create_resource(geojson)
    registry = Registry().with_resources(
        [(GEOJSON_URL, resource), (geojson["id"].rstrip("#"), resource)]
    )
    return jsonschema.Draft4Validator(
        schema, registry=registry, format_checker=jsonschema.FormatChecker()
    )


def descriptor_problems(descriptor: dict[str, Any]) -> list[str]:
    """Return readable problems of a ``datapackage.json`` dict (empty when it conforms)."""
    problems = [
        f"datapackage.json: {'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in sorted(_descriptor_validator().iter_errors(descriptor), key=str)
    ]
    if VERSION not in str(descriptor.get("profile", "")):
        problems.append(
            f"datapackage.json: profile={descriptor.get('profile')!r} is not Camtrap DP {VERSION}"
        )
    names = [r.get("name") for r in descriptor.get("resources", []) if isinstance(r, dict)]
    for name in TABLE_NAMES:
        if names.count(name) != 1:
            problems.append(
                f"datapackage.json: resources has {names.count(name)} '{name}' entries, needs 1"
            )
    return problems


def _local_path(folder: Path, resource: dict[str, Any]) -> tuple[str, list[str]]:
    path = str(resource.get("path", ""))
    name = resource.get("name")
    if "://" in path or path.startswith(("/", "~")) or ".." in Path(path).parts or not path:
        return path, [f"datapackage.json: resource {name!r} path={path!r} is not a local file"]
    if not (folder / path).is_file():
        return path, [f"{path}: missing (resource {name!r} of datapackage.json)"]
    return path, []


def _tables(folder: Path, descriptor: dict[str, Any]) -> tuple[list[Table], list[str]]:
    """The package's tables with their Table Schemas, and problems of missing or remote files."""
    by_name = {r.get("name"): r for r in descriptor.get("resources", []) if isinstance(r, dict)}
    tables: list[Table] = []
    problems: list[str] = []
    for name in (*TABLE_NAMES, OUTAGES_NAME):
        if name not in by_name:
            continue
        path, missing = _local_path(folder, by_name[name])
        problems += missing
        schema = table_schema(name) if name in TABLE_NAMES else by_name[name].get("schema")
        if not missing and isinstance(schema, dict):
            tables.append(Table(name=name, place=path, file=folder / path, schema=schema))
    return tables, problems


def _frictionless_problems(folder: Path, tables: list[Table]) -> list[tuple[str, list[str]]]:
    import frictionless

    resources = [
        frictionless.Resource(
            path=table.place,
            name=table.name,
            schema=frictionless.Schema.from_descriptor(table.schema),
        )
        for table in tables
    ]
    report = frictionless.Package(resources=resources, basepath=str(folder)).validate()
    return [(task.place, [error.message for error in task.errors]) for task in report.tasks]


def table_problems(folder: Path, descriptor: dict[str, Any], *, full: bool = True) -> list[str]:
    """Return readable problems of the package's tables (types, constraints, foreign keys).

    ``full`` validates them with frictionless; otherwise with the fast check, which gives the
    same lines for the kinds of errors a writer makes (docs/outputs-camtrapdp.md, Validation).
    """
    tables, problems = _tables(folder, descriptor)
    if problems:
        return problems
    checked = _frictionless_problems(folder, tables) if full else check_tables(tables)
    for place, messages in checked:
        problems += [f"{place}: {message}" for message in messages[:MAX_TABLE_ERRORS]]
        if len(messages) > MAX_TABLE_ERRORS:
            problems.append(f"{place}: {len(messages) - MAX_TABLE_ERRORS} more errors")
    return problems


def validate_package(folder: str | Path, *, full: bool = True) -> list[str]:
    """Validate a Camtrap DP 1.0.2 package folder offline.

    Parameters
    ----------
    folder
        Folder holding ``datapackage.json`` and the CSV files it lists.
    full
        Validate the tables with frictionless (the default); False checks them with the fast
        check of :mod:`twin.io.camtrapdp_check` (same rules and messages, a column at a time),
        as :func:`twin.io.write_camtrap_dp` does.

    Returns
    -------
    list of str
        One readable line per problem, naming the file, the place and the rule; empty when the
        package is valid.
    """
    folder = Path(folder)
    descriptor_path = folder / "datapackage.json"
    if not descriptor_path.is_file():
        return [f"{descriptor_path}: missing"]
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        return [f"{descriptor_path}: not valid JSON ({err})"]
    if not isinstance(descriptor, dict):
        return [f"{descriptor_path}: the top level must be a JSON object"]
    return descriptor_problems(descriptor) + table_problems(folder, descriptor, full=full)

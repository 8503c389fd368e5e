"""Where Camtrap DP 1.0.2 lives: its URLs and the local copies shipped with the twin."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

VERSION = "1.0.2"
"""Camtrap DP version that the twin writes and validates against."""

SPEC_DIR = Path(__file__).resolve().parents[1] / "data" / f"camtrap-dp-{VERSION}"
"""Local copy of the standard: profile, table schemas, LICENSE, README and the official example."""

EXAMPLE_DIR = SPEC_DIR / "example"
"""The official example package (without its JPEGs)."""

BASE_URL = f"https://raw.githubusercontent.com/tdwg/camtrap-dp/{VERSION}"
PROFILE_URL = f"{BASE_URL}/camtrap-dp-profile.json"

TABLE_NAMES: tuple[str, ...] = ("deployments", "media", "observations")
"""The three resources every Camtrap DP package holds, in foreign-key order."""

OUTAGES_NAME = "camera-outages"
"""The twin's extra resource: camera outages inside deployments, which Camtrap DP cannot hold."""

OUTAGES_SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "deploymentID", "type": "string", "constraints": {"required": True}},
        {"name": "cameraID", "type": "string"},
        {"name": "locationID", "type": "string"},
        {
            "name": "status",
            "type": "string",
            "constraints": {
                "required": True,
                "enum": ["battery_flat", "card_full", "malfunction", "stolen"],
            },
        },
        {
            "name": "outageStart",
            "type": "datetime",
            "format": "%Y-%m-%dT%H:%M:%S%z",
            "constraints": {"required": True},
        },
        {
            "name": "outageEnd",
            "type": "datetime",
            "format": "%Y-%m-%dT%H:%M:%S%z",
            "constraints": {"required": True},
        },
    ],
    "missingValues": [""],
    "foreignKeys": [
        {
            "fields": "deploymentID",
            "reference": {"resource": "deployments", "fields": "deploymentID"},
        }
    ],
}
"""Table Schema of the ``camera-outages`` resource (one row per interval a camera was down)."""


def schema_url(table: str) -> str:
    """Return the official URL of a table schema, e.g. ``schema_url("media")``."""
    return f"{BASE_URL}/{table}-table-schema.json"


@cache
def _load(file_name: str) -> str:
    return (SPEC_DIR / file_name).read_text(encoding="utf-8")


def table_schema(table: str) -> dict[str, Any]:
    """Return the local Table Schema of ``table`` (one of :data:`TABLE_NAMES`) as a new dict."""
    return json.loads(_load(f"{table}-table-schema.json"))


def profile() -> dict[str, Any]:
    """Return the local Camtrap DP profile (JSON Schema of ``datapackage.json``) as a new dict."""
    return json.loads(_load("camtrap-dp-profile.json"))

"""``datapackage.json`` for a twin survey: project, coverage, taxa, licences and resources."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from twin.errors import require
from twin.io.camtrapdp_spec import (
    OUTAGES_NAME,
    OUTAGES_SCHEMA,
    PROFILE_URL,
    TABLE_NAMES,
    schema_url,
)
from twin.taxa import TAXA

SAMPLING_DESIGNS = (
    "simpleRandom",
    "systematicRandom",
    "clusteredRandom",
    "experimental",
    "targeted",
    "opportunistic",
)
CONTRIBUTOR_ROLES = ("contact", "principalInvestigator", "rightsHolder", "publisher", "contributor")
NO_LICENSE = "none"
"""Licence value that writes no ``licenses``: nothing grants reuse (all rights reserved)."""
_NAME_PATTERN = re.compile(r"^[a-z0-9._/-]+$")


@dataclass(frozen=True)
class ProjectMetadata:
    """Who made the survey and how: the descriptor's project, contributors and licences.

    Parameters
    ----------
    name
        Package name: lower case, digits and ``-._/`` only.
    title, acronym, description
        Project title, acronym and description (Markdown).
    sampling_design
        One of :data:`SAMPLING_DESIGNS`.
    contributors
        Dicts with ``title`` and optional ``role`` (one of :data:`CONTRIBUTOR_ROLES`), ``email``,
        ``path``, ``organization``.
    data_license, media_license
        SPDX licence ids of the tables and of the (absent) images, or both :data:`NO_LICENSE`
        (the default): the package is private and the descriptor has no ``licenses``.
    created
        Creation time of the package; None stamps the end of the last deployment, so that the
        same records always give the same bytes.
    """

    name: str = "land-of-the-leopard-twin"
    title: str = "Land of the Leopard camera-trap survey (simulated by the leopard twin)"
    acronym: str = "LOTL-TWIN"
    description: str = (
        "Camera-trap survey of Amur leopard and Amur tiger in Land of the Leopard National Park "
        "(Primorsky Krai, Russia), simulated by the leopard twin; the truth is known."
    )
    sampling_design: str = "systematicRandom"
    contributors: tuple[dict[str, str], ...] = field(
        default_factory=lambda: ({"title": "the leopard twin", "role": "contact"},)
    )
    data_license: str = NO_LICENSE
    media_license: str = NO_LICENSE
    created: datetime | None = None

    def __post_init__(self) -> None:
        require(bool(_NAME_PATTERN.match(self.name)), "metadata.name", self.name, "[a-z0-9._/-]+")
        require(
            self.sampling_design in SAMPLING_DESIGNS,
            "metadata.sampling_design",
            self.sampling_design,
            f"one of {SAMPLING_DESIGNS}",
        )
        require(len(self.contributors) > 0, "metadata.contributors", (), "at least one")
        for person in self.contributors:
            require("title" in person, "metadata.contributors", person, "dicts with a 'title'")
            role = person.get("role", "contributor")
            require(role in CONTRIBUTOR_ROLES, "metadata.contributors.role", role, "a known role")
        require(
            (self.data_license == NO_LICENSE) == (self.media_license == NO_LICENSE),
            "metadata.media_license",
            self.media_license,
            f"{NO_LICENSE!r} exactly when data_license is (Camtrap DP needs both scopes or none)",
        )
        require(
            self.created is None or self.created.tzinfo is not None,
            "metadata.created",
            self.created,
            "None or a timezone-aware datetime",
        )

    def licensed(self, license_id: str) -> ProjectMetadata:
        """These metadata with ``license_id`` for data and media (:data:`NO_LICENSE`: none)."""
        return replace(self, data_license=license_id, media_license=license_id)


def _licenses(metadata: ProjectMetadata) -> dict[str, list[dict[str, str]]]:
    if metadata.data_license == NO_LICENSE:
        return {}
    return {
        "licenses": [
            {"name": metadata.data_license, "scope": "data"},
            {"name": metadata.media_license, "scope": "media"},
        ]
    }


def _resource(name: str, schema: str | dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _bbox_polygon(deployments: pd.DataFrame) -> dict[str, Any]:
    west, east = float(deployments["longitude"].min()), float(deployments["longitude"].max())
    south, north = float(deployments["latitude"].min()), float(deployments["latitude"].max())
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def _taxonomic(observations: pd.DataFrame) -> list[dict[str, Any]]:
    present = set(observations["scientificName"]) - {""}
    return [
        {
            "scientificName": taxon.scientific_name,
            "taxonRank": taxon.rank,
            "vernacularNames": {"eng": taxon.vernacular_en, "rus": taxon.vernacular_ru},
        }
        for taxon in sorted(TAXA.values(), key=lambda t: t.scientific_name)
        if taxon.scientific_name in present
    ]


def build_descriptor(
    tables: dict[str, pd.DataFrame],
    metadata: ProjectMetadata,
    *,
    created: datetime,
    coordinate_precision_deg: float,
    note: str = "",
) -> dict[str, Any]:
    """Return the Camtrap DP 1.0.2 descriptor of a package's tables.

    Parameters
    ----------
    tables
        ``deployments``, ``media``, ``observations`` (as written) and optionally
        ``camera-outages``.
    metadata
        Project metadata.
    created
        Timezone-aware creation time (written in UTC).
    coordinate_precision_deg
        Least precise coordinate precision of the deployments, degrees.
    note
        Extra paragraph appended to the package description (e.g. the sharing note).
    """
    deployments = tables["deployments"]
    created_utc = created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    resources = [_resource(name, schema_url(name)) for name in TABLE_NAMES]
    if OUTAGES_NAME in tables:
        resources.append(_resource(OUTAGES_NAME, OUTAGES_SCHEMA))
    description = metadata.description + (f"\n\n{note}" if note else "")
    return {
        "resources": resources,
        "profile": PROFILE_URL,
        "name": metadata.name,
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"twin:{metadata.name}:{created_utc}:{note}")),
        "created": created_utc,
        "title": metadata.title,
        "description": description,
        "contributors": [dict(person) for person in metadata.contributors],
        **_licenses(metadata),
        "project": {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"twin:project:{metadata.name}")),
            "title": metadata.title,
            "acronym": metadata.acronym,
            "description": metadata.description,
            "samplingDesign": metadata.sampling_design,
            "captureMethod": ["activityDetection"],
            "individualAnimals": True,
            "observationLevel": ["event"],
        },
        "coordinatePrecision": coordinate_precision_deg,
        "spatial": _bbox_polygon(deployments),
        "temporal": {
            "start": str(deployments["deploymentStart"].min())[:10],
            "end": str(deployments["deploymentEnd"].max())[:10],
        },
        "taxonomic": _taxonomic(tables["observations"]),
    }

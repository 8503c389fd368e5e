"""The three Camtrap DP tables (plus the outage table) built from survey records.

Every column of the 1.0.2 table schemas is written, in schema order; unknown values are empty.
Observations are event-level: one per retrieved sequence, none for unretrieved ones.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from twin.cameras.records import SurveyRecords
from twin.io.camtrapdp_spec import OUTAGES_SCHEMA, table_schema
from twin.io.coordinates import to_wgs84
from twin.io.operation import outage_intervals
from twin.io.timestamps import iso_timestamps
from twin.taxa import HUMAN, TAXA

FEATURE_TYPE = "trailGame"
"""Camtrap DP ``featureType`` of every deployment: the park's cameras watch game trails."""

CLASSIFIED_BY = "the leopard twin: simulated observer"
MINUTES_PER_DAY = 1440.0
"""Minutes of a day: records time events in minutes from the run's start."""
COORDINATE_DECIMALS = 5
"""Decimals of latitude/longitude (1e-5 degree is at most 1.1 m)."""


BOOL_TEXT = np.array(["false", "true"], dtype=object)
"""Camtrap DP's boolean texts, indexed by the value (one string object each)."""


def _bool_text(values: pd.Series | np.ndarray) -> np.ndarray:
    return BOOL_TEXT[np.asarray(values, dtype=bool).astype(np.intp)]


def _text(values: pd.Series) -> np.ndarray:
    """A column as text in an object array sharing the strings it holds (a fixed-width numpy
    string array would cost ~4 bytes a character, and a new Python string a cell in the frame)."""
    return values.astype(str).to_numpy(dtype=object)


def _constant(n_rows: int, text: str) -> np.ndarray:
    """``n_rows`` cells of one text, all the same string object."""
    return np.full(n_rows, text, dtype=object)


def _shared(column: object) -> object:
    """A fixed-width numpy string column as objects, one string object per distinct text: a
    frame would otherwise hold a new Python string per cell (a long survey's tables are large)."""
    if isinstance(column, np.ndarray) and column.dtype.kind == "U":
        codes, distinct = pd.factorize(column)
        return np.asarray(distinct, dtype=object)[codes]
    return column


def _in_schema_order(columns: Mapping[str, object], table: str, n_rows: int) -> pd.DataFrame:
    names = [field["name"] for field in table_schema(table)["fields"]]
    frame = pd.DataFrame(
        {name: _shared(columns.get(name, _constant(n_rows, ""))) for name in names}
    )
    return frame.reset_index(drop=True)


def deployments_table(
    records: SurveyRecords, crs: str, coordinate_uncertainty_m: int
) -> pd.DataFrame:
    """Camtrap DP ``deployments``: one row per deployment, coordinates in WGS84 degrees.

    Every deployment of a station carries the station's coordinates (the mean position of its
    cameras), so that tools which key locations by ``locationID`` (camtrapR) see one point.
    """
    dep = records.deployments
    station = dep.groupby("station_id", sort=False)[["x_m", "y_m"]].transform("mean")
    lon, lat = to_wgs84(station["x_m"].to_numpy(), station["y_m"].to_numpy(), crs)
    heading = pd.Series(np.rint(dep["heading_deg"].to_numpy(float)) % 360.0).astype("Int64")
    columns = {
        "deploymentID": dep["deployment_id"].to_numpy(str),
        "locationID": dep["station_id"].to_numpy(str),
        "locationName": dep["station_id"].to_numpy(str),
        "latitude": np.round(lat, COORDINATE_DECIMALS),
        "longitude": np.round(lon, COORDINATE_DECIMALS),
        "coordinateUncertainty": np.full(len(dep), int(coordinate_uncertainty_m)),
        "deploymentStart": iso_timestamps(records.start_datetime, dep["start_min"]),
        "deploymentEnd": iso_timestamps(records.start_datetime, dep["end_min"]),
        "cameraID": dep["camera_id"].to_numpy(str),
        "cameraModel": dep["camera_model"].to_numpy(str),
        "cameraHeight": dep["camera_height_m"].round(2).to_numpy(),
        "cameraHeading": heading.to_numpy(),
        "detectionDistance": dep["detection_distance_m"].round(2).to_numpy(),
        "timestampIssues": _bool_text(np.zeros(len(dep))),
        "baitUse": _bool_text(np.zeros(len(dep))),
        "featureType": np.full(len(dep), FEATURE_TYPE),
    }
    return _in_schema_order(columns, "deployments", len(dep))


def media_table(records: SurveyRecords) -> pd.DataFrame:
    """Camtrap DP ``media``: one row per photo of a retrieved sequence (no image bytes exist)."""
    media = records.media
    columns = {
        "mediaID": _text(media["media_id"]),
        "deploymentID": _text(media["deployment_id"]),
        "captureMethod": _constant(len(media), "activityDetection"),
        "timestamp": iso_timestamps(records.start_datetime, media["timestamp_min"]),
        "filePath": _text(media["file_path"]),
        "filePublic": _bool_text(np.zeros(len(media))),
        "fileName": _text(media["file_name"]),
        "fileMediatype": _text(media["file_mediatype"]),
    }
    return _in_schema_order(columns, "media", len(media))


def observation_types(species: pd.Series) -> np.ndarray:
    """Camtrap DP ``observationType`` of species codes: animal, human, or blank (no taxon)."""
    codes = species.to_numpy(int)
    known = np.isin(codes, list(TAXA))
    return np.where(codes == HUMAN, "human", np.where(known, "animal", "blank"))


def position_angle_deg(angle_rad: pd.Series) -> np.ndarray:
    """Camtrap DP ``individualPositionAngle`` (deg, negative left, positive right, within +-90).

    The camera model's ``angle_rad`` is counter-clockwise positive (to the camera's left), so
    the sign flips.
    """
    return np.clip(-np.degrees(angle_rad.to_numpy(float)), -90.0, 90.0).round(2)


def _tags(seq: pd.DataFrame, animal: np.ndarray, time_tags: pd.Series) -> np.ndarray:
    light = np.where(seq["is_night"].to_numpy(bool), "light:night", "light:day")
    flank = np.where(seq["flank"].to_numpy(int) == 1, "flank:right | ", "flank:left | ")
    given = time_tags.to_numpy(str)
    return np.where(animal, flank, "") + np.where(given != "", given, light)


def observer_fields(
    seq: pd.DataFrame, identified: np.ndarray, animals: pd.DataFrame | None
) -> tuple[np.ndarray, np.ndarray]:
    """``lifeStage`` and ``sex`` a field observer records for each sequence.

    The rule: an identified cat gets its life stage on the event's day (``juvenile`` while a
    dependent cub, then ``subadult``, then ``adult``), since an observer who tells individuals
    apart sees their size and company; its sex only when adult (sexed by size, head and visible
    genitalia; subadults and cubs are not sexed reliably from camera images). Unidentified
    animals get neither, nor does anything without ``animals``: by true animal id, ``sex`` and
    the run days (from its start) of ``birth_day``, ``independent_day`` (a cub leaves its
    mother) and ``adult_day`` (:func:`twin.run_tables.observer_table`).
    """
    empty = np.full(len(seq), "", dtype=object)
    if animals is None:
        return empty, empty.copy()
    truth = animals.reindex(seq["true_animal_id"].to_numpy())
    day = seq["start_min"].to_numpy(float) // MINUTES_PER_DAY
    cub = day < truth["independent_day"].to_numpy(float)
    adult = day >= truth["adult_day"].to_numpy(float)
    known = truth["birth_day"].notna().to_numpy()
    stage = np.where(cub, "juvenile", np.where(adult, "adult", "subadult"))
    life_stage = np.where(identified & known, stage, "").astype(object)
    sexed = identified & known & adult
    sex = np.where(sexed, truth["sex"].fillna("").to_numpy(dtype=object), "").astype(object)
    return life_stage, sex


def observations_table(
    records: SurveyRecords, tags: pd.Series | None = None, animals: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Camtrap DP ``observations`` at event level, one per retrieved sequence.

    Species (``scientificName``) is the true one: the twin's observers never misname a species.
    ``individualID`` is the id the observers assigned, only for identified animals. Position
    (radius m, angle deg) and speed (m/s) are given for animals, as a calibrated REM-style
    analysis would measure them. ``tags`` (by sequence id) takes the place of the day/night
    tag, which would tell the time of day of an event whose time was generalised. ``animals``
    (by true animal id: sex and the days of each life stage) fills ``lifeStage`` and ``sex`` by
    the field observer's rule of :func:`observer_fields`.
    """
    seq = records.sequences[records.sequences["retrieved"].to_numpy(bool)]
    kind = observation_types(seq["species"])
    animal, named = kind == "animal", kind != "blank"
    ident = seq["identified"].to_numpy(bool) & animal & (seq["individual_id"].to_numpy(str) != "")
    names = seq["species"].map({c: t.scientific_name for c, t in TAXA.items()}).fillna("")
    time_tags = pd.Series("", index=seq.index) if tags is None else seq["sequence_id"].map(tags)
    life_stage, sex = observer_fields(seq, ident, animals)
    columns = {
        "observationID": ("obs-" + seq["sequence_id"].astype(str)).to_numpy(),
        "deploymentID": _text(seq["deployment_id"]),
        "eventID": _text(seq["sequence_id"]),
        "eventStart": iso_timestamps(records.start_datetime, seq["start_min"]),
        "eventEnd": iso_timestamps(records.start_datetime, seq["end_min"]),
        "observationLevel": _constant(len(seq), "event"),
        "observationType": kind,
        "scientificName": np.where(named, names.to_numpy(str), ""),
        "count": np.where(named, "1", ""),
        "lifeStage": life_stage,
        "sex": sex,
        "individualID": np.where(ident, seq["individual_id"].to_numpy(str), ""),
        "individualPositionRadius": np.where(animal, seq["distance_m"].round(2), np.nan),
        "individualPositionAngle": np.where(animal, position_angle_deg(seq["angle_rad"]), np.nan),
        "individualSpeed": np.where(animal, seq["speed_m_per_s"].round(3), np.nan),
        "classificationMethod": _constant(len(seq), "human"),
        "classifiedBy": _constant(len(seq), CLASSIFIED_BY),
        "classificationProbability": np.ones(len(seq)),
        "observationTags": _tags(seq, animal, time_tags.fillna("")),
    }
    return _in_schema_order(columns, "observations", len(seq))


def outages_table(records: SurveyRecords) -> pd.DataFrame:
    """The twin's ``camera-outages`` table: one row per outage inside a deployment.

    Outages outside deployments (a stolen camera awaiting replacement) are gaps between
    deployments already, so they are left out.
    """
    down = outage_intervals(records)
    down = down[down["deployment_id"] != ""]
    columns = {
        "deploymentID": down["deployment_id"].to_numpy(str),
        "cameraID": down["camera_id"].to_numpy(str),
        "locationID": down["station_id"].to_numpy(str),
        "status": down["status"].to_numpy(str),
        "outageStart": down["start"].to_numpy(str),
        "outageEnd": down["end"].to_numpy(str),
    }
    return pd.DataFrame(
        {field["name"]: columns[field["name"]] for field in OUTAGES_SCHEMA["fields"]}
    )

"""The survey-records contract shared with the Camtrap DP writer."""

from __future__ import annotations

from datetime import datetime

from twin.cameras.records import (
    DEFAULT_START,
    DEPLOYMENT_COLUMNS,
    MEDIA_COLUMNS,
    OPERATION_COLUMNS,
    SEQUENCE_COLUMNS,
    SurveyRecords,
    typed_table,
)


def test_empty_records_have_contract_columns_and_dtypes():
    """An empty SurveyRecords has every table with the contract's columns and dtypes."""
    rec = SurveyRecords()
    tables = [
        (rec.deployments, DEPLOYMENT_COLUMNS),
        (rec.sequences, SEQUENCE_COLUMNS),
        (rec.media, MEDIA_COLUMNS),
        (rec.operation, OPERATION_COLUMNS),
    ]
    for frame, columns in tables:
        assert list(frame.columns) == list(columns)
        assert [str(t) for t in frame.dtypes] == list(columns.values())
    assert rec.crs == "EPSG:32652" and rec.start_datetime == DEFAULT_START


def test_default_start_is_vladivostok_midnight():
    """Minute 0 is 2024-06-01T00:00+10:00 and datetime_of adds minutes."""
    rec = SurveyRecords(survey_days=2.0)
    assert rec.start_datetime.isoformat() == "2024-06-01T00:00:00+10:00"
    assert rec.datetime_of(90.0) == datetime.fromisoformat("2024-06-01T01:30:00+10:00")
    assert rec.survey_min == 2880.0


def test_typed_table_orders_and_casts_columns():
    """typed_table keeps the contract order and dtypes whatever the input order."""
    rows = [
        {"status": "working", "end_min": 5, "start_min": 0, "deployment_id": "d", "camera_id": "c"}
    ]
    frame = typed_table(rows, OPERATION_COLUMNS)
    assert list(frame.columns) == list(OPERATION_COLUMNS)
    assert str(frame["end_min"].dtype) == "float64"

"""Observation outputs: Camtrap DP packages, camera operation, capture histories, secr export."""

from twin.io.camtrapdp_descriptor import ProjectMetadata
from twin.io.camtrapdp_read import CamtrapPackage, capture_history, read_camtrap_dp
from twin.io.camtrapdp_validate import validate_package
from twin.io.camtrapdp_write import write_camtrap_dp
from twin.io.capture_history import CaptureHistory, build_capture_history
from twin.io.operation import operation_matrix, outage_intervals, write_outages_csv
from twin.io.records_history import capture_history_from_records
from twin.io.secr_csv import read_secr_csv, write_secr_csv
from twin.io.sharing import SharingPolicy

__all__ = [
    "CamtrapPackage",
    "CaptureHistory",
    "ProjectMetadata",
    "SharingPolicy",
    "build_capture_history",
    "capture_history",
    "capture_history_from_records",
    "operation_matrix",
    "outage_intervals",
    "read_camtrap_dp",
    "read_secr_csv",
    "validate_package",
    "write_camtrap_dp",
    "write_outages_csv",
    "write_secr_csv",
]

"""Former conversion to the estimators' input, kept for callers of the old API.

The estimators read a :class:`~twin.io.capture_history.CaptureHistory` directly; choosing how
SCR reads its counts is :meth:`CaptureHistory.as_detector`.
"""

from __future__ import annotations

from twin.errors import require
from twin.io.capture_history import SECR_DETECTORS, CaptureHistory


def capture_data_from_history(
    history: CaptureHistory, detector_type: str = "proximity"
) -> CaptureHistory:
    """``history.as_detector(detector_type)`` for ``"proximity"`` or ``"count"`` detectors."""
    require(
        detector_type in SECR_DETECTORS,
        "detector_type",
        detector_type,
        f"one of {', '.join(SECR_DETECTORS)}",
    )
    return history.as_detector(detector_type)

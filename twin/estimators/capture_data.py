"""Former name of the capture-history type, kept for callers of the old API.

:class:`~twin.io.capture_history.CaptureHistory` is the one capture-history type that every
estimator reads; ``CaptureData`` is that class.
"""

from twin.io.capture_history import CaptureHistory

CaptureData = CaptureHistory

__all__ = ["CaptureData"]

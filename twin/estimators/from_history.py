"""Capture data for the estimators from a :class:`~twin.io.capture_history.CaptureHistory`.

The history (individual x occasion x detector counts, detector x occasion usage as the fraction
of each occasion worked) comes from a Camtrap DP package or from the twin's survey records; this
module turns it into the secr-style :class:`~twin.estimators.capture_data.CaptureData` that
:class:`~twin.estimators.scr_model.SCR` and the closed-population estimators read.
"""

from __future__ import annotations

import numpy as np

from twin.errors import require
from twin.estimators.capture_data import CaptureData, Traps
from twin.io.capture_history import SECR_DETECTORS, CaptureHistory

SEX_OF_LABEL = {"female": "F", "f": "F", "male": "M", "m": "M"}
"""Sex labels of Camtrap DP / secr files (case-insensitive) and the estimators' codes."""


def capture_data_from_history(
    history: CaptureHistory, detector_type: str = "proximity", source: str | None = None
) -> CaptureData:
    """Convert a capture history to capture data for SCR and closed-population estimators.

    Parameters
    ----------
    history
        Counts ``(n, K, J)`` of detection events of individual i on occasion k at detector j,
        usage ``(J, K)`` in [0, 1] (fraction of the occasion the detector worked), detector
        coordinates in metres.
    detector_type
        ``"proximity"``: one binary detection per individual, occasion and detector with at
        least one event; ``"count"``: one detection row per event (Poisson counts).
    source
        Name shown in error messages; default ``"capture history of <species>"``.

    Returns
    -------
    CaptureData
        Detectors with the history's fractional usage as effort (the SCR likelihood scales the
        per-occasion hazard by it, for both detector types), one row per detection, and a sex
        for every row when the history knows the sex of every individual (None otherwise).

    Notes
    -----
    :meth:`CaptureHistory.to_secr_csv` with ``detector="proximity"`` writes usage > 0 as 1, so
    a proximity fit to that export equals this conversion only where usage is already 0 or 1.
    """
    require(
        detector_type in SECR_DETECTORS,
        "detector_type",
        detector_type,
        f"one of {', '.join(SECR_DETECTORS)}",
    )
    counts = np.minimum(history.counts, 1) if detector_type == "proximity" else history.counts
    individual, occasion, detector = np.nonzero(counts)
    repeats = counts[individual, occasion, detector]
    individual, occasion, detector = (
        np.repeat(index, repeats) for index in (individual, occasion, detector)
    )
    sex = _sex_codes(history)
    return CaptureData(
        traps=Traps(history.detector_ids, history.x_m, history.y_m, history.usage),
        individual_id=history.individual_ids[individual],
        occasion=occasion + 1,
        detector_id=history.detector_ids[detector],
        detector_type=detector_type,
        sex=None if sex is None else sex[individual],
        source=source or f"capture history of {history.species}",
    )


def _sex_codes(history: CaptureHistory) -> np.ndarray | None:
    """``F``/``M`` per individual, or None unless every individual's sex is known."""
    if history.sex is None:
        return None
    codes = np.array([SEX_OF_LABEL.get(label.strip().lower(), "") for label in history.sex])
    return codes if codes.size and bool(np.all(codes != "")) else None

"""Names shared by the capture data, the estimators and the command line (no imports, so that
a command's ``--help`` stays fast)."""

DETECTOR_TYPES: tuple[str, ...] = ("proximity", "count", "multi")
"""secr's detector types: binary per occasion, Poisson counts, multi-catch (one per occasion)."""
SECR_DETECTORS: tuple[str, ...] = ("proximity", "count")
"""Detector types of the twin's own secr export."""
DETECTFN_NAMES: tuple[str, ...] = ("HN", "HHN", "EX")
"""SCR detection functions: half-normal, hazard half-normal, negative exponential (secr's)."""

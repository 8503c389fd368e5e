"""The hindcast's calibrated parameters: where the ABC results live and how runs draw from them.

``--parameters posterior`` draws accepted ABC-PMC sets by (truncated) importance weight
(:func:`load_posterior`); ``--parameters fixed`` takes the posterior medians the scenario's config
cannot hold (:func:`fixed_parameters`). docs/hindcast.md, "Calibration results".
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from twin.errors import TwinInputError

CALIBRATION = Path(__file__).resolve().parent / "calibration"
POSTERIOR = CALIBRATION / "pooled4"
"""The current calibration, which the hindcast reads: the ``adults``, ``adults2`` and ``adults3``
ABC-PMC runs and 60 sets drawn from the priors (the defensive component), pooled with
deterministic-mixture weights, accepted at ``pooled3``'s tolerance (0.167)
(experiments/pool_calibrations.py; each set scored by the mean of 3 runs, the unstaged census
figures read as independent cats)."""
CALIBRATION_FILES = {"posterior": "hindcast_abc.csv", "fixed": "hindcast_posterior.json"}
"""The file of the ABC results each ``--parameters`` mode reads (calibrate_hindcast.py)."""
WEIGHTS = ("truncated", "raw")
"""How ``--parameters posterior`` draws the ABC-PMC sets: by truncated or by raw weights."""
EXTRA_PREFIXES = ("census.", "recolonisation.")
"""Calibrated keys that are not run-config keys (the census's cub detection and
the tigers' recolonisation rate, which experiments/hindcast_run.py sets)."""
PARAMETER_PREFIXES = ("policy.", "species.", *EXTRA_PREFIXES)
"""Keys the calibration sets (columns of the ABC tables holding parameters)."""


def truncated_weights(weights: np.ndarray) -> np.ndarray:
    """Importance weights capped at their mean x sqrt(n) and normalised to sum 1.

    Truncated importance sampling (Ionides 2008, J. Comput. Graph. Stat. 17:295-311): a few
    particles far from the others get huge prior/proposal weights when 18 sets span 21
    parameters; the cap trades a small bias for a much smaller variance.
    """
    w = np.asarray(weights, dtype=float)
    w = np.minimum(w, w.mean() * np.sqrt(len(w)))
    return w / w.sum()


def load_posterior(path: Path, n: int, seed: int, weights: str = "truncated") -> pd.DataFrame:
    """``n`` accepted parameter sets resampled (with replacement) from the ABC table at ``path``.

    With ABC-PMC generations, the last generation's accepted sets are drawn by their weights:
    ``weights="truncated"`` caps them first (:func:`truncated_weights`), ``"raw"`` does not.
    """
    if weights not in WEIGHTS:
        raise TwinInputError(f"weights={weights!r} is not allowed: one of {', '.join(WEIGHTS)}")
    table = pd.read_csv(path)
    if "generation" in table:
        table = table[table["generation"] == table["generation"].max()]
    accepted = table[table["accepted"]]
    params = [c for c in accepted.columns if c.startswith(PARAMETER_PREFIXES)]
    p = None
    if "weight" in accepted:
        w = accepted["weight"].to_numpy(float)
        p = truncated_weights(w) if weights == "truncated" else w / w.sum()
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(accepted), size=n, p=p)
    return accepted[params].iloc[picks].reset_index(drop=True)


def fixed_parameters(path: Path, n: int) -> pd.DataFrame:
    """``n`` copies of the posterior medians (summary at ``path``) of the calibrated keys that
    the scenario's config cannot hold (not config keys, or entries of the policy's timeline
    list); the scenario's config holds the medians of the others."""
    summary = json.loads(path.read_text()) if path.exists() else {"parameters": {}}
    medians = {
        k: v["median"]
        for k, v in summary["parameters"].items()
        if k.startswith(EXTRA_PREFIXES) or ".timeline." in k
    }
    return pd.DataFrame([medians] * n)

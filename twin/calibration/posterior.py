"""The hindcast's calibrated parameters: the posterior summary of an ABC table and how runs
draw from it.

``--parameters posterior`` draws accepted ABC-PMC sets by (truncated) importance weight
(:func:`load_posterior`); ``--parameters fixed`` takes the posterior medians the scenario's config
cannot hold (:func:`fixed_parameters`). docs/hindcast.md, "Calibration results".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from twin.calibration.abc import Prior
from twin.calibration.hindcast import EXTRA_PREFIXES, PARAMETER_PREFIXES
from twin.errors import TwinInputError

CALIBRATION_FILES = {"posterior": "hindcast_abc.csv", "fixed": "hindcast_posterior.json"}
"""The file of a calibration folder each ``--parameters`` mode of the hindcast reads."""
WEIGHTS = ("truncated", "raw")
"""How ``--parameters posterior`` draws the ABC-PMC sets: by truncated or by raw weights."""


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


def posterior_summary(
    table: pd.DataFrame, priors: Mapping[str, Prior], meta: Mapping[str, object]
) -> dict[str, object]:
    """Posterior medians and 90% intervals of the accepted sets (of the last generation) of the
    ``priors``' parameters, with the run's provenance ``meta`` and the accepted sets' effective
    sample size, ``(sum w)^2 / sum w^2``. (Weighted particles are summarised unweighted: a rough
    summary; the hindcast resamples them by weight.)"""
    last = table["generation"].max() if "generation" in table else 0
    acc = table[table["accepted"] & (table.get("generation", 0) == last)]
    params = {
        k: {
            "median": float(acc[k].median()),
            "lo90": float(acc[k].quantile(0.05)),
            "hi90": float(acc[k].quantile(0.95)),
            "prior": prior.__dict__,
        }
        for k, prior in priors.items()
        if k in acc  # a table from before a prior was added lacks it
    }
    fit = {c: float(acc[c].median()) for c in acc.columns if c.startswith("sim_")}
    w = acc["weight"].to_numpy(float) if "weight" in acc else np.ones(len(acc))
    return {
        **meta,
        "simulations": len(table),
        "accepted": len(acc),
        "effective_sample_size": float(w.sum() ** 2 / np.sum(w**2)) if len(acc) else 0.0,
        "tolerance": float(acc["distance"].max()),
        "best_distance": float(table["distance"].min()),
        "parameters": params,
        "accepted_median_summaries": fit,
    }

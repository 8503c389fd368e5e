"""Counterfactual policies against the historical one: paired differences over replicates.

Each counterfactual replicate shares its seed and parameter draw with a historical replicate, so
the difference is taken replicate by replicate (experiments/hindcast.py runs them).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from experiments.census import CENSUS

FIRST_CENSUS_YEAR = int(CENSUS["year"].min())
"""Counterfactual deaths are counted from the first census (2007): the spin-up years before it
are the same under every policy."""


def counterfactual_table(
    counts: pd.DataFrame, deaths: pd.DataFrame, from_year: int = FIRST_CENSUS_YEAR
) -> pd.DataFrame:
    """Cats in the census area at the end and deaths by cause from ``from_year`` on, per policy
    and species, vs historical.

    Differences are paired by replicate (same seed and parameters under each policy), over the
    replicates each policy ran; intervals are the 5-95% quantiles over those replicates.
    """
    end = counts[(counts["year"] == counts["year"].max()) & (counts["stage"] == "all_true")]
    deaths = deaths[deaths["year"] >= from_year]
    rows = []
    for species in ("leopard", "tiger"):
        alive = end[end["species"] == species].pivot(
            index="replicate", columns="policy", values="count"
        )
        d = deaths[deaths["species"] == species].pivot_table(
            index="replicate",
            columns=["policy", "cause"],
            values="deaths",
            aggfunc="sum",
            fill_value=0,
        )
        for policy in alive.columns:
            ran = alive[policy].dropna().index
            rows.append(
                _interval(
                    policy,
                    f"{species}s_in_park_at_end",
                    alive.loc[ran, policy],
                    alive.loc[ran, "historical"],
                )
            )
            causes = d[policy].columns if policy in d else []
            for cause in causes:
                mine = d[policy][cause].reindex(ran, fill_value=0)
                base = (
                    d["historical"][cause].reindex(ran, fill_value=0)
                    if cause in d["historical"]
                    else 0 * mine
                )
                rows.append(_interval(policy, f"{species}_deaths_{cause}", mine, base))
    return pd.DataFrame(rows)


def _interval(policy: str, quantity: str, values: pd.Series, base: pd.Series) -> dict[str, Any]:
    diff = values - base
    return {
        "policy": policy,
        "quantity": quantity,
        "replicates": len(values),
        "median": float(values.median()),
        "lo90": float(values.quantile(0.05)),
        "hi90": float(values.quantile(0.95)),
        "diff_median": float(diff.median()),
        "diff_lo90": float(diff.quantile(0.05)),
        "diff_hi90": float(diff.quantile(0.95)),
    }

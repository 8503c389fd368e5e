"""Counterfactual policies against the historical one: paired differences over replicates.

Each counterfactual replicate shares its seed and parameter draw with a historical replicate, so
the difference is taken replicate by replicate (:mod:`twin.calibration.replicates` runs them).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from twin.calibration.census import CENSUS

FIRST_CENSUS_YEAR = int(CENSUS["year"].min())
"""Counterfactual deaths are counted from the first census (2007): the spin-up years before it
are the same under every policy."""


LAST_CENSUS_YEAR = int(CENSUS["year"].max())
"""The cats alive at the end of the last census year (2023; counted on 1 January of the next)
are reported besides those at the end of the run (the hindcast runs to 1 January 2025)."""
ENFORCEMENT_QUANTITIES = {"trips": "poaching_trips", "arrests": "poacher_arrests"}
"""Enforcement totals in the table: column of the enforcement table -> quantity name."""


def counterfactual_table(
    counts: pd.DataFrame,
    deaths: pd.DataFrame,
    enforcement: pd.DataFrame | None = None,
    from_year: int = FIRST_CENSUS_YEAR,
    last_year: int = LAST_CENSUS_YEAR,
) -> pd.DataFrame:
    """Cats in the census area at the end of ``last_year`` (``{species}s_in_park_{Y}_01_01``, Y =
    ``last_year + 1``, if the counts reach it) and at the end of the run
    (``{species}s_in_park_at_end``), deaths by cause from ``from_year`` on, per policy and
    species, and poaching trips and arrests from ``from_year`` on, per policy, vs historical.

    Differences are paired by replicate (same seed and parameters under each policy), over the
    replicates each policy ran; intervals are the 5-95% quantiles over those replicates. Rows
    ``poaching_trips`` and ``poacher_arrests`` come from ``enforcement`` (per replicate, policy
    and year; None or empty: no such rows).
    """
    everyone = counts[counts["stage"] == "all_true"]
    final = int(counts["year"].max())
    dates = {f"{last_year + 1}_01_01": last_year + 1} if last_year + 1 < final else {}
    dates["at_end"] = final
    deaths = deaths[deaths["year"] >= from_year]
    rows = []
    for species in ("leopard", "tiger"):
        mine = everyone[everyone["species"] == species]
        alive_at = {
            label: mine[mine["year"] == year].pivot(
                index="replicate", columns="policy", values="count"
            )
            for label, year in dates.items()
        }
        rows += _species_rows(species, alive_at, deaths[deaths["species"] == species])
    if enforcement is not None and len(enforcement):
        rows += _enforcement_rows(enforcement[enforcement["year"] >= from_year])
    return pd.DataFrame(rows)


def _species_rows(
    species: str, alive_at: dict[str, pd.DataFrame], deaths: pd.DataFrame
) -> list[dict[str, Any]]:
    """One species' rows: cats alive at each date (replicates x policies in ``alive_at``) and
    deaths by cause, per policy against historical, over the replicates each policy ran."""
    d = deaths.pivot_table(
        index="replicate", columns=["policy", "cause"], values="deaths", aggfunc="sum",
        fill_value=0,
    )  # fmt: skip
    rows = []
    alive = alive_at["at_end"]
    for policy in alive.columns:
        ran = alive[policy].dropna().index
        for label, table in alive_at.items():
            quantity = f"{species}s_in_park_{label}"
            rows.append(
                _interval(policy, quantity, table.loc[ran, policy], table.loc[ran, "historical"])
            )
        for cause in d[policy].columns if policy in d else []:
            mine = d[policy][cause].reindex(ran, fill_value=0)
            base = (
                d["historical"][cause].reindex(ran, fill_value=0)
                if cause in d["historical"]
                else 0 * mine
            )
            rows.append(_interval(policy, f"{species}_deaths_{cause}", mine, base))
    return rows


def _enforcement_rows(recent: pd.DataFrame) -> list[dict[str, Any]]:
    """Poaching trips and arrests summed over the years of ``recent``, per policy against
    historical."""
    rows = []
    for column, quantity in ENFORCEMENT_QUANTITIES.items():
        total = recent.pivot_table(
            index="replicate", columns="policy", values=column, aggfunc="sum"
        )
        for policy in total.columns:
            ran = total[policy].dropna().index
            rows.append(
                _interval(policy, quantity, total.loc[ran, policy], total.loc[ran, "historical"])
            )
    return rows


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

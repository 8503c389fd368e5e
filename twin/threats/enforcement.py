"""From arrest to sentence: prosecution, conviction, fine, prison term, and recidivism."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from twin.threats.poachers import FREE, PRISON, RETIRED, PoacherPool

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Outcome:
    """What an arrest led to."""

    prosecuted: bool
    convicted: bool
    prison_years: float
    fine_krub: float


def legal_outcome(values: Mapping[str, Any], rng: np.random.Generator) -> Outcome:
    """Draw the outcome of an arrest under the policy values in effect that day.

    A case is prosecuted with ``prosecution_prob`` (~10 %, PARAMETERS.md) and then ends in a
    conviction with ``conviction_prob``; a conviction carries the policy's fine and prison term.
    """
    u = rng.random(2)
    prosecuted = bool(u[0] < values["prosecution_prob"])
    convicted = prosecuted and bool(u[1] < values["conviction_prob"])
    if not convicted:
        return Outcome(prosecuted, False, 0.0, 0.0)
    return Outcome(
        True, True, float(values["penalty.prison_years"]), float(values["penalty.fine_krub"])
    )


def apply_outcome(
    pool: PoacherPool,
    poacher: int,
    day: int,
    outcome: Outcome,
    recidivism_prob: float,
    rng: np.random.Generator,
) -> None:
    """Send the poacher to prison for the term, or, convicted without prison, let him go back to
    poaching with ``recidivism_prob`` (else he desists). Acquitted or not prosecuted: free."""
    if outcome.prison_years > 0:
        pool.status[poacher] = PRISON
        pool.release_day[poacher] = day + int(np.ceil(outcome.prison_years * DAYS_PER_YEAR))
    elif outcome.convicted and rng.random() >= recidivism_prob:
        pool.status[poacher] = RETIRED
    else:
        pool.status[poacher] = FREE

"""The poacher pool: who lives where, who is free, in prison or hired, and the trip decision.

Each free poacher decides every day whether to go out with a quantal (logistic) response to the
expected gain and the expected penalty (PARAMETERS.md 'attack model', MIRROR / PAWS):
``P(trip) = sigmoid(a + b * gain - c * P(caught) * penalty)``. ``P(caught)`` is the belief of the
poacher's village: recent arrests over recent trips (news travels in a village, and is forgotten
with a half-life), shrunk to the risk the policy signals (patrol effort and cameras known to be
out): :func:`signalled_catch_prob`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from twin.threats.settings import PoacherSettings
from twin.threats.terrain import Villages

FREE, PRISON, HIRED, RETIRED = 0, 1, 2, 3
STATUSES = ("free", "prison", "hired", "retired")

POACHER_ID0 = 1_000_000
"""Person id of poacher 0 (ids ``>= 1_000_000`` never clash with animal rows)."""
RANGER_ID0 = 2_000_000
"""Person id of ranger team 0 (a team walks as one person)."""


def trip_probability(
    gain_krub: float,
    catch_prob: np.ndarray | float,
    penalty_krub: float,
    settings: PoacherSettings,
) -> np.ndarray:
    """Daily probability that a free poacher makes a trip.

    Parameters
    ----------
    gain_krub
        Expected gain of a trip (thousand RUB).
    catch_prob
        Perceived probability of being caught on a trip (0..1), per poacher.
    penalty_krub
        Expected cost of being caught (thousand RUB; see ``Policy.expected_penalty_krub``).
    settings
        Logit coefficients ``a``, ``b`` (per kRUB), ``c`` (per kRUB).
    """
    q = np.asarray(catch_prob, dtype=float)
    logit = (
        settings.logit_intercept
        + settings.gain_weight_per_krub * gain_krub
        - settings.risk_weight_per_krub * q * penalty_krub
    )
    return 1.0 / (1.0 + np.exp(-logit))


def signalled_catch_prob(km_per_day: float, cameras: int, settings: PoacherSettings) -> float:
    """Catch probability per trip that visible enforcement signals to poachers.

    ``1 - exp(-(base_risk + risk_per_100_patrol_km * km / 100 + risk_per_100_cameras * n / 100))``
    for ``km`` of patrols a day and ``n`` cameras (the MIRROR / PAWS attack models respond to
    patrol effort the same way).
    """
    hazard = (
        settings.base_risk
        + settings.risk_per_100_patrol_km * km_per_day / 100.0
        + settings.risk_per_100_cameras * cameras / 100.0
    )
    return float(1.0 - np.exp(-hazard))


@dataclass
class PoacherPool:
    """Poachers as arrays (row ``p`` is person ``POACHER_ID0 + p``).

    Attributes
    ----------
    village
        Index of the home village.
    home_x_m, home_y_m
        Home position (m).
    status
        :data:`FREE`, :data:`PRISON`, :data:`HIRED` or :data:`RETIRED`.
    release_day
        Day a prisoner walks free.
    stop_min
        End of the current trip (the arrest time when arrested on the way; inf otherwise).
    """

    village: np.ndarray
    home_x_m: np.ndarray
    home_y_m: np.ndarray
    status: np.ndarray
    release_day: np.ndarray
    stop_min: np.ndarray

    @classmethod
    def make(cls, villages: Villages, n: int, rng: np.random.Generator) -> PoacherPool:
        """``n`` poachers spread over villages in proportion to village area (radius squared)."""
        weight = villages.radius_m**2
        village = rng.choice(len(villages), size=n, p=weight / weight.sum())
        spread = villages.radius_m[village] * 0.5
        return cls(
            village=village.astype(np.int64),
            home_x_m=villages.x_m[village] + rng.normal(0.0, 1.0, n) * spread,
            home_y_m=villages.y_m[village] + rng.normal(0.0, 1.0, n) * spread,
            status=np.full(n, FREE, dtype=np.int8),
            release_day=np.full(n, -1, dtype=np.int64),
            stop_min=np.full(n, np.inf),
        )

    def __len__(self) -> int:
        return len(self.village)

    def with_status(self, status: int) -> np.ndarray:
        """Rows of poachers with ``status``."""
        return np.flatnonzero(self.status == status)

    def release(self, day: int, recidivism_prob: float, rng: np.random.Generator) -> np.ndarray:
        """Free the prisoners due by ``day``; each returns to poaching with ``recidivism_prob``."""
        due = np.flatnonzero((self.status == PRISON) & (self.release_day <= day))
        back = rng.random(len(due)) < recidivism_prob
        self.status[due] = np.where(back, FREE, RETIRED)
        return due

    def hire(self, wanted: int, rng: np.random.Generator) -> int:
        """Hire free poachers (or let monitors go) to employ ``wanted``; return the change."""
        hired = self.with_status(HIRED)
        if wanted < len(hired):
            leave = rng.choice(hired, size=len(hired) - wanted, replace=False)
            self.status[leave] = FREE
            return -len(leave)
        free = self.with_status(FREE)
        take = min(wanted - len(hired), len(free))
        chosen = rng.choice(free, size=take, replace=False) if take else free[:0]
        self.status[chosen] = HIRED
        return take


class VillageBelief:
    """Each village's perceived probability of being caught on a trip.

    ``(signalled * prior_trips + arrests) / (prior_trips + trips)``, where arrests and trips of the
    village's poachers are counted with weights that halve every ``memory_half_life_days`` and
    ``signalled`` is :func:`signalled_catch_prob` of the day.
    """

    def __init__(self, n_villages: int, settings: PoacherSettings) -> None:
        self.weight = settings.prior_trips
        self.factor = 0.5 ** (1.0 / settings.memory_half_life_days)
        self.arrests = np.zeros(n_villages)
        self.trips = np.zeros(n_villages)

    def catch_prob(self, signalled: float) -> np.ndarray:
        """Perceived P(caught) of each village (0..1) given the policy's ``signalled`` risk."""
        belief = (signalled * self.weight + self.arrests) / (self.weight + self.trips)
        return np.minimum(belief, 1.0)

    def decay(self) -> None:
        """Forget one day's worth."""
        self.arrests *= self.factor
        self.trips *= self.factor

    def add_trips(self, villages: np.ndarray) -> None:
        """Count trips made by poachers of these villages (one entry per trip)."""
        np.add.at(self.trips, villages, 1.0)

    def add_arrest(self, village: int) -> None:
        """Count an arrest of a poacher of ``village``."""
        self.arrests[village] += 1.0

"""Courts, prisons, hiring and camera identification."""

from __future__ import annotations

import numpy as np
import pytest

from tests.threats.helpers import policy, threats_only
from twin.threats.enforcement import legal_outcome
from twin.threats.poachers import FREE, HIRED, POACHER_ID0, PRISON


def test_prosecution_and_conviction_rates():
    """About prosecution_prob of arrests are prosecuted and conviction_prob of those convicted."""
    rng = np.random.default_rng(0)
    values = {"prosecution_prob": 0.1, "conviction_prob": 0.8, "penalty.prison_years": 1.5,
              "penalty.fine_krub": 500.0}  # fmt: skip
    outcomes = [legal_outcome(values, rng) for _ in range(20_000)]
    prosecuted = np.mean([o.prosecuted for o in outcomes])
    convicted = np.mean([o.convicted for o in outcomes])
    assert abs(prosecuted - 0.1) < 0.01 and abs(convicted - 0.08) < 0.01
    assert all(o.prison_years == 1.5 and o.fine_krub == 500.0 for o in outcomes if o.convicted)
    assert all(o.prison_years == 0.0 for o in outcomes if not o.convicted)


def test_convicted_poachers_go_to_prison_and_come_back():
    """Every conviction with a prison term removes the poacher until his release day."""
    pol = policy(
        {"prosecution_prob": 1.0, "conviction_prob": 1.0, "penalty.prison_years": 0.05,
         "penalty.fine_krub": 0.0, "patrol.km_per_day": 400.0, "cameras": 0},
        poachers={"pool_size": 100, "recidivism_prob": 1.0},
        enforcement={"detect_prob_per_encounter": 1.0, "arrest_prob_given_detected": 1.0},
    )  # fmt: skip
    threats = threats_only(pol, 60, seed=2)
    row = threats.tables()["arrests"].iloc[0]
    assert row["arrests"] >= 2 and row["convictions"] == row["arrests"]
    assert row["prison_years"] == pytest.approx(0.05 * row["arrests"])
    pool = threats.pool
    jailed = pool.status == PRISON
    assert (pool.release_day[jailed] > 59).all()


def test_hiring_removes_poachers_from_the_pool():
    """Hired monitors leave the poacher pool and their number follows the timeline."""
    threats = threats_only(policy({"monitors_hired": 12}, poachers={"pool_size": 30}), 2)
    assert (threats.pool.status == HIRED).sum() == 12
    assert threats.policy.crew_capacity(0) == 6
    assert threats.tables()["arrests"]["poachers_hired"].iloc[0] == 12


def test_camera_photo_leads_to_a_later_arrest():
    """A poacher photographed and identified is arrested photo_arrest_delay_days later; the zone
    where he was seen becomes riskier for poachers."""
    pol = policy(
        {"photo_identification_prob": 1.0, "patrol.km_per_day": 0.0, "prosecution_prob": 0.0},
        poachers={"pool_size": 30, "logit_intercept": 2.0},
        enforcement={"photo_arrest_delay_days": 2, "camera_notice_prob": 1.0},
    )  # fmt: skip
    threats = threats_only(pol, 1)
    trips = threats.tables()["trips"]
    poacher = int(trips["poacher_id"].iloc[0]) - POACHER_ID0
    t_min = 0.5 * 1440.0
    threats.on_camera_photo({"true_animal_id": POACHER_ID0 + poacher, "start_min": t_min})
    assert threats.justice.risk.values.sum() == 1.0
    threats.env.run(until=4 * 1440.0)
    row = threats.tables()["arrests"].iloc[0]
    assert row["arrests_camera"] == 1 and row["arrests_patrol"] == 0
    assert threats.pool.status[poacher] == FREE
    assert threats.tables()["patrols"]["poacher_photos"].iloc[0] == 1

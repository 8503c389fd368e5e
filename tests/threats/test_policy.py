"""Policy files and timelines: shipped policies, carry-forward, counterfactual holds, errors."""

from __future__ import annotations

import datetime as dt
import functools

import pytest

from tests.threats.helpers import policy
from twin.config.load import load_policy
from twin.errors import TwinInputError
from twin.threats import policy_from_config, policy_names
from twin.threats.checks import plain

START = dt.date(2007, 1, 1)
SHIPPED = ["baseline", "historical", "no_hiring", "no_park", "no_penalties_2013", "no_poaching"]


def _day(year, month=1, day=1):
    return (dt.date(year, month, day) - START).days


@functools.cache
def _load(name):
    return policy_from_config(load_policy(name), START)


def test_shipped_policies_load():
    """Every option file of the policy group composes and validates."""
    assert policy_names() == SHIPPED
    for name in SHIPPED:
        assert _load(name).name == name


def test_values_carry_forward_between_entries():
    """A value holds until the next entry that sets it; earlier days take the first value."""
    hist = _load("historical")
    assert hist.timeline.value("patrol.km_per_day", _day(2005)) == 30.0
    assert hist.timeline.value("patrol.km_per_day", _day(2012, 4, 4)) == 60.0
    assert hist.timeline.value("patrol.km_per_day", _day(2012, 4, 5)) == 120.0
    assert hist.timeline.value("patrol.allocation", _day(2020)) == "hotspots"
    assert hist.timeline.value("penalty.prison_years", _day(2013, 7, 1)) == 0.5
    assert hist.timeline.value("penalty.prison_years", _day(2013, 7, 2)) == 1.5


def test_counterfactuals_hold_their_keys():
    """Counterfactuals keep the held keys at their earlier values and follow history otherwise."""
    hist, late = _load("historical"), _day(2020)
    no_pen = _load("no_penalties_2013")
    assert no_pen.timeline.value("penalty.fine_krub", late) == 100.0
    assert no_pen.timeline.value("patrol.km_per_day", late) == hist.timeline.value(
        "patrol.km_per_day", late
    )
    assert _load("no_hiring").crew_capacity(late) == 0 < hist.crew_capacity(late)
    no_park = _load("no_park")
    assert no_park.timeline.value("patrol.km_per_day", late) == 60.0
    assert no_park.camera_count(late) == hist.camera_count(_day(2011))
    assert no_park.expected_penalty_krub(late) == hist.expected_penalty_krub(late)
    base = _load("baseline")
    assert base.timeline.values(late) == hist.timeline.values(_day(2011, 12, 31))


def test_road_multiplier_follows_traffic_and_tunnel():
    """The tunnel (2016) cuts the road-death multiplier; 2023 traffic with the tunnel is 1."""
    hist = _load("historical")
    before, after = hist.road_death_multiplier(_day(2015)), hist.road_death_multiplier(_day(2016))
    assert before == pytest.approx(0.75 * 2.0) and after == pytest.approx(0.85)
    assert hist.road_death_multiplier(_day(2023)) == 1.0


def test_no_poaching_policy_is_off():
    """The no_poaching option switches poachers off but keeps the policy series."""
    off = _load("no_poaching")
    assert not off.poaching and off.crew_capacity(_day(2020)) == 13


def _error(pol) -> str:
    with pytest.raises(TwinInputError) as info:
        policy_from_config(pol, START)
    return str(info.value)


def test_dates_out_of_order_are_rejected():
    """Entries must be in time order; the message names the entry's date key."""
    pol = plain(load_policy("historical"))
    pol["timeline"][3]["date"] = 2011
    assert "policy.timeline[3].date=2011" in _error(pol)


def test_negative_patrol_effort_is_rejected():
    """A negative patrol effort names policy.timeline[i].patrol.km_per_day."""
    pol = plain(load_policy("historical"))
    pol["timeline"][1]["patrol"]["km_per_day"] = -5.0
    assert "policy.timeline[1].patrol.km_per_day=-5.0" in _error(pol)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"prosecution_prob": 1.5}, "policy.timeline[0].prosecution_prob=1.5"),
        ({"patrol.allocation": "everywhere"}, "policy.timeline[0].patrol.allocation"),
        ({"monitors_hired": 2.5}, "policy.timeline[0].monitors_hired=2.5"),
        ({"road.tunnel_open": 1}, "policy.timeline[0].road.tunnel_open=1"),
        ({"patrol.area_m": [5, 0, 1, 9]}, "policy.timeline[0].patrol.area_m"),
        ({"penalty.fines_krub": 3}, "policy.timeline[0].penalty.fines_krub=3"),
        ({"budget": 3}, "policy.timeline[0].budget=3"),
    ],
)
def test_bad_timeline_values_name_the_key(change, key):
    """Out-of-range values and unknown keys are rejected with the key in the message."""
    assert key in _error(policy(change))


def test_bad_dates_and_missing_keys_are_rejected():
    """A bad date and a first entry that leaves keys unset are named."""
    pol = policy()
    pol["timeline"][0]["date"] = "2013-13-01"
    assert "policy.timeline[0].date='2013-13-01'" in _error(pol)
    pol = policy()
    del pol["timeline"][0]["cameras"]
    assert "policy.timeline[0]=['cameras']" in _error(pol)


def test_bad_static_settings_and_holds_are_rejected():
    """Unknown static keys, out-of-range settings and unknown held keys are named."""
    assert "policy.poachers.pool=3" in _error(policy(poachers={"pool": 3}))
    assert "policy.kills.snare_catch_prob=2.0" in _error(policy(kills={"snare_catch_prob": 2.0}))
    pol = policy()
    pol["hold"] = [{"from": 2013, "keys": ["penalties"]}]
    assert "policy.hold[0].keys[0]='penalties'" in _error(pol)
    assert "policy.colour='red'" in _error({**policy(), "colour": "red"})


def test_unknown_policy_name_is_rejected():
    """load_policy names the unknown policy and lists the shipped ones."""
    with pytest.raises(TwinInputError, match=r"policy='no_tigers' is not allowed: one of \["):
        load_policy("no_tigers")

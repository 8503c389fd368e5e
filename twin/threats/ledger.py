"""What the threats model logs (trips, kills, arrests, patrols) and its output tables."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd

from twin.threats.poachers import POACHER_ID0
from twin.threats.trips import TripPlan

MINUTES_PER_DAY = 1440.0

EVENT_COLUMNS = (
    "day", "date", "time_min", "x_m", "y_m", "victim_id", "victim_species", "poacher_id", "method",
)  # fmt: skip
ARREST_COLUMNS = (
    "year", "trips", "arrests", "arrests_patrol", "arrests_camera", "prosecutions", "convictions",
    "prison_years", "fines_krub", "poachers_hired",
)  # fmt: skip
PATROL_COLUMNS = (
    "year", "km", "team_days", "allocation", "encounters", "detections", "snares_set",
    "snares_found", "poacher_photos", "ranger_photos",
)  # fmt: skip
TRIP_COLUMNS = (
    "day", "date", "poacher_id", "village", "zone", "target_x_m", "target_y_m", "from_road",
)  # fmt: skip


class Ledger:
    """Append-only logs of one run; :meth:`tables` turns them into DataFrames.

    Parameters
    ----------
    start_date
        Local date of day 0 (tables carry calendar dates and years).
    """

    def __init__(self, start_date: dt.date) -> None:
        self.start_date = start_date
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.yearly: dict[int, dict[str, Any]] = {}
        self.last_day = 0

    def date(self, day: int) -> dt.date:
        """Calendar date of ``day``."""
        return self.start_date + dt.timedelta(days=int(day))

    def count(self, day: int, column: str, amount: float = 1) -> None:
        """Add ``amount`` to ``column`` of the calendar year holding ``day``."""
        self.last_day = max(self.last_day, int(day))
        year = self._year(self.date(day).year)
        year[column] += amount

    def note_allocation(self, day: int, allocation: str) -> None:
        """Remember that patrols used ``allocation`` in the year of ``day``."""
        year = self._year(self.date(day).year)
        if allocation not in year["allocation"]:
            year["allocation"].append(allocation)

    def _year(self, year: int) -> dict[str, Any]:
        if year not in self.yearly:
            row: dict[str, Any] = {c: 0 for c in (*ARREST_COLUMNS, *PATROL_COLUMNS) if c != "year"}
            row["prison_years"] = row["fines_krub"] = row["km"] = 0.0
            row["allocation"] = []
            self.yearly[year] = row
        return self.yearly[year]

    def kill(self, t_min: float, x_m: float, y_m: float, victim: tuple[int, str], poacher: int,
             method: str) -> None:  # fmt: skip
        """Log a cat killed by poacher row ``poacher`` at ``t_min``."""
        day = int(t_min // MINUTES_PER_DAY)
        self.rows["events"].append(
            dict(
                zip(
                    EVENT_COLUMNS,
                    (
                        day,
                        self.date(day).isoformat(),
                        round(t_min, 3),
                        round(x_m, 1),
                        round(y_m, 1),
                        victim[0],
                        victim[1],
                        POACHER_ID0 + poacher,
                        method,
                    ),
                    strict=True,
                )
            )  # fmt: skip
        )

    def trips(self, day: int, plan: TripPlan, villages: list[str]) -> None:
        """Log the trips of ``plan`` (poachers from ``villages``) made on ``day``."""
        self.count(day, "trips", len(plan.poachers))
        date = self.date(day).isoformat()
        for i, poacher in enumerate(plan.poachers):
            self.rows["trips"].append(
                dict(
                    zip(
                        TRIP_COLUMNS,
                        (
                            day,
                            date,
                            POACHER_ID0 + int(poacher),
                            villages[i],
                            int(plan.zones[i]),
                            round(float(plan.target_x_m[i]), 1),
                            round(float(plan.target_y_m[i]), 1),
                            bool(plan.from_road[i]),
                        ),
                        strict=True,
                    )
                )  # fmt: skip
            )

    def tables(self) -> dict[str, pd.DataFrame]:
        """``poaching_events``, ``arrests`` and ``patrols`` (per calendar year) and ``trips``."""
        first, last = self.start_date.year, self.date(self.last_day).year
        for year in range(first, last + 1):
            self._year(year)
        years = pd.DataFrame([{"year": y, **self.yearly[y]} for y in sorted(self.yearly)])
        years["allocation"] = ["+".join(a) for a in years["allocation"]]
        return {
            "poaching_events": _frame(self.rows["events"], EVENT_COLUMNS),
            "arrests": years[list(ARREST_COLUMNS)].reset_index(drop=True),
            "patrols": years[list(PATROL_COLUMNS)].reset_index(drop=True),
            "trips": _frame(self.rows["trips"], TRIP_COLUMNS),
        }


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in ("day", "zone", "poacher_id", "victim_id"):
        if column in frame:
            frame[column] = frame[column].astype(np.int64)
    return frame

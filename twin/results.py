"""The result of one run: truth, observations, estimates and metadata, written and read back.

:meth:`RunResult.write` writes every table (CSV/Parquet a scientist can open, the survey as a
Camtrap DP package) and ``metadata.json`` last, as the completion mark; :meth:`RunResult.read`
reads every table back, equal to what was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from twin.errors import TwinInputError
from twin.io.atomic import atomic_write, write_json
from twin.io.run_folder import METADATA
from twin.tracks import TracksField, TrackTable

if TYPE_CHECKING:
    from twin.cameras.layouts import Layout
    from twin.cameras.records import SurveyRecords
    from twin.config.scenario import Scenario
    from twin.io.capture_history import CaptureHistory
    from twin.landscape.grid import Landscape

__all__ = ["Observations", "RunResult", "atomic_write", "write_json"]


@dataclass
class Observations:
    """What the field team has: the survey's records and the layout they came from.

    Attributes
    ----------
    records
        Deployments, sequences (with ``true_`` columns that estimators never read), media and
        the operation of every camera (:class:`~twin.cameras.records.SurveyRecords`).
    layout
        The stations and cameras of the survey.
    passages
        Passages through a detection zone during the survey (seen or not; truth).
    """

    records: SurveyRecords
    layout: Layout
    passages: int = 0

    def capture_history(
        self,
        species: str,
        occasion_days: float = 7.0,
        start_min: float | None = None,
        end_min: float | None = None,
    ) -> CaptureHistory:
        """The capture history of one species, as an analyst would build it from the photos.

        Parameters
        ----------
        species
            ``"leopard"`` or ``"tiger"``.
        occasion_days
            Occasion length, days.
        start_min, end_min
            Window in minutes since the survey's start date (default: the whole survey).
        """
        from twin.io.records_history import capture_history_from_records
        from twin.taxa import TAXA, code_of

        try:
            taxon = TAXA[code_of(species)]
        except KeyError:
            raise TwinInputError(
                f"species={species!r} is not allowed: 'leopard' or 'tiger'."
            ) from None
        return capture_history_from_records(
            self.records, taxon.scientific_name, occasion_days, start_min, end_min
        )


@dataclass
class RunResult:
    """One simulated run.

    Attributes
    ----------
    scenario
        The validated scenario that was run.
    population
        Daily counts: ``day, date, species, sex, stage, count``.
    individuals
        One row per animal ever alive: sex, birth and death (day, date, cause), home-range and
        natal centres (m), origin, litters.
    tracks
        Thinned positions: ``tick, time_min, id, species, x_m, y_m`` (m, UTM 52N). Set to a
        table or a :class:`~twin.tracks.TrackTable`; a long run's tracks stay in a Parquet file
        (``track_table.path``) and are read at each access. Default: none recorded.
    deaths
        Deaths per calendar year, species and cause (cats that emigrated are not deaths).
    threats
        Poaching and enforcement tables (``poaching_events``, ``arrests``, ``patrols``,
        ``trips``); empty without poachers.
    observations
        The camera survey's records and layout; None without a survey.
    estimates
        Estimates from the survey against their truth (``estimates.csv``); None when the run
        makes none.
    centres
        Truth for the scoring: each animal's activity centre by survey day.
    metadata
        Seed, days, start date, versions, the resolved config and the survey's size.
    timings
        Wall-clock seconds of the run's stages (kept apart so that the tables are byte-identical).
    track_table
        The tracks as recorded, in memory or in a file (:meth:`write` copies the file).
    """

    scenario: Scenario
    population: pd.DataFrame
    individuals: pd.DataFrame
    deaths: pd.DataFrame
    metadata: dict[str, Any]
    tracks: TracksField = TracksField()
    threats: dict[str, pd.DataFrame] = field(default_factory=dict)
    observations: Observations | None = None
    estimates: pd.DataFrame | None = None
    centres: pd.DataFrame | None = None
    timings: dict[str, float] = field(default_factory=dict)
    built_landscape: Landscape | None = field(default=None, repr=False)
    track_table: TrackTable = field(init=False, repr=False, compare=False)

    @cached_property
    def landscape(self) -> Landscape:
        """The park the run was simulated on (rebuilt from the scenario after :meth:`read`)."""
        if self.built_landscape is not None:
            return self.built_landscape
        from twin.landscape.build import build_landscape

        return build_landscape(self.scenario.landscape)

    def write(self, folder: str | Path, *, report: bool | None = None) -> Path:
        """Write every table, the survey files and the report, then ``metadata.json``.

        Parameters
        ----------
        folder
            Created if missing. A folder without ``metadata.json`` is an interrupted write.
        report
            Write ``report.html`` (default: the scenario's ``report.enabled``).

        Returns
        -------
        Path
            The folder.
        """
        from twin.io.run_folder import write_run_folder

        return write_run_folder(self, Path(folder), report)

    @classmethod
    def read(cls, folder: str | Path) -> RunResult:
        """Read a run folder written by :meth:`write`.

        Raises
        ------
        TwinInputError
            When the folder has no ``metadata.json`` (an interrupted or foreign folder).
        """
        from twin.io.run_folder import read_run_folder

        src = Path(folder)
        if not (src / METADATA).exists():
            raise TwinInputError(f"{src} is not a complete run folder: {METADATA} is missing.")
        return read_run_folder(cls, src)

    def summary(self) -> str:
        """A few lines on what the run simulated and estimated."""
        lines = [
            f"Run of {self.scenario.days} days from {self.scenario.start_date}, "
            f"seed {self.metadata.get('seed')}",
        ]
        last = self.population[self.population["day"] == self.population["day"].max()]
        for species, count in last.groupby("species")["count"].sum().items():
            lines.append(f"  {species}s alive at the end: {int(count)}")
        if self.observations is not None:
            layout = self.observations.layout
            lines.append(f"  survey: {layout.n_stations} stations, {layout.n_cameras} cameras")
        if self.estimates is not None:
            lines.append(f"  estimates: {len(self.estimates)} rows (estimates.csv)")
        return "\n".join(lines)

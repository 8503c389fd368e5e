"""Hydra callback that collects (and summarises) a sweep when its multirun ends.

Use in an app's config::

    hydra:
      callbacks:
        collect:
          _target_: twin.cli.sweep_callbacks.CollectSweep
          estimates: [scr_leopard_density]
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from twin.errors import TwinInputError

log = logging.getLogger(__name__)


class CollectSweep(Callback):
    """Write ``results.parquet``/``results.csv`` and, optionally, the summaries after a multirun.

    Parameters
    ----------
    summary
        Also write ``summary.csv``, ``frontier.csv`` and ``summary.html``.
    estimates
        Estimates to summarise; empty: all.
    x
        Scenario column on the figures' x axis; None: chosen from the data.
    cost
        :class:`twin.sweeps.summary.CostModel` keyword arguments.
    precision
        ``rse_mean`` or ``relative_rmse`` for the frontier.
    min_estimable_share
        Share of runs with an estimate a scenario needs to be on the frontier.
    outcomes
        Outcome columns (``leopard_alive_end``, ``trips``, ...) to summarise into
        ``outcomes.csv`` and ``outcomes.html`` (:func:`twin.sweeps.report.write_outcomes`);
        empty: none.
    interval
        Probability mass of the outcomes' central interval over replicates.
    """

    def __init__(
        self,
        summary: bool = True,
        estimates: Sequence[str] = (),
        x: str | None = None,
        cost: Mapping[str, float] | None = None,
        precision: str = "rse_mean",
        min_estimable_share: float = 0.8,
        outcomes: Sequence[str] = (),
        interval: float = 0.9,
    ) -> None:
        self.summary = summary
        self.estimates = list(estimates)
        self.x = x
        self.cost = dict(cost or {})
        self.precision = precision
        self.min_estimable_share = min_estimable_share
        self.outcomes = list(outcomes)
        self.interval = interval

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Collect the sweep folder ``hydra.sweep.dir`` (:func:`twin.sweeps.collect_sweep`)."""
        from twin.sweeps.report import collect_sweep
        from twin.sweeps.summary import CostModel

        sweep_dir = Path(config.hydra.sweep.dir)
        try:
            collected, _ = collect_sweep(
                sweep_dir,
                summary=self.summary,
                estimates=self.estimates or None,
                x=self.x,
                cost_model=CostModel(**self.cost),
                precision=self.precision,
                min_estimable_share=self.min_estimable_share,
                outcomes=self.outcomes,
                interval=self.interval,
            )
        except TwinInputError as err:
            log.error("collecting %s failed: %s", sweep_dir, err)
            return
        log.info(
            "collected %d runs into %s (%d incomplete left out)",
            len(collected.rows),
            sweep_dir,
            len(collected.incomplete),
        )

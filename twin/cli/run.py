"""The ``twin`` command: a Hydra app over ``conf/`` that runs one scenario and writes its folder.

It is :func:`twin.load_scenario` + :func:`twin.simulate` + :meth:`twin.RunResult.write`.

Examples
--------
``twin``, ``twin years=10 species.leopard.initial.adults=30 seed=7``, ``twin -m seed=1,2,3``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from twin.config.schema import register
from twin.errors import TwinInputError

register()
_started: list[bool] = []


@hydra.main(version_base=None, config_path="pkg://twin.conf", config_name="config")
def _app(cfg: DictConfig) -> None:
    from twin.config.scenario import Scenario

    _started.append(True)
    from twin.run import simulate

    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        result = simulate(Scenario.from_mapping(cfg))
        written = result.write(out)
    except TwinInputError as err:
        print(f"twin: error: {err}", file=sys.stderr)
        sys.exit(2)
    print(f"twin: wrote {written}")


def main() -> None:
    """Entry point of the ``twin`` console script.

    An override that Hydra cannot compose (a key or option ``conf/`` does not have) is a user
    error like a bad value: exit 2. Hydra has printed its reason by then.
    """
    try:
        _app()
    except SystemExit as done:
        if done.code == 1 and not _started:
            sys.exit(2)
        raise


if __name__ == "__main__":
    main()

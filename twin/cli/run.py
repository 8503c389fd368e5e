"""The ``twin`` command: a Hydra app over ``conf/`` that runs one scenario and writes its folder.

It is :func:`twin.load_scenario` + :func:`twin.simulate` + :meth:`twin.RunResult.write`.

Examples
--------
``twin``, ``twin years=10 species.leopard.initial.adults=30 seed=7``, ``twin -m seed=1,2,3``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from twin.errors import TwinInputError

CONF = Path(__file__).parents[1] / "conf"
"""The config groups (``twin/conf`` links to the top-level ``conf/``)."""
NOT_PARAMETERS = ("progress", "report.enabled", "report.sample_animals", "report.frame_days")
"""Overrides that change no simulated number: not parameters of a run's results row."""
HELP_FLAGS = (["--help"], ["-h"])
"""Arguments answered by :func:`short_help` (with overrides, Hydra's own help composes them)."""
_started: list[bool] = []


def _app(cfg: Any) -> None:
    from hydra.core.hydra_config import HydraConfig

    from twin.cli.sweep_follow import follow_the_sweep
    from twin.config.scenario import Scenario
    from twin.io.folder_lock import folder_lock
    from twin.io.run_folder import clear_outputs

    follow_the_sweep()  # a worker of a sweep ends with it

    _started.append(True)
    out = Path(HydraConfig.get().runtime.output_dir)
    try:
        scenario = Scenario.from_mapping(cfg)
        with folder_lock(out):
            clear_outputs(out)  # an earlier run's files never stand beside this run's .hydra/
            from twin.run import simulate

            result = simulate(scenario)
            written = result.write(out)
            _record(cfg, result, out)
    except TwinInputError as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"cannot write the run folder {out}: {err.strerror} ({err.filename or out})")
    print(f"twin: wrote {written}")


def _record(cfg: Any, result: Any, out: Path) -> None:
    """The run's results row, so that ``twin-collect`` gathers a ``twin -m`` sweep."""
    from hydra.core.hydra_config import HydraConfig
    from omegaconf import OmegaConf

    from twin.config.sweep_overrides import parameters_from_overrides
    from twin.sweeps.job import record_run

    parameters = parameters_from_overrides(HydraConfig.get().overrides.task, NOT_PARAMETERS)
    config = OmegaConf.to_container(cfg, resolve=True)
    assert isinstance(config, dict)
    record_run(out, {str(k): v for k, v in config.items()}, parameters, result)


def _check_run_dir(args: list[str]) -> None:
    """Refuse a ``hydra.run.dir`` that is a file or lies under one, before Hydra tries it."""
    for arg in args:
        if arg.startswith("hydra.run.dir="):
            folder = Path(arg.split("=", 1)[1])
            blocking = next((p for p in (folder, *folder.parents) if p.is_file()), None)
            if blocking is not None:
                _fail(
                    f"hydra.run.dir={folder} is not allowed: {blocking} is a file; allowed: a "
                    "new or existing folder."
                )
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                _fail(
                    f"hydra.run.dir={folder} is not allowed: {err.strerror}; allowed: a folder "
                    "you can create and write."
                )


def _fail(message: str) -> None:
    """A user error: one paragraph on standard error, exit status 2."""
    print(f"twin: error: {message}", file=sys.stderr)
    sys.exit(2)


def short_help() -> str:
    """What ``twin --help`` prints: the config groups and their options, and the top-level
    settings with their comments, read from ``conf/`` without Hydra (whose own help lists the
    same groups and prints the composed config, but takes over a second)."""
    groups = sorted(p for p in CONF.iterdir() if p.name != "hydra" and any(p.glob("*.yaml")))
    options = [f"  {g.name}: {', '.join(sorted(f.stem for f in g.glob('*.yaml')))}" for g in groups]
    lines = (CONF / "config.yaml").read_text().splitlines()
    settings = [line for line in lines[lines.index("  - _self_") + 1 :] if line.strip()]
    return "\n".join(
        [
            "twin: simulate one scenario of the leopard twin and write its run folder.",
            "",
            "Usage: twin [key=value ...] [group=option ...]    e.g. twin years=10 seed=7",
            "       twin -m seed=1,2,3                         a sweep, one folder per run",
            "",
            "== Configuration groups (group=option) ==",
            *options,
            "",
            "== Top-level settings (key=value; conf/config.yaml) ==",
            *settings,
            "",
            "The whole composed config: twin --cfg job (with overrides: twin years=10 --help).",
            "Hydra's own options (sweeps, launchers, logging): twin --hydra-help.",
        ]
    )


def main() -> None:
    """Entry point of the ``twin`` console script.

    ``twin --help`` is answered without importing Hydra (:func:`short_help`). An override that
    Hydra cannot compose (a key or option ``conf/`` does not have) is a user error like a bad
    value: exit 2. Hydra has printed its reason by then.
    """
    if sys.argv[1:] in HELP_FLAGS:
        print(short_help())
        return
    import hydra

    from twin.cli.sweep_follow import end_with_the_sweep
    from twin.config.schema import register

    _check_run_dir(sys.argv[1:])
    end_with_the_sweep()
    register()
    app = hydra.main(version_base=None, config_path="pkg://twin.conf", config_name="config")
    try:
        app(_app)()
    except SystemExit as done:
        if done.code == 1 and not _started:
            sys.exit(2)
        raise


if __name__ == "__main__":
    main()

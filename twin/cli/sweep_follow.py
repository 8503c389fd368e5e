"""No worker outlives its sweep: a killed ``twin -m`` or study app leaves no process behind.

Light on purpose (the standard library and Hydra's config only): the commands import it before
parsing their arguments.
"""

from __future__ import annotations

import sys

from hydra.core.hydra_config import HydraConfig

SWEEP_PID = "TWIN_SWEEP_PID"
"""Environment variable: the pid of the ``twin`` process; a launcher's workers inherit it."""
_CHILD_LAUNCHERS = (".JoblibLauncher",)
"""Launchers whose workers are child processes of the ``twin`` process (joblib's)."""


def end_with_the_sweep() -> None:
    """Let no worker outlive the sweep's process (``twin -m`` or a study app; docs/sweeps.md,
    "Stopping a sweep"); call it first in the command's ``main``.

    SIGTERM becomes ``SystemExit(143)``, so the launcher's own clean-up runs (joblib terminates
    its loky workers), and the workers, which inherit ``TWIN_SWEEP_PID``, follow this process
    (:func:`follow_the_sweep`) for a SIGKILL, which no process can handle.
    """
    import os
    import signal

    os.environ[SWEEP_PID] = str(os.getpid())
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))


def follow_the_sweep() -> None:
    """In a launcher's worker started by the sweep's process, exit as soon as it is gone; call
    it first in the task function.

    Only under the launchers whose workers are children of the ``twin`` process (joblib's loky
    workers): not in the process itself, nor in a SLURM job or a Ray worker, which run on without
    the submitting process (SLURM passes ``TWIN_SWEEP_PID`` on to its jobs). A worker whose parent
    is gone before its job starts exits at once.
    """
    import os
    import threading

    sweep = os.environ.get(SWEEP_PID, "")
    launcher = str(HydraConfig.get().launcher.get("_target_", ""))
    if not launcher.endswith(_CHILD_LAUNCHERS) or not sweep.isdigit() or int(sweep) == os.getpid():
        return
    if os.getppid() != int(sweep):
        if os.name == "posix":
            try:
                os.kill(int(sweep), 0)  # signal 0: is the sweep's process still there?
            except ProcessLookupError:
                os._exit(1)  # it was killed before this job started
            except PermissionError:
                pass
        return
    if any(thread.name == "twin-follow-sweep" for thread in threading.enumerate()):
        return  # an earlier job of this worker started it

    def watch() -> None:
        import time

        while os.getppid() == int(sweep):
            time.sleep(0.5)
        os._exit(1)  # the sweep was killed: its unfinished run never looks complete

    threading.Thread(target=watch, name="twin-follow-sweep", daemon=True).start()

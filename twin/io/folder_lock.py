"""One writer per run folder: an exclusive lock that the operating system releases when the
process ends (so a killed run never leaves a lock behind)."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from twin.errors import TwinInputError

LOCK_NAME = ".twin.lock"
_held: dict[str, int] = {}
"""Folders this process holds (resolved path -> lock file descriptor): the lock is re-entrant."""


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the run folder ``folder`` (created if missing) for this process.

    Raises
    ------
    TwinInputError
        When another process holds it (a run writing there now), or it cannot be created.
    """
    key = str(folder.resolve())
    if key in _held:
        yield
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o644)
    except OSError as err:
        raise TwinInputError(
            f"{folder} cannot be used as a run folder: {err.strerror}; allowed: a folder you can "
            "write, not under a file."
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise TwinInputError(
            f"{folder} is in use by another run (it holds {LOCK_NAME}); allowed: another run "
            "folder (hydra.run.dir=...), or wait for that run to end."
        ) from None
    _held[key] = fd
    try:
        yield
    finally:
        del _held[key]
        os.close(fd)

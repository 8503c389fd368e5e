"""Writing files so that an interruption never leaves a partial file that looks complete."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def atomic_write(path: Path, write: Callable[..., object]) -> None:
    """Write ``path`` through a temporary file in the same folder, then rename it into place.

    ``write`` receives the temporary path; a failure leaves neither a partial file nor a changed
    ``path``.
    """
    tmp = path.with_name(f".{path.name}.partial")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_json(path: Path, obj: Any) -> None:
    """Write ``obj`` as indented JSON atomically."""
    atomic_write(path, lambda p: p.write_text(json.dumps(obj, indent=2, sort_keys=True) + "\n"))

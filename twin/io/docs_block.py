"""Marked blocks of the docs that scripts write from committed results (never typed by hand).

A block is the lines between ``<!-- NAME -->`` and ``<!-- /NAME -->``; a study's script
rewrites it from its results, so the figures a page quotes are the ones the study wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

from twin.errors import require


def replace_block(text: str, name: str, body: str) -> str:
    """``text`` with the lines between ``<!-- name -->`` and ``<!-- /name -->`` set to ``body``.

    Raises
    ------
    TwinInputError
        When the text has no such block.
    """
    block = re.compile(rf"(<!-- {re.escape(name)} -->\n)(.*?)(<!-- /{re.escape(name)} -->)", re.S)
    require(
        block.search(text) is not None,
        "docs",
        name,
        f"a block <!-- {name} --> ... <!-- /{name} -->",
    )
    return block.sub(lambda m: m.group(1) + body + m.group(3), text, count=1)


def rewrite_block(path: str | Path, name: str, body: str) -> None:
    """Rewrite the block ``name`` of the file at ``path`` with ``body`` (see
    :func:`replace_block`); the rest of the file is kept byte for byte."""
    path = Path(path)
    path.write_text(replace_block(path.read_text(encoding="utf-8"), name, body), encoding="utf-8")

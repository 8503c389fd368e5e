"""Marked docs blocks written by scripts (twin/io/docs_block.py)."""

from __future__ import annotations

import pytest

from twin.errors import TwinInputError
from twin.io.docs_block import replace_block, rewrite_block


def test_only_the_named_block_changes(tmp_path):
    """The body between the markers is replaced; other blocks and text stay byte for byte."""
    doc = tmp_path / "d.md"
    doc.write_text("a\n<!-- x -->\nold\n<!-- /x -->\n<!-- y -->\nkeep\n<!-- /y -->\nz\n")
    rewrite_block(doc, "x", "new 1\nnew 2\n")
    assert doc.read_text() == (
        "a\n<!-- x -->\nnew 1\nnew 2\n<!-- /x -->\n<!-- y -->\nkeep\n<!-- /y -->\nz\n"
    )


def test_a_missing_block_is_refused_naming_it():
    """Text without the block: TwinInputError naming the markers."""
    with pytest.raises(TwinInputError, match="<!-- census:a -->"):
        replace_block("no block\n", "census:a", "x\n")

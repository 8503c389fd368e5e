"""The exception that user-facing commands turn into a short message and a non-zero exit."""

from typing import Any


class TwinInputError(ValueError):
    """Bad user input: a config value, a file, or a table that the twin cannot use.

    The message names the key or file, the value, and what is allowed, in one paragraph.
    """


def require(condition: Any, key: str, value: object, allowed: str) -> None:
    """Raise :class:`TwinInputError` unless ``condition`` holds.

    Parameters
    ----------
    condition
        The check that must be true (a bool or a numpy bool).
    key
        Dotted config key or file name that holds the value.
    value
        The offending value, shown in the message.
    allowed
        Plain-language description of the allowed values.
    """
    if not condition:
        raise TwinInputError(f"{key}={value!r} is not allowed: {allowed}.")

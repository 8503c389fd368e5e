"""Table Schema types read a column at a time: which cell texts frictionless reads as a type.

frictionless (v5) reads each cell on its own: a number with ``decimal.Decimal``, an integer with
``int``, a boolean from its true and false values, a date or datetime with
``datetime.strptime`` in the field's format. These readers give the same verdicts for a whole
column of texts with pandas and numpy. Dates and datetimes in the format's zero-padded ASCII
form (``2024-06-01T07:30:00+10:00``) are checked vectorised; ``datetime.strptime`` decides the
rest, so the verdicts are strptime's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import cache

import numpy as np
import pandas as pd

BOOLEANS = dict.fromkeys(("false", "False", "FALSE", "0"), False)
BOOLEANS |= dict.fromkeys(("true", "True", "TRUE", "1"), True)
"""frictionless's default texts of a boolean field."""
NUMBER = r"[+-]?(?:(?:\d+\.\d*|\.?\d+)(?:e[+-]?\d+)?|inf(?:inity)?|s?nan\d*)"
"""What ``decimal.Decimal`` reads (frictionless's number type) once its underscores are removed,
as Decimal removes them; case-insensitive."""
INTEGER = r"[+-]?\d(?:_?\d)*"
"""What ``int`` reads (frictionless's integer type): underscores only between digits."""
DATE_FORMAT = "%Y-%m-%d"
"""strptime format of a date field whose format is the default."""
STRICT_FORMS = {"%Y": "YYYY", "%m": "mm", "%d": "dd", "%H": "HH", "%M": "MM", "%S": "SS"}
STRICT_FORMS["%z"] = "+hh:ii"
"""Zero-padded ASCII forms of strptime directives: a letter per digit of a number, + a sign."""
RANGES = {"Y": (1, 9999), "m": (1, 12), "d": (1, 31), "H": (0, 23), "M": (0, 59), "S": (0, 59)}
RANGES |= {"h": (0, 23), "i": (0, 59)}
"""The values of each number of a strict form that strptime (and datetime) accept."""
DIGIT, SIGN = -1, -2
DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _text(cells: pd.Series, fmt: str) -> tuple[np.ndarray, pd.Series]:
    return np.ones(len(cells), dtype=bool), cells


def _decimal(cells: pd.Series, pattern: str) -> tuple[np.ndarray, pd.Series]:
    text = cells.str.strip()
    ok = text.str.fullmatch(pattern, flags=re.IGNORECASE).to_numpy(dtype=bool)
    is_nan = text.str.contains("nan", case=False, regex=False).to_numpy(dtype=bool)
    return ok, text.where(ok & ~is_nan, "nan").astype(float)


def _boolean(cells: pd.Series, fmt: str) -> tuple[np.ndarray, pd.Series]:
    return cells.isin(list(BOOLEANS)).to_numpy(), cells.map(BOOLEANS)


@cache
def _strict_form(fmt: str) -> tuple[np.ndarray, dict[str, list[int]]] | None:
    """The code expected at each position of a format's strict form (DIGIT, SIGN or a literal
    character) and where each number's digits are; None when it has other directives."""
    expected: list[int] = []
    digits: dict[str, list[int]] = {}
    for piece in re.split(r"(%.)", fmt):
        form = STRICT_FORMS.get(piece, "")
        if piece.startswith("%") and (not form or form[-1] in digits):
            return None
        for char in form or piece:
            if form and char.isalpha():
                digits.setdefault(char, []).append(len(expected))
                expected.append(DIGIT)
            else:
                expected.append(SIGN if form and char == "+" else ord(char))
    return np.array(expected), digits


def _in_strict_form(cells: pd.Series, fmt: str) -> np.ndarray:
    """Which cells are in the strict form of ``fmt`` and name a datetime that exists."""
    form = _strict_form(fmt)
    ok = np.zeros(len(cells), dtype=bool)
    fits = cells.str.len().to_numpy() == (0 if form is None else len(form[0]))
    if form is None or not fits.any():
        return ok
    expected, digits = form
    codes = cells[fits].to_numpy().astype(f"U{len(expected)}").view(np.uint32)
    codes = codes.reshape(-1, len(expected)).astype(np.int64)
    is_digit = (codes >= ord("0")) & (codes <= ord("9"))
    is_sign = (codes == ord("+")) | (codes == ord("-"))
    good = np.where(expected == DIGIT, is_digit, codes == expected)
    good = np.where(expected == SIGN, is_sign, good).all(axis=1)
    value = {
        name: (codes[:, at] - ord("0")) @ 10 ** np.arange(len(at))[::-1]
        for name, at in digits.items()
    }
    for name, number in value.items():
        good &= (number >= RANGES[name][0]) & (number <= RANGES[name][1])
    year, month = value.get("Y", np.full(len(codes), 1900)), value.get("m", np.ones(len(codes)))
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last_day = DAYS_IN_MONTH[np.clip(month, 1, 12).astype(int) - 1] + ((month == 2) & leap)
    ok[fits] = good & (value.get("d", 1) <= last_day)
    return ok


def _strptime_accepts(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def _datetime(cells: pd.Series, fmt: str) -> tuple[np.ndarray, pd.Series]:
    fmt = DATE_FORMAT if fmt == "default" else fmt
    ok = _in_strict_form(cells, fmt)
    rest = cells[~ok]
    ok[~ok] = rest.isin([text for text in rest if _strptime_accepts(text, fmt)]).to_numpy()
    return ok, cells


READERS: dict[str, Callable[[pd.Series, str], tuple[np.ndarray, pd.Series]]] = {
    "string": _text,
    "any": _text,
    "number": lambda cells, fmt: _decimal(cells.str.replace("_", "", regex=False), NUMBER),
    "integer": lambda cells, fmt: _decimal(cells, INTEGER),
    "boolean": _boolean,
    "date": _datetime,
    "datetime": _datetime,
}
"""Each type's reader: (cell texts, the field's format) -> (which texts are of the type, their
values: the texts for string, any, date and datetime; floats for numbers; booleans)."""


def read_as(kind: str, fmt: str, cells: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Read cell texts as Table Schema type ``kind`` in format ``fmt``, as frictionless does.

    Parameters
    ----------
    kind
        A key of :data:`READERS`: string, any, number, integer, boolean, date or datetime.
    fmt
        The field's format: "default", or for date and datetime a strptime format.
    cells
        Cell texts that are not missing values.

    Returns
    -------
    (numpy.ndarray of bool, pandas.Series)
        Which cells are of the type, and their values (meaningful where they are).
    """
    return READERS[kind](cells, fmt)

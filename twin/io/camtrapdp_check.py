"""Fast check of a package's CSV tables against their Table Schemas, a column at a time.

The rules are frictionless's (v5), applied with pandas and numpy to whole columns (once per
distinct cell text) instead of cell by cell: header labels against the fields in order; missing
values; types (string, any, number, integer, boolean, and date and datetime in the format the
schema declares); the constraints required, enum, pattern, minimum and maximum; unique fields;
the primary key; foreign keys between the tables. The messages are frictionless's, in its order,
so that the two agree line for line (tests/io/test_camtrapdp_check.py). A schema rule the check
does not implement raises ValueError when the schema is compiled: none passes unchecked.

Cells are read as pandas reads CSV text: a row with too few cells reads as empty cells (a
required field is still reported), a row with too many is a parser error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from twin.io.tableschema_types import read_as

FIRST_ROW = 2
"""Row number of a table's first data row, as frictionless counts (the header is row 1)."""
CONSTRAINT_ORDER = ("required", "minimum", "maximum", "pattern", "enum")
"""Cell constraints the check implements, in the order frictionless reports them."""
CONSTRAINTS = {
    "string": {"required", "unique", "pattern", "enum"},
    "any": {"required", "unique"},
    "number": {"required", "unique", "minimum", "maximum"},
    "integer": {"required", "unique", "minimum", "maximum"},
    "boolean": {"required", "unique"},
    "date": {"required"},
    "datetime": {"required"},
}
"""Types the check implements, and the constraints it implements for each."""
KEY_TYPES = ("string", "any", "number", "integer", "boolean")
"""Types whose values the check compares: those of unique fields and keys."""
PARSING_PROPERTIES = (
    "bareNumber",
    "floatNumber",
    "decimalChar",
    "groupChar",
    "trueValues",
    "falseValues",
)
"""Field properties that change how frictionless reads cells; the check does not implement them."""

Error = tuple[int, tuple[int, int, int], str]
"""(row number, rank within the row, message): sorted, they come in frictionless's order."""


@dataclass(frozen=True)
class FieldRule:
    """One field of a Table Schema, compiled: what its cells must be."""

    name: str
    number: int
    type: str
    format: str
    missing_values: tuple[str, ...]
    constraints: dict[str, Any]


@dataclass(frozen=True)
class ForeignKey:
    """Fields of a table whose values must appear in fields of another table."""

    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class TableRules:
    """A Table Schema, compiled."""

    fields: tuple[FieldRule, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]


@dataclass(frozen=True)
class Table:
    """A resource to check: its name, its path as reported, its file and its Table Schema."""

    name: str
    place: str
    file: Path
    schema: dict[str, Any]


@dataclass
class _Checked:
    place: str
    rules: TableRules
    read: bool = True
    n_rows: int = 0
    typed: dict[str, pd.Series] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)


def _names(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _compile_field(descriptor: dict[str, Any], number: int, missing: list[str]) -> FieldRule:
    name, kind = descriptor["name"], descriptor.get("type", "string")
    fmt = descriptor.get("format", "default")
    constraints = descriptor.get("constraints", {})
    unknown = set(constraints) - CONSTRAINTS.get(kind, set())
    parsing = [p for p in PARSING_PROPERTIES if p in descriptor]
    strptime = kind in ("date", "datetime") and "%" in fmt
    known_format = strptime or (fmt == "default" and kind != "datetime")
    if kind not in CONSTRAINTS or unknown or parsing or not known_format:
        raise ValueError(
            f"field {name!r} (type {kind!r}, format {fmt!r}, constraints {sorted(unknown)}, "
            f"properties {parsing}) has a rule the fast check does not implement"
        )
    return FieldRule(
        name=name,
        number=number,
        type=kind,
        format=fmt,
        missing_values=tuple(descriptor.get("missingValues", missing)),
        constraints={k: constraints[k] for k in ("unique", *CONSTRAINT_ORDER) if k in constraints},
    )


def _foreign_key(descriptor: dict[str, Any]) -> ForeignKey:
    reference = descriptor["reference"]
    return ForeignKey(
        _names(descriptor["fields"]), reference["resource"], _names(reference["fields"])
    )


def compile_schema(schema: dict[str, Any]) -> TableRules:
    """Compile a Table Schema; raise ValueError for a rule the check does not implement."""
    missing = schema.get("missingValues", [""])
    fields = tuple(_compile_field(f, n, missing) for n, f in enumerate(schema["fields"], start=1))
    keys = tuple(_foreign_key(key) for key in schema.get("foreignKeys", []))
    primary_key = _names(schema.get("primaryKey", []))
    types = {rule.name: rule.type for rule in fields}
    for name in (*primary_key, *(name for key in keys for name in key.fields)):
        if types.get(name) not in KEY_TYPES:
            raise ValueError(f"key field {name!r} is not a field of a type the check compares")
    if "uniqueKeys" in schema:
        raise ValueError("uniqueKeys is a rule the fast check does not implement")
    return TableRules(fields, primary_key, keys)


def _breaks(name: str, values: pd.Series, bound: Any) -> np.ndarray:
    """Which typed values break the constraint ``name`` (NaN breaks a bound, as in frictionless)."""
    if name == "minimum":
        return ~(values >= float(bound)).to_numpy()
    if name == "maximum":
        return ~(values <= float(bound)).to_numpy()
    if name == "pattern":
        return ~values.str.match(f"^{bound}$").to_numpy(dtype=bool)
    return ~values.isin(bound).to_numpy()


def _field_errors(
    cells: pd.Series, missing: np.ndarray, rule: FieldRule
) -> tuple[list[Error], pd.Series]:
    """Type and constraint errors of a column, and its typed values (of the cells of its type)."""
    present = cells[~missing]
    codes, distinct = pd.factorize(present)
    ok, values = read_as(rule.type, rule.format, pd.Series(distinct, dtype=object))
    at = f'field "{rule.name}" at position "{rule.number}"'
    wrong = present[~ok[codes]]
    errors: list[Error] = [
        (row, (0, rule.number, 0), f'Type error in the cell "{cell}" in row "{row}" and {at}: '
         f'type is "{rule.type}/{rule.format}"')
        for row, cell in zip(wrong.index + FIRST_ROW, wrong, strict=True)
    ]  # fmt: skip
    for rank, name in enumerate(CONSTRAINT_ORDER, start=1):
        bound = rule.constraints.get(name)
        if bound is None or bound is False:
            continue
        breaks = np.zeros(len(distinct), dtype=bool)
        if name != "required":
            breaks[ok] = _breaks(name, values[ok], bound)
        failing = cells[missing] if name == "required" else present[breaks[codes]]
        errors += [
            (row, (0, rule.number, rank), f'The cell "{cell}" in row at position "{row}" and '
             f'{at} does not conform to a constraint: constraint "{name}" is "{bound}"')
            for row, cell in zip(failing.index + FIRST_ROW, failing, strict=True)
        ]  # fmt: skip
    return errors, pd.Series(values.to_numpy()[codes], index=present.index)[ok[codes]]


def _label_errors(labels: list[str], fields: tuple[FieldRule, ...]) -> list[Error]:
    errors: list[Error] = []
    for number, (label, rule) in enumerate(zip_longest(labels, fields), start=1):
        if rule is None:
            message = f'There is an extra label "{label}" in header at position "{number}"'
        elif label is None:
            message = (
                f'There is a missing label in the header\'s field "{rule.name}" at position '
                f'"{number}"'
            )
        elif label == "":
            message = f'Label in the header in field at position "{number}" is blank'
        elif label != rule.name:
            message = (
                f'Label "{label}" in field {rule.name} at position "{number}" does not match the '
                "field name in the schema"
            )
        else:
            continue
        errors.append((1, (0, number, 0), message))
    return errors


def _key_fields(rules: TableRules, referenced: set[str]) -> set[str]:
    """Fields whose typed values the key checks read: unique fields, the primary key, this
    table's foreign-key fields and its fields other tables' foreign keys refer to."""
    unique = {rule.name for rule in rules.fields if rule.constraints.get("unique")}
    foreign = {name for key in rules.foreign_keys for name in key.fields}
    return unique | set(rules.primary_key) | foreign | referenced


def _check_cells(table: Table, rules: TableRules, referenced: set[str]) -> _Checked:
    """Read a table; check its header, and its cells field by field against its compiled
    schema (keeping the typed values of the key fields only: :func:`_key_fields`)."""
    checked = _Checked(table.place, rules)
    keep = _key_fields(checked.rules, referenced)
    try:
        frame = pd.read_csv(
            table.file, header=None, dtype=str, na_filter=False, skip_blank_lines=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        checked.errors.append((1, (0, 0, 0), f"cannot be read as CSV: {err}"))
        checked.read = False
        return checked
    labels, cells = list(frame.iloc[0]), frame.iloc[1:].reset_index(drop=True)
    checked.n_rows = len(cells)
    checked.errors += _label_errors(labels, checked.rules.fields)
    blank = np.ones(len(cells), dtype=bool)
    cell_errors: list[Error] = []
    for rule in checked.rules.fields[: len(labels)]:
        missing = cells[rule.number - 1].isin(rule.missing_values).to_numpy()
        blank &= missing
        errors, typed = _field_errors(cells[rule.number - 1], missing, rule)
        if rule.name in keep:
            checked.typed[rule.name] = typed
        cell_errors += errors
    checked.errors += [error for error in cell_errors if not blank[error[0] - FIRST_ROW]]
    checked.errors += [
        (row, (0, 0, 0), f'Row at position "{row}" is completely blank')
        for row in (np.flatnonzero(blank) + FIRST_ROW).tolist()
    ]
    return checked


def _key_values(checked: _Checked, names: tuple[str, ...]) -> pd.DataFrame | None:
    """Typed values of fields ``names`` in every row (NaN where missing or not of the type);
    None when there are none or one is not in the table."""
    if not names or not all(name in checked.typed for name in names):
        return None
    frame = pd.DataFrame({name: checked.typed[name] for name in names}, dtype=object)
    return frame.reindex(range(checked.n_rows))


def _repeats(keys: pd.DataFrame) -> list[tuple[int, int]]:
    """(row, the last earlier row with the same key) for each row repeating a key."""
    group = keys.groupby(list(keys.columns), dropna=False, sort=False).ngroup().to_numpy()
    rows = pd.Series(keys.index.to_numpy() + FIRST_ROW, index=keys.index)
    previous = rows.groupby(group).shift().dropna().astype(int)
    return list(zip(previous.index + FIRST_ROW, previous, strict=True))


def _key_errors(checked: _Checked) -> list[Error]:
    """Errors of unique fields and of the primary key."""
    errors: list[Error] = []
    for rule in checked.rules.fields:
        if rule.constraints.get("unique") and rule.name in checked.typed:
            errors += [
                (row, (1, rule.number, 0), f'Row at position "{row}" has unique constraint '
                 f'violation in field "{rule.name}" at position "{rule.number}": the same as in '
                 f"the row at position {previous}")
                for row, previous in _repeats(checked.typed[rule.name].to_frame())
            ]  # fmt: skip
    keys = _key_values(checked, checked.rules.primary_key)
    if keys is None:
        return errors
    empty = keys.isna().all(axis=1).to_numpy()
    violates = 'Row at position "{}" violates the primary key: '
    errors += [
        (row, (2, 0, 0), violates.format(row) + 'cells composing the primary keys are all "None"')
        for row in (np.flatnonzero(empty) + FIRST_ROW).tolist()
    ]
    return errors + [
        (row, (2, 0, 0), violates.format(row) + f"the same as in the row at position {previous}")
        for row, previous in _repeats(keys[~empty])
    ]


def _foreign_key_errors(
    checked: _Checked, rank: int, key: ForeignKey, tables: dict[str, _Checked]
) -> list[Error]:
    """Rows whose key is not in the referenced table (an absent table counts as empty)."""
    values, source = _key_values(checked, key.fields), tables.get(key.resource)
    if values is None or (source is not None and not source.read):
        return []
    values = values[values.notna().any(axis=1)]
    lookup = None if source is None else _key_values(source, key.reference)
    if lookup is None:
        lookup = pd.DataFrame(columns=list(key.reference), dtype=object)
    lookup = lookup[lookup.notna().any(axis=1)].drop_duplicates().set_axis(key.fields, axis=1)
    found = values.merge(lookup, how="left", on=list(key.fields), indicator=True)["_merge"]
    unknown = values[(found != "both").to_numpy()]
    fields, reference = ", ".join(key.fields), ", ".join(key.reference)
    rows = unknown.index + FIRST_ROW
    return [
        (
            row,
            (3, rank, 0),
            f'Row at position "{row}" violates the foreign key: for "{fields}": values '
            f'"{", ".join(map(str, cells))}" not found in the lookup table "{key.resource}" as '
            f'"{reference}"',
        )
        for row, cells in zip(rows, unknown.itertuples(index=False), strict=True)
    ]


def check_tables(tables: Sequence[Table]) -> list[tuple[str, list[str]]]:
    """Check CSV tables against their Table Schemas, foreign keys between them included.

    Parameters
    ----------
    tables
        The package's tables; a foreign key's table is found among them by resource name.

    Returns
    -------
    list of (str, list of str)
        Each table's place and its problems (frictionless's messages in its order); empty
        lists when the tables conform.

    Raises
    ------
    ValueError
        A schema has a rule the check does not implement.
    """
    rules = {source.name: compile_schema(source.schema) for source in tables}
    referenced: dict[str, set[str]] = {name: set() for name in rules}
    for compiled in rules.values():
        for key in compiled.foreign_keys:
            referenced.setdefault(key.resource, set()).update(key.reference)
    checked = {
        source.name: _check_cells(source, rules[source.name], referenced[source.name])
        for source in tables
    }
    for table in checked.values():
        table.errors += _key_errors(table)
        for rank, key in enumerate(table.rules.foreign_keys):
            table.errors += _foreign_key_errors(table, rank, key, checked)
    return [
        (table.place, [error[2] for error in sorted(table.errors)]) for table in checked.values()
    ]

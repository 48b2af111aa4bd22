"""Data tables and persona lists -> the rows one scenario document expands into.

A row is what sets one scenario of a document apart from its siblings: its table values,
the persona it runs as, and the name in brackets that tells them apart
(``balance [ar_SA]``, ``rates [dollar, en_GB]``). Every value remembers where it is
written, so that a bad locale in the third row is reported at the third row.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace
from typing import Any

from mockmessenger.errors import InputError, InputProblem
from mockmessenger.scenarios.schema import schema_problems
from mockmessenger.scenarios.source import Document, JsonPath

#: Template names a table column cannot take (``persona`` is a column of its own kind).
RESERVED_COLUMNS = ("customer", "params")

#: Scenarios one document may expand into (table rows times personas): a matrix of six
#: ten-value columns is a million conversations, a mistake rather than a test plan.
MAX_ROWS = 1000

#: Columns whose value alone names a row (``[en_GB]`` rather than ``[locale=en_GB]``).
BARE_COLUMNS = ("locale",)


@dataclass
class Row:
    """One expansion of a scenario document."""

    values: dict[str, Any] = field(default_factory=dict)  # table columns, as written
    cells: dict[str, JsonPath] = field(default_factory=dict)  # column -> where it is written
    path: JsonPath = ()  # the table row (``()`` for a document without a table)
    #: the parts of the bracketed name; ``None`` stands for the persona's label
    label: list[str | None] = field(default_factory=list)
    persona: Any = None  # the row's persona: a locale or a persona mapping (None: the document's)
    persona_path: JsonPath = ()

    def variant(self, persona_label: str) -> str:
        """The text between the brackets of the row's scenario name."""
        return ", ".join(persona_label if part is None else part for part in self.label)

    @property
    def where(self) -> JsonPath:
        """The most precise place to point at when the row as a whole is wrong."""
        return self.persona_path or self.path


def expand(doc: Document) -> list[Row]:
    """The rows of a validated scenario document: table rows, times its persona list."""
    rows = table_rows(doc)
    personas = doc.data.get("personas")
    if personas is None:
        return rows
    if len(rows) * len(personas) > MAX_ROWS:
        raise InputError(
            doc.problem(
                ("personas",),
                f"{len(rows)} table row(s) times {len(personas)} personas make "
                f"{len(rows) * len(personas):,} scenarios, more than {MAX_ROWS:,}",
            )
        )
    if any(row.persona is not None for row in rows):
        column = next(row.persona_path for row in rows if row.persona is not None)
        raise InputError(
            doc.problem(column, "use either 'personas' or a 'persona' table column, not both")
        )
    return [
        replace(row, label=[*row.label, None], persona=persona, persona_path=("personas", i))
        for row in rows
        for i, persona in enumerate(personas)
    ]


def table_rows(doc: Document) -> list[Row]:
    """One row per ``examples`` entry or ``matrix`` combination (one empty row without)."""
    data = doc.data
    if "examples" in data and "matrix" in data:
        raise InputError(doc.problem(("matrix",), "use either 'examples' or 'matrix', not both"))
    if "examples" in data:
        return [_example(doc, i) for i in range(len(data["examples"]))]
    if "matrix" in data:
        return _matrix(doc)
    return [Row()]


def _example(doc: Document, i: int) -> Row:
    path: JsonPath = ("examples", i)
    values = dict(doc.data_at(path))
    name = values.pop("name", None)
    row = Row(path=path)
    if "persona" in values:
        row.persona, row.persona_path = values.pop("persona"), (*path, "persona")
        _check_persona_value(doc, row.persona_path)
    _check_columns(doc, path, values)
    row.values = values
    row.cells = {key: (*path, key) for key in values}
    if name:
        row.label = [str(name)]
    else:
        row.label = [_cell_label(key, value) for key, value in values.items()]
        if row.persona is not None:
            row.label.append(None)
        row.label = row.label or [f"row {i + 1}"]
    return row


def _matrix(doc: Document) -> list[Row]:
    matrix = doc.data["matrix"]
    _check_columns(doc, ("matrix",), {key: None for key in matrix if key != "persona"})
    if "persona" in matrix:
        for j in range(len(matrix["persona"])):
            _check_persona_value(doc, ("matrix", "persona", j))
    rows = []
    columns = [[(key, j, value) for j, value in enumerate(matrix[key])] for key in matrix]
    count = math.prod(len(column) for column in columns)
    if count > MAX_ROWS:
        sizes = " × ".join(f"{len(matrix[key])} {key}" for key in matrix)
        raise InputError(
            doc.problem(
                ("matrix",),
                f"the matrix makes {count:,} rows ({sizes}), more than {MAX_ROWS:,}: "
                "use fewer values, or 'examples' for the combinations that matter",
            )
        )
    for combination in itertools.product(*columns):
        row = Row(path=("matrix",))
        for key, j, value in combination:
            if key == "persona":
                row.persona, row.persona_path = value, ("matrix", "persona", j)
                row.label.append(None)
            else:
                row.values[key] = value
                row.cells[key] = ("matrix", key, j)
                row.label.append(_cell_label(key, value))
        rows.append(row)
    return rows


def _cell_label(key: str, value: Any) -> str:
    return str(value) if key in BARE_COLUMNS else f"{key}={value}"


def _check_columns(doc: Document, path: JsonPath, row: dict[str, Any]) -> None:
    for name in row:
        if name in RESERVED_COLUMNS or not str(name).isidentifier():
            raise InputError(doc.problem((*path, name), f"'{name}' cannot be a table column name"))


def _check_persona_value(doc: Document, path: JsonPath) -> None:
    problems: list[InputProblem] = schema_problems(doc, "persona_choice", path)
    if problems:
        raise InputError(problems)

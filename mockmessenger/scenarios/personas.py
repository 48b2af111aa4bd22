"""Who a scenario row runs as: its persona, resolved, checked and labelled.

A row's persona is the document's ``persona`` with the row's own persona (from
``personas:`` or a ``persona`` table column) laid over it, its templates filled from
the row's table values. The locale must be one the canary factory makes customers
for, since each persona gets its own synthetic customer; a mistake is reported where
the bad value is written, which for ``locale: "{{ locale }}"`` is the table cell.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from mockmessenger.errors import InputProblem
from mockmessenger.scenarios.expansion import Row
from mockmessenger.scenarios.model import Persona
from mockmessenger.scenarios.source import Document, JsonPath
from mockmessenger.scenarios.template import TemplateError, render, whole_variable

NAME_FIELDS = ("name", "first_name", "last_name")
DEFAULT_LOCALE = "en_US"


def persona_fields(doc: Document, row: Row) -> dict[str, tuple[Any, JsonPath]]:
    """Each persona field of ``row`` as written, with where it is written."""
    base = doc.data.get("persona") or {}
    fields = {key: (value, ("persona", key)) for key, value in base.items()}
    override = row.persona
    if override is None:
        return fields
    if isinstance(override, str):
        own = {"locale": (override, row.persona_path)}
    else:
        own = {key: (value, (*row.persona_path, key)) for key, value in override.items()}
    if any(key in NAME_FIELDS for key in own):  # a row's own name replaces the whole name
        fields = {key: value for key, value in fields.items() if key not in NAME_FIELDS}
    return {**fields, **own}


def resolve_persona(doc: Document, row: Row) -> tuple[Persona, list[InputProblem]]:
    """The row's persona, and every problem with it (file, line and field of each)."""
    from mockmessenger.boundary.canaries import LOCALES

    problems: list[InputProblem] = []
    values: dict[str, Any] = {}
    sources: dict[str, JsonPath] = {}
    for key, (raw, path) in persona_fields(doc, row).items():
        try:
            values[key] = render(raw, row.values)
        except TemplateError as exc:
            problems.append(doc.problem(path, str(exc)))
            continue
        sources[key] = _source(raw, path, row)

    def problem(key: str, message: str) -> None:
        path = sources[key]
        if path[:1] != ("persona",) and path[-1:] != (key,):  # a table cell or a list item
            message += f" (used as persona.{key})"
        problems.append(doc.problem(path, message))

    locale = values.get("locale", DEFAULT_LOCALE)
    if "locale" in sources and locale not in LOCALES:
        known = ", ".join(LOCALES)
        problem("locale", f"no synthetic customers for locale {_quoted(locale)} (known: {known})")
        locale = DEFAULT_LOCALE
    seed = values.get("seed", 0)
    if "seed" in sources:
        seed = _whole_number(seed)
        if seed is None:
            problem("seed", f"{_quoted(values['seed'])} is not a whole number")
            seed = 0
    first, last = values.get("first_name"), values.get("last_name")
    if values.get("name") and not (first or last):
        first, _, last = str(values["name"]).partition(" ")
    persona = Persona(
        locale=str(locale),
        seed=seed,
        first_name=str(first) if first else None,
        last_name=str(last) if last else None,
    )
    return persona, problems


def persona_labels(personas: list[Persona]) -> list[str]:
    """Short names that tell ``personas`` apart: the locale, then the seed, then the name."""
    labels = [p.locale for p in personas]
    for extra in (lambda p: f"seed {p.seed}", lambda p: p.name):
        owners: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
        for label, p in zip(labels, personas, strict=True):
            owners[label].add((p.locale, p.seed, p.name))
        labels = [
            f"{label} {extra(p)}" if len(owners[label]) > 1 and extra(p) else label
            for label, p in zip(labels, personas, strict=True)
        ]
    return labels


def _source(raw: Any, path: JsonPath, row: Row) -> JsonPath:
    """Where a value comes from: the table cell a whole ``{{ column }}`` template names."""
    column = whole_variable(raw)
    return row.cells.get(column, path) if column else path


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _quoted(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)

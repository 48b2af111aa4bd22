"""The shipped JSON Schema, and its errors turned into ``file:line: [field] message``.

jsonschema's own messages describe the schema ("is not valid under any of the given
schemas"); a person writing a scenario needs to hear which step kind or expectation
is unknown and which field is missing, so the common cases are reworded here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from mockmessenger.errors import InputProblem
from mockmessenger.scenarios.model import REPLY_CHECKS, STEP_KINDS
from mockmessenger.scenarios.source import Document

#: Shipped with the package (``package-data``); next to this package in a checkout too.
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "scenario.schema.json"

_STEP_EXTRAS = ("include", "with", "label", "timeout", "expect")
_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "empty",
}


@cache
def scenario_schema() -> dict[str, Any]:
    """The scenario JSON Schema shipped in ``mockmessenger/schemas``."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator(definition: str) -> jsonschema.protocols.Validator:
    from referencing import Registry, Resource

    schema = scenario_schema()
    sub = {"$id": schema["$id"], "$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    cls = jsonschema.validators.validator_for(schema)
    # an inline policy (categories, allow entries) follows the policy file's own rules
    policy = json.loads((SCHEMA_PATH.parent / "policy.schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(policy["$id"], Resource.from_contents(policy))
    return cls(sub, registry=registry)


def schema_problems(doc: Document, definition: str, at: tuple[Any, ...] = ()) -> list[InputProblem]:
    """Every schema violation of ``doc`` (or of its value at ``at``), reworded.

    ``definition`` names a ``$defs`` entry: "scenario", "part", "persona_choice"...
    """
    problems = []
    seen: set[tuple[int, str]] = set()
    value = doc.data_at(at) if at else doc.data
    for error in _validator(definition).iter_errors(value):
        error = _deepest(error)
        path = (*at, *error.absolute_path)
        problem = doc.problem(path, _message(error, path))
        key = (problem.line or 0, str(problem))
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    return sorted(problems, key=lambda p: p.line or 0)


def _deepest(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf, the branch error that says the most (jsonschema's best match)."""
    while error.context:
        # An object value that fails against several shapes: prefer the object branch.
        candidates = [e for e in error.context if e.validator != "type"] or list(error.context)
        better = best_match(candidates)
        if better is None or better is error:
            break
        error = better
    return error


def _message(error: ValidationError, path: tuple[Any, ...]) -> str:
    kind = error.validator
    own = error.schema.get("x-messages", {}) if isinstance(error.schema, dict) else {}
    if kind in own:  # the schema words this mistake itself (persona lists, seeds, tables)
        return own[kind].format(value=_show(error.instance))
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return f"missing field '{missing[0]}'" if missing else error.message
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return _unknown_key_message(extra, path, error.schema.get("properties", {}))
    if kind == "type":
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, list) else [wanted]
        names = " or ".join(_TYPE_NAMES.get(w, w) for w in wanted)
        return f"must be {names}, not {_type_of(error.instance)} ({_show(error.instance)})"
    if kind == "enum":
        from mockmessenger.boundary.findings import CATEGORIES

        if set(error.validator_value) == set(CATEGORIES):  # worded as in a policy file
            return f"unknown category {_show(error.instance)}; expected one of: {', '.join(CATEGORIES)}"
        options = ", ".join(map(str, error.validator_value))
        return f"{_show(error.instance)} is not one of: {options}"
    if kind == "const":
        return f"must be {json.dumps(error.validator_value)}"
    if kind == "pattern":
        return f"{_show(error.instance)} does not look right (expected e.g. en_US, ar_SA)"
    if kind in ("minItems", "minProperties"):
        return "must not be empty"
    if kind == "maxProperties":
        return "too many keys here (use either in_order or any_order, plus 'more')"
    if kind in ("minimum", "exclusiveMinimum"):
        return f"must be at least {error.validator_value}"
    if kind == "oneOf" and isinstance(error.instance, dict) and path and path[-2:-1] == ("steps",):
        return _step_message(error.instance)
    return error.message


def _unknown_key_message(extra: list[str], path: tuple[Any, ...], known: dict[str, Any]) -> str:
    names = ", ".join(f"'{name}'" for name in extra)
    if len(path) >= 2 and path[-2] == "steps":
        return f"unknown step kind {names} (known: {', '.join((*STEP_KINDS, 'include'))})"
    if set(known) >= set(REPLY_CHECKS) - {"kind"}:
        return f"unknown expectation {names} (known: {', '.join(REPLY_CHECKS)})"
    plural = "s" if len(extra) > 1 else ""
    return f"unknown field{plural} {names} (known: {', '.join(known)})"


def _step_message(instance: dict[str, Any]) -> str:
    return f"not a valid step: {_show(instance)}"


def _type_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _show(value: Any, limit: int = 60) -> str:
    """A value quoted in an error message: long numbers masked, like every other output."""
    from mockmessenger.reports.redact import scrub

    text = scrub(json.dumps(value, ensure_ascii=False, default=str))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def step_action_problems(doc: Document, steps_path: tuple[Any, ...]) -> list[InputProblem]:
    """Steps must hold exactly one action (the schema cannot say that kindly)."""
    problems = []
    steps = doc.data
    for key in steps_path:
        steps = steps.get(key) if isinstance(steps, dict) else None
    if not isinstance(steps, list):
        return problems
    for i, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        actions = [k for k in step if k in (*STEP_KINDS, "include")]
        unknown = [k for k in step if k not in (*STEP_KINDS, *_STEP_EXTRAS)]
        path = (*steps_path, i)
        if unknown:
            continue  # the schema reports the unknown kind
        if not actions:
            problems.append(
                doc.problem(path, f"a step needs one action ({', '.join(STEP_KINDS)}, include)")
            )
        elif len(actions) > 1:
            problems.append(
                doc.problem(path, f"a step has one action, this one has {', '.join(actions)}")
            )
        if "with" in step and "include" not in step:
            problems.append(doc.problem((*path, "with"), "'with' only goes with 'include'"))
    return problems

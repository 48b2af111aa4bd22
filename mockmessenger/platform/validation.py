"""Request bodies checked against the JSON Schemas shipped in ``mockmessenger/schemas``.

The schemas hold Meta's documented limits; a few numbers that Meta changed over
time come from :class:`PlatformConfig` and are patched in at load time. The
first problem is answered the way Graph words it (``(#100) Length of param
message[text] must be less than or equal to 2000``).

Meta's reference wants ``message[text]`` shorter than 2000 characters and ``metadata``
shorter than 1000, while the error Graph answers names 2000 and 1000: the schema's
``maxLength`` is one less than the limit and ``x-graph-limit`` keeps the number the
error quotes, so a bot that matches Meta's message still matches ours.
"""

from __future__ import annotations

import copy
import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from mockmessenger.platform.errors import GraphError, param_error

try:  # the Rust validator is an order of magnitude faster on the hot path
    import jsonschema_rs as _rs
except ImportError:  # pragma: no cover - optional accelerator
    _rs = None
import jsonschema

#: ``mockmessenger/schemas``, shipped as package data.
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema shipped with the package, by file name."""
    text = (SCHEMA_DIR / name).read_text("utf-8")
    return json.loads(text)


def graph_param(path: list[str | int] | tuple[str | int, ...]) -> str:
    """``["message", "quick_replies", 0, "title"]`` -> ``message[quick_replies][0][title]``."""
    if not path:
        return "body"
    head, *rest = path
    return str(head) + "".join(f"[{p}]" for p in rest)


def _message_for(error: jsonschema.ValidationError) -> GraphError:
    path = list(error.absolute_path)
    name = graph_param(path)
    validator, value = error.validator, error.validator_value
    if validator == "required":
        missing = next((p for p in value if p not in (error.instance or {})), value[0])
        return param_error(f"The parameter {graph_param([*path, missing])} is required")
    if validator == "maxLength":
        limit = error.schema.get("x-graph-limit", value)
        return param_error(f"Length of param {name} must be less than or equal to {limit}")
    if validator == "minLength":
        return param_error(f"Param {name} must be a non-empty UTF-8 encoded string")
    if validator == "maxItems":
        return param_error(f"Param {name} has too many elements. Maximum is {value}")
    if validator == "minItems":
        return param_error(f"Param {name} must contain at least {value} element(s)")
    if validator in ("enum", "const"):
        options = value if validator == "enum" else [value]
        return param_error(f"Param {name} must be one of {{{', '.join(map(str, options))}}}")
    if validator == "type":
        kinds = value if isinstance(value, list) else [value]
        return param_error(f"Param {name} must be a {' or '.join(kinds)}")
    if validator == "pattern":
        return param_error(f"Param {name} is not a valid value")
    if validator == "not":
        return param_error(f"Param {name} has a field that is not allowed here")
    if validator in ("anyOf", "oneOf"):
        return param_error(f"Param {name} is missing a required property")
    if validator == "minProperties":
        return param_error(f"param {name} must be non-empty.")
    return param_error(f"Invalid parameter {name}: {error.message}")


class SchemaCheck:
    """A compiled schema; ``check(doc)`` raises the Graph error for the first problem."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self._validator = jsonschema.Draft202012Validator(schema)
        self._fast = _rs.validator_for(schema) if _rs is not None else None

    def check(self, document: Any) -> None:
        if self._fast is not None and self._fast.is_valid(document):
            return
        errors = sorted(self._validator.iter_errors(document), key=_specificity)
        if errors:
            raise _message_for(errors[0])

    def problems(self, document: Any) -> list[GraphError]:
        return [
            _message_for(e) for e in sorted(self._validator.iter_errors(document), key=_specificity)
        ]


def _specificity(error: jsonschema.ValidationError) -> int:
    """Deepest problem first: it names the field the bot got wrong."""
    return -len(error.absolute_path)


def _patched_send_schema(text_limit: int, quick_reply_limit: int) -> dict[str, Any]:
    schema = copy.deepcopy(load_schema("send.schema.json"))
    message = schema["$defs"]["message"]["properties"]
    message["text"]["maxLength"] = text_limit - 1  # "< 2000 characters"
    message["text"]["x-graph-limit"] = text_limit
    message["quick_replies"]["maxItems"] = quick_reply_limit
    return schema


@lru_cache(maxsize=16)
def send_check(text_limit: int = 2000, quick_reply_limit: int = 13) -> SchemaCheck:
    return SchemaCheck(_patched_send_schema(text_limit, quick_reply_limit))


@lru_cache(maxsize=32)
def graph_check(name: str) -> SchemaCheck:
    """The check of ``graph_<name>.schema.json``."""
    return SchemaCheck(load_schema(f"graph_{name}.schema.json"))


@lru_cache(maxsize=8)
def messenger_profile_check(menu_item_limit: int = 20) -> SchemaCheck:
    schema = copy.deepcopy(load_schema("graph_messenger_profile.schema.json"))
    schema["$defs"]["menu"]["properties"]["call_to_actions"]["maxItems"] = menu_item_limit
    return SchemaCheck(schema)

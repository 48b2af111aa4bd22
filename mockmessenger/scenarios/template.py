"""``{{ ... }}`` templates in scenario values, resolved against persona and customer data.

A deliberately tiny language: a dotted path with ``[index]`` / ``['key']`` lookups and
optional filters (``{{ customer.cards[0].last4 | arabic_digits }}``). No code runs, so a
scenario file can never execute anything. A value that is *entirely* one expression keeps
the type of what it names (``"{{ customer.accounts[0].balance }}"`` stays a number), so a
scenario can compare numbers with numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

EXPRESSION = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.DOTALL)
_WHOLE = re.compile(r"^\s*\{\{\s*(.*?)\s*\}\}\s*$", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INDEX = re.compile(r"\[\s*(-?\d+|'[^']*'|\"[^\"]*\")\s*\]")

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _money(value: Any) -> str:
    return f"{Decimal(str(value)):,.2f}"


#: Filters a scenario may apply: each turns a value into the form a bot would show.
FILTERS: dict[str, Callable[[Any], Any]] = {
    "arabic_digits": lambda v: str(v).translate(_ARABIC_INDIC),
    "persian_digits": lambda v: str(v).translate(_PERSIAN),
    "upper": lambda v: str(v).upper(),
    "lower": lambda v: str(v).lower(),
    "capitalize": lambda v: str(v).capitalize(),
    "str": str,
    "int": lambda v: int(Decimal(str(v))),
    "number": lambda v: Decimal(str(v)),
    "abs": lambda v: abs(Decimal(str(v))),
    "money": _money,
    "last4": lambda v: str(v)[-4:],
    "first": lambda v: v[0],
    "spaced": lambda v: " ".join(str(v)[i : i + 4] for i in range(0, len(str(v)), 4)),
    "dashed": lambda v: "-".join(str(v)[i : i + 4] for i in range(0, len(str(v)), 4)),
    "length": len,
}


class TemplateError(ValueError):
    """A template names something that does not exist; ``variable`` is the offending text."""

    def __init__(self, message: str, variable: str):
        super().__init__(message)
        self.variable = variable


@dataclass(frozen=True)
class _Lookup:
    kind: str  # "attr" | "index"
    key: str | int


def _parse_path(expr: str) -> tuple[str, list[_Lookup]]:
    match = _NAME.match(expr)
    if not match:
        raise TemplateError(f"'{{{{ {expr} }}}}' is not a variable name", expr)
    root = match.group(0)
    lookups: list[_Lookup] = []
    pos = match.end()
    while pos < len(expr):
        if expr[pos] == ".":
            name = _NAME.match(expr, pos + 1)
            if not name:
                raise TemplateError(f"'{{{{ {expr} }}}}': expected a name after '.'", expr)
            lookups.append(_Lookup("attr", name.group(0)))
            pos = name.end()
        elif expr[pos] == "[":
            index = _INDEX.match(expr, pos)
            if not index:
                raise TemplateError(f"'{{{{ {expr} }}}}': bad index", expr)
            raw = index.group(1)
            key: str | int = raw[1:-1] if raw[0] in "'\"" else int(raw)
            lookups.append(_Lookup("index", key))
            pos = index.end()
        else:
            raise TemplateError(f"'{{{{ {expr} }}}}': unexpected {expr[pos]!r}", expr)
    return root, lookups


def evaluate(expr: str, context: Mapping[str, Any]) -> Any:
    """Evaluate one expression (the text between ``{{`` and ``}}``)."""
    path, *filters = (part.strip() for part in expr.split("|"))
    root, lookups = _parse_path(path)
    if root not in context:
        known = ", ".join(sorted(context)) or "none"
        raise TemplateError(f"unknown variable '{path}' (known: {known})", path)
    value: Any = context[root]
    walked = root
    for lookup in lookups:
        value, walked = _step(value, lookup, walked, path)
    for name in filters:
        if name not in FILTERS:
            known = ", ".join(sorted(FILTERS))
            raise TemplateError(f"unknown filter '{name}' in '{expr}' (known: {known})", expr)
        try:
            value = FILTERS[name](value)
        except (ValueError, TypeError, ArithmeticError, IndexError) as exc:
            raise TemplateError(f"filter '{name}' cannot apply to '{path}': {exc}", expr) from exc
    return value


def _step(value: Any, lookup: _Lookup, walked: str, path: str) -> tuple[Any, str]:
    key = lookup.key
    shown = f"{walked}.{key}" if lookup.kind == "attr" else f"{walked}[{key}]"
    if isinstance(value, Mapping) and key in value:
        return value[key], shown
    if isinstance(value, list | tuple) and isinstance(key, int):
        if -len(value) <= key < len(value):
            return value[key], shown
        raise TemplateError(
            f"unknown variable '{path}': {walked} has {len(value)} item(s), no index {key}", path
        )
    if lookup.kind == "attr" and not isinstance(value, Mapping | list | tuple):
        attr = getattr(value, str(key), None)
        if attr is not None and not callable(attr):
            return attr, shown
    if isinstance(value, Mapping):
        known = ", ".join(sorted(map(str, value))) or "none"
        raise TemplateError(
            f"unknown variable '{path}': {walked} has no '{key}' (has: {known})", path
        )
    raise TemplateError(f"unknown variable '{path}': {walked} has no '{key}'", path)


def render(value: Any, context: Mapping[str, Any]) -> Any:
    """Render templates in a value: strings, and recursively lists and mappings.

    A string that is exactly one ``{{ expression }}`` becomes the value itself
    (numbers stay numbers); otherwise every expression is formatted into the text.
    """
    if isinstance(value, str):
        if "{{" not in value:
            return value
        whole = _WHOLE.match(value)
        if whole and "{{" not in whole.group(1):
            result = evaluate(whole.group(1), context)
            return float(result) if isinstance(result, Decimal) else result
        return EXPRESSION.sub(lambda m: _format(evaluate(m.group(1), context)), value)
    if isinstance(value, list):
        return [render(item, context) for item in value]
    if isinstance(value, dict):
        return {key: render(item, context) for key, item in value.items()}
    return value


def whole_variable(value: Any) -> str | None:
    """The variable a value is made of, if it is exactly one ``{{ name }}`` (no filters)."""
    whole = _WHOLE.match(value) if isinstance(value, str) else None
    name = whole.group(1).strip() if whole else ""
    return name if _NAME.fullmatch(name) else None


def _format(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

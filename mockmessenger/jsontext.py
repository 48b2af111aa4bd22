"""JSON from files and requests we did not write: every failure a plain reason, no traceback.

Besides a syntax error, ``json.loads`` fails on hostile input in ways that are not
:class:`json.JSONDecodeError`: a ``RecursionError`` on arrays or objects nested about a
thousand deep, a ``ValueError`` on an integer of more than 4300 digits (Python's limit on
converting text to int), a ``UnicodeDecodeError`` on bytes that are not UTF-8.
:func:`loads` turns each into :class:`JSONTextError` with a reason a person can act on
and, where it can be told, the line and column; :func:`loads_or_none` is for callers to
whom "not JSON" is an answer (the recipient of a body, a webhook or not).
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable
from typing import Any

#: an integer literal too long for int(): a sign or a delimiter, then the digits
_LONG_NUMBER = r"(?<![\w.\"])-?\d{%d,}"


class JSONTextError(ValueError):
    """Why a JSON text could not be read; ``reason`` is plain words, never the input itself."""

    def __init__(
        self,
        reason: str,
        line: int | None = None,
        column: int | None = None,
        path: tuple[str | int, ...] | None = None,
    ):
        super().__init__(reason)
        self.reason, self.line, self.column = reason, line, column
        #: where the value at fault is (keys and indexes), when it can be told
        self.path = path

    def describe(self) -> str:
        """The reason and, when known, where: ``Expecting value (line 1, column 2)``."""
        reason = self.reason.removeprefix("not JSON: ")
        if self.line is not None and self.column is not None:
            return f"{reason} (line {self.line}, column {self.column})"
        return reason

    @property
    def syntax(self) -> bool:
        """True for a JSON syntax error (as opposed to too deep, a too-long number...)."""
        return self.reason.startswith("not JSON")


def loads(data: str | bytes, **hooks: Callable[[str], Any]) -> Any:
    """``json.loads(data)``; any failure is a :class:`JSONTextError`."""
    try:
        return json.loads(data, **hooks)
    except json.JSONDecodeError as exc:
        raise JSONTextError(f"not JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1 if isinstance(data, bytes) else None
        raise JSONTextError("not UTF-8 text", line) from None
    except RecursionError:
        raise JSONTextError(
            "JSON nested too deeply to read (arrays or objects inside each other about "
            f"{sys.getrecursionlimit()} levels deep)"
        ) from None
    except ValueError as exc:  # int(): "Exceeds the limit (4300 digits) for integer string..."
        limit = sys.get_int_max_str_digits()
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        match = re.search(_LONG_NUMBER % (limit + 1), text) if limit else None
        if match is None:
            raise JSONTextError(f"not JSON: {exc.__class__.__name__}") from None
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        raise JSONTextError(
            f"a number with more than {limit} digits (too long to read)", line, column
        ) from None


def loads_or_none(data: str | bytes) -> Any:
    """``json.loads(data)``, or None when ``data`` cannot be read as JSON for any reason."""
    try:
        return loads(data)
    except JSONTextError:
        return None


class _BadNumber:
    """Stands in, while parsing, for a number no request should carry; ``reason`` says why."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def loads_numbers_checked(data: str | bytes) -> Any:
    """:func:`loads`, refusing numbers that only Python's reader lets through.

    ``json.loads`` reads ``NaN`` and ``Infinity`` (not JSON), turns ``1e999`` into ``inf``
    and fails on an integer of more than 4300 digits with advice for Python programmers.
    In a request each would reach a comparison, the clock or a JSON answer and break it
    later; here the :class:`JSONTextError` says why and its ``path`` names the value.
    """
    found: list[_BadNumber] = []

    def bad(reason: str) -> _BadNumber:
        found.append(_BadNumber(reason))
        return found[-1]

    def parse_int(text: str) -> Any:
        limit = sys.get_int_max_str_digits()
        if limit and len(text) - text.startswith("-") > limit:
            return bad(f"a number with more than {limit} digits (too long to read)")
        return int(text)

    def parse_float(text: str) -> Any:
        value = float(text)
        return (
            value
            if math.isfinite(value)
            else bad("a number too large to represent (it reads as infinity)")
        )

    def parse_constant(name: str) -> Any:
        return bad(f"{name} is not a JSON number")

    value = loads(data, parse_int=parse_int, parse_float=parse_float, parse_constant=parse_constant)
    if found:
        raise JSONTextError(found[0].reason, path=_path_to(value, found[0]))
    return value


def _path_to(value: Any, target: object) -> tuple[str | int, ...]:
    """Keys and indexes from ``value`` down to ``target``; a loop, as JSON nests deep."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if isinstance(node, dict):
            stack.extend((v, (*path, k)) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((v, (*path, i)) for i, v in reversed(list(enumerate(node))))
    return ()

"""Errors for bad input that a person must be able to act on.

Every loader (policy, scenario, recording, traffic file) raises :class:`InputError`
naming the file, the line and the field; the CLI prints ``str(error)`` and exits 2,
never a traceback.

A problem's message and field often quote the input (an unknown key, a bad value, a
YAML tag, a flow file's field), and the input may hold a card number or an IBAN: every
:class:`InputProblem` passes its message and field through the guard's masker
(:func:`mockmessenger.boundary.masking.redact`) when it is made, so no error message,
present or future, can print one whole. Only ``verbatim`` parts, which the caller
checked (the address ``serve`` could not listen on), are shown as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


class MockMessengerError(Exception):
    """Base class of every error mockmessenger raises on purpose."""


@dataclass
class InputProblem:
    """One mistake in one input file."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    #: parts of ``message`` shown unmasked: values known to hold no account or card data
    verbatim: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        from mockmessenger.boundary.masking import redact

        self.message = _redact_except(redact, str(self.message), self.verbatim)
        if self.field is not None:
            self.field = redact(str(self.field))

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {self.message}"


class InputError(MockMessengerError):
    """Bad input: one or more problems, each with file, line and field where known."""

    def __init__(
        self, problems: list[InputProblem] | InputProblem | str, *, file: str | None = None
    ):
        if isinstance(problems, str):
            problems = [InputProblem(problems, file=file)]
        elif isinstance(problems, InputProblem):
            problems = [problems]
        self.problems: list[InputProblem] = problems
        super().__init__("\n".join(str(p) for p in problems))


def _redact_except(redact: Callable[[str], str], text: str, keep: tuple[str, ...]) -> str:
    """``redact(text)`` but for the ``keep`` parts, each shown as it is."""
    keep = tuple(k for k in keep if k)
    if not keep:
        return redact(text)
    pattern = "|".join(map(re.escape, sorted(keep, key=len, reverse=True)))
    parts = re.split(f"({pattern})", text)
    return "".join(part if i % 2 else redact(part) for i, part in enumerate(parts))

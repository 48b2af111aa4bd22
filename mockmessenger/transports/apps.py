"""What an in-process bot is: checked before it runs, explained when it raises.

The in-process door calls the bot's app in this process, so a target that is not an
app (a factory not called, a module attribute that is a string) would only ever show
up as an opaque HTTP 500; and an app that raises has a traceback right here that a
person needs to see. Shared by ``mockmessenger run --bot`` and the pytest plugin's
``--mm-app``.
"""

from __future__ import annotations

import inspect
import sys
import sysconfig
import traceback
from pathlib import Path
from typing import Any

from mockmessenger.errors import InputError, InputProblem

#: positional arguments of each kind of app
ARGUMENTS = {"asgi": 3, "wsgi": 2}
_LIBRARY_DIRS = tuple(
    {sysconfig.get_paths()[key] for key in ("stdlib", "purelib", "platlib")}
    | {sys.prefix, str(Path(__file__).resolve().parents[1])}  # and mockmessenger's own
)


def _takes(signature: inspect.Signature, count: int) -> bool:
    try:
        signature.bind(*range(count))
    except TypeError:
        return False
    return True


def app_problem(app: Any, kind: str = "auto") -> str | None:
    """Why ``app`` cannot be run as an app of ``kind`` (``asgi``, ``wsgi``, ``auto``), or None."""
    if not callable(app):
        return f"it is a {type(app).__name__}, not an ASGI or WSGI app"
    try:
        signature = inspect.signature(app)
    except (TypeError, ValueError):
        return None  # a builtin or C callable: let it try
    kinds = ("asgi", "wsgi") if kind == "auto" else (kind,)
    if any(_takes(signature, ARGUMENTS[k]) for k in kinds):
        return None
    if _takes(signature, 0):
        return "it takes no arguments: if it is a factory that builds the app, call it (add ())"
    for other, count in ARGUMENTS.items():
        if other not in kinds and _takes(signature, count):
            return f"it takes {count} arguments as {other.upper()} apps do, but it is run as {kind.upper()}"
    return f"it takes {signature}, not an ASGI (scope, receive, send) or WSGI (environ, start_response) app's arguments"


def check_app(app: Any, kind: str = "auto", *, field: str, spec: str | None = None) -> None:
    """An :class:`InputError` naming ``field`` when ``app`` is not an app of ``kind``."""
    problem = app_problem(app, kind)
    if problem is not None:
        target = f"{spec}: " if spec else ""
        raise InputError(InputProblem(f"{target}{problem}", field=field))


def _is_library(filename: str) -> bool:
    return filename.startswith(_LIBRARY_DIRS) or filename.startswith("<")


def _shown(filename: str) -> str:
    try:
        return str(Path(filename).resolve().relative_to(Path.cwd()))
    except ValueError:
        return filename


def describe_exception(exc: BaseException) -> str:
    """``ValueError: message (at bot.py:9 in app)``: the type, the message (financial
    values masked) and where it was raised; when that is inside a library, also the
    bot's own last line on the way there."""
    from mockmessenger.boundary.masking import redact

    message = redact(str(exc)).strip()
    text = type(exc).__name__ + (f": {message}" if message else "")
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return text
    last = frames[-1]
    where = [f"at {_shown(last.filename)}:{last.lineno} in {last.name}"]
    if _is_library(last.filename):
        own = [f for f in frames if not _is_library(f.filename)]
        if own and own[-1] is not last:
            where.append(f"from {_shown(own[-1].filename)}:{own[-1].lineno} in {own[-1].name}")
    return f"{text} ({', '.join(where)})"

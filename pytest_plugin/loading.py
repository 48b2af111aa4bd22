"""Turning configuration strings into the objects they name.

``package.module:attribute`` (attribute may be dotted, ``()`` at the end calls
it, as uvicorn's ``--factory`` does), the bot's own back end, and whether an app
is ASGI or WSGI.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from mockmessenger.errors import InputError, InputProblem


def load_object(spec: str, *, field: str) -> Any:
    """The object ``spec`` names; :class:`InputError` naming ``field`` if it does not exist."""
    call = spec.endswith("()")
    target = spec[:-2] if call else spec
    module_name, _, attribute = target.partition(":")
    if not module_name or not attribute:
        raise InputError(
            InputProblem(f"expected 'package.module:attribute', got {spec!r}", field=field)
        )
    try:
        obj: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise InputError(
            InputProblem(f"cannot import {module_name!r} (from {spec!r}): {exc}", field=field)
        ) from None
    for part in attribute.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise InputError(
                InputProblem(
                    f"{module_name!r} has no attribute {attribute!r} (from {spec!r})", field=field
                )
            ) from None
    if call:
        obj = obj()
    return obj


def app_kind(app: Any, configured: str = "auto") -> str:
    """``asgi`` or ``wsgi``: ASGI apps are async callables of three arguments."""
    if configured != "auto":
        return configured
    if not callable(app):
        raise InputError(InputProblem(f"{app!r} is not callable, so it is neither ASGI nor WSGI"))
    call = app if inspect.isfunction(app) or inspect.ismethod(app) else app.__call__
    if inspect.iscoroutinefunction(call):
        return "asgi"
    try:
        parameters = [
            p
            for p in inspect.signature(call).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
    except (TypeError, ValueError):
        return "wsgi"
    return "asgi" if len(parameters) == 3 else "wsgi"


def is_backend(obj: Any) -> bool:
    """Whether ``obj`` implements the ``BankBackend`` protocol (register, reset)."""
    return callable(getattr(obj, "register", None)) and callable(getattr(obj, "reset", None))


def app_backend(app: Any) -> Any | None:
    """The bot's own fake core-banking back end, if the app exposes one.

    Looked up as ``app.backend``, ``app.state.backend``, any value of ``app.state``
    that implements the protocol (Starlette, FastAPI), or ``app.config["backend"]``
    (Flask), in that order.
    """
    if app is None:
        return None
    state = getattr(app, "state", None)
    candidates = [getattr(app, "backend", None), getattr(state, "backend", None)]
    candidates.extend(getattr(state, "_state", {}).values())  # Starlette keeps state in a dict
    config = getattr(app, "config", None)
    if isinstance(config, dict):
        candidates.append(config.get("backend"))
    return next((c for c in candidates if c is not None and is_backend(c)), None)

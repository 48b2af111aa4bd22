"""mitmproxy in front of a bot: fake Graph, guard and recorder addons, and the proxy door.

The addon modules are also ``mitmdump -s`` scripts, so this package imports nothing
eagerly: ``ProxyDoor`` and friends load on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FakeGraph", "GuardAddon", "MitmProxy", "MitmdumpProcess", "ProxyDoor", "Recorder"]

_HOMES = {
    "FakeGraph": "fake_graph",
    "GuardAddon": "guard_addon",
    "MitmProxy": "mitm",
    "MitmdumpProcess": "mitm",
    "ProxyDoor": "door",
    "Recorder": "recorder",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)

"""The session's resolved :class:`~pytest_plugin.options.Settings`, checked once."""

from __future__ import annotations

import pytest

from mockmessenger.errors import InputError
from pytest_plugin.options import Settings, resolve

SETTINGS_KEY = pytest.StashKey[Settings]()


def settings_of(config: pytest.Config) -> Settings:
    """The settings of this session; a configuration mistake is a usage error, not a traceback."""
    settings = config.stash.get(SETTINGS_KEY, None)
    if settings is None:
        try:
            settings = resolve(config)
        except InputError as exc:
            raise pytest.UsageError(f"mockmessenger configuration:\n{exc}") from None
        config.stash[SETTINGS_KEY] = settings
    return settings

"""The plugin's fixtures: the fake platform wired to the bot, users, canaries, the guard.

Every fixture here is documented for ``pytest --fixtures``. The ones named
``mockmessenger_*`` read the configuration and may be overridden in a
``conftest.py`` (for instance to build the bot's app with its own settings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mockmessenger.errors import InputError
from pytest_plugin.guarding import guard_for
from pytest_plugin.options import Settings
from pytest_plugin.settings import settings_of
from pytest_plugin.wiring import Boundary, Wiring, start_wiring


def _usage(exc: InputError) -> pytest.Failed:
    from pytest_plugin.wiring import config_error

    return config_error(f"\n{exc}")


@pytest.fixture(scope="session")
def mockmessenger_settings(pytestconfig: pytest.Config) -> Settings:
    """The plugin's configuration, from ``--mm-*`` options and ``mockmessenger_*`` ini keys."""
    return settings_of(pytestconfig)


@pytest.fixture(scope="session")
def mockmessenger_app(mockmessenger_settings: Settings) -> Any:
    """The bot's ASGI or WSGI app named by ``--mm-app``/``mockmessenger_app`` (None if unset).

    Override this fixture in ``conftest.py`` to build the app yourself, e.g.
    ``return create_app(Settings(graph_url=...))``; the in-process door drives it.
    """
    if not mockmessenger_settings.app:
        return None
    from mockmessenger.transports.apps import check_app
    from pytest_plugin.loading import load_object

    field, spec = "--mm-app / mockmessenger_app", mockmessenger_settings.app
    try:
        app = load_object(spec, field=field)
        check_app(app, mockmessenger_settings.app_kind, field=field, spec=spec)
        return app
    except InputError as exc:
        raise _usage(exc) from None


@pytest.fixture(scope="session")
def mockmessenger_backend(mockmessenger_settings: Settings, mockmessenger_app: Any) -> Any:
    """The bot's fake core-banking back end (a ``BankBackend``), or None.

    From ``--mm-backend``/``mockmessenger_backend`` (``module:attribute``), else the app's
    own (``app.backend``, ``app.state.backend``). Canary customers are registered with it
    for the user they belong to, so the bot really holds the values the guard watches for.
    """
    from pytest_plugin.loading import app_backend, is_backend, load_object

    if mockmessenger_settings.backend:
        field = "--mm-backend / mockmessenger_backend"
        try:
            backend = load_object(mockmessenger_settings.backend, field=field)
        except InputError as exc:
            raise _usage(exc) from None
        if not is_backend(backend):
            from pytest_plugin.wiring import config_error

            raise config_error(
                f"{field}: {mockmessenger_settings.backend!r} has no register(customer, psid) "
                "and reset() methods (the BankBackend protocol)"
            )
        return backend
    return app_backend(mockmessenger_app)


@pytest.fixture
def mockmessenger_platform_config(mockmessenger_settings: Settings) -> Any:
    """The fake platform's ``PlatformConfig`` (page id, token, app secret from the ini keys).

    Override it to vary the platform (limits, webhook retries, development mode...).
    """
    from mockmessenger.platform import PlatformConfig

    return PlatformConfig(seed=mockmessenger_settings.seed, **mockmessenger_settings.platform)


@pytest.fixture
def mockmessenger_policy(request: pytest.FixtureRequest, mockmessenger_settings: Settings) -> Any:
    """The boundary policy of this test.

    ``@pytest.mark.mockmessenger_policy(path)`` (relative to the test file) wins over
    ``--mm-policy``/``mockmessenger_policy``; without either, the built-in default policy.
    """
    from pytest_plugin.wiring import load_policy

    marker = request.node.get_closest_marker("mockmessenger_policy")
    path: Path | None = mockmessenger_settings.policy
    if marker is not None:
        if not marker.args:
            from pytest_plugin.wiring import config_error

            raise config_error("@pytest.mark.mockmessenger_policy needs a path")
        path = Path(str(marker.args[0]))
        if not path.is_absolute():
            path = Path(request.node.path).parent / path
    return load_policy(request.config, path)


@pytest.fixture
def messenger(
    request: pytest.FixtureRequest,
    mockmessenger_settings: Settings,
    mockmessenger_app: Any,
    mockmessenger_backend: Any,
    mockmessenger_platform_config: Any,
    mockmessenger_policy: Any,
) -> Iterator[Any]:
    """The fake Messenger Platform wired to the bot under test, guarded.

    A ``mockmessenger.harness.Messenger``: ``messenger.user(locale="ar_SA")`` makes a
    user who can ``say``, tap quick replies, post back, react...; ``messenger.egress``,
    ``messenger.findings``, ``messenger.platform`` (threads, faults, clock). The door is
    chosen by configuration: the app in-process, a running bot's URL, or a bot command.
    At the end of the test, any finding the test did not expect fails it, and so does
    any connection to a host that is neither the fake nor trusted by the policy.
    """
    guard = guard_for(request.node)
    wiring = start_wiring(
        request.node,
        settings=mockmessenger_settings,
        app=mockmessenger_app,
        backend=mockmessenger_backend,
        platform_config=mockmessenger_platform_config,
        policy=mockmessenger_policy,
        guard=guard,
    )
    try:
        yield wiring.messenger
    finally:
        wiring.close()


@pytest.fixture
def bank_customer(messenger: Any, request: pytest.FixtureRequest) -> Callable[..., Any]:
    """Factory of synthetic bank customers, the guard's canaries.

    ``customer = bank_customer(locale="ar_SA")`` returns a seeded ``Customer`` (cards,
    IBANs, balances, transactions, national id) whose every value the guard now watches
    for, in any encoding. Hand it to a user (``messenger_user(customer=customer)``) and
    the bot's back end holds it for that user.
    """
    wiring: Wiring = request.node.stash[Wiring.KEY]
    return wiring.new_customer


@pytest.fixture
def messenger_user(messenger: Any, request: pytest.FixtureRequest) -> Callable[..., Any]:
    """Factory of simulated Messenger users talking to the bot.

    ``user = messenger_user(locale="ar_SA", customer=True)`` creates a user (and, with
    ``customer=True``, a canary customer the bot's back end holds for them; or pass a
    ``Customer``). ``user.say("رصيدي؟")`` returns the bot's replies once it went quiet.
    """
    wiring: Wiring = request.node.stash[Wiring.KEY]
    return wiring.new_user


@pytest.fixture
def boundary(messenger: Any, request: pytest.FixtureRequest) -> Boundary:
    """The boundary guard of this test: ``boundary.findings``, ``boundary.assert_clean()``,
    and ``with boundary.expect_leak("card_number"): ...`` for tests of the guard itself.
    """
    wiring: Wiring = request.node.stash[Wiring.KEY]
    return wiring.boundary

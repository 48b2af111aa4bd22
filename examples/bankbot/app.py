"""The ASGI application: ``create_app(settings)``."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.routing import Route

from .admin import admin_register, admin_reset
from .bot import BankBot
from .core import CoreBanking
from .settings import Settings
from .webhook import health, receive_events, verify_subscription


def create_app(settings: Settings | None = None, core: CoreBanking | None = None) -> Starlette:
    """The bot as a Starlette app; ``app.state.bot`` and ``app.state.core`` for the harness.

    Under a server with lifespan (uvicorn) the Messenger Profile is set on start-up when
    ``settings.setup_profile_on_startup``; ASGI transports without lifespan call
    ``await app.state.bot.setup_profile()`` themselves.
    """
    settings = settings or Settings()
    core = core if core is not None else CoreBanking()
    bot = BankBot(settings, core)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if settings.setup_profile_on_startup:
            await bot.setup_profile()
        try:
            yield
        finally:
            await bot.aclose()

    routes = [
        Route("/webhook", verify_subscription, methods=["GET"]),
        Route("/webhook", receive_events, methods=["POST"]),
        Route("/healthz", health, methods=["GET"]),
    ]
    if settings.admin_token:
        routes += [
            Route("/_bankbot/register", admin_register, methods=["POST"]),
            Route("/_bankbot/reset", admin_reset, methods=["POST"]),
        ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.bot = bot
    app.state.core = core
    app.state.settings = settings
    return app


__all__ = ["create_app"]

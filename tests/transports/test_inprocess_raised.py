"""An in-process bot that raises: its exception (type, message, line) is in the failure;
a target that is not an app is refused before anything runs."""

from __future__ import annotations

import pytest
from flask import Flask
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from mockmessenger.errors import InputError
from mockmessenger.harness import Messenger, NoReplyError
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.apps import app_problem, check_app
from mockmessenger.transports.inprocess import InProcessDoor


def starlette_bot() -> Starlette:
    async def webhook(request: Request) -> None:
        if request.method == "GET":
            from starlette.responses import PlainTextResponse

            return PlainTextResponse(request.query_params.get("hub.challenge", ""))
        raise KeyError("no account 4111 1111 1111 1111")

    return Starlette(routes=[Route("/webhook", webhook, methods=["GET", "POST"])])


def wsgi_bot(environ, start_response):
    if environ["REQUEST_METHOD"] == "GET":
        start_response("200 OK", [("content-type", "text/plain")])
        return [environ["QUERY_STRING"].split("hub.challenge=")[1].split("&")[0].encode()]
    raise RuntimeError("the core banking client is down")


@pytest.mark.parametrize(
    ("app", "kind", "says"),
    [
        (starlette_bot(), "asgi", "the bot raised KeyError: 'no account •"),
        (wsgi_bot, "wsgi", "the bot raised RuntimeError: the core banking client is down"),
    ],
)
def test_the_failure_shows_what_the_bot_raised_and_where(app, kind, says):
    platform = Platform(PlatformConfig(seed=3))
    door = InProcessDoor(app, kind)
    with Messenger(platform, door, timeout=0.5) as messenger, pytest.raises(NoReplyError) as caught:
        messenger.user(locale="en_US").say("hello")
    text = str(caught.value)
    assert says in text, text
    assert "test_inprocess_raised.py:" in text  # where the bot raised it
    assert "4111 1111 1111 1111" not in text


async def asgi_app(scope, receive, send):  # pragma: no cover - only inspected
    pass


def create_app() -> Starlette:  # pragma: no cover - only inspected
    return starlette_bot()


@pytest.mark.parametrize(
    ("target", "kind", "problem"),
    [
        (asgi_app, "asgi", None),
        (starlette_bot(), "auto", None),
        (wsgi_bot, "wsgi", None),
        (Flask("bot"), "wsgi", None),
        (create_app, "asgi", "it takes no arguments: if it is a factory"),
        ("a docstring", "auto", "it is a str, not an ASGI or WSGI app"),
        (Flask("bot"), "asgi", "it takes 2 arguments as WSGI apps do, but it is run as ASGI"),
        (lambda a, b, c, d: None, "auto", "not an ASGI (scope, receive, send) or WSGI"),
    ],
)
def test_app_problem(target, kind, problem):
    found = app_problem(target, kind)
    assert (found is None) if problem is None else (problem in found), found


def test_check_app_names_the_option():
    with pytest.raises(InputError) as caught:
        check_app(create_app, "asgi", field="--bot", spec="bot:create_app")
    assert str(caught.value) == (
        "<input>: [--bot] bot:create_app: it takes no arguments: if it is a factory that "
        "builds the app, call it (add ())"
    )

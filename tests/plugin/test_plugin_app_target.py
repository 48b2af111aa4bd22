"""``--mm-app`` that names no app, or an app that raises: said plainly (shared with ``run --bot``)."""

from __future__ import annotations

RAISING_BOT = """
async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    raise ValueError("boom in the bot")

def create_app():
    return app
"""
TEST = """
def test_x(messenger):
    messenger.user(locale="en_US").say("hi")
"""


def test_an_app_factory_not_called_is_a_configuration_error(pytester):
    pytester.makepyfile(plugin_raising_bot=RAISING_BOT, test_x=TEST)
    result = pytester.runpytest("--mm-app=plugin_raising_bot:create_app", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*[[]--mm-app / mockmessenger_app[]] plugin_raising_bot:create_app: it takes no arguments*"
        ]
    )


def test_the_exception_of_an_in_process_app_is_in_the_failure(pytester):
    pytester.makepyfile(plugin_raising_bot=RAISING_BOT, test_x=TEST)
    result = pytester.runpytest("--mm-app=plugin_raising_bot:app", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*the bot raised ValueError: boom in the bot (at plugin_raising_bot.py:*"]
    )

"""Log in and log out: account linking buttons and the ``messaging_account_linking`` event."""

from __future__ import annotations

from typing import Any

from . import messages as m
from .context import Context
from .conversation import Turn
from .profile import user_menu
from .texts import text


async def login(ctx: Context, turn: Turn) -> None:
    if turn.customer is not None:
        await ctx.say(turn, "ALREADY_LINKED", ctx.menu(turn.lang))
        return
    message = m.button_template(text("LOGIN_PROMPT", turn.lang), [ctx.login_button()])
    await ctx.send(turn, message)


async def logout(ctx: Context, turn: Turn) -> None:
    if turn.customer is None:
        await ctx.say(turn, "NOT_LINKED", ctx.back(turn.lang))
        return
    message = m.button_template(text("LOGOUT_PROMPT", turn.lang), [m.logout_button()])
    await ctx.send(turn, message)


async def account_linking(ctx: Context, turn: Turn, linking: dict[str, Any]) -> None:
    """Linked with a known code: map the PSID, set the user's menu, welcome them in."""
    if linking.get("status") == "unlinked":
        ctx.core.unlink(turn.psid)
        await ctx.say(turn, "UNLINKED", ctx.back(turn.lang))
        return
    customer = ctx.core.link(turn.psid, str(linking.get("authorization_code") or ""))
    if customer is None:
        message = m.button_template(text("LINK_FAILED", turn.lang), [ctx.login_button()])
        await ctx.send(turn, message)
        return
    await ctx.graph.set_user_menu(turn.psid, user_menu(ctx.settings, customer, turn.lang))
    await ctx.say(turn, "LINKED", ctx.menu(turn.lang))

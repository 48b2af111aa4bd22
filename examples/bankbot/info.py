"""Public information and hand-over: branches, exchange rates, a human agent."""

from __future__ import annotations

from . import messages as m
from .context import Context
from .conversation import Turn
from .public import RATES, branches_for, currencies_named
from .texts import text, title

AGENT_METADATA = "agent_requested"


async def branches(ctx: Context, turn: Turn) -> None:
    elements = [
        {
            "title": branch.title(turn.lang),
            "subtitle": text("BRANCH_ATM", turn.lang, address=branch.address(turn.lang)),
            "buttons": [
                m.call_button(title("CALL", turn.lang), branch.phone),
                m.url_button(
                    title("DIRECTIONS", turn.lang), f"{ctx.settings.maps_url}/branches/{branch.id}"
                ),
            ],
        }
        for branch in branches_for(turn.text)
    ]
    await ctx.send(turn, m.generic_template(elements))


async def rates(ctx: Context, turn: Turn) -> None:
    named = currencies_named(turn.text)
    if len(named) == 1:
        code = named[0]
        rate = dict(RATES)[code]
        await ctx.say(turn, "RATES_ONE", ctx.back(turn.lang), code=code, rate=rate)
        return
    listed = " · ".join(f"{code} {rate}" for code, rate in RATES)
    await ctx.say(turn, "RATES_ALL", ctx.back(turn.lang), rates=listed)


async def agent(ctx: Context, turn: Turn) -> None:
    """Tell the user, then pass the thread to the Page Inbox, where people answer."""
    await ctx.say(turn, "AGENT")
    await ctx.graph.pass_thread_control(turn.psid, ctx.settings.page_inbox_app_id, AGENT_METADATA)

"""Replies that need no data: welcome, menu, thanks, fallback, refusals, attachments."""

from __future__ import annotations

from .context import Context
from .conversation import Turn


async def welcome(ctx: Context, turn: Turn) -> None:
    await ctx.say(turn, "WELCOME", ctx.menu(turn.lang))


async def menu(ctx: Context, turn: Turn) -> None:
    await ctx.say(turn, "MENU", ctx.menu(turn.lang))


async def fallback(ctx: Context, turn: Turn) -> None:
    await ctx.say(turn, "FALLBACK", ctx.menu(turn.lang))


async def thanks(ctx: Context, turn: Turn) -> None:
    await ctx.say(turn, "THANKS", ctx.back(turn.lang))


async def refuse(ctx: Context, turn: Turn) -> None:
    """One of the refusals; the intent names its text. Never echoes what was typed."""
    await ctx.say(turn, turn.intent, ctx.back(turn.lang))


async def attachment(ctx: Context, turn: Turn) -> None:
    await ctx.say(turn, "ATTACHMENT", ctx.back(turn.lang))

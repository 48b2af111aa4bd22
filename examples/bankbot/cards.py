"""Cards: the list, freeze and unfreeze, and disputes."""

from __future__ import annotations

from mockmessenger.boundary.customers import Card

from . import messages as m
from .context import Context
from .conversation import Turn
from .textnorm import four_digit_groups
from .texts import masked_last4, text, title

QUICK_REPLY_LIMIT = 13
GENERIC_ELEMENT_LIMIT = 10


async def cards(ctx: Context, turn: Turn) -> None:
    customer = turn.linked
    if not customer.cards:
        await ctx.say(turn, "NO_CARDS", ctx.back(turn.lang))
        return
    elements = []
    for card in customer.cards[:GENERIC_ELEMENT_LIMIT]:
        if card.frozen:
            state = text("CARD_FROZEN", turn.lang)
            toggle = m.postback_button(title("UNFREEZE", turn.lang), f"UNFREEZE_CARD:{card.last4}")
        else:
            state = text("CARD_ACTIVE", turn.lang)
            toggle = m.postback_button(title("FREEZE", turn.lang), f"FREEZE_CARD:{card.last4}")
        dispute = m.postback_button(title("DISPUTE", turn.lang), f"DISPUTE_CARD:{card.last4}")
        elements.append(
            {"title": ctx.card(card, turn.lang), "subtitle": state, "buttons": [toggle, dispute]}
        )
    await ctx.send(turn, m.generic_template(elements))
    await ctx.track("cards_viewed", turn)


def choose_card(ctx: Context, turn: Turn, eligible: list[Card]) -> tuple[str, Card | None]:
    """Which card the user means.

    ("card", c) to act on; ("named", c) for a card named explicitly but not eligible;
    ("ask", None) to ask which; ("none", None) when no card is eligible.
    """
    customer = turn.linked
    if turn.argument is not None:
        card = ctx.core.find_card(customer, turn.argument)
        if card is None:
            return ("ask", None) if eligible else ("none", None)
        return ("card", card) if card in eligible else ("named", card)
    for group in four_digit_groups(turn.text):
        card = ctx.core.find_card(customer, group)
        if card is not None:
            return ("card", card) if card in eligible else ("named", card)
    if not eligible:
        return "none", None
    if len(eligible) == 1:
        return "card", eligible[0]
    return "ask", None


async def ask_card(ctx: Context, turn: Turn, key: str, action: str, eligible: list[Card]) -> None:
    replies = [(masked_last4(card.last4), f"{action}:{card.last4}") for card in eligible]
    await ctx.say(turn, key, replies[:QUICK_REPLY_LIMIT])


async def freeze(ctx: Context, turn: Turn) -> None:
    await _set_frozen(ctx, turn, frozen=True)


async def unfreeze(ctx: Context, turn: Turn) -> None:
    await _set_frozen(ctx, turn, frozen=False)


async def _set_frozen(ctx: Context, turn: Turn, *, frozen: bool) -> None:
    customer = turn.linked
    prefix = "FREEZE" if frozen else "UNFREEZE"
    if not customer.cards:
        await ctx.say(turn, "NO_CARDS", ctx.back(turn.lang))
        return
    eligible = [card for card in customer.cards if card.frozen != frozen]
    choice, card = choose_card(ctx, turn, eligible)
    if choice == "ask":
        await ask_card(ctx, turn, f"{prefix}_ASK", f"{prefix}_CARD", eligible)
        return
    if choice == "none" or card is None:
        await ctx.say(turn, f"{prefix}_NONE", ctx.back(turn.lang))
        return
    label = ctx.card(card, turn.lang)
    if choice == "named":
        await ctx.say(turn, f"{prefix}_ALREADY", ctx.back(turn.lang), card=label)
        return
    ctx.core.set_frozen(customer, card, frozen)
    await ctx.send(turn, m.image_message(card_image_url(ctx, card)))
    undo = ("UNFREEZE", "UNFREEZE_CARD") if frozen else ("FREEZE", "FREEZE_CARD")
    replies = [(title(undo[0], turn.lang), f"{undo[1]}:{card.last4}"), *ctx.back(turn.lang)]
    await ctx.say(turn, f"{prefix}_DONE", replies, card=label)
    await ctx.track("card_frozen" if frozen else "card_unfrozen", turn)


def card_image_url(ctx: Context, card: Card) -> str:
    """Card art with its state; ``card_in_image_url`` personalises it with the number."""
    state = "frozen" if card.frozen else "active"
    url = f"{ctx.settings.cdn_url}/cards/render.png?brand={card.brand}&state={state}"
    if ctx.settings.card_in_image_url:
        url += f"&pan={card.number}"
    return url


async def dispute(ctx: Context, turn: Turn) -> None:
    customer = turn.linked
    if not customer.cards:
        await ctx.say(turn, "NO_CARDS", ctx.back(turn.lang))
        return
    choice, card = choose_card(ctx, turn, list(customer.cards))
    if choice != "card" or card is None:
        await ask_card(ctx, turn, "DISPUTE_ASK", "DISPUTE_CARD", list(customer.cards))
        return
    ticket = ctx.core.open_dispute(customer, card)
    replies = []
    if not card.frozen:
        replies.append((title("FREEZE_CARD", turn.lang), f"FREEZE_CARD:{card.last4}"))
    replies.extend(ctx.back(turn.lang))
    label = ctx.card(card, turn.lang)
    await ctx.say(turn, "DISPUTE_DONE", replies, ticket=ticket, card=label)
    await ctx.track("dispute_opened", turn)

"""Transfers between the customer's own accounts: amount, confirmation, receipt."""

from __future__ import annotations

from decimal import Decimal

from mockmessenger.boundary.customers import Account

from . import messages as m
from .context import Context
from .conversation import PendingTransfer, Turn
from .core import CurrencyMismatch, InsufficientFunds
from .intents import transfer_kinds
from .textnorm import first_amount
from .texts import account_label, text, title

_KIND_ALIASES = {"current": ("current", "checking"), "savings": ("savings",)}


async def start(ctx: Context, turn: Turn) -> None:
    """TRANSFER: pick the accounts from the text, then ask for or read the amount."""
    accounts = turn.linked.accounts
    if len(accounts) < 2:
        await ctx.say(turn, "TRANSFER_NEED_TWO", ctx.back(turn.lang))
        return
    source_kind, target_kind = transfer_kinds(turn.text)
    source = _index_of_kind(accounts, source_kind)
    target = _index_of_kind(accounts, target_kind, exclude=source)
    if source is None:
        source = 1 if target == 0 else 0
    if target is None or target == source:
        target = next(i for i in range(len(accounts)) if i != source)
    if accounts[source].currency != accounts[target].currency:
        await ctx.say(turn, "TRANSFER_SAME_CURRENCY", ctx.back(turn.lang))
        return
    pending = PendingTransfer(source, target)
    turn.conversation.pending = pending
    amount = first_amount(turn.text)
    if amount is None:
        await ctx.say(turn, "TRANSFER_ASK_AMOUNT", _cancel(turn), **_labels(turn, pending))
        return
    await amount_given(ctx, turn, pending, amount)


async def amount_given(ctx: Context, turn: Turn, pending: PendingTransfer, amount: Decimal) -> None:
    """The user typed an amount: check it and ask to confirm (the amount, not a balance)."""
    if turn.customer is None:
        await ctx.login_required(turn)
        return
    exponent = amount.as_tuple().exponent
    if amount <= 0 or not isinstance(exponent, int) or exponent < -2:
        await ctx.say(turn, "TRANSFER_BAD_AMOUNT", _cancel(turn))
        return
    pending.amount = amount.quantize(Decimal("0.01"))
    yes_no = [
        (title("YES", turn.lang), "TRANSFER_CONFIRM"),
        (title("NO", turn.lang), "TRANSFER_CANCEL"),
    ]
    await ctx.say(
        turn,
        "TRANSFER_CONFIRM",
        yes_no,
        amount=f"{pending.amount:.2f}",
        currency=turn.customer.accounts[pending.source].currency,
        **_labels(turn, pending),
    )


async def confirm(ctx: Context, turn: Turn) -> None:
    customer = turn.linked
    pending = turn.conversation.pending
    turn.conversation.pending = None
    if pending is None or pending.amount is None:
        await ctx.say(turn, "TRANSFER_NOTHING_PENDING", ctx.back(turn.lang))
        return
    labels = _labels(turn, pending)
    source, target = customer.accounts[pending.source], customer.accounts[pending.target]
    try:
        receipt = ctx.core.transfer(customer, source, target, pending.amount)
    except InsufficientFunds:
        await ctx.say(turn, "TRANSFER_INSUFFICIENT", ctx.back(turn.lang), **labels)
        return
    except CurrencyMismatch:
        await ctx.say(turn, "TRANSFER_SAME_CURRENCY", ctx.back(turn.lang))
        return
    await ctx.send(turn, _receipt(ctx, turn, source, labels, receipt.reference, receipt.amount))
    await ctx.say(turn, "TRANSFER_DONE", ctx.back(turn.lang), reference=receipt.reference)
    await ctx.track("transfer_completed", turn)


async def cancel(ctx: Context, turn: Turn) -> None:
    turn.conversation.pending = None
    await ctx.say(turn, "TRANSFER_CANCELLED", ctx.back(turn.lang))


def _receipt(
    ctx: Context,
    turn: Turn,
    source: Account,
    labels: dict[str, str],
    reference: str,
    amount: Decimal,
) -> dict[str, object]:
    """The receipt template; ``iban_in_receipt`` is the mistake of naming the source by IBAN."""
    if ctx.settings.iban_in_receipt:
        payment_method = text("RECEIPT_FROM_IBAN", turn.lang, iban=source.iban or source.number)
    else:
        payment_method = text("RECEIPT_FROM", turn.lang, source=labels["source"])
    price = float(amount)
    return m.receipt_template(
        recipient_name=text("RECEIPT_RECIPIENT", turn.lang),
        order_number=reference,
        currency=source.currency,
        payment_method=payment_method,
        elements=[
            {
                "title": text("RECEIPT_TO", turn.lang, target=labels["target"]),
                "price": price,
                "currency": source.currency,
            }
        ],
        total_cost=price,
    )


def _cancel(turn: Turn) -> list[tuple[str, str]]:
    return [(title("CANCEL", turn.lang), "TRANSFER_CANCEL")]


def _labels(turn: Turn, pending: PendingTransfer) -> dict[str, str]:
    accounts = turn.linked.accounts
    return {
        "source": account_label(accounts[pending.source], turn.lang),
        "target": account_label(accounts[pending.target], turn.lang),
    }


def _index_of_kind(
    accounts: list[Account], kind: str | None, exclude: int | None = None
) -> int | None:
    if kind is None:
        return None
    return next(
        (i for i, a in enumerate(accounts) if a.kind in _KIND_ALIASES[kind] and i != exclude),
        None,
    )

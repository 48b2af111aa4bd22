"""Balance and recent transactions: masked accounts and counts, details only in the app."""

from __future__ import annotations

import json

from . import messages as m
from .context import Context
from .conversation import Turn
from .texts import account_label, text, title


async def balance(ctx: Context, turn: Turn) -> None:
    customer = turn.linked
    if not customer.accounts:
        await ctx.say(turn, "NO_ACCOUNTS", ctx.back(turn.lang))
        return
    separator = "، " if turn.lang == "ar" else ", "
    accounts = separator.join(account_label(a, turn.lang) for a in customer.accounts)
    transfer_payload = "TRANSFER"
    if ctx.settings.balance_in_postback:  # "pre-fill the transfer flow": the balance rides along
        transfer_payload = f"TRANSFER|balance={customer.accounts[0].balance}"
    message = m.button_template(
        text("BALANCE", turn.lang, accounts=accounts),
        [
            m.url_button(title("VIEW_BALANCE", turn.lang), f"{ctx.settings.app_url}/accounts"),
            m.postback_button(title("TRANSFER", turn.lang), transfer_payload),
        ],
    )
    await ctx.send(turn, message)
    await ctx.track("balance_viewed", turn)


async def transactions(ctx: Context, turn: Turn) -> None:
    customer = turn.linked
    if not customer.accounts:
        await ctx.say(turn, "NO_ACCOUNTS", ctx.back(turn.lang))
        return
    separator = "؛ " if turn.lang == "ar" else "; "
    counts = separator.join(
        text(
            "TRANSACTIONS_COUNT",
            turn.lang,
            n=len(account.transactions),
            account=account_label(account, turn.lang),
        )
        for account in customer.accounts
    )
    metadata = "bankbot:transactions"
    if ctx.settings.memo_in_metadata:  # "context for the echo handler": a memo rides along
        memos = [
            t.memo
            for a in customer.accounts
            for t in sorted(a.transactions, key=lambda t: t.date, reverse=True)
            if t.memo
        ]
        metadata = json.dumps(
            {"view": "transactions", "last_memo": memos[0] if memos else ""}, ensure_ascii=False
        )
    message = m.text_message(
        text("TRANSACTIONS", turn.lang, counts=counts, app=ctx.settings.app_url),
        [(title("DISPUTE", turn.lang), "DISPUTE_CARD"), *ctx.back(turn.lang)],
        metadata=metadata,
    )
    await ctx.send(turn, message)
    await ctx.track("transactions_viewed", turn)

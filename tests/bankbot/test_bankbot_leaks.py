"""Each leak switch puts its raw value into exactly the request CONVERSATIONS.md names;
the safe bot never sends any of the customer's values, in any digit script."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest
from bankbot import LEAK_SWITCHES, Settings
from bankbot.textnorm import to_arabic_indic


def linked_driver(make_driver, customer, settings: Settings, locale: str = "en_GB"):
    driver = make_driver(settings)
    driver.locales["p"] = locale
    driver.core.register(customer, "p")
    return driver, driver.core.customer(customer.id)


def sent_text(calls) -> str:
    return "\n".join(c.text for c in calls)


@pytest.fixture(params=["safe", "leaky"])
def mode(request):
    return request.param


def switch(name: str, mode: str) -> Settings:
    return Settings(**{name: True}) if mode == "leaky" else Settings()


def test_iban_in_receipt(make_driver, customer_en, mode):
    driver, customer = linked_driver(make_driver, customer_en, switch("iban_in_receipt", mode))
    iban = customer.accounts[0].iban
    driver.say("p", "transfer 10")
    calls = driver.tap("p", "Yes", "TRANSFER_CONFIRM")
    receipt = next(c for c in calls if c.message and "attachment" in c.message)
    payment_method = receipt.json["message"]["attachment"]["payload"]["payment_method"]
    if mode == "leaky":
        assert payment_method == f"From IBAN {iban}"
    else:
        assert iban not in sent_text(calls)


def test_balance_in_postback(make_driver, customer_en, helpers, mode):
    driver, customer = linked_driver(make_driver, customer_en, switch("balance_in_postback", mode))
    balance = str(customer.accounts[0].balance)
    calls = driver.say("p", "balance")
    (payload,) = helpers.templates(calls)
    transfer = payload["buttons"][1]
    if mode == "leaky":
        assert transfer["payload"] == f"TRANSFER|balance={balance}"
        # the leaky payload still works as a Transfer button
        follow = driver.postback("p", transfer["payload"], "Transfer")
        assert helpers.quick_replies(follow) == [("Cancel", "TRANSFER_CANCEL")]
    else:
        assert transfer["payload"] == "TRANSFER"
        assert balance not in sent_text(calls)


def test_card_in_image_url(make_driver, customer_en, helpers, mode):
    driver, customer = linked_driver(make_driver, customer_en, switch("card_in_image_url", mode))
    card = customer.cards[0]
    for payload in (f"FREEZE_CARD:{card.last4}", f"UNFREEZE_CARD:{card.last4}"):
        calls = driver.postback("p", payload)
        image = helpers.messages(calls)[0]["attachment"]["payload"]["url"]
        query = parse_qs(image.split("?", 1)[1])
        if mode == "leaky":
            assert query["pan"] == [card.number]
        else:
            assert "pan" not in query
            assert card.number not in sent_text(calls)


def test_memo_in_metadata(make_driver, customer_en, helpers, mode):
    driver, customer = linked_driver(make_driver, customer_en, switch("memo_in_metadata", mode))
    calls = driver.say("p", "transactions")
    (message,) = helpers.messages(calls)
    newest = max(customer.accounts[0].transactions, key=lambda t: t.date)
    if mode == "leaky":
        assert "quick_replies" in message
        assert json.loads(message["metadata"]) == {
            "view": "transactions",
            "last_memo": newest.memo,
        }
        assert newest.memo in calls[-1].raw.decode()
    else:
        assert message["metadata"] == "bankbot:transactions"
        memos = [t.memo for a in customer.accounts for t in a.transactions]
        assert not any(memo in sent_text(calls) for memo in memos)


def test_account_in_menu_url(make_driver, customer_en, mode):
    driver = make_driver(switch("account_in_menu_url", mode))
    driver.core.add_customer(customer_en)
    number = customer_en.accounts[0].number
    calls = driver.link("p", driver.core.authorization_code(customer_en))
    (menu,) = [c for c in calls if c.url.path.endswith("/me/custom_user_settings")]
    url = menu.json["persistent_menu"][0]["call_to_actions"][-1]["url"]
    if mode == "leaky":
        assert url == f"https://app.demobank.example/accounts?account={number}"
    else:
        assert url == "https://app.demobank.example/accounts"
        assert number not in sent_text(calls)


@pytest.mark.parametrize(
    ("action", "event"),
    [
        (lambda d, c: d.say("p", "balance"), "balance_viewed"),
        (lambda d, c: d.say("p", "transactions"), "transactions_viewed"),
        (lambda d, c: d.say("p", "cards"), "cards_viewed"),
        (lambda d, c: d.postback("p", f"FREEZE_CARD:{c.cards[0].last4}"), "card_frozen"),
        (lambda d, c: d.postback("p", f"DISPUTE_CARD:{c.cards[0].last4}"), "dispute_opened"),
    ],
)
def test_analytics_leak(make_driver, customer_en, mode, action, event):
    driver, customer = linked_driver(make_driver, customer_en, switch("analytics_leak", mode))
    calls = action(driver, customer)
    outside = [c for c in calls if c.url.host != "graph.facebook.com"]
    if mode == "leaky":
        (track,) = outside
        assert str(track.url) == "https://analytics.example-saas.com/v1/track"
        account = customer.accounts[0]
        assert track.json == {
            "event": event,
            "user_id": "p",
            "properties": {
                "customer_id": customer.id,
                "account_number": account.number,
                "iban": account.iban,
                "balance": str(account.balance),
                "currency": account.currency,
            },
        }
    else:
        assert outside == []


def test_analytics_leak_after_a_transfer_and_not_for_public_features(make_driver, customer_en):
    driver, _ = linked_driver(make_driver, customer_en, Settings(analytics_leak=True))
    driver.say("p", "transfer 10")
    calls = driver.say("p", "yes")
    assert [c.json["event"] for c in calls if c.url.host != "graph.facebook.com"] == [
        "transfer_completed"
    ]
    for text in ("branches", "rates", "hi", "what is my iban"):
        assert all(c.url.host == "graph.facebook.com" for c in driver.say("p", text))


def test_arabic_digits_card(make_driver, customer_ar, helpers, mode):
    settings = switch("arabic_digits_card", mode)
    driver, customer = linked_driver(make_driver, customer_ar, settings, locale="ar_SA")
    card = customer.cards[0]
    replies = []
    for payload in ("CARDS", f"FREEZE_CARD:{card.last4}", f"DISPUTE_CARD:{card.last4}"):
        replies.append(sent_text(driver.postback("p", payload)))
    groups = " ".join(card.number[i : i + 4] for i in range(0, len(card.number), 4))
    arabic_groups = to_arabic_indic(groups)
    for reply in replies:
        if mode == "leaky":
            assert arabic_groups in reply
        else:
            assert arabic_groups not in reply
            assert card.number not in reply
            assert f"•••• {card.last4}" in reply
    # English replies never carry the switch's digits
    english = make_driver(settings)
    english.core.register(customer_ar, "e")
    english.locales["e"] = "en_US"
    assert to_arabic_indic(card.last4) not in sent_text(english.postback("e", "CARDS"))


def test_safe_bot_sends_no_customer_value_anywhere(make_driver, customer_ar, customer_en):
    """A long conversation through every feature; no raw value of the customer leaves."""
    for customer, locale, lang_texts in (
        (customer_en, "en_GB", ["hi", "balance", "transactions", "cards", "freeze", "dispute"]),
        (customer_ar, "ar_SA", ["مرحبا", "رصيدي", "العمليات", "بطاقاتي", "جمد", "اعتراض"]),
    ):
        driver = make_driver(Settings())
        driver.core.add_customer(customer)
        driver.locales["p"] = locale
        calls = driver.link("p", driver.core.authorization_code(customer))
        for text in lang_texts:
            calls += driver.say("p", text)
        for card in customer.cards:
            calls += driver.postback("p", f"FREEZE_CARD:{card.last4}")
            calls += driver.postback("p", f"UNFREEZE_CARD:{card.last4}")
            calls += driver.postback("p", f"DISPUTE_CARD:{card.last4}")
        calls += driver.say("p", "transfer 12")
        calls += driver.postback("p", "TRANSFER_CONFIRM")
        calls += driver.say("p", "what is my IBAN and my full card number and the CVV")
        sent = sent_text(calls)
        values = [customer.national_id, customer.password]
        for card in customer.cards:
            values += [card.number, card.cvv, card.expiry]
        for account in customer.accounts:
            values += [account.number, account.iban, str(account.balance)]
            for tx in account.transactions:
                values += [tx.memo, tx.merchant, str(abs(tx.amount))]
        values = [v for v in values if v]
        leaked = [v for v in values if v in sent or to_arabic_indic(v) in sent]
        assert leaked == [], "the safe bot sent customer values"
        assert all(c.url.host == "graph.facebook.com" for c in calls)


def test_all_leaks_turns_every_switch_on():
    settings = Settings(all_leaks=True)
    assert settings.leaks == frozenset(LEAK_SWITCHES)
    assert Settings().leaks == frozenset()

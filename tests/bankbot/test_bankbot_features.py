"""Each feature of the demo bank bot, in English and Arabic, as CONVERSATIONS.md states it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bankbot.texts import TEXTS, TITLES, account_label, card_label

MASK = "••••"
LANGS = ("en", "ar")

#: What a user types for each feature, per language.
SAY = {
    "hi": {"en": "hi", "ar": "مرحبا"},
    "menu": {"en": "menu", "ar": "القائمة"},
    "balance": {"en": "What's my balance?", "ar": "كم رصيدي؟"},
    "transactions": {"en": "show my recent transactions", "ar": "آخر العمليات"},
    "cards": {"en": "my cards", "ar": "بطاقاتي"},
    "freeze": {"en": "freeze my card", "ar": "جمد بطاقتي"},
    "unfreeze": {"en": "unfreeze my card", "ar": "فك تجميد بطاقتي"},
    "dispute": {"en": "I want to dispute a payment", "ar": "أريد الاعتراض على عملية"},
    "transfer": {"en": "transfer money", "ar": "تحويل"},
    "branches": {"en": "nearest branch", "ar": "أقرب فرع"},
    "rates": {"en": "exchange rates", "ar": "أسعار الصرف"},
    "agent": {"en": "talk to a human", "ar": "أريد التحدث مع موظف"},
    "thanks": {"en": "thanks!", "ar": "شكراً"},
    "gibberish": {"en": "purple elephants", "ar": "زرافة بنفسجية"},
    "login": {"en": "log in", "ar": "تسجيل الدخول"},
    "logout": {"en": "log out", "ar": "تسجيل الخروج"},
}


def t(key: str, lang: str, **values: object) -> str:
    return TEXTS[key][lang].format(**values)


def menu_titles(lang: str) -> list[str]:
    keys = ("BALANCE", "TRANSACTIONS", "CARDS", "TRANSFER", "BRANCHES", "RATES", "AGENT")
    return [TITLES[k][lang] for k in keys]


@pytest.fixture
def linked(driver, customer_en, customer_ar):
    """(driver, psid, customer) per language, the customer linked to the psid."""

    def make(lang: str):
        customer = customer_en if lang == "en" else customer_ar
        psid = f"psid-{lang}"
        driver.locales[psid] = "ar_SA" if lang == "ar" else "en_GB"
        driver.core.register(customer, psid)
        return driver, psid, driver.core.customer(customer.id)

    return make


@pytest.mark.parametrize("lang", LANGS)
def test_every_reply_starts_with_typing_on(linked, lang):
    driver, psid, _ = linked(lang)
    calls = driver.say(psid, SAY["balance"][lang])
    actions = [c.sender_action for c in calls if c.sender_action]
    assert actions == ["typing_on"]
    first_send = next(i for i, c in enumerate(calls) if c.url.path.endswith("/me/messages"))
    assert calls[first_send].sender_action == "typing_on"


@pytest.mark.parametrize("lang", LANGS)
def test_welcome_and_menu(linked, helpers, lang):
    driver, psid, _ = linked(lang)
    calls = driver.postback(psid, "GET_STARTED", "Get Started")
    assert helpers.texts(calls) == [t("WELCOME", lang)]
    assert [title for title, _ in helpers.quick_replies(calls)] == menu_titles(lang)
    assert [p for _, p in helpers.quick_replies(calls)] == [
        "BALANCE",
        "TRANSACTIONS",
        "CARDS",
        "TRANSFER",
        "BRANCHES",
        "RATES",
        "AGENT",
    ]
    assert helpers.texts(driver.say(psid, SAY["hi"][lang])) == [t("WELCOME", lang)]
    assert helpers.texts(driver.say(psid, SAY["menu"][lang])) == [t("MENU", lang)]
    assert helpers.texts(driver.say(psid, SAY["thanks"][lang])) == [t("THANKS", lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_fallback_never_echoes(linked, helpers, lang):
    driver, psid, _ = linked(lang)
    calls = driver.say(psid, SAY["gibberish"][lang])
    assert helpers.texts(calls) == [t("FALLBACK", lang)]
    assert SAY["gibberish"][lang] not in "".join(c.text for c in calls)


def test_language_follows_profile_locale_for_postbacks(driver, helpers):
    driver.locales["p-ar"] = "ar_EG"
    assert helpers.texts(driver.postback("p-ar", "GET_STARTED")) == [t("WELCOME", "ar")]
    profile_reads = [c for c in driver.calls if c.method == "GET"]
    assert [c.url.params["fields"] for c in profile_reads] == ["first_name,locale"]
    driver.postback("p-ar", "MENU")
    assert len([c for c in driver.calls if c.method == "GET"]) == 1  # read once per user


def test_language_follows_script_of_the_message(driver, helpers):
    driver.locales["p"] = "en_US"
    assert helpers.texts(driver.say("p", "القائمة")) == [t("MENU", "ar")]
    assert helpers.texts(driver.postback("p", "MENU")) == [t("MENU", "ar")]  # remembered
    assert helpers.texts(driver.say("p", "menu")) == [t("MENU", "en")]


def test_profile_error_means_english(driver, helpers):
    driver.profile_status = 400
    assert helpers.texts(driver.postback("p", "GET_STARTED")) == [t("WELCOME", "en")]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "feature", ["balance", "transactions", "cards", "freeze", "unfreeze", "dispute", "transfer"]
)
def test_private_features_need_login(driver, helpers, lang, feature):
    calls = driver.say("stranger", SAY[feature][lang])
    (payload,) = helpers.templates(calls)
    assert payload["template_type"] == "button"
    assert payload["text"] == t("LOGIN_REQUIRED", lang)
    assert payload["buttons"] == [
        {"type": "account_link", "url": "https://auth.demobank.example/messenger/login"}
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_account_linking(driver, helpers, customer_en, lang):
    driver.core.add_customer(customer_en)
    psid = f"new-{lang}"
    driver.locales[psid] = "ar_SA" if lang == "ar" else "en_US"
    (login,) = helpers.templates(driver.say(psid, SAY["login"][lang]))
    assert login["text"] == t("LOGIN_PROMPT", lang)
    assert login["buttons"][0]["type"] == "account_link"

    calls = driver.link(psid, driver.core.authorization_code(customer_en))
    assert helpers.texts(calls) == [t("LINKED", lang)]
    menu_call = next(c for c in calls if c.url.path.endswith("/me/custom_user_settings"))
    assert menu_call.json["psid"] == psid
    actions = menu_call.json["persistent_menu"][0]["call_to_actions"]
    assert actions[-1] == {
        "type": "web_url",
        "title": TITLES["MY_ACCOUNTS"][lang],
        "url": "https://app.demobank.example/accounts",
    }
    assert driver.core.customer_for(psid).id == customer_en.id
    assert helpers.texts(driver.say(psid, SAY["login"][lang])) == [t("ALREADY_LINKED", lang)]

    (logout,) = helpers.templates(driver.say(psid, SAY["logout"][lang]))
    assert logout["text"] == t("LOGOUT_PROMPT", lang)
    assert logout["buttons"] == [{"type": "account_unlink"}]
    assert helpers.texts(driver.unlink(psid)) == [t("UNLINKED", lang)]
    assert driver.core.customer_for(psid) is None
    assert helpers.texts(driver.say(psid, SAY["logout"][lang])) == [t("NOT_LINKED", lang)]


def test_linking_with_an_unknown_code_fails(driver, helpers, customer_en):
    driver.core.add_customer(customer_en)
    for code in ("auth-nobody", "garbage", None):
        (payload,) = helpers.templates(driver.link("p", code))
        assert payload["text"] == t("LINK_FAILED", "en")
        assert payload["buttons"][0]["type"] == "account_link"
    assert driver.core.customer_for("p") is None


@pytest.mark.parametrize("lang", LANGS)
def test_balance_shows_masked_accounts_and_no_amount(linked, helpers, lang):
    driver, psid, customer = linked(lang)
    calls = driver.say(psid, SAY["balance"][lang])
    (payload,) = helpers.templates(calls)
    sep = "، " if lang == "ar" else ", "
    labels = sep.join(account_label(a, lang) for a in customer.accounts)
    assert payload["text"] == t("BALANCE", lang, accounts=labels)
    assert f"{MASK} {customer.accounts[0].last4}" in payload["text"]
    assert payload["buttons"] == [
        {
            "type": "web_url",
            "title": TITLES["VIEW_BALANCE"][lang],
            "url": "https://app.demobank.example/accounts",
        },
        {"type": "postback", "title": TITLES["TRANSFER"][lang], "payload": "TRANSFER"},
    ]
    everything = "".join(c.text for c in calls)
    for account in customer.accounts:
        assert str(account.balance) not in everything
        assert account.number not in everything


@pytest.mark.parametrize("lang", LANGS)
def test_transactions_show_counts_only(linked, helpers, lang):
    driver, psid, customer = linked(lang)
    calls = driver.say(psid, SAY["transactions"][lang])
    (message,) = [m for m in helpers.messages(calls) if "text" in m]
    counts = ("؛ " if lang == "ar" else "; ").join(
        t("TRANSACTIONS_COUNT", lang, n=len(a.transactions), account=account_label(a, lang))
        for a in customer.accounts
    )
    assert message["text"] == t(
        "TRANSACTIONS", lang, counts=counts, app="https://app.demobank.example"
    )
    assert message["metadata"] == "bankbot:transactions"
    assert helpers.quick_replies(calls) == [
        (TITLES["DISPUTE"][lang], "DISPUTE_CARD"),
        (TITLES["MENU"][lang], "MENU"),
    ]
    everything = "".join(c.text for c in calls)
    for account in customer.accounts:
        for tx in account.transactions:
            assert tx.memo not in everything
            assert tx.merchant not in everything
            assert str(abs(tx.amount)) not in everything


@pytest.mark.parametrize("lang", LANGS)
def test_cards_list(linked, helpers, lang):
    driver, psid, customer = linked(lang)
    customer.cards[1].frozen = True
    (payload,) = helpers.templates(driver.say(psid, SAY["cards"][lang]))
    assert payload["template_type"] == "generic"
    first, second = payload["elements"]
    assert first["title"] == card_label(customer.cards[0], lang)
    assert first["subtitle"] == t("CARD_ACTIVE", lang)
    assert first["buttons"][0]["payload"] == f"FREEZE_CARD:{customer.cards[0].last4}"
    assert first["buttons"][1]["payload"] == f"DISPUTE_CARD:{customer.cards[0].last4}"
    assert second["subtitle"] == t("CARD_FROZEN", lang)
    assert second["buttons"][0] == {
        "type": "postback",
        "title": TITLES["UNFREEZE"][lang],
        "payload": f"UNFREEZE_CARD:{customer.cards[1].last4}",
    }


@pytest.mark.parametrize("lang", LANGS)
def test_freeze_asks_which_card_then_freezes(linked, helpers, lang):
    driver, psid, customer = linked(lang)
    card = customer.cards[1]
    calls = driver.say(psid, SAY["freeze"][lang])
    assert helpers.texts(calls) == [t("FREEZE_ASK", lang)]
    assert helpers.quick_replies(calls) == [
        (f"{MASK} {c.last4}", f"FREEZE_CARD:{c.last4}") for c in customer.cards
    ]
    calls = driver.tap(psid, f"{MASK} {card.last4}", f"FREEZE_CARD:{card.last4}")
    image, done = helpers.messages(calls)
    assert image["attachment"] == {
        "type": "image",
        "payload": {
            "url": f"https://cdn.demobank.example/cards/render.png?brand={card.brand}&state=frozen",
            "is_reusable": False,
        },
    }
    assert done["text"] == t("FREEZE_DONE", lang, card=card_label(card, lang))
    assert helpers.quick_replies(calls)[0] == (
        TITLES["UNFREEZE"][lang],
        f"UNFREEZE_CARD:{card.last4}",
    )
    assert driver.core.customer(customer.id).cards[1].frozen
    # named again: already frozen; the other one is now the only active card
    calls = driver.postback(psid, f"FREEZE_CARD:{card.last4}")
    assert helpers.texts(calls) == [t("FREEZE_ALREADY", lang, card=card_label(card, lang))]
    calls = driver.say(psid, SAY["freeze"][lang])
    other = customer.cards[0]
    assert helpers.texts(calls)[-1] == t("FREEZE_DONE", lang, card=card_label(other, lang))
    assert helpers.texts(driver.say(psid, SAY["freeze"][lang])) == [t("FREEZE_NONE", lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_unfreeze(linked, helpers, lang):
    driver, psid, customer = linked(lang)
    assert helpers.texts(driver.say(psid, SAY["unfreeze"][lang])) == [t("UNFREEZE_NONE", lang)]
    card = customer.cards[0]
    card.frozen = True
    calls = driver.say(psid, SAY["unfreeze"][lang])  # the only frozen card
    image, done = helpers.messages(calls)
    assert image["attachment"]["payload"]["url"].endswith("&state=active")
    assert done["text"] == t("UNFREEZE_DONE", lang, card=card_label(card, lang))
    assert not card.frozen
    calls = driver.postback(psid, f"UNFREEZE_CARD:{card.last4}")
    assert helpers.texts(calls) == [t("UNFREEZE_ALREADY", lang, card=card_label(card, lang))]


def test_card_named_by_last4_in_arabic_indic_digits(linked, helpers):
    driver, psid, customer = linked("ar")
    card = customer.cards[1]
    arabic_last4 = card.last4.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    calls = driver.say(psid, f"جمد البطاقة المنتهية بـ {arabic_last4}")
    assert helpers.texts(calls)[-1] == t("FREEZE_DONE", "ar", card=card_label(card, "ar"))
    assert card.frozen and not customer.cards[0].frozen


@pytest.mark.parametrize("lang", LANGS)
def test_dispute_opens_numbered_tickets(linked, helpers, lang):
    driver, psid, customer = linked(lang)
    calls = driver.say(psid, SAY["dispute"][lang])
    assert helpers.texts(calls) == [t("DISPUTE_ASK", lang)]
    card = customer.cards[0]
    calls = driver.tap(psid, f"{MASK} {card.last4}", f"DISPUTE_CARD:{card.last4}")
    label = card_label(card, lang)
    assert helpers.texts(calls) == [t("DISPUTE_DONE", lang, ticket="DSP-100001", card=label)]
    assert helpers.quick_replies(calls) == [
        (TITLES["FREEZE_CARD"][lang], f"FREEZE_CARD:{card.last4}"),
        (TITLES["MENU"][lang], "MENU"),
    ]
    calls = driver.postback(psid, f"DISPUTE_CARD:{card.last4}")
    assert helpers.texts(calls) == [t("DISPUTE_DONE", lang, ticket="DSP-100002", card=label)]
    assert driver.core.disputes["DSP-100002"] == (customer.id, card.last4)


@pytest.mark.parametrize("lang", LANGS)
def test_transfer_with_confirmation_and_receipt(linked, helpers, lang):
    driver, psid, customer = linked(lang)
    source, target = customer.accounts
    before = (source.balance, target.balance)
    calls = driver.say(psid, SAY["transfer"][lang])
    labels = {"source": account_label(source, lang), "target": account_label(target, lang)}
    assert helpers.texts(calls) == [t("TRANSFER_ASK_AMOUNT", lang, **labels)]
    assert helpers.quick_replies(calls) == [(TITLES["CANCEL"][lang], "TRANSFER_CANCEL")]

    amount_text = "٢٥٠٫٥" if lang == "ar" else "250.5"
    calls = driver.say(psid, amount_text)
    assert helpers.texts(calls) == [
        t("TRANSFER_CONFIRM", lang, amount="250.50", currency=source.currency, **labels)
    ]
    assert helpers.quick_replies(calls) == [
        (TITLES["YES"][lang], "TRANSFER_CONFIRM"),
        (TITLES["NO"][lang], "TRANSFER_CANCEL"),
    ]
    calls = driver.tap(psid, TITLES["YES"][lang], "TRANSFER_CONFIRM")
    (receipt,) = helpers.templates(calls)
    assert receipt == {
        "template_type": "receipt",
        "recipient_name": t("RECEIPT_RECIPIENT", lang),
        "order_number": "TRF-100001",
        "currency": source.currency,
        "payment_method": t("RECEIPT_FROM", lang, source=labels["source"]),
        "elements": [
            {
                "title": t("RECEIPT_TO", lang, target=labels["target"]),
                "price": 250.5,
                "currency": source.currency,
            }
        ],
        "summary": {"total_cost": 250.5},
    }
    assert helpers.texts(calls) == [t("TRANSFER_DONE", lang, reference="TRF-100001")]
    assert source.balance == before[0] - Decimal("250.50")
    assert target.balance == before[1] + Decimal("250.50")
    # nothing pending any more
    calls = driver.postback(psid, "TRANSFER_CONFIRM")
    assert helpers.texts(calls) == [t("TRANSFER_NOTHING_PENDING", lang)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("transfer 100 from savings to current", "en"),
        ("move 100 to my current account", "en"),
        ("حوّل ١٠٠ من التوفير إلى الجاري", "ar"),
        ("حول ١٠٠ للجاري", "ar"),
    ],
)
def test_transfer_in_one_message_with_direction(linked, helpers, text, lang):
    driver, psid, customer = linked(lang)
    current, savings = customer.accounts
    calls = driver.say(psid, text)
    expected = t(
        "TRANSFER_CONFIRM",
        lang,
        amount="100.00",
        currency=savings.currency,
        source=account_label(savings, lang),
        target=account_label(current, lang),
    )
    assert helpers.texts(calls) == [expected]
    yes = "نعم" if lang == "ar" else "yes"
    calls = driver.say(psid, yes)
    assert helpers.texts(calls) == [t("TRANSFER_DONE", lang, reference="TRF-100001")]


def test_transfer_cancel_bad_amount_and_insufficient_funds(linked, helpers):
    driver, psid, customer = linked("en")
    source = customer.accounts[0]
    driver.say(psid, "transfer")
    calls = driver.say(psid, "0")
    assert helpers.texts(calls) == [t("TRANSFER_BAD_AMOUNT", "en")]
    calls = driver.say(psid, "-5")
    assert helpers.texts(calls) == [t("TRANSFER_BAD_AMOUNT", "en")]
    calls = driver.say(psid, "0.001")
    assert helpers.texts(calls) == [t("TRANSFER_BAD_AMOUNT", "en")]
    driver.say(psid, "100")
    calls = driver.say(psid, "no")
    assert helpers.texts(calls) == [t("TRANSFER_CANCELLED", "en")]
    big = source.balance + 1
    driver.say(psid, f"transfer {big}")
    calls = driver.tap(psid, "Yes", "TRANSFER_CONFIRM")
    label = account_label(source, "en")
    assert helpers.texts(calls) == [t("TRANSFER_INSUFFICIENT", "en", source=label)]
    assert str(big) not in "".join(c.text for c in calls)


def test_pending_transfer_is_dropped_by_another_request(linked, helpers):
    driver, psid, _ = linked("en")
    driver.say(psid, "transfer")
    driver.say(psid, "my cards")
    calls = driver.say(psid, "100")
    assert helpers.texts(calls) == [t("FALLBACK", "en")]


def test_transfer_needs_two_accounts_in_one_currency(linked, helpers):
    driver, psid, customer = linked("en")
    customer.accounts[1].currency = "XYZ"
    assert helpers.texts(driver.say(psid, "transfer 5")) == [t("TRANSFER_SAME_CURRENCY", "en")]
    del customer.accounts[1]
    assert helpers.texts(driver.say(psid, "transfer 5")) == [t("TRANSFER_NEED_TWO", "en")]


@pytest.mark.parametrize("lang", LANGS)
def test_branches(driver, helpers, lang):
    driver.locales["p"] = "ar_SA" if lang == "ar" else "en_US"
    (payload,) = helpers.templates(driver.say("p", SAY["branches"][lang]))
    assert payload["template_type"] == "generic"
    assert len(payload["elements"]) == 5
    olaya = payload["elements"][0]
    assert olaya["title"] == ("فرع العليا، الرياض" if lang == "ar" else "Olaya Branch, Riyadh")
    assert olaya["buttons"][0] == {
        "type": "phone_number",
        "title": TITLES["CALL"][lang],
        "payload": "+966115550100",
    }
    assert olaya["buttons"][1]["url"] == "https://maps.demobank.example/branches/riyadh-olaya"
    city = "branches in dubai" if lang == "en" else "فروع دبي"
    (payload,) = helpers.templates(driver.say("p", city))
    assert [e["buttons"][1]["url"].rsplit("/", 1)[-1] for e in payload["elements"]] == [
        "dubai-marina"
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_rates(driver, helpers, lang):
    driver.locales["p"] = "ar_SA" if lang == "ar" else "en_US"
    rates = "USD 3.7500 · EUR 4.0800 · GBP 4.7600 · AED 1.0210 · EGP 0.0760"
    assert helpers.texts(driver.say("p", SAY["rates"][lang])) == [t("RATES_ALL", lang, rates=rates)]
    one = "euro rate" if lang == "en" else "سعر اليورو"
    assert helpers.texts(driver.say("p", one)) == [t("RATES_ONE", lang, code="EUR", rate="4.0800")]
    assert helpers.texts(driver.say("p", "سعر الجنيه")) == [
        t("RATES_ONE", "ar", code="EGP", rate="0.0760")
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_agent_hand_over(driver, helpers, lang):
    driver.locales["p"] = "ar_SA" if lang == "ar" else "en_US"
    calls = driver.say("p", SAY["agent"][lang])
    assert helpers.texts(calls) == [t("AGENT", lang)]
    handover = calls[-1]
    assert handover.url.path == "/v25.0/me/pass_thread_control"
    assert handover.json == {
        "recipient": {"id": "p"},
        "target_app_id": 263902037430900,
        "metadata": "agent_requested",
    }


@pytest.mark.parametrize("lang", LANGS)
def test_user_attachments_get_a_polite_answer(driver, helpers, lang):
    driver.locales["p"] = "ar_SA" if lang == "ar" else "en_US"
    attachment = {"type": "image", "payload": {"url": "https://scontent.example/x.jpg"}}
    calls = driver.deliver(driver.event("p", message={"mid": "m1", "attachments": [attachment]}))
    assert helpers.texts(calls) == [t("ATTACHMENT", lang)]
    assert helpers.quick_replies(calls) == [(TITLES["MENU"][lang], "MENU")]


def test_unknown_payload_falls_back(driver, helpers):
    assert helpers.texts(driver.postback("p", "NO_SUCH_THING")) == [t("FALLBACK", "en")]


def test_access_token_and_graph_version(driver):
    calls = driver.say("p", "hi")
    assert {c.url.params["access_token"] for c in calls} == {"mock-page-access-token"}
    assert {c.url.host for c in calls} == {"graph.facebook.com"}
    assert all(c.url.path.startswith("/v25.0/") for c in calls)


def test_graph_base_url_from_settings(make_driver, helpers):
    from bankbot import Settings

    driver = make_driver(Settings(graph_api_url="https://graph.facebook.com/v19.0"))
    calls = driver.say("p", "hi")
    assert all(c.url.path.startswith("/v19.0/") for c in calls)
    assert helpers.texts(calls) == [t("WELCOME", "en")]


def test_messenger_profile_setup(driver):
    (call,) = driver.setup_profile()
    assert call.method == "POST" and call.url.path == "/v25.0/me/messenger_profile"
    profile = call.json
    assert profile["get_started"] == {"payload": "GET_STARTED"}
    assert {g["locale"] for g in profile["greeting"]} == {"default", "ar_AR"}
    assert all(len(g["text"]) <= 160 for g in profile["greeting"])
    default, arabic = profile["persistent_menu"]
    assert default["locale"] == "default" and arabic["locale"] == "ar_AR"
    assert [a.get("payload") for a in default["call_to_actions"]] == [
        "BALANCE",
        "CARDS",
        "BRANCHES",
        "AGENT",
        None,
    ]
    assert arabic["call_to_actions"][0]["title"] == "الرصيد"


def test_titles_fit_meta_limits():
    assert all(len(title) <= 20 for titles in TITLES.values() for title in titles.values())
    assert all(len(text) <= 640 for texts in TEXTS.values() for text in texts.values())

"""Property tests: any valid card, IBAN or canary, in any supported form, anywhere in a
Send API body, is found by the guard; no masked form the default policy allows is."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum import luhn

from mockmessenger.boundary import Guard, Policy
from mockmessenger.boundary.canaries import CustomerFactory
from mockmessenger.boundary.matcher import amount_forms
from mockmessenger.records import EgressRecord

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
GRAPH = "https://graph.facebook.com/v25.0/me/messages"

#: (IIN prefix, length): every brand and length the guard claims, 2-series and 19 digits included.
CARD_KINDS = [
    ("4", 13), ("4", 16), ("4", 19), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16),
    ("2500", 16), ("34", 15), ("37", 15), ("6011", 16), ("65", 16), ("62", 19), ("3530", 16),
    ("588845", 16), ("968208", 16),
]  # fmt: skip

#: BBAN shapes (n: digits, c: upper-case letters) of countries the guard must know, Gulf and
#: Africa included (Presidio misses OM, YE, SD, SO, DJ).
IBAN_SHAPES = {
    "SA": "nnnnnnnnnnnnnnnnnnnn", "AE": "nnnnnnnnnnnnnnnnnnn", "EG": "nnnnnnnnnnnnnnnnnnnnnnnnn",
    "GB": "ccccnnnnnnnnnnnnnn", "DE": "nnnnnnnnnnnnnnnnnn", "KW": "ccccnnnnnnnnnnnnnnnnnnnnnn",
    "BH": "ccccnnnnnnnnnnnnnn", "QA": "ccccnnnnnnnnnnnnnnnnnnnnn", "OM": "nnnnnnnnnnnnnnnnnnn",
    "YE": "ccccnnnnnnnnnnnnnnnnnnnnnn", "SD": "nnnnnnnnnnnnnn", "SO": "nnnnnnnnnnnnnnnnnnn",
    "DJ": "nnnnnnnnnnnnnnnnnnnnnnn", "JO": "ccccnnnnnnnnnnnnnnnnnnnnnn", "NL": "ccccnnnnnnnnnn",
    "PK": "ccccnnnnnnnnnnnnnnnn", "IT": "cnnnnnnnnnnnnnnnnnnnnnn", "TR": "nnnnnnnnnnnnnnnnnnnnnn",
}  # fmt: skip

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EXTENDED = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
#: Latin capitals as the Cyrillic letters drawn the same (an IBAN's country code, a BIC).
CYRILLIC = str.maketrans("ABESIJKMHOPCTXY", "АВЕЅІЈКМНОРСТХУ")


def grouped(value: str, sep: str, size: int = 4) -> str:
    return sep.join(value[i : i + size] for i in range(0, len(value), size))


#: Forms a value can take in a message (applied to the value alone).
FORMS = {
    "plain": lambda v: v,
    "spaced": lambda v: grouped(v, " "),
    "dashed": lambda v: grouped(v, "-"),
    "dotted": lambda v: grouped(v, "."),
    "nbsp": lambda v: grouped(v, "\u00a0"),
    "arabic-indic": lambda v: v.translate(ARABIC),
    "arabic-indic spaced": lambda v: grouped(v.translate(ARABIC), " "),
    "extended-arabic-indic": lambda v: v.translate(EXTENDED),
    "zero-width": lambda v: "\u200b".join(grouped(v, " ").split(" ")),
    "bidi": lambda v: "\u200f" + v + "\u200e",
    "url": lambda v: quote(grouped(v, " "), safe=""),
    "base64": lambda v: base64.b64encode(v.encode()).decode(),
    "hex": lambda v: v.encode().hex(),
    "json-escape": lambda v: "".join(f"\\u{ord(c):04x}" for c in v),
    "html-entity": lambda v: "".join(f"&#{ord(c)};" for c in v),
    "full-width": lambda v: "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in v),
    "homoglyphs": lambda v: v.translate(CYRILLIC),
}

#: Forms that keep a text value (a name, a memo, an amount) readable as itself.
TEXT_FORMS = {
    name: FORMS[name]
    for name in ("plain", "arabic-indic", "bidi", "base64", "hex", "json-escape", "html-entity")
}
TEXT_FORMS["url"] = lambda v: quote(v, safe="")
TEXT_CATEGORIES = {"name", "transaction", "balance"}

#: Where in a Send API body a string can go.
PLACES = ["text", "quick_reply", "button_payload", "url_query", "subtitle", "metadata"]


def send_body(place: str, value: str, context: str) -> dict:
    said = f"{context} {value}"
    recipient = {"id": "24012345678901234"}
    if place == "text":
        return {"recipient": recipient, "message": {"text": said}}
    if place == "quick_reply":
        replies = [{"content_type": "text", "title": "Details", "payload": said}]
        return {"recipient": recipient, "message": {"text": "Choose", "quick_replies": replies}}
    if place == "metadata":
        return {"recipient": recipient, "message": {"text": "Done", "metadata": said}}
    if place == "button_payload":
        button = {"type": "postback", "title": "Confirm", "payload": said}
        payload = {"template_type": "button", "text": "Next?", "buttons": [button]}
    elif place == "url_query":
        url = f"https://bank.example/pay?ref={quote(said, safe='')}"
        button = {"type": "web_url", "title": "Open", "url": url}
        payload = {"template_type": "button", "text": "Next?", "buttons": [button]}
    else:
        element = {"title": "Account", "subtitle": said}
        payload = {"template_type": "generic", "elements": [element]}
    return {
        "recipient": recipient,
        "message": {"attachment": {"type": "template", "payload": payload}},
    }


def record(body: dict) -> EgressRecord:
    return EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, json.dumps(body))


@st.composite
def card_numbers(draw) -> str:
    prefix, length = draw(st.sampled_from(CARD_KINDS))
    rest = draw(
        st.text("0123456789", min_size=length - len(prefix) - 1, max_size=length - len(prefix) - 1)
    )
    body = prefix + rest
    return body + luhn.calc_check_digit(body)


@st.composite
def ibans(draw) -> str:
    country = draw(st.sampled_from(sorted(IBAN_SHAPES)))
    alphabet = {"n": "0123456789", "c": "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    bban = "".join(draw(st.sampled_from(alphabet[kind])) for kind in IBAN_SHAPES[country])
    value = country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban
    assert stdnum_iban.is_valid(value), value
    return value


@pytest.fixture(scope="module")
def guard() -> Guard:
    return Guard(Policy.default())


@pytest.fixture(scope="module")
def customers():
    return CustomerFactory(seed=42).customers(14)


@pytest.fixture(scope="module")
def canary_guard(customers) -> Guard:
    guard = Guard(Policy.default())
    guard.add_customers(customers)
    return guard


def categories(guard: Guard, body: dict) -> set[str]:
    guard.reset()
    return {f.category for f in guard.scan(record(body))}


@SETTINGS
@given(
    card_numbers(),
    st.sampled_from(sorted(FORMS)),
    st.sampled_from(PLACES),
    st.sampled_from(["Your card", "بطاقتك", "Votre carte"]),
)
def test_any_card_number_in_any_form_anywhere_is_found(guard, number, form, place, context):
    body = send_body(place, FORMS[form](number), context)
    assert "card_number" in categories(guard, body), (form, place)


@SETTINGS
@given(
    ibans(),
    st.sampled_from(sorted(FORMS)),
    st.sampled_from(PLACES),
    st.sampled_from(["IBAN:", "الآيبان", "Votre IBAN"]),
)
def test_any_iban_in_any_form_anywhere_is_found(guard, iban, form, place, context):
    body = send_body(place, FORMS[form](iban), context)
    assert "iban" in categories(guard, body), (form, place)


def canary_values_of(customer) -> list[tuple[str, str]]:
    account = customer.accounts[0]
    tx = account.transactions[1]
    values = [
        ("card_number", customer.cards[0].number),
        ("account_number", account.number),
        ("national_id", customer.national_id),
        ("name", customer.name),
        ("transaction", tx.memo),
        ("balance", amount_forms(account.balance)[1]),
    ]
    if account.iban:
        values.append(("iban", account.iban))
    return values


@SETTINGS
@given(st.data(), st.sampled_from(sorted(FORMS)), st.sampled_from(PLACES))
def test_any_canary_in_any_form_anywhere_is_a_canary_finding(
    canary_guard, customers, data, form, place
):
    customer = data.draw(st.sampled_from(customers))
    value_category, value = data.draw(st.sampled_from(canary_values_of(customer)))
    forms = TEXT_FORMS if value_category in TEXT_CATEGORIES else FORMS
    body = send_body(place, forms.get(form, forms["plain"])(value), "FYI")
    canary_guard.reset()
    findings = [f for f in canary_guard.scan(record(body)) if f.category == "canary"]
    assert any(f.customer == customer.id and f.value_category == value_category for f in findings), (
        form, place, value_category, findings,
    )  # fmt: skip


MASKS = {
    "last4 bullets": lambda n: f"•••• {n[-4:]}",
    "last4 stars": lambda n: grouped("*" * (len(n) - 4) + n[-4:], " "),
    "last4 x": lambda n: "x" * (len(n) - 4) + n[-4:],
    "ending in": lambda n: f"ending in {n[-4:]}",
    "first6 last4": lambda n: n[:6] + "*" * (len(n) - 10) + n[-4:],
    "first6 last4 spaced": lambda n: grouped(n[:6] + "*" * (len(n) - 10) + n[-4:], " "),
    "arabic last4": lambda n: f"تنتهي بـ {n[-4:].translate(ARABIC)}",
}


@SETTINGS
@given(card_numbers(), st.sampled_from(sorted(MASKS)), st.sampled_from(PLACES))
def test_no_allowed_masked_card_form_is_a_finding(canary_guard, number, mask, place):
    body = send_body(place, MASKS[mask](number), "Your card")
    assert categories(canary_guard, body) == set(), (mask, place)


@SETTINGS
@given(
    st.data(),
    st.sampled_from(["last4 bullets", "last4 stars", "ending in", "first6 last4"]),
    st.sampled_from(PLACES),
)
def test_no_allowed_masked_form_of_a_canary_card_is_a_finding(
    canary_guard, customers, data, mask, place
):
    customer = data.draw(st.sampled_from(customers))
    body = send_body(place, MASKS[mask](customer.cards[0].number), "Your card")
    assert categories(canary_guard, body) == set(), (mask, place)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_in_every_place_one_iban_and_card_each(guard: Guard, form: str) -> None:
    """The sweep the random draws sample from: every form, every place, one IBAN per country
    the guard must know and one card per brand and length (deterministic, so a regression in
    one combination cannot hide behind the draws)."""
    import random

    rng = random.Random(form)
    missed = []
    for country, shape in IBAN_SHAPES.items():
        bban = "".join(
            rng.choice("0123456789" if kind == "n" else "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            for kind in shape
        )
        value = next(
            f"{country}{check:02d}{bban}"
            for check in range(2, 99)
            if stdnum_iban.is_valid(f"{country}{check:02d}{bban}")
        )
        for place in PLACES:
            if "iban" not in categories(guard, send_body(place, FORMS[form](value), "IBAN:")):
                missed.append((value[:2], place))
    for prefix, length in CARD_KINDS:
        body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
        number = body + luhn.calc_check_digit(body)
        for place in PLACES:
            found = categories(guard, send_body(place, FORMS[form](number), "Your card"))
            if "card_number" not in found:
                missed.append((prefix, length, place))
    assert missed == []

"""The canary matcher: every distinctive value, in every form, in one automaton."""

from __future__ import annotations

import base64
import hashlib
import html
import json
from urllib.parse import quote

import pytest

from mockmessenger.boundary.canaries import CanaryHit, CanaryMatcher, CustomerFactory
from mockmessenger.boundary.matcher import amount_forms, canary_values, digest_keys, encoded_keys

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EXTENDED = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture(scope="module")
def people():
    return CustomerFactory(seed=11).customers(21)


@pytest.fixture(scope="module")
def matcher(people):
    return CanaryMatcher(people)


@pytest.fixture(scope="module")
def saudi(people):
    return next(c for c in people if c.locale == "ar_SA")


def only(hits: list[CanaryHit]) -> CanaryHit:
    assert len(hits) == 1, hits
    return hits[0]


def grouped(value: str, sep: str = " ", size: int = 4) -> str:
    return sep.join(value[i : i + size] for i in range(0, len(value), size))


ENCODERS = {
    "plain": lambda v: v,
    "spaced": lambda v: grouped(v, " "),
    "dashed": lambda v: grouped(v, "-"),
    "dotted": lambda v: grouped(v, "."),
    "nbsp": lambda v: grouped(v, "\u00a0"),
    "arabic-indic": lambda v: v.translate(ARABIC),
    "arabic-indic spaced": lambda v: grouped(v.translate(ARABIC), " "),
    "extended-arabic-indic": lambda v: v.translate(EXTENDED),
    "zero-width": lambda v: "\u200b".join(v),
    "url": lambda v: quote(v, safe=""),
    "base64": lambda v: base64.b64encode(v.encode()).decode(),
    "base64url": lambda v: base64.urlsafe_b64encode(v.encode()).decode(),
    "hex": lambda v: v.encode().hex(),
    "HEX": lambda v: v.encode().hex().upper(),
    "json-escape": lambda v: "".join(f"\\u{ord(c):04x}" for c in v),
    "html-entity": lambda v: "".join(f"&#{ord(c)};" for c in v),
    "html-hex-entity": lambda v: "".join(f"&#x{ord(c):x};" for c in v),
    "md5": lambda v: hashlib.md5(v.encode()).hexdigest(),
    "sha1": lambda v: hashlib.sha1(v.encode()).hexdigest(),
    "sha256": lambda v: hashlib.sha256(v.encode()).hexdigest(),
    "SHA256": lambda v: hashlib.sha256(v.encode()).hexdigest().upper(),
    "sha256-base64": lambda v: base64.b64encode(hashlib.sha256(v.encode()).digest()).decode(),
}


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_a_card_number_is_found_in_every_form(matcher, saudi, encoding):
    number = saudi.cards[0].number
    shown = ENCODERS[encoding](number)
    text = f"بطاقتك: {shown} شكرا"
    hit = only(matcher.search(text))
    assert (hit.customer_id, hit.value_category, hit.field) == (
        saudi.id,
        "card_number",
        "cards[0].number",
    )
    assert text[hit.start : hit.end].strip() == shown or "base64" in encoding


@pytest.mark.parametrize("offset", [0, 1, 2, 3, 4, 5])
def test_base64_finds_the_value_at_any_offset_of_a_larger_blob(matcher, saudi, offset):
    blob = b"x" * offset + b'{"iban":"' + saudi.accounts[0].iban.encode() + b'","ok":true}'
    hit = only(matcher.search(base64.b64encode(blob).decode()))
    assert hit.encoding == "base64" and hit.value_category == "iban"


def test_hits_report_the_encoding(matcher, saudi):
    number = saudi.cards[0].number
    for shown, expected in [
        (number, "plain"),
        (grouped(number), "spaced"),
        (number.translate(ARABIC), "arabic-indic"),
        (number.translate(EXTENDED), "extended-arabic-indic"),
        ("\u200c".join(number), "invisible"),
        (hashlib.md5(number.encode()).hexdigest(), "md5"),
        (number.encode().hex(), "hex"),
    ]:
        assert only(matcher.search(shown)).encoding == expected


def test_spans_index_the_original_text_even_after_folding(matcher, saudi):
    number = saudi.cards[1].number
    shown = "\u200f" + grouped(number.translate(ARABIC), "\u00a0")
    text = "رقم البطاقة " + shown + " انتهى"
    hit = only(matcher.search(text))
    assert text[hit.start : hit.end] == shown.lstrip("\u200f")


def test_every_kind_of_value_is_a_canary(matcher, saudi):
    account = saudi.accounts[0]
    tx = account.transactions[0]
    cases = {
        "iban": grouped(account.iban),
        "account_number": f"acct {account.number}.",
        "balance": f"رصيدك {amount_forms(account.balance)[2]} ر.س",
        "name": f"Dear {saudi.name}",
        "national_id": f"id {saudi.national_id}",
        "email": f"mail {saudi.email}",
        "transaction": f"memo: {tx.memo}",
        "credential": f"your password is {saudi.password}",
    }
    for category, text in cases.items():
        hits = matcher.search(text)
        assert [h.value_category for h in hits] == [category], (category, hits)
        assert hits[0].customer_id == saudi.id


def test_amounts_are_found_in_every_common_format(matcher, people):
    customer = next(c for c in people if c.locale == "fr_FR")
    balance = customer.accounts[1].balance
    for form in amount_forms(balance):
        assert only(matcher.search(f"solde : {form} €")).value_category == "balance"
    arabic = amount_forms(balance)[1].translate(ARABIC).replace(",", "٬").replace(".", "٫")
    assert only(matcher.search(f"رصيدك {arabic}")).encoding == "arabic-indic"


def test_an_amount_inside_a_longer_number_is_not_a_hit(matcher, saudi):
    form = amount_forms(saudi.accounts[0].balance)[0]
    assert matcher.search(f"ref 9{form}") == []
    assert matcher.search(f"ref {form}7") == []


def test_a_name_inside_a_longer_word_is_not_a_hit(matcher, people):
    customer = next(c for c in people if c.locale == "en_US")
    assert matcher.search(f"x{customer.name}") == []
    assert matcher.search(f"{customer.name}son") == []
    assert only(matcher.search(f"({customer.name})")).value_category == "name"


def test_short_values_are_never_canaries_on_their_own(matcher, people):
    for customer in people:
        card = customer.cards[0]
        text = f"cvv {card.cvv} pin {customer.pin} exp {card.expiry} last4 {card.last4}"
        assert matcher.search(text) == []
        assert all(
            v.value not in (card.cvv, customer.pin, card.expiry) for v in canary_values(customer)
        )


def test_benign_text_has_no_hits(matcher):
    for text in [
        "Your order 2024-11-30 ships tomorrow; call +1 800 555 0100.",
        "السعر 3.5% سنويا، الرسوم ١٠ ريال",
        "Bonjour, votre carte se termine par 1234.",
        "",
    ]:
        assert matcher.search(text) == []


def test_a_value_inside_a_longer_value_of_the_same_customer_is_reported_once(matcher, saudi):
    account = saudi.accounts[0]
    hits = matcher.search(account.iban)
    assert [h.value_category for h in hits] == ["iban"]
    assert (hits[0].start, hits[0].end) == (0, len(account.iban))


def test_json_escaped_arabic_name_is_found(matcher, saudi):
    text = json.dumps({"text": f"مرحبا {saudi.name}"})
    assert "\\u" in text
    hit = only(matcher.search(text))
    assert (hit.value_category, hit.encoding) == ("name", "json-escape")
    assert html.escape(saudi.name) == saudi.name


def test_encoded_keys_cover_every_encoding():
    encodings = {enc for _, enc in encoded_keys("4111111111111111")}
    assert {"base64", "hex", "json-escape", "html-entity"} <= encodings
    digests = {enc for _, enc in digest_keys("4111111111111111")}
    assert digests == {"md5", "sha1", "sha256", "md5-base64", "sha1-base64", "sha256-base64"}


def test_a_digest_inside_a_longer_hex_run_or_a_base64url_token_is_found(matcher, saudi):
    data = saudi.national_id.encode()
    inner = "ab" + hashlib.sha1(data).hexdigest() + "cd"
    assert only(matcher.search(f"h={inner}")).encoding == "sha1"
    token = base64.urlsafe_b64encode(hashlib.md5(data).digest()).decode().rstrip("=")
    hit = only(matcher.search(f"t={token}."))
    assert (hit.encoding, hit.value_category) == ("md5-base64", "national_id")


def test_customers_added_later_are_found_and_old_ones_still_are(people):
    matcher = CanaryMatcher(people[:1])
    late = CustomerFactory(seed=99).customers(300)
    assert matcher.search(late[-1].cards[0].number) == []
    matcher.add_customers(late)
    assert only(matcher.search(late[-1].cards[0].number)).customer_id == late[-1].id
    assert only(matcher.search(people[0].cards[0].number)).customer_id == people[0].id
    assert len(matcher) > 300 * 20 and matcher.key_count > len(matcher) * 10


def test_an_empty_matcher_finds_nothing():
    assert CanaryMatcher().search("4111 1111 1111 1111") == []


def test_encodings_can_be_limited():
    customer = CustomerFactory(seed=5).customer("en_GB")
    matcher = CanaryMatcher([customer], encodings=())
    number = customer.cards[0].number
    assert only(matcher.search(number)).encoding == "plain"
    assert matcher.search(hashlib.sha256(number.encode()).hexdigest()) == []


def test_values_in_full_width_or_superscript_forms_are_found(matcher, saudi, people):
    """The matcher folds what the normaliser reads: full-width letters, superscript digits."""
    iban = saudi.accounts[0].iban
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in iban)
    hit = only(matcher.search(f"IBAN {wide} ok"))
    assert (hit.value_category, hit.encoding) == ("iban", "unicode-digits")
    latin = next(p for p in people if p.name.isascii())
    wide_name = "".join(chr(ord(c) + 0xFEE0) if c.isalpha() else c for c in latin.name)
    hit = only(matcher.search(f"Dear {wide_name},"))
    assert (hit.value_category, hit.encoding) == ("name", "letter-forms")
    number = saudi.cards[0].number
    superscript = number.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    assert only(matcher.search(superscript)).value_category == "card_number"


def test_a_name_with_marks_is_found_as_the_guard_reads_it() -> None:
    """The guard reads text with combining marks removed (``كسّاب`` as ``كساب``): a canary
    name written with a shadda must be found in that reading too, and as written."""
    import dataclasses

    from mockmessenger.boundary import Guard, Policy
    from mockmessenger.records import EgressRecord

    person = next(c for c in CustomerFactory(seed=42).customers(14) if c.locale == "ar_EG")
    person = dataclasses.replace(person, first_name="كسّاب", last_name="بنو ليث")
    matcher = CanaryMatcher([person])
    assert only(matcher.search(f"مرحبا {person.name}")).value_category == "name"
    assert only(matcher.search("مرحبا كساب بنو ليث")).value_category == "name"
    body = json.dumps({"message": {"text": f"مرحبا {person.name}"}}, ensure_ascii=False)
    record = EgressRecord.make(
        "POST", "https://graph.facebook.com/v25.0/me/messages", {}, body.encode()
    )
    findings = Guard(Policy.default(), canaries=matcher).scan(record)
    assert [f.category for f in findings] == ["canary"]

"""Values sent in pieces: canaries of every identifier kind, national ids with a checksum.

A bot that sends an account number as "0123 456" in one quick reply and "7890" in another, or
half in one message and half in the next, has sent the account number. Cards and IBANs were
joined before (tests/boundary/test_guard_scan.py); these tests cover the canaries (any joinable
value of a synthetic customer, whatever its context) and national ids whose checksum makes a
join safe.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockmessenger.boundary import Finding, Guard
from mockmessenger.boundary.canaries import CustomerFactory
from mockmessenger.boundary.customers import Customer
from mockmessenger.boundary.matcher import CanaryMatcher, compact_form
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"
PSID = "24012345678901234"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def send(message: dict, *, thread: str | None = None, index: int = 0) -> EgressRecord:
    body = json.dumps({"recipient": {"id": PSID}, "message": message}, ensure_ascii=False)
    return EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, body, thread=thread, index=index
    )


def text(value: str, **kwargs: object) -> EgressRecord:
    return send({"text": value}, **kwargs)


def quick_replies(*titles: str) -> EgressRecord:
    replies = [
        {"content_type": "text", "title": title, "payload": f"P{i}"}
        for i, title in enumerate(titles)
    ]
    return send({"text": "Choose one", "quick_replies": replies})


def scan_thread(guard: Guard, texts: list[str], thread: str = "t1") -> list[Finding]:
    findings: list[Finding] = []
    for index, value in enumerate(texts):
        findings += guard.scan(text(value, thread=thread, index=index))
    return findings


def canaries(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.category == "canary"]


def _make_customers() -> dict[str, Customer]:
    factory = CustomerFactory(11)
    return {locale: factory.customer(locale) for locale in ("en_US", "ar_SA", "ar_EG", "de_DE")}


@pytest.fixture(scope="module")
def customers() -> dict[str, Customer]:
    return _make_customers()


def halves(value: str) -> tuple[str, str]:
    digits = compact_form(value)
    middle = len(digits) // 2
    return digits[:middle], digits[middle:]


VALUES = {
    "account_number": lambda c: c.accounts[0].number,
    "national_id": lambda c: c.national_id,
    "card_number": lambda c: c.cards[0].number,
    "routing_number": lambda c: c.accounts[0].routing,
}


def _split_cases() -> list[tuple[str, str]]:
    """(locale, category) of every joinable value long enough to be a canary."""
    customers = _make_customers()
    return [
        (locale, category)
        for locale, customer in customers.items()
        for category, value in VALUES.items()
        if len(compact_form(value(customer))) >= 9  # (not a sort code or a German bank code)
    ]


@pytest.mark.parametrize(("locale", "category"), _split_cases())
def test_a_canary_split_across_two_messages_is_found(
    customers: dict[str, Customer], engine: bool, locale: str, category: str
) -> None:
    customer = customers[locale]
    value = compact_form(VALUES[category](customer))
    guard = Guard(canaries=[customer], use_hyperscan=engine)
    first, second = halves(value)
    found = canaries(scan_thread(guard, [f"Here is the first part: {first}", f"and {second}"]))
    assert [(f.value_category, f.customer, f.record) for f in found] == [(category, customer.id, 1)]
    finding = found[0]
    assert "split across messages of the thread" in finding.rule
    assert finding.encoding == "split"
    shown = "".join(c for c in finding.masked if c.isdigit())
    assert len(shown) <= 4 and value.endswith(shown)
    assert len(finding.masked) == len(value)


def test_a_canary_split_across_quick_replies_with_words_around_is_found(
    customers: dict[str, Customer], engine: bool
) -> None:
    """Fields that hold more than the number: the quick check must not pass the request."""
    customer = customers["en_US"]
    first, second = halves(customer.accounts[0].number)
    guard = Guard(canaries=[customer], use_hyperscan=engine)
    found = canaries(guard.scan(quick_replies(f"Ref {first}", f"then {second} ok")))
    assert [f.value_category for f in found] == ["account_number"]
    assert found[0].path == "$.message.quick_replies[1].title"
    assert "fields of one message" in found[0].rule


def test_a_canary_in_three_pieces_and_arabic_indic_digits_is_found(
    customers: dict[str, Customer], engine: bool
) -> None:
    customer = customers["ar_SA"]
    digits = compact_form(customer.accounts[0].number)
    pieces = [digits[:4], digits[4:8], digits[8:]]
    guard = Guard(canaries=[customer], use_hyperscan=engine)
    messages = [f"الجزء {piece.translate(ARABIC_INDIC)}" for piece in pieces]
    found = canaries(scan_thread(guard, messages))
    assert [(f.value_category, f.record) for f in found] == [("account_number", 2)]


def test_a_split_iban_of_a_canary_is_both_an_iban_and_a_canary(
    customers: dict[str, Customer], engine: bool
) -> None:
    customer = customers["ar_SA"]
    iban = customer.accounts[0].iban
    guard = Guard(canaries=[customer], use_hyperscan=engine)
    found = scan_thread(guard, [f"IBAN {iban[:4]} {iban[4:12]}", f"ends {iban[12:]}"])
    assert {(f.category, f.value_category) for f in found} >= {
        ("iban", None),
        ("canary", "iban"),
    }


def test_numbers_that_join_into_no_canary_are_no_finding(
    customers: dict[str, Customer], engine: bool
) -> None:
    customer = customers["en_US"]
    first, second = halves(customer.accounts[0].number)
    guard = Guard(canaries=[customer], use_hyperscan=engine)
    wrong = str((int(second) + 1) % 10 ** len(second)).zfill(len(second))
    assert canaries(scan_thread(guard, [f"part {first}", f"and {wrong}"])) == []
    guard.reset()
    assert canaries(scan_thread(guard, [f"part {second}", f"and {first}"])) == []  # wrong order


def test_the_whole_canary_in_one_field_is_not_reported_again_as_split(
    customers: dict[str, Customer], engine: bool
) -> None:
    customer = customers["de_DE"]
    number = customer.accounts[0].number
    guard = Guard(canaries=[customer], use_hyperscan=engine)
    found = canaries(guard.scan(text(f"Konto {number} und 123")))
    assert [f.encoding for f in found] == ["plain"]


def test_a_guard_remembering_requests_still_joins_pieces_in_each_thread(
    customers: dict[str, Customer],
) -> None:
    """The memo replays the join step against each thread (tests/boundary/test_guard_memo.py)."""
    customer = customers["en_US"]
    first, second = halves(customer.accounts[0].number)
    guard = Guard(canaries=[customer])
    for thread in ("a", "b"):
        found = canaries(scan_thread(guard, [f"first {first}", f"then {second}"], thread))
        assert [(f.thread, f.value_category) for f in found] == [(thread, "account_number")]


class _SearchOnly:
    """A canary matcher of someone else's: ``search`` only, no joins."""

    def __init__(self, matcher: CanaryMatcher):
        self.matcher = matcher

    def search(self, text: str) -> list:
        return self.matcher.search(text)


def test_a_matcher_without_joins_is_still_used_for_whole_values(
    customers: dict[str, Customer],
) -> None:
    customer = customers["en_US"]
    guard = Guard(canaries=_SearchOnly(CanaryMatcher([customer])))
    first, second = halves(customer.accounts[0].number)
    assert canaries(scan_thread(guard, [f"first {first}", f"then {second}"])) == []
    assert canaries(guard.scan(text(f"number {customer.accounts[0].number}")))


# -- the quick path's test --------------------------------------------------------------------


def test_may_hold_joined_answers_for_digit_runs_in_any_script(
    customers: dict[str, Customer],
) -> None:
    customer = customers["ar_EG"]
    matcher = CanaryMatcher([customer])
    digits = compact_form(customer.accounts[0].number)
    assert matcher.may_hold_joined(f'"{digits[:5]}" , "x {digits[5:]}"')
    assert matcher.may_hold_joined(f"{digits[:3]} - {digits[3:7]} / {digits[7:]}")
    assert matcher.may_hold_joined(f"{digits[:6]} {digits[6:]}".translate(ARABIC_INDIC))
    assert matcher.may_hold_joined(f"{digits[:6]} P0 {digits[6:]}")  # the scan skips "P0"
    assert not matcher.may_hold_joined(f"{digits[6:]} {digits[:6]}")  # the wrong order
    tail = str((int(digits[6:]) + 1) % 10 ** len(digits[6:])).zfill(len(digits[6:]))
    assert not matcher.may_hold_joined(f"{digits[:6]} {tail}")
    assert not matcher.may_hold_joined("no digits at all")
    assert not CanaryMatcher().may_hold_joined(f"{digits[:6]} {digits[6:]}")


def test_joined_names_the_customer_and_field(customers: dict[str, Customer]) -> None:
    customer = customers["de_DE"]
    matcher = CanaryMatcher([customer])
    (hit,) = matcher.joined(compact_form(customer.accounts[0].number))
    assert (hit.customer_id, hit.value_category, hit.field) == (
        customer.id,
        "account_number",
        "accounts[0].number",
    )
    assert matcher.joined("1" + compact_form(customer.accounts[0].number)) == []
    assert matcher.joined(compact_form(customer.name)) == []  # words are never joined


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.data(),
    filler=st.sampled_from(["", "ref ", "رقم ", "n° ", "part: "]),
    across=st.sampled_from(["messages", "fields"]),
)
def test_any_split_point_of_any_joinable_canary_is_found_quick_check_on_and_off(
    customers: dict[str, Customer], data: st.DataObject, filler: str, across: str
) -> None:
    customer_ = customers[data.draw(st.sampled_from(sorted(customers)))]
    category = data.draw(st.sampled_from(sorted(VALUES)))
    digits = compact_form(VALUES[category](customer_))
    if len(digits) < 9:
        return
    cut = data.draw(st.integers(min_value=3, max_value=len(digits) - 3))
    pieces = [digits[:cut], digits[cut:]]
    if len(pieces[1]) > 12 or len(pieces[0]) > 12:
        return  # a fragment is at most 12 digits (a longer run is read as a whole value)
    results = []
    for quick in (True, False):
        guard = Guard(canaries=[customer_])
        if not quick:
            guard._quick.clean = lambda *args, **kwargs: (False, None)  # type: ignore[method-assign]
        if across == "messages":
            found = scan_thread(guard, [f"{filler}{p}" for p in pieces])
        else:
            found = guard.scan(quick_replies(*(f"{filler}{p}" for p in pieces)))
        results.append(sorted((f.value_category, f.customer) for f in canaries(found)))
    assert results[0] == results[1]
    assert (category, customer_.id) in results[0]


# -- national ids -------------------------------------------------------------------------------


def test_an_egyptian_id_split_across_whole_fields_is_found(
    customers: dict[str, Customer], engine: bool
) -> None:
    first, second = halves(customers["ar_EG"].national_id)
    findings = Guard(use_hyperscan=engine).scan(quick_replies(first, second))
    (finding,) = [f for f in findings if f.category == "national_id"]
    assert "eg_nid split across fields of one message" in finding.rule


def test_a_saudi_id_split_across_messages_needs_an_id_word(
    customers: dict[str, Customer], engine: bool
) -> None:
    first, second = halves(customers["ar_SA"].national_id)
    guard = Guard(use_hyperscan=engine)
    found = scan_thread(guard, [f"رقم الهوية الوطنية {first}", f"ثم {second}"])
    assert [f.rule.split(": ", 1)[1] for f in found if f.category == "national_id"] == [
        "sa_nid split across messages of the thread"
    ]
    guard.reset()
    assert scan_thread(guard, [f"order {first}", f"then {second}"]) == []


def test_an_ssn_has_no_checksum_and_is_never_joined(engine: bool) -> None:
    """Any two numbers near "SSN" would make one: only a canary SSN is found in pieces."""
    guard = Guard(use_hyperscan=engine)
    found = scan_thread(guard, ["Your SSN starts 123 45", "and ends 6789"])
    assert [f for f in found if f.category == "national_id"] == []


def test_may_hold_joined_gives_up_to_the_full_scan_when_too_many_joins_could_begin(
    customers: dict[str, Customer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past a bound on joins being followed, the test says "maybe" (the scan decides) instead
    of following every combination."""
    import mockmessenger.boundary.matcher as matcher_module

    customer = customers["en_US"]
    matcher = CanaryMatcher([customer])
    beginnings = [compact_form(customer.accounts[0].number)[:3]] * 3  # each begins the value
    text = " x ".join(beginnings)
    assert not matcher.may_hold_joined(text)
    monkeypatch.setattr(matcher_module, "_MAX_LIVE", 2)
    assert matcher.may_hold_joined(text)


def test_may_hold_joined_stops_joining_past_a_work_budget(
    customers: dict[str, Customer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bounded amount of joining, then "maybe": a megabyte of numbers costs no seconds."""
    import mockmessenger.boundary.matcher as matcher_module

    customer = customers["en_US"]
    matcher = CanaryMatcher([customer])
    beginning = compact_form(customer.accounts[0].number)[:3]
    filler = next(
        g
        for g in ("555", "777", "888")
        if not any(value.startswith(g) or g in value for value in matcher._joinable)
    )
    text = f"{beginning} x {beginning} " + f" {filler}" * 2_000  # two live joins, many groups
    assert not matcher.may_hold_joined(text)
    monkeypatch.setattr(matcher_module, "_MAX_WORK", 1_000)
    assert matcher.may_hold_joined(text)  # gave up: the scan decides

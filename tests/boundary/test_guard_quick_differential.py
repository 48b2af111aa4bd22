"""Differential: the quick check on or off, the guard's findings on a request are the same.

The quick check reads raw JSON; the detectors read the guard's joined, normalised text. These
tests build requests where the two differ most: pretty-printed and padded JSON, ``\\u``-escaped
Arabic, JSON inside strings, numbers as JSON scalars, words as keys, other scripts' digits,
look-alike letters, threads, and every context word next to every kind of number.
"""

from __future__ import annotations

import json
import random

import pytest

from mockmessenger.boundary import Guard, Policy
from mockmessenger.boundary.detectors.context import WORD_SETS
from mockmessenger.records import EgressRecord

pytest.importorskip("hyperscan")

GRAPH = "https://graph.facebook.com/v25.0/me/messages"

NUMBERS = [
    "4111 1111 1111 1111", "4111-1111-1111-1111", "1234", "12.50", "1,234.56", "1.234,56",
    "2026-09-04", "021000021", "SA0380000000608010167519", "١٢٣٤", "٤١١١ ١١١١ ١١١١ ١١١١",
    "7856669422", "123-45-6789", "123456789", "5500000000000004", "08/27", "12/2029", "482913",
    "3.5%", "20-00-00", "55779911", "784198012345671", "29001011234567", "SAR 5", "5 SAR",
    "€12", "٥٠٠ ريال", "4O11 l111 1I11 111l", "1 800 555 0199", "99", "12345", "1234567",
    "12345678901", "0.99", "4111\u00a01111", "4111\u200b1111\u200b1111\u200b1111", "٣٫٥٪",
    "NDExMTExMTExMTExMTExMQ==", "NDAwMDA0MDA0MDAwNA==", "34313131313131313131313131313131",
    "%34%31%31%31%31%31%31%31%31%31%31%31%31%31%31%31", "&#52;111111111111111", "SAVE2026ABCD",
    "4111\\t1111\\t1111\\t1111", "12\\/26",
]  # fmt: skip


def _words() -> list[str]:
    words = []
    for word_set in WORD_SETS:
        words.extend(word_set.latin)
        words.extend(word_set.arabic)
    return sorted(set(words))


WORDS = _words()
FILLER = ["hello", "the", "your", "is", "of", "مرحبا", "لديك", "votre", "est", "thanks", "—", ":"]


def _text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 7)):
        roll = rng.random()
        parts.append(
            rng.choice(WORDS)
            if roll < 0.35
            else rng.choice(NUMBERS)
            if roll < 0.7
            else rng.choice(FILLER)
        )
    glue = rng.choice([" ", " ", "  ", "\n", ", "])
    return glue.join(parts)


def _body(rng: random.Random) -> dict:
    message: dict = {"text": _text(rng)}
    roll = rng.random()
    if roll < 0.3:
        message["quick_replies"] = [
            {"content_type": "text", "title": _text(rng), "payload": rng.choice(NUMBERS + WORDS)}
            for _ in range(rng.randint(1, 3))
        ]
    elif roll < 0.5:
        message["metadata"] = json.dumps({rng.choice(WORDS): _text(rng), "n": rng.choice(NUMBERS)})
    elif roll < 0.65:
        message = {
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "generic",
                    "elements": [
                        {"title": _text(rng), "subtitle": _text(rng), "amount": rng.random() * 9999}
                    ],
                },
            }
        }
    elif roll < 0.8:
        message[rng.choice(WORDS)] = rng.choice(NUMBERS)  # a word as a key
    return {
        "recipient": {"id": "24012345678901234"},
        "messaging_type": "RESPONSE",
        "message": message,
    }


def _serialise(body: dict, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.3:
        return json.dumps(body, ensure_ascii=False)
    if style < 0.5:
        return json.dumps(body)  # \\u escapes, as requests writes
    if style < 0.7:
        return json.dumps(body, ensure_ascii=False, indent=rng.choice([2, 4, 12]))
    if style < 0.85:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    pad = " " * rng.randint(20, 200)
    return json.dumps(body, ensure_ascii=False, separators=(f"{pad},{pad}", f"{pad}:{pad}"))


def _guards() -> tuple[Guard, Guard]:
    fast = Guard(use_hyperscan=True)
    slow = Guard(use_hyperscan=True)
    slow._quick.clean = lambda *args: (False, None)  # type: ignore[method-assign]
    fast.MEMO_SIZE = slow.MEMO_SIZE = 0  # type: ignore[misc]
    return fast, slow


def _record(text: str, index: int, thread: str | None = None) -> EgressRecord:
    return EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, text, index=index, thread=thread
    )


@pytest.mark.parametrize("seed", range(6))
def test_quick_check_changes_no_finding_on_generated_requests(seed: int) -> None:
    rng = random.Random(seed)
    fast, slow = _guards()
    quick_passed = 0
    for index in range(300):
        text = _serialise(_body(rng), rng)
        record = _record(text, index)
        expected = [f.to_dict() for f in slow.scan(record)]
        assert [f.to_dict() for f in fast.scan(record)] == expected, text
        quick_passed += fast._quick.clean(record, record.host)[0]
    assert quick_passed > 10  # the generator does make clean requests the check lets through


@pytest.mark.parametrize("seed", range(3))
def test_quick_check_changes_no_finding_in_threads(seed: int) -> None:
    rng = random.Random(100 + seed)
    fast, slow = _guards()
    for index in range(300):
        thread = f"psid-{rng.randint(1, 4)}"
        record = _record(_serialise(_body(rng), rng), index, thread)
        assert [f.to_dict() for f in fast.scan(record)] == [
            f.to_dict() for f in slow.scan(record)
        ], record.body


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "Your balance:", "x": "SAR 1,234.56"},
        {"text": "routing", "x": "021000021"},
        {"text": "account number", "y": "ok", "x": "55779911"},
        {"text": "CVV", "x": "123"},
        {"text": "1,234.56 SAR", "x": "is your balance"},
        {"note": json.dumps({"a": "12.50 SAR", "b": "your balance"})},
        # JSON literals are no text for the guard: forty nulls between are no distance
        {"text": "Your balance:", "pad": [None] * 40, "x": "SAR 1,234.56"},
        {"text": "routing", "flags": [True, False] * 12, "x": "021000021"},
        # JSON inside a string is walked again after it: the word meets the number's copy
        {"note": json.dumps({"a": "12.50 SAR", "b": "thanks " * 8, "c": "your balance"})},
    ],
)
@pytest.mark.parametrize("padding", [0, 80, 400])
def test_padding_between_fields_hides_no_context(fields: dict, padding: int) -> None:
    """Raw JSON can be padded without limit; the detectors' distances are in the joined text."""
    pad = " " * padding
    text = json.dumps(
        {"recipient": {"id": "24012345678901234"}, "message": fields},
        ensure_ascii=False,
        separators=(f",{pad}", f":{pad}"),
    )
    fast, slow = _guards()
    expected = [f.to_dict() for f in slow.scan(_record(text, 0))]
    assert expected, "each case is a leak the full scan finds"
    assert [f.to_dict() for f in fast.scan(_record(text, 0))] == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("here you go: 4111 1111", "and the card ends 1111 1111"),
        ("٤١١١ ١١١١", "card: 1111 1111"),
        ("so 5500-0000", "card 0000 0004"),
    ],
)
def test_a_number_half_in_a_thread_is_remembered_even_without_context(
    first: str, second: str
) -> None:
    """Each half of a split card is no finding alone; the guard must remember the first half."""
    fast, slow = _guards()
    findings = {}
    for name, guard in (("fast", fast), ("slow", slow)):
        found = []
        for index, text in enumerate((first, second)):
            body = json.dumps({"recipient": {"id": "24012345678901234"}, "message": {"text": text}})
            found += [f.to_dict() for f in guard.scan(_record(body, index, thread="psid-9"))]
        findings[name] = found
    assert any(f["category"] == "card_number" for f in findings["slow"])
    assert findings["fast"] == findings["slow"]


def test_requests_the_walk_may_not_read_are_never_passed_quickly() -> None:
    """Invalid UTF-8 and JSON nested too deeply are findings of their own (unscannable)."""
    fast, slow = _guards()
    deep = '{"recipient": {"id": "1"}, "message": {"text": ' + "[" * 1200 + "]" * 1200 + "}}"
    for body in (b'{"message": {"text": "caf\xe9"}}', deep.encode()):
        record = EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)
        assert not fast._quick.clean(record, record.host)[0]
        assert [f.to_dict() for f in fast.scan(record)] == [f.to_dict() for f in slow.scan(record)]


def test_a_repeated_key_adds_no_distance_the_guard_does_not_see() -> None:
    """The guard walks every value of a repeated key, in order, like the raw text."""
    fast, slow = _guards()
    body = (
        '{"recipient": {"id": "1"}, "message": {"text": "Your balance:", "x": "'
        + "thanks " * 30
        + '", "x": "SAR 1,234.56"}}'
    )
    record = _record(body, 0)
    expected = [f.to_dict() for f in slow.scan(record)]
    assert [f.to_dict() for f in fast.scan(record)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "exp.12/26", "exp 12/26", "expiry: 1/2029", "valid thru\n12/26", "تاريخ الانتهاء ١٢/٢٨",
        "expédiée le 2026-02-13", "exp 12/26/2027", "CVC2 284", "cvv:123", "code12345",
        "verification code  12345", "PIN 0042", "pin: 12345678901", "رمز التحقق 4821",
        "SWIFT: RJHISARI", "swift code RESPONSE", "your balance 1,234.56", "balance:12,50",
        "SAR 99 is your balance", "5 SAR balance", "le solde est de 5 €", "card 4111 1111 1111",
        "SAO3 8000 0000 6080 1016 7519", "IBAN: SAOO 8000 0000 6080 1016 7519", "below 1234",
    ],
)  # fmt: skip
def test_edges_of_the_windows_change_no_finding(text: str) -> None:
    fast, slow = _guards()
    for ensure_ascii in (False, True):
        body = json.dumps(
            {"recipient": {"id": "24012345678901234"}, "message": {"text": text}},
            ensure_ascii=ensure_ascii,
        )
        record = _record(body, 0)
        assert [f.to_dict() for f in fast.scan(record)] == [
            f.to_dict() for f in slow.scan(record)
        ], text


@pytest.mark.parametrize(
    "text",
    [
        "12345sort code", "sortcode 20-00-00", "sort-code: 200000", "20-00-00 sort code",
        "021000021 routing number", "021000021routing", "transit number021000021",
        "valid through 12/26", "validthrough 12/26", "12/26 valid thru", "you have SAR 5",
        "youhave 1,234.56", "1,234.56 you have", "security code 1234", "securitycode 1234",
    ],
)  # fmt: skip
def test_phrases_and_their_joiners_change_no_finding(text: str) -> None:
    fast, slow = _guards()
    body = json.dumps({"recipient": {"id": "24012345678901234"}, "message": {"text": text}})
    record = _record(body, 0)
    assert [f.to_dict() for f in fast.scan(record)] == [f.to_dict() for f in slow.scan(record)]


@pytest.mark.parametrize(
    "texts",
    [
        ("IBAN SA03 8000 0000", "ends 6080 1016 7519"),
        ("GB29 NWBK 6016 1331 9268", "19"),
        ("SA03 8000", "0000 6080", "1016 7519"),
    ],
)
def test_an_iban_split_over_a_thread_is_found_with_the_quick_check_on(
    texts: tuple[str, ...],
) -> None:
    fast, slow = _guards()
    findings = {}
    for name, guard in (("fast", fast), ("slow", slow)):
        found = []
        for index, text in enumerate(texts):
            body = json.dumps({"recipient": {"id": "24012345678901234"}, "message": {"text": text}})
            found += [f.to_dict() for f in guard.scan(_record(body, index, thread="psid-i"))]
        findings[name] = found
    assert [f["category"] for f in findings["slow"]] == ["iban"]
    assert findings["fast"] == findings["slow"]


def _policy_with_exemption(path: str) -> Policy:
    return Policy.from_dict(
        {"name": "exempting", "forbidden": ["balance", "card_number"], "exempt": [{"path": path}]}
    )


@pytest.mark.parametrize("path", ["$.message.note", "$.message.*", "$.message.list[0]"])
def test_exempt_fields_between_a_word_and_its_number_change_no_finding(path: str) -> None:
    """The guard skips exempt fields: what lies in them is no distance for its detectors."""
    from mockmessenger.boundary import Guard

    policy = _policy_with_exemption(path)
    fast = Guard(policy, use_hyperscan=True)
    slow = Guard(policy, use_hyperscan=True)
    slow._quick.clean = lambda *args, **kwargs: (False, None)  # type: ignore[method-assign]
    filler = "thanks " * 20
    for message in (
        {"text": "Your balance:", "note": filler, "x": "SAR 1,234.56"},
        {"text": "Your balance:", "list": [filler, "ok"], "x": "SAR 1,234.56"},
    ):
        body = json.dumps({"recipient": {"id": "24012345678901234"}, "message": message})
        record = _record(body, 0)
        assert [f.to_dict() for f in fast.scan(record)] == [
            f.to_dict() for f in slow.scan(record)
        ], (path, message)
    if "*" in path or "[0]" in path:  # no key to measure it by: every JSON request looks closer
        hello = _record(json.dumps({"recipient": {"id": "1"}, "message": {"text": "hi"}}), 0)
        assert not fast._quick.clean(hello, hello.host)[0]


def _template(payload: str, subtitle: str = "Your order #95657050 has shipped.") -> str:
    """A generic template: a context word in its title, a number its rival word names in its
    subtitle, and a button's payload (JSON in a string, when ``payload`` is some)."""
    element = {
        "title": "Current account",
        "subtitle": subtitle,
        "buttons": [{"type": "postback", "title": "Details", "payload": payload}],
    }
    return json.dumps(
        {
            "recipient": {"id": "24012345678901234"},
            "message": {"attachment": {"type": "template", "payload": {"elements": [element]}}},
        },
        ensure_ascii=False,
    )


@pytest.mark.parametrize(
    "payload",
    ['{"action": "details"}', '["a", "account"]', '{"a": "order"}', "DETAILS_96665"],
)
def test_json_in_a_string_elsewhere_keeps_a_rival_word_countable(payload: str) -> None:
    """The guard walks JSON held in a string again right after that string: distances that
    do not touch such a string are the raw text's bounds still, and an order number next to
    its rival word (an account word in the title) passes quickly."""
    fast, slow = _guards()
    record = _record(_template(payload), 0)
    assert fast._quick.clean(record, record.host)[0]
    assert [f.to_dict() for f in fast.scan(record)] == [f.to_dict() for f in slow.scan(record)]


@pytest.mark.parametrize(
    "subtitle",
    [
        'Your order {"a": "thanks thanks thanks thanks"} 95657050 has shipped.',
        'Your order #95657050 {"x": ["account", "ok"]} has shipped.',
        '{"a": "Your order"} 95657050',
        "95657050 order",
    ],
)
@pytest.mark.parametrize("payload", ['{"action": "details"}', "DETAILS_96665"])
def test_json_in_a_string_between_a_rival_and_its_number_changes_no_finding(
    subtitle: str, payload: str
) -> None:
    fast, slow = _guards()
    for text in (_template(payload, subtitle), _template(payload, '{"s": "' + subtitle + '"}')):
        record = _record(text, 0)
        assert [f.to_dict() for f in fast.scan(record)] == [
            f.to_dict() for f in slow.scan(record)
        ], text


@pytest.mark.parametrize(
    "text",
    [
        "https://bank.example/app?session=685002040788&lang=ar",  # a 12-digit card's shape
        "session 685002040788",
        "session 6850 0204 0788",
        "your card: session 685002040788",
        "card\n6850 0204 0788",
        "(session)\n6850\n0204 0788",
        "card 6850\n0204 0788",
        "x1 685002040788",
        "card685002040788",
        "685002040788card",
        "بطاقة 685002040788",
        "card: 685-002-040-788",
        "session 1685002040788",
    ],
)
def test_a_twelve_digit_card_is_left_to_its_card_word(text: str) -> None:
    """A 12-digit number read as one token is a card only near a card word (the judge's
    ``card12`` rule decides): with none in the request, it passes quickly."""
    fast, slow = _guards()
    record = _record(json.dumps({"recipient": {"id": "1"}, "message": {"text": text}}), 0)
    expected = [f.to_dict() for f in slow.scan(record)]
    assert [f.to_dict() for f in fast.scan(record)] == expected, text
    if text.startswith(("https", "session 685", "session 6850 ")):  # no card word, one token
        assert fast._quick.clean(record, record.host)[0], text

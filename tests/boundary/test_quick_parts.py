"""The quick check's parts, each against the guard code it stands in for."""

from __future__ import annotations

import base64
import json
import random
import re
import string

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.boundary.decode import open_base64
from mockmessenger.boundary.detectors import (
    account_number,
    amounts,
    card_cvv,
    card_expiry,
    credential,
    national_id,
    routing_number,
    swift_bic,
)
from mockmessenger.boundary.normalize import normalize
from mockmessenger.boundary.quick.confirm import (
    _may_decode,
    any_fragment,
    folds_lookalikes,
    opens_base64,
    plausible,
)
from mockmessenger.boundary.quick.patterns import compress
from mockmessenger.boundary.quick.rules import RULES
from mockmessenger.boundary.walk import walk_json
from mockmessenger.records import EgressRecord


def test_rules_read_their_windows_from_the_detectors() -> None:
    windows: dict[str, set[tuple[int, int]]] = {}
    for rule in RULES:
        windows.setdefault(rule.words.latin[0], set()).add((rule.before, rule.after))
    assert windows["routing"] == {(routing_number.BEFORE, routing_number.AFTER)}
    assert windows["account"] == {(account_number.BEFORE, account_number.AFTER)}
    assert windows["ssn"] == {
        (national_id.BEFORE, national_id.AFTER),
        (national_id.WIDE_BEFORE, 0),  # split by line breaks right after the word
    }
    assert windows["exp"] == {(card_expiry.BEFORE, 0)}
    assert windows["cvv"] == {(card_cvv.BEFORE, 0)}
    assert windows["pin"] == {
        (credential.BEFORE, 0),
        (0, credential.AFTER),  # named after the code: 482913 is your verification code
    }
    assert windows["log in"] == {(0, credential.SIGN_IN_AFTER)}  # Use 558102 to log in
    assert windows["balance"] == {(amounts.REACH_CURRENCY, amounts.AFTER)}
    assert windows["swift"] == {(swift_bic.FAR, 0)}  # the same sentence (BEFORE: any)


def test_the_base64_precheck_never_refuses_a_run_the_opener_opens() -> None:
    rng = random.Random(11)
    alphabet = string.ascii_letters + string.digits + "+/_-"
    opened = 0
    for _ in range(4000):
        roll = rng.random()
        if roll < 0.3:
            run = "".join(rng.choice(alphabet) for _ in range(rng.randint(12, 40)))
        elif roll < 0.6:
            text = "".join(rng.choice(string.printable) for _ in range(rng.randint(9, 30)))
            run = base64.b64encode(text.encode()).decode()
        elif roll < 0.8:
            junk = bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 6)))
            run = base64.urlsafe_b64encode(junk + str(rng.randint(10**8, 10**16)).encode()).decode()
        else:
            run = base64.b64encode("رصيدك ١٢٣٤".encode() * rng.randint(1, 3)).decode()
        if open_base64(run):
            opened += 1
            assert _may_decode(run), run
    assert opened > 500
    assert not _may_decode("example/img/186942")  # a URL path is refused cheaply
    assert opens_base64(b'"text": "NDAwMDA0MDA0MDAwNA=="')


@pytest.mark.parametrize(
    ("text", "folds"),
    [("4O11 l111 1I11 111l", True), ("Hello 2026", False), ("TXUQO3ZVCN", False), ("1O00O0", True)],
)
def test_lookalike_folding_is_the_normalisers(text: str, folds: bool) -> None:
    assert folds_lookalikes(f'"{text}"'.encode()) is folds
    assert (normalize(text).text != text) is folds


@pytest.mark.parametrize(
    ("run", "claimed"),
    [
        ("4111 1111 1111 1111", True),  # a Visa card
        ("6809840651", False),  # a trace id
        ("1 800 555 0199", False),  # a phone number
        ("784-1980-1234567-1", False),  # too few digits for an Emirates ID with a bad check
        ("0000 4111 1111 1111 1111", True),  # a card among its groups
        ("202601011234", False),  # 12 digits: a card only with a card word (a rule)
    ],
)
def test_plausible_digit_runs(run: str, claimed: bool) -> None:
    assert plausible(run.encode()) is claimed


def test_fragments_as_the_guard_keeps_them() -> None:
    assert any_fragment(b'"here: 4111 1111"')
    assert any_fragment(b'"\\n123"')  # after a line break's escape
    assert not any_fragment(b'"order #12345"')
    assert not any_fragment(b'"BALANCE_123456"')
    assert not any_fragment(b'"at 9:00"')


def _joined(body: dict) -> str:
    return "\n".join(field.text for field in walk_json(body))


@pytest.mark.parametrize("seed", range(3))
def test_compressed_text_is_never_longer_between_two_places_than_the_joined_text(
    seed: int,
) -> None:
    """Window patterns count characters of compressed text: a lower bound of the joined ones."""
    rng = random.Random(seed)
    filler = ["beta", "رصيد", "solde", "1,234.56", "x\ny", "a\tb", 'q"q', "", "  "]
    for _ in range(300):
        values: list[object] = [" ".join(rng.sample(filler, 3)) for _ in range(rng.randint(3, 7))]
        values += [rng.randint(0, 999), None, True]
        rng.shuffle(values)
        first, second = sorted(rng.sample(range(len(values)), 2))
        values[first], values[second] = "START", "END"
        body = {"message": {f"k{i}": value for i, value in enumerate(values[:4])}, "l": values[4:]}
        pad = " " * rng.randint(0, 40)
        raw = json.dumps(
            body,
            ensure_ascii=rng.random() < 0.5,
            separators=(f",{pad}", f":{pad}"),
            indent=rng.choice([None, 2]),
        )
        raw = raw.encode().decode("unicode_escape") if "\\u" in raw else raw  # as decoded first
        squeezed = compress(raw.encode()).decode()
        joined = _joined(body)
        assert squeezed.index("END") - squeezed.index("START") <= (
            joined.index("END") - joined.index("START")
        ), raw


def test_quick_check_and_full_scan_agree_on_a_pretty_printed_leak() -> None:
    body = json.dumps(
        {"recipient": {"id": "1"}, "message": {"text": "Your balance:", "x": "SAR 1,234.56"}},
        indent=8,
    )
    record = EgressRecord.make(
        "POST",
        "https://graph.facebook.com/v25.0/me/messages",
        {"content-type": "application/json"},
        body,
    )
    assert [f.category for f in Guard().scan(record)] == ["balance"]


_MIXED = (
    string.ascii_letters.translate(str.maketrans("", "", "OoIl"))  # (look-alikes: not folded)
    + string.digits
    + " -.,/\n"
    + "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"  # Arabic-Indic, Extended Arabic-Indic
    + "⁰¹²³⁴⁵⁶⁷⁸⁹०१२३४५６７８"  # superscripts, Devanagari, full-width
    + "رقم الحساب éàç«»’–\u200b\u00a0\u066b\u066c"
)


def test_digit_groups_are_the_digit_runs_of_the_normalised_text() -> None:
    """The canary join's cheap reading (bytes) gives exactly what the normaliser reads (but for
    look-alike letters and numbers in words, ``⁵K``, which the quick check never passes)."""
    from mockmessenger.boundary.normalize import digit_groups

    rng = random.Random(5)
    for _ in range(3_000):
        text = "".join(rng.choice(_MIXED) for _ in range(rng.randint(0, 60)))
        expected = re.findall(r"[0-9]+", normalize(text, words=False).text)
        assert digit_groups(text) == expected, text


def test_the_text_the_quick_check_judged_clean_holds_only_ascii_digits() -> None:
    """``Guard`` reads that text with ``digit_groups(text, ascii_digits=True)``."""
    pytest.importorskip("hyperscan")
    from mockmessenger.boundary.normalize import digit_groups
    from mockmessenger.boundary.quick import QuickCheck

    quick = QuickCheck(Guard().policy, use_hyperscan=True)
    texts = ["مرحبا، فرعنا رقم ١٢ يفتح ٩:٠٠", "Étage ²", "कक्ष १२", "Room ３", "plain 12 and 7"]
    judged = 0
    for text in texts:
        for ensure_ascii in (True, False):
            body = json.dumps({"message": {"text": text}}, ensure_ascii=ensure_ascii)
            record = EgressRecord.make(
                "POST", "https://graph.facebook.com/v25.0/me/messages", {}, body
            )
            clean, seen = quick.clean(record, record.host)
            if clean:
                judged += 1
                assert digit_groups(seen, ascii_digits=True) == digit_groups(seen), text
                body_groups = digit_groups(text)  # (the URL's "v25.0" comes first)
                assert (
                    digit_groups(seen)[len(digit_groups(seen)) - len(body_groups) :] == body_groups
                )
    assert judged >= 4

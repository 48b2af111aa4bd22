"""The quick whole-request check may only ever say "clean" about requests the full scan finds clean."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pytest

from mockmessenger.boundary import Guard, Policy
from mockmessenger.boundary.quick import QuickCheck
from mockmessenger.records import EgressRecord

sys.path.insert(0, str(Path(__file__).parent))
from test_corpus_precision_recall import CORPUS, load_corpus, to_record

GRAPH = "https://graph.facebook.com/v25.0/me/messages"


@pytest.mark.parametrize("use_hyperscan", [True, False], ids=["hyperscan", "pure-python"])
def test_quick_check_never_passes_a_record_with_findings(use_hyperscan: bool) -> None:
    if use_hyperscan:
        pytest.importorskip("hyperscan")
    policy = Policy.load(CORPUS / "policy.yaml")
    quick = QuickCheck(policy, use_hyperscan)
    full = Guard(policy, use_hyperscan=use_hyperscan)
    passed = 0
    for index, item in enumerate(load_corpus()):
        if item["thread"]:
            continue  # the guard turns the quick check off while a thread holds number fragments
        record = to_record(item, index)
        clean, _ = quick.clean(record, record.host)
        if clean:
            passed += 1
            full.reset()
            assert not item["expected"], item["id"]
            assert full.scan(record) == [], item["id"]
    assert passed > 0


def test_clean_chatter_takes_the_quick_path_and_leaks_do_not() -> None:
    pytest.importorskip("hyperscan")
    quick = QuickCheck(Policy.default(), use_hyperscan=True)
    assert quick.engine == "hyperscan"

    def clean(text: str, thread: str | None = None) -> bool:
        body = json.dumps(
            {"recipient": {"id": "24012345678901234"}, "message": {"text": text}},
            ensure_ascii=False,
        )
        record = EgressRecord.make(
            "POST", GRAPH, {"content-type": "application/json"}, body, thread=thread
        )
        return quick.clean(record, record.host)[0]

    assert clean("Hi Sara! How can I help you today?")
    assert clean("Our branch opens at 9:00 and closes at 17:30.")
    assert clean("مرحبا! فرعنا يفتح الساعة التاسعة")
    assert clean("Your balance is 5")  # no currency, no decimals: not an amount the guard reads
    assert clean("Balance\u00a0and transfers: tap below. Order 1234567")
    assert not clean("Your balance is 5.00")
    assert not clean("Your balance is SAR 5")
    assert not clean("رصيدك ٥ ريال")  # digits of another script
    assert not clean("رصيدك ٥٫٠٠")
    assert not clean("password: hunter")
    assert clean("card\u00a041111111")  # eight digits are no card on their own...
    assert not clean("card\u00a041111111", thread="psid-1")  # ...but may be half of one
    # (grouped as an amount may be, "4111 1111" near a card word may be a card payment: the
    # judge reads amounts more loosely than the detector, and lets the full scan decide)
    assert not clean("NDExMTExMTExMTExMTExMQ==")  # base64 of a card number, no digit in sight
    assert not clean("%DB%B4%DB%B1")  # URL-escaped Extended Arabic-Indic digits
    assert not clean("4O11 l111 1I11 111l")


def test_quick_path_keeps_the_destination_and_unscannable_findings() -> None:
    guard = Guard()
    outside = EgressRecord.make(
        "POST", "https://analytics.example.com/e", {"content-type": "application/json"}, "{}"
    )
    assert [f.category for f in guard.scan(outside)] == ["destination"]
    gzip_claim = EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json", "content-encoding": "gzip"}, b"not gzip"
    )
    assert [f.category for f in guard.scan(gzip_claim)] == ["unscannable"]


def test_without_hyperscan_installed_the_guard_falls_back_to_python(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "hyperscan", None)  # import hyperscan -> ImportError
    guard = Guard()
    assert guard.engine == "re"
    body = json.dumps(
        {"recipient": {"id": "24012345678901234"}, "message": {"text": "card 4111 1111 1111 1111"}}
    )
    record = EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)
    assert [f.category for f in guard.scan(record)] == ["card_number"]
    with pytest.raises(ImportError):
        Guard(use_hyperscan=True)


def test_compiled_database_is_cached_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hyperscan = pytest.importorskip("hyperscan")
    from mockmessenger.boundary import quick

    monkeypatch.setenv("MOCKMESSENGER_CACHE", str(tmp_path / "cache"))
    database, _, _ = quick._database()
    quick._store_cached(hyperscan, "k1", database)
    assert (tmp_path / "cache" / "quick-k1.hsdb").is_file()
    loaded = quick._load_cached(hyperscan, "k1")
    assert loaded is not None
    hits: list[int] = []
    loaded.scan(
        b"SSN 123-45-6789",
        match_event_handler=lambda i, *_: hits.append(i),
        scratch=hyperscan.Scratch(loaded),
    )
    assert hits
    (tmp_path / "cache" / "quick-k2.hsdb").write_bytes(b"not a database")
    assert quick._load_cached(hyperscan, "k2") is None
    assert quick._load_cached(hyperscan, "missing") is None


def test_quick_path_changes_no_finding_on_mixed_chatter() -> None:
    """Differential: the same messages with and without the quick check give the same findings."""
    pytest.importorskip("hyperscan")
    import random

    rng = random.Random(7)
    words = ["balance", "رصيد", "solde", "card", "بطاقة", "account", "حساب", "PIN", "code", "fee", "order", "SAR", "€",
             "ref", "IBAN", "swift", "hello", "مرحبا", "transfer", "expiry", "cvv", "password:", "ending", "session="]  # fmt: skip
    numbers = ["4111 1111 1111 1111", "1234", "12.50", "2026-09-04", "021000021", "SA0380000000608010167519", "١٢٣٤",
               "7856669422", "123-45-6789", "5500000000000004", "RJHISARI", "Summer2024!", "08/27", "482913", "3.5%"]  # fmt: skip
    fast = Guard(use_hyperscan=True)
    slow = Guard(use_hyperscan=True)
    slow._quick.clean = lambda *args: (False, None)  # type: ignore[method-assign]
    compared = 0
    for index in range(400):
        parts = [rng.choice(words + numbers) for _ in range(rng.randint(1, 8))]
        message: dict = {"text": " ".join(parts)}
        if rng.random() < 0.4:
            message["quick_replies"] = [
                {
                    "content_type": "text",
                    "title": rng.choice(words + numbers),
                    "payload": rng.choice(numbers),
                }
            ]
        body = json.dumps(
            {"recipient": {"id": "24012345678901234"}, "message": message}, ensure_ascii=False
        )
        record = EgressRecord.make(
            "POST", GRAPH, {"content-type": "application/json"}, body, index=index
        )
        assert [f.to_dict() for f in fast.scan(record)] == [
            f.to_dict() for f in slow.scan(record)
        ], body
        compared += 1
    assert compared == 400


def test_a_database_compiled_anew_replaces_the_older_ones_of_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("hyperscan")
    from mockmessenger.boundary.quick import engine

    monkeypatch.setenv("MOCKMESSENGER_CACHE", str(tmp_path))
    monkeypatch.setattr(engine, "_DATABASES", {})
    (tmp_path / "quick-words-oldversion.hsdb").write_bytes(b"stale")
    (tmp_path / "quick-shapes-other.hsdb").write_bytes(b"another database's")
    engine.words_database()
    names = sorted(p.name for p in tmp_path.glob("quick-*.hsdb"))
    assert "quick-words-oldversion.hsdb" not in names
    assert "quick-shapes-other.hsdb" in names
    assert [n for n in names if n.startswith("quick-words-")]


def _assert_never_passed_and_found(use_hyperscan: bool, text: str, expected: list[str]) -> None:
    """``text`` in a Send API message: the quick check does not pass it when it holds a leak,
    and the guard finds exactly ``expected``."""
    if use_hyperscan:
        pytest.importorskip("hyperscan")
    body = json.dumps({"recipient": {"id": "1"}, "message": {"text": text}}, ensure_ascii=False)
    record = EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)
    if expected:
        assert not QuickCheck(Policy.default(), use_hyperscan).clean(record, record.host)[0]
    assert [f.category for f in Guard(use_hyperscan=use_hyperscan).scan(record)] == expected


@pytest.mark.parametrize("use_hyperscan", [True, False], ids=["hyperscan", "pure-python"])
@pytest.mark.parametrize(
    "digits", ["⁰¹²³⁴⁵⁶⁷⁸⁹", "０１２３４５６７８９", "०१२३४५६७८९", "٠١٢٣٤٥٦٧٨٩"]
)
def test_digits_of_any_script_the_normaliser_reads_are_never_passed(
    use_hyperscan: bool, digits: str
) -> None:
    """Superscript digits are no ``\\d`` to Python, but the normaliser reads them as digits."""
    card = "4111 1111 1111 1111".translate(str.maketrans("0123456789", digits))
    _assert_never_passed_and_found(use_hyperscan, f"card {card}", ["card_number"])


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else c for c in text)


def _bold(text: str) -> str:
    return "".join(chr(0x1D400 + ord(c) - 65) if "A" <= c <= "Z" else c for c in text)


@pytest.mark.parametrize("use_hyperscan", [True, False], ids=["hyperscan", "pure-python"])
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("IBAN " + _fullwidth("SA") + "03 8000 0000 6080 1016 7519", "iban"),
        ("IBAN " + _bold("SA") + "03 8000 0000 6080 1016 7519", "iban"),
        (_fullwidth("SWIFT DEUTDEFF"), "swift_bic"),
        ("SWIFT: " + _fullwidth("DEUTDEFF"), "swift_bic"),
        ("IBAN ЅА03 8000 0000 6080 1016 7519", "iban"),  # Cyrillic S and A
        ("IBAN ΑΕ07 0331 2345 6789 0123 456", "iban"),  # Greek A and E
        ("SWIFT: DЕUТDЕFF", "swift_bic"),  # Cyrillic E and T
    ],
)
def test_latin_letters_in_disguise_are_read_quick_check_on_and_off(
    use_hyperscan: bool, text: str, category: str
) -> None:
    """Full-width, mathematical, Cyrillic or Greek letters that look Latin spell an IBAN's
    country code or a BIC all the same."""
    _assert_never_passed_and_found(use_hyperscan, text, [category])


_CARD = "4539578763621486"
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("use_hyperscan", [True, False], ids=["hyperscan", "pure-python"])
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("card " + "".join(d + "\u0332" for d in _CARD), "card_number"),  # underlined
        ("card " + "".join(d + "\u0336" for d in _CARD), "card_number"),  # struck through
        ("card " + "".join(d + "\ufe0f\u20e3" for d in _CARD), "card_number"),  # keycap emoji
        ("card " + "".join(d + "\ufe0e" for d in _CARD), "card_number"),  # variation selector
        ("بطاقتك " + "ـ".join(_CARD).translate(_ARABIC_INDIC), "card_number"),  # tatweel
        ("IBAN SA03ـ8000ـ0000ـ6080ـ1016ـ7519", "iban"),
        ("رَصِيدُكَ ١٢٬٣٤٥٫٦٧ ر.س", "balance"),  # harakat in the context word
        ("رصـــيدك ١٢٬٣٤٥٫٦٧ ر.س", "balance"),  # tatweel in the context word
    ],
    ids=[
        "underline",
        "strike",
        "keycap",
        "vs15",
        "tatweel-digits",
        "tatweel-iban",
        "harakat",
        "tatweel-word",
    ],
)
def test_marks_and_tatweel_hide_nothing_quick_check_on_and_off(
    use_hyperscan: bool, text: str, category: str
) -> None:
    """Combining marks, variation selectors and the tatweel add nothing to read: a card drawn
    as keycap emoji or underlined digits, a balance word with its vowels written, are found."""
    _assert_never_passed_and_found(use_hyperscan, text, [category])


@pytest.mark.parametrize("use_hyperscan", [True, False], ids=["hyperscan", "pure-python"])
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("ﺭﺻﻴﺪﻙ ١٢٬٣٤٥٫٦٧ ر.س", "balance"),  # Arabic presentation forms
        ("ﻛﻠﻤﺔ ﺍﻟﻤﺮﻭﺭ: Summer2024!", "credential"),
        ("كلمة المرور الخاصة بك هي Summer2024!", "credential"),  # two words between
        ("Your new password: Tr0ub4dor&3", "credential"),
    ],
    ids=["presentation-balance", "presentation-password", "password-arabic", "password-new"],
)
def test_arabic_presentation_forms_and_passwords_a_few_words_on(
    use_hyperscan: bool, text: str, category: str
) -> None:
    _assert_never_passed_and_found(use_hyperscan, text, [category])


@pytest.mark.parametrize(
    "text", ["Password is required", "The password you entered is incorrect", "password reset"]
)
def test_a_password_word_without_a_value_is_no_finding(text: str) -> None:
    message = {"recipient": {"id": "1"}, "message": {"text": text}}
    record = EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, json.dumps(message)
    )
    assert Guard().scan(record) == []


@pytest.mark.parametrize("use_hyperscan", [True, False], ids=["hyperscan", "pure-python"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Your OTP is 482 913", ["credential"]),
        ("Your OTP is 482-913", ["credential"]),
        ("Your OTP: 48 29 13", ["credential"]),
        ("رمز التحقق 4829 1357", ["credential"]),
        ("OTP sent to 050 123 4567", []),
        ("Use promo code 2026 1234 at checkout", []),
    ],
)
def test_a_code_shown_in_groups_is_a_code(use_hyperscan: bool, text: str, expected: list) -> None:
    """OTPs are shown in groups (``482 913``); a phone number or a promo code is no code."""
    _assert_never_passed_and_found(use_hyperscan, text, expected)


def test_hyperscan_installed_but_unusable_warns_and_falls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A database hyperscan refuses to compile is a defect, not a missing package: the guard
    still works (the pure-Python quick check) but says so, rather than running slower unseen."""
    pytest.importorskip("hyperscan")
    from mockmessenger.boundary.quick import check

    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Pattern is too large.")

    monkeypatch.setattr(check, "HyperscanRisk", refuse)
    with pytest.warns(RuntimeWarning, match="Pattern is too large"):
        quick = QuickCheck(Policy.default())
    assert quick.engine == "re"
    with pytest.raises(RuntimeError):
        QuickCheck(Policy.default(), use_hyperscan=True)


def test_every_hyperscan_database_of_the_default_policy_compiles() -> None:
    """Hyperscan refuses patterns past a size it does not state ("Pattern length exceeds
    limit", "Pattern is too large"): more context words once cost the default guard its
    hyperscan engine, with only a warning. Every database must compile."""
    pytest.importorskip("hyperscan")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quick = QuickCheck(Policy.default())
    assert quick.engine == "hyperscan"

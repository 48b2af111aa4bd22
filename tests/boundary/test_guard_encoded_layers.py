"""Encoded layers a value may hide in, as tools write them, and their benign look-alikes.

Hex: with a ``0x`` prefix, of odd length (a stray digit before), glued to a word on either
side (``pan_``, ``card``: its ``d`` is a hex digit too), bytes joined by colons, spaces, dashes,
commas or prefixes (``34:31:32``, ``0x34, 0x31``, ``\\x34\\x31``), 16-bit words (``3431 3233``).
Base64: wrapped over lines (MIME's 76, PEM's 64, any width, ``\\r\\n``, each line padded on its
own), a second encoding glued into a run at any offset, nested deeper than before. A red team
found each missed; here each is found by the full scan and by both engines of the quick check,
and ids, hashes, UUIDs and image data stay clean.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import uuid

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from mockmessenger.boundary import Guard, Policy
from mockmessenger.boundary.decode import LAYER_BUDGET, LAYER_SLACK, open_layers
from mockmessenger.boundary.quick import QuickCheck
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"
PSID = "24012345678901234"
CARD = "4123456789012349"  # Visa, Luhn-valid
HEX = CARD.encode().hex()
ENGINES = [pytest.param(True, id="hyperscan"), pytest.param(False, id="pure-python")]
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _record(text: str, index: int = 0) -> EgressRecord:
    body = json.dumps({"recipient": {"id": PSID}, "message": {"text": text}})
    return EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body, index=index)


_GUARDS: dict[bool, tuple[QuickCheck, Guard, Guard]] = {}


def _guards(use_hyperscan: bool) -> tuple[QuickCheck, Guard, Guard]:
    """(the quick check, the guard, the guard with the quick check off): no memo."""
    if use_hyperscan:
        pytest.importorskip("hyperscan")
    if use_hyperscan not in _GUARDS:
        guard = Guard(use_hyperscan=use_hyperscan)
        guard.MEMO_SIZE = 0  # type: ignore[misc]
        full = Guard(use_hyperscan=use_hyperscan)
        full._quick.clean = lambda *args, **kwargs: (False, None)  # type: ignore[method-assign]
        full.MEMO_SIZE = 0  # type: ignore[misc]
        _GUARDS[use_hyperscan] = (QuickCheck(Policy.default(), use_hyperscan), guard, full)
    return _GUARDS[use_hyperscan]


def _categories(guard: Guard, record: EgressRecord) -> set[str]:
    guard.reset()
    return {finding.category for finding in guard.scan(record)}


def assert_found(use_hyperscan: bool, text: str, category: str = "card_number") -> None:
    quick, guard, full = _guards(use_hyperscan)
    record = _record(text)
    assert category in _categories(full, record), f"full scan misses {text!r}"
    assert not quick.clean(record, record.host)[0], f"quick check passes {text!r}"
    assert category in _categories(guard, record), f"guard misses {text!r}"


def assert_clean(use_hyperscan: bool, text: str) -> None:
    _, guard, full = _guards(use_hyperscan)
    record = _record(text)
    assert _categories(full, record) == set(), text
    assert _categories(guard, record) == set(), text


def _pairs(hex_digits: str, size: int = 2) -> list[str]:
    return [hex_digits[i : i + size] for i in range(0, len(hex_digits), size)]


# -- hex ----------------------------------------------------------------------------------------

HEX_FORMS = {
    "0x": "0x" + HEX,
    "0X upper": "0X" + HEX.upper(),
    "odd: a stray digit before": "f" + HEX,
    "odd: a stray digit after": HEX + "a",
    "a stray digit on either side": "f" + HEX + "a",
    "glued to pan_": "pan_" + HEX,
    "glued to card (d is hex)": "card" + HEX,
    "glued to hex letters before": "cafe" + HEX,
    "glued after": HEX + "_end",
    "in a sentence": f"ref 0x{HEX} thanks",
    "colons": ":".join(_pairs(HEX)),
    "colons upper": ":".join(_pairs(HEX.upper())),
    "spaces": " ".join(_pairs(HEX)),
    "dashes": "-".join(_pairs(HEX)),
    "commas": ", ".join(_pairs(HEX)),
    "C array": "{" + ", ".join("0x" + p for p in _pairs(HEX)) + "}",
    "0x spaced": " ".join("0x" + p for p in _pairs(HEX)),
    "backslash x": "".join("\\x" + p for p in _pairs(HEX)),
    "0x glued": "".join("0x" + p for p in _pairs(HEX)),
    "16-bit words": " ".join(_pairs(HEX, 4)),
    "hex dump lines": " ".join(_pairs(HEX)[:8]) + "\n" + " ".join(_pairs(HEX)[8:]),
    "card word then colons": "card: " + ":".join(_pairs(HEX)),
}


@pytest.mark.parametrize("text", list(HEX_FORMS.values()), ids=list(HEX_FORMS))
def test_hex_forms_are_opened(text: str) -> None:
    assert any(CARD in layer.text for layer in open_layers(text)), text


@pytest.mark.parametrize("use_hyperscan", ENGINES)
@pytest.mark.parametrize("text", list(HEX_FORMS.values()), ids=list(HEX_FORMS))
def test_hex_forms_are_found_by_both_engines(use_hyperscan: bool, text: str) -> None:
    assert_found(use_hyperscan, text)


# -- base64 -------------------------------------------------------------------------------------

MESSAGE = b"note: hello world note: hello world note: hello world card " + CARD.encode()


def wrapped(data: bytes, width: int, newline: str = "\n", urlsafe: bool = False) -> str:
    encoded = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(data).decode()
    return newline.join(encoded[i : i + width] for i in range(0, len(encoded), width))


def straddling(width: int) -> bytes:
    """:data:`MESSAGE` with words before, so that its card is cut by a line break once
    wrapped ``width`` characters a line (each line is ``width * 3 / 4`` bytes)."""
    per_line = width * 3 // 4
    card_at = len(MESSAGE) - len(CARD)
    pad = (per_line - 8 - card_at) % per_line
    return b"y" * pad + MESSAGE


def nested(data: bytes, depth: int) -> str:
    for _ in range(depth):
        data = base64.b64encode(data)
    return data.decode()


BASE64_FORMS = {
    "MIME 20": wrapped(MESSAGE, 20),
    "MIME 76": wrapped(straddling(76), 76),
    "PEM 64 CRLF": wrapped(straddling(64), 64, "\r\n"),
    "16 CR": wrapped(MESSAGE, 16, "\r"),
    "24 urlsafe": wrapped("بطاقة ".encode() + MESSAGE, 24, urlsafe=True),
    "indented lines": wrapped(MESSAGE, 20, "\n    "),
    "padding inside": "\n".join(
        base64.b64encode(MESSAGE[i : i + 16]).decode() for i in range(0, len(MESSAGE), 16)
    ),
    "concatenated": base64.b64encode(b"Hello there, your statement for the month")
    .decode()
    .rstrip("=")
    + base64.b64encode(b"x" + CARD.encode()).decode(),
    "concatenated urlsafe": base64.urlsafe_b64encode(b"statement summary for you")
    .decode()
    .rstrip("=")
    + base64.urlsafe_b64encode(b"card " + CARD.encode()).decode().rstrip("="),
    "nested 5": nested(CARD.encode(), 5),
    "nested 8": nested(b"card " + CARD.encode(), 8),
}


@pytest.mark.parametrize("text", list(BASE64_FORMS.values()), ids=list(BASE64_FORMS))
def test_base64_forms_are_opened(text: str) -> None:
    assert any(CARD in layer.text for layer in open_layers(text)), text


@pytest.mark.parametrize("use_hyperscan", ENGINES)
@pytest.mark.parametrize("text", list(BASE64_FORMS.values()), ids=list(BASE64_FORMS))
def test_base64_forms_are_found_by_both_engines(use_hyperscan: bool, text: str) -> None:
    assert_found(use_hyperscan, text)


@pytest.mark.parametrize("newline", ["\\n", "\\r\\n", "\\\\n", "\n", "\r\n", "\\n  ", "==\\n"])
def test_the_quick_check_reads_wrapped_base64_in_raw_requests(newline: str) -> None:
    """Raw JSON escapes its line breaks (twice inside JSON held in a string): the quick
    check's reading of wrapped blocks takes every form as a line break."""
    from mockmessenger.boundary.quick.confirm import opens_wrapped

    raw = json.dumps({"text": "x"})[:-2] + wrapped(straddling(20), 20, newline) + '"}'
    assert opens_wrapped(raw.encode())
    assert not opens_wrapped(json.dumps({"text": "internationalization\nexceptionally"}).encode())


# -- any card, at any offset, in any of these layers ------------------------------------------

#: (IIN prefix, length) of cards the guard claims without a context word.
CARD_KINDS = [("4", 16), ("51", 16), ("2221", 16), ("34", 15), ("6011", 16), ("4", 19)]


@st.composite
def cards(draw: st.DrawFn) -> str:
    prefix, length = draw(st.sampled_from(CARD_KINDS))
    body = draw(st.text("0123456789", min_size=length - len(prefix) - 1, max_size=length))
    body = body[: length - len(prefix) - 1]
    partial = prefix + body
    return partial + luhn.calc_check_digit(partial)


#: Words without the letters the normaliser reads as digits next to a number (``o``, ``l``):
#: the joined text puts a field's layers on lines after it, and a field that ends in ``l0``
#: makes ``o 4000...`` on the next line one number (a limit of the look-alike reading, not of
#: the layers).
_WORDS = st.text("abcdefghijkmnpqrstuvwxyz ", max_size=40).map(lambda w: w.strip())


@st.composite
def messages(draw: st.DrawFn) -> str:
    """A card between words, or alone: one the guard finds as it is (it leaves some numbers
    alone, ``4000000000000028`` among them)."""
    card = draw(cards())
    before, after = draw(_WORDS), draw(_WORDS)
    text = " ".join(part for part in (before, card, after) if part)
    assume("card_number" in _categories(_guards(False)[2], _record(text)))
    return text


HEX_JOINERS = [":", " ", "-", ", ", "0x", "\\x", " 0x", ",0x", "\n"]
HEX_GLUE = ["", "0x", "0X", "pan_", "id=", "f", "card", "ab", "=", "x"]


@SETTINGS
@given(
    message=messages(),
    glue=st.sampled_from(HEX_GLUE),
    tail=st.sampled_from(["", "a", "_x", " ok", "ff", "z"]),
    upper=st.booleans(),
    joined=st.one_of(st.none(), st.sampled_from(HEX_JOINERS)),
    use_hyperscan=st.booleans(),
)
def test_any_card_in_hex_is_found_by_both_engines(
    message: str,
    glue: str,
    tail: str,
    upper: bool,
    joined: str | None,
    use_hyperscan: bool,
) -> None:
    text = message
    digits = text.encode().hex()
    if upper:
        digits = digits.upper()
    if joined is None:
        encoded = glue + digits + tail
    elif joined.endswith(("0x", "\\x")):
        encoded = "".join(joined + pair for pair in _pairs(digits)).lstrip(" ,")
    else:
        encoded = joined.join(_pairs(digits))
    assert_found(use_hyperscan, encoded)


@SETTINGS
@given(
    message=messages(),
    offset=st.integers(0, 3),
    junk=st.sampled_from(["Q", "QQ", "ab1", "SGVsbG8gd29ybGQ", "aGk", "Zm9vYmFyYmF6cXV4"]),
    urlsafe=st.booleans(),
    width=st.one_of(st.none(), st.sampled_from([16, 20, 64, 76])),
    newline=st.sampled_from(["\n", "\r\n"]),
    use_hyperscan=st.booleans(),
)
def test_any_card_in_base64_is_found_at_any_offset_by_both_engines(
    message: str,
    offset: int,
    junk: str,
    urlsafe: bool,
    width: int | None,
    newline: str,
    use_hyperscan: bool,
) -> None:
    """A card's encoding glued after base64 characters (a shifted alignment, or a whole other
    encoding before it), or its encoding wrapped over lines."""
    text = message
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    if width is None:
        lead = junk[:offset] if offset else junk
        encoded = lead + encode(text.encode()).decode().rstrip("=")
    else:
        encoded = wrapped(text.encode(), width, newline, urlsafe)
    assert_found(use_hyperscan, encoded)


# -- what must stay clean -----------------------------------------------------------------------

_RANDOM = random.Random(7)


def _random_bytes(size: int) -> bytes:
    return bytes(_RANDOM.getrandbits(8) for _ in range(size))


BENIGN = {
    "sha256": hashlib.sha256(b"statement").hexdigest(),
    "SHA-1 upper, glued": "sha1:" + hashlib.sha1(b"x").hexdigest().upper(),
    "git sha": "fixed in 3f4e2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f",
    "uuid": str(uuid.UUID(int=0x123E4567E89B12D3A456426614174000)),
    "uuids": " ".join(str(uuid.UUID(bytes=_random_bytes(16))) for _ in range(4)),
    "mongo id": "order 64b7f0c2e13a4d5f6a7b8c9d shipped",
    "md5 in a url": "https://cdn.example/a/9e107d9d372bb6826bd81d3542a419d6.png?v=3",
    "tracking ids": "https://t.example/c?utm_id=5f1e2d3c4b5a69788796a5b4c3d2e1f0&sid=0x1f2e3d4c",
    "mac and fingerprint": "mac 00:1A:2B:3C:4D:5E key 43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66",
    "ssh fingerprint": "MD5:" + ":".join(_pairs(hashlib.md5(b"k").hexdigest())),
    "dates and times": "on 2024-11-30 12:30:45 and 2024-12-01 08:15:00, 10 20 30 40 50",
    "number groups": "Branch codes\n4123\t4567\t8901\t2349",
    "version list": "versions 10.20.30.40.50.60.70.80 released",
    "png base64": "data:image/png;base64,"
    + base64.b64encode(b"\x89PNG\r\n\x1a\n" + _random_bytes(600)).decode(),
    "png base64 wrapped": wrapped(b"\x89PNG\r\n\x1a\n" + _random_bytes(600), 76),
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEiLCJpYXQiOjE3MDAwMDAwMDB9."
    + base64.urlsafe_b64encode(_random_bytes(32)).decode().rstrip("="),
    "hex blob": _random_bytes(200).hex(),
    "hex blob joined": ":".join(_pairs(_random_bytes(64).hex())),
    "base64 lines of words": "Congratulations\nThankyouverymuch\nSeeyousoon",
}


@pytest.mark.parametrize("use_hyperscan", ENGINES)
@pytest.mark.parametrize("text", list(BENIGN.values()), ids=list(BENIGN))
def test_ids_hashes_and_image_data_stay_clean(use_hyperscan: bool, text: str) -> None:
    assert_clean(use_hyperscan, text)


# -- bounded work -------------------------------------------------------------------------------


def test_layers_decode_a_bounded_number_of_characters() -> None:
    """A text that reads several ways at each level (hex digits are base64 too), nested as
    deep as the openers go: what is decoded in all stays within the budget."""
    text = "x" * 64
    for _ in range(10):
        text = text.encode().hex()
    text = text[:200_000]
    decoded = sum(len(layer.text) for layer in open_layers(text))
    assert decoded <= LAYER_BUDGET * len(text) + LAYER_SLACK


def test_a_megabyte_of_joined_hex_or_wrapped_base64_takes_little_memory() -> None:
    import tracemalloc

    from mockmessenger.boundary.decode import open_hex, open_wrapped_base64

    joined = ":".join(["34"] * 350_000)
    lines = "\n".join([base64.b64encode(os.urandom(57)).decode()] * 13_000)
    for opener, text in ((open_hex, joined), (open_wrapped_base64, lines)):
        tracemalloc.start()
        try:
            opener(text)
            peak = tracemalloc.get_traced_memory()[1] >> 20
        finally:
            tracemalloc.stop()
        assert peak < 40, f"{peak} MB for {opener.__name__}"


def test_a_wrapped_binary_attachment_is_not_read_whole_as_text() -> None:
    """A megabyte of base64 lines is one run once joined; its junk bytes have digits here and
    there, and reading all of it as text cost minutes: only what is around a number is kept."""
    from mockmessenger.boundary.decode import open_wrapped_base64

    text = wrapped(_random_bytes(300_000), 76)
    assert sum(len(found) for found in open_wrapped_base64(text)) < len(text) // 50
    hidden = wrapped(_random_bytes(3_000) + b" card " + CARD.encode() + _random_bytes(900), 76)
    assert any(CARD in found for found in open_wrapped_base64(hidden))

"""Normalisation (scripts, invisible characters, look-alikes) and opening encoded layers."""

from __future__ import annotations

import base64
import gzip
import zlib

import pytest

from mockmessenger.boundary.decode import Undecodable, decode_content, open_layers
from mockmessenger.boundary.normalize import compact, digits_only, normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("٤١١١ ١١١١", "4111 1111"),  # Arabic-Indic
        ("۴۱۱۱", "4111"),  # Extended Arabic-Indic
        ("４１１１", "4111"),  # full-width
        ("४१११", "4111"),  # Devanagari
        ("4\u200b1\u200c1\u200d1\u2060", "4111"),  # zero-width characters
        ("\u200f4111\u2066 2222\u2069", "4111 2222"),  # bidi controls
        ("4111\u00a01111\u202f1111", "4111 1111 1111"),  # NBSP, narrow NBSP
        ("4111\u20131111\u22121111", "4111-1111-1111"),  # en dash, minus sign
        ("١٢٬٣٤٥٫٦٧", "12,345.67"),  # Arabic thousands and decimal separators
    ],
)
def test_digits_of_every_script_and_separators(text: str, expected: str) -> None:
    assert normalize(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＳＡ０３ ８０００", "SA03 8000"),  # full-width letters and digits
        ("𝐒𝐀03 𝐃𝐄𝐔𝐓𝐃𝐄𝐅𝐅", "SA03 DEUTDEFF"),  # mathematical bold
        ("ⓈⒶ03", "SA03"),  # circled
        ("ЅА03 DЕUТDЕFF", "SA03 DEUTDEFF"),  # Cyrillic letters drawn as Latin ones
        ("ΑΕ07", "AE07"),  # Greek
        ("IBAN رقم", "IBAN رقم"),  # Arabic letters are no Latin letter in disguise
        ("Société Générale", "Société Générale"),  # nor are accented letters
    ],
)
def test_compatibility_forms_of_latin_letters_are_read_as_the_letter(
    text: str, expected: str
) -> None:
    assert normalize(text).text == expected


def test_every_compatibility_form_of_a_latin_letter_is_in_the_table() -> None:
    """The table looks in a few Unicode blocks only (quick to build): none may be missing."""
    import sys
    import unicodedata

    from mockmessenger.boundary.normalize import translation_table

    table = translation_table()
    for code in range(0x80, min(sys.maxunicode + 1, 0x20000)):
        char = chr(code)
        if unicodedata.decomposition(char).startswith("<"):
            folded = unicodedata.normalize("NFKC", char)
            if len(folded) == 1 and folded.isascii() and folded.isalpha():
                assert table.get(code) == folded, hex(code)


def test_every_character_with_a_digit_value_is_read_as_that_digit() -> None:
    """Decimal digits of every script and the digits that are no decimal digit (superscripts,
    circled, negative circled, parenthesised, full-stop, dingbat digits): every character in
    all of Unicode with a single-digit value, one for one."""
    import sys
    import unicodedata

    from mockmessenger.boundary.normalize import translation_table

    table = translation_table()
    folded = 0
    for code in range(0x80, sys.maxunicode + 1):
        value = unicodedata.digit(chr(code), None)
        if value is not None:
            assert table.get(code) == str(value), hex(code)
            folded += 1
    assert folded > 700
    assert all(value is None or len(value) == 1 for value in table.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("④①②③④⑤⑥⑦⑧⑨⓪①②③④⑨", "4123456789012349"),  # circled
        ("❹❶❷❸", "4123"),  # negative circled (dingbats)
        ("➃➀➁➂", "4123"),  # sans-serif circled (dingbats)
        ("⑷⑴⑵⑶", "4123"),  # parenthesised
        ("⒋⒈⒉⒊", "4123"),  # digit full stop
        ("⁴¹²³ ₄₁₂₃", "4123 4123"),  # superscript and subscript
        ("🄅🄂🄃🄄", "4123"),  # digit comma
        ("⑩ ⓫", "⑩ ⓫"),  # numbers of two digits have no single digit value: left as they are
    ],
)
def test_digit_forms_are_read_as_digits(text: str, expected: str) -> None:
    assert normalize(text).text == expected


def test_every_mark_and_format_character_is_removed() -> None:
    """Combining marks (underline, keycap, harakat) and format controls (bidi, zero-width,
    tags) have nothing to read: all of them are removed, in every block (the list is built
    skipping the CJK and Hangul syllable blocks, which hold none)."""
    import sys
    import unicodedata

    from mockmessenger.boundary.normalize import translation_table

    table = translation_table()
    for code in range(0x80, sys.maxunicode + 1):
        if unicodedata.category(chr(code)) in ("Cf", "Mn", "Me"):
            assert code in table and table[code] is None, hex(code)
    assert table[ord("ـ")] is None  # the tatweel stretches, it does not separate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("رَصِيدُكَ", "رصيدك"),
        ("رصـــيدك", "رصيدك"),
        ("٤١١١ـ١١١١", "41111111"),
        ("4\ufe0f\u20e31\ufe0f\u20e3", "41"),
        ("4\u03321\u0332", "41"),
        ("Société", "Société"),  # precomposed letters stay
    ],
)
def test_marks_and_tatweel_are_removed(text: str, expected: str) -> None:
    result = normalize(text)
    assert result.text == expected
    assert result.to_original(0, len(result.text))[1] <= len(text)


def test_look_alikes_fold_only_inside_digit_runs() -> None:
    assert normalize("4O11 l111 1I11 111l").text == "4011 1111 1111 1111"
    assert normalize("Hello World, I love Oslo").text == "Hello World, I love Oslo"
    assert normalize("ROOM 101").text == "ROOM 101"


def test_spans_map_back_to_the_original() -> None:
    original = "card: ٤\u200b١\u200b١\u200b١ end"
    result = normalize(original)
    start = result.text.index("4111")
    mapped = result.to_original(start, start + 4)
    assert original[mapped[0] : mapped[1]] == "٤\u200b١\u200b١\u200b١"


def test_digits_only_and_compact() -> None:
    assert digits_only("٤١-١١ x") == "4111"
    assert compact("sa03 8000-0000") == "SA0380000000"


def layers(text: str) -> dict[str, str]:
    return {layer.encoding: layer.text for layer in open_layers(text)}


def test_nested_url_encoding() -> None:
    found = layers("card%25204111%2520end")
    assert found["url>url"] == "card 4111 end"


def test_base64_and_base64url_and_alignment_inside_a_blob() -> None:
    assert (
        layers(base64.b64encode(b"card 4111111111111111").decode())["base64"]
        == "card 4111111111111111"
    )
    urlsafe = base64.urlsafe_b64encode("بطاقة 4111111111111111".encode()).decode().rstrip("=")
    assert "4111111111111111" in layers(urlsafe)["base64"]
    for junk in ("Q", "QQ", "QQQ"):  # base64 characters glued in front shift the alignment
        blob = junk + base64.b64encode(b"value=4111111111111111").decode()
        assert any("4111111111111111" in text for text in layers(blob).values()), junk


def test_hex_json_escapes_and_html_entities() -> None:
    assert layers("card 34313131313131313131313131313131")["hex"] == "4111111111111111"
    assert layers("\\u0034\\u0031\\u0031\\u0031 rest")["json_escape"] == "4111 rest"
    assert layers("&#52;&#x31;11 &amp; more")["html"] == "4111 & more"


def test_identifiers_are_not_opened_as_base64() -> None:
    assert layers("persistent_menu_postback_PAYLOAD") == {}
    assert layers("FREEZE_CARD_NUMBER_ONE") == {}


def test_content_codings() -> None:
    body = b'{"text":"hello"}'
    assert decode_content(gzip.compress(body), "gzip") == body
    assert decode_content(gzip.compress(body), None) == body  # gzip magic without a header
    assert decode_content(zlib.compress(body), "deflate") == body
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert decode_content(raw.compress(body) + raw.flush(), "deflate") == body
    with pytest.raises(Undecodable, match="corrupt gzip"):
        decode_content(b"\x1f\x8b\x08\x00nonsense", "gzip")
    with pytest.raises(Undecodable, match="unsupported"):
        decode_content(body, "br")


def test_the_canary_matchers_fold_is_the_normalisers_for_letters_and_digits() -> None:
    """Every character the table replaces by an ASCII letter or digit is folded by the matcher
    (its quick regexes look in the digit category and the letter-form blocks only)."""
    from mockmessenger.boundary.matcher import _fold
    from mockmessenger.boundary.normalize import alphanumeric_codes, translation_table

    table = translation_table()
    for code in alphanumeric_codes():
        assert _fold(f"x{chr(code)}y") == f"x{table[code]}y", hex(code)

"""Opening encoded layers: what a bot may wrap a value in before it leaves.

Each opener takes a string and returns the decoded string(s) it found, or nothing.
:func:`open_layers` applies them recursively (bounded depth) and yields every
decoded text with the chain of encodings that led to it (``"base64>url"``: first
base64 was opened, then URL encoding inside it). Body-level content codings
(gzip, deflate) are opened by :func:`decode_content`.
"""

from __future__ import annotations

import binascii
import html
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, unquote_plus

#: Layers inside layers (base64 of base64 of ...). Every opener shrinks its text, and
#: :data:`LAYER_BUDGET` bounds the work however a text branches.
MAX_DEPTH = 8
MIN_BASE64 = 12
MIN_HEX = 16
#: The most characters :func:`open_layers` decodes from one text, as a multiple of its length
#: (plus :data:`LAYER_SLACK`): each layer is shorter than its text, but one text may be read
#: several ways (a hex run is base64 too) and each reading opened again.
LAYER_BUDGET = 8
LAYER_SLACK = 4096

_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9A-Fa-f]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)")
_JSON_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})")
_BASE64_RUN = re.compile(rf"[A-Za-z0-9+/_\-]{{{MIN_BASE64},}}={{0,2}}")
#: A maximal run of hex digits (possessive, and never started inside a run: ``re`` then keeps
#: no state per digit, and a megabyte of hex is read once). Glued to a word (``pan_``, ``0x``,
#: ``card``: its last letters may be hex digits too) or of odd length, it is read at both
#: alignments (:func:`open_hex`).
_HEX_RUN = re.compile(rf"(?<![0-9A-Fa-f])[0-9A-Fa-f]{{{MIN_HEX},}}+")
#: A prefix naming one hex byte or word: ``0x34``, ``\\x34``.
HEX_PREFIX = r"(?:0[xX]|\\[xX])"
#: One unit of hex joined to others: a byte or a 16-bit word (``34``, ``3431``), maybe prefixed.
_HEX_UNIT = rf"(?:{HEX_PREFIX}?[0-9A-Fa-f]{{2}}(?:[0-9A-Fa-f]{{2}})?)"
#: What joins two units: punctuation (spaces or tabs around it), or whitespace (a hex dump's
#: spaces and line breaks), or nothing before a prefixed unit (``\\x34\\x31``).
HEX_SEPARATOR = r"(?:[ \t]{0,2}[:\-,.;|][ \t]{0,2}|[ \t\r\n]{1,4})"
#: Hex bytes or words joined by separators or prefixes (``34:31:32``, ``0x34, 0x31``,
#: ``\\x34\\x31``, ``3431 3233``): at least :data:`MIN_HEX_UNITS` units (possessive: ``re``
#: keeps no state per unit; a unit is at most four digits, so a start that fails fails soon).
#: No unit glued to more letters or digits (a UUID's ``123e4567-e89b-...`` is no such list):
#: not the first (unless prefixed), and a last one so glued is left out.
MIN_HEX_UNITS = 4
_HEX_JOINED = re.compile(
    rf"(?:(?<![0-9A-Za-z])|(?={HEX_PREFIX}))"
    rf"(?:{_HEX_UNIT}(?:{HEX_SEPARATOR}|(?={HEX_PREFIX}))){{{MIN_HEX_UNITS - 1},}}+"
    rf"(?:{_HEX_UNIT}(?![0-9A-Za-z]))?"
)
_NOT_HEX = re.compile(rf"{HEX_PREFIX}|[^0-9A-Fa-f]")

#: One search tells whether any opener could apply to a string at all.
HINT = re.compile(
    "|".join(
        p.pattern
        for p in (_PERCENT, _ENTITY, _JSON_ESCAPE, re.compile(rf"[A-Za-z0-9+/_\-]{{{MIN_BASE64}}}"))
    )
)


@dataclass(frozen=True)
class Layer:
    """A decoded text and the encodings opened to reach it."""

    encoding: str
    text: str


class Undecodable(ValueError):
    """A body that claims an encoding we cannot open (corrupt gzip, unknown coding)."""


_SPACES = frozenset(" \t\r\n\u00a0\u202f\u2009")


def _score(text: str) -> float:
    """How much a decoded text looks like text: share of letters, digits, spaces and common punctuation."""
    visible = [c for c in text if unicodedata.category(c) != "Cf"]
    if not visible:
        return 0.0
    good = sum(1 for c in visible if c.isalnum() or c in _SPACES or c in ".,-:/@'\"{}[]_=&%#*+")
    return good / len(visible)


def _printable_ratio(text: str) -> float:
    if not text:
        return 0.0
    good = sum(
        1 for c in text if c.isprintable() or c in _SPACES or unicodedata.category(c) == "Cf"
    )
    return good / len(text)


def mostly_decodable(text: str) -> bool:
    """At most one character in four undecodable (``text`` decoded with ``errors="replace"``)."""
    return text.count("\ufffd") * 4 <= len(text)


def _as_text(data: bytes) -> str | None:
    """Bytes as text when they plausibly are text (mostly printable UTF-8)."""
    if len(data) < 3:
        return None
    text = data.decode("utf-8", errors="replace")
    if not mostly_decodable(text):
        return None
    if _printable_ratio(text.replace("\ufffd", "")) < 0.85:
        return None
    if _score(text) < 0.7:
        return None
    return text


#: A URL's query (from its ``?`` to whitespace or a fragment): form encoding, where ``+`` is a
#: space (``?card=5512+3456+7890+1231``).
_QUERY = re.compile(r"(\?[^\s#]*)")


def open_url(text: str) -> list[str]:
    """Percent-encoding undone, and in a URL's query ``+`` read as the space it stands for."""
    plus = "+" in text and "?" in text
    if not (plus or _PERCENT.search(text)):
        return []
    if plus:
        parts = _QUERY.split(text)  # odd indexes: the queries
        decoded = "".join(
            unquote_plus(part, errors="replace") if index % 2 else unquote(part, errors="replace")
            for index, part in enumerate(parts)
        )
    else:
        decoded = unquote(text, errors="replace")
    return [decoded] if decoded != text else []


def open_entities(text: str) -> list[str]:
    if "&" not in text or not _ENTITY.search(text):
        return []
    decoded = html.unescape(text)
    return [decoded] if decoded != text else []


def open_json_escapes(text: str) -> list[str]:
    if "\\u" not in text:
        return []
    decoded = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return [decoded] if decoded != text else []


_URLSAFE = str.maketrans("-_", "+/")
_HAS_DIGIT = re.compile(r"[0-9]")


_PADDED_CHUNK = re.compile(r"[^=]+=+")


def _b64_decode(run: str) -> bytes | None:
    """One base64 or base64url run (no padding needed), straight to ``binascii``; padding
    inside it (lines or pieces encoded one by one, then joined) ends a piece."""
    core = run.rstrip("=")
    if "=" in core:
        pieces = [*_PADDED_CHUNK.findall(core), core[core.rindex("=") + 1 :]]
        decoded = [_b64_decode(piece) for piece in pieces]
        return None if None in decoded else b"".join(decoded)  # type: ignore[arg-type]
    return _b64_decode_one(core)


def _b64_decode_one(core: str) -> bytes | None:
    """One piece of base64 without padding."""
    urlsafe = "-" in core or "_" in core
    if urlsafe:
        if "+" in core or "/" in core:
            return None
        core = core.translate(_URLSAFE)
    if len(core) % 4 == 1:
        core = core[:-1]
    try:
        return binascii.a2b_base64(core + "=" * (-len(core) % 4), strict_mode=True)
    except (binascii.Error, ValueError):
        return None


def could_be_base64(run: str) -> bool:
    """Cheap refusals: identifiers and constants (``FREEZE_CARD_1``, ``persistent_menu``) are not base64.

    Base64 of text nearly always mixes lower case with upper case or digits (ASCII only: case
    tests on the whole string run in C).
    """
    if run.upper() == run:  # no lower case (digits only, or capitals)
        return False
    return run.lower() != run or _HAS_DIGIT.search(run) is not None


def open_base64(text: str) -> list[str]:
    """Decode base64/base64url runs, at every alignment (a value inside a blob depends on its
    offset), and blocks of base64 wrapped over lines (MIME, PEM) as one run."""
    found: list[str] = []
    for match in _BASE64_RUN.finditer(text):
        run = match.group(0)
        if could_be_base64(run):
            _open_run(run, found)
    if "\n" in text or "\r" in text:
        found += open_wrapped_base64(text)
    return found


def _open_run(run: str, found: list[str], whole_junk: bool = True) -> None:
    """One run's readings: its best alignment that decodes to text, and the readable part of
    every other alignment holding a number (two encodings glued together: the second one
    starts at any offset of the run, and only its own alignment reads it).

    ``whole_junk``: when no alignment is text, the first one's readable part whole if it has
    digits enough (:func:`_salvage`), as a lone run always was; a wrapped block (a megabyte
    attachment, maybe) keeps only what is around its numbers."""
    datas = [_b64_decode(run[shift:]) for shift in range(4)]
    best: tuple[float, str, int] | None = None
    for shift, data in enumerate(datas):
        decoded = _as_text(data) if data is not None else None
        if decoded is not None:
            score = _score(decoded)
            if best is None or score > best[0]:
                best = (score, decoded, shift)
    if best is not None:
        found.append(best[1])
    elif datas[0] is not None and whole_junk:
        salvaged = _salvage(datas[0])
        if salvaged is not None:
            found.append(salvaged)
            best = (0.0, salvaged, 0)
    for shift, data in enumerate(datas):
        if data is None or (best is not None and shift == best[2]):
            continue
        salvaged = _salvage(data, dense=True)
        if salvaged is not None:
            found.append(salvaged)


#: Base64 wrapped over lines (MIME: 76 characters a line, PEM: 64; each line may be padded on
#: its own): lines of at least :data:`MIN_BASE64` characters, then one more line. Possessive,
#: and not started inside a run: each run is tried once.
_WRAPPED = re.compile(
    rf"(?<![A-Za-z0-9+/_\-])(?:[A-Za-z0-9+/_\-]{{{MIN_BASE64},}}+={{0,2}}[ \t]*(?:\r\n|\n|\r)[ \t]*)++"
    r"[A-Za-z0-9+/_\-]*={0,2}"
)
_WRAP_SPACE = re.compile(r"\s+")


def open_wrapped_base64(text: str) -> list[str]:
    """Blocks of base64 lines, each read as one run once its line breaks are gone."""
    found: list[str] = []
    for match in _WRAPPED.finditer(text):
        lines = match.group(0).split()
        if len(lines) < 2:
            continue
        if len(lines[-1]) < 2:
            lines.pop()
            if len(lines) < 2:
                continue
        run = "".join(lines)
        if could_be_base64(run):
            _open_run(run, found, whole_junk=False)
    return found


_DIGIT = re.compile(r"\d")
#: Digits a blob's readable part must hold for :func:`_salvage` to keep it.
SALVAGE_DIGITS = 6
#: A number in a readable part: that many digits, at most one separator or junk byte between
#: two (random bytes hold one about once in a hundred million places).
_DENSE_DIGITS = re.compile(rf"\d(?:[ .,\-/_':]?\d){{{SALVAGE_DIGITS - 1}}}")


def may_salvage(text: str) -> bool:
    """Enough digits in a blob's text (decoded with ``errors="replace"``) for :func:`_salvage`
    to keep its readable part: the readable part keeps only digits the text has."""
    return len(_DIGIT.findall(text)) >= SALVAGE_DIGITS


def _salvage(data: bytes, dense: bool = False) -> str | None:
    """Keep the readable part of a blob whose first bytes are garbage (a value after binary junk).

    ``dense``: only when the readable part holds a number (:data:`_DENSE_DIGITS`), not just
    digits here and there (a reading at the wrong alignment, or hex of something else).
    """
    text = data.decode("utf-8", errors="replace")
    if not may_salvage(text):
        return None  # (one C pass, not the loop below)
    if dense:
        return _numbers_in(text)
    readable = _readable(text)
    if sum(c.isdigit() for c in readable) >= SALVAGE_DIGITS:
        return readable
    return None


def _readable(text: str) -> str:
    """Unreadable characters as spaces, format characters gone."""
    return "".join(
        c
        if (c.isprintable() and c != "\ufffd")
        else ("" if unicodedata.category(c) == "Cf" else " ")
        for c in text
    )


#: Where a number may be in junk (more than :data:`_DENSE_DIGITS` takes: format characters
#: between digits go before it is asked), and the readable text kept on either side of one.
_NUMBER_HINT = re.compile(rf"\d(?:\D{{0,3}}\d){{{SALVAGE_DIGITS - 1}}}")
NUMBER_CONTEXT = 64


def _numbers_in(text: str) -> str | None:
    """The readable text around each number in junk (:data:`NUMBER_CONTEXT` characters on
    either side), lines apart: not the whole junk (a megabyte blob would be read as text)."""
    spans: list[list[int]] = []
    for match in _NUMBER_HINT.finditer(text):
        start, end = max(0, match.start() - NUMBER_CONTEXT), match.end() + NUMBER_CONTEXT
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    windows = [_readable(text[start:end]) for start, end in spans]
    kept = [window for window in windows if _DENSE_DIGITS.search(window)]
    return "\n".join(kept) if kept else None


def open_hex(text: str) -> list[str]:
    """Hex runs (glued to words or not, any length: read at both alignments) and hex bytes
    joined by separators or prefixes (``34:31:32``, ``0x34 0x31``, ``\\x34\\x31``)."""
    found: list[str] = []
    for match in _HEX_RUN.finditer(text):
        run = match.group(0)
        # a stray digit or a word's last letters glued on (either side): both alignments
        if len(run) % 2:
            _open_hex_digits(run[1:], found, exact=True)
            _open_hex_digits(run[:-1], found, exact=True)
        else:
            _open_hex_digits(run, found, exact=False)
            _open_hex_digits(run[1:-1], found, exact=True)
    if may_join_hex(text):
        for match in _HEX_JOINED.finditer(text):
            digits = _NOT_HEX.sub("", match.group(0))
            if len(digits) >= MIN_HEX:
                _open_hex_digits(digits, found, exact=True)
    return found


def _open_hex_digits(digits: str, found: list[str], exact: bool) -> None:
    """An even run of hex digits as text, or the readable part of its bytes when they hold a
    number (a value after a word's hex letters: ``cafe`` glued before).

    ``exact``: text only when every byte is text (:func:`_exact_text`). A run of odd length
    and joined bytes are read so: a long decimal number is an odd hex run one time in two
    (``tracking 7559...242``), and number groups are joined ``hex`` (``4123 4567 8901 2349``);
    their bytes are text once in a while, junk mostly, and hex of text has no junk.
    """
    if len(digits) < MIN_HEX:
        return
    data = bytes.fromhex(digits)
    decoded = _exact_text(data) if exact else _as_text(data)
    decoded = decoded or _salvage(data, dense=True)
    if decoded is not None:
        found.append(decoded)


def _exact_text(data: bytes) -> str | None:
    """Bytes as text when they are valid UTF-8, every character printable or a space, and
    text-like (:func:`_score`)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text.isprintable() and any(
        not (c.isprintable() or c in _SPACES or unicodedata.category(c) == "Cf") for c in text
    ):
        return None
    return text if _score(text) >= 0.7 else None


#: Two units of joined hex: what :data:`_HEX_JOINED` needs first (one search, in C). The first
#: unit's prefix is left out: optional, a match with it holds one without it (and ``re`` no
#: longer tries the prefix at every position).
_HEX_JOIN_HINT = re.compile(
    rf"[0-9A-Fa-f]{{2}}(?:[0-9A-Fa-f]{{2}})?(?:{HEX_SEPARATOR}{HEX_PREFIX}?|{HEX_PREFIX})[0-9A-Fa-f]{{2}}"
)


def may_join_hex(text: str) -> bool:
    return _HEX_JOIN_HINT.search(text) is not None


OPENERS = (
    ("url", open_url),
    ("html", open_entities),
    ("json_escape", open_json_escapes),
    ("base64", open_base64),
    ("hex", open_hex),
)


_RUN = re.compile(rf"[A-Za-z0-9+/_\-]{{{MIN_BASE64},}}")


def _applicable(text: str) -> list[tuple[str, Callable[[str], list[str]]]]:
    """The openers worth trying on ``text``, from cheap tests (most strings need none)."""
    wanted = []
    if "%" in text or ("+" in text and "?" in text):
        wanted.append(OPENERS[0])
    if "&" in text:
        wanted.append(OPENERS[1])
    if "\\u" in text:
        wanted.append(OPENERS[2])
    runs = _RUN.findall(text)
    if runs and (
        any(could_be_base64(run) for run in runs)
        or "\n" in text
        or "\r" in text  # maybe wrapped over lines
    ):
        wanted.append(OPENERS[3])
    if (runs and _HEX16.search(text)) or may_join_hex(text):
        wanted.append(OPENERS[4])
    return wanted


_HEX16 = re.compile(rf"[0-9A-Fa-f]{{{MIN_HEX}}}")
#: Every opener needs one of these: ``%``, ``&``, ``\\u``, a ``+`` in a URL's query, a run
#: long enough for base64 or hex, or two units of joined hex.
_QUERY_PLUS = re.compile(r"\?[^\s#]*\+")
_LONG_RUN = re.compile(rf"[A-Za-z0-9+/_\-]{{{MIN_BASE64}}}")


def may_hold_layers(text: str) -> bool:
    """False when no opener could apply (most strings of a message): substring tests, then
    two searches (one alternation of all five tried them at every position: slower)."""
    if "%" in text or "&" in text or "\\u" in text:
        return True
    if "+" in text and "?" in text and _QUERY_PLUS.search(text) is not None:
        return True
    return _LONG_RUN.search(text) is not None or _HEX_JOIN_HINT.search(text) is not None


def open_layers(
    text: str, depth: int = MAX_DEPTH, chain: str = "", budget: list[int] | None = None
) -> Iterator[Layer]:
    """Every decoded text reachable from ``text`` (not ``text`` itself), bounded in depth and
    in the characters decoded in all (:data:`LAYER_BUDGET`)."""
    if depth <= 0:
        return
    openers = _applicable(text)
    if not openers:
        return
    if budget is None:
        budget = [LAYER_BUDGET * len(text) + LAYER_SLACK]
    seen: set[str] = {text}
    for name, opener in openers:
        for decoded in opener(text):
            if decoded in seen:
                continue
            seen.add(decoded)
            budget[0] -= len(decoded)
            if budget[0] < 0:
                return
            encoding = f"{chain}>{name}" if chain else name
            yield Layer(encoding, decoded)
            yield from open_layers(decoded, depth - 1, encoding, budget)


#: The most a compressed body may expand to. The Graph API takes nothing near it (attachments
#: stop at 25 MB); past it a body is a decompression bomb, reported unscannable, not opened.
MAX_DECODED = 32 * 1024 * 1024


def decode_content(body: bytes, content_encoding: str | None) -> bytes:
    """Undo HTTP content codings (gzip, deflate, identity); gzip magic is recognised without a header."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    if not codings and body[:2] == b"\x1f\x8b":
        codings = ["gzip"]
    for coding in reversed(codings):
        if coding in ("identity", ""):
            continue
        try:
            if coding in ("gzip", "x-gzip"):
                body = _inflate(body, 16 + zlib.MAX_WBITS, coding)
            elif coding == "deflate":
                try:
                    body = _inflate(body, zlib.MAX_WBITS, coding)
                except zlib.error:
                    body = _inflate(body, -zlib.MAX_WBITS, coding)
            else:
                raise Undecodable(f"unsupported content coding {coding!r}")
        except zlib.error as exc:
            raise Undecodable(f"corrupt {coding} body: {exc}") from exc
    return body


def _inflate(body: bytes, wbits: int, coding: str) -> bytes:
    """One coding undone, never past :data:`MAX_DECODED` (the rest is not even inflated)."""
    inflater = zlib.decompressobj(wbits)
    data = inflater.decompress(body, MAX_DECODED + 1)
    if len(data) > MAX_DECODED:
        raise Undecodable(f"{coding} body expands past {MAX_DECODED >> 20} MiB: not opened")
    data += inflater.flush()
    if not inflater.eof:
        raise zlib.error("incomplete or truncated stream")
    return data

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

MAX_DEPTH = 4
MIN_BASE64 = 12
MIN_HEX = 16

_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9A-Fa-f]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)")
_JSON_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})")
_BASE64_RUN = re.compile(rf"[A-Za-z0-9+/_\-]{{{MIN_BASE64},}}={{0,2}}")
#: Possessive: with no hex digit allowed on either side, giving back pairs never helps, and
#: ``re`` then keeps no state per pair (a megabyte of hex would take hundreds of megabytes).
_HEX_RUN = re.compile(rf"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{{2}}){{{MIN_HEX // 2},}}+(?![0-9A-Fa-f])")

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


def _b64_decode(run: str) -> bytes | None:
    """One base64 or base64url run (no padding needed), straight to ``binascii``."""
    core = run.rstrip("=")
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
    """Decode base64/base64url runs, at every alignment (a value inside a blob depends on its offset)."""
    found: list[str] = []
    for match in _BASE64_RUN.finditer(text):
        run = match.group(0)
        if not could_be_base64(run):
            continue
        best: tuple[float, str] | None = None
        for shift in range(4):
            data = _b64_decode(run[shift:])
            decoded = _as_text(data) if data is not None else None
            if decoded is not None and (best is None or _score(decoded) > best[0]):
                best = (_score(decoded), decoded)
        if best is None:
            data = _b64_decode(run)
            salvaged = _salvage(data) if data is not None else None
            if salvaged is not None:
                found.append(salvaged)
        else:
            found.append(best[1])
    return found


_DIGIT = re.compile(r"\d")
#: Digits a blob's readable part must hold for :func:`_salvage` to keep it.
SALVAGE_DIGITS = 6


def may_salvage(text: str) -> bool:
    """Enough digits in a blob's text (decoded with ``errors="replace"``) for :func:`_salvage`
    to keep its readable part: the readable part keeps only digits the text has."""
    return len(_DIGIT.findall(text)) >= SALVAGE_DIGITS


def _salvage(data: bytes) -> str | None:
    """Keep the readable part of a blob whose first bytes are garbage (a value after binary junk)."""
    text = data.decode("utf-8", errors="replace")
    if not may_salvage(text):
        return None  # (one C pass, not the loop below)
    readable = "".join(
        c
        if (c.isprintable() and c != "\ufffd")
        else ("" if unicodedata.category(c) == "Cf" else " ")
        for c in text
    )
    if sum(c.isdigit() for c in readable) >= SALVAGE_DIGITS:
        return readable
    return None


def open_hex(text: str) -> list[str]:
    found: list[str] = []
    for match in _HEX_RUN.finditer(text):
        try:
            data = bytes.fromhex(match.group(0))
        except ValueError:
            continue
        decoded = _as_text(data)
        if decoded is not None:
            found.append(decoded)
    return found


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
    if runs:
        if any(could_be_base64(run) for run in runs):
            wanted.append(OPENERS[3])
        if any(len(run) >= MIN_HEX and _HEX_ONLY.fullmatch(run) for run in runs):
            wanted.append(OPENERS[4])
    return wanted


_HEX_ONLY = re.compile(r"[0-9A-Fa-f]+")
#: Every opener needs one of these: ``%``, ``&``, ``\\u``, a ``+`` in a URL's query or a run
#: long enough for base64 or hex.
_ANY_LAYER = re.compile(rf"[%&]|\\u|\?[^\s#]*\+|[A-Za-z0-9+/_\-]{{{MIN_BASE64}}}")


def may_hold_layers(text: str) -> bool:
    """False when no opener could apply (one regex search; most strings of a message)."""
    return _ANY_LAYER.search(text) is not None


def open_layers(text: str, depth: int = MAX_DEPTH, chain: str = "") -> Iterator[Layer]:
    """Every decoded text reachable from ``text`` (not ``text`` itself), depth-bounded."""
    if depth <= 0:
        return
    openers = _applicable(text)
    if not openers:
        return
    seen: set[str] = {text}
    for name, opener in openers:
        for decoded in opener(text):
            if decoded in seen:
                continue
            seen.add(decoded)
            encoding = f"{chain}>{name}" if chain else name
            yield Layer(encoding, decoded)
            yield from open_layers(decoded, depth - 1, encoding)


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

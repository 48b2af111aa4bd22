"""Closer looks, in Python, at shapes the shapes database found: the guard's own validators.

Each answers "could the full scan report something here?" and may only say no when it could not.
"""

from __future__ import annotations

import re

from ..decode import (
    _b64_decode,
    could_be_base64,
    may_salvage,
    mostly_decodable,
    open_base64,
    open_wrapped_base64,
)
from ..detectors import card_number, iban, transaction
from ..detectors.card_number import is_card_number
from ..detectors.national_id import BY_LENGTH
from ..normalize import CARD_SHAPED, MASK_RUN_HINTS, fold_mask_runs
from ..scanner import _MASK

SEPARATOR_BYTES = b" .,-/_'"
_GROUPS = re.compile(rb"[0-9]+")
#: The tokenizer's number tokens of 13 digits or more (every one a validator could want).
_DIGIT_RUN = re.compile(rb"[0-9](?:[ .,\-/_']{0,3}[0-9]){12,}+")  # possessive: see scanner.NUM
#: Digit groups split by what the tokenizer's wide reading takes (``patterns.WIDE_GAP``).
_WIDE_RUN = re.compile(rb"[0-9](?:(?:[ .,\-/_'\t\r\n:;|+~]|\\+[nrt]){0,24}[0-9]){11,}+")
#: Such a run that the tokenizer reads as one number token of 12 digits (``scanner.NUM``): a
#: card only with a card word near (``card_number.detect``), which the judge's ``card12`` rule
#: asks; no part of it is 12 digits long.
_ONE_TOKEN_OF_12 = re.compile(rb"[0-9](?:[ .,\-/_']{0,3}[0-9]){11}")
#: A country code and check digits (or look-alike letters) where a token may start (after a
#: non-alphanumeric, or after the letter of a ``\\n``-style escape).
_IBAN_HEAD = re.compile(
    rb"(?:(?<=\\[a-z])|(?<![A-Za-z0-9]))([A-Za-z]{2})"
    rb"(?:[0-9]{2}|[0-9][OoIl|]|[OoIl|][0-9]|[OoIl|]{2}[ .\-]?[0-9])"
)
#: At most 34 positions on either side of the mask (a token has no more): unbounded, a long run
#: of digits and spaces is read again from every position (quadratic in a long message).
_MASKED = re.compile(
    f"(?:[0-9{_MASK}][ .\\-]?){{0,34}}[{_MASK}]{{2}}(?:[ .\\-]?[0-9{_MASK}]){{0,34}}".encode()
)
_MASK_POSITIONS = re.compile(f"[0-9{_MASK}]".encode())
_ONE_MASKED = re.compile(f"(?:[0-9][ .\\-]?){{0,34}}[{_MASK}](?:[ .\\-]?[0-9]){{0,34}}".encode())
#: As the normaliser's look-alike runs, where ``\\n`` before a run is a line break.
_LOOKALIKE_RUN = re.compile(
    rb"(?:(?<=\\[a-z])|(?<![A-Za-z0-9]))[0-9OoIl|](?:[ .\-]?[0-9OoIl|])+(?![A-Za-z])"
)
_CARD_SHAPED = re.compile(CARD_SHAPED.encode())
_BASE64_RUN = re.compile(rb"[A-Za-z0-9+/_\-]{12,}={0,2}")


def plausible(run: bytes) -> bool:
    """Could a detector that needs no context word claim this digit run (or a run of its groups)?

    Cards (Luhn, issuer, length), Emirates IDs, Egyptian ids and French NIRs; every weaker
    number needs a context word (a rule). A whole 12-digit card needs a card word (a rule too).
    """
    if len(run.translate(None, SEPARATOR_BYTES)) <= card_number.MIN_DIGITS:
        return False
    groups = [g.decode() for g in _GROUPS.findall(run)]
    digits = "".join(groups)
    length = len(digits)
    if card_number.MIN_DIGITS < length <= card_number.MAX_DIGITS and is_card_number(digits):
        return True
    if any(  # the national ids found without a context word
        valid(digits) for _, valid, needs_context in BY_LENGTH.get(length, ()) if not needs_context
    ):
        return True
    if len(groups) < 2 or any(len(g) < 3 for g in groups):
        return False
    return _card_in(groups)


#: As Guard._fragment, or more: three digits or more (the first three say it; matching the
#: rest of a megabyte-long run would keep state per digit), not after what marks a number as no
#: fragment (its ASCII characters: the others are several bytes here) or an ASCII letter (a
#: letter after a backslash is an escape: a line break in the joined text).
_NOT_AFTER = re.escape("".join(c for c in card_number.NOT_A_FRAGMENT_AFTER if c.isascii()))
_FRAGMENT = re.compile(
    f"(?:(?<=\\\\[a-z])|(?<![{_NOT_AFTER}A-Za-z0-9]))[0-9](?:[ \\-]{{0,3}}[0-9]){{2}}".encode()
)


def any_fragment(data: bytes) -> bool:
    """A number the guard would remember in a thread (half of a split value, maybe)?"""
    return _FRAGMENT.search(data) is not None


#: The signs a label ends with (``transaction.HEADING_MARKS``), UTF-8 encoded.
_SIGNS = tuple(mark.encode() for mark in transaction.HEADING_MARKS)
#: A string that ends with a heading's sign (``Votre solde :``, ``Your balance 👇``), as
#: ``labels.label_of`` reads a message's text, or more: a sign's last byte, then white space
#: (escaped or not) or the bytes of non-ASCII characters that are no letter of a Latin or
#: Arabic script (more signs, the emoji selector, skin tones: ``HEADING_TAIL``) to the string's
#: closing quote. A class of last bytes first: Python's ``re`` skips ahead to one of them fast
#: (a pattern opening with an alternation of the signs was tried at every byte, 20 times
#: slower); :func:`any_label_end` asks for the whole sign.
_LABEL_END = re.compile(
    b"["
    + re.escape(bytes({sign[-1] for sign in _SIGNS}))
    + b'](?:[ \\t\\r\\n:\\x80-\\xbf\\xe2\\xef\\xf0]|\\\\+[nrt])*\\\\*"'
)
_SPACE_BYTES = frozenset(b" \t\r\n")
_ESCAPED = frozenset(b"nrt")


def any_label_end(data: bytes) -> bool:
    """A string ending with a label's sign: in a thread, a label the guard would remember for
    the next message (``Guard._label_then_amount``)? Not a JSON key's colon: a sign after
    white space (escaped or not) and a quote (``"text": "``) ends no label, unless the quote
    is escaped (``Your \\"balance\\":``). (The pure-Python check's: hyperscan reads
    ``patterns.label_end_pattern``.)"""
    if b'\\"' not in data:
        # every quote is JSON's: a key's colon follows it (a pretty printer's space between
        # them is read as a label: more, never less)
        return _LABEL_END.search(data.replace(b'":', b'"')) is not None
    for match in _LABEL_END.finditer(data):
        end = match.start() + 1
        sign = next((s for s in _SIGNS if data.endswith(s, 0, end)), None)
        if sign is None:
            continue
        i = end - len(sign)
        while i:  # back over white space, raw or escaped (``\\n``, ``\\\\n``)
            byte = data[i - 1]
            if byte in _SPACE_BYTES:
                i -= 1
            elif byte in _ESCAPED and i >= 2 and data[i - 2] == 0x5C:
                i -= 2
                while i and data[i - 1] == 0x5C:
                    i -= 1
            else:
                break
        if i and (data[i - 1] != 0x22 or (i >= 2 and data[i - 2] == 0x5C)):
            return True
    return False


def any_plausible_run(data: bytes) -> bool:
    """A run plausible as it is, or (after what may be a letter of any script: an ASCII letter
    or any non-ASCII character) without its first group, as the guard reads a number glued to
    a letter when the whole is nothing (``Guard._without_glued_group``: ``x1 4111 1111 ...``);
    or digit groups split by line breaks, tabs or wide spaces holding a card (a run the tokenizer
    reads as one 12-digit token is the ``card12`` rule's: its whole is all a card could be)."""
    for match in _DIGIT_RUN.finditer(data):
        run = match.group(0)
        if plausible(run):
            return True
        start = match.start()
        if start and (data[start - 1] >= 0x80 or chr(data[start - 1]).isalpha()):
            rest = run[len(_GROUPS.match(run).group(0)) :].lstrip(SEPARATOR_BYTES)
            if rest and plausible(rest):
                return True
    return any(
        card_in_groups(match.group(0))
        for match in _WIDE_RUN.finditer(data)
        if not _ONE_TOKEN_OF_12.fullmatch(match.group(0))
    )


def card_in_groups(run: bytes) -> bool:
    """Is any run of consecutive digit groups a card number (12 digits or more: a 12-digit
    card counts with a card word near)? What the tokenizer's wide reading (digit groups split
    by line breaks, tabs, spaces) can hold, whatever its first and last group."""
    return _card_in([g.decode() for g in _GROUPS.findall(run)])


def _card_in(groups: list[str]) -> bool:
    """Is a run of consecutive ``groups`` a card number (Luhn, issuer, length)?"""
    for first in range(len(groups)):
        joined = ""
        for last in range(first, len(groups)):
            joined += groups[last]
            if len(joined) > card_number.MAX_DIGITS:
                break
            if is_card_number(joined):
                return True
    return False


#: A country code in capitals ending a field (a string, or a URL or header line), maybe with
#: white space or other symbols after it (more than the guard's ``splits._BARE_CODE``).
_BARE_CODE = re.compile(
    rb'(?:(?<=\\[a-z])|(?<![A-Za-z0-9]))([A-Z]{2})(?:[^A-Za-z0-9"\\\n]|\\+[nrt])*\\*(?:"|\n)'
)
_DIGIT = re.compile(rb"[0-9]")


def any_iban(data: bytes, threaded: bool = False) -> bool:
    """The start of an IBAN anywhere: a country code with check digits, not inside a word, or
    a country code alone ending a field (``SA`` in one field, the rest in the next).

    Not only a whole valid IBAN: the guard joins an IBAN's pieces across fields and messages
    (:mod:`..splits`), so a head alone is reason enough to look closer (a code alone when a
    digit follows it, or in a thread: the rest may come in the next message).
    """
    lengths = iban.country_lengths()
    return any(
        m.group(1).upper().decode() in lengths for m in _IBAN_HEAD.finditer(data)
    ) or any_bare_code(data, threaded)


def any_bare_code(data: bytes, threaded: bool) -> bool:
    """A country code alone ending a field, and a digit after it or a thread to go on in."""
    lengths = iban.country_lengths()
    return any(
        m.group(1).decode() in lengths and (threaded or _DIGIT.search(data, m.end()))
        for m in _BARE_CODE.finditer(data)
    )


def any_masked_number(data: bytes) -> bool:
    """A run the tokenizer could read as a masked number (six or more digit or mask positions),
    or a number with one mask symbol that could hide a card (13 positions or more), once mask
    runs are read as the normaliser reads them (``____`` as ``****``)?"""
    if any(hint.encode() in data for hint in MASK_RUN_HINTS):
        data = fold_mask_runs(data.decode("utf-8", errors="replace")).encode("utf-8")
    if any(len(_MASK_POSITIONS.findall(m.group(0))) >= 6 for m in _MASKED.finditer(data)):
        return True
    return any(len(_MASK_POSITIONS.findall(m.group(0))) >= 13 for m in _ONE_MASKED.finditer(data))


def folds_lookalikes(data: bytes) -> bool:
    """True when the normaliser would turn look-alike letters in ``data`` into digits."""
    for match in _LOOKALIKE_RUN.finditer(data):
        run = match.group(0)
        digits = sum(1 for c in run if 48 <= c <= 57)
        letters = len(run) - run.count(b" ") - run.count(b"-") - run.count(b".")
        if digits < letters and (
            (digits >= 4 and digits >= (letters * 2) // 3)
            or (digits and _CARD_SHAPED.fullmatch(run))
        ):
            return True
    return False


def opens_base64(data: bytes) -> bool:
    """Would the guard's base64 opener decode a run here into text (``decode.open_base64``)?

    Asked only of runs that could be base64 at all (identifiers and constants are refused
    cheaply); a run right after a ``\\n``-style escape is also asked without its first letter.
    """
    for match in _BASE64_RUN.finditer(data):
        run = match.group(0).decode("ascii")
        if not could_be_base64(run):
            continue
        runs = [run]
        if match.start() > 0 and data[match.start() - 1] == 0x5C:
            runs.append(run[1:])
        if any(_may_decode(candidate) and open_base64(candidate) for candidate in runs):
            return True
    return False


#: A line break or a tab escaped once, or more (in JSON held in a string), or any one escape.
_ESCAPED_BREAK = re.compile(rb"\\+([nrt])")
_ESCAPE = re.compile(rb"\\(.)")
_BREAKS = {b"n": b"\n", b"r": b"\r", b"t": b"\t"}
_LINE_END = re.compile(rb"[A-Za-z0-9+/_\-]{12}={0,2}(?:[ \t]|\\+t)*(?:[\r\n]|\\+[nr])")


def opens_wrapped(data: bytes) -> bool:
    """Would the guard open base64 wrapped over lines here (``decode.open_wrapped_base64``)?

    Read twice: with JSON's escapes undone once (as the guard reads a field: an escaped
    backslash before ``n`` is a backslash and a letter of the run), and with every escaped
    line break a line break (as it reads JSON held in a string, escaped twice).
    """
    if _LINE_END.search(data) is None:
        return False
    once = _ESCAPE.sub(lambda m: _BREAKS.get(m.group(1), m.group(1)), data)
    every = _ESCAPED_BREAK.sub(lambda m: _BREAKS[m.group(1)], data)
    return any(
        open_wrapped_base64(text.decode("utf-8", errors="replace")) for text in (once, every)
    )


def _may_decode(run: str) -> bool:
    """A necessary condition for ``open_base64(run)`` to open anything, in C-speed steps.

    The opener keeps a decoding (at one of four alignments) of three bytes or more that is
    mostly decodable (``decode._as_text``), or salvages a blob with enough digits
    (``decode._salvage``, at any alignment). Most runs (URL paths, identifiers) decode to
    neither.
    """
    for shift in range(4):
        decoded = _b64_decode(run[shift:])
        if decoded is None:
            continue
        text = decoded.decode("utf-8", errors="replace")
        if (len(decoded) >= 3 and mostly_decodable(text)) or may_salvage(text):
            return True
    return False

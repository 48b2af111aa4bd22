"""The exact judgement of context words near numbers, in Python, for the few requests whose
window patterns matched.

Positions are in the raw request; a distance is bounded by what the joined text can hold
between the two places: :meth:`Judge.lower` (JSON structure, whitespace, escapes and UTF-8
continuation bytes do not count; exempt fields are subtracted) and :meth:`Judge.upper`
(raw text is never shorter than joined text, except around JSON inside a string).
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any

from ..detectors import (
    CODE_WORDS,
    amounts,
    card_cvv,
    card_expiry,
    card_number,
    credential,
    swift_bic,
)
from ..detectors.base import DATE
from ..detectors.card_number import is_card_number
from ..detectors.context import EARNED, LABEL_REACH, OWN_AMOUNT, TRANSACTION_DONE
from ..normalize import translation_table
from .confirm import SEPARATOR_BYTES
from .patterns import LITERALS
from .rules import GROUP_RULES, RIVALS, RULES, ContextRule

_NUMBER = re.compile(rb"[0-9](?:[ .,\-/_']{0,3}[0-9])*+")  # possessive: see scanner.NUM
_BIC = re.compile(rb"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_ALNUM_RUN = re.compile(rb"[A-Za-z0-9]+")
#: Digit groups the guard's wide reading may join (``scanner.WIDE``), with what JSON puts
#: between fields and escapes (``\\n``): wider than the guard's, never narrower.
_WIDE = re.compile(rb'[0-9]+(?:(?:[ \t\r\n.\-:;|+~,"\[\]{}]|\\+[nrt]){1,24}[0-9]+)+')
_DIGIT_RUNS = re.compile(rb"[0-9]+")
_AMOUNT_SHAPE = re.compile(rb"[.,][0-9]{2}|[0-9][,. ][0-9]{3}")
EMBEDDED = re.compile(rb'"[\[{](?:[^"\\]|\\.)*+"')
#: What never counts in the joined text's distances: JSON structure, whitespace, escapes'
#: backslashes, and UTF-8 continuation bytes (a character counts once).
_GAP_BYTES = b' \t\r\n"\\:,[]{}'
_NOT_COUNTED = _GAP_BYTES + bytes(range(0x80, 0xC0))
#: The amount reader's own tests for a currency right before or after a number, on bytes.
_CURRENCY_BEFORE = re.compile(amounts.CURRENCY_BEFORE_LOOSE.pattern.encode(), re.IGNORECASE)
_CURRENCY_AFTER = re.compile(amounts.CURRENCY_AFTER_LOOSE.pattern.encode(), re.IGNORECASE)
#: A JSON escape (``\\n``, ``\\u200b``): white space or an invisible character in the joined text.
_ESCAPE = re.compile(rb"\\(?:u[0-9A-Fa-f]{4}|[bfnrt])")
_EXPIRY = card_expiry._EXPIRY
_YEAR = card_expiry._YEAR
#: A month's name somewhere just before a year (wider than ``card_expiry.MONTH_BEFORE``: escapes
#: and JSON may stand between them here).
_MONTH_NEAR = re.compile(rf"(?:{card_expiry._MONTHS})|{card_expiry._ARABIC_MONTHS}", re.IGNORECASE)
_DATE = re.compile(DATE.pattern.encode())


@functools.cache
def _owning_last_word() -> re.Pattern[str]:
    """The last word of every phrase saying an amount is the customer's (:data:`OWN_AMOUNT`,
    :data:`TRANSACTION_DONE`, :data:`EARNED`), anywhere: never narrower than the phrases."""
    last = {
        phrase.split()[-1].lower()
        for words in (OWN_AMOUNT, TRANSACTION_DONE, EARNED)
        for phrase in (*words.latin, *words.arabic)
    }
    return re.compile("|".join(map(re.escape, sorted(last, key=len, reverse=True))), re.I)


#: A phrase's last word may reach back over a fee word (``remaining credit limit``).
_LONGEST_LAST_WORD = 48


#: What may end a line in the joined text: a field's end, a line break, an escaped one.
_MAY_BREAK_LABEL = re.compile(rb'[\n\r"\\]')
#: What may be a digit once read: an ASCII digit, or any non-ASCII character (other scripts'
#: digits, digit forms).
_MAY_BE_DIGIT = re.compile(rb"[0-9]|[^\x00-\x7f]")


#: A digit (the judge reads text whose other scripts' digits were translated: a request with
#: any goes through the normaliser's table before the windows are asked).
_ASCII_DIGIT = re.compile(rb"[0-9]")
#: A space inside a number run: two numbers for the guard, perhaps.
_SPACE_IN_NUMBER = re.compile(rb"\s")


@functools.cache
def _may_end_sentence() -> re.Pattern[bytes]:
    """What may end a sentence in the joined text (``amounts._SENTENCE_BREAK``), in raw bytes:
    a dot before anything but a digit (a field's end is a line break there), a character that
    ends one (``amounts.SENTENCE_ENDS``), or one the normaliser turns into either (``٫ ． ·``)."""
    ends = {*amounts.SENTENCE_ENDS}
    ends.update(
        chr(code)
        for code, value in translation_table().items()
        if code > 127 and value in (".", *amounts.SENTENCE_ENDS)
    )
    alternatives = b"|".join(re.escape(c.encode("utf-8")) for c in sorted(ends))
    return re.compile(rb"\.(?![0-9])|" + alternatives)


@functools.cache
def _exempt_field(key: bytes) -> re.Pattern[bytes]:
    """An exempt key and its value in raw JSON."""
    return re.compile(re.escape(key) + rb'\s*:\s*("(?:[^"\\]|\\.)*+"|[^,}\]\s]*)')


class Judge:
    """Answers "is a context word near a number its detector reads?" for one request, exactly
    enough: distances are bounds of the joined text's, shapes are the detectors' own tests.

    ``words`` (given to :meth:`risky`) and ``rivals`` are (group or rival index, start, end)
    of every match in the raw bytes.
    """

    def __init__(
        self,
        data: bytes,
        currency: bool,
        decoded: bool,
        exempt: tuple[bytes, ...],
        rivals: list[tuple[int, int, int]],
    ):
        self.data = data
        self.currency = currency
        self.decoded = decoded
        self._rivals = rivals
        self._numbers: list[tuple[int, int, bytes, int]] | None = None
        self._bics: list[tuple[int, int, bytes]] | None = None
        self._wide: list[tuple[int, int, bytes, int]] | None = None
        self._embedded: list[tuple[int, int]] | None = None
        self._exempt_keys = exempt
        self._exempt: list[tuple[int, int]] | None = None
        self._readable: dict[tuple[str, int, int, int], bool] = {}

    # -- candidates ---------------------------------------------------------------------------

    def numbers(self) -> list[tuple[int, int, bytes, int]]:
        if self._numbers is None:
            self._numbers = [
                (m.start(), m.end(), m.group(0), len(m.group(0).translate(None, SEPARATOR_BYTES)))
                for m in _NUMBER.finditer(self.data)
            ]
        return self._numbers

    def wide_numbers(self) -> list[tuple[int, int, bytes, int]]:
        """Digit groups split by line breaks, tabs, wide spaces or JSON (``scanner.WIDE``)."""
        if self._wide is None:
            self._wide = [
                (m.start(), m.end(), m.group(0), sum(map(len, _DIGIT_RUNS.findall(m.group(0)))))
                for m in _WIDE.finditer(self.data)
            ]
        return self._wide

    def any_case_bics(self) -> list[tuple[int, int, bytes]]:
        """Runs of 8 or 11 letters and digits, the letter of an escape before them left out
        (``\\nrjhisari``)."""
        data, found = self.data, []
        for match in _ALNUM_RUN.finditer(data):
            start, end = match.span()
            if start > 0 and data[start - 1] == 0x5C and end - start > 1:
                start += 1
            if end - start in (8, 11) and not data[start : start + 1].isdigit():
                found.append((start, end, data[start:end]))
        return found

    def bics(self) -> list[tuple[int, int, bytes]]:
        if self._bics is None:
            self._bics = [(m.start(), m.end(), m.group(0)) for m in _BIC.finditer(self.data)]
        return self._bics

    def _glued_before(self, start: int) -> bool:
        """Certainly an ASCII letter right before (not the letter of a ``\\n``-style escape)."""
        data = self.data
        return (
            start > 0
            and chr(data[start - 1]).isalpha()
            and data[start - 1] < 0x80
            and not (start > 1 and data[start - 2] == 0x5C)
        )

    def _after_code_word(self, start: int) -> bool:
        """Maybe a code word alone right before (``OTP482913``: ``detectors.after_code_word``);
        a letter before it may be an escape's (``\\notp``)."""
        data = self.data
        if start < 3 or data[start - 3 : start].lower().decode("latin-1") not in CODE_WORDS:
            return False
        if start < 4:
            return True
        before = data[start - 4]
        letter = 65 <= before <= 90 or 97 <= before <= 122
        return not letter or (start > 4 and data[start - 5] == 0x5C)

    def _glued_after(self, end: int) -> bool:
        return end < len(self.data) and self.data[end] < 0x80 and chr(self.data[end]).isalpha()

    def _letter_before(self, start: int) -> bool:
        """Maybe a letter right before, of any script: an ASCII letter (an escape's too) or any
        character that is not ASCII (the guard asks ``str.isalpha``)."""
        if start == 0:
            return False
        byte = self.data[start - 1]
        return byte >= 0x80 or 65 <= byte <= 90 or 97 <= byte <= 122

    def _forms(self, start: int, end: int, text: bytes) -> list[tuple[int, bytes, bool]]:
        """What the detectors read of a number token, each form with whether it is glued to a
        letter (then only ``STRONG_DETECTORS`` read it: :attr:`ContextRule.glued`): the token
        itself, unless a date; and after a letter, without its first group (``CVC2 284``,
        ``Guard._without_glued_group``)."""
        forms = []
        glued_after = self._glued_after(end)
        if not _DATE.fullmatch(text):
            glued = self._glued_before(start) and not self._after_code_word(start)
            forms.append((start, text, glued_after or glued))
        if self._letter_before(start):
            digits_end = 0
            while digits_end < len(text) and 48 <= text[digits_end] <= 57:
                digits_end += 1
            rest = text[digits_end:].lstrip(b" .,-/_'")
            if rest and not _DATE.fullmatch(rest):
                forms.append((end - len(rest), rest, glued_after))
        return forms

    def _month_before(self, start: int) -> bool:
        before = self.data[max(0, start - 96) : start].decode("utf-8", errors="ignore")
        return _MONTH_NEAR.search(before) is not None

    def _currency_next_to(self, start: int, end: int) -> bool:
        """A currency right before or after the number, JSON escapes read as the white space
        they stand for (``paid\\nSAR 5``: the escape's letter is no letter glued to ``SAR``)."""
        if not self.currency:
            return False
        data = self.data
        before = _ESCAPE.sub(b" ", data[max(0, start - 48) : start]).rstrip(_GAP_BYTES)
        after = _ESCAPE.sub(b" ", data[end : end + 48]).lstrip(_GAP_BYTES)
        return bool(_CURRENCY_BEFORE.search(before) or _CURRENCY_AFTER.search(after))

    def readable(self, rule: ContextRule, start: int, end: int, text: bytes) -> bool:
        """Could the rule's detector read this candidate? (Never False when it could.)

        Asked only of candidates :meth:`_rule_risky` let through (enough digits, an amount's
        shape or a currency in the request) and found within reach of a word.
        """
        key = (rule.shape, rule.low, rule.high, start)
        known = self._readable.get(key)
        if known is None:
            known = self._readable[key] = self._readable_now(rule, start, end, text)
        return known

    def _readable_now(self, rule: ContextRule, start: int, end: int, text: bytes) -> bool:
        shape = rule.shape
        if shape == "wide":
            return True  # the candidates are the joined groups of the right length
        if shape == "bic":
            value = text.decode()
            return value not in swift_bic.NOT_BICS and swift_bic._is_valid(value)
        if shape == "bic_lower":
            return swift_bic.is_lower_bic(text.decode())
        if shape == "amount":
            return _AMOUNT_SHAPE.search(text) is not None or self._currency_next_to(start, end)
        not_after = rule.not_after.encode()
        for form_start, form, glued in self._forms(start, end, text):
            if glued and not rule.glued:
                continue
            if shape == "card12":
                digits = form.translate(None, SEPARATOR_BYTES)
                if len(digits) == card_number.MIN_DIGITS and is_card_number(digits.decode()):
                    return True
                continue
            before = self.data[form_start - 1 : form_start]
            if before and before in not_after:
                continue
            if shape == "expiry":
                value = form.decode().strip()
                if _EXPIRY.match(value) or (_YEAR.match(value) and self._month_before(form_start)):
                    return True
                continue
            count = len(form.translate(None, SEPARATOR_BYTES))
            if not rule.low <= count <= rule.high:
                continue
            if shape == "code":
                if form.isdigit():
                    return True
            elif shape == "spaced":
                value = form.decode()
                if credential.SPACED_CODE.fullmatch(value) or card_cvv.SPACED.fullmatch(value):
                    return True
            elif shape == "account":
                if not (form.count(b".") == 1 or form.count(b",") >= 1):
                    return True
            else:
                return True
        return False

    # -- distances ----------------------------------------------------------------------------

    def embedded(self) -> list[tuple[int, int]]:
        """Spans of strings holding JSON (their content is walked twice by the guard)."""
        if self._embedded is None:
            data = self.data
            if b'"{' not in data and b'"[' not in data:
                self._embedded = []
            elif self.decoded:  # quotes were unescaped: no telling where such a string ends
                self._embedded = [(0, len(data))]
            else:
                self._embedded = [m.span() for m in EMBEDDED.finditer(data)]
        return self._embedded

    def exempt(self) -> list[tuple[int, int]]:
        """Spans of fields the guard skips (their characters are not in the joined text)."""
        if self._exempt is None:
            spans = []
            for key in self._exempt_keys:
                if key in self.data:
                    spans.extend(m.span() for m in _exempt_field(key).finditer(self.data))
            self._exempt = spans
        return self._exempt

    def lower(self, start: int, end: int) -> int:
        """A lower bound of the joined-text distance between two raw positions."""
        if end <= start:
            return 0
        gap = self.data[start:end]
        count = len(gap.translate(None, _NOT_COUNTED))
        for literal in LITERALS:  # JSON literals are no text in the joined text
            if literal in gap:
                count -= len(literal) * gap.count(literal)
        if self.decoded:
            count -= 5 * gap.count(b"\\u")
        for low, high in self._exempt if self._exempt is not None else self.exempt():
            if low < end and high > start:
                count -= min(high, end) - max(low, start)
        return count

    def upper(self, start: int, end: int) -> int | None:
        """An upper bound of the joined-text distance, or None when there is none.

        Raw text is never shorter than the joined text between two places, except where the
        guard walks a JSON string's content again: it does so right after that string
        (``walk._walk_json``), so only a span touching such a string has no bound; one
        elsewhere in the request lengthens nothing between the two places.
        """
        for low, high in self.embedded():
            if low <= end and high >= start:
                return None
        return max(0, end - start)

    def _distances(
        self,
        rule: ContextRule,
        hits: list[tuple[int, int]],
        candidates: list[Any],
    ) -> dict[int, int]:
        """For candidates with a rule word in their window: a lower bound of the nearest one's
        distance, by candidate index.

        Lower bounds grow with distance, so from each word the walk forward (its "before"
        window) and backward (its "after" window) stops at the first candidate out of reach.
        """
        found: dict[int, int] = {}
        starts = [c[0] for c in candidates]
        spans = self.embedded()
        for word_start, word_end in hits:
            index = bisect.bisect_left(starts, word_start)
            for position in range(index, len(candidates)):  # numbers after the word
                start, end = candidates[position][:2]
                if start < word_end:
                    distance = 0  # a boundary character shared with the word
                else:
                    distance = self.lower(word_end, start)
                    if distance > rule.before:
                        break
                if distance < found.get(position, distance + 1):
                    found[position] = distance
            if rule.after:
                for position in range(index - 1, -1, -1):  # numbers before the word
                    start, end = candidates[position][:2]
                    distance = 0 if end > word_start else self.lower(end, word_start)
                    if distance > rule.after:
                        break
                    if distance < found.get(position, distance + 1):
                        found[position] = distance
            for low, high in spans:  # the guard walks JSON inside a string twice
                if low <= word_start < high:
                    for position, candidate in enumerate(candidates):
                        if low <= candidate[0] < high:
                            found[position] = 0
        return found

    def _rival_nearer(self, rule: ContextRule, start: int, end: int, distance: int) -> bool:
        """Certainly a rival word within the window and as near as the context word.

        Upper bounds of raw distances, measured to the number's farthest reading and from
        the word's farthest edge (hyperscan's spans include one boundary character).
        """
        index = list(RIVALS).index(rule.rival) if rule.rival else -1
        public = rule.rival == "public"
        for rival, word_start, word_end in self._rivals:
            if rival != index:
                continue
            if word_end <= start:
                reach = self.upper(word_start, end)
                if reach is None or reach > (amounts.PUBLIC_BEFORE if public else rule.before):
                    continue
                if public:
                    if (
                        _may_end_sentence().search(self.data, word_end, start) is None
                        and not self._owned_between(word_start, start)
                        and not self._named_anew(word_end, start, end, distance)
                        # (the amount's own line may name it: amounts._labelled_on_its_line)
                        and _MAY_BREAK_LABEL.search(self.data, word_end, start) is None
                    ):
                        return True  # a fee or a rate in the amount's sentence: amounts.public
                    continue
                nearest = self.upper(max(word_start, word_end - 1), end)
                if nearest is not None and nearest <= distance:
                    return True
            elif word_start >= end and not public and rule.after:
                reach = self.upper(end, word_end)
                nearest = self.upper(end, word_start)
                if (
                    reach is not None
                    and nearest is not None
                    and reach <= rule.after
                    and nearest + 1 <= distance
                    and self._label_names(end, word_start, word_end)
                ):
                    return True
        return False

    def _label_names(self, end: int, word_start: int, word_end: int) -> bool:
        """Certainly a benign word after a number names it (``context.names_the_number_before``,
        read in raw bytes and erring towards "no"): nothing between them may end a sentence or a
        line (a dot, a field's end, an escape), and nothing that may be a digit stands after the
        word within the guard's reach of it."""
        if _MAY_BREAK_LABEL.search(self.data, end, word_start) or _may_end_sentence().search(
            self.data, end, word_start
        ):
            return False
        digit = _MAY_BE_DIGIT.search(self.data, word_end)
        return digit is None or self.lower(word_end, digit.start()) > LABEL_REACH

    def _named_anew(self, word_end: int, start: int, end: int, distance: int) -> bool:
        """May the fee or limit word ending at ``word_end`` name another number, and a balance
        word stand right at the number at ``start:end`` (``amounts._named_anew``)? The context
        word may be within a loose balance word's reach, and a digit may stand between them
        (or a space inside the number: a run read here may be two numbers for the guard)."""
        return distance <= max(amounts.LOOSE_BEFORE, amounts.LOOSE_AFTER) and (
            _ASCII_DIGIT.search(self.data, word_end, start) is not None
            or _SPACE_IN_NUMBER.search(self.data, start, end) is not None
        )

    def _owned_between(self, low: int, high: int) -> bool:
        """May a phrase saying the amount is the customer's (``amounts._owned_between``) overlap
        ``low:high``? Its last word would be there, in any case, glued to anything."""
        text = self.data[max(0, low - _LONGEST_LAST_WORD) : high].decode("utf-8", "ignore")
        return _owning_last_word().search(text) is not None

    def risky(self, words: list[tuple[int, int, int]]) -> bool:
        by_group: dict[int, list[tuple[int, int]]] = {}
        for group, start, end in words:
            by_group.setdefault(group, []).append((start, end))
        for group, hits in by_group.items():
            for rule_index in GROUP_RULES[group]:
                if self._rule_risky(RULES[rule_index], hits):
                    return True
        return False

    def _rule_risky(self, rule: ContextRule, hits: list[tuple[int, int]]) -> bool:
        shape = rule.shape
        if shape == "bic":
            candidates = self.bics()
        elif shape == "bic_lower":
            candidates = self.any_case_bics()
        elif shape == "amount":
            candidates = [
                n for n in self.numbers() if self.currency or _AMOUNT_SHAPE.search(n[2]) is not None
            ]
        elif shape == "expiry":
            candidates = [n for n in self.numbers() if n[3] >= 3]
        elif shape == "wide":
            # no upper bound: a run joined here across a comma may hold the guard's shorter one
            candidates = [n for n in self.wide_numbers() if n[3] >= rule.low]
        else:
            candidates = [n for n in self.numbers() if n[3] >= rule.low]
        if not candidates:
            return False  # the cheap question first: most numbers are no rule's shape
        for position, distance in self._distances(rule, hits, candidates).items():
            start, end, text = candidates[position][:3]
            if not self.readable(rule, start, end, text):
                continue
            if rule.rival and self._rival_nearer(rule, start, end, distance):
                continue
            return True
        return False

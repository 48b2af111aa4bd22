"""Masked forms judged by the digits they reveal, alone and across the messages of a thread.

``4111 11** **** 1111`` reveals the first 6 and last 4 digits whatever its mask
characters; two messages that each reveal a different part of one number reveal
it all. :class:`RevealState` keeps, per thread, what each masked number has
revealed so far.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .detectors import card_number

MASK_CHARS = frozenset("*•●#xX·")


@dataclass
class Revealed:
    """A masked value: its length in positions and the digits it shows at each position."""

    category: str
    length: int
    known: dict[int, str] = field(default_factory=dict)
    prefix: str = ""
    check: str = ""  # an IBAN's check digits when shown

    @classmethod
    def parse(cls, text: str, category: str) -> Revealed:
        """An IBAN's country code and check digits are not among its positions: what an IBAN's
        allowed forms count are the digits of its account part (``SA03 •••• … 7519`` shows its
        last 4 as ``SA•• •••• … 7519`` does); the check digits, shown or not, are kept aside."""
        positions = [c for c in text if c.isalnum() or c in MASK_CHARS]
        prefix = check = ""
        if category == "iban":
            prefix, positions = "".join(positions[:2]).upper(), positions[2:]
            head, positions = positions[:2], positions[2:]
            check = "".join(head) if all(c.isdigit() for c in head) else ""
        known = {i: c for i, c in enumerate(positions) if c.isdigit()}
        return cls(category, len(positions), known, prefix, check)

    def shape(self) -> tuple[int, int, int]:
        """(leading, trailing, middle): digits shown at the start, at the end and elsewhere."""
        leading = 0
        while leading in self.known:
            leading += 1
        trailing = 0
        while self.length - 1 - trailing in self.known and self.length - 1 - trailing >= leading:
            trailing += 1
        middle = len(self.known) - leading - trailing
        return leading, trailing, middle

    def consistent(self, other: Revealed) -> bool:
        return (
            self.category == other.category
            and self.length == other.length
            and self.prefix == other.prefix
            and (not self.check or not other.check or self.check == other.check)
            and all(other.known.get(i, d) == d for i, d in self.known.items())
        )

    def merged(self, other: Revealed) -> Revealed:
        return Revealed(
            self.category,
            self.length,
            {**self.known, **other.known},
            self.prefix,
            self.check or other.check,
        )

    def could_hide_card(self) -> bool:
        """One masked position among digits (``4123 4567 8901 234*``): could it hide a card number?

        Luhn fixes a single hidden digit, so the question is the issuer and the length. A mask
        last may stand for more than one digit (``4123 4567 8901 …``): then any longer length
        the issuer's scheme has will do.
        """
        hidden = [i for i in range(self.length) if i not in self.known]
        if len(hidden) != 1 or not 13 <= self.length <= card_number.MAX_DIGITS:
            return False
        digits = [self.known.get(i, "") for i in range(self.length)]
        if hidden[0] == self.length - 1:
            prefix = "".join(digits)
            scheme = card_number.issuer(prefix)
            if scheme is not None and any(
                len(prefix) < n <= card_number.MAX_DIGITS for n in card_number.LENGTHS[scheme]
            ):
                return True
        for digit in "0123456789":
            digits[hidden[0]] = digit
            if card_number.is_card_number("".join(digits)):
                return True
        return False

    def complete(self) -> str | None:
        if len(self.known) < self.length:
            return None
        return self.prefix + self.check + "".join(self.known[i] for i in range(self.length))

    def head(self) -> str:
        """What comes before the positions when shown: an IBAN's country, its check digits masked."""
        return self.prefix + ("••" if self.category == "iban" else "")

    def display(self) -> str:
        return self.head() + "".join(self.known.get(i, "•") for i in range(self.length))


class RevealState:
    """What masked values have revealed so far, per thread (bounded)."""

    LIMIT = 64

    def __init__(self) -> None:
        self._threads: dict[str, list[Revealed]] = {}

    def combine(self, thread: str | None, value: Revealed) -> Revealed | None:
        """Record ``value``; return the union with an earlier consistent value if it reveals more."""
        if thread is None:
            return None
        seen = self._threads.setdefault(thread, [])
        best: Revealed | None = None
        for earlier in seen:
            if (
                earlier.consistent(value)
                and set(value.known) - set(earlier.known)
                and set(earlier.known) - set(value.known)
            ):
                union = earlier.merged(value)
                if best is None or len(union.known) > len(best.known):
                    best = union
        seen.append(value if best is None else best)
        del seen[: -self.LIMIT]
        return best

    def reset(self) -> None:
        self._threads.clear()

"""IBANs split across fields of one message or across messages of one thread.

A bot that sends ``IBAN SA03 8000 0000`` in one message and ``ends 6080 1016 7519`` in the
next has sent an IBAN. The guard remembers each run of letter and digit groups holding two
digits or more (a piece). A piece whose group is a country code with check digits starts an
IBAN (a head); a head's first groups, joined with a run of groups of the next piece (or a
whole middle piece and then a run of the last), are a finding when together they are exactly
as long as the country's IBAN and pass mod-97: that length and the checksum make a chance
match rare, as Luhn and the card lengths do for card fragments (``Guard._join_fragments``).

An IBAN cut into more pieces (``SA0380`` / ``000000`` / ``608010`` / ``167519``, a message
each), or whose country code stands alone (``SA`` in one field, ``0380...`` in the next), is
a *chain*: then the pieces must also follow one another edge to edge, as a value cut into
fields does: the head ends its field, every middle piece is its field's whole text, and the
last piece starts its field. A country code alone counts only in capitals and at the end of
its field (``Riyadh, SA``; never the word ``is`` or ``no``), and it is weak evidence: the rest
must then be whole fields, the last one too (``Riyadh, SA`` and then ``<22 digits> is your
reference`` is no IBAN, whatever the checksum says: it would pass one time in 97).

Limits: at most :data:`CHAIN` pieces; a middle piece is taken whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import iban as stdnum_iban

from .detectors.iban import country_lengths

#: A run of letter and digit groups with single separators, as the IBAN tokenizer reads them,
#: from its first group holding a digit (words before it are no part of an IBAN).
_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]*[0-9][A-Za-z0-9]*(?:[ .\-][A-Za-z0-9]+)*+")
#: Where an IBAN may start: a country code and check digits, not inside a word.
_HEAD = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})[0-9]{2}")
_GROUP = re.compile(r"[A-Za-z0-9]+")
_TWO_DIGITS = re.compile(r"[0-9].*[0-9]")
#: A country code alone at the end of a line (of a field, when the guard checks it): in
#: capitals, as IBANs are written.
_BARE_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2})[ \t]*(?=\n|\Z)")
#: How many earlier pieces a new one may join without a chain (a head, and a middle piece).
REACH = 2
#: How many pieces a chain holds at most (the longest IBAN, 34 characters, in pieces of five).
CHAIN = 8


@dataclass(frozen=True)
class Piece:
    """A run of groups (letters and digits, upper case) that may hold part of an IBAN.

    ``heads``: indexes of groups that start with a country code and check digits.
    ``start``/``end``: where the run is in the scanned text; ``path``: the field it was in.
    """

    groups: tuple[str, ...]
    heads: tuple[int, ...]
    start: int = 0
    end: int = 0
    path: str = ""
    #: Nothing but white space before it (``opens``) or after it (``closes``) in its field.
    opens: bool = False
    closes: bool = False
    #: A country code alone (``SA``): it starts a chain only (see the module docstring).
    bare: bool = False

    @property
    def compact(self) -> str:
        return "".join(self.groups)


def has_head(text: str) -> bool:
    """Could an IBAN start in ``text`` (a known country code with check digits, or alone at
    the end of a line)?"""
    lengths = country_lengths()
    return any(m.group(1).upper() in lengths for m in _HEAD.finditer(text)) or any(
        m.group(1) in lengths for m in _BARE_CODE.finditer(text)
    )


def pieces(text: str) -> list[Piece]:
    """Pieces of ``text`` (normalised): runs of groups holding two digits or more, from their
    first group holding a digit."""
    lengths = country_lengths()
    found = []
    for match in _RUN.finditer(text):
        run = match.group(0)
        if not _TWO_DIGITS.search(run):
            continue
        groups = tuple(g.upper() for g in _GROUP.findall(run))
        heads = tuple(
            i
            for i, g in enumerate(groups)
            if g[:2] in lengths and g[2:4].isdigit() and g[:2].isalpha()
        )
        found.append(Piece(groups, heads, match.start(), match.end()))
    if "\n" in text or len(text) < 8:  # (a code alone ends a line, or is all of a short text)
        bare = [
            Piece((m.group(1),), (0,), m.start(1), m.end(1), bare=True)
            for m in _BARE_CODE.finditer(text)
            if m.group(1) in lengths
        ]
        if bare:
            found = sorted(found + bare, key=lambda piece: piece.start)
    return found


def _head_parts(piece: Piece) -> list[str]:
    """An IBAN's beginning a head piece may hold: from a head group to each later group."""
    parts = []
    for head in piece.heads:
        text = ""
        for group in piece.groups[head:]:
            text += group
            parts.append(text)
    return parts


def _runs(piece: Piece, length: int) -> list[str]:
    """Runs of consecutive groups of ``piece`` exactly ``length`` characters long."""
    found = []
    groups = piece.groups
    for first in range(len(groups)):
        text = ""
        for group in groups[first:]:
            text += group
            if len(text) >= length:
                if len(text) == length:
                    found.append(text)
                break
    return found


def _chained(pool: list[Piece], begin: int, end: int) -> bool:
    """Do the pieces ``begin`` to ``end`` follow one another edge to edge (a value cut into
    fields or messages: see the module docstring)?"""
    return (
        pool[begin].closes
        and pool[end].opens
        and all(p.opens and p.closes and not p.bare for p in pool[begin + 1 : end])
    )


def joined_ibans(pool: list[Piece], first_new: int) -> list[tuple[str, int, int]]:
    """(IBAN, index of its first piece, index of its last) for IBANs of two pieces or more
    that end in a piece at ``first_new`` or later.

    A country code alone is a piece of a chain only: elsewhere it is as if it were not there.
    """
    found = []
    lengths = country_lengths()
    for end in range(max(first_new, 1), len(pool)):
        if pool[end].bare:
            continue
        middle = ""
        between = 0  # pieces between the head and ``end``, codes alone not counted
        for begin in range(end - 1, -1, -1):
            if begin < end - 1 and not pool[begin + 1].bare:
                middle = pool[begin + 1].compact + middle
                between += 1
                if len(middle) >= 32 or between > CHAIN - 2:
                    break  # (the longest IBAN holds 34 characters)
            piece = pool[begin]
            if not piece.heads:
                continue
            chain = piece.bare or between >= REACH
            if chain and not _chained(pool, begin, end):
                continue
            for head in _head_parts(piece):
                need = lengths[head[:2]] - len(head) - len(middle)
                if need <= 0:
                    continue
                tails = _runs(pool[end], need)
                if chain:  # edge to edge: the head to its piece's end, the tail from its start
                    if not piece.compact.endswith(head):
                        continue
                    last = pool[end]
                    if piece.bare:  # and all of the last piece's field
                        tails = [t for t in tails if last.closes and t == last.compact]
                    else:
                        tails = [t for t in tails if last.compact.startswith(t)]
                for tail in tails:
                    value = head + middle + tail
                    if stdnum_iban.is_valid(value):
                        found.append((value, begin, end))
                        break
                else:
                    continue
                break
            else:
                continue
            break
    return found

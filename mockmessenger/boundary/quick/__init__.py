"""The quick check: proves most clean bot replies clean from their raw bytes, in a few scans.

The full scan walks the JSON, joins every string with ``\\n``, normalises the text, tokenizes
it and asks the detectors about each token: hundreds of microseconds in Python. Most bot
replies hold nothing a detector could claim, and this check proves it without parsing them.
It may only ever answer "clean" about a request the full scan finds clean
(``tests/boundary/test_guard_quick*.py`` compare the two on the labelled corpus and on
thousands of generated requests); when in doubt it answers "look closer".

- :mod:`.rules`: what the context-word detectors need (words, windows, numbers, rivals);
- :mod:`.patterns`: the hyperscan patterns, and the compressed text windows are read in;
- :mod:`.confirm`: closer looks at shapes, with the guard's own validators;
- :mod:`.judge`: the exact judgement of context words near numbers;
- :mod:`.engine`: the databases (compiled once, cached on disk) and the pure-Python fallback;
- :mod:`.check`: :class:`QuickCheck`, the front door the guard calls.

What sends a request to the full scan: shapes no detector needs context for (a digit run a
validator accepts, a dashed SSN, a valid IBAN, a NINO shape, a masked number, an encoded layer
the guard would open, a password word, two digits-only fields, or in a thread any; in a thread,
a string ending with a label's sign, ``Your balance 👇``, with a context word); look-alike
letters the normaliser would fold into a number; and a context word near a number of the shape
its detector reads, in its window. Characters the normaliser changes are translated as it
would and the text scanned again; JSON ``\\u`` escapes are decoded first.

Distances are the subtle part. The detectors measure them in the guard's joined text, where
JSON quotes, colons, brackets and whitespace are gone and every field is one line; raw JSON
is never shorter, and padding can make it arbitrarily longer. The window patterns read a
compressed text whose distances never exceed the joined ones, and the judge bounds each
distance from both sides (see :mod:`.judge`).
"""

from .check import QuickCheck
from .confirm import plausible
from .engine import _load_cached as _load_cached
from .engine import _store_cached as _store_cached
from .engine import cache_dir, places_database, shapes_database, windows_database
from .patterns import shape_patterns
from .rules import RULES, ContextRule


def _database() -> tuple[object, object, object]:
    """The three compiled databases (shapes, places, windows), as one process holds them."""
    return shapes_database()[0], places_database()[0], windows_database()[0]


__all__ = ["RULES", "ContextRule", "QuickCheck", "cache_dir", "plausible", "shape_patterns"]

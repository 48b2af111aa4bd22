"""Identifiers shaped like Meta's: message ids, PSIDs, numeric object ids, trace ids.

One seeded generator per platform so that a run is reproducible; a lock because a
server door calls the platform from several threads.
"""

from __future__ import annotations

import random
import string
import threading

_URLSAFE = string.ascii_letters + string.digits + "-_"
_TRACE = string.ascii_letters + string.digits + "/+"


class IdFactory:
    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def _chars(self, alphabet: str, length: int) -> str:
        with self._lock:
            return "".join(self._random.choice(alphabet) for _ in range(length))

    def digits(self, length: int = 16) -> str:
        with self._lock:
            first = str(self._random.randint(1, 9))
            return first + "".join(str(self._random.randint(0, 9)) for _ in range(length - 1))

    def psid(self) -> str:
        return self.digits(16)

    def mid(self) -> str:
        """A message id like the ones webhooks carry (``m_`` + url-safe base64)."""
        return "m_" + self._chars(_URLSAFE, 86)

    def fbtrace_id(self) -> str:
        return self._chars(_TRACE, 11)

    def token(self, length: int = 40) -> str:
        return self._chars(_URLSAFE, length)

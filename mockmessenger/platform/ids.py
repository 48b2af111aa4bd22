"""Identifiers shaped like Meta's: message ids, PSIDs, numeric object ids, trace ids.

One seeded generator per platform so that a run is reproducible; a lock because a
server door calls the platform from several threads.
"""

from __future__ import annotations

import base64
import random
import threading

from stdnum import luhn


class IdFactory:
    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def digits(self, length: int = 16) -> str:
        with self._lock:
            return str(self._random.randrange(10 ** (length - 1), 10**length))

    def psid(self) -> str:
        """A 16-digit PSID that never passes the Luhn check.

        About one real PSID in ten is Luhn-valid. The fake issues only ids that
        cannot be mistaken for a card number, so that any card-number finding in a
        test run is a real one, wherever the bot copies the PSID to (an analytics
        host, a log line). Meta-issued ids seen in recordings are handled by the
        default policy's exemptions for Graph paths instead.
        """
        psid = self.digits(16)
        if luhn.is_valid(psid):
            last = (int(psid[-1]) + 1) % 10
            psid = psid[:-1] + str(last)
        return psid

    def mid(self) -> str:
        """A message id like the ones webhooks carry (``m_`` + url-safe base64)."""
        with self._lock:
            raw = self._random.randbytes(64)
        return "m_" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    def fbtrace_id(self) -> str:
        with self._lock:
            raw = self._random.randbytes(9)
        return base64.b64encode(raw).decode("ascii")[:11]

    def token(self, length: int = 40) -> str:
        with self._lock:
            raw = self._random.randbytes(length)
        return base64.urlsafe_b64encode(raw).decode("ascii")[:length]

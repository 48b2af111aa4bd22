"""Egress records: what a bot sent out, as plain data.

Every door (in-process, server, proxy, a file on disk) turns what it saw into an
:class:`EgressRecord`; the guard scans records and knows nothing of how they were
captured. Keeping the raw bytes (not a parsed body) is deliberate: the guard must
see exactly what crossed the boundary, encodings and all.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

Headers = tuple[tuple[str, str], ...]


def normalise_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]] | None) -> Headers:
    """Headers as an ordered tuple of (lower-case name, value) pairs."""
    if headers is None:
        return ()
    items = headers.items() if isinstance(headers, Mapping) else headers
    return tuple((str(k).lower(), str(v)) for k, v in items)


@dataclass(frozen=True)
class EgressRecord:
    """One request that left the bot, kept whole.

    ``thread`` groups records of one conversation (a PSID, or a scenario name) so
    that the guard can see a value split across consecutive messages.
    ``index`` is the position of the record in its source (a log, a file).
    """

    method: str
    url: str
    headers: Headers = ()
    body: bytes = b""
    timestamp: float = field(default_factory=time.time)
    thread: str | None = None
    index: int = 0
    source: str = "graph"
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def host(self) -> str:
        """The URL's host, lower case (parsed once: the guard asks for it many times).

        Kept in the instance's ``__dict__`` by hand: ``functools.cached_property`` takes a lock
        on every read in Python 3.11.
        """
        known = self.__dict__.get("_host")
        if known is None:
            known = self.__dict__["_host"] = (urlsplit(self.url).hostname or "").lower()
        return known

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def query(self) -> str:
        return urlsplit(self.url).query

    def header(self, name: str, default: str | None = None) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return default

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly view; the body is decoded as UTF-8 where it can be."""
        try:
            body: Any = self.body.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            import base64

            body = base64.b64encode(self.body).decode("ascii")
            encoding = "base64"
        return {
            "index": self.index,
            "method": self.method,
            "url": self.url,
            "headers": [list(h) for h in self.headers],
            "body": body,
            "body_encoding": encoding,
            "timestamp": self.timestamp,
            "thread": self.thread,
            "source": self.source,
        }

    @classmethod
    def make(
        cls,
        method: str,
        url: str,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        body: bytes | str = b"",
        **kwargs: Any,
    ) -> EgressRecord:
        """Convenience constructor that accepts str bodies and any header shape."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        return cls(
            method=method.upper(), url=url, headers=normalise_headers(headers), body=body, **kwargs
        )

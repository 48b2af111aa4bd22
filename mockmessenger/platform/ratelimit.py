"""Rate limits and the usage headers Graph adds to answers.

- Send API: ``send_rate_per_second`` per Page for text and the like, a lower rate for
  audio and video; past it, 613.
- Messenger Profile: ``profile_rate_limit`` calls per ``profile_rate_window`` per Page.
- Business Use Case: 200 calls x engaged users per rolling 24 h. The percentage used
  goes out as ``X-Business-Use-Case-Usage`` (``type`` "messenger" on Send API calls,
  "pages" on others) and ``X-App-Usage``; at 100 % calls fail with 613.
"""

from __future__ import annotations

import json
from collections import deque

DAY = 24 * 3600.0


class SlidingWindow:
    """Counts events within the last ``window`` seconds."""

    def __init__(self, window: float) -> None:
        self.window = window
        self._times: deque[float] = deque()

    def count(self, now: float) -> int:
        edge = now - self.window
        while self._times and self._times[0] <= edge:
            self._times.popleft()
        return len(self._times)

    def add(self, now: float) -> None:
        self._times.append(now)

    def clear(self) -> None:
        self._times.clear()


class RateLimits:
    """Per-Page counters; the platform holds its lock while using them."""

    def __init__(self, profile_window: float) -> None:
        self.sends = SlidingWindow(1.0)
        self.media_sends = SlidingWindow(1.0)
        self.profile_calls = SlidingWindow(profile_window)
        self.daily_calls = SlidingWindow(DAY)
        self._headers: dict[tuple[int, str, bool], dict[str, str]] = {}

    def usage_percent(self, now: float, daily_limit: int) -> int:
        return min(100, (self.daily_calls.count(now) * 100) // max(1, daily_limit))

    def usage_headers(self, pct: int, page_id: str, kind: str) -> dict[str, str]:
        """The two usage headers for a percentage of the daily limit (rendered once each)."""
        key = (pct, page_id, kind in ("send", "sender_action"))
        cached = self._headers.get(key)
        if cached is None:
            cached = self._headers[key] = self._render(pct, page_id, kind)
        return cached

    def _render(self, pct: int, page_id: str, kind: str) -> dict[str, str]:
        app = {"call_count": pct, "total_cputime": max(0, pct // 2), "total_time": max(0, pct // 2)}
        buc = {
            page_id: [
                {
                    "type": "messenger" if kind in ("send", "sender_action") else "pages",
                    "call_count": pct,
                    "total_cputime": app["total_cputime"],
                    "total_time": app["total_time"],
                    "estimated_time_to_regain_access": 0 if pct < 100 else 60,
                }
            ]
        }
        return {
            "x-app-usage": json.dumps(app, separators=(",", ":")),
            "x-business-use-case-usage": json.dumps(buc, separators=(",", ":")),
        }

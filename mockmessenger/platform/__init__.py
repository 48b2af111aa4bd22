"""The fake Messenger Platform core: plain Python, no web framework, no HTTP mocking.

See :class:`Platform` and ``docs/ARCHITECTURE.md`` section 1.
"""

from mockmessenger.platform.clock import FakeClock, OffsetClock, SystemClock
from mockmessenger.platform.config import PAGE_INBOX_APP_ID, PlatformConfig
from mockmessenger.platform.core import Platform
from mockmessenger.platform.errors import GraphError
from mockmessenger.platform.faults import Fault, FaultInjector
from mockmessenger.platform.http import GraphRequest, GraphResponse
from mockmessenger.platform.models import Exchange, Thread, TranscriptEntry, User
from mockmessenger.platform.webhooks import (
    DeliveryReport,
    EventBuilder,
    WebhookDispatcher,
    WebhookRequest,
    WebhookResult,
)

__all__ = [
    "PAGE_INBOX_APP_ID",
    "DeliveryReport",
    "EventBuilder",
    "Exchange",
    "FakeClock",
    "Fault",
    "FaultInjector",
    "GraphError",
    "GraphRequest",
    "GraphResponse",
    "OffsetClock",
    "Platform",
    "PlatformConfig",
    "SystemClock",
    "Thread",
    "TranscriptEntry",
    "User",
    "WebhookDispatcher",
    "WebhookRequest",
    "WebhookResult",
]

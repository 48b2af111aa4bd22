"""Configuration of the fake Messenger Platform.

Where Meta's sources disagree (see ``docs`` of the project, section 9 of the API
notes) the behaviour is a field here, with the default following Meta's current
documentation:

- ``text_limit`` 2000: a text must be shorter than this, "< 2000 characters" in the current
  Send API reference (pre-2018 clients cap at 640).
- ``quick_reply_limit`` 13 (current quick-replies page; older docs and clients say 11).
- ``persistent_menu_item_limit`` 20 flat items (v8.0+; before: 3 top-level, 5 nested).
- ``require_messaging_type`` False: the reference marks ``messaging_type`` required but
  Meta's own samples (button template, sender actions) omit it and the API accepts that.
- ``sender_action_message_id`` False: sender actions answer ``{"recipient_id"}`` only
  (client fixtures); the react doc mentions a message id too.
- ``take_thread_control_response`` "success" (Graph reference) or "thread_owner"
  (conversation-control page: ``{"data":[{"thread_owner":{...}}]}``).
- ``webhook_timeout`` 20 s (Messenger FAQ); the current webhook page asks for 5 s.
- ``webhook_retries`` 2 immediate redeliveries of a failed webhook (Meta retries for
  hours with back-off; a test needs to see the duplicate, not to wait for it).
- ``escape_slashes`` True: Meta's webhook bodies escape ``/`` as ``\\/`` and non-ASCII
  as ``\\uXXXX``; a bot that re-serialises the body before checking the signature fails,
  as it would in production.
- ``enforce_daily_limit`` False: the usage headers always report the Business Use Case
  percentage (200 calls x engaged users per 24 h), but only with this option do calls
  past 100 % fail (613 on the Send API, 32 elsewhere) — a long test run with one user
  would otherwise hit a limit that production spreads over many people.
- ``min_version`` 2.6: the first Graph version with the Messenger Platform; older
  versions answer code 2500 like an unknown path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Webhook fields an app subscribes a Page to (subscribed_fields).
DEFAULT_SUBSCRIBED_FIELDS: tuple[str, ...] = (
    "messages",
    "messaging_postbacks",
    "messaging_optins",
    "messaging_referrals",
    "messaging_account_linking",
    "messaging_handovers",
    "message_deliveries",
    "message_reads",
    "message_reactions",
    "standby",
)

#: Page Inbox, the app that receives threads passed to a human (handover protocol).
PAGE_INBOX_APP_ID = "263902037430900"


@dataclass
class PlatformConfig:
    """Everything a test may want to vary about the fake platform."""

    page_id: str = "1067280970047460"
    page_name: str = "Mock Bank"
    app_id: str = "2222222222222222"
    app_secret: str = "mock-app-secret"
    access_token: str = "mock-page-access-token"
    verify_token: str = "mock-verify-token"
    seed: int = 0
    graph_hosts: tuple[str, ...] = ("graph.facebook.com", "graph.facebook.net")
    min_version: tuple[int, int] = (2, 6)
    require_appsecret_proof: bool = False  # the app's "Require App Secret" setting
    # -- Send API
    text_limit: int = 2000
    quick_reply_limit: int = 13
    require_messaging_type: bool = False
    sender_action_message_id: bool = False
    window_seconds: float = 24 * 3600
    human_agent_seconds: float = 7 * 24 * 3600
    human_agent_permission: bool = True
    development_mode: bool = False
    phone_number_matching: bool = False
    enforce_thread_owner: bool = True
    # -- Messenger Profile
    persistent_menu_item_limit: int = 20
    profile_rate_limit: int | None = 10
    profile_rate_window: float = 600.0
    # -- Handover
    take_thread_control_response: Literal["success", "thread_owner"] = "success"
    secondary_receivers: tuple[tuple[str, str], ...] = ((PAGE_INBOX_APP_ID, "Page Inbox"),)
    # -- Rate limits and usage headers
    send_rate_per_second: int = 300
    media_send_rate_per_second: int = 10
    calls_per_engaged_user: int = 200
    usage_headers_from_percent: float = 0.0
    enforce_daily_limit: bool = False
    # -- Webhooks
    subscribed_fields: tuple[str, ...] = DEFAULT_SUBSCRIBED_FIELDS
    webhook_timeout: float = 20.0
    webhook_retries: int = 2
    escape_slashes: bool = True
    account_linking_token_seconds: float = 300.0
    attachment_ttl_seconds: float = 90 * 24 * 3600

    @property
    def subscribes_echoes(self) -> bool:
        return "message_echoes" in self.subscribed_fields

"""Demo Bank: a realistic Messenger bank bot over a fake core-banking back end.

``create_app(settings)`` is the ASGI app; ``app.state.core`` is its :class:`CoreBanking`
(the harness ``BankBackend``). What it understands and replies: CONVERSATIONS.md.
"""

from .app import create_app
from .bot import BankBot
from .core import CoreBanking, InsufficientFunds
from .settings import LEAK_SWITCHES, PAGE_INBOX_APP_ID, Settings

__all__ = [
    "LEAK_SWITCHES",
    "PAGE_INBOX_APP_ID",
    "BankBot",
    "CoreBanking",
    "InsufficientFunds",
    "Settings",
    "create_app",
]

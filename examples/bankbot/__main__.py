"""``python -m bankbot``: the demo bot as a server process (server and proxy doors).

Configured by the environment (see :meth:`bankbot.settings.Settings.from_env`), plus
``HOST`` (default 127.0.0.1), ``PORT`` (default 8080) and ``BANKBOT_CUSTOMERS`` (a JSON
file of customers to hold).
"""

from __future__ import annotations

import os
import sys

import uvicorn

from mockmessenger.errors import InputError

from .app import create_app
from .core import CoreBanking
from .customers_io import load_customers
from .settings import Settings


def main() -> int:
    try:
        settings = Settings.from_env()
        path = os.environ.get("BANKBOT_CUSTOMERS", "")
        core = CoreBanking(load_customers(path) if path else ())
        port = int(os.environ.get("PORT", "8080"))
    except InputError as error:
        print(f"bankbot: {error}", file=sys.stderr)
        return 2
    except ValueError:
        print("bankbot: PORT must be a number", file=sys.stderr)
        return 2
    host = os.environ.get("HOST", "127.0.0.1")
    uvicorn.run(create_app(settings, core), host=host, port=port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())

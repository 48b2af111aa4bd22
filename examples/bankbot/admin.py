"""Test-only admin endpoints, mounted only when ``Settings.admin_token`` is set.

They let a harness that runs the bot as a separate process (server and proxy doors)
register customers and reset the back end, like :class:`CoreBanking` in-process.
"""

from __future__ import annotations

import hmac
import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from mockmessenger.errors import InputError

from .bot import BankBot
from .customers_io import customer_from_dict


def _authorised(request: Request) -> bool:
    token = request.app.state.settings.admin_token
    given = request.headers.get("authorization", "")
    return bool(token) and hmac.compare_digest(given, f"Bearer {token}")


async def admin_register(request: Request) -> Response:
    if not _authorised(request):
        return JSONResponse({"error": "forbidden"}, status_code=403)
    try:
        data = json.loads(await request.body())
        if not isinstance(data, dict) or not isinstance(data.get("psid"), str):
            return JSONResponse({"error": "expected {customer, psid}"}, status_code=400)
        customer = customer_from_dict(data.get("customer"))
    except ValueError:
        return JSONResponse({"error": "body is not JSON"}, status_code=400)
    except InputError as error:
        return JSONResponse({"error": str(error)}, status_code=400)
    request.app.state.core.register(customer, data["psid"])
    return JSONResponse({"registered": customer.id})


async def admin_reset(request: Request) -> Response:
    if not _authorised(request):
        return JSONResponse({"error": "forbidden"}, status_code=403)
    bot: BankBot = request.app.state.bot
    bot.core.reset()  # the bot forgets its conversations too (CoreBanking.on_reset)
    return JSONResponse({"reset": True})


__all__ = ["admin_register", "admin_reset"]

"""Access tokens (query, body or Bearer header) and ``appsecret_proof``."""

from __future__ import annotations

import hashlib
import hmac

from mockmessenger.platform import errors
from mockmessenger.platform.graph.call import Call


def token_of(call: Call) -> str | None:
    token = call.params.get("access_token")
    if token:
        return str(token)
    header = call.request.header("authorization") or ""
    scheme, _, value = header.partition(" ")
    if scheme.lower() in ("bearer", "oauth") and value.strip():
        return value.strip()
    return None


def check(call: Call) -> None:
    """Raises the Graph error Meta gives for a missing, wrong or expired token or proof."""
    config = call.platform.config
    token = token_of(call)
    call.token = token
    if not token:
        if call.parts[:1] == ["me"]:
            raise errors.missing_token()
        raise errors.GraphError(104, "An access token is required to request this resource.")
    if token != config.access_token:
        raise errors.invalid_token()
    if call.platform.state.token_expired:
        raise errors.expired_token()
    proof = call.params.get("appsecret_proof")
    if proof is None and config.require_appsecret_proof:
        raise errors.GraphError(
            100,
            "API calls from the server require an appsecret_proof argument",
            type="GraphMethodException",
        )
    if proof is not None:
        expected = hmac.new(
            config.app_secret.encode("utf-8"), token.encode("utf-8"), hashlib.sha256
        ).hexdigest()
        given = str(proof).lower().encode("utf-8", errors="replace")
        if not hmac.compare_digest(given, expected.encode("ascii")):
            raise errors.invalid_appsecret_proof()

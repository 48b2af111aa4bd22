"""The plugin's parts on their own: verdicts, the socket block, app loading."""

from __future__ import annotations

import socket

import pytest

from mockmessenger.boundary.findings import Finding
from mockmessenger.errors import InputError
from pytest_plugin.loading import app_backend, app_kind, load_object
from pytest_plugin.sockets import SocketBlock, SocketBlockedError, host_allower
from pytest_plugin.verdict import CaseGuard


def finding(category: str, record: int = 0, value_category: str | None = None) -> Finding:
    return Finding(
        category=category,
        detector=category,
        record=record,
        path="$.message.text",
        masked="••••",
        thread="p",
        value_category=value_category,
    )


def test_unexpected_findings_are_reported_once_each():
    found = [finding("card_number")]
    guard = CaseGuard(nodeid="t", source=lambda: found)
    first = guard.failure(with_missing=True)
    assert first is not None and "card_number: ••••" in first
    assert guard.failure(with_missing=False) is None
    found.append(finding("iban", record=1))  # a late finding, after the call
    late = guard.failure(with_missing=False)
    assert late is not None and "iban" in late and "card_number" not in late


def test_allowed_and_expected_categories_match_canary_value_categories():
    found = [finding("canary", value_category="card_number"), finding("balance", record=2)]
    guard = CaseGuard(nodeid="t", source=lambda: found, allowed={"balance"})
    guard.expect(("card_number",), "marker")
    assert guard.unexpected() == []
    assert guard.failure(with_missing=True) is None


def test_a_missing_expected_leak_fails_once():
    guard = CaseGuard(nodeid="t")
    guard.expect(("iban",), "@pytest.mark.expect_leak('iban')")
    text = guard.failure(with_missing=True)
    assert (
        text
        == "expected a iban leak (@pytest.mark.expect_leak('iban')), but the boundary guard found none"
    )
    assert guard.failure(with_missing=True) is None


def test_expecting_block_marks_only_its_own_findings():
    found: list[Finding] = [finding("iban", record=9)]
    guard = CaseGuard(nodeid="t", source=lambda: found)
    with guard.expecting(("card_number",)):
        found.append(finding("card_number", record=1))
    assert [f.category for f in guard.unexpected()] == ["iban"]
    with pytest.raises(AssertionError, match="it found nothing"), guard.expecting(("balance",)):
        pass


def test_socket_block_refuses_other_hosts_and_lets_allowed_ones_through():
    blocked = []
    original = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo)
    allow = host_allower(lambda host: host == "bank.internal", loopback=True)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        with SocketBlock(allow, lambda *args: blocked.append(args)):
            with pytest.raises(SocketBlockedError, match=r"evil\.example"):
                socket.getaddrinfo("evil.example", 443)
            with (
                socket.socket() as client,
                pytest.raises(SocketBlockedError, match=r"10\.1\.2\.3:443"),
            ):
                client.connect(("10.1.2.3", 443))
            with socket.socket() as client:  # loopback, for a door on 127.0.0.1
                client.connect(server.getsockname())
        assert [b[0] for b in blocked] == ["evil.example", "10.1.2.3"]
    finally:
        server.close()
    assert (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo) == original


def test_socket_block_without_loopback_refuses_it_too():
    allow = host_allower(lambda host: False, loopback=False)
    with SocketBlock(allow), socket.socket() as client, pytest.raises(SocketBlockedError):
        client.connect(("127.0.0.1", 9))


def test_load_object_names_the_field_on_mistakes():
    assert load_object("json:dumps", field="f") is __import__("json").dumps
    assert load_object("collections:OrderedDict()", field="f") == {}
    with pytest.raises(InputError, match=r"\[--mm-app\] cannot import 'nosuch'"):
        load_object("nosuch:app", field="--mm-app")
    with pytest.raises(InputError, match="has no attribute 'nope'"):
        load_object("json:nope", field="--mm-app")


def test_app_kind_and_app_backend():
    async def asgi(scope, receive, send):
        pass

    def wsgi(environ, start_response):
        pass

    assert (
        app_kind(asgi) == "asgi" and app_kind(wsgi) == "wsgi" and app_kind(wsgi, "asgi") == "asgi"
    )

    class Backend:
        def register(self, customer, psid):
            pass

        def reset(self):
            pass

    from starlette.applications import Starlette

    app = Starlette()
    app.state.core = backend = Backend()
    assert app_backend(app) is backend
    assert app_backend(Starlette()) is None

"""ServerDoor: serving Graph over HTTP, running a bot process, reporting webhook failures."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports import Door
from mockmessenger.transports.process import BotProcessError, free_port, wait_until
from mockmessenger.transports.server import ServerDoor, WebhookVerificationError
from mockmessenger.transports.uvicorn_thread import BackgroundServer, ServerStartError

pytestmark = pytest.mark.slow
ECHO_BOT = Path(__file__).with_name("server_echo_bot.py")


def load_echo_bot() -> Any:
    spec = importlib.util.spec_from_file_location("server_echo_bot", ECHO_BOT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def door() -> Any:
    door = ServerDoor()
    door.start(Platform(PlatformConfig()))
    yield door
    door.stop()


def graph(door: ServerDoor, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, door.graph_base_url + path, **kwargs)


def open_window(platform: Platform) -> str:
    user = platform.create_user()
    platform.webhook(platform.events.message(user.psid, "hi"))
    return user.psid


def test_is_a_door_on_a_free_loopback_port(door: ServerDoor) -> None:
    assert isinstance(door, Door)
    assert door.graph_base_url.startswith("http://127.0.0.1:")
    env = door.env()
    assert env["MESSENGER_GRAPH_URL"] == env["GRAPH_API_URL"] == door.graph_base_url
    assert env["PAGE_ACCESS_TOKEN"] == door.platform.config.access_token
    assert {"APP_SECRET", "VERIFY_TOKEN"} <= set(env)


def test_stop_frees_the_port_and_can_be_called_twice() -> None:
    door = ServerDoor()
    door.start(Platform(PlatformConfig()))
    url = door.graph_base_url
    door.stop()
    door.stop()
    with pytest.raises(httpx.TransportError):
        httpx.get(url + "/_mockmessenger/", timeout=2)


def test_a_taken_port_is_a_clear_error(door: ServerDoor) -> None:
    port = int(door.graph_base_url.rsplit(":", 1)[1])
    with pytest.raises(ServerStartError, match=f"cannot listen on 127.0.0.1:{port}"):
        BackgroundServer(None, "127.0.0.1", port).start()


def test_send_api_over_http_json_form_and_bearer(door: ServerDoor) -> None:
    platform = door.platform
    psid = open_window(platform)
    token = platform.config.access_token
    as_json = graph(
        door,
        "POST",
        "/v25.0/me/messages",
        params={"access_token": token},
        json={"recipient": {"id": psid}, "message": {"text": "json"}},
    )
    as_form = graph(
        door,
        "POST",
        f"/v19.0/{platform.config.page_id}/messages",
        data={
            "recipient": json.dumps({"id": psid}),
            "message": json.dumps({"text": "form"}),
            "access_token": token,
        },
    )
    unversioned = graph(
        door,
        "POST",
        "/me/messages",
        headers={"authorization": f"Bearer {token}"},
        json={"recipient": {"id": psid}, "message": {"text": "bearer"}},
    )
    for response in (as_json, as_form, unversioned):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["recipient_id"] == psid
    assert [e.kind for e in platform.exchanges] == ["send", "send", "send"]
    assert [platform.egress[i].body for i in range(3)][1].startswith(b"recipient=")
    assert (
        platform.egress[0].url
        == f"https://graph.facebook.com/v25.0/me/messages?access_token={token}"
    )
    assert platform.egress[0].header("host") == door.graph_base_url.removeprefix("http://")


def test_delete_with_a_json_body_and_head(door: ServerDoor) -> None:
    token = door.platform.config.access_token
    deleted = graph(
        door,
        "DELETE",
        "/v25.0/me/messenger_profile",
        params={"access_token": token},
        content=json.dumps({"fields": ["greeting"]}),
        headers={"content-type": "application/json"},
    )
    assert deleted.status_code == 200 and deleted.json() == {"result": "success"}
    head = graph(door, "HEAD", "/v25.0/me", params={"access_token": token})
    assert head.content == b"" and head.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "code"),
    [
        (
            "POST",
            "/v25.0/me/messages",
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            100,
        ),
        ("POST", "/v25.0/me/messages", {"json": {"message": {"text": "who?"}}}, 100),
        ("GET", "/v25.0/me/nothing_here", {}, 2500),
        ("PATCH", "/v25.0/me/messages", {}, 100),
        (
            "POST",
            "/v25.0/me/messages",
            {
                "content": b"\xff\xfe\x00",
                "headers": {"content-type": "application/x-www-form-urlencoded"},
            },
            100,
        ),
    ],
)
def test_malformed_graph_requests_get_graph_errors(
    door: ServerDoor, method: str, path: str, kwargs: dict[str, Any], code: int
) -> None:
    response = graph(
        door, method, path, params={"access_token": door.platform.config.access_token}, **kwargs
    )
    assert 400 <= response.status_code < 500
    error = response.json()["error"]
    assert error["code"] == code and error["fbtrace_id"]
    assert error["type"] in ("OAuthException", "GraphMethodException")


def test_a_bad_token_is_code_190(door: ServerDoor) -> None:
    response = graph(door, "POST", "/v25.0/me/messages", params={"access_token": "nope"}, json={})
    assert response.status_code == 400 and response.json()["error"]["code"] == 190


def test_bot_process_gets_the_environment_and_answers(tmp_path: Path) -> None:
    door = ServerDoor(bot_command=[sys.executable, str(ECHO_BOT)], ready_timeout=30)
    platform = Platform(PlatformConfig())
    door.start(platform)
    try:
        assert door.bot is not None and door.bot.running
        assert door.last_handshake is not None and door.last_handshake.ok
        psid = platform.create_user().psid
        report = door.dispatch(platform.webhook(platform.events.message(psid, "ping")))
        assert report.ok, report
        replies = platform.wait_for_activity(
            psid, 0, timeout=10, until=lambda found: len(found) >= 2
        )
        assert json.loads(replies[-1].request.body)["message"]["text"] == "echo: ping"
        process = door.bot.process
    finally:
        door.stop()
    assert process is not None and process.poll() is not None


def test_a_bot_that_exits_is_reported_with_its_output() -> None:
    command = [sys.executable, "-c", "import sys; print('missing PAGE_ID config'); sys.exit(3)"]
    door = ServerDoor(bot_command=command, ready_timeout=10)
    with pytest.raises(BotProcessError, match="exited with status 3") as caught:
        door.start(Platform(PlatformConfig()))
    assert "missing PAGE_ID config" in str(caught.value)
    assert door.bot is None and not door._server.running


def test_a_bot_that_never_listens_times_out_and_is_killed() -> None:
    command = [sys.executable, "-c", "import threading; threading.Event().wait()"]
    door = ServerDoor(bot_command=command, ready_timeout=0.5)
    with pytest.raises(BotProcessError, match="did not answer"):
        door.start(Platform(PlatformConfig()))
    assert door.bot is None and not door._server.running


def test_a_bot_with_the_wrong_verify_token_fails_the_handshake() -> None:
    door = ServerDoor(
        bot_command=[sys.executable, str(ECHO_BOT)],
        bot_env={"VERIFY_TOKEN": "something-else"},
        ready_timeout=30,
    )
    with pytest.raises(WebhookVerificationError, match="answered HTTP 403"):
        door.start(Platform(PlatformConfig()))
    assert door.bot is None


@pytest.fixture
def echo_bot_door() -> Any:
    config = PlatformConfig(webhook_timeout=0.3, webhook_retries=1)
    platform = Platform(config)
    door = ServerDoor()
    door.start(platform)
    bot = BackgroundServer(
        load_echo_bot().create_bot(
            door.graph_base_url, config.access_token, config.app_secret, config.verify_token, 1.0
        )
    )
    bot.start()
    door.bot_url = bot.url + "/webhook"
    yield door
    bot.stop()
    door.stop()


def test_a_bot_answering_500_is_reported_with_the_event(echo_bot_door: ServerDoor) -> None:
    platform = echo_bot_door.platform
    psid = platform.create_user().psid
    report = echo_bot_door.dispatch(platform.webhook(platform.events.message(psid, "fail")))
    assert report.status == "error_status" and len(report.attempts) == 2
    assert "HTTP 500" in report.error and report.event in report.error
    assert "message" in report.event


def test_a_slow_bot_is_reported_late(echo_bot_door: ServerDoor) -> None:
    platform = echo_bot_door.platform
    psid = platform.create_user().psid
    report = echo_bot_door.dispatch(platform.webhook(platform.events.message(psid, "slow")))
    assert report.status == "late"
    assert "deadline" in report.error and report.event in report.error


def test_a_bot_that_is_down_is_reported(echo_bot_door: ServerDoor) -> None:
    platform = echo_bot_door.platform
    echo_bot_door.bot_url = f"http://127.0.0.1:{free_port()}/webhook"
    psid = platform.create_user().psid
    report = echo_bot_door.dispatch(platform.webhook(platform.events.postback(psid, "MENU")))
    assert report.status == "no_answer"
    assert "could not reach" in report.error and "postback" in report.error


def test_the_listening_socket_is_tcp_so_asyncio_disables_nagle() -> None:
    """asyncio sets TCP_NODELAY on accepted connections only for sockets created as TCP;
    without it every keep-alive request waited 40 ms for a delayed ACK."""
    import socket

    server = BackgroundServer(load_echo_bot().create_bot("http://127.0.0.1:1", "t", "s", "v"))
    server.start()
    try:
        assert server.socket is not None and server.socket.proto == socket.IPPROTO_TCP
    finally:
        server.stop()


def test_stopping_answers_a_pending_long_poll() -> None:
    import threading

    door = ServerDoor()
    platform = Platform(PlatformConfig())
    door.start(platform)
    psid = platform.create_user().psid
    answers: list[httpx.Response] = []
    waiting = threading.Thread(
        target=lambda: answers.append(
            httpx.get(
                f"{door.control_url}/users/{psid}/replies", params={"timeout": 60}, timeout=90
            )
        )
    )
    waiting.start()
    wait_until(
        lambda: door.app is not None and door.app.state.active_polls == 1, 10, what="the poll"
    )
    door.stop()
    waiting.join(90)
    assert answers and answers[0].status_code == 200
    assert answers[0].json()["timed_out"] is True and answers[0].json()["replies"] == []


def test_guard_sees_graph_calls_as_calls_to_meta() -> None:
    """Requests to the fake are logged as the Graph calls they stand for: no
    "unknown destination" finding for the loopback address, a leak still found."""
    from mockmessenger.boundary import Guard, Policy

    door = ServerDoor(guard=Guard(Policy.default()))
    platform = Platform(PlatformConfig())
    door.start(platform)
    try:
        psid = open_window(platform)
        for text in ("How can I help?", "Your card 4111 1111 1111 1111 is blocked"):
            graph(
                door,
                "POST",
                "/v25.0/me/messages",
                params={"access_token": platform.config.access_token},
                json={"recipient": {"id": psid}, "message": {"text": text}},
            )
        findings = httpx.get(door.control_url + "/findings").json()["data"]
    finally:
        door.stop()
    assert [f["category"] for f in findings] == ["card_number"]
    assert findings[0]["record"] == 1 and "4111 1111 1111 1111" not in str(findings[0])


def test_an_oversized_body_is_refused_before_it_is_buffered() -> None:
    import asyncio

    from mockmessenger.transports.graph_asgi import read_body

    chunks = [{"type": "http.request", "body": b"x" * 8, "more_body": True}] * 3

    async def receive() -> dict[str, Any]:
        return chunks.pop()

    assert asyncio.run(read_body(receive, limit=16)) is None


def test_an_oversized_request_gets_a_graph_error(door: ServerDoor) -> None:
    assert door.app is not None
    door.app.graph.max_body = 1024
    response = graph(door, "POST", "/v25.0/me/message_attachments", content=b"x" * 4096)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == 100

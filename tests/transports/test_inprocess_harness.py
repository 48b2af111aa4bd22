"""Harness behaviour independent of the bot: waiting on network doors, background work, labels."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from mockmessenger.harness import Messenger, NoReplyError, Replies
from mockmessenger.platform import GraphRequest, Platform, PlatformConfig, WebhookResult
from mockmessenger.transports.inprocess import InProcessDoor, SharedLoop

CONFIG = PlatformConfig(seed=31)


class ThreadedDoor:
    """Stands for a network door: the bot answers later, from another thread."""

    synchronous = False
    graph_base_url = "http://127.0.0.1:0"

    def __init__(self, replies: int = 1) -> None:
        self.replies = replies
        self.platform: Platform | None = None
        self.threads: list[threading.Thread] = []

    def start(self, platform: Platform) -> None:
        self.platform = platform

    def stop(self) -> None:
        for thread in self.threads:
            thread.join(timeout=5)

    def env(self) -> dict[str, str]:
        return {}

    def _bot(self, psid: str) -> None:
        assert self.platform is not None
        url = f"https://graph.facebook.com/v25.0/me/messages?access_token={CONFIG.access_token}"
        for i in range(self.replies):
            body = json.dumps({"recipient": {"id": psid}, "message": {"text": f"part {i}"}})
            self.platform.handle(
                GraphRequest("POST", url, {"content-type": "application/json"}, body)
            )

    def deliver(self, webhook) -> WebhookResult:
        psid = webhook.payload["entry"][0]["messaging"][0]["sender"]["id"]
        if self.replies:
            thread = threading.Timer(0.05, self._bot, args=(psid,))
            self.threads.append(thread)
            thread.start()
        return WebhookResult(200, b"ok", 0.001)


def test_network_door_waits_for_the_reply_then_quiet():
    with Messenger(Platform(CONFIG), ThreadedDoor(replies=2), quiet=0.2, timeout=5) as m:
        replies = m.user().say("hello")
    assert replies.texts == ["part 0", "part 1"]


def test_network_door_no_reply_within_timeout():
    with Messenger(Platform(CONFIG), ThreadedDoor(replies=0), quiet=0.05, timeout=0.2) as m:
        user = m.user()
        with pytest.raises(NoReplyError) as caught:
            user.say("anyone?")
    assert "within 0.2 s" in str(caught.value)


def queue_worker_bot() -> Starlette:
    """A bot whose webhook only queues work; a task started at startup answers later."""
    queue: asyncio.Queue[str] = asyncio.Queue()

    async def worker() -> None:
        async with httpx.AsyncClient() as client:
            while True:
                psid = await queue.get()
                await asyncio.sleep(0.01)
                await client.post(
                    f"https://graph.facebook.com/me/messages?access_token={CONFIG.access_token}",
                    json={"recipient": {"id": psid}, "message": {"text": "done later"}},
                )

    @contextlib.asynccontextmanager
    async def lifespan(app):
        task = asyncio.create_task(worker())
        yield
        task.cancel()

    async def webhook(request: Request):
        payload = json.loads(await request.body())
        queue.put_nowait(payload["entry"][0]["messaging"][0]["sender"]["id"])
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/webhook", webhook, methods=["POST"])], lifespan=lifespan)


def test_background_tasks_keep_running_between_steps():
    platform = Platform(CONFIG)
    with Messenger(platform, InProcessDoor(queue_worker_bot()), quiet=0.3) as m:
        user = m.user()
        assert user.say("work please").text == "done later"
        assert user.say("again").text == "done later"


def test_shared_loop_runs_work_left_behind_in_the_background():
    shared = SharedLoop()
    done = threading.Event()

    async def leave_work() -> None:
        async def later() -> None:
            await asyncio.sleep(0.01)
            done.set()

        asyncio.get_running_loop().create_task(later())

    try:
        shared.run(leave_work(), timeout=5)
        assert done.wait(timeout=5)  # ran while no step was running
        assert shared.run(asyncio.sleep(0, result="next step"), timeout=5) == "next step"
    finally:
        shared.close()


def test_shared_loop_timeout_is_a_door_error():
    from mockmessenger.transports.inprocess import DoorError

    shared = SharedLoop()
    try:
        with pytest.raises(DoorError, match=r"did not finish within 0\.05 s"):
            shared.run(asyncio.sleep(10), timeout=0.05)
    finally:
        shared.close()


def test_findings_carry_the_step_label():
    from mockmessenger.boundary.findings import Finding

    class FlagEverything:
        def scan(self, record):
            return [
                Finding(
                    category="canary", detector="test", record=record.index, path="$", masked="•••"
                )
            ]

    def bot(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        psid = json.loads(environ["wsgi.input"].read(length))["entry"][0]["messaging"][0]["sender"][
            "id"
        ]
        httpx.post(
            f"https://graph.facebook.com/me/messages?access_token={CONFIG.access_token}",
            json={"recipient": {"id": psid}, "message": {"text": "ok"}},
        )
        start_response("200 OK", [])
        return [b""]

    with Messenger(Platform(CONFIG), InProcessDoor(bot, kind="wsgi"), guard=FlagEverything()) as m:
        m.user().say("hello")
    assert [f.step for f in m.findings] == ["1. say 'hello'"]


def test_replies_helpers():
    replies = Replies()
    assert replies.last is None and replies.text == "" and replies.quick_replies == []


def test_harness_works_from_inside_a_running_event_loop():
    """An async test calling the (blocking) harness: the door's loop runs in its own thread then."""

    async def echo_bot(scope, receive, send):
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        psid = json.loads(body)["entry"][0]["messaging"][0]["sender"]["id"]
        async with httpx.AsyncClient() as client:
            await client.post(
                f"https://graph.facebook.com/me/messages?access_token={CONFIG.access_token}",
                json={"recipient": {"id": psid}, "message": {"text": "from a raw ASGI app"}},
            )
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def scenario() -> str:
        with Messenger(Platform(CONFIG), InProcessDoor(echo_bot, lifespan=False)) as m:
            return m.user().say("hi").text

    assert asyncio.run(scenario()) == "from a raw ASGI app"

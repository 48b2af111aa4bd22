"""In-process benchmark: one user message through a small Starlette bot that answers
with one Send API call, end to end.

- mockmessenger: ``Messenger`` + ``InProcessDoor`` (signed webhook, platform.handle,
  egress log, transcript, replies collected);
- by hand: ``httpx.ASGITransport`` posting a ready webhook body, and a bare respx
  route answering the Send API call with a canned body.

Same bot code, same process, interleaved blocks. Prints a table; the goal is a
ratio of at most 1.3. Usage: ``python bench/bench_inprocess.py [--blocks N] [--per-block M]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time

import httpx
import respx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from mockmessenger.harness import Messenger
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.inprocess import InProcessDoor

#: Meta's 300 sends/s per Page would trip on a fast machine; the check runs either way.
CONFIG = PlatformConfig(seed=1, send_rate_per_second=1_000_000)
SEND_URL = "https://graph.facebook.com/v25.0/me/messages"


def make_bot() -> Starlette:
    """The bot under test: reads the event, answers with one Send API call."""
    state: dict[str, httpx.AsyncClient] = {}

    async def webhook(request: Request) -> PlainTextResponse:
        client = state.get("client")
        if client is None:
            client = state["client"] = httpx.AsyncClient()
        payload = json.loads(await request.body())
        for entry in payload["entry"]:
            for event in entry["messaging"]:
                text = event["message"]["text"]
                await client.post(
                    SEND_URL,
                    params={"access_token": CONFIG.access_token},
                    json={
                        "recipient": {"id": event["sender"]["id"]},
                        "messaging_type": "RESPONSE",
                        "message": {"text": f"echo: {text}"},
                    },
                )
        return PlainTextResponse("EVENT_RECEIVED")

    return Starlette(routes=[Route("/webhook", webhook, methods=["POST"])])


def run_mockmessenger(messenger: Messenger, user, count: int) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(count):
        replies = user.say(f"hello {i}")
        assert replies.text == f"echo: hello {i}"
    return (time.perf_counter() - started) / count, (time.process_time() - cpu) / count


def run_by_hand(
    loop: asyncio.AbstractEventLoop, client: httpx.AsyncClient, body: bytes, count: int
) -> float:
    canned = {"recipient_id": "1", "message_id": "m_canned"}
    with respx.mock(assert_all_called=False) as router:
        route = router.post(SEND_URL).mock(return_value=httpx.Response(200, json=canned))
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(count):
            response = loop.run_until_complete(
                client.post("/webhook", content=body, headers={"content-type": "application/json"})
            )
            assert response.status_code == 200
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert route.call_count == count
    return elapsed / count, cpu / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=10)
    parser.add_argument("--per-block", type=int, default=100)
    args = parser.parse_args()

    platform = Platform(CONFIG)
    messenger = Messenger(platform, InProcessDoor(make_bot()))
    loop = asyncio.new_event_loop()
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=make_bot()), base_url="https://bot.test"
    )
    event = {
        "sender": {"id": "1"},
        "recipient": {"id": CONFIG.page_id},
        "timestamp": 1,
        "message": {"mid": "m_1", "text": "hello"},
    }
    body = json.dumps(
        {"object": "page", "entry": [{"id": CONFIG.page_id, "time": 1, "messaging": [event]}]}
    ).encode()

    ours: list[tuple[float, float]] = []
    hand: list[tuple[float, float]] = []
    with messenger:
        user = messenger.user()
        run_mockmessenger(messenger, user, 10)  # warm-up
    run_by_hand(loop, client, body, 10)
    for _ in range(args.blocks):
        hand.append(run_by_hand(loop, client, body, args.per_block))
        with messenger:
            platform.reset()
            user = messenger.user()
            ours.append(run_mockmessenger(messenger, user, args.per_block))
    loop.run_until_complete(client.aclose())
    loop.close()

    print(f"{args.blocks} interleaved blocks x {args.per_block} messages (µs per message)")
    print(
        f"{'exchange':<44} {'wall median':>11} {'wall best':>10} {'CPU median':>11} {'CPU best':>9}"
    )
    names = (
        "by hand (ASGITransport + bare respx route)",
        "mockmessenger (Messenger + InProcessDoor)",
    )
    for name, runs in zip(names, (hand, ours), strict=True):
        walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
        print(
            f"{name:<44} {statistics.median(walls) * 1e6:>11.0f} {min(walls) * 1e6:>10.0f}"
            f" {statistics.median(cpus) * 1e6:>11.0f} {min(cpus) * 1e6:>9.0f}"
        )
    for label, i in (("wall", 0), ("CPU", 1)):
        pairwise = statistics.median(o[i] / h[i] for o, h in zip(ours, hand, strict=True))
        best = min(o[i] for o in ours) / min(h[i] for h in hand)
        print(
            f"ratio mockmessenger / by hand, {label}: median of adjacent blocks {pairwise:.2f}x, best {best:.2f}x"
        )
    print("goal: <= 1.30x")


if __name__ == "__main__":
    main()

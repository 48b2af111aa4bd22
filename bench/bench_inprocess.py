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


def run_mockmessenger(messenger: Messenger, user, count: int) -> float:
    started = time.perf_counter()
    for i in range(count):
        replies = user.say(f"hello {i}")
        assert replies.text == f"echo: hello {i}"
    return (time.perf_counter() - started) / count


def run_by_hand(
    loop: asyncio.AbstractEventLoop, client: httpx.AsyncClient, body: bytes, count: int
) -> float:
    canned = {"recipient_id": "1", "message_id": "m_canned"}
    with respx.mock(assert_all_called=False) as router:
        route = router.post(SEND_URL).mock(return_value=httpx.Response(200, json=canned))
        started = time.perf_counter()
        for _ in range(count):
            response = loop.run_until_complete(
                client.post("/webhook", content=body, headers={"content-type": "application/json"})
            )
            assert response.status_code == 200
        elapsed = time.perf_counter() - started
        assert route.call_count == count
    return elapsed / count


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

    ours: list[float] = []
    hand: list[float] = []
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

    med_ours, med_hand = statistics.median(ours), statistics.median(hand)
    pairwise = statistics.median(o / h for o, h in zip(ours, hand, strict=True))
    rows = [
        ("by hand (ASGITransport + bare respx route)", med_hand, min(hand)),
        ("mockmessenger (Messenger + InProcessDoor)", med_ours, min(ours)),
    ]
    print(f"{args.blocks} interleaved blocks x {args.per_block} messages")
    print(f"{'exchange':<46} {'median µs/msg':>14} {'best µs/msg':>12}")
    for name, median, best in rows:
        print(f"{name:<46} {median * 1e6:>14.0f} {best * 1e6:>12.0f}")
    print(
        f"ratio of medians: {med_ours / med_hand:.2f}x   ratio of bests: {min(ours) / min(hand):.2f}x"
    )
    print(f"median of adjacent-block ratios: {pairwise:.2f}x  (goal <= 1.30x)")


if __name__ == "__main__":
    main()

"""What mitmproxy costs: the same conversation through the proxy door and the server door.

Run: ``python bench/bench_proxy.py [--rounds N] [--requests N]``.

Two measurements, in one run so both doors see the same machine load:

1. *Conversation*: the demo bank bot (``python -m bankbot``, httpx) holds the same
   conversation through each door; time per Graph request = wall time of the
   conversation / Graph requests the platform received.
2. *Raw request*: the same Send API call, sequentially with one keep-alive
   ``requests`` session: straight to the server door's HTTP endpoint, and to
   ``https://graph.facebook.com`` through mitmproxy (TLS to the proxy included).

The figure to watch is the ratio proxy / server (goal: at most 3).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx
import requests

from mockmessenger.harness import Messenger
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.proxy.door import ProxyDoor
from mockmessenger.transports.server import ServerDoor

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CONVERSATION = ["hi", "menu", "branches", "exchange rates", "thanks"]


def conversation(door: object, rounds: int) -> tuple[float, int]:
    """Seconds and Graph requests for ``rounds`` users holding CONVERSATION."""
    platform = Platform(PlatformConfig())
    with Messenger(platform, door, timeout=15, quiet=0.0) as messenger:
        messenger.user().say("hi")  # warm-up: connections, bot imports, profile setup
        before = len(platform.egress)
        started = time.perf_counter()
        for _ in range(rounds):
            user = messenger.user()
            for text in CONVERSATION:
                user.say(text)
        elapsed = time.perf_counter() - started
        return elapsed, len(platform.egress) - before


def raw_requests(url: str, count: int, session: requests.Session | httpx.Client) -> list[float]:
    body = {"recipient": {"id": "0"}, "message": {"text": "benchmark"}}
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        session.post(url, params={"access_token": "mock-page-access-token"}, json=body, timeout=10)
        timings.append(time.perf_counter() - started)
    return timings


def clients(proxy: ProxyDoor) -> dict[str, tuple[object, object]]:
    """(direct, through the proxy) client pairs: requests and httpx, keep-alive, no env."""
    direct = requests.Session()
    direct.trust_env = False
    via_proxy = requests.Session()
    via_proxy.trust_env = False
    via_proxy.proxies = {"https": proxy.proxy.url, "http": proxy.proxy.url}
    via_proxy.verify = str(proxy.proxy.ca_cert)
    return {
        "requests": (direct, via_proxy),
        "httpx": (
            httpx.Client(trust_env=False),
            httpx.Client(trust_env=False, proxy=proxy.proxy.url, verify=str(proxy.proxy.ca_cert)),
        ),
    }


def bankbot_command() -> list[str]:
    return [sys.executable, "-m", "bankbot"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4, help="conversations per door")
    parser.add_argument("--requests", type=int, default=200, help="raw requests per door")
    args = parser.parse_args()
    env = {"PYTHONPATH": str(EXAMPLES)}

    server_s, server_n = conversation(
        ServerDoor(bot_command=bankbot_command(), bot_env=env), args.rounds
    )
    proxy_s, proxy_n = conversation(ProxyDoor(bankbot_command(), env=env), args.rounds)
    per_server = server_s / server_n * 1000
    per_proxy = proxy_s / proxy_n * 1000
    print(f"conversation ({args.rounds} x {len(CONVERSATION)} messages, demo bank bot):")
    print(
        f"  server door: {server_n} Graph requests in {server_s:.2f}s = {per_server:.2f} ms/request"
    )
    print(f"  proxy door:  {proxy_n} Graph requests in {proxy_s:.2f}s = {per_proxy:.2f} ms/request")
    print(f"  ratio proxy/server: {per_proxy / per_server:.2f}x")

    platform = Platform(PlatformConfig())
    server = ServerDoor(bot_url="http://127.0.0.1:9/webhook", handshake=False)
    proxy = ProxyDoor(bot_url="http://127.0.0.1:9/webhook")
    server.start(platform)
    proxy.start(platform)
    results: dict[str, tuple[float, float]] = {}
    try:
        server_url = f"{server.graph_base_url}/v25.0/me/messages"
        proxy_url = "https://graph.facebook.com/v25.0/me/messages"
        for name, (direct, via_proxy) in clients(proxy).items():
            raw_requests(server_url, 20, direct)  # warm-up
            raw_requests(proxy_url, 20, via_proxy)
            server_t = raw_requests(server_url, args.requests, direct)
            proxy_t = raw_requests(proxy_url, args.requests, via_proxy)
            results[name] = (statistics.median(server_t), statistics.median(proxy_t))
    finally:
        proxy.stop()
        server.stop()
    print(f"raw Send API request ({args.requests} sequential, keep-alive), median:")
    for name, (s_med, p_med) in results.items():
        print(
            f"  {name:8} server door (http) {s_med * 1000:6.2f} ms | "
            f"proxy door (https via mitmproxy) {p_med * 1000:6.2f} ms | "
            f"ratio {p_med / s_med:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

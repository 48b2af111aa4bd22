"""Send API requests per second: ``mockmessenger serve`` against a bare Starlette endpoint.

Both servers run as child processes on the same uvicorn configuration
(``mockmessenger.transports.uvicorn_thread.uvicorn_config``, uvicorn in a
background thread), are hit by the same client (threads, each with a keep-alive
httpx client) with the same request, in interleaved rounds of the same run. The
bare endpoint returns the same JSON a successful send returns, without checking
anything. Goal: mockmessenger at least 0.5x the bare endpoint.

    python bench/bench_server.py [--rounds 3] [--seconds 2] [--threads 4]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

TOKEN = "bench-token"
VERIFY_TOKEN = "bench-verify"
ANSWER = {
    "recipient_id": "0",
    "message_id": "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P",
}


def bare_app() -> object:
    """Starlette answering the Send API path with a canned success, nothing else."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def send(request: Request) -> JSONResponse:
        await request.body()
        return JSONResponse(ANSWER)

    return Starlette(routes=[Route("/v25.0/me/messages", send, methods=["POST"])])


def sink_app() -> object:
    """A webhook receiver that accepts everything: opens the 24-hour window for the bench user."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def verify(request: Request) -> PlainTextResponse:
        if request.query_params.get("hub.verify_token") != VERIFY_TOKEN:
            return PlainTextResponse("forbidden", status_code=403)
        return PlainTextResponse(request.query_params.get("hub.challenge", ""))

    async def receive(request: Request) -> PlainTextResponse:
        return PlainTextResponse("EVENT_RECEIVED")

    return Starlette(
        routes=[
            Route("/webhook", verify, methods=["GET"]),
            Route("/webhook", receive, methods=["POST"]),
        ]
    )


def serve_bare() -> None:
    """Child-process entry: the bare endpoint on the same uvicorn setup as mockmessenger."""
    from mockmessenger.transports.uvicorn_thread import BackgroundServer

    server = BackgroundServer(bare_app(), "127.0.0.1", 0)
    print(f"bare on {server.start()}", flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    server.stop()


@dataclass
class Target:
    name: str
    command: list[str]
    url: str = ""
    process: subprocess.Popen[str] | None = None
    rates: list[float] = field(default_factory=list)
    cpu_per_request: list[float] = field(default_factory=list)
    errors: int = 0

    def cpu_seconds(self) -> float:
        """User + system CPU the server process used so far (Linux /proc)."""
        assert self.process is not None
        with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            found = re.search(r"on (http://127\.0\.0\.1:\d+)", line)
            if found:
                self.url = found.group(1)
                break
        if not self.url:
            raise SystemExit(f"{self.name} did not start")
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def stop(self) -> None:
        if self.process is None:
            return
        if self.name == "bare":
            assert self.process.stdin is not None
            self.process.stdin.close()
        else:
            self.process.terminate()
        self.process.wait(30)


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def hammer(url: str, psid: str, seconds: float, threads: int) -> tuple[int, int, float]:
    """Requests answered (and non-200s) by ``threads`` keep-alive clients in ``seconds``."""
    body = {
        "recipient": {"id": psid},
        "messaging_type": "RESPONSE",
        "message": {"text": "Your request is being processed"},
    }
    counts = [0] * threads
    failures = [0] * threads
    start = threading.Barrier(threads + 1)
    deadline = [0.0]

    def worker(i: int) -> None:
        # TCP_NODELAY: httpcore writes headers and body separately; Nagle would add 40 ms.
        transport = httpx.HTTPTransport(
            socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
        )
        with httpx.Client(
            base_url=url, params={"access_token": TOKEN}, transport=transport
        ) as client:
            client.post("/v25.0/me/messages", json=body)  # connect before the clock starts
            start.wait()
            while time.perf_counter() < deadline[0]:
                if client.post("/v25.0/me/messages", json=body).status_code != 200:
                    failures[i] += 1
                counts[i] += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in pool:
        thread.join()
    return sum(counts), sum(failures), time.perf_counter() - began


def engaged_user(control: str) -> str:
    with httpx.Client(base_url=control, timeout=30) as client:
        psid = client.post("/users", json={}).json()["psid"]
        said = client.post(f"/users/{psid}/say", json={"text": "hello"}).json()
        if not said["delivery"]["ok"]:
            raise SystemExit(f"could not open the window: {said['delivery']}")
    return psid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--serve-bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare()
        return 0

    from mockmessenger.transports.uvicorn_thread import BackgroundServer

    sink = BackgroundServer(sink_app())
    sink_url = sink.start() + "/webhook"
    serve = [sys.executable, "-m", "mockmessenger", "serve", "--port", "0", "--access-token", TOKEN]
    serve += ["--send-rate", "1000000000", "--bot-url", sink_url, "--verify-token", VERIFY_TOKEN]
    targets = [
        Target("mockmessenger serve", serve),
        Target("mockmessenger serve --no-guard", [*serve, "--no-guard"]),
        Target("bare", [sys.executable, os.path.abspath(__file__), "--serve-bare"]),
    ]
    try:
        for target in targets:
            target.start()
        psids = {
            t.name: engaged_user(t.url + "/_mockmessenger") for t in targets if t.name != "bare"
        }
        for _ in range(args.rounds):
            for target in targets:
                cpu = target.cpu_seconds()
                done, failed, elapsed = hammer(
                    target.url, psids.get(target.name, "0"), args.seconds, args.threads
                )
                target.cpu_per_request.append((target.cpu_seconds() - cpu) / max(done, 1))
                target.rates.append(done / elapsed)
                target.errors += failed
    finally:
        for target in targets:
            target.stop()
        sink.stop()

    bare = targets[-1]
    median: Callable[[list[float]], float] = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    print(
        f"Send API requests/s, {args.rounds} interleaved rounds of {args.seconds:g} s, "
        f"{args.threads} keep-alive client threads"
    )
    print(
        f"{'server':<34}{'best':>8}{'median':>8}{'non-200':>9}{'vs bare':>9}"
        f"{'CPU us/req':>12}{'vs bare':>9}"
    )
    for target in targets:
        cpu = median(target.cpu_per_request)
        print(
            f"{target.name:<34}{max(target.rates):>8.0f}{median(target.rates):>8.0f}{target.errors:>9}"
            f"{median(target.rates) / median(bare.rates):>8.2f}x{cpu * 1e6:>12.0f}"
            f"{median(bare.cpu_per_request) / cpu:>8.2f}x"
        )
    print(
        "vs bare: median throughput ratio, and the server CPU per request of bare / this server "
        "(what throughput would be with a core to itself; steadier on a shared machine)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

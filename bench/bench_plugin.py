"""Benchmark: the pytest plugin against the same conversations driven by hand.

Run ``python bench/bench_plugin.py`` (``--help`` for sizes). It writes two pytest
suites to a temporary directory, against the same small in-process bank bot
(Starlette + httpx, the way a bank writes one):

- **plugin**: ``N`` tests of ``T`` turns each, using the ``messenger_user`` fixture
  (fake platform, in-process door, boundary guard scanning every request, canary
  customer per test, conversation recorded for the reports);
- **by hand**: the same conversations with no plugin (``-p no:mockmessenger``):
  a respx router answering the Send API, a signed webhook built by hand and
  posted with Starlette's TestClient, the reply read from the captured request.

Both run in this process with ``pytest.main`` (a warm-up run of each first, so that
imports are paid before timing), interleaved, ``--repeats`` times. Each run is
timed in CPU seconds of this process (``time.process_time``: what a shared, noisy
machine does not inflate as much) and wall seconds; the ratio is the median of the
ratios of adjacent runs (paired), so that a burst of load on the machine hits both
sides of a pair.

Then the plugin suite runs in subprocesses with ``-n 0`` and ``-n 2``
(pytest-xdist), alternately, ``--xdist-repeats`` times: wall clock including
interpreter start-up, and CPU seconds of the child processes (``getrusage``). With
``-n 2`` each of the two workers starts an interpreter, imports pytest, its plugins
and the bot, and compiles the guard; the work is split in two, so ``-n 2`` only wins
when two cores are free for it. To tell start-up from work, each mode also runs with
every test deselected (``-k``): start-up alone, subtracted to give the work.

Plain script: figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

BOT = """
import hashlib
import hmac
import json

import httpx
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

SECRET = b"mock-app-secret"
GRAPH = "https://graph.facebook.com/v25.0/me/messages"
TOKEN = "mock-page-access-token"
REPLIES = {
    "hi": "Welcome to Demo Bank! How can I help?",
    "balance": "Balances are shown in the Demo Bank app only.",
    "cards": "Your Visa card ending in 1234 is active.",
    "رصيدي": "رصيدك متاح في تطبيق البنك فقط",
    "bye": "Thanks for banking with us.",
}


class Backend:
    def __init__(self):
        self.customers = {}

    def register(self, customer, psid):
        self.customers[psid] = customer

    def reset(self):
        self.customers.clear()


def create_app():
    backend = Backend()
    client = httpx.AsyncClient()

    async def webhook(request):
        body = await request.body()
        expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, request.headers.get("x-hub-signature-256", "")):
            return JSONResponse({"error": "bad signature"}, status_code=403)
        for entry in json.loads(body)["entry"]:
            for event in entry.get("messaging", []):
                text = (event.get("message") or {}).get("text")
                if text is None:
                    continue
                reply = REPLIES.get(text.strip("?؟ ").lower(), "Sorry, I did not get that.")
                await client.post(GRAPH, params={"access_token": TOKEN}, json={
                    "recipient": {"id": event["sender"]["id"]},
                    "messaging_type": "RESPONSE",
                    "message": {"text": reply, "quick_replies": [
                        {"content_type": "text", "title": "Balance", "payload": "BALANCE"}]},
                })
        return JSONResponse({"ok": True})

    app = Starlette(routes=[Route("/webhook", webhook, methods=["POST"])])
    app.state.backend = backend
    return app


app = create_app()
"""

TURNS = ["hi", "balance", "cards", "رصيدي؟", "bye"]

PLUGIN_SUITE = """
import pytest

TURNS = {turns!r}


@pytest.mark.parametrize("n", range({n}))
def test_conversation(messenger_user, n):
    user = messenger_user(locale="ar_SA" if n % 2 else "en_US", customer=True)
    for text in TURNS:
        replies = user.say(text)
        assert replies.text
"""

HAND_SUITE = """
import hashlib
import hmac
import json
import time

import httpx
import pytest
import respx
from starlette.testclient import TestClient

from benchbot import SECRET, create_app

TURNS = {turns!r}


@pytest.fixture(scope={scope!r})
def bot():
    sent = []

    def send(request):
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={{"recipient_id": "1", "message_id": f"m_{{len(sent)}}"}})

    with respx.mock(assert_all_called=False) as router:
        router.post(url__regex=r"https://graph\\.facebook\\.com/v[0-9.]+/me/messages").mock(side_effect=send)
        with TestClient(create_app()) as client:
            yield client, sent


def say(client, psid, text):
    body = json.dumps({{"object": "page", "entry": [{{"id": "1067280970047460", "time": int(time.time() * 1000),
        "messaging": [{{"sender": {{"id": psid}}, "recipient": {{"id": "1067280970047460"}},
                        "timestamp": int(time.time() * 1000),
                        "message": {{"mid": f"m.{{psid}}.{{text}}", "text": text}}}}]}}]}}).encode()
    signature = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    response = client.post("/webhook", content=body, headers={{
        "content-type": "application/json", "x-hub-signature-256": signature}})
    assert response.status_code == 200


@pytest.mark.parametrize("n", range({n}))
def test_conversation(bot, n):
    client, sent = bot
    psid = str(7_000_000_000_000_000 + n)
    for text in TURNS:
        before = len(sent)
        say(client, psid, text)
        assert len(sent) > before and sent[-1]["message"]["text"]
"""


def write_suites(root: Path, n: int) -> tuple[Path, Path, Path]:
    (root / "benchbot.py").write_text(BOT, encoding="utf-8")
    plugin_dir, hand_dir, shared_dir = root / "plugin", root / "hand", root / "hand_shared"
    for folder in (plugin_dir, hand_dir, shared_dir):
        folder.mkdir()
    (plugin_dir / "test_plugin_conversations.py").write_text(
        PLUGIN_SUITE.format(turns=TURNS, n=n), encoding="utf-8"
    )
    (hand_dir / "test_hand_conversations.py").write_text(
        HAND_SUITE.format(turns=TURNS, n=n, scope="function"), encoding="utf-8"
    )
    (shared_dir / "test_hand_shared_conversations.py").write_text(
        HAND_SUITE.format(turns=TURNS, n=n, scope="session"), encoding="utf-8"
    )
    (root / "pytest.ini").write_text(
        textwrap.dedent(
            """
            [pytest]
            mockmessenger_app = benchbot:app
            """
        ),
        encoding="utf-8",
    )
    (root / "hand.ini").write_text("[pytest]\n", encoding="utf-8")
    return plugin_dir, hand_dir, shared_dir


#: pytest plugins installed in the development venv that a bank's suite may not have:
#: importing them is most of the start-up of every interpreter (xdist workers included).
UNRELATED_PLUGINS = ("hypothesispytest", "schemathesis", "faker", "anyio")

COMMON = ["-q", "-p", "no:cacheprovider", "-p", "no:randomly", "--no-header", "-o", "addopts="]


def run_inline(args: list[str]) -> tuple[float, float]:
    """(wall s, CPU s) of one in-process pytest run."""
    started, cpu = time.perf_counter(), time.process_time()
    code = pytest.main([*COMMON, *args])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if code != 0:
        raise SystemExit(f"the benchmark suite failed (exit {code}): {args}")
    return elapsed, cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_subprocess(args: list[str], cwd: Path) -> tuple[float, float]:
    """(wall s, CPU s of the process tree) of one pytest run in a subprocess."""
    inherited = os.environ.get("PYTHONPATH")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(cwd), inherited])))
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *COMMON, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if done.returncode not in (0, 5):  # 5: every test deselected (the start-up runs)
        raise SystemExit(
            f"the benchmark suite failed:\n{done.stdout[-3000:]}\n{done.stderr[-2000:]}"
        )
    return elapsed, cpu


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--xdist-repeats", type=int, default=3)
    parser.add_argument("--skip-xdist", action="store_true", help="only the plugin/by-hand ratio")
    parser.add_argument("--xdist-only", action="store_true", help="only -n 2 against -n 0")
    parser.add_argument(
        "--xdist-lean",
        action="store_true",
        help="xdist runs without the unrelated pytest plugins of this venv (hypothesis, "
        "schemathesis, faker, anyio), whose import is most of an interpreter's start-up",
    )
    parser.add_argument(
        "--shared-only",
        action="store_true",
        help="compare with the fair baseline only (one bot for all tests)",
    )
    args = parser.parse_args(argv)
    turns = len(TURNS)
    with tempfile.TemporaryDirectory(prefix="mm-bench-plugin-") as tmp:
        root = Path(tmp)
        plugin_dir, hand_dir, shared_dir = write_suites(root, args.conversations)
        os.chdir(root)
        sys.path.insert(0, str(root))
        ini = ["--rootdir", str(root), "-c", str(root / "pytest.ini")]
        hand = ["--rootdir", str(root), "-c", str(root / "hand.ini"), "-p", "no:mockmessenger"]
        hand += ["-W", "ignore"]  # the baseline suites, not their dependencies, are measured
        suites = {
            "by hand, bot + respx per test": [str(hand_dir), *hand],
            "by hand, one bot for all tests": [str(shared_dir), *hand],
            "plugin (fixtures + guard)": [str(plugin_dir), *ini],
        }
        if args.shared_only:
            del suites["by hand, bot + respx per test"]
        if args.xdist_only:
            args.repeats = 0
            suites = {}
        else:
            print(
                f"{args.conversations} conversations x {turns} turns, in-process bot, "
                f"{args.repeats} interleaved runs of each (after one warm-up run of each)"
            )
        for suite in suites.values():
            run_inline(suite)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in suites}
        for _ in range(args.repeats):
            for name, suite in suites.items():
                times[name].append(run_inline(suite))
        total_turns = args.conversations * turns
        if times:
            print()
            print(
                f"{'suite':<34}{'wall median':>12}{'wall best':>10}{'CPU median':>11}"
                f"{'CPU best':>9}{'CPU ms/turn':>12}"
            )
        for name, runs in times.items():
            walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
            print(
                f"{name:<34}{_median(walls):>12.2f}{min(walls):>10.2f}{_median(cpus):>11.2f}"
                f"{min(cpus):>9.2f}{_median(cpus) * 1000 / total_turns:>12.2f}"
            )
        plugin = times.get("plugin (fixtures + guard)")
        for name in [n for n in suites if n.startswith("by hand")]:
            if not plugin:
                break
            for label, i in (("CPU", 1), ("wall", 0)):
                paired = _median([p[i] / h[i] for p, h in zip(plugin, times[name], strict=True)])
                best = min(p[i] for p in plugin) / min(h[i] for h in times[name])
                print(
                    f"ratio plugin / {name}, {label}: median of paired runs {paired:.2f}x, "
                    f"best {best:.2f}x (goal <= 1.3x)"
                )
        if not args.skip_xdist:
            print()
            print(
                "pytest-xdist, plugin suite in subprocesses, alternately "
                f"{args.xdist_repeats} times (start-up included):"
            )
            none = ["-k", "no_test_is_named_this"]
            lean = [f"-p no:{name}" for name in UNRELATED_PLUGINS] if args.xdist_lean else []
            lean = [part for option in lean for part in option.split()]
            if lean:
                print(f"  (without the unrelated plugins {', '.join(UNRELATED_PLUGINS)})")
            modes = {
                "-n 0": [str(plugin_dir), "-n", "0", *lean],
                "-n 2": [str(plugin_dir), "-n", "2", *lean],
                "-n 0, start-up only": [str(plugin_dir), "-n", "0", *none, *lean],
                "-n 2, start-up only": [str(plugin_dir), "-n", "2", *none, *lean],
            }
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name in modes}
            for _ in range(args.xdist_repeats):
                for name, mode_args in modes.items():
                    runs[name].append(run_subprocess(mode_args, root))
            for name, measured in runs.items():
                walls, cpus = [r[0] for r in measured], [r[1] for r in measured]
                print(
                    f"  {name:<22} wall median {_median(walls):6.2f} s (best {min(walls):5.2f}), "
                    f"CPU median {_median(cpus):6.2f} s"
                )
            for mode in ("-n 0", "-n 2"):
                wall = _median([r[0] for r in runs[mode]])
                cpu = _median([r[1] for r in runs[mode]])
                start_wall = _median([r[0] for r in runs[f"{mode}, start-up only"]])
                start_cpu = _median([r[1] for r in runs[f"{mode}, start-up only"]])
                print(
                    f"  {mode}, work only (minus start-up): wall {wall - start_wall:6.2f} s, "
                    f"CPU {cpu - start_cpu:6.2f} s"
                )
            speedup = _median(
                [a[0] / b[0] for a, b in zip(runs["-n 0"], runs["-n 2"], strict=True)]
            )
            print(
                f"  wall speed-up of -n 2 (median of paired runs): {speedup:.2f}x; "
                f"machine has {os.cpu_count()} cores, load average "
                f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

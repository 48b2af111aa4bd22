"""The addons' logic inside mitmproxy's test context (no sockets, no processes)."""

from __future__ import annotations

import asyncio
import json

import pytest
from mitmproxy import exceptions, http
from mitmproxy.proxy.mode_specs import ProxyMode
from mitmproxy.test import taddons, tflow

from mockmessenger.boundary import Guard
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.proxy.fake_graph import FakeGraph
from mockmessenger.transports.proxy.flows import psid_of
from mockmessenger.transports.proxy.guard_addon import GuardAddon

LEAK = json.dumps({"recipient": {"id": "1"}, "message": {"text": "card 4111 1111 1111 1111"}})


def _run(coroutine) -> None:
    asyncio.run(coroutine)


def _flow(url: str, body: str = "", method: str = "POST", mode: str = "regular") -> http.HTTPFlow:
    flow = tflow.tflow()
    flow.request = http.Request.make(method, url, body, {"content-type": "application/json"})
    flow.client_conn.proxy_mode = ProxyMode.parse(mode)
    return flow


def _policy(tmp_path, trusted: list[str]) -> str:
    from importlib import resources

    text = resources.files("mockmessenger.data").joinpath("default-policy.yaml").read_text()
    text = text.replace("  trusted: []", "  trusted: [" + ", ".join(trusted) + "]")
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    return str(path)


def test_guard_blocks_with_a_graph_error_and_never_the_value():
    addon = GuardAddon(Guard(), mode="block")
    with taddons.context(addon, loadcore=False):
        flow = _flow("https://graph.facebook.com/v25.0/me/messages", LEAK)
        addon.request(flow)
    assert flow.response is not None and flow.response.status_code == 403
    error = json.loads(flow.response.content)["error"]
    assert error["type"] == "MockMessengerGuardBlocked"
    assert "card_number at $.message.text" in error["message"]
    assert "4111" not in flow.response.text
    assert flow.metadata["mockmessenger_blocked"] is True
    assert [r.host for r in addon.blocked] == ["graph.facebook.com"]


def test_guard_reports_without_touching_the_flow_and_writes_masked_jsonl(tmp_path):
    addon = GuardAddon(Guard())
    report = tmp_path / "findings.jsonl"
    with taddons.context(addon, loadcore=False) as tctx:
        tctx.configure(addon, guard_report=str(report))
        flow = _flow("https://graph.facebook.com/v25.0/me/messages", LEAK)
        addon.request(flow)
    assert flow.response is None
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert [f["category"] for f in lines] == ["card_number"]
    assert "4111 1111 1111 1111" not in report.read_text()


def test_guard_skips_trusted_hosts_and_inbound_webhooks(tmp_path):
    addon = GuardAddon(mode="block")
    with taddons.context(addon, loadcore=False) as tctx:
        tctx.configure(addon, guard_policy=_policy(tmp_path, ["core.bank.internal"]))
        trusted = _flow("https://core.bank.internal/cards", LEAK)
        inbound = _flow("http://127.0.0.1:8080/webhook", LEAK, mode="reverse:http://127.0.0.1:8080")
        outside = _flow("https://analytics.example.com/track", LEAK)
        for flow in (trusted, inbound, outside):
            addon.request(flow)
    assert trusted.response is None and inbound.response is None
    assert outside.response is not None and outside.response.status_code == 403
    assert addon.scanned == 1


def test_guard_options_are_checked():
    addon = GuardAddon()
    with (
        taddons.context(addon, loadcore=False) as tctx,
        pytest.raises(exceptions.OptionsError, match="guard_mode"),
    ):
        tctx.configure(addon, guard_mode="panic")


def test_guard_bad_policy_file_names_the_file(tmp_path):
    bad = tmp_path / "policy.yaml"
    bad.write_text("forbidden: [not_a_category]\n")
    addon = GuardAddon()
    with (
        taddons.context(addon, loadcore=False) as tctx,
        pytest.raises(exceptions.OptionsError, match=r"policy\.yaml"),
    ):
        tctx.configure(addon, guard_policy=str(bad))


def test_fake_graph_answers_from_the_platform():
    platform = Platform(PlatformConfig())
    user = platform.create_user("en_US")
    addon = FakeGraph(platform)
    message = {"text": "hello"}
    body = json.dumps(
        {
            "recipient": {"id": user.psid},
            "messaging_type": "MESSAGE_TAG",
            "tag": "ACCOUNT_UPDATE",
            "message": message,
        }
    )
    with taddons.context(addon, loadcore=False):
        flow = _flow(
            f"https://graph.facebook.com/v25.0/me/messages?access_token={platform.config.access_token}",
            body,
        )
        _run(addon.request(flow))
    assert flow.response.status_code == 200
    assert json.loads(flow.response.content)["recipient_id"] == user.psid
    assert platform.egress[-1].host == "graph.facebook.com"


def test_fake_graph_answers_other_graph_hosts_and_says_graph_errors():
    platform = Platform(PlatformConfig())
    addon = FakeGraph(platform)
    with taddons.context(addon, loadcore=False):
        flow = _flow("https://graph-video.facebook.com/v25.0/me/messages?access_token=wrong", "{}")
        _run(addon.request(flow))
    assert flow.response.status_code in (400, 401, 403)
    assert "error" in json.loads(flow.response.content)


def test_fake_graph_external_answer_mode_logs_and_answers_locally():
    platform = Platform(PlatformConfig())
    addon = FakeGraph(platform, external="answer")
    with taddons.context(addon, loadcore=False):
        flow = _flow("https://analytics.example.com/track", '{"a": 1}')
        _run(addon.request(flow))
    assert flow.response.status_code == 200 and flow.response.content == b"{}"
    assert platform.egress[-1].host == "analytics.example.com"
    assert platform.egress[-1].source == "external"


def test_fake_graph_forward_mode_leaves_other_hosts_alone_and_ignores_webhooks():
    platform = Platform(PlatformConfig())
    addon = FakeGraph(platform)
    with taddons.context(addon, loadcore=False):
        outgoing = _flow("https://analytics.example.com/track", '{"a": 1}')
        webhook = _flow("http://127.0.0.1:8080/webhook", "{}", mode="reverse:http://127.0.0.1:8080")
        _run(addon.request(outgoing))
        _run(addon.request(webhook))
    assert outgoing.response is None and webhook.response is None
    assert [r.host for r in platform.egress] == ["analytics.example.com"]


def test_fake_graph_standalone_builds_its_platform_from_options():
    addon = FakeGraph()
    with taddons.context(addon, loadcore=False) as tctx:
        tctx.configure(addon, graph_access_token="token-from-options")
        good = _flow(
            "https://graph.facebook.com/v25.0/me?access_token=token-from-options", method="GET"
        )
        bad = _flow("https://graph.facebook.com/v25.0/me?access_token=other", method="GET")
        _run(addon.request(good))
        _run(addon.request(bad))
    assert good.response.status_code == 200
    assert bad.response.status_code != 200
    assert addon.platform.config.access_token == "token-from-options"


def test_fake_graph_upstream_redirects_graph_requests():
    addon = FakeGraph()
    with taddons.context(addon, loadcore=False) as tctx:
        tctx.configure(addon, graph_upstream="http://127.0.0.1:8900")
        flow = _flow("https://graph.facebook.com/v25.0/me/messages", "{}")
        _run(addon.request(flow))
    assert flow.response is None
    assert (flow.request.scheme, flow.request.host, flow.request.port) == (
        "http",
        "127.0.0.1",
        8900,
    )
    assert flow.request.path == "/v25.0/me/messages"


def test_fake_graph_rejects_an_unknown_external_mode():
    addon = FakeGraph(Platform(PlatformConfig()))
    with (
        taddons.context(addon, loadcore=False) as tctx,
        pytest.raises(exceptions.OptionsError, match="graph_external"),
    ):
        tctx.configure(addon, graph_external="drop")


def test_door_builds_its_guard_from_the_policy_it_is_given():
    from mockmessenger.boundary import Policy
    from mockmessenger.transports.proxy.door import ProxyDoor

    policy = Policy.default()
    door = ProxyDoor(bot_url="http://127.0.0.1:9/webhook", guard_mode="block", policy=policy)
    assert door.guard_addon.guard.policy is policy
    assert door.guard_addon.mode == "block"
    with pytest.raises(ValueError, match="bot_command"):
        ProxyDoor()


def test_fake_graph_reads_a_gzip_body_and_the_guard_still_sees_the_leak():
    import gzip

    platform = Platform(PlatformConfig())
    user = platform.create_user("en_US")
    body = json.dumps(
        {
            "recipient": {"id": user.psid},
            "messaging_type": "MESSAGE_TAG",
            "tag": "ACCOUNT_UPDATE",
            "message": {"text": "card 4111 1111 1111 1111"},
        }
    )
    guard, fake = GuardAddon(Guard()), FakeGraph(platform)
    with taddons.context(guard, fake, loadcore=False):
        flow = _flow(
            f"https://graph.facebook.com/v25.0/me/messages?access_token={platform.config.access_token}"
        )
        flow.request.headers["content-encoding"] = "gzip"
        flow.request.raw_content = gzip.compress(body.encode())
        guard.request(flow)
        _run(fake.request(flow))
    assert flow.response.status_code == 200
    assert [f.category for f in guard.findings] == ["card_number"]


def test_fake_graph_latency_fault_keeps_the_proxy_loop_free():
    platform = Platform(PlatformConfig())
    platform.faults.latency(0.3, times=1)
    addon = FakeGraph(platform)

    async def both() -> tuple[bool, http.HTTPFlow]:
        slow = _flow("https://graph.facebook.com/v25.0/me?access_token=x", method="GET")
        fast = _flow("https://analytics.example.com/track", "{}")
        task = asyncio.ensure_future(addon.request(slow))
        await asyncio.sleep(0)  # let the slow one start and park in its thread
        await addon.request(fast)  # the loop still serves other flows meanwhile
        done_before = task.done()
        await task
        return done_before, slow

    with taddons.context(addon, loadcore=False):
        done_before, slow = asyncio.run(both())
    assert not done_before
    assert slow.response is not None


@pytest.mark.parametrize(
    ("body", "psid"),
    [
        (b'{"recipient": {"id": "123"}}', "123"),
        (b"recipient=%7B%22id%22%3A%22123%22%7D&message=x", "123"),
        (b"recipient=%7B%27id%27%3A%27123%27%7D&message=x", "123"),  # Meta's sample, single quotes
        (b"recipient=%7B%22id%22%3ANaN%7D", None),
    ],
)
def test_the_thread_of_a_proxied_send_is_read_from_any_body_graph_accepts(body, psid):
    assert psid_of(body) == psid

"""Fault injection, rate limits and usage headers, echoes, webhook delivery reports."""

from __future__ import annotations

import json
import time

import pytest

from mockmessenger.platform import PlatformConfig, WebhookDispatcher, WebhookResult
from mockmessenger.platform.webhooks import run_handshake


def test_graph_error_fault_by_name_fires_once(graph, psid):
    graph.platform.faults.graph_error("rate_limited", path="/messages")
    error = graph.error(graph.send(psid, {"text": "x"}))
    assert error["code"] == 613
    assert error["message"] == "(#613) Calls to this api have exceeded the rate limit."
    assert graph.send(psid, {"text": "x"}).status == 200


def test_expired_token_fault(graph, psid):
    graph.platform.faults.graph_error("expired_token", times=2)
    assert graph.error(graph.send(psid, {"text": "x"}))["error_subcode"] == 463
    assert graph.error(graph.get(psid))["error_subcode"] == 463
    assert graph.send(psid, {"text": "x"}).status == 200


def test_graph_error_fault_by_code_and_matching(graph, psid):
    graph.platform.faults.graph_error(
        code=2,
        subcode=2018344,
        message="(#2) Service temporarily unavailable",
        status=500,
        call="send",
    )
    assert graph.get(psid).status == 200  # not a send: untouched
    response = graph.send(psid, {"text": "x"})
    assert response.status == 500
    assert (response.json()["error"]["code"], response.json()["error"]["error_subcode"]) == (
        2,
        2018344,
    )


def test_http_status_fault_is_still_graph_json(graph, psid):
    graph.platform.faults.http_status(503, times=None, psid=psid)
    for _ in range(2):
        response = graph.send(psid, {"text": "x"})
        assert response.status == 503
        assert response.json()["error"]["is_transient"] is True
    graph.platform.faults.clear()
    assert graph.send(psid, {"text": "x"}).status == 200


def test_latency_fault_delays_the_answer(graph, psid):
    graph.platform.faults.latency(0.2)
    started = time.perf_counter()
    assert graph.send(psid, {"text": "x"}).status == 200
    assert time.perf_counter() - started >= 0.2


def test_unknown_fault_name_is_a_clear_error(fake):
    with pytest.raises(ValueError, match="unknown Graph error 'nope'"):
        fake.faults.graph_error("nope")


def test_faulted_requests_are_still_logged(graph, psid):
    graph.platform.faults.graph_error("invalid_token")
    graph.send(psid, {"text": "x"})
    assert graph.platform.egress[-1].meta["status"] == 400


def test_send_rate_limit_is_613(configured):
    _, g, psid = configured(send_rate_per_second=3)
    assert [g.send(psid, sender_action="typing_on").status for _ in range(3)] == [200] * 3
    error = g.error(g.send(psid, {"text": "x"}))
    assert error["code"] == 613 and error["is_transient"] is True


def test_media_send_rate_is_lower(configured, clock):
    _, g, psid = configured(media_send_rate_per_second=1)
    video = {"attachment": {"type": "video", "payload": {"url": "https://x.test/v.mp4"}}}
    assert g.send(psid, video).status == 200
    assert g.error(g.send(psid, video))["code"] == 613
    clock.advance(1.5)
    assert g.send(psid, video).status == 200


def test_usage_headers(graph, psid, fake):
    response = graph.send(psid, {"text": "x"})
    app = json.loads(response.headers["x-app-usage"])
    assert set(app) == {"call_count", "total_cputime", "total_time"}
    buc = json.loads(response.headers["x-business-use-case-usage"])
    (usage,) = buc[fake.config.page_id]
    assert usage["type"] == "messenger"
    assert usage["estimated_time_to_regain_access"] == 0
    other = json.loads(graph.get(psid).headers["x-business-use-case-usage"])
    assert other[fake.config.page_id][0]["type"] == "pages"


def test_usage_headers_only_past_a_threshold(configured):
    _, g, psid = configured(usage_headers_from_percent=50, calls_per_engaged_user=4)
    assert "x-app-usage" not in g.get(psid).headers
    assert "x-app-usage" in g.get(psid).headers  # 2 of 4 calls: 50 %


def test_echoes_when_subscribed(configured):
    fake, g, psid = configured(subscribed_fields=("messages", "message_echoes"))
    mid = g.send(psid, {"text": "hi", "metadata": "trace-1"}).json()["message_id"]
    g.send(psid, sender_action="typing_on")
    (echo,) = fake.take_outbox()
    assert echo["message"] == {
        "is_echo": True,
        "app_id": int(fake.config.app_id),
        "mid": mid,
        "metadata": "trace-1",
        "text": "hi",
    }
    assert fake.take_outbox() == []


def test_no_echoes_by_default(graph, psid):
    graph.send(psid, {"text": "hi"})
    assert graph.platform.take_outbox() == []


def test_bot_can_subscribe_to_echoes(graph, psid):
    graph.post("me/subscribed_apps", query={"subscribed_fields": "messages,message_echoes"})
    graph.send(psid, {"text": "hi"})
    assert len(graph.platform.take_outbox()) == 1


# -- delivery ---------------------------------------------------------------------------


def _webhook(fake):
    user = fake.create_user()
    return fake.webhook(fake.events.message(user.psid, "hi"))


def test_delivery_ok_first_time(fake):
    sent = []
    report = WebhookDispatcher(lambda w: sent.append(w) or WebhookResult(200, b"ok", 0.01)).deliver(
        _webhook(fake)
    )
    assert report.ok and report.status == "delivered" and len(sent) == 1


def test_delivery_retries_the_same_body_on_error(fake):
    bodies = []
    answers = iter([WebhookResult(500, b"boom"), WebhookResult(200, b"ok")])
    report = WebhookDispatcher(lambda w: bodies.append(w.body) or next(answers), retries=2).deliver(
        _webhook(fake)
    )
    assert report.ok and len(report.attempts) == 2
    assert bodies[0] == bodies[1]  # same mid twice, as Meta redelivers


def test_delivery_late_answer_is_reported(fake):
    report = WebhookDispatcher(
        lambda w: WebhookResult(200, b"ok", 25.0), timeout=20.0, retries=1
    ).deliver(_webhook(fake))
    assert report.status == "late"
    assert "25.00 s" in report.error and "20 s deadline" in report.error
    assert "message event from" in report.error


def test_delivery_no_answer_is_reported(fake):
    report = WebhookDispatcher(
        lambda w: WebhookResult(None, error="ConnectError: refused"), retries=0
    ).deliver(_webhook(fake))
    assert report.status == "no_answer"
    assert "did not answer (1 attempt)" in report.error and "refused" in report.error


def test_drop_webhook_fault(fake):
    fake.faults.drop_webhook(event="message")
    sent = []
    dispatcher = fake.dispatcher(lambda w: sent.append(w) or WebhookResult(200))
    report = dispatcher.deliver(_webhook(fake))
    assert report.status == "dropped" and sent == []
    assert dispatcher.deliver(_webhook(fake)).ok


def test_platform_dispatcher_uses_config(clock):
    from mockmessenger.platform import Platform

    fake = Platform(PlatformConfig(webhook_timeout=5.0, webhook_retries=0), clock=clock)
    dispatcher = fake.dispatcher(lambda w: WebhookResult(200, b"", 6.0))
    report = dispatcher.deliver(_webhook(fake))
    assert report.status == "late" and len(report.attempts) == 1


def test_handshake_report():
    def good(query):
        if query["hub.verify_token"] == "secret":
            return WebhookResult(200, query["hub.challenge"].encode())
        return WebhookResult(403, b"no")

    assert run_handshake(good, "secret").ok

    def lax(query):
        return WebhookResult(200, query["hub.challenge"].encode())

    report = run_handshake(lax, "secret")
    assert not report.ok and "wrong verify token was accepted" in str(report)

    def wrong_echo(query):
        return WebhookResult(200, b"OK")

    assert "instead of echoing hub.challenge" in str(run_handshake(wrong_echo, "secret"))


def test_daily_business_use_case_limit_when_enforced(configured):
    _, g, psid = configured(enforce_daily_limit=True, calls_per_engaged_user=3)
    assert [g.get(psid).status for _ in range(3)] == [200] * 3
    assert g.error(g.get(psid))["code"] == 32
    error = g.error(g.send(psid, {"text": "x"}))
    assert error["code"] == 613

"""Platform core: users, threads, the egress log, subscriptions, waiting, reset."""

from __future__ import annotations

import threading

from mockmessenger.platform import GraphRequest, Platform, PlatformConfig
from mockmessenger.records import EgressRecord


def test_users_are_seeded_and_localised():
    a = Platform(PlatformConfig(seed=3)).create_user("ar_SA")
    b = Platform(PlatformConfig(seed=3)).create_user("ar_SA")
    c = Platform(PlatformConfig(seed=4)).create_user("ar_SA")
    assert (a.psid, a.first_name, a.last_name) == (b.psid, b.first_name, b.last_name)
    assert a.psid != c.psid
    assert any("\u0600" <= ch <= "\u06ff" for ch in a.first_name)
    assert (a.locale, a.timezone) == ("ar_SA", 3)
    assert a.psid.isdigit() and len(a.psid) == 16


def test_create_user_with_given_names_and_psid(fake):
    user = fake.create_user("fr_FR", first_name="Amina", last_name="Haddad", psid="42")
    assert (user.psid, user.name, user.timezone) == ("42", "Amina Haddad", 1)
    assert fake.user("42") is user


def test_egress_keeps_every_request_whole_failed_ones_included(fake, graph, psid):
    graph.send(psid, {"text": "ok"})
    graph.send("unknown", {"text": "nope"})
    graph.get("me/nothing")
    assert [r.meta["status"] for r in fake.egress] == [200, 400, 400]
    first = fake.egress[0]
    assert first.method == "POST"
    assert first.url.startswith("https://graph.facebook.com/v25.0/me/messages?access_token=")
    assert first.header("content-type") == "application/json"
    assert b'"text": "ok"' in first.body
    assert first.thread == psid
    assert [r.index for r in fake.egress] == [0, 1, 2]
    assert [e.kind for e in fake.exchanges] == ["send", "send", "unknown"]


def test_malformed_body_is_a_graph_error_not_a_crash(fake):
    request = GraphRequest(
        "POST",
        f"https://graph.facebook.com/v25.0/me/messages?access_token={fake.config.access_token}",
        {"content-type": "application/json"},
        b'{"recipient": ',
    )
    response = fake.handle(request)
    assert response.status == 400
    assert response.json()["error"]["code"] == 100
    assert fake.egress[-1].body == b'{"recipient": '


def test_subscribers_see_every_exchange_in_order(fake, graph, psid):
    seen = []
    unsubscribe = fake.subscribe(lambda exchange: seen.append(exchange.index))
    graph.send(psid, {"text": "1"})
    graph.send(psid, {"text": "2"})
    unsubscribe()
    graph.send(psid, {"text": "3"})
    assert seen == [0, 1]


def test_record_external_goes_to_egress_and_subscribers(fake):
    seen = []
    fake.subscribe(seen.append)
    fake.record_external(
        EgressRecord.make("POST", "https://analytics.test/t", {"x": "1"}, b"{}", thread="p")
    )
    assert fake.egress[-1].source == "external"
    assert fake.egress[-1].host == "analytics.test"
    assert seen[-1].kind == "external"


def test_transcript_in_order_both_directions(fake, graph, psid):
    graph.send(psid, {"text": "reply"})
    fake.webhook(fake.events.message(psid, "again"))
    directions = [(e.direction, e.kind) for e in fake.transcript(psid)]
    assert directions == [("in", "message"), ("out", "text"), ("in", "message")]
    assert fake.transcript(psid)[1].exchange_index == 0


def test_wait_for_activity_returns_once_quiet(fake, graph, psid):
    def bot():
        graph.send(psid, {"text": "late reply"})

    worker = threading.Timer(0.05, bot)
    worker.start()
    found = fake.wait_for_activity(psid, after=0, timeout=5, quiet=0.05)
    worker.join()
    assert [e.kind for e in found] == ["send"]


def test_wait_for_activity_times_out_empty(fake, psid):
    assert fake.wait_for_activity(psid, after=0, timeout=0.05) == []


def test_concurrent_handles_are_all_logged(fake, graph, psid):
    def burst():
        for _ in range(20):
            graph.send(psid, sender_action="typing_on")

    threads = [threading.Thread(target=burst) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(fake.egress) == 80
    assert sorted(r.index for r in fake.egress) == list(range(80))
    assert [e.index for e in fake.exchanges] == list(range(80))


def test_reset_forgets_everything(fake, graph, psid):
    graph.send(psid, {"text": "x"})
    fake.faults.latency(1.0)
    fake.reset()
    assert fake.egress == [] and fake.exchanges == [] and fake.users == []
    assert fake.faults.armed == []

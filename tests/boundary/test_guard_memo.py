"""The per-request memo: a repeated request is answered from memory, never at the cost of a finding."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockmessenger.boundary import Guard, Policy
from mockmessenger.boundary.canaries import CustomerFactory
from mockmessenger.boundary.matcher import CanaryMatcher
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"
CARD = "4111111111111111"


def send(
    message: dict,
    *,
    thread: str | None = None,
    index: int = 0,
    psid: str = "24012345678901234",
    step: str | None = None,
) -> EgressRecord:
    body = json.dumps({"recipient": {"id": psid}, "message": message}, ensure_ascii=False)
    return EgressRecord.make(
        "POST",
        GRAPH,
        {"content-type": "application/json"},
        body,
        thread=thread,
        index=index,
        meta={"step": step} if step else {},
    )


@pytest.fixture(params=[True, False], ids=["hyperscan", "pure-python"])
def guard(request: pytest.FixtureRequest) -> Guard:
    if request.param:
        pytest.importorskip("hyperscan")
    return Guard(use_hyperscan=request.param)


def test_a_repeated_leak_is_reported_for_each_record_with_its_own_index_thread_and_step(
    guard: Guard,
) -> None:
    message = {"text": f"Your card number is {CARD}"}
    first = guard.scan(send(message, index=3, thread="a", step="one"))
    second = guard.scan(send(message, index=7, thread="b", step="two"))
    assert [f.category for f in first] == ["card_number"]
    assert [(f.record, f.thread, f.step) for f in second] == [(7, "b", "two")]
    assert [f.to_dict() | {"record": 0, "thread": None, "step": None} for f in first] == [
        f.to_dict() | {"record": 0, "thread": None, "step": None} for f in second
    ]


def test_replies_differing_only_in_the_exempt_recipient_id_share_a_result(guard: Guard) -> None:
    message = {"text": f"IBAN: SA0380000000608010167519 and card {CARD}"}
    first = guard.scan(send(message, psid="24000000000000001"))
    second = guard.scan(send(message, psid="24999999999999999"))
    assert sorted(f.category for f in first) == ["card_number", "iban"]
    assert [f.to_dict() for f in first] == [f.to_dict() for f in second]


def test_a_recipient_id_that_is_not_exempt_is_still_scanned(tmp_path) -> None:
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text("version: 1\nname: strict\nforbidden: [card_number]\n", "utf-8")
    guard = Guard(Policy.load(policy_file))
    assert guard.scan(send({"text": "hello"}, psid="24000000000000001")) == []
    leak = guard.scan(send({"text": "hello"}, psid=CARD))
    assert [(f.category, f.path) for f in leak] == [("card_number", "$.recipient.id")]


def test_masked_values_repeated_in_another_thread_still_combine(guard: Guard) -> None:
    first = {"text": "Card 4111 11** **** ****"}
    second = {"text": "Card **** **** **** 1111"}
    third = {"text": "Card **** **** 11** 1111"}
    assert guard.scan(send(first, thread="a")) == []
    assert guard.scan(send(second, thread="a")) == []
    assert guard.scan(send(first, thread="b")) == []  # the same request: thread b learns it too
    combined = [f for f in guard.scan(send(third, thread="b")) if f.detector == "masked_thread"]
    assert combined and combined[0].thread == "b"


def test_a_fragment_repeated_in_another_thread_still_joins(guard: Guard) -> None:
    start, end = {"text": "Your card starts 4111 1111"}, {"text": "and ends 1111 1111"}
    assert guard.scan(send(start, thread="a")) == []
    assert guard.scan(send(start, thread="b")) == []
    joined = guard.scan(send(end, thread="b"))
    assert [f.category for f in joined] == ["card_number"]
    assert "split across messages" in joined[0].rule


def test_a_clean_reply_remembered_does_not_hide_a_split_value(guard: Guard) -> None:
    """A digits-only field is clean alone, a fragment in a thread: the memo keeps them apart."""
    half = {"text": "4111 1111"}
    assert guard.scan(send(half)) == []
    assert guard.scan(send(half, thread="s")) == []
    joined = guard.scan(send({"text": "1111 1111"}, thread="s"))
    assert [f.category for f in joined] == ["card_number"]


def test_canaries_added_after_a_scan_are_found_in_the_same_request(guard: Guard) -> None:
    customer = CustomerFactory(seed=5).customer("en_US")
    message = {"text": f"Hello {customer.name}, welcome back"}
    assert [f for f in guard.scan(send(message)) if f.category == "canary"] == []
    guard.add_customers([customer])
    assert [f for f in guard.scan(send(message)) if f.category == "canary"]


def test_a_matcher_grown_in_place_is_not_answered_from_memory() -> None:
    matcher = CanaryMatcher()
    guard = Guard(canaries=matcher)
    customer = CustomerFactory(seed=6).customer("fr_FR")
    message = {"text": f"Hello {customer.name}, welcome back"}
    assert [f for f in guard.scan(send(message)) if f.category == "canary"] == []
    matcher.add_customers([customer])
    assert [f for f in guard.scan(send(message)) if f.category == "canary"]


def test_fresh_guard_shares_the_engines_but_no_thread_state_or_canaries() -> None:
    customer = CustomerFactory(seed=7).customer("ar_SA")
    base = Guard(canaries=[customer])
    base.scan(send({"text": "Your card starts 4111 1111"}, thread="s"))
    clone = base.fresh()
    assert clone.engine == base.engine and clone.policy is base.policy
    assert clone.scan(send({"text": "and ends 1111 1111"}, thread="s")) == []
    assert base.scan(send({"text": "and ends 1111 1111"}, thread="s"))
    memo = {"text": f"Hello {customer.name}, welcome back"}
    assert [f for f in clone.scan(send(memo)) if f.category == "canary"] == []
    clone.set_canaries(base._matcher)
    assert [f for f in clone.scan(send(memo)) if f.category == "canary"]


def test_a_request_remembered_as_quick_clean_is_scanned_in_full_after_a_fragment(
    guard: Guard,
) -> None:
    """Alone the end of a card is clean; after its start in the same thread it is not."""
    end = {"text": "and ends 1111 1111"}
    assert guard.scan(send(end, thread="other")) == []
    assert guard.scan(send({"text": "Your card starts 4111 1111"}, thread="s")) == []
    joined = guard.scan(send(end, thread="s"))
    assert [f.category for f in joined] == ["card_number"]


def test_requests_without_a_thread_are_remembered_and_threads_still_learn(guard: Guard) -> None:
    start = {"text": "Your card starts 4111 1111"}
    assert guard.scan(send(start)) == []
    assert guard.scan(send(start, index=1)) == []  # remembered: no thread state to keep
    assert guard.scan(send(start, thread="t")) == []
    joined = guard.scan(send({"text": "and ends 1111 1111"}, thread="t"))
    assert [f.category for f in joined] == ["card_number"]


class _Unremembering(Guard):
    MEMO_SIZE = 0


PIECES = [
    "Hello again",
    "Card 4111 11** **** ****",
    "Card **** **** **** 1111",
    "Card **** **** 11** 1111",
    "Your card starts 4111 1111",
    "and ends 1111 1111",
    "4111 1111",
    "1111 1111",
    f"Your card number is {CARD}",
    "Your balance is SAR 12,345.67",
    "IBAN: SA0380000000608010167519",
    "Call +1 800 555 1234 at 9:00",
]
FIELDS = ["text", "title", "payload", "metadata"]


def message_of(piece: str, field: str) -> dict:
    if field == "text":
        return {"text": piece}
    if field == "metadata":
        return {"text": "ok", "metadata": piece}
    reply = {"content_type": "text", "title": "Menu", "payload": "MENU", field: piece}
    return {"text": "Pick one", "quick_replies": [reply]}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PIECES),
            st.sampled_from(FIELDS),
            st.sampled_from([None, "a", "b"]),
        ),
        min_size=1,
        max_size=14,
    )
)
def test_remembering_changes_no_finding_in_any_sequence_of_threads(sequence) -> None:
    """The sequence, then again in other threads: the second time answers come from memory."""
    remembering, fresh = Guard(), _Unremembering()
    other = {None: "c", "a": "b", "b": "a"}
    replayed = sequence + [(piece, field, other[thread]) for piece, field, thread in sequence]
    for index, (piece, field, thread) in enumerate(replayed):
        record = send(message_of(piece, field), thread=thread, index=index)
        assert [f.to_dict() for f in remembering.scan(record)] == [
            f.to_dict() for f in fresh.scan(record)
        ]


def test_set_canaries_with_its_customers_keeps_them_when_more_are_added() -> None:
    first, second = CustomerFactory(seed=8).customers(2, locales=("en_GB",))
    shared = CanaryMatcher([first])
    guard = Guard().fresh()
    guard.set_canaries(shared, [first])
    guard.add_customers([second])
    for customer in (first, second):
        found = guard.scan(send({"text": f"Hello {customer.name}, welcome back"}))
        assert [f.customer for f in found if f.category == "canary"] == [customer.id]
    assert len(shared) == len(CanaryMatcher([first]))  # the shared matcher was not changed


def test_fresh_guards_share_the_memo_but_each_keeps_its_own_threads() -> None:
    base = Guard()
    start, end = {"text": "Your card starts 4111 1111"}, {"text": "and ends 1111 1111"}
    first, second = base.fresh(), base.fresh()
    assert first.scan(send(start, thread="t")) == []
    assert second.scan(send(end, thread="t")) == []  # remembered or not: no start in this guard
    assert second.scan(send(start, thread="t")) == []
    assert [f.category for f in second.scan(send(end, thread="t"))] == ["card_number"]
    assert [f.category for f in first.scan(send(end, thread="t"))] == ["card_number"]

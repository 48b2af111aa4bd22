"""A label in one message, its amount in the next message of the same thread.

Bots send "Here is your available balance 👇" and then "3,412.75 SAR". Neither message leaks
alone; together they do. The guard remembers, per thread, a message whose text ends with a
label naming the customer's balance or a transaction (a clause with a balance or transaction
word and no digit, ending with a colon or a pointing sign) and reads the thread's next
message's opening amount after it, with the detectors' own rules (``Guard._label_then_amount``).

Each case runs with the quick check on and off (the ``guards`` fixture): the quick check must
send a threaded label to the full scan, and the message after it too.
"""

from __future__ import annotations

import json

import pytest

from mockmessenger.boundary import Finding, Guard
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"
PSID = "24012345678901234"
OTHER_PSID = "24012345678909999"


def send(
    message: dict,
    *,
    thread: str | None = "psid-1",
    index: int = 0,
    psid: str = PSID,
) -> EgressRecord:
    body = json.dumps({"recipient": {"id": psid}, "message": message}, ensure_ascii=False)
    return EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, body, thread=thread, index=index
    )


def text(value: str, **kwargs: object) -> EgressRecord:
    return send({"text": value}, **kwargs)  # type: ignore[arg-type]


def typing(*, thread: str = "psid-1", psid: str = PSID) -> EgressRecord:
    body = json.dumps({"recipient": {"id": psid}, "sender_action": "typing_on"})
    return EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, body, thread=thread
    )


def run(guard: Guard, records: list[EgressRecord]) -> list[list[Finding]]:
    return [guard.scan(record) for record in records]


def found(guard: Guard, texts: list[str], thread: str = "psid-1") -> list[list[tuple[str, str]]]:
    """Per message: its findings' categories and paths."""
    guard.reset()
    records = [text(value, thread=thread, index=i) for i, value in enumerate(texts)]
    return [[(f.category, f.path) for f in findings] for findings in run(guard, records)]


LEAKS = {
    "balance, emoji, amount then currency": (
        "Here is your available balance 👇",
        "3,412.75 SAR",
        "balance",
    ),
    "balance, currency first": ("Here is your available balance 👇", "SAR 3,412.75", "balance"),
    "Arabic-Indic digits and ر.س": ("Here is your available balance 👇", "٣٬٤١٢٫٧٥ ر.س", "balance"),
    "French": ("Votre solde :", "1 234,56 €", "balance"),
    "Arabic": ("رصيدك الحالي:", "2,140.00 ريال", "balance"),
    "a transaction": ("Your last purchase:", "SAR 299.00 at Noon", "transaction"),
    "the label's own line after a greeting": (
        "Hi Ahmed! Your card ending 4821 is active.\nYour current balance ⬇️",
        "SAR 8,432.10",
        "balance",
    ),
    "the amount opens a longer message": (
        "Solde disponible :",
        "1 234,56 €\nBesoin d'autre chose ?",
        "balance",
    ),
    "a label ending with a line break": ("Your balance:\n", "SAR 3,412.75", "balance"),
}


@pytest.mark.parametrize("name", LEAKS)
def test_an_amount_after_a_label_in_the_previous_message_is_found(
    guards: list[Guard], name: str
) -> None:
    label, amount, category = LEAKS[name]
    for guard in guards:
        assert found(guard, [label, amount]) == [[], [(category, "$.message.text")]], guard


def test_the_finding_points_at_the_amount_in_its_message(guards: list[Guard]) -> None:
    for guard in guards:
        guard.reset()
        _, (finding,) = run(guard, [text("رصيدك الحالي:"), text("  ٢٬١٤٠٫٠٠ ريال", index=9)])
        assert (finding.record, finding.thread, finding.span) == (9, "psid-1", (2, 10))
        assert "previous message" in finding.rule and finding.masked != "2140.00"


BENIGN = {
    "fees": ("Our fees:", "SAR 25.00 per transfer"),
    "transfer fees (a transaction word, a fee)": ("Transfer fees:", "SAR 25.00 per transfer"),
    "no amount after the label": ("Here is your balance 👇", "Tap the button below"),
    "a product's price": ("iPhone 15 Pro Max 256GB", "SAR 5,199.00"),
    "a product's name as a label": ("Samsung Galaxy Watch:", "SAR 1,199.00"),
    "the bank's minimum balance": ("Minimum balance to open an account:", "SAR 3,000"),
    "an amount without currency or cents": ("Your balance 👇", "3412"),
    "a label that is no heading": ("Check your balance anytime.", "SAR 3,412.75"),
    "an amount that does not open its message": ("Your balance 👇", "Transfer up to SAR 3,412.75"),
    "a label that names no balance": ("Choose an option:", "SAR 3,412.75"),
}


@pytest.mark.parametrize("name", BENIGN)
def test_look_alikes_stay_clean(guards: list[Guard], name: str) -> None:
    label, amount = BENIGN[name]
    for guard in guards:
        assert found(guard, [label, amount]) == [[], []], guard


def test_only_consecutive_messages_of_one_thread_to_one_recipient(guards: list[Guard]) -> None:
    label, amount = "Here is your available balance 👇", "SAR 3,412.75"
    for guard in guards:
        # another message of the thread in between: the amount is no longer the label's
        assert found(guard, [label, "One moment please", amount]) == [[], [], []]
        # the label in one thread, the amount in another
        guard.reset()
        assert run(guard, [text(label, thread="a"), text(amount, thread="b")]) == [[], []]
        # one thread, another recipient
        guard.reset()
        records = [text(label), text(amount, psid=OTHER_PSID)]
        assert run(guard, records) == [[], []]
        # no thread: nothing joins
        guard.reset()
        assert run(guard, [text(label, thread=None), text(amount, thread=None)]) == [[], []]
        # a typing indicator between them is no message: the amount is still the label's
        guard.reset()
        findings = run(guard, [text(label), typing(), typing(), text(amount)])
        assert [[f.category for f in each] for each in findings] == [[], [], [], ["balance"]]


def test_a_message_with_its_own_balance_context_is_reported_once(guards: list[Guard]) -> None:
    for guard in guards:
        assert found(guard, ["Your balance 👇", "SAR 3,412.75 is your balance"]) == [
            [],
            [("balance", "$.message.text")],
        ]


def test_a_label_holding_its_value_is_no_label_for_the_next_message(guards: list[Guard]) -> None:
    """The first message leaks alone; the next one's amount is not read after it (its label
    clause holds a digit: it said its value already)."""
    for guard in guards:
        assert found(guard, ["Your balance is SAR 12.00 👇", "SAR 120.00 pending"]) == [
            [("balance", "$.message.text")],
            [],
        ]


def test_a_message_that_is_both_amount_and_label(guards: list[Guard]) -> None:
    texts = [
        "Votre solde :",
        "1 234,56 €\nMerci de votre confiance. Votre dernier achat :",
        "EUR 42,90 chez Monoprix",
    ]
    for guard in guards:
        assert found(guard, texts) == [
            [],
            [("balance", "$.message.text")],
            [("transaction", "$.message.text")],
        ]


def test_a_label_in_a_button_template_and_the_amount_after_it(guards: list[Guard]) -> None:
    button = {"type": "postback", "title": "Details", "payload": "DETAILS"}
    template = {"template_type": "button", "text": "Your available balance:", "buttons": [button]}
    label = send({"attachment": {"type": "template", "payload": template}})
    for guard in guards:
        guard.reset()
        findings = run(guard, [label, text("SAR 3,412.75")])
        assert [[f.category for f in each] for each in findings] == [[], ["balance"]]


def test_the_memo_replays_the_amount_against_its_thread() -> None:
    """The same amount-only request, remembered: judged by the label before it each time."""
    guard = Guard()
    amount = "SAR 3,412.75"
    sequence = [
        ("Here is your available balance 👇", ["balance"]),
        ("Our fees:", []),
        ("Thanks!", []),
        ("Votre solde :", ["balance"]),
        ("Your last purchase:", ["transaction"]),
        ("Here is your available balance 👇", ["balance"]),
    ]
    for _ in range(2):  # the second round answers every request from the memo
        for label, expected in sequence:
            assert guard.scan(text(label)) == []
            assert [f.category for f in guard.scan(text(amount))] == expected, label
    # alone in a thread, and in another thread after a label said in the first
    assert guard.scan(text(amount, thread="other")) == []
    assert guard.scan(text("Your balance 👇", thread="a")) == []
    assert guard.scan(text(amount, thread="b")) == []
    # (thread b's message came between, not thread a's: the amount is the label's)
    assert [f.category for f in guard.scan(text(amount, thread="a"))] == ["balance"]


def test_the_label_is_remembered_per_thread_when_replayed() -> None:
    guard = Guard()
    label, amount = "Here is your available balance 👇", "3,412.75 SAR"
    guard.scan(text(label, thread="a"))
    guard.scan(text(amount, thread="a"))
    # the same two requests in another thread: both answered from the memo, the label's step
    # replayed against thread b
    assert guard.scan(text(label, thread="b")) == []
    assert [f.category for f in guard.scan(text(amount, thread="b"))] == ["balance"]
    guard.reset()
    assert guard.scan(text(amount, thread="b")) == []  # reset forgets the label


def test_the_quick_check_passes_labels_only_outside_threads(engine: bool) -> None:
    guard = Guard(use_hyperscan=engine)
    label = "Here is your available balance 👇"
    host = "graph.facebook.com"
    assert guard._quick.clean(text(label, thread=None), host)[0]
    assert not guard._quick.clean(text(label), host)[0]
    assert not guard._quick.clean(text("Votre solde :\n"), host)[0]
    # threaded messages that end with no label keep the quick path
    for clean in ("Tap the button below", "Anything else?", "Balance, transfers and more."):
        assert guard._quick.clean(text(clean), host)[0], clean


def test_the_message_after_a_label_skips_the_quick_check_once() -> None:
    guard = Guard()
    calls: list[str] = []
    original = guard._quick.clean

    def clean(record: EgressRecord, *args: object, **kwargs: object) -> tuple[bool, str | None]:
        calls.append(json.loads(record.body)["message"]["text"])
        return original(record, *args, **kwargs)

    guard._quick.clean = clean  # type: ignore[method-assign]
    run(guard, [text("Hello"), text("Your balance 👇"), text("Tap below"), text("Thanks")])
    assert calls == ["Hello", "Your balance 👇", "Thanks"]


@pytest.mark.parametrize(
    "style",
    [{}, {"indent": 2}, {"ensure_ascii": True}, {"separators": (",", ":")}],
    ids=["default", "indented", "ascii", "compact"],
)
@pytest.mark.parametrize(
    "label",
    [
        "Votre solde :",
        "Your balance 👇🏽",
        "Your balance ⬇️",
        'Your "balance":',
        "رصيدك：",
        "Solde\u00a0:",
    ],
)
def test_no_label_is_passed_in_a_thread_however_the_json_is_written(
    engine: bool, style: dict, label: str
) -> None:
    guard = Guard(use_hyperscan=engine)
    message = {"recipient": {"id": PSID}, "message": {"text": label}}
    body = json.dumps(message, **{"ensure_ascii": False, **style})
    record = EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, body, thread="t"
    )
    assert not guard._quick.clean(record, "graph.facebook.com")[0]


LABELS = [
    "Here is your available balance 👇",
    "Votre solde :",
    "رصيدك الحالي:",
    "Your last purchase:",
    "Our fees:",
    "Minimum balance to open an account:",
    "Your balance ⬇️",
    'Your "balance":',
    "Hi!\nYour current balance 👇🏽",
    "Your balance: SAR 12.00 👇",
    "Choose an option:",
    "ｂａｌａｎｃｅ :",
    "Recent transactions:",
]
AMOUNTS = [
    "3,412.75 SAR",
    "٣٬٤١٢٫٧٥ ر.س",
    "1 234,56 €",
    "SAR 299.00 at Noon",
    "SAR 25.00 per transfer",
    "SAR 3,000",
    "Tap the button below",
    "  SAR 8,432.10\nAnything else?",
    "-SAR 320.00",
    "One moment please",
]


@pytest.mark.parametrize("seed", range(4))
def test_the_quick_check_and_the_memo_change_no_finding_of_labelled_threads(
    engine: bool, seed: int
) -> None:
    """Random threads of labels, amounts and typing indicators, two recipients, JSON written
    several ways: the guard with its quick check and memo finds what one without them finds."""
    import random

    rng = random.Random(seed)
    fast = Guard(use_hyperscan=engine)
    slow = Guard(use_hyperscan=engine)
    slow._quick.clean = lambda *args, **kwargs: (False, None)  # type: ignore[method-assign]
    slow.MEMO_SIZE = 0  # type: ignore[misc]
    labelled = 0
    for index in range(80):
        psid = rng.choice([PSID, OTHER_PSID])
        roll = rng.random()
        if roll < 0.1:
            message: dict = {"recipient": {"id": psid}, "sender_action": "typing_on"}
        else:
            said = rng.choice(LABELS if roll < 0.5 else AMOUNTS)
            message = {"recipient": {"id": psid}, "message": {"text": said}}
        body = json.dumps(message, ensure_ascii=rng.random() < 0.2, indent=rng.choice([None, 2]))
        record = EgressRecord.make(
            "POST",
            GRAPH,
            {"content-type": "application/json"},
            body,
            thread=rng.choice(["a", "b", None]),
            index=index,
        )
        expected = [f.to_dict() for f in slow.scan(record)]
        assert [f.to_dict() for f in fast.scan(record)] == expected, body
        labelled += sum("previous message" in f["rule"] for f in expected)
    assert labelled

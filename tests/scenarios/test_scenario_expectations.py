"""Matching the bot's replies: every kind of check, and every failure of a step kept."""

from __future__ import annotations

from types import SimpleNamespace

from mockmessenger.harness import Reply
from mockmessenger.scenarios.expectations import step_problems
from mockmessenger.scenarios.loader import _expectation
from mockmessenger.scenarios.source import parse_documents


def reply(body: dict) -> Reply:
    kind = "sender_action" if "sender_action" in body else "text"
    attachment = (body.get("message") or {}).get("attachment") or {}
    if attachment:
        kind = "template" if attachment.get("type") == "template" else "attachment"
    return Reply.from_entry(SimpleNamespace(kind=kind, body=body, mid=None), None)


def text(value: str, quick: list[tuple[str, str]] = ()) -> Reply:
    message: dict = {"text": value}
    if quick:
        message["quick_replies"] = [
            {"content_type": "text", "title": t, "payload": p} for t, p in quick
        ]
    return reply({"message": message})


TYPING = reply({"sender_action": "typing_on"})
IMAGE = reply(
    {
        "message": {
            "attachment": {
                "type": "image",
                "payload": {"url": "https://cdn.example/x.png?state=frozen"},
            }
        }
    }
)
BUTTONS = reply(
    {
        "message": {
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "button",
                    "text": "Your accounts: •••• 1234",
                    "buttons": [
                        {"type": "web_url", "title": "View", "url": "https://app.example/accounts"},
                        {"type": "postback", "title": "Transfer", "payload": "TRANSFER"},
                    ],
                },
            }
        }
    }
)
RECEIPT = reply(
    {
        "message": {
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "receipt",
                    "recipient_name": "Own accounts transfer",
                    "summary": {"total_cost": 250},
                    "elements": [{"title": "To savings •••• 5678", "price": 250}],
                },
            }
        }
    }
)


def expectation(yaml_text: str):
    (doc,) = parse_documents("expect:\n" + yaml_text, "s.yaml")
    return _expectation(doc, ("expect",), doc.data["expect"])


def problems(yaml_text: str, replies: list[Reply]) -> list[tuple[int, str, str]]:
    return [(m.line, m.expected, m.got) for m in step_problems(expectation(yaml_text), replies)]


def test_text_matchers_pass():
    replies = [
        TYPING,
        text("Move 250.00 USD now?", [("Yes", "TRANSFER_CONFIRM"), ("No", "TRANSFER_CANCEL")]),
    ]
    assert problems("  text: Move 250.00 USD now?\n", replies) == []
    assert problems("  text: {contains: [Move, USD], not_contains: EUR}\n", replies) == []
    assert problems("  regex: '^Move \\d+\\.\\d{2} USD'\n", replies) == []
    assert problems("  one_of: [Nope, 'Move 250.00 USD now?']\n", replies) == []
    assert problems("  quick_replies: [Yes, No]\n", replies) == []
    assert (
        problems("  quick_replies: {payloads: [TRANSFER_CONFIRM, TRANSFER_CANCEL]}\n", replies)
        == []
    )
    assert (
        problems(
            "  quick_replies: [{title: 'Yes', payload: TRANSFER_CONFIRM}, {payload: TRANSFER_CANCEL}]\n",
            replies,
        )
        == []
    )


def test_every_failing_check_of_a_reply_is_kept():
    replies = [text("Hello", [("Menu", "MENU")])]
    found = problems(
        "  text: {contains: Welcome, regex: '^Bye'}\n  quick_replies: [Balance]\n  sender_action: typing_on\n",
        replies,
    )
    assert [line for line, _, _ in found] == [2, 2, 3, 4]
    assert found[0][1:] == ('reply 1: text containing "Welcome"', '"Hello"')
    assert found[1][1] == "reply 1: text matching /^Bye/"
    assert found[2][1:] == ('reply 1: quick replies[0] titled "Balance"', '["Menu"]')
    assert found[3][1] == "reply 1: sender_action typing_on"


def test_sender_actions_are_ignored_unless_asked_for():
    assert problems("  text: hi\n", [TYPING, text("hi")]) == []
    assert problems("  - sender_action: typing_on\n  - text: hi\n", [TYPING, text("hi")]) == []


def test_in_order_counts_replies():
    found = problems("  - text: a\n  - text: b\n", [text("a")])
    assert found == [(3, "reply 2: text='b'", 'only 1 reply(ies): (1) text "a"')]
    extra = problems("  - text: a\n", [text("a"), text("b")])
    assert extra[0][1].startswith("1 reply(ies)") and 'extra: (1) text "b"' in extra[0][2]
    assert problems("  in_order: [{text: a}]\n  more: true\n", [text("a"), text("b")]) == []


def test_any_order_matches_one_to_one():
    assert problems("  any_order: [{text: b}, {text: a}]\n", [text("a"), text("b")]) == []
    found = problems("  any_order: [{text: a}, {text: a}]\n", [text("a"), text("b")])
    assert found == [(2, 'some reply: text "a"', 'closest (2) "b"')]


def test_yes_and_no_stay_text():
    (doc,) = parse_documents("a: [Yes, No, yes, on, true, False]\n", "s.yaml")
    assert doc.data["a"] == ["Yes", "No", "yes", "on", True, False]


def test_nothing():
    assert problems("  nothing: true\n", [TYPING]) == []
    assert problems("  nothing: true\n", [text("hi")]) == [(1, "no reply", '(1) text "hi"')]


def test_templates_buttons_and_attachments():
    assert (
        problems(
            "  template: {type: button, text: {contains: '•••• 1234'}}\n"
            "  buttons: [{type: web_url, title: View, url: {contains: /accounts}}, {type: postback, payload: TRANSFER}]\n",
            [BUTTONS],
        )
        == []
    )
    assert (
        problems(
            "  template:\n    type: receipt\n    fields: {recipient_name: Own accounts transfer, summary: {total_cost: 250.0}}\n"
            "    elements: [{price: 250, title: {regex: '5678$'}}]\n",
            [RECEIPT],
        )
        == []
    )
    assert problems("  attachment: {type: image, url: {regex: 'state=frozen$'}}\n", [IMAGE]) == []
    found = problems("  template: {type: generic, elements: [{title: X}]}\n", [RECEIPT])
    assert ("reply 1: a generic template", "a receipt template") in [f[1:] for f in found]
    assert any("elements[0].title" in f[1] for f in found)
    missing = problems("  attachment: {type: image}\n", [text("no image")])
    assert missing[0][1] == "reply 1: an image attachment"

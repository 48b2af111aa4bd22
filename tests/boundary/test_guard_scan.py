"""The guard over whole records: where values hide, what the policy lets through, thread state."""

from __future__ import annotations

import base64
import gzip
import json
import threading
from urllib.parse import quote, urlencode

import pytest

from mockmessenger.boundary import Finding, Guard, Policy
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"
CARD = "4111111111111111"
PSID = "24012345678901234"


def send(
    message: dict, *, thread: str | None = None, url: str = GRAPH, index: int = 0
) -> EgressRecord:
    body = json.dumps({"recipient": {"id": PSID}, "message": message}, ensure_ascii=False)
    return EgressRecord.make(
        "POST", url, {"content-type": "application/json"}, body, thread=thread, index=index
    )


@pytest.fixture(params=[True, False], ids=["hyperscan", "pure-python"])
def guard(request: pytest.FixtureRequest) -> Guard:
    if request.param:
        pytest.importorskip("hyperscan")
    guard = Guard(use_hyperscan=request.param)
    assert guard.engine == ("hyperscan" if request.param else "re")
    return guard


def only(findings: list[Finding], category: str) -> Finding:
    matching = [f for f in findings if f.category == category]
    assert matching, findings
    return matching[0]


def test_finding_names_path_span_host_and_masks_the_value(guard: Guard) -> None:
    record = send(
        {"attachment": {"type": "template", "payload": {"template_type": "button", "text": "Go",
          "buttons": [{"type": "postback", "title": "Pay", "payload": f"PAY:{CARD}"}]}}},
        thread="t1",
        index=7,
    )  # fmt: skip
    finding = only(guard.scan(record), "card_number")
    assert finding.path == "$.message.attachment.payload.buttons[0].payload"
    assert finding.span == (4, 20)
    assert finding.record == 7 and finding.thread == "t1"
    assert finding.destination == "graph.facebook.com"
    assert finding.masked == "••••••••••••1111"
    assert finding.detector == "card_number" and "luhn" in finding.rule
    assert finding.encoding == "plain"


def test_every_string_of_a_send_body_is_scanned(guard: Guard) -> None:
    places = {
        "$.message.text": {"text": CARD},
        "$.message.quick_replies[0].payload": {"text": "x", "quick_replies": [{"content_type": "text", "title": "t", "payload": CARD}]},
        "$.message.quick_replies[0].title": {"text": "x", "quick_replies": [{"content_type": "text", "title": CARD, "payload": "P"}]},
        "$.message.metadata": {"text": "x", "metadata": CARD},
        "$.message.attachment.payload.elements[0].subtitle": {"attachment": {"type": "template", "payload": {"template_type": "generic", "elements": [{"title": "t", "subtitle": CARD}]}}},
    }  # fmt: skip
    for path, message in places.items():
        assert only(guard.scan(send(message)), "card_number").path == path


def test_json_keys_and_numbers_are_strings_too(guard: Guard) -> None:
    record = EgressRecord.make(
        "POST",
        GRAPH,
        {"content-type": "application/json"},
        '{"data": {"' + CARD + '": 1}, "balance": 1234.50}',
    )
    findings = guard.scan(record)
    card = only(findings, "card_number")
    assert CARD not in card.path  # the key is the value: the path is masked too
    assert only(findings, "balance").path == "$.balance"


def test_form_encoded_message_with_json_inside(guard: Guard) -> None:
    body = urlencode(
        {"recipient": json.dumps({"id": PSID}), "message": json.dumps({"text": f"card {CARD}"})}
    )
    record = EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/x-www-form-urlencoded"}, body
    )
    paths = {f.path for f in guard.scan(record) if f.category == "card_number"}
    assert "form.message:$.text" in paths


def test_persistent_menu_in_messenger_profile(guard: Guard) -> None:
    body = {"persistent_menu": [{"locale": "default", "call_to_actions": [{"type": "postback", "title": "Balance SAR 12,345.67", "payload": "B"}]}]}  # fmt: skip
    record = EgressRecord.make(
        "POST",
        "https://graph.facebook.com/v25.0/me/messenger_profile",
        {"content-type": "application/json"},
        json.dumps(body),
    )
    assert (
        only(guard.scan(record), "balance").path == "$.persistent_menu[0].call_to_actions[0].title"
    )


def test_multipart_parts_headers_query_and_url_path(guard: Guard) -> None:
    boundary = "XyZ"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\n{{"text": "card {CARD}"}}\r\n'
        f"--{boundary}--\r\n"
    )
    record = EgressRecord.make(
        "POST", GRAPH, {"content-type": f"multipart/form-data; boundary={boundary}"}, body
    )
    assert only(guard.scan(record), "card_number").path == "form.message:$.text"

    outside = EgressRecord.make(
        "GET",
        f"https://analytics.example.com/u/{CARD}/e?label=IBAN%20SA0380000000608010167519",
        {"x-customer-note": "CVV 123", "authorization": "Bearer 4111111111111111"},
    )
    findings = guard.scan(outside)
    assert {f.path for f in findings if f.category == "card_number"} == {"url.path[1]"}
    assert only(findings, "iban").path == "query.label"
    assert only(findings, "card_cvv").path == "header.x-customer-note"
    assert only(findings, "destination").masked == "analytics.example.com"


def test_trusted_hosts_are_inside_the_boundary() -> None:
    policy = Policy.from_dict(
        {
            "forbidden": ["card_number", "destination"],
            "destinations": {"trusted": ["core.bank.internal"]},
        }
    )
    guard = Guard(policy)
    inside = EgressRecord.make(
        "POST",
        "https://core.bank.internal/cards",
        {"content-type": "application/json"},
        json.dumps({"card": CARD}),
    )
    assert guard.scan(inside) == []
    assert policy.is_trusted("core.bank.internal")


def test_encoded_layers_are_named(guard: Guard) -> None:
    encoded = base64.b64encode(f"card {CARD}!".encode()).decode()
    assert encoded.endswith("==")
    findings = guard.scan(send({"text": "x", "metadata": quote(encoded, safe="")}))
    assert "url>base64" in {f.encoding for f in findings if f.category == "card_number"}


def test_quick_check_cannot_be_dodged_without_ascii_digits(guard: Guard) -> None:
    extended = "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in CARD)
    url_escaped = quote(f"card {extended}")  # only %DB%B4-style escapes: no ASCII digit
    assert only(guard.scan(send({"text": url_escaped})), "card_number")
    no_digits = base64.b64encode(CARD.encode()).decode()  # NDExMTEx...
    assert "card_number" in {f.category for f in guard.scan(send({"text": no_digits}))}
    assert only(guard.scan(send({"text": "password: Summer2024!"})), "credential")


def test_spans_point_into_the_original_string(guard: Guard) -> None:
    text = "بطاقتك ٤\u200b١١١ ١١١١ ١١١١ ١١١١ شكرا"
    finding = only(guard.scan(send({"text": text})), "card_number")
    start, end = finding.span
    assert text[start:end].startswith("٤") and text[start:end].endswith("١")


def test_gzip_bodies_are_opened_and_undecodable_ones_reported(guard: Guard) -> None:
    body = gzip.compress(
        json.dumps({"recipient": {"id": PSID}, "message": {"text": CARD}}).encode()
    )
    record = EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json", "content-encoding": "gzip"}, body
    )
    assert only(guard.scan(record), "card_number")
    broken = EgressRecord.make(
        "POST",
        GRAPH,
        {"content-type": "application/json", "content-encoding": "gzip"},
        b"\x1f\x8bxx",
    )
    finding = only(guard.scan(broken), "unscannable")
    assert finding.path == "body" and "corrupt gzip" in finding.rule


def test_binary_media_is_unscannable_unless_the_policy_ignores_it() -> None:
    body = b'--B\r\nContent-Disposition: form-data; name="filedata"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\x00\x01\r\n--B--\r\n'
    record = EgressRecord.make(
        "POST",
        "https://graph.facebook.com/v25.0/me/message_attachments",
        {"content-type": "multipart/form-data; boundary=B"},
        body,
    )
    assert only(Guard().scan(record), "unscannable").path == "form.filedata"
    ignoring = Policy.from_dict({"forbidden": ["unscannable"], "unscannable_media": "ignore"})
    assert Guard(ignoring).scan(record) == []


def test_exempt_locations_and_allowlisted_values() -> None:
    policy = Policy.from_dict(
        {
            "forbidden": ["card_number", "routing_number"],
            "exempt": [
                {"path": "$.recipient.id"},
                {"path": "$.message.metadata", "categories": ["card_number"]},
            ],
            "allowlist": [{"value": "021000021", "category": "routing_number"}],
        }
    )
    guard = Guard(policy)
    record = EgressRecord.make(
        "POST",
        GRAPH,
        {"content-type": "application/json"},
        json.dumps(
            {
                "recipient": {"id": CARD},
                "message": {"text": "Our routing number is 021000021", "metadata": CARD},
            }
        ),
    )
    assert guard.scan(record) == []
    other = send({"text": "Routing number 026009593"})
    assert only(guard.scan(other), "routing_number")
    # an exemption limited to some categories still has the field scanned for the others
    iban_policy = Policy.from_dict(
        {
            "forbidden": ["card_number", "iban"],
            "exempt": [{"path": "$.message.metadata", "categories": ["card_number"]}],
        }
    )
    mixed = send({"text": "x", "metadata": f"{CARD} SA0380000000608010167519"})
    assert [f.category for f in Guard(iban_policy).scan(mixed)] == ["iban"]


def test_categories_the_policy_does_not_forbid_are_not_reported() -> None:
    guard = Guard(Policy.from_dict({"forbidden": ["iban"]}))
    assert guard.scan(send({"text": f"card {CARD} balance SAR 1,234.00"})) == []


def test_masked_forms_judged_by_revealed_digits(guard: Guard) -> None:
    assert guard.scan(send({"text": "Card 4111 11** **** 1111"})) == []  # first 6 + last 4
    assert guard.scan(send({"text": "Card •••• •••• •••• 1111"})) == []
    assert guard.scan(send({"text": "Card xxxx-xxxx-xxxx-1111"})) == []
    finding = only(guard.scan(send({"text": "Card 4111 1111 11** ****"})), "card_number")
    assert finding.detector == "masked_form" and "first 10" in finding.rule
    assert "4111" not in finding.masked
    middle = only(guard.scan(send({"text": "Card **** 1111 **** 1111"})), "card_number")
    assert "other 4" in middle.rule


def test_two_masked_messages_of_a_thread_reveal_the_whole_number(guard: Guard) -> None:
    first = send({"text": "Card 4111 1111 **** ****"}, thread="a")
    second = send({"text": "Card **** **** 1111 1111"}, thread="a")
    assert only(guard.scan(first), "card_number")  # 8 leading digits is already too many
    combined = [f for f in guard.scan(second) if f.detector == "masked_thread"]
    assert (
        combined
        and combined[0].category == "card_number"
        and "combined across messages" in combined[0].rule
    )
    assert "1111" not in combined[0].masked[:-4]
    guard.reset()
    assert not [f for f in guard.scan(second) if f.detector == "masked_thread"]


def test_allowed_masks_in_two_messages_stay_allowed_when_together_they_are_allowed(
    guard: Guard,
) -> None:
    assert guard.scan(send({"text": "Card 4111 11** **** ****"}, thread="b")) == []
    assert guard.scan(send({"text": "Card **** **** **** 1111"}, thread="b")) == []


def test_value_split_across_two_messages_of_a_thread(guard: Guard) -> None:
    assert guard.scan(send({"text": "Your card starts 4111 1111"}, thread="s")) == []
    finding = only(guard.scan(send({"text": "and ends 1111 1111"}, thread="s")), "card_number")
    assert "split across messages" in finding.rule
    other_thread = Guard(use_hyperscan=False)
    other_thread.scan(send({"text": "Your card starts 4111 1111"}, thread="x"))
    assert other_thread.scan(send({"text": "and ends 1111 1111"}, thread="y")) == []


def test_value_split_across_fields_of_one_message(guard: Guard) -> None:
    replies = [
        {"content_type": "text", "title": CARD[i : i + 4], "payload": f"P{i}"}
        for i in range(0, 16, 4)
    ]
    finding = only(guard.scan(send({"text": "Pick", "quick_replies": replies})), "card_number")
    assert "fields of one message" in finding.rule


def test_scan_all_and_engines_agree() -> None:
    records = [
        send({"text": f"card {CARD}"}, index=0),
        send({"text": "IBAN SA03 8000 0000 6080 1016 7519"}, index=1),
        send({"text": "hello"}, index=2),
        send({"text": "رصيدك ١٢٬٣٤٥٫٦٧ ر.س"}, index=3),
    ]
    pure = Guard(use_hyperscan=False).scan_all(records)
    assert [(f.record, f.category) for f in pure] == [
        (0, "card_number"),
        (1, "iban"),
        (3, "balance"),
    ]
    try:
        fast = Guard(use_hyperscan=True).scan_all(records)
    except ImportError:
        return
    assert [f.to_dict() for f in fast] == [f.to_dict() for f in pure]


def test_findings_are_plain_serialisable_data(guard: Guard) -> None:
    findings = guard.scan(send({"text": f"card {CARD}"}))
    data = json.loads(json.dumps([f.to_dict() for f in findings]))
    assert [Finding.from_dict(d) for d in data] == findings


def test_canaries_of_registered_customers() -> None:
    from mockmessenger.boundary.canaries import CustomerFactory

    customers = CustomerFactory(3).customers(2, ["en_US", "ar_SA"])
    guard = Guard(use_hyperscan=False)
    guard.add_customers(customers)
    memo = customers[1].accounts[0].transactions[0].memo
    findings = guard.scan(send({"text": f"Note: {memo}"}))
    canary = only(findings, "canary")
    assert canary.customer == customers[1].id and canary.value_category == "transaction"
    assert memo not in json.dumps(canary.to_dict(), ensure_ascii=False)
    card = customers[0].cards[0].number
    categories = {
        (f.category, f.value_category) for f in guard.scan(send({"text": f"card {card}"}))
    }
    assert {("canary", "card_number"), ("card_number", None)} <= categories


def test_one_guard_scans_from_many_threads() -> None:
    guard = Guard()
    records = [send({"text": f"card {CARD}"}, thread=f"t{i}", index=i) for i in range(20)]
    results: list[int] = []

    def work(record: EgressRecord) -> None:
        results.append(len([f for f in guard.scan(record) if f.category == "card_number"]))

    threads = [threading.Thread(target=work, args=(r,)) for r in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results == [1] * 20


def test_hostile_bodies_never_break_the_scan() -> None:
    guard = Guard(use_hyperscan=False)
    deep = (
        "[" * 100_000 + "1" + "]" * 100_000
    )  # a digit: the quick check passes it to the full scan
    record = EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, deep)
    assert "unscannable" in {f.category for f in guard.scan(record)}
    nested_card = '{"a":' * 3000 + f'"{CARD}"' + "}" * 3000
    record = EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, nested_card)
    assert {"unscannable", "card_number"} <= {f.category for f in guard.scan(record)}
    for body in (
        b"\x00\xff" * 50,
        b"{",
        b'{"a": "\\ud800"}',
        "é".encode("latin-1"),
        b"%%%%&&&&\\u12",
    ):
        guard.scan(EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body))


def test_iban_split_across_two_messages_of_a_thread(guard: Guard) -> None:
    assert guard.scan(send({"text": "Your IBAN: SA03 8000 0000"}, thread="i")) == []
    finding = only(guard.scan(send({"text": "and it ends 6080 1016 7519."}, thread="i")), "iban")
    assert "split across messages" in finding.rule
    assert "6080" not in finding.masked and finding.masked.endswith("7519")
    assert guard.scan(send({"text": "and it ends 6080 1016 7519."}, thread="other")) == []


def test_iban_split_across_fields_of_one_message(guard: Guard) -> None:
    replies = [
        {"content_type": "text", "title": "GB29 NWBK", "payload": "A"},
        {"content_type": "text", "title": "6016 1331 9268 19", "payload": "B"},
    ]
    finding = only(guard.scan(send({"text": "Pick", "quick_replies": replies})), "iban")
    assert "fields of one message" in finding.rule


def test_iban_split_in_three_messages(guard: Guard) -> None:
    for text in ("SA03 8000", "0000 6080"):
        assert guard.scan(send({"text": text}, thread="t3")) == []
    assert only(guard.scan(send({"text": "1016 7519"}, thread="t3")), "iban")


def test_numbers_that_form_no_iban_are_no_split_finding(guard: Guard) -> None:
    for text in ("SA03 8000 0000", "order 6080 1016 7518", "ref 1234 5678"):
        assert guard.scan(send({"text": text}, thread="n")) == []


@pytest.mark.parametrize(
    "text",
    [
        "SAO3 8000 0000 6080 1016 7519",  # a letter O for a check digit
        "SA03 8OOO OOOO 6O8O 1O16 7519",  # mostly letters where the BBAN has digits
        "SAO380OO0OOO6O8O1O167519",
        "GB29 NWBK 6O16 1331 9268 I9",
    ],
)
def test_an_iban_with_look_alike_letters_for_digits_is_found(guard: Guard, text: str) -> None:
    finding = only(guard.scan(send({"text": text})), "iban")
    assert finding.masked.endswith(("7519", "6819"))


@pytest.mark.parametrize(
    "text", ["Dollars are accepted here in all branches", "SAO4 8000 0000 6080 1016 7519"]
)
def test_look_alikes_make_no_iban_of_words_or_of_a_wrong_checksum(guard: Guard, text: str) -> None:
    assert [f for f in guard.scan(send({"text": text})) if f.category == "iban"] == []


@pytest.mark.parametrize("letter", ["O", "I", "L"])
@pytest.mark.parametrize("spaced", [False, True])
def test_an_iban_whose_letter_looks_like_a_digit_is_found(
    guard: Guard, letter: str, spaced: bool
) -> None:
    """An Italian IBAN's CIN is a letter; ``O`` among digits is read as a zero by the normaliser
    (``IT42 O000 ...``), and the IBAN detector reads it back where a letter must be."""
    from stdnum import iban as stdnum_iban

    bban = letter + "0542811101000000123456"
    value = next(
        f"IT{check:02d}{bban}"
        for check in range(2, 99)
        if stdnum_iban.is_valid(f"IT{check:02d}{bban}")
    )
    shown = " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if spaced else value
    finding = only(guard.scan(send({"text": f"IBAN: {shown}"})), "iban")
    assert finding.masked.startswith("IT") and finding.masked.endswith(value[-4:])

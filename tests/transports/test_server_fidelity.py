"""Real, unmodified Messenger clients against the server door: every call accepted,
captured and answered as Meta would.

- messaging-api-messenger (Node, npm 1.1.0) through ``tests/node/fidelity.js``;
  needs ``node`` and ``npm ci --prefix tests/node``.
- fbmessenger (Python, PyPI) over real HTTP: its ``graph_url`` attribute is the
  one documented knob to point it elsewhere.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.server import ServerDoor

pytestmark = pytest.mark.slow
NODE_DIR = Path(__file__).resolve().parents[1] / "node"
NODE_CLIENT = NODE_DIR / "node_modules" / "messaging-api-messenger"


@pytest.fixture
def door() -> Iterator[ServerDoor]:
    door = ServerDoor()
    door.start(Platform(PlatformConfig()))
    yield door
    door.stop()


def engaged_user(platform: Platform) -> str:
    """A user who just wrote to the Page, so the 24-hour window is open."""
    psid = platform.create_user(locale="ar_SA").psid
    platform.webhook(platform.events.message(psid, "مرحبا"))
    return psid


def messenger_profile(door: ServerDoor, fields: str) -> dict[str, Any]:
    response = httpx.get(
        door.graph_base_url + "/v25.0/me/messenger_profile",
        params={"fields": fields, "access_token": door.platform.config.access_token},
    )
    assert response.status_code == 200, response.text
    return response.json()["data"][0]


def node_missing_reason() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not NODE_CLIENT.exists():
        return f"messaging-api-messenger is not installed: run `npm ci --prefix {NODE_DIR}`"
    return None


@pytest.mark.skipif(node_missing_reason() is not None, reason=node_missing_reason() or "")
def test_messaging_api_messenger_node_client(door: ServerDoor) -> None:
    platform = door.platform
    psid = engaged_user(platform)
    env = {**door.env(), "PSID": psid, "PATH": str(Path(shutil.which("node") or "node").parent)}
    finished = subprocess.run(
        ["node", str(NODE_DIR / "fidelity.js")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    results = {r["name"]: r for r in json.loads(finished.stdout)}
    failed = {name: r for name, r in results.items() if not r["ok"]}
    assert not failed, failed

    # answered as Meta would (the client camel-cases keys)
    for name in ("sendText", "sendQuickReplies", "sendButtonTemplate"):
        answer = results[name]["result"]
        assert answer["recipientId"] == psid and answer["messageId"]
    assert results["typingOn"]["result"] == {"recipientId": psid}
    profile = results["getUserProfile"]["result"]
    user = platform.user(psid)
    assert profile["id"] == psid and profile["firstName"] == user.first_name
    assert results["setGetStarted"]["result"] == {"result": "success"}
    assert results["setPersistentMenu"]["result"] == {"result": "success"}

    # captured whole
    exchanges = platform.exchanges
    assert [e.kind for e in exchanges] == [
        "send",
        "send",
        "send",
        "sender_action",
        "profile",
        "messenger_profile",
        "messenger_profile",
    ]
    assert all(e.response.status == 200 for e in exchanges)
    assert all("appsecret_proof=" in e.record.url for e in exchanges)
    bodies = [json.loads(e.record.body) for e in exchanges[:3]]
    assert bodies[0]["message"] == {"text": "Hello from Node"}
    assert [q["title"] for q in bodies[1]["message"]["quick_replies"]] == ["Balance", "Cards"]
    assert bodies[2]["message"]["attachment"]["payload"]["template_type"] == "button"
    sent_mids = {e.mid for e in platform.transcript(psid) if e.direction == "out"}
    assert {
        results[n]["result"]["messageId"]
        for n in ("sendText", "sendQuickReplies", "sendButtonTemplate")
    } <= sent_mids
    menu = messenger_profile(door, "persistent_menu")["persistent_menu"][0]
    assert [item["title"] for item in menu["call_to_actions"]] == ["Balance", "Website"]


def test_fbmessenger_python_client(door: ServerDoor) -> None:
    from fbmessenger import (
        MessengerClient,
        elements,
        quick_replies,
        sender_actions,
        thread_settings,
    )

    platform = door.platform
    config = platform.config
    psid = engaged_user(platform)
    client = MessengerClient(config.access_token, app_secret=config.app_secret)
    client.graph_url = f"{door.graph_base_url}/v{client.api_version}"

    text = client.send(elements.Text("Hello from Python").to_dict(), psid)
    replies = quick_replies.QuickReplies(
        [quick_replies.QuickReply("Balance", "BALANCE"), quick_replies.QuickReply("Cards", "CARDS")]
    )
    chooser = client.send(elements.Text("Pick one", quick_replies=replies).to_dict(), psid)
    button = elements.Button("postback", title="Start over", payload="RESTART").to_dict()
    # fbmessenger 6.0's template classes use collections.Iterable, gone since Python 3.10;
    # a bot on a current Python passes the template as a dict, which send() takes as is.
    button_template = {"template_type": "button", "text": "What next?", "buttons": [button]}
    template = client.send({"attachment": {"type": "template", "payload": button_template}}, psid)
    typing = client.send_action(sender_actions.SenderAction("typing_on").to_dict(), psid)
    profile = client.get_user_data(psid)
    menu = thread_settings.PersistentMenu(
        [thread_settings.PersistentMenuItem("postback", "Balance", payload="BALANCE")]
    )
    get_started = thread_settings.GetStartedButton("GET_STARTED")
    profile_set = client.set_messenger_profile(
        thread_settings.MessengerProfile(get_started=get_started, persistent_menus=[menu]).to_dict()
    )

    for answer in (text, chooser, template):
        assert answer["recipient_id"] == psid and answer["message_id"]
    assert typing == {"recipient_id": psid}
    user = platform.user(psid)
    assert profile["first_name"] == user.first_name and profile["last_name"] == user.last_name
    assert profile_set == {"result": "success"}

    assert [e.kind for e in platform.exchanges] == [
        "send",
        "send",
        "send",
        "sender_action",
        "profile",
        "messenger_profile",
    ]
    assert all(e.response.status == 200 for e in platform.exchanges)
    assert all("appsecret_proof=" in e.record.url for e in platform.exchanges)
    assert json.loads(platform.egress[1].body)["message"]["quick_replies"][1]["payload"] == "CARDS"
    assert (
        messenger_profile(door, "persistent_menu")["persistent_menu"][0]["call_to_actions"][0][
            "title"
        ]
        == "Balance"
    )

"""The published OpenAPI document, and schemathesis against it: no server error, JSON always."""

from __future__ import annotations

import asyncio
import json

import httpx
import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.control import CONTROL_PREFIX, OPERATIONS
from mockmessenger.transports.openapi import SCHEMAS_DIR, discriminated, openapi_document
from mockmessenger.transports.server import create_app

CONFIG = PlatformConfig()
APP = create_app(Platform(CONFIG))
SCHEMA = schemathesis.openapi.from_asgi(f"{CONTROL_PREFIX}/openapi.json", APP)
OPERATION_LIST = [result.ok() for result in SCHEMA.get_all_operations()]
#: Long-polls are exercised elsewhere; here a generated timeout is capped so the run stays short.
MAX_FUZZ_WAIT = 0.05


def test_document_is_openapi_31_and_lists_every_control_operation() -> None:
    document = openapi_document(CONFIG)
    assert document["openapi"] == "3.1.0"
    for op in OPERATIONS:
        assert op.method.lower() in document["paths"][CONTROL_PREFIX + op.path]
    assert "post" in document["paths"]["/{version}/me/messages"]
    send = document["components"]["schemas"]["SendRequest"]
    assert send["required"] == ["recipient"]
    assert send["properties"]["message"] == {"$ref": "#/components/schemas/Send_message"}


def test_document_is_served() -> None:
    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=APP)
        async with httpx.AsyncClient(transport=transport, base_url="http://fake") as client:
            return await client.get(f"{CONTROL_PREFIX}/openapi.json")

    served = asyncio.run(fetch())
    assert served.status_code == 200
    assert served.json()["paths"].keys() == openapi_document(CONFIG)["paths"].keys()


def _strategy(operation: schemathesis.APIOperation) -> st.SearchStrategy[schemathesis.Case]:
    return st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )


@pytest.mark.parametrize("operation", OPERATION_LIST, ids=[op.label for op in OPERATION_LIST])
def test_no_server_error_and_always_json(operation: schemathesis.APIOperation) -> None:
    is_graph = not operation.path.startswith(CONTROL_PREFIX)

    @settings(
        max_examples=8,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.generate],
    )
    @given(case=_strategy(operation))
    def check(case: schemathesis.Case) -> None:
        if isinstance(case.query, dict) and "timeout" in case.query:
            case.query["timeout"] = MAX_FUZZ_WAIT
        headers = {"authorization": f"Bearer {CONFIG.access_token}"} if is_graph else None
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        content_type = (response.headers.get("content-type") or [""])[0]
        assert content_type.startswith("application/json"), response.text
        assert response.json() is not None

    check()


def _send(message: dict[str, object]) -> dict[str, object]:
    return {"recipient": {"id": "1"}, "message": message}


BUTTONS = [{"type": "postback", "title": "Balance", "payload": "BALANCE"}]


@pytest.mark.parametrize(
    "body",
    [
        _send(
            {
                "attachment": {
                    "type": "template",
                    "payload": {"template_type": "button", "text": "x", "buttons": BUTTONS},
                }
            }
        ),
        _send(
            {
                "attachment": {
                    "type": "template",
                    "payload": {"template_type": "button", "text": "x"},
                }
            }
        ),
        _send({"attachment": {"type": "image", "payload": {"url": "https://bank.example/a.png"}}}),
        _send({"attachment": {"type": "template", "payload": {"template_type": "airline_update"}}}),
        _send({"quick_replies": [{"content_type": "text"}], "text": "a"}),
        _send({"quick_replies": [{"content_type": "user_email"}], "text": "a"}),
        _send(
            {
                "attachment": {
                    "type": "template",
                    "payload": {
                        "template_type": "generic",
                        "elements": [
                            {
                                "title": "t",
                                "buttons": [
                                    {"type": "phone_number", "title": "a", "payload": "12"}
                                ],
                            }
                        ],
                    },
                }
            }
        ),
        _send(
            {
                "attachment": {
                    "type": "template",
                    "payload": {
                        "template_type": "generic",
                        "elements": [{"title": "t", "buttons": BUTTONS}],
                    },
                }
            }
        ),
    ],
)
def test_published_send_schema_agrees_with_the_platform_schema(body: dict[str, object]) -> None:
    """The document rewrites if/then as anyOf for generators; both must judge alike."""
    shipped = json.loads((SCHEMAS_DIR / "send.schema.json").read_text("utf-8"))
    published = discriminated(shipped)
    assert Draft202012Validator(published).is_valid(body) == Draft202012Validator(shipped).is_valid(
        body
    )

"""The OpenAPI 3.1 document served at ``/_mockmessenger/openapi.json``.

Two halves: the Graph surfaces the fake answers (request bodies from the JSON
Schemas the Platform validates with, so the document and the checks agree), and
the control API, generated from :data:`mockmessenger.transports.control.OPERATIONS`.
Graph also accepts form-encoded and multipart bodies, any version prefix (or
none) and the token in a Bearer header; the document says so in prose and
describes the JSON form.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from mockmessenger.platform.config import PlatformConfig
from mockmessenger.transports.control import CONTROL_PREFIX, OPERATIONS, Operation

GRAPH_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message", "type", "code"],
            "properties": {
                "message": {"type": "string"},
                "type": {"type": "string"},
                "code": {"type": "integer"},
                "error_subcode": {"type": "integer"},
                "is_transient": {"type": "boolean"},
                "fbtrace_id": {"type": "string"},
            },
        }
    },
}
CONTROL_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message"],
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "field": {"type": "string", "description": "the body field or parameter at fault"},
            },
        }
    },
}
ANY_OBJECT = {"type": "object"}
SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "schemas"


@cache
def _shipped(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS_DIR / name).read_text("utf-8"))


def _rebase(schema: Any, prefix: str) -> Any:
    """Point ``#/$defs/x`` references at ``#/components/schemas/<prefix>x``."""
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
                out[key] = "#/components/schemas/" + prefix + value[len("#/$defs/") :]
            elif key in ("$schema", "$id", "$defs"):
                continue
            else:
                out[key] = _rebase(value, prefix)
        return out
    if isinstance(schema, list):
        return [_rebase(item, prefix) for item in schema]
    return schema


def _conditionals(
    schema: dict[str, Any],
) -> tuple[list[tuple[str, list[Any], dict[str, Any]]], list[Any]]:
    """``if {properties: {K: const|enum}} then T`` clauses of a schema, and the other allOf items."""
    clauses: list[tuple[str, list[Any], dict[str, Any]]] = []
    rest: list[Any] = []
    candidates = [schema] if "if" in schema else []
    for item in schema.get("allOf", []):
        (candidates if isinstance(item, dict) and "if" in item else rest).append(item)
    for item in candidates:
        condition = item["if"].get("properties", {})
        if len(condition) != 1 or set(item["if"]) != {"properties"}:
            raise ValueError(f"unsupported condition {item['if']!r}")
        ((key, test),) = condition.items()
        values = [test["const"]] if "const" in test else list(test["enum"])
        clauses.append((key, values, item.get("then", {})))
        if "else" in item:
            clauses.append((key, [None], item["else"]))  # None: every value not named above
    return clauses, rest


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    properties = merged.setdefault("properties", {})
    for name, schema in extra.get("properties", {}).items():
        properties[name] = {"allOf": [properties[name], schema]} if name in properties else schema
    if extra.get("required"):
        merged["required"] = sorted(set(merged.get("required", [])) | set(extra["required"]))
    others = {k: v for k, v in extra.items() if k not in ("properties", "required")}
    if others:
        merged.setdefault("allOf", []).append(others)
    return merged


def discriminated(schema: Any) -> Any:
    """Rewrite ``if/then/else`` on one required discriminating property as ``anyOf`` variants.

    The Platform validates with the shipped schema; test generators (schemathesis)
    do not model ``if``, so the document carries this equivalent form instead.
    """
    if isinstance(schema, list):
        return [discriminated(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "if" not in schema and not any(
        isinstance(i, dict) and "if" in i for i in schema.get("allOf", [])
    ):
        return {key: discriminated(value) for key, value in schema.items()}
    clauses, rest = _conditionals(schema)
    base = {k: v for k, v in schema.items() if k not in ("if", "then", "else", "allOf")}
    if rest:
        base["allOf"] = rest
    key = clauses[0][0]
    declared = base.get("properties", {}).get(key, {})
    every = list(declared.get("enum", []))
    named = [v for _, values, _ in clauses for v in values if v is not None]
    variants = []
    for _, values, then in clauses:
        if values == [None]:
            values = [v for v in every if v not in named]
        if values:
            variants.append(_merge(_merge(base, {"properties": {key: {"enum": values}}}), then))
    leftover = [v for v in every if v not in named]
    if leftover and not any(values == [None] for _, values, _ in clauses):
        variants.append(_merge(base, {"properties": {key: {"enum": leftover}}}))
    return {"anyOf": [discriminated(variant) for variant in variants]}


#: Component name -> schema file the Platform validates that request body with.
SHIPPED_BODIES = {
    "SendRequest": "send.schema.json",
    "AttachmentUploadRequest": "graph_message_attachments.schema.json",
    "MessengerProfileRequest": "graph_messenger_profile.schema.json",
    "HandoverRequest": "graph_handover.schema.json",
    "PersonaRequest": "graph_personas.schema.json",
    "BatchRequest": "graph_batch.schema.json",
}


def _shipped_schemas() -> dict[str, Any]:
    """The request-body schemas the Platform ships, as OpenAPI components."""
    components: dict[str, Any] = {}
    for name, file in SHIPPED_BODIES.items():
        shipped = discriminated(copy.deepcopy(_shipped(file)))
        prefix = name.removesuffix("Request") + "_"
        for key, value in shipped.get("$defs", {}).items():
            components[prefix + key] = _rebase(value, prefix)
        components[name] = _rebase(shipped, prefix)
    return components


def _body(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _graph_operation(
    summary: str,
    *,
    body: dict[str, Any] | None = None,
    query: dict[str, dict[str, Any]] | None = None,
    response: dict[str, Any] | None = None,
    tag: str = "graph",
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "tags": [tag],
        "summary": summary,
        "parameters": [
            {"name": name, "in": "query", "required": False, "schema": schema}
            for name, schema in (query or {}).items()
        ],
        "responses": {
            "200": {
                "description": "Graph's answer",
                "content": {"application/json": {"schema": response or ANY_OBJECT}},
            },
            "default": {
                "description": "A Graph error, shaped and numbered as Meta sends it",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/GraphError"}}
                },
            },
        },
    }
    if body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": body},
                "application/x-www-form-urlencoded": {"schema": ANY_OBJECT},
            },
        }
    return op


def _graph_paths() -> dict[str, Any]:
    version = {
        "name": "version",
        "in": "path",
        "required": True,
        "description": "A Graph version such as v25.0 (v2.6 and later); the fake also answers without one.",
        "schema": {"type": "string", "pattern": "^v[0-9]{1,2}\\.[0-9]$"},
    }
    node_id = {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^[0-9]{1,32}$"},
    }
    send_answer = {
        "type": "object",
        "properties": {"recipient_id": {"type": "string"}, "message_id": {"type": "string"}},
    }
    fields = {"fields": {"type": "string", "maxLength": 500}}
    recipient = {"recipient": {"type": "string", "pattern": "^[0-9]{1,32}$"}}
    paths: dict[str, dict[str, Any]] = {
        "/{version}/me/messages": {
            "post": _graph_operation(
                "Send API: text, attachments, templates, quick replies, sender actions",
                body=_body("SendRequest"),
                response=send_answer,
            )
        },
        "/{version}/{id}/messages": {
            "post": _graph_operation(
                "Send API with the Page id instead of me",
                body=_body("SendRequest"),
                response=send_answer,
            )
        },
        "/{version}/{id}": {
            "get": _graph_operation("User Profile API (a PSID) or a persona", query=fields),
            "delete": _graph_operation("Delete a persona"),
        },
        "/{version}/me": {
            "get": _graph_operation(
                "The Page, or a PSID lookup with account_linking_token",
                query={**fields, "account_linking_token": {"type": "string", "maxLength": 500}},
            ),
        },
        "/{version}/me/messenger_profile": {
            "get": _graph_operation("Read Messenger Profile properties", query=fields),
            "post": _graph_operation(
                "Set Messenger Profile properties", body=_body("MessengerProfileRequest")
            ),
            "delete": _graph_operation(
                "Delete Messenger Profile properties (JSON body {fields: [...]})",
                body={
                    "type": "object",
                    "properties": {"fields": {"type": "array", "items": {"type": "string"}}},
                },
            ),
        },
        "/{version}/me/message_attachments": {
            "post": _graph_operation(
                "Attachment Upload API (JSON with a URL, or multipart with filedata)",
                body=_body("AttachmentUploadRequest"),
            )
        },
        "/{version}/me/pass_thread_control": {
            "post": _graph_operation("Handover: pass", body=_body("HandoverRequest"))
        },
        "/{version}/me/take_thread_control": {
            "post": _graph_operation("Handover: take", body=_body("HandoverRequest"))
        },
        "/{version}/me/request_thread_control": {
            "post": _graph_operation("Handover: request", body=_body("HandoverRequest"))
        },
        "/{version}/me/thread_owner": {
            "get": _graph_operation("Handover: thread owner", query=recipient)
        },
        "/{version}/me/secondary_receivers": {
            "get": _graph_operation("Handover: receivers", query=fields)
        },
        "/{version}/me/personas": {
            "get": _graph_operation("List personas"),
            "post": _graph_operation("Create a persona", body=_body("PersonaRequest")),
        },
        "/{version}/me/unlink_accounts": {
            "post": _graph_operation(
                "Account linking: unlink a PSID",
                body={
                    "type": "object",
                    "required": ["psid"],
                    "properties": {"psid": {"type": "string"}},
                },
            )
        },
        "/{version}/me/subscribed_apps": {
            "get": _graph_operation("Apps subscribed to the Page"),
            "post": _graph_operation(
                "Subscribe the app to the Page", query={"subscribed_fields": {"type": "string"}}
            ),
        },
        "/{version}/me/thread_settings": {
            "post": _graph_operation(
                "Legacy thread settings (greeting, get started, menu)", body=ANY_OBJECT
            ),
            "delete": _graph_operation("Legacy thread settings removal", body=ANY_OBJECT),
        },
        "/{version}/": {
            "post": _graph_operation(
                "Graph batch request (answered with Graph's JSON array)",
                body=_body("BatchRequest"),
                response={"type": "array"},
            )
        },
    }
    for path, item in paths.items():
        params = [version]
        if "{id}" in path:
            params.append(node_id)
        item["parameters"] = params
    return paths


def _control_path_item(op: Operation) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "tags": [op.tag],
        "summary": op.summary,
        "operationId": op.name,
        "parameters": [
            {"name": name, "in": "path", "required": True, "schema": _path_schema(name)}
            for name in op.path_params
        ]
        + [
            {"name": name, "in": "query", "required": False, "schema": schema}
            for name, schema in op.query.items()
        ],
        "responses": {
            str(op.status): {
                "description": "Done",
                "content": {"application/json": {"schema": op.response or ANY_OBJECT}},
            },
            "400": _control_error("The body or a parameter is invalid (field named)"),
            "404": _control_error("No such user, fault or operation"),
            "409": _control_error(
                "The request conflicts with the state (e.g. no bot URL configured)"
            ),
        },
    }
    if op.body is not None:
        entry["requestBody"] = {
            "required": False,
            "content": {"application/json": {"schema": op.body}},
        }
    return entry


def _path_schema(name: str) -> dict[str, Any]:
    return {"type": "string", "pattern": "^[0-9]{1,32}$"}


def _control_error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ControlError"}}},
    }


def openapi_document(config: PlatformConfig | None = None) -> dict[str, Any]:
    """The whole document: Graph surfaces and the control API."""
    config = config or PlatformConfig()
    paths = _graph_paths()
    for op in OPERATIONS:
        path = CONTROL_PREFIX + op.path
        paths.setdefault(path, {})[op.method.lower()] = _control_path_item(op)
    paths[CONTROL_PREFIX + "/openapi.json"] = {
        "get": {
            "tags": ["service"],
            "summary": "This document",
            "operationId": "openapi",
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1",
                    "content": {"application/json": {"schema": ANY_OBJECT}},
                }
            },
        }
    }
    schemas = {"GraphError": GRAPH_ERROR, "ControlError": CONTROL_ERROR, **_shipped_schemas()}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "mockmessenger: fake Messenger Platform",
            "version": "1",
            "description": (
                "Graph surfaces answer as Meta's Messenger Platform does (any version prefix or none; "
                "JSON, form-encoded or multipart bodies; the page token in access_token, the body or "
                "an Authorization: Bearer header). Everything under "
                f"{CONTROL_PREFIX}/ is the control API that drives simulated users and inspects what the "
                f"bot sent. Page {config.page_id} ({config.page_name})."
            ),
        },
        "servers": [{"url": "/"}],
        "tags": [
            {"name": "graph", "description": "The fake Graph API the bot talks to"},
            {"name": "service", "description": "Control API: the server itself"},
            {"name": "users", "description": "Control API: simulated users acting on the bot"},
            {
                "name": "observe",
                "description": "Control API: what the bot sent, replies, transcripts, findings",
            },
            {"name": "faults", "description": "Control API: fault injection"},
        ],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "access_token": {"type": "apiKey", "in": "query", "name": "access_token"},
                "bearer": {"type": "http", "scheme": "bearer"},
            },
        },
    }

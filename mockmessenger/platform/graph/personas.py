"""Personas API: create, list, read and delete the personas a Page speaks as."""

from __future__ import annotations

from typing import Any

from mockmessenger.platform.graph.call import Call
from mockmessenger.platform.state import Persona
from mockmessenger.platform.validation import graph_check


def handle_create(call: Call) -> dict[str, Any]:
    body = {k: call.param(k) for k in ("name", "profile_picture_url") if k in call.params}
    graph_check("personas").check(body)
    persona = Persona(call.platform.ids.digits(15), body["name"], body["profile_picture_url"])
    call.platform.state.personas[persona.id] = persona
    return {"id": persona.id}


def handle_list(call: Call) -> dict[str, Any]:
    data = [p.to_dict() for p in call.platform.state.personas.values()]
    answer: dict[str, Any] = {"data": data}
    if data:
        answer["paging"] = {"cursors": {"before": data[0]["id"], "after": data[-1]["id"]}}
    return answer


def handle_get(call: Call) -> dict[str, Any]:
    persona = call.platform.state.personas[call.parts[0]]
    fields = call.fields()
    data = persona.to_dict()
    return {k: v for k, v in data.items() if not fields or k in fields or k == "id"}


def handle_delete(call: Call) -> dict[str, Any]:
    del call.platform.state.personas[call.parts[0]]
    return {"success": True}

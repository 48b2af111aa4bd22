"""Turn captured traffic into scenario documents, scrubbed, and prove them clean.

Webhooks Meta delivered (``{"object": "page", "entry": [...]}``) become the user's
steps; the Send API calls the bot made until the next webhook become what the step
expects. Identifiers never appear in the scenario at all (the runner makes its own
user), and everything else passes through the :class:`Scrubber`. Before anything is
written, :func:`check_clean` scans the finished text: a real value still in it, or
anything the guard recognises, fails loudly and nothing is written.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

from mockmessenger.boundary.normalize import compact
from mockmessenger.errors import InputError, InputProblem, MockMessengerError
from mockmessenger.recording.capture import Captured, sort_by_time
from mockmessenger.recording.scrub import Scrubber, escape
from mockmessenger.records import EgressRecord

WEBHOOK_OBJECTS = ("page", "instagram")
#: Guard findings about where a record went, not what it holds (the file goes nowhere).
NOT_ABOUT_CONTENT = ("destination",)
#: Shortest real value the final check looks for (shorter ones match by chance).
MIN_CHECKED_LENGTH = 4


class UnsafeRecordingError(MockMessengerError):
    """The scrubbed recording still holds something real; it was not written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "recording NOT written: it still holds sensitive data after scrubbing:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )


class EmptyRecordingError(MockMessengerError):
    """The traffic held no conversation (no webhook from Meta with a user event)."""


@dataclass
class _Step:
    action: dict[str, Any]
    replies: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Conversation:
    psid: str
    steps: list[_Step] = field(default_factory=list)
    locale: str | None = None
    first_name: str | None = None
    last_name: str | None = None


@dataclass
class Recording:
    """The scenario documents and their YAML text; ``skipped`` counts traffic not used."""

    documents: list[dict[str, Any]]
    text: str
    conversations: int
    egress_other: int = 0
    warnings: list[str] = field(default_factory=list)


# -- classification ----------------------------------------------------------------
def is_webhook(item: Captured) -> bool:
    data = item.json()
    return (
        item.method.upper() == "POST"
        and isinstance(data, dict)
        and data.get("object") in WEBHOOK_OBJECTS
        and isinstance(data.get("entry"), list)
    )


def is_graph(item: Captured) -> bool:
    host = (urlsplit(item.url).hostname or "").lower()
    return host.startswith(("graph.", "graph-", "b-graph.")) and host.endswith(
        ("facebook.com", "facebook.net", "instagram.com", "fb.gg")
    )


def send_body(item: Captured) -> dict[str, Any] | None:
    """The Send API parameters of a Graph POST (JSON, form or query)."""
    data = item.json()
    if isinstance(data, dict):
        return data
    params: dict[str, Any] = {}
    query = urlsplit(item.url).query
    for source in (query, item.request_body.decode("utf-8", "replace")):
        for key, values in parse_qs(source).items():
            try:
                params[key] = json.loads(values[0])
            except (ValueError, RecursionError):
                params[key] = values[0]
    return params or None


# -- checking ----------------------------------------------------------------------
#: parts of a webhook event that Meta always sends as objects
EVENT_OBJECTS = (
    "recipient",
    "message",
    "postback",
    "read",
    "delivery",
    "reaction",
    "account_linking",
    "referral",
    "optin",
)


def malformed(item: Captured) -> list[InputProblem]:
    """What in a webhook Meta delivered, a Send API call or a profile answer does not have
    the shape the Messenger Platform gives it: one problem each, naming the exchange and
    the JSON path. A recording never drops such an event without a word."""
    data = item.json()
    if item.method.upper() == "POST" and isinstance(data, dict):
        if data.get("object") in WEBHOOK_OBJECTS:
            return _checked(item, "webhook", _webhook_shape(data))
        if is_graph(item) and urlsplit(item.url).path.endswith("/messages"):
            return _checked(item, "Send API call", _send_shape(send_body(item) or {}))
    if item.method.upper() == "GET" and is_graph(item):
        answer = item.response_json()
        if isinstance(answer, dict):
            wrong = [
                (key, "must be text", answer[key])
                for key in ("first_name", "last_name", "name", "locale", "profile_pic")
                if answer.get(key) is not None and not isinstance(answer[key], str)
            ]
            return _checked(item, "profile answer", wrong)
    return []


Shape = list[tuple[str, str, Any]]  # (JSON path, what it must be, what it is)


def _checked(item: Captured, kind: str, wrong: Shape) -> list[InputProblem]:
    file, _, where = item.origin.rpartition(": ")
    return [
        InputProblem(
            f"{path} {must}, not {_kind_of(value)}", file=file or None, field=f"{where} {kind}"
        )
        for path, must, value in wrong
    ]


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    names = {int: "a number", float: "a number", str: "text", list: "a list", dict: "an object"}
    return names.get(type(value), "null" if value is None else type(value).__name__)


def _webhook_shape(envelope: dict[str, Any]) -> Shape:
    wrong: Shape = []
    entries = envelope.get("entry")
    if not isinstance(entries, list):
        return [("entry", "must be a list", entries)]
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            wrong.append((f"entry[{i}]", "must be an object", entry))
            continue
        events = entry.get("messaging")
        if events is None:
            continue
        if not isinstance(events, list):
            wrong.append((f"entry[{i}].messaging", "must be a list", events))
            continue
        for j, event in enumerate(events):
            wrong.extend(_event_shape(f"entry[{i}].messaging[{j}]", event))
    return wrong


def _event_shape(path: str, event: Any) -> Shape:
    if not isinstance(event, dict):
        return [(path, "must be an object", event)]
    wrong: Shape = []
    sender = event.get("sender")
    if not isinstance(sender, dict) or not isinstance(sender.get("id"), str | int):
        wrong.append((f"{path}.sender", "must be an object with an id", sender))
    for key in EVENT_OBJECTS:
        if key in event and not isinstance(event[key], dict):
            wrong.append((f"{path}.{key}", "must be an object", event[key]))
    message = event.get("message")
    if isinstance(message, dict):
        if "text" in message and not isinstance(message["text"], str):
            wrong.append((f"{path}.message.text", "must be text", message["text"]))
        if "quick_reply" in message and not isinstance(message["quick_reply"], dict):
            wrong.append(
                (f"{path}.message.quick_reply", "must be an object", message["quick_reply"])
            )
        wrong.extend(_objects(f"{path}.message.attachments", message.get("attachments")))
        for k, attachment in enumerate(message.get("attachments") or []):
            payload = attachment.get("payload") if isinstance(attachment, dict) else None
            if payload is not None and not isinstance(payload, dict):
                wrong.append(
                    (f"{path}.message.attachments[{k}].payload", "must be an object", payload)
                )
    delivery = event.get("delivery")
    mids = delivery.get("mids") if isinstance(delivery, dict) else None
    if mids is not None and not isinstance(mids, list):
        wrong.append((f"{path}.delivery.mids", "must be a list", mids))
    return wrong


def _send_shape(body: dict[str, Any]) -> Shape:
    wrong: Shape = []
    for key in ("recipient", "message"):
        if key in body and not isinstance(body[key], dict):
            wrong.append((key, "must be an object", body[key]))
    message = body.get("message")
    if not isinstance(message, dict):
        return wrong
    if "text" in message and not isinstance(message["text"], str):
        wrong.append(("message.text", "must be text", message["text"]))
    wrong.extend(_objects("message.quick_replies", message.get("quick_replies")))
    attachment = message.get("attachment")
    if attachment is not None and not isinstance(attachment, dict):
        wrong.append(("message.attachment", "must be an object", attachment))
    elif isinstance(attachment, dict):
        payload = attachment.get("payload")
        if payload is not None and not isinstance(payload, dict):
            wrong.append(("message.attachment.payload", "must be an object", payload))
        elif isinstance(payload, dict):
            wrong.extend(_objects("message.attachment.payload.buttons", payload.get("buttons")))
    return wrong


def _objects(path: str, value: Any) -> Shape:
    """A list of objects, or nothing."""
    if value is None:
        return []
    if not isinstance(value, list):
        return [(path, "must be a list", value)]
    return [
        (f"{path}[{i}]", "must be an object", item)
        for i, item in enumerate(value)
        if not isinstance(item, dict)
    ]


# -- building ----------------------------------------------------------------------
def build_recording(
    captured: list[Captured],
    *,
    guard: Any = None,
    seed: int = 0,
    name: str = "recorded conversation",
    locale: str | None = None,
) -> Recording:
    """Scenario documents for every user (PSID) in ``captured``, scrubbed and checked."""
    items = sort_by_time(captured)
    problems = [problem for item in captured for problem in malformed(item)]
    if problems:
        raise InputError(problems)
    conversations = _conversations(items)
    if not conversations:
        raise EmptyRecordingError(
            "no conversation in this traffic: expected webhook POSTs from Meta "
            '({"object": "page", "entry": [...]}) with message, postback or other user events'
        )
    check_options(name=name, locale=locale)
    warnings: list[str] = []
    locales = {}
    for psid, conv in conversations.items():
        locales[psid], warning = (locale, None) if locale else persona_locale(conv)
        if warning and warning not in warnings:
            warnings.append(warning)
    first = next(iter(locales.values()))
    scrubber = Scrubber(seed=seed, locale=first, guard=guard)
    _register_identifiers(items, scrubber)
    documents = [
        _document(
            conv,
            scrubber,
            seed,
            name if len(conversations) == 1 else f"{name} {i + 1}",
            locales[psid],
        )
        for i, (psid, conv) in enumerate(conversations.items())
    ]
    text = dump_yaml(documents)
    check_clean(text, scrubber, guard)
    other = sum(1 for item in items if not is_webhook(item) and not is_graph(item))
    return Recording(documents, text, len(documents), other, warnings)


def check_options(*, name: str, locale: str | None) -> None:
    """What the scenario loader would reject in a name or a persona locale, refused before
    anything is built: a recording that its own ``validate`` rejects is no recording."""
    from mockmessenger.boundary.canaries import LOCALES

    problems = []
    if not name.strip():
        problems.append(InputProblem("the scenario name must not be empty", field="name"))
    if locale is not None and locale not in LOCALES:
        known = ", ".join(LOCALES)
        problems.append(
            InputProblem(
                f"no synthetic customers for locale {locale!r} (known: {known})", field="locale"
            )
        )
    if problems:
        raise InputError(problems)


def write_recording(recording: Recording, path: str | Path) -> Path:
    """Write atomically: a half-written scenario never lands in the repository."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(recording.text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def dump_yaml(documents: list[dict[str, Any]]) -> str:
    header = (
        "# Recorded with `mockmessenger record`; every real value replaced by a synthetic one.\n"
    )
    return header + yaml.safe_dump_all(
        documents, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


def _conversations(items: list[Captured]) -> dict[str, _Conversation]:
    conversations: dict[str, _Conversation] = {}
    last_step: dict[str, _Step] = {}
    for item in items:
        if is_webhook(item):
            for event in _events(item.json()):
                psid = str((event.get("sender") or {}).get("id", ""))
                action = _action(event)
                if not psid or action is None:
                    continue
                conv = conversations.setdefault(psid, _Conversation(psid))
                step = _Step(action)
                conv.steps.append(step)
                last_step[psid] = step
        elif is_graph(item):
            _graph_exchange(item, conversations, last_step)
    return {psid: conv for psid, conv in conversations.items() if conv.steps}


def _events(envelope: dict[str, Any]) -> list[dict[str, Any]]:
    events = []
    for entry in envelope.get("entry") or []:
        if isinstance(entry, dict):
            events.extend(e for e in entry.get("messaging") or [] if isinstance(e, dict))
    return events


def _action(event: dict[str, Any]) -> dict[str, Any] | None:
    """The user's action in one webhook event, in scenario step form (unscrubbed)."""
    message = event.get("message")
    if isinstance(message, dict):
        if message.get("is_echo"):
            return None
        quick = message.get("quick_reply")
        if isinstance(quick, dict):
            return {
                "tap": message.get("text") or quick.get("payload", ""),
                "_payload": quick.get("payload"),
            }
        for attachment in message.get("attachments") or []:
            url = (attachment.get("payload") or {}).get("url")
            if url and attachment.get("type") in ("image", "audio", "video", "file"):
                return {"attachment": {"type": attachment["type"], "url": url}}
        if "text" in message:
            return {"say": message["text"]}
        return None
    if isinstance(event.get("postback"), dict):
        postback = event["postback"]
        value = {"payload": str(postback.get("payload", ""))}
        if postback.get("title"):
            value["title"] = postback["title"]
        return {"postback": value}
    if "read" in event:
        return {"read": True}
    if isinstance(event.get("reaction"), dict):
        reaction = event["reaction"]
        return {
            "react": {"emoji": reaction.get("emoji", ""), "action": reaction.get("action", "react")}
        }
    if isinstance(event.get("account_linking"), dict):
        linking = event["account_linking"]
        if linking.get("status") == "unlinked":
            return {"unlink_account": True}
        return {"link_account": linking.get("authorization_code", "")}
    if isinstance(event.get("referral"), dict):
        referral = event["referral"]
        value = {"ref": str(referral.get("ref", ""))}
        for key in ("source", "type"):
            if referral.get(key):
                value[key] = referral[key]
        return {"referral": value}
    if isinstance(event.get("optin"), dict):
        return {"optin": str(event["optin"].get("ref", ""))}
    return None


def _graph_exchange(
    item: Captured, conversations: dict[str, _Conversation], last_step: dict[str, _Step]
) -> None:
    path = urlsplit(item.url).path
    if item.method.upper() == "GET":
        profile = item.response_json()
        psid = path.rstrip("/").rsplit("/", 1)[-1]
        if isinstance(profile, dict) and psid in conversations:
            conv = conversations[psid]
            conv.first_name = profile.get("first_name") or conv.first_name
            conv.last_name = profile.get("last_name") or conv.last_name
            conv.locale = profile.get("locale") or conv.locale
        return
    if not path.endswith("/messages"):
        return
    body = send_body(item) or {}
    recipient = body.get("recipient")
    psid = str(recipient.get("id", "")) if isinstance(recipient, dict) else ""
    step = last_step.get(psid)
    if step is None or not isinstance(body.get("message"), dict):
        return  # sender actions and messages before the user spoke are not expectations
    step.replies.append(body["message"])


def _register_identifiers(items: list[Captured], scrubber: Scrubber) -> None:
    """Tell the scrubber every identifier, token, signature and name in the traffic."""
    for item in items:
        for name, value in item.request_headers:
            lowered = name.lower()
            if lowered.startswith("x-hub-signature"):
                scrubber.register(value.split("=", 1)[-1], "signature")
                scrubber.register(value, "signature")
            elif lowered == "authorization":
                scrubber.register(value.split()[-1], "token")
        query = parse_qs(urlsplit(item.url).query)
        for key in ("access_token", "appsecret_proof"):
            for value in query.get(key, []):
                scrubber.register(value, "token")
        for segment in urlsplit(item.url).path.split("/"):
            if segment.isdigit() and len(segment) >= 6:
                scrubber.register(segment, "page_id")
        if is_webhook(item):
            _register_webhook(item.json(), scrubber)
        elif is_graph(item):
            body = send_body(item) or {}
            for key in ("access_token", "appsecret_proof"):
                if isinstance(body.get(key), str):
                    scrubber.register(body[key], "token")
            recipient = body.get("recipient")
            if isinstance(recipient, dict):
                scrubber.register(recipient.get("id"), "psid")
                scrubber.register(recipient.get("user_ref"), "user_ref")
            answer = item.response_json()
            if isinstance(answer, dict):
                scrubber.register(answer.get("message_id"), "mid")
                scrubber.register(answer.get("recipient_id"), "psid")
                for key in ("first_name", "last_name", "name"):
                    if isinstance(answer.get(key), str):
                        scrubber.register(answer[key], key)
                if isinstance(answer.get("profile_pic"), str):
                    scrubber.register(answer["profile_pic"], "token")


def _register_webhook(envelope: dict[str, Any], scrubber: Scrubber) -> None:
    for entry in envelope.get("entry") or []:
        if not isinstance(entry, dict):
            continue
        scrubber.register(entry.get("id"), "page_id")
        for event in entry.get("messaging") or []:
            if not isinstance(event, dict):
                continue
            scrubber.register((event.get("sender") or {}).get("id"), "psid")
            scrubber.register((event.get("recipient") or {}).get("id"), "page_id")
            for key in ("message", "reaction", "delivery"):
                part = event.get(key)
                if isinstance(part, dict):
                    scrubber.register(part.get("mid"), "mid")
                    for mid in part.get("mids") or []:
                        scrubber.register(mid, "mid")
            linking = event.get("account_linking")
            if isinstance(linking, dict):
                scrubber.register(linking.get("authorization_code"), "code")
            optin = event.get("optin")
            if isinstance(optin, dict):
                scrubber.register(optin.get("user_ref"), "user_ref")


# -- rendering ---------------------------------------------------------------------
def _document(
    conv: _Conversation, scrubber: Scrubber, seed: int, name: str, locale: str
) -> dict[str, Any]:
    persona: dict[str, Any] = {"locale": locale, "seed": seed}
    if conv.first_name:
        persona["first_name"] = scrubber.stand_in(conv.first_name)
    if conv.last_name:
        persona["last_name"] = scrubber.stand_in(conv.last_name)
    steps = [_step(step, scrubber) for step in conv.steps]
    return {
        "name": name,
        "description": "Recorded through mitmproxy and scrubbed: ids, tokens, names and "
        "financial values are synthetic.",
        "tags": ["recorded"],
        "persona": persona,
        "steps": steps,
    }


def persona_locale(conv: _Conversation) -> tuple[str, str | None]:
    """The persona locale for ``conv``, and a warning when the user's profile locale has
    no synthetic customers (the scenario would not load): then one of the same language,
    else one of the script the user wrote in."""
    from mockmessenger.boundary.canaries import LOCALES

    if conv.locale in LOCALES:
        return conv.locale, None
    language = (conv.locale or "").split("_")[0]
    same = [known for known in LOCALES if known.split("_")[0] == language]
    if same:
        fallback = same[0]
    else:
        texts = " ".join(str(s.action.get("say", "")) for s in conv.steps)
        fallback = "ar_SA" if re.search(r"[\u0600-\u06ff]", texts) else "en_US"
    if not conv.locale:
        return fallback, None
    return fallback, (
        f"the recorded profile locale {conv.locale!r} has no synthetic customers; "
        f"the persona uses {fallback}"
    )


def _step(step: _Step, scrubber: Scrubber) -> dict[str, Any]:
    action = dict(step.action)
    payload = action.pop("_payload", None)
    out: dict[str, Any] = {}
    kind, value = next(iter(action.items()))
    if kind == "tap":
        title = str(value)
        if scrubber.clean(title) or payload is None or not scrubber.clean(str(payload)):
            out["tap"] = scrubber.text(title)
        else:
            out["tap"] = str(payload)
    else:
        out[kind] = _scrub_value(value, scrubber)
    replies = [r for r in (_reply(message, scrubber) for message in step.replies) if r]
    out["expect"] = replies if replies else {"nothing": True}
    return out


def _scrub_value(value: Any, scrubber: Scrubber) -> Any:
    if isinstance(value, str):
        return scrubber.text(value)
    if isinstance(value, dict):
        return {k: _scrub_value(v, scrubber) for k, v in value.items()}
    return value


def _matcher(text: str, scrubber: Scrubber) -> Any:
    expected, is_regex = scrubber.expected(text)
    if is_regex or "{{" in text:
        return {"regex": expected if is_regex else rf"\A{escape(expected)}\Z"}
    return expected


def _choices(items: list[dict[str, Any]], scrubber: Scrubber) -> Any:
    titles = [str(i.get("title", "")) for i in items if i.get("title")]
    clean = [t for t in titles if scrubber.clean(t) and "{{" not in t]
    if len(clean) == len(items):
        return clean
    result: dict[str, Any] = {"count": len(items)}
    if clean:
        result["includes"] = clean
    return result


def _reply(message: dict[str, Any], scrubber: Scrubber) -> dict[str, Any] | None:
    reply: dict[str, Any] = {}
    if isinstance(message.get("text"), str):
        reply["text"] = _matcher(message["text"], scrubber)
    attachment = message.get("attachment")
    if isinstance(attachment, dict):
        kind = attachment.get("type")
        payload = attachment.get("payload") or {}
        if kind == "template" and isinstance(payload, dict):
            template: dict[str, Any] = {"type": str(payload.get("template_type", ""))}
            if isinstance(payload.get("text"), str):
                template["text"] = _matcher(payload["text"], scrubber)
            reply["template"] = template
            buttons = payload.get("buttons")
            if isinstance(buttons, list) and buttons:
                reply["buttons"] = _choices(buttons, scrubber)
        elif kind:
            reply["attachment"] = {"type": str(kind)}
    quick = message.get("quick_replies")
    if isinstance(quick, list) and quick:
        reply["quick_replies"] = _choices(quick, scrubber)
    return reply or None


# -- the final check ---------------------------------------------------------------
def check_clean(text: str, scrubber: Scrubber, guard: Any = None) -> None:
    """Fail loudly if a real value, or anything the guard recognises, is in ``text``.

    Real values are looked for in normalised form (digits of any script, spacing
    and punctuation removed), line by line; the problems name the kind and line,
    never the value.
    """
    problems: list[str] = []
    lines = [compact(line) for line in text.splitlines()]
    folded = [line.casefold() for line in text.splitlines()]
    for real, kind in scrubber.real_values():
        needle = compact(real)
        if len(needle) < MIN_CHECKED_LENGTH:
            continue
        for number, line in enumerate(lines, start=1):
            hit = (
                needle in line
                if kind not in ("first_name", "last_name", "name")
                else (real.casefold() in folded[number - 1])
            )
            if hit:
                what = kind.replace("_", " ")
                problems.append(f"line {number}: a real {what} ({len(real)} characters)")
    if guard is not None:
        # Our own stand-ins are synthetic by construction, yet a made-up account number
        # after "my account number" still looks like one: take them out of what the
        # guard sees, so that whatever it finds is something left over.
        record = EgressRecord.make(
            "PUT",
            "file:///recording.yaml",
            {"content-type": "text/plain; charset=utf-8"},
            scrubber.without_stand_ins(text),
            thread="mockmessenger-recording-check",
        )
        for finding in guard.scan(record):
            if finding.category not in NOT_ABOUT_CONTENT:
                problems.append(f"the guard finds {finding.summary()}")
    if problems:
        raise UnsafeRecordingError(sorted(set(problems)))

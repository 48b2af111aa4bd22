"""Checking the bot's replies against a step's expectations, keeping every mismatch.

A reply is read only through the harness's ``Reply`` attributes (kind, text,
quick_replies, buttons, template_type, elements, sender_action, attachment_url, body),
so the same checks work for every door. Nothing stops at the first mismatch: a person
fixing a bot wants the whole list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mockmessenger.scenarios.model import ReplyExpectation, StepExpectation

MATCHER_KEYS = ("exact", "contains", "not_contains", "regex", "one_of")
_TEXT_SHORTCUTS = ("contains", "not_contains", "regex", "one_of")


@dataclass
class Mismatch:
    """One expectation that did not hold."""

    line: int
    field: str
    expected: str
    got: str


# --- reading replies -----------------------------------------------------------------------


def _payload(reply: Any) -> dict[str, Any]:
    body = getattr(reply, "body", None) or {}
    attachment = (body.get("message") or {}).get("attachment") or {}
    payload = attachment.get("payload")
    return payload if isinstance(payload, dict) else {}


def reply_text(reply: Any) -> str | None:
    """The text a person reads: a message's text, or a button template's text."""
    text = getattr(reply, "text", None)
    if text is None:
        text = _payload(reply).get("text")
    return text


def attachment_type(reply: Any) -> str | None:
    body = getattr(reply, "body", None) or {}
    attachment = (body.get("message") or {}).get("attachment") or {}
    return attachment.get("type")


def describe_reply(reply: Any, limit: int = 160) -> str:
    """A one-line picture of a reply for failure messages."""
    kind = getattr(reply, "kind", "?")
    if kind == "sender_action":
        return f"sender_action {getattr(reply, 'sender_action', '')}"
    parts = [kind]
    template = getattr(reply, "template_type", None)
    if template:
        parts[0] = f"{template} template"
    text = reply_text(reply)
    if text is not None:
        parts.append(json.dumps(text, ensure_ascii=False))
    if kind == "attachment":
        parts.append(
            f"{attachment_type(reply)} {getattr(reply, 'attachment_url', '') or ''}".strip()
        )
    quick = [q.title for q in getattr(reply, "quick_replies", None) or []]
    if quick:
        parts.append("quick replies " + json.dumps(quick, ensure_ascii=False))
    buttons = [b.title for b in getattr(reply, "buttons", None) or []]
    if buttons:
        parts.append("buttons " + json.dumps(buttons, ensure_ascii=False))
    elements = getattr(reply, "elements", None) or []
    if elements:
        titles = [e.get("title") for e in elements if isinstance(e, dict)]
        parts.append(f"{len(elements)} element(s) {json.dumps(titles, ensure_ascii=False)}")
    text = " ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_replies(replies: Sequence[Any]) -> str:
    if not replies:
        return "no reply"
    return "; ".join(f"({i + 1}) {describe_reply(r)}" for i, r in enumerate(replies))


# --- matchers ---------------------------------------------------------------------------


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _listify(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def is_matcher(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(k in MATCHER_KEYS for k in value)


def text_problems(spec: Any, actual: Any) -> list[tuple[str, str]]:
    """Every way ``actual`` fails the matcher ``spec``: (expected, got) pairs."""
    if not is_matcher(spec):
        spec = {"exact": spec}
    if actual is None:
        return [(describe_matcher(spec), "no text")]
    actual = str(actual)
    shown = json.dumps(actual, ensure_ascii=False)
    problems = []
    if "exact" in spec and actual != _as_text(spec["exact"]):
        problems.append((f"text {json.dumps(_as_text(spec['exact']), ensure_ascii=False)}", shown))
    for part in _listify(spec.get("contains", [])):
        if _as_text(part) not in actual:
            problems.append(
                (f"text containing {json.dumps(_as_text(part), ensure_ascii=False)}", shown)
            )
    for part in _listify(spec.get("not_contains", [])):
        if _as_text(part) in actual:
            problems.append(
                (f"text without {json.dumps(_as_text(part), ensure_ascii=False)}", shown)
            )
    if "regex" in spec and not re.search(spec["regex"], actual):
        problems.append((f"text matching /{spec['regex']}/", shown))
    if "one_of" in spec and actual not in [_as_text(p) for p in spec["one_of"]]:
        options = " | ".join(json.dumps(_as_text(p), ensure_ascii=False) for p in spec["one_of"])
        problems.append((f"one of {options}", shown))
    return problems


def describe_matcher(spec: Any) -> str:
    if not is_matcher(spec):
        return json.dumps(_as_text(spec), ensure_ascii=False)
    return ", ".join(f"{k} {json.dumps(v, ensure_ascii=False)}" for k, v in spec.items())


def subset_problems(expected: Any, actual: Any, where: str) -> list[tuple[str, str]]:
    """``expected`` must be contained in ``actual`` (mappings: a subset; lists: item by item)."""
    if is_matcher(expected) and (isinstance(actual, str) or actual is None):
        return [(f"{where}: {e}", g) for e, g in text_problems(expected, actual)]
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [(f"{where}: a mapping", _show(actual))]
        problems = []
        for key, value in expected.items():
            if key not in actual:
                problems.append((f"{where}.{key} = {_show(value)}", "missing"))
            else:
                problems.extend(subset_problems(value, actual[key], f"{where}.{key}"))
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [(f"{where}: a list", _show(actual))]
        problems = []
        for i, value in enumerate(expected):
            if i >= len(actual):
                problems.append((f"{where}[{i}] = {_show(value)}", f"only {len(actual)} item(s)"))
            else:
                problems.extend(subset_problems(value, actual[i], f"{where}[{i}]"))
        return problems
    if _equal(expected, actual):
        return []
    return [(f"{where} = {_show(expected)}", _show(actual))]


def _equal(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return float(expected) == float(actual)
    if isinstance(expected, int | float) and isinstance(actual, str):
        return _as_text(expected) == actual
    return expected == actual


def _show(value: Any, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- one reply -----------------------------------------------------------------------------


def _choice_problems(spec: Any, actual: list[Any], name: str) -> list[tuple[str, str]]:
    """Quick replies or buttons: a list (exact, in order) or {titles, payloads, includes, count}."""
    titles = [getattr(item, "title", None) for item in actual]
    payloads = [getattr(item, "payload", None) for item in actual]
    got = json.dumps(titles, ensure_ascii=False) if actual else f"no {name}"
    problems = []
    if isinstance(spec, list):
        if len(spec) != len(actual):
            wanted = [s if not isinstance(s, dict) else s.get("title", s) for s in spec]
            problems.append((f"{len(spec)} {name} {_show(wanted)}", got))
        for i, item in enumerate(spec):
            if i >= len(actual):
                break
            if isinstance(item, dict):
                fields = {
                    k: getattr(actual[i], k, None) for k in ("type", "title", "payload", "url")
                }
                problems.extend(subset_problems(item, fields, f"{name}[{i}]"))
            elif _as_text(item) != titles[i]:
                problems.append((f"{name}[{i}] titled {_show(_as_text(item))}", got))
        return problems
    if "titles" in spec and [_as_text(t) for t in spec["titles"]] != titles:
        problems.append((f"{name} titled {_show([_as_text(t) for t in spec['titles']])}", got))
    if "payloads" in spec and [_as_text(p) for p in spec["payloads"]] != payloads:
        problems.append(
            (
                f"{name} with payloads {_show([_as_text(p) for p in spec['payloads']])}",
                _show(payloads),
            )
        )
    for title in spec.get("includes", []):
        if _as_text(title) not in titles:
            problems.append((f"{name} including {_show(_as_text(title))}", got))
    if "count" in spec and spec["count"] != len(actual):
        problems.append((f"{spec['count']} {name}", f"{len(actual)}: {got}"))
    return problems


def reply_problems(expectation: ReplyExpectation, reply: Any) -> list[Mismatch]:
    """Every check of ``expectation`` that ``reply`` fails."""
    found: list[Mismatch] = []

    def add(key: str, pairs: list[tuple[str, str]]) -> None:
        line = expectation.lines.get(key, expectation.where.line)
        field = f"{expectation.where.field}.{key}"
        found.extend(Mismatch(line, field, e, g) for e, g in pairs)

    checks = expectation.checks
    kind = getattr(reply, "kind", None)
    if "kind" in checks and checks["kind"] != kind:
        add("kind", [(f"a {checks['kind']} reply", describe_reply(reply))])
    if "text" in checks:
        add("text", text_problems(checks["text"], reply_text(reply)))
    for key in _TEXT_SHORTCUTS:
        if key in checks:
            add(key, text_problems({key: checks[key]}, reply_text(reply)))
    if "quick_replies" in checks:
        actual = list(getattr(reply, "quick_replies", None) or [])
        add("quick_replies", _choice_problems(checks["quick_replies"], actual, "quick replies"))
    if "buttons" in checks:
        actual = list(getattr(reply, "buttons", None) or [])
        add("buttons", _choice_problems(checks["buttons"], actual, "buttons"))
    if "template" in checks:
        add("template", _template_problems(checks["template"], reply))
    if "attachment" in checks:
        add("attachment", _attachment_problems(checks["attachment"], reply))
    if (
        "sender_action" in checks
        and getattr(reply, "sender_action", None) != checks["sender_action"]
    ):
        add("sender_action", [(f"sender_action {checks['sender_action']}", describe_reply(reply))])
    return found


def _template_problems(spec: dict[str, Any], reply: Any) -> list[tuple[str, str]]:
    template_type = getattr(reply, "template_type", None)
    if template_type is None:
        return [(f"a {spec.get('type', '')} template".replace("  ", " "), describe_reply(reply))]
    problems = []
    if "type" in spec and spec["type"] != template_type:
        problems.append((f"a {spec['type']} template", f"a {template_type} template"))
    if "text" in spec:
        problems.extend(
            (f"template {e}", g)
            for e, g in text_problems(spec["text"], _payload(reply).get("text"))
        )
    if "elements" in spec:
        elements = list(getattr(reply, "elements", None) or [])
        problems.extend(subset_problems(spec["elements"], elements, "elements"))
    if "fields" in spec:
        problems.extend(subset_problems(spec["fields"], _payload(reply), "payload"))
    return problems


def _attachment_problems(spec: dict[str, Any], reply: Any) -> list[tuple[str, str]]:
    kind = attachment_type(reply)
    if getattr(reply, "kind", None) != "attachment" and kind in (None, "template"):
        return [(f"an {spec.get('type', '')} attachment".replace("  ", " "), describe_reply(reply))]
    problems = []
    if "type" in spec and spec["type"] != kind:
        problems.append((f"a {spec['type']} attachment", f"a {kind} attachment"))
    if "url" in spec:
        url = getattr(reply, "attachment_url", None) or _payload(reply).get("url")
        problems.extend((f"attachment url {e}", g) for e, g in text_problems(spec["url"], url))
    return problems


# --- one step ------------------------------------------------------------------------------


def visible_replies(expect: StepExpectation | None, replies: Sequence[Any]) -> list[Any]:
    """Sender actions (typing, seen) are left out unless the step asks about them."""
    if expect and any(r.wants_sender_action() for r in expect.replies):
        return list(replies)
    return [r for r in replies if getattr(r, "kind", None) != "sender_action"]


def step_problems(expect: StepExpectation, replies: Sequence[Any]) -> list[Mismatch]:
    """Every way ``replies`` fail the step's expectation."""
    shown = visible_replies(expect, replies)
    if expect.nothing:
        if shown:
            return [
                Mismatch(expect.where.line, expect.where.field, "no reply", describe_replies(shown))
            ]
        return []
    if expect.order == "any_order":
        problems = _any_order(expect, shown)
    else:
        problems = []
        for i, expectation in enumerate(expect.replies):
            if i >= len(shown):
                problems.append(
                    Mismatch(
                        expectation.where.line,
                        expectation.where.field,
                        f"reply {i + 1}: {expectation.describe()}",
                        f"only {len(shown)} reply(ies): {describe_replies(shown)}",
                    )
                )
                continue
            problems.extend(_numbered(i, reply_problems(expectation, shown[i])))
    if not expect.more and len(shown) > len(expect.replies):
        extra = shown[len(expect.replies) :] if expect.order == "in_order" else shown
        problems.append(
            Mismatch(
                expect.where.line,
                expect.where.field,
                f"{len(expect.replies)} reply(ies) (add 'more: true' to allow others)",
                f"{len(shown)}; extra: {describe_replies(extra)}",
            )
        )
    return problems


def _numbered(index: int, mismatches: list[Mismatch]) -> list[Mismatch]:
    for mismatch in mismatches:
        mismatch.expected = f"reply {index + 1}: {mismatch.expected}"
    return mismatches


def _any_order(expect: StepExpectation, replies: list[Any]) -> list[Mismatch]:
    table = [[reply_problems(e, r) for r in replies] for e in expect.replies]
    assignment = _assign([[not cell for cell in row] for row in table], 0, set())
    if assignment is not None:
        return []
    problems = []
    used: set[int] = set()
    for i, expectation in enumerate(expect.replies):
        fits = [j for j, cell in enumerate(table[i]) if not cell and j not in used]
        if fits:
            used.add(fits[0])
            continue
        left = [j for j in range(len(replies)) if j not in used]
        if not left:
            got = "no reply left" if replies else "no reply"
            problems.append(
                Mismatch(
                    expectation.where.line, expectation.where.field, expectation.describe(), got
                )
            )
            continue
        best = min(left, key=lambda j: len(table[i][j]))
        used.add(best)
        problems.extend(
            Mismatch(m.line, m.field, f"some reply: {m.expected}", f"closest ({best + 1}) {m.got}")
            for m in table[i][best]
        )
    return problems


def _assign(fit: list[list[bool]], row: int, used: set[int]) -> list[int] | None:
    """A one-to-one matching of expectations to replies, by backtracking (lists are short)."""
    if row == len(fit):
        return []
    for j, ok in enumerate(fit[row]):
        if ok and j not in used:
            rest = _assign(fit, row + 1, used | {j})
            if rest is not None:
                return [j, *rest]
    return None

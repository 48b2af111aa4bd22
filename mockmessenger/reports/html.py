"""The HTML report: every conversation drawn as a Messenger thread.

One self-contained file (inline CSS, no script, no external asset: images are
drawn as placeholders naming their host, never fetched). The user's messages sit
on the right, the bot's on the left, as in Messenger; each bubble carries
``dir="rtl"`` and ``lang="ar"`` when its text is Arabic. Each finding is drawn
in place, on the string it was found in, as a ``<mark class="finding">`` holding
the masked excerpt; findings in places that are not drawn (query strings,
headers, payloads) are listed under the bubble, and findings with no bubble
(requests to other hosts) under the conversation. Every other string drawn goes
through :func:`~mockmessenger.reports.redact.scrub`, so no full sensitive value
reaches the page even where a finding's span does not map onto the raw text.

Public API::

    render_html(conversations, findings, *, title="mockmessenger report",
                requests_scanned=None) -> str
    write_html(path, conversations, findings, *, title=..., requests_scanned=None) -> Path
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mockmessenger.boundary.findings import Finding
from mockmessenger.reports import Conversation
from mockmessenger.reports.redact import scrub

__all__ = ["is_rtl", "render_html", "write_html"]

_RTL_CHARS = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LETTERS = re.compile(r"[^\W\d_]")


def is_rtl(text: str) -> bool:
    """True when most letters of ``text`` are of a right-to-left script (Arabic, Hebrew)."""
    letters = _LETTERS.findall(text)
    if not letters:
        return False
    rtl = sum(1 for ch in letters if _RTL_CHARS.match(ch))
    return rtl * 2 >= len(letters)


def _lang_attrs(text: str) -> str:
    if is_rtl(text):
        return ' dir="rtl" lang="ar"'
    return ' dir="ltr"'


class _Marker:
    """Draws strings with the findings that sit on them, and remembers which were drawn."""

    def __init__(self, findings: Sequence[Finding]):
        self.findings = list(findings)
        self.drawn: set[int] = set()

    def at(self, path: str) -> list[tuple[int, Finding]]:
        return [(i, f) for i, f in enumerate(self.findings) if _same_path(f.path, path)]

    def text(self, value: Any, path: str) -> str:
        """``value`` as safe HTML, findings on ``path`` replaced by highlighted masks."""
        text = "" if value is None else str(value)
        hits = self.at(path)
        if not hits:
            return html.escape(scrub(text))
        for index, _ in hits:
            self.drawn.add(index)
        spans: dict[tuple[int, int], list[Finding]] = {}
        for _, f in hits:
            if f.span is not None and 0 <= f.span[0] < f.span[1] <= len(text):
                spans.setdefault((f.span[0], f.span[1]), []).append(f)
        ordered = sorted(spans.items(), key=lambda item: item[0])
        placed = sum(len(group) for _, group in ordered)
        if placed != len(hits) or _overlapping([span for span, _ in ordered]):
            return "".join(_mark(f) for _, f in hits)
        out, cursor = [], 0
        for (start, end), group in ordered:
            out.append(html.escape(scrub(text[cursor:start])))
            out.append(_mark(group[0], also=group[1:]))
            cursor = end
        out.append(html.escape(scrub(text[cursor:])))
        return "".join(out)

    def undrawn(self) -> list[Finding]:
        return [f for i, f in enumerate(self.findings) if i not in self.drawn]


def _overlapping(spans: list[tuple[int, int]]) -> bool:
    return any(a[1] > b[0] for a, b in pairwise(spans))


def _same_path(found: str, drawn: str) -> bool:
    return found.replace("['", ".").replace("']", "") == drawn


def _label(finding: Finding) -> str:
    return finding.category + (f"/{finding.value_category}" if finding.value_category else "")


def _mark(finding: Finding, also: Sequence[Finding] = ()) -> str:
    """One highlighted, masked finding (``also``: other findings on the same characters)."""
    labels = ", ".join(f"{_label(f)} ({f.detector})" for f in (finding, *also))
    categories = " ".join(dict.fromkeys(f.category for f in (finding, *also)))
    return (
        f'<mark class="finding" dir="ltr" data-category="{html.escape(categories)}" '
        f'title="{html.escape(labels)}">'
        f"{html.escape(scrub(finding.masked))}</mark>"
    )


def _finding_row(finding: Finding) -> str:
    label = finding.category + (f"/{finding.value_category}" if finding.value_category else "")
    where = finding.path or "(request)"
    dest = f" → {html.escape(scrub(finding.destination))}" if finding.destination else ""
    step = (
        f' <span class="step">step: {html.escape(scrub(finding.step))}</span>'
        if finding.step
        else ""
    )
    return (
        f'<li class="finding-row" data-category="{html.escape(finding.category)}">'
        f'<span class="badge">⚠ {html.escape(label)}</span> '
        f"<code>{html.escape(where)}</code>{dest}: {_mark(finding)}{step}</li>"
    )


def _placeholder(kind: str, url: Any, path: str, marker: _Marker) -> str:
    host = urlsplit(str(url or "")).hostname or ""
    hits = marker.at(path)
    for index, _ in hits:
        marker.drawn.add(index)
    marks = "".join(_mark(f) for _, f in hits)
    return (
        f'<div class="media" dir="ltr" data-kind="{html.escape(kind)}">[{html.escape(kind)}'
        f"{' from ' + html.escape(host) if host else ''}]{marks}</div>"
    )


def _buttons(buttons: Iterable[Mapping[str, Any]], path: str, marker: _Marker) -> str:
    items = []
    for i, button in enumerate(buttons):
        if not isinstance(button, Mapping):
            continue
        title = button.get("title") or button.get("type", "button")
        kind = html.escape(str(button.get("type", "")))
        items.append(
            f'<span class="button" data-type="{kind}"{_lang_attrs(str(title))}>'
            f"{marker.text(title, f'{path}[{i}].title')}</span>"
        )
    return f'<div class="buttons">{"".join(items)}</div>' if items else ""


def _template(payload: Mapping[str, Any], path: str, marker: _Marker) -> str:
    kind = str(payload.get("template_type", "template"))
    parts = [f'<div class="template" data-template="{html.escape(kind)}">']
    if payload.get("text"):
        text = str(payload["text"])
        parts.append(
            f'<div class="card-text"{_lang_attrs(text)}>{marker.text(text, path + ".text")}</div>'
        )
    for i, element in enumerate(payload.get("elements") or []):
        if isinstance(element, Mapping):
            parts.append(_card(element, f"{path}.elements[{i}]", marker))
    skip = {"template_type", "text", "elements", "buttons"}
    rows = [
        (key, value)
        for key, value in payload.items()
        if key not in skip and isinstance(value, (str, int, float))
    ]
    summary = payload.get("summary")
    if isinstance(summary, Mapping):
        rows.extend(
            (f"summary.{k}", v) for k, v in summary.items() if isinstance(v, (str, int, float))
        )
    if rows:
        parts.append('<dl class="fields">')
        for key, value in rows:
            parts.append(
                f"<dt>{html.escape(key)}</dt><dd>{marker.text(value, f'{path}.{key}')}</dd>"
            )
        parts.append("</dl>")
    parts.append(_buttons(payload.get("buttons") or [], path + ".buttons", marker))
    parts.append("</div>")
    return "".join(parts)


def _card(element: Mapping[str, Any], path: str, marker: _Marker) -> str:
    parts = ['<div class="card">']
    if element.get("image_url"):
        parts.append(_placeholder("image", element["image_url"], path + ".image_url", marker))
    for key in ("title", "subtitle"):
        if element.get(key) is not None:
            text = str(element[key])
            parts.append(
                f'<div class="card-{key}"{_lang_attrs(text)}>{marker.text(text, f"{path}.{key}")}</div>'
            )
    for key in ("price", "quantity", "currency"):
        if element.get(key) is not None:
            parts.append(
                f'<div class="card-{key}">{marker.text(element[key], f"{path}.{key}")}</div>'
            )
    parts.append(_buttons(element.get("buttons") or [], path + ".buttons", marker))
    parts.append("</div>")
    return "".join(parts)


def _out_bubble(body: Mapping[str, Any], marker: _Marker) -> tuple[str, str]:
    """HTML of one Send API body, and its css kind."""
    if body.get("sender_action"):
        action = str(body["sender_action"])
        label = {"typing_on": "typing…", "typing_off": "", "mark_seen": "seen"}.get(action, action)
        return (
            f'<div class="action" data-action="{html.escape(action)}">{html.escape(label)}</div>',
            "action",
        )
    message = body.get("message") if isinstance(body.get("message"), Mapping) else {}
    parts = []
    if message.get("text") is not None:
        text = str(message["text"])
        parts.append(
            f'<div class="bubble"{_lang_attrs(text)}>{marker.text(text, "$.message.text")}</div>'
        )
    attachment = message.get("attachment")
    if isinstance(attachment, Mapping):
        payload = (
            attachment.get("payload") if isinstance(attachment.get("payload"), Mapping) else {}
        )
        if attachment.get("type") == "template":
            parts.append(_template(payload, "$.message.attachment.payload", marker))
        else:
            kind = str(attachment.get("type", "file"))
            parts.append(
                _placeholder(kind, payload.get("url"), "$.message.attachment.payload.url", marker)
            )
    replies = []
    for i, qr in enumerate(message.get("quick_replies") or []):
        if not isinstance(qr, Mapping):
            continue
        title = str(qr.get("title") or qr.get("content_type", ""))
        replies.append(
            f'<span class="quick-reply"{_lang_attrs(title)}>'
            f"{marker.text(title, f'$.message.quick_replies[{i}].title')}</span>"
        )
    if replies:
        parts.append(f'<div class="quick-replies">{"".join(replies)}</div>')
    if not parts:
        parts.append('<div class="bubble empty">(empty message)</div>')
    return "".join(parts), "message"


def _event(body: Mapping[str, Any]) -> Mapping[str, Any]:
    """The messaging event, whether the entry holds the envelope or the event."""
    entries = body.get("entry")
    if isinstance(entries, list) and entries and isinstance(entries[0], Mapping):
        for key in ("messaging", "standby"):
            events = entries[0].get(key)
            if isinstance(events, list) and events and isinstance(events[0], Mapping):
                return events[0]
    return body


def _in_bubble(body: Mapping[str, Any], kind: str) -> str:
    """What the user did, as it would appear on their side of the thread."""
    event = _event(body)
    message = event.get("message") if isinstance(event.get("message"), Mapping) else None
    if message is not None:
        if message.get("text") is not None:
            text = str(message["text"])
            return f'<div class="bubble"{_lang_attrs(text)}>{html.escape(scrub(text))}</div>'
        attachments = message.get("attachments") or []
        kinds = ", ".join(str(a.get("type", "file")) for a in attachments if isinstance(a, Mapping))
        return f'<div class="media">[{html.escape(kinds or "attachment")}]</div>'
    if isinstance(event.get("postback"), Mapping):
        pb = event["postback"]
        title = str(pb.get("title") or pb.get("payload") or "postback")
        return f'<div class="bubble postback"{_lang_attrs(title)}>{html.escape(scrub(title))}</div>'
    for key, label in (
        ("read", "read"),
        ("delivery", "delivered"),
        ("reaction", "reacted"),
        ("referral", "referral"),
        ("optin", "opt-in"),
        ("account_linking", "account linking"),
    ):
        if key in event:
            detail = event[key]
            extra = ""
            if isinstance(detail, Mapping):
                extra = str(
                    detail.get("emoji")
                    or detail.get("reaction")
                    or detail.get("ref")
                    or detail.get("status")
                    or ""
                )
            text = f"{label} {extra}".strip()
            return f'<div class="action" data-action="{key}">{html.escape(scrub(text))}</div>'
    return f'<div class="action">{html.escape(kind or "event")}</div>'


def _entry_findings(findings: Sequence[Finding], entry: Mapping[str, Any]) -> list[Finding]:
    index = entry.get("record", entry.get("exchange_index"))
    if index is None:
        return []
    return [f for f in findings if f.record == index]


def _conversation(conv: Conversation, findings: Sequence[Finding], number: int) -> Iterator[str]:
    mine = conv.findings_in(findings)
    outcome = conv.outcome or ""
    conv_dir = ' dir="rtl"' if (conv.locale or "").startswith(("ar", "he", "fa", "ur")) else ""
    yield (
        f'<section class="conversation {html.escape(outcome)}" id="c{number}" '
        f'data-findings="{len(mine)}">'
    )
    yield '<header class="conv-head">'
    yield f"<h2>{html.escape(scrub(conv.name))}</h2>"
    meta = [x for x in (outcome, conv.locale, conv.source, conv.worker) if x]
    if mine:
        meta.append(f"{len(mine)} finding{'s' if len(mine) != 1 else ''}")
    yield f'<p class="meta">{html.escape(" · ".join(scrub(m) for m in meta))}</p></header>'
    yield f'<ol class="thread"{conv_dir}>'
    drawn: set[int] = set()
    for entry in conv.entries:
        body = entry.get("body") if isinstance(entry.get("body"), Mapping) else {}
        if entry.get("direction") == "out":
            hits = _entry_findings(mine, entry)
            drawn.update(id(f) for f in hits)
            marker = _Marker(hits)
            inner, css = _out_bubble(body, marker)
            flagged = " flagged" if hits else ""
            yield f'<li class="msg out {css}{flagged}">{inner}'
            rest = marker.undrawn()
            if rest:
                yield (
                    '<ul class="findings" dir="ltr">'
                    + "".join(_finding_row(f) for f in rest)
                    + "</ul>"
                )
            yield "</li>"
        else:
            yield f'<li class="msg in">{_in_bubble(body, str(entry.get("kind") or ""))}</li>'
    yield "</ol>"
    loose = [f for f in mine if id(f) not in drawn]
    if loose:
        yield '<h3>Elsewhere in this conversation</h3><ul class="findings" dir="ltr">'
        yield "".join(_finding_row(f) for f in loose)
        yield "</ul>"
    yield "</section>"


_CSS = """
:root{--blue:#0084ff;--grey:#e4e6eb;--bg:#fff;--ink:#050505;--muted:#65676b;--red:#d93025}
*{box-sizing:border-box}body{margin:0;font:15px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,
"Noto Sans","Noto Sans Arabic",Tahoma,sans-serif;background:#f0f2f5;color:var(--ink)}
header.top{background:#fff;padding:16px 24px;border-bottom:1px solid #ddd}
header.top h1{margin:0 0 4px;font-size:20px}.summary{color:var(--muted);margin:0}
.cats{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 0;padding:0;list-style:none}
.cats li{background:#fde8e7;color:var(--red);border-radius:12px;padding:2px 10px;font-size:13px}
main{max-width:760px;margin:0 auto;padding:16px}
.conversation{background:var(--bg);border-radius:12px;margin:0 0 20px;box-shadow:0 1px 2px #0002}
.conversation.failed{border-left:4px solid var(--red)}
.conv-head{padding:12px 16px;border-bottom:1px solid #eee}.conv-head h2{margin:0;font-size:16px}
.meta{margin:2px 0 0;color:var(--muted);font-size:13px}
.thread{list-style:none;margin:0;padding:12px 16px;display:flex;flex-direction:column;gap:6px}
.msg{display:flex;flex-direction:column;max-width:75%}
.msg.in{align-self:flex-end;align-items:flex-end}.msg.out{align-self:flex-start;align-items:flex-start}
.bubble{padding:8px 12px;border-radius:18px;white-space:pre-wrap;word-break:break-word}
.msg.in .bubble{background:var(--blue);color:#fff}.msg.out .bubble{background:var(--grey)}
.msg.flagged .bubble,.msg.flagged .template{outline:2px solid var(--red)}
.action{color:var(--muted);font-size:12px;font-style:italic;padding:0 8px}
.quick-replies,.buttons{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.quick-reply{border:1px solid var(--blue);color:var(--blue);border-radius:16px;padding:4px 12px;font-size:14px}
.button{display:block;text-align:center;color:var(--blue);border-top:1px solid #ddd;padding:6px 12px;width:100%}
.template{border:1px solid #ddd;border-radius:14px;overflow:hidden;min-width:220px;background:#fff}
.card{border-bottom:1px solid #eee;padding:8px 12px}.card-title{font-weight:600}.card-subtitle{color:var(--muted)}
.card-text{padding:8px 12px}.media{background:#ccd0d5;color:#333;border-radius:12px;padding:18px 12px;font-size:13px}
.fields{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:8px 12px;font-size:13px}
.fields dt{color:var(--muted)}.fields dd{margin:0}
mark.finding{background:#fde8e7;color:var(--red);border:1px solid var(--red);border-radius:4px;padding:0 3px;font-weight:600}
.findings{margin:4px 0 0;padding:0;list-style:none;font-size:13px}
.finding-row{color:var(--red);margin:2px 0}.badge{font-weight:600}.step{color:var(--muted)}
h3{font-size:14px;margin:0;padding:0 16px 4px;color:var(--red)}
"""


def render_html(
    conversations: Sequence[Conversation],
    findings: Sequence[Finding],
    *,
    title: str = "mockmessenger report",
    requests_scanned: int | None = None,
) -> str:
    """The whole report as one self-contained HTML document."""
    findings = list(findings)
    by_category = Counter(f.category for f in findings)
    summary = [f"{len(conversations)} conversation{'s' if len(conversations) != 1 else ''}"]
    if requests_scanned is not None:
        summary.append(f"{requests_scanned} requests scanned")
    summary.append(f"{len(findings)} finding{'s' if len(findings) != 1 else ''}")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f'<header class="top"><h1>{html.escape(title)}</h1>',
        f'<p class="summary">{html.escape(" · ".join(summary))}</p>',
    ]
    if by_category:
        parts.append('<ul class="cats">')
        parts.extend(
            f'<li data-category="{html.escape(c)}">{html.escape(c)}: {n}</li>'
            for c, n in by_category.most_common()
        )
        parts.append("</ul>")
    parts.append("</header><main>")
    threads = {c.thread for c in conversations if c.thread is not None}
    for number, conv in enumerate(conversations, 1):
        parts.extend(_conversation(conv, findings, number))
    orphans = [f for f in findings if f.thread is None or f.thread not in threads]
    if orphans:
        parts.append('<section class="conversation orphans"><header class="conv-head">')
        parts.append("<h2>Findings outside any drawn conversation</h2></header>")
        parts.append('<ul class="findings" style="padding:8px 16px">')
        parts.extend(_finding_row(f) for f in orphans)
        parts.append("</ul></section>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def write_html(
    path: str | Path,
    conversations: Sequence[Conversation],
    findings: Sequence[Finding],
    *,
    title: str = "mockmessenger report",
    requests_scanned: int | None = None,
) -> Path:
    """Render and write the report to ``path`` (parents created); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        render_html(conversations, findings, title=title, requests_scanned=requests_scanned),
        encoding="utf-8",
    )
    return path

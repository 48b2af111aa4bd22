"""The HTML report: structure, masking, and what a person sees in a real browser.

The browser test renders the report in headless Chromium (``apt-get install -y
chromium``) with a probe script appended to a *copy* of the report (the report
itself has no script): the probe writes the rendered text and each bubble's
computed direction into the DOM, which ``--dump-dom`` prints.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mockmessenger.boundary.canaries import CanaryMatcher
from mockmessenger.reports import Conversation
from mockmessenger.reports.html import is_rtl, render_html, write_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_is_rtl_follows_the_majority_of_letters():
    assert is_rtl("رصيدي؟")
    assert is_rtl("رقم بطاقتك 1234 وصلتك")
    assert not is_rtl("Your balance")
    assert not is_rtl("1234")


def test_report_draws_bubbles_quick_replies_buttons_and_cards(leaky_report):
    conv = leaky_report.conversations[0]
    page = render_html([conv], leaky_report.findings, requests_scanned=5)
    assert page.count('class="msg in"') == 3
    assert 'class="quick-reply" dir="rtl" lang="ar">الرصيد<' in page
    assert 'data-template="generic"' in page and 'class="card"' in page
    assert 'data-type="postback"' in page and ">Freeze card<" in page
    assert 'data-action="typing_on"' in page
    assert '<div class="bubble" dir="rtl" lang="ar">رصيدي؟</div>' in page
    assert '<ol class="thread" dir="rtl">' in page  # an Arabic conversation


def test_findings_are_highlighted_in_place_and_masked(leaky_report, report_customer):
    page = render_html(leaky_report.conversations, leaky_report.findings)
    card = report_customer.cards[0].number
    # in the text bubble, between the Arabic words, as a masked mark
    bubble = re.search(
        r'<div class="bubble" dir="rtl" lang="ar">رقم بطاقتك (.*?) وصلتك</div>', page
    )
    assert bubble is not None
    assert bubble.group(1).startswith('<mark class="finding" dir="ltr" data-category="card_number"')
    assert f"•••• {card[-4:]}</mark>" in bubble.group(1)
    # the IBAN in the card's subtitle
    assert re.search(
        r'class="card-subtitle" dir="ltr">IBAN <mark class="finding" dir="ltr" data-category="iban"',
        page,
    )
    # places not drawn as text are listed under their bubble; other hosts under the conversation
    assert "$.message.quick_replies[0].payload" in page
    assert re.search(
        r'data-kind="image">\[image from cdn.example.com\]<mark class="finding" dir="ltr" data-category="canary"',
        page,
    )
    assert "Elsewhere in this conversation" in page and "analytics.example.net" in page


def test_no_full_sensitive_value_and_no_external_asset(tmp_path, leaky_report, report_customer):
    path = write_html(
        tmp_path / "r" / "report.html", leaky_report.conversations, leaky_report.findings
    )
    page = path.read_text(encoding="utf-8")
    assert CanaryMatcher([report_customer]).search(page) == []
    assert report_customer.accounts[0].iban not in page
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.search(r'(src|href)\s*=\s*"', page)
    assert "url(" not in page and "@import" not in page


def test_text_without_findings_is_still_scrubbed(report_customer):
    card = report_customer.cards[1].number
    conv = Conversation(
        name="t",
        thread="p",
        entries=[
            {
                "direction": "in",
                "kind": "message",
                "body": {"message": {"text": f"my card is {card}"}},
            },
            {
                "direction": "out",
                "kind": "text",
                "exchange_index": 0,
                "body": {"message": {"text": f"noted {card}"}},
            },
        ],
    )
    page = render_html([conv], [])
    assert card not in page and f"•••• {card[-4:]}" in page


def test_findings_of_unknown_conversations_are_listed():
    from mockmessenger.boundary.findings import Finding

    finding = Finding(
        category="destination",
        detector="hosts",
        record=3,
        path="url.host",
        masked="evil.example",
        destination="evil.example",
    )
    page = render_html([], [finding])
    assert "Findings outside any drawn conversation" in page and "evil.example" in page


PROBE = """<script>
for (const el of document.querySelectorAll('.bubble, .quick-reply, .card-subtitle, .card-text')) {
  el.setAttribute('data-computed-direction', getComputedStyle(el).direction);
  el.setAttribute('data-visible', String(el.getBoundingClientRect().width > 0));
}
const pre = document.createElement('pre');
pre.id = 'probe-visible-text';
pre.textContent = document.body.innerText;
document.body.appendChild(pre);
</script>"""


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"
)
def test_report_renders_in_headless_chromium(tmp_path, leaky_report, report_customer):
    report = write_html(tmp_path / "report.html", leaky_report.conversations, leaky_report.findings)
    probed = tmp_path / "probed.html"
    probed.write_text(
        report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    dom = _chromium("--dump-dom", probed.as_uri(), profile=tmp_path / "profile").stdout
    visible = re.search(r'<pre id="probe-visible-text">(.*?)</pre>', dom, re.S)
    assert visible is not None, dom[:500]
    seen = visible.group(1)
    # what a person reads: the user's Arabic question, the bot's words, buttons, the masked finding
    for text in ("رصيدي؟", "رقم بطاقتك", "الرصيد", "Freeze card", "Your card is frozen.", "Manage"):
        assert text in seen
    card = report_customer.cards[0].number
    assert f"•••• {card[-4:]}" in seen
    assert CanaryMatcher([report_customer]).search(seen) == []
    # Arabic bubbles are laid out right to left, English ones left to right
    assert re.search(
        r'class="bubble" dir="rtl" lang="ar" data-computed-direction="rtl" data-visible="true">رصيدي؟',
        dom,
    )
    assert re.search(
        r'dir="ltr" data-computed-direction="ltr" data-visible="true">Your card is frozen.', dom
    )
    assert re.search(r'<mark class="finding" dir="ltr" data-category="card_number"', dom)
    # and it paints: a screenshot is written
    shot = tmp_path / "shot.png"
    _chromium(
        f"--screenshot={shot}",
        "--window-size=900,1400",
        report.as_uri(),
        profile=tmp_path / "profile2",
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_two_findings_on_the_same_characters_make_one_mark(report_customer):
    from mockmessenger.boundary.findings import Finding

    card = report_customer.cards[0].number
    text = f"card {card}"
    conv = Conversation(
        name="t",
        thread="p",
        entries=[
            {
                "direction": "out",
                "kind": "text",
                "exchange_index": 0,
                "body": {"message": {"text": text}},
            }
        ],
    )
    span = (5, 5 + len(card))
    findings = [
        Finding(
            category="card_number",
            detector="card_number",
            record=0,
            path="$.message.text",
            masked="•••• " + card[-4:],
            span=span,
            thread="p",
        ),
        Finding(
            category="canary",
            detector="canary",
            record=0,
            path="$.message.text",
            masked="•••• " + card[-4:],
            span=span,
            thread="p",
            value_category="card_number",
        ),
    ]
    page = render_html([conv], findings)
    assert page.count("<mark ") == 1
    assert 'data-category="card_number canary"' in page
    assert "card <mark" in page and card not in page

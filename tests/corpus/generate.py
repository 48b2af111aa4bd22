"""Generate the labelled boundary corpus (``corpus.jsonl``): seeded, so it is reproducible.

Run ``python tests/corpus/generate.py`` to rewrite ``tests/corpus/corpus.jsonl``.
Each line: ``{"id", "thread", "record": {method, url, headers, body}, "expected": [categories], "note"}``.
``body`` is text (JSON, form or plain) or ``{"base64": ...}`` for bytes. Positives
cover every category in English and Arabic (and French), every encoding and evasion
the guard claims to open; negatives look dangerous and are not. Hand-written
tricky cases live in ``handwritten.jsonl`` and are merged in by the test.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import random
import re
import string
from pathlib import Path
from urllib.parse import quote, urlencode

from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.de import idnr
from stdnum.iso7064 import mod_11_10
from stdnum.us import rtn, ssn

SEED = 20261130
HERE = Path(__file__).parent
GRAPH = "https://graph.facebook.com/v25.0/me/messages"
PROFILE = "https://graph.facebook.com/v25.0/me/messenger_profile"
ANALYTICS = "https://analytics.example.com/collect"
PSID = "24012345678901234"

rng = random.Random(SEED)
records: list[dict] = []


# -- values ------------------------------------------------------------------------------------


def digits(n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def card(prefix: str, length: int) -> str:
    body = prefix + digits(length - len(prefix) - 1)
    return body + luhn.calc_check_digit(body)


CARD_KINDS = [
    ("4", 16),
    ("4", 19),
    ("51", 16),
    ("55", 16),
    ("2221", 16),
    ("2720", 16),
    ("2500", 16),
    ("34", 15),
    ("37", 15),
    ("6011", 16),
    ("65", 16),
    ("62", 19),
    ("3530", 16),
    ("968208", 16),
    ("588845", 16),
    ("36", 14),
    ("6304", 18),
]

IBAN_BBAN = {
    "SA": "80" + "{18}",
    "AE": "033" + "{16}",
    "EG": "0019" + "0005" + "{17}",
    "KW": "CBKU" + "{22}",
    "BH": "NBOB" + "{14}",
    "QA": "DOHB" + "{21}",
    "OM": "018" + "{16}",
    "YE": "CBYE" + "0001" + "{18}",
    "SD": "21" + "{12}",
    "SO": "1000" + "001" + "{12}",
    "DJ": "00010" + "00000" + "{11}" + "{2}",
    "GB": "NWBK" + "601613" + "{8}",
    "DE": "37040044" + "{10}",
    "FR": "30006" + "00001" + "{11}" + "{2}",
    "JO": "CBJO" + "0010" + "{18}",
    "LY": "002" + "048" + "{15}",
    "IQ": "NBIQ" + "850" + "{12}",
}


def bban(template: str) -> str:
    """A BBAN from a template: literal bank codes and {n} for n random digits."""
    return re.sub(r"\{(\d+)\}", lambda m: digits(int(m.group(1))), template)


def iban(country: str) -> str:
    b = bban(IBAN_BBAN[country])
    value = country + stdnum_iban.calc_check_digits(country + "00" + b) + b
    assert stdnum_iban.is_valid(value), value
    return value


def grouped(value: str, sep: str = " ", size: int = 4) -> str:
    return sep.join(value[i : i + size] for i in range(0, len(value), size))


def us_ssn() -> str:
    while True:
        value = f"{rng.randint(1, 665):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
        if ssn.is_valid(value):
            return value


def aba() -> str:
    while True:
        body = rng.choice(["0", "1", "2", "3"]) + digits(7)
        for d in string.digits:
            if rtn.is_valid(body + d):
                return body + d


def sa_nid() -> str:
    body = rng.choice("12") + digits(8)
    return body + luhn.calc_check_digit(body)


def ae_eid() -> str:
    body = f"784{rng.randint(1960, 2004)}" + digits(7)
    return body + luhn.calc_check_digit(body)


def eg_nid() -> str:
    body = (
        f"{rng.choice('23')}{rng.randint(0, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        + rng.choice(["01", "02", "12", "21", "88"])
        + digits(4)
    )
    weights = (2, 7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    check = (11 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11) % 10
    return body + str(check)


def nino() -> str:
    while True:
        prefix = rng.choice("ABCEHJKLMNPRSTWXYZ") + rng.choice("ABCEHJKLMNPRSTWXYZ")
        if prefix not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            return prefix + digits(6) + rng.choice("ABCD")


def fr_nir() -> str:
    body = f"{rng.choice('12')}{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 95):02d}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    return body + f"{97 - int(body) % 97:02d}"


def de_tax_id() -> str:
    while True:
        ds = rng.sample(string.digits[1:], 9)
        ds.insert(rng.randrange(1, 10), ds[rng.randrange(9)])
        body = "".join(ds)
        value = body + mod_11_10.calc_check_digit(body)
        if idnr.is_valid(value):
            return value


# -- evasions (applied to a value) -------------------------------------------------------------

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EXT_ARABIC_INDIC = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")

EVASIONS = {
    "plain": lambda v: v,
    "spaced": lambda v: grouped(v, " "),
    "dashed": lambda v: grouped(v, "-"),
    "dotted": lambda v: grouped(v, "."),
    "slashed": lambda v: grouped(v, "/"),
    "nbsp": lambda v: grouped(v, "\u00a0"),
    "narrow_nbsp": lambda v: grouped(v, "\u202f"),
    "every_digit_spaced": lambda v: " ".join(v),
    "arabic_indic": lambda v: grouped(v, " ").translate(ARABIC_INDIC),
    "ext_arabic_indic": lambda v: v.translate(EXT_ARABIC_INDIC),
    "fullwidth": lambda v: v.translate(FULLWIDTH),
    "devanagari": lambda v: grouped(v, "-").translate(DEVANAGARI),
    "zero_width": lambda v: "\u200b".join(v),
    "bidi": lambda v: "\u200f" + "\u2066".join(grouped(v, " ").split(" ")) + "\u2069",
    "lookalike": lambda v: v.replace("0", "O").replace("1", "l"),
    "mixed_scripts": lambda v: "".join(
        c.translate(ARABIC_INDIC) if i % 2 else c for i, c in enumerate(v)
    ),
}

# -- encodings (applied to a whole carried string) ---------------------------------------------


def b64_in_blob(s: str) -> str:
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 5)))
    return base64.b64encode(junk + b"|" + s.encode()).decode()


ENCODINGS = {
    "url": lambda s: quote(s, safe=""),
    "double_url": lambda s: quote(quote(s, safe=""), safe=""),
    "base64": lambda s: base64.b64encode(s.encode()).decode(),
    "base64url": lambda s: base64.urlsafe_b64encode(s.encode()).decode().rstrip("="),
    "base64_in_blob": b64_in_blob,
    "hex": lambda s: s.encode().hex(),
    "html_entities": lambda s: "".join(
        f"&#{ord(c)};" if c.isdigit() else html.escape(c) for c in s
    ),
    "html_hex_entities": lambda s: "".join(f"&#x{ord(c):x};" if c.isdigit() else c for c in s),
    "json_escape": lambda s: "".join(f"\\u{ord(c):04x}" if c.isdigit() else c for c in s),
    "base64>url": lambda s: quote(base64.b64encode(s.encode()).decode(), safe=""),
}

# -- carriers (where in a request the string goes) ---------------------------------------------


def graph(message: dict, url: str = GRAPH) -> dict:
    return {
        "method": "POST",
        "url": url,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(
            {"recipient": {"id": PSID}, "messaging_type": "RESPONSE", "message": message},
            ensure_ascii=False,
        ),
    }


def carrier_text(s: str) -> dict:
    return graph({"text": s})


def carrier_quick_reply_payload(s: str) -> dict:
    return graph(
        {
            "text": "Choose an option",
            "quick_replies": [
                {"content_type": "text", "title": "Details", "payload": s},
                {"content_type": "text", "title": "Menu", "payload": "MENU"},
            ],
        }
    )


def carrier_button_payload(s: str) -> dict:
    return graph(
        {
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "button",
                    "text": "What next?",
                    "buttons": [{"type": "postback", "title": "Confirm", "payload": s}],
                },
            }
        }
    )


def carrier_button_url(s: str) -> dict:
    return graph(
        {
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "button",
                    "text": "Open",
                    "buttons": [
                        {
                            "type": "web_url",
                            "title": "View",
                            "url": "https://bank.example.com/view?ref=" + quote(s, safe=""),
                        }
                    ],
                },
            }
        }
    )


def carrier_generic_subtitle(s: str) -> dict:
    return graph(
        {
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "generic",
                    "elements": [
                        {
                            "title": "Your card",
                            "subtitle": s,
                            "buttons": [
                                {"type": "postback", "title": "Freeze", "payload": "FREEZE"}
                            ],
                        }
                    ],
                },
            }
        }
    )


def carrier_metadata(s: str) -> dict:
    return graph({"text": "Done.", "metadata": s})


def carrier_persistent_menu(s: str) -> dict:
    body = {
        "persistent_menu": [
            {
                "locale": "default",
                "composer_input_disabled": False,
                "call_to_actions": [
                    {
                        "type": "postback",
                        "title": s[:30] if len(s) <= 30 else "Account",
                        "payload": s,
                    }
                ],
            }
        ]
    }
    return {
        "method": "POST",
        "url": PROFILE,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(body, ensure_ascii=False),
    }


def carrier_form(s: str) -> dict:
    body = urlencode(
        {
            "recipient": json.dumps({"id": PSID}),
            "message": json.dumps({"text": s}, ensure_ascii=False),
        }
    )
    return {
        "method": "POST",
        "url": GRAPH,
        "headers": {"content-type": "application/x-www-form-urlencoded"},
        "body": body,
    }


def carrier_gzip(s: str) -> dict:
    rec = graph({"text": s})
    raw = gzip.compress(rec["body"].encode(), mtime=0)
    rec["headers"] = {"content-type": "application/json", "content-encoding": "gzip"}
    rec["body"] = {"base64": base64.b64encode(raw).decode()}
    return rec


def carrier_multipart(s: str) -> dict:
    boundary = "----mm" + digits(6)
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="recipient"\r\n\r\n{{"id":"{PSID}"}}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\n'
        + json.dumps({"text": s}, ensure_ascii=False)
        + f"\r\n--{boundary}--\r\n"
    )
    return {
        "method": "POST",
        "url": GRAPH,
        "headers": {"content-type": f"multipart/form-data; boundary={boundary}"},
        "body": body,
    }


def carrier_analytics_query(s: str) -> dict:
    return {
        "method": "GET",
        "url": ANALYTICS + "?" + urlencode({"event": "reply", "label": s}),
        "headers": {},
        "body": "",
    }


def carrier_analytics_header(s: str) -> dict:
    return {
        "method": "POST",
        "url": ANALYTICS,
        "headers": {"x-debug-context": s, "content-type": "text/plain"},
        "body": "ok",
    }


CARRIERS = {
    "text": (carrier_text, ()),
    "quick_reply_payload": (carrier_quick_reply_payload, ()),
    "button_payload": (carrier_button_payload, ()),
    "button_url": (carrier_button_url, ()),
    "generic_subtitle": (carrier_generic_subtitle, ()),
    "metadata": (carrier_metadata, ()),
    "persistent_menu": (carrier_persistent_menu, ()),
    "form": (carrier_form, ()),
    "gzip": (carrier_gzip, ()),
    "multipart": (carrier_multipart, ()),
    "analytics_query": (carrier_analytics_query, ("destination",)),
    "analytics_header": (carrier_analytics_header, ("destination",)),
}


def add(
    record: dict, expected: set[str] | tuple[str, ...], note: str, thread: str | None = None
) -> None:
    records.append(
        {
            "id": f"r{len(records):04d}",
            "thread": thread,
            "record": record,
            "expected": sorted(set(expected)),
            "note": note,
        }
    )


def place(
    text: str, category: str, note: str, carrier: str | None = None, encoding: str | None = None
) -> None:
    carrier = carrier or rng.choice(list(CARRIERS))
    make, extra = CARRIERS[carrier]
    if encoding:
        text = ENCODINGS[encoding](text)
    add(make(text), {category, *extra}, f"{note}; carrier={carrier}; encoding={encoding or 'none'}")


# -- positives ---------------------------------------------------------------------------------

CARD_PHRASES = [
    "Your card number is {v}",
    "Card: {v}",
    "بطاقتك رقم {v}",
    "رقم البطاقة: {v}",
    "Votre carte {v}",
    "{v}",
    "Here you go {v} thanks",
    "تم إصدار البطاقة {v} بنجاح",
]
evasion_names = list(EVASIONS)
encoding_names = list(ENCODINGS)
carrier_names = list(CARRIERS)

for i, (prefix, length) in enumerate(CARD_KINDS * 3):
    value = card(prefix, length)
    evasion = evasion_names[i % len(evasion_names)]
    phrase = CARD_PHRASES[i % len(CARD_PHRASES)].format(v=EVASIONS[evasion](value))
    carrier = carrier_names[i % len(carrier_names)]
    encoding = (
        encoding_names[i % len(encoding_names)]
        if i % 3 == 2 and carrier not in ("button_url",)
        else None
    )
    place(phrase, "card_number", f"card {prefix}/{length} evasion={evasion}", carrier, encoding)

for i, country in enumerate(list(IBAN_BBAN) * 2):
    value = iban(country)
    form = [
        value,
        grouped(value),
        grouped(value, "-"),
        value.lower(),
        grouped(value).translate(ARABIC_INDIC),
        "\u200b".join(value),
        grouped(value, "\u00a0"),
    ][i % 7]
    phrase = ["IBAN: {v}", "رقم الآيبان {v}", "Votre IBAN est {v}", "{v}", "transfer to {v} today"][
        i % 5
    ].format(v=form)
    encoding = encoding_names[i % len(encoding_names)] if i % 4 == 3 else None
    place(phrase, "iban", f"iban {country}", carrier_names[(i + 3) % len(carrier_names)], encoding)

ACCOUNT_PHRASES = [
    "Your account number is {v}",
    "Account no. {v}",
    "رقم حسابك {v}",
    "حسابك رقم {v}",
    "Numéro de compte : {v}",
    "a/c {v} is now active",
    "acct#{v}",
]
for i in range(21):
    value = "1" + digits(
        rng.randint(7, 13)
    )  # bank account numbers here never look like card numbers
    form = [value, " ".join([value[:4], value[4:]]), value.translate(ARABIC_INDIC)][i % 3]
    place(
        ACCOUNT_PHRASES[i % len(ACCOUNT_PHRASES)].format(v=form),
        "account_number",
        "account number with context",
        carrier_names[i % 10],
        "url" if i % 7 == 6 else None,
    )

for i in range(10):
    value = aba()
    phrase = [
        "Routing number: {v}",
        "ABA {v}",
        "رقم التوجيه {v}",
        "routing/transit {v}",
        "Wire using routing {v}",
    ][i % 5]
    place(
        phrase.format(v=value), "routing_number", "ABA routing with context", carrier_names[i % 10]
    )
for i in range(5):
    value = f"{rng.randint(10, 99)}-{digits(2)}-{digits(2)}"
    place(
        ["Sort code {v}", "sort code: {v}", "Your sort-code is {v}"][i % 3].format(v=value),
        "routing_number",
        "UK sort code",
        carrier_names[(i + 2) % 10],
    )

BICS = [
    "RJHISARI",
    "NCBKSAJE",
    "EBILAEAD",
    "NBEGEGCX",
    "DEUTDEFF",
    "BNPAFRPP",
    "CHASUS33",
    "NWBKGB2L",
    "QNBAQAQA",
    "NBOKKWKW",
    "BMUSOMRX",
    "NBADAEAAXXX",
]
for i, value in enumerate(BICS):
    phrase = [
        "SWIFT: {v}",
        "BIC {v}",
        "رمز السويفت {v}",
        "Code BIC : {v}",
        "swift code {v}, thanks",
    ][i % 5]
    place(phrase.format(v=value), "swift_bic", "BIC with context", carrier_names[i % 10])

for i in range(6):
    v = us_ssn()
    dashed = f"{v[:3]}-{v[3:5]}-{v[5:]}"
    place(
        ["SSN {v}", "Social security number: {v}", "{v}"][i % 3].format(
            v=dashed if i % 2 == 0 else v if i % 3 != 2 else dashed
        ),
        "national_id",
        "US SSN",
        carrier_names[i % 10],
    )
for i in range(4):
    v = f"9{digits(2)}{rng.choice(['70', '78', '88', '92'])}{digits(4)}"
    place(f"ITIN {v[:3]}-{v[3:5]}-{v[5:]}", "national_id", "US ITIN", carrier_names[i % 10])
for i in range(5):
    v = sa_nid()
    place(
        [
            "رقم الهوية {v}",
            "Iqama number {v}",
            "National ID: {v}",
            "الهوية الوطنية: {v}",
            "رقم الإقامة {v}",
        ][i].format(v=v if i % 2 else v.translate(ARABIC_INDIC)),
        "national_id",
        "Saudi national id / iqama",
        carrier_names[i % 10],
    )
for i in range(4):
    v = ae_eid()
    place(
        ["Emirates ID {v}", "{v}", "رقم الهوية الإماراتية {v}", "ID: {v}"][i].format(
            v=f"{v[:3]}-{v[3:7]}-{v[7:14]}-{v[14]}" if i % 2 == 0 else v
        ),
        "national_id",
        "UAE Emirates ID",
        carrier_names[(i + 4) % 10],
    )
for i in range(4):
    v = eg_nid()
    place(
        ["الرقم القومي {v}", "National ID {v}", "{v}", "رقم قومي: {v}"][i].format(
            v=v if i != 3 else v.translate(ARABIC_INDIC)
        ),
        "national_id",
        "Egyptian national id",
        carrier_names[(i + 1) % 10],
    )
for i in range(3):
    v = nino()
    place(
        ["NI number {v}", "Your National Insurance number is {v}", "{v}"][i].format(
            v=f"{v[:2]} {v[2:4]} {v[4:6]} {v[6:8]} {v[8]}" if i == 1 else v
        ),
        "national_id",
        "UK NINO",
        carrier_names[(i + 5) % 10],
    )
for i in range(3):
    v = fr_nir()
    place(
        ["Numéro de sécurité sociale : {v}", "NIR {v}", "{v}"][i].format(v=v),
        "national_id",
        "French NIR",
        carrier_names[(i + 6) % 10],
    )
for i in range(3):
    v = de_tax_id()
    place(
        ["Steuer-ID {v}", "Your tax ID: {v}", "Steueridentifikationsnummer {v}"][i].format(v=v),
        "national_id",
        "German IdNr",
        carrier_names[(i + 7) % 10],
    )

for i in range(8):
    v = digits(3 if i % 3 else 4)
    v = str(rng.randint(1, 9)) + v[1:]
    phrase = [
        "CVV: {v}",
        "Your CVV is {v}",
        "رمز الأمان {v}",
        "cryptogramme {v}",
        "security code {v}",
        "CVC2 {v}",
        "الرمز الأمني للبطاقة: {v}",
        "cvv={v}",
    ][i]
    place(
        phrase.format(v=v if i != 2 else v.translate(ARABIC_INDIC)),
        "card_cvv",
        "CVV with context",
        carrier_names[i % 10],
    )
for i in range(8):
    v = f"{rng.randint(1, 12):02d}/{rng.choice(['27', '28', '2029', '30'])}"
    phrase = [
        "Expiry: {v}",
        "expires {v}",
        "Valid thru {v}",
        "تاريخ الانتهاء {v}",
        "Date d'expiration : {v}",
        "exp {v}",
        "صالحة حتى {v}",
        "Expiration date {v}",
    ][i]
    place(
        phrase.format(v=v if i != 3 else v.translate(ARABIC_INDIC)),
        "card_expiry",
        "expiry with context",
        carrier_names[(i + 3) % 10],
    )

BALANCES = [
    "Your available balance is SAR 12,450.75",
    "Balance: $1,234.56",
    "رصيدك الحالي ٣٬٢٥٠٫٠٠ ر.س",
    "Votre solde est de 1 234,56 €",
    "You have AED 5,400.00 available",
    "Your balance is 1.234,56 EUR",
    "رصيد حسابك 8,901.10 ريال",
    "الرصيد المتاح: 15,000.00 د.إ",
    "Current balance £2,310.45",
    "Solde disponible : 987,65 €",
    "Balance 45,120.00 EGP",
    "رصيدك ٤٥٬١٢٠ ج.م",
    "available balance: 7,777.77",
    "Your balance: USD 310.09",
    "لديك رصيد 1,250.00 ريال سعودي",
    "Solde: 12 500,00 MAD",
    "BAL SAR 3,400.20",
    "balance=1234.56 SAR",
]
for i, phrase in enumerate(BALANCES):
    place(
        phrase,
        "balance",
        "balance with context",
        carrier_names[i % 10],
        "base64" if i % 6 == 5 else None,
    )

TRANSACTIONS = [
    "You paid SAR 45.00 at Starbucks on 12 Mar",
    "Debit of AED 230.50 at Carrefour",
    "تم خصم ٢٣٠٫٥٠ د.إ لدى كارفور",
    "Achat de 89,90 € chez Monoprix le 03/04",
    "Last transaction: $56.20 Amazon",
    "Purchase 1,299.00 SAR Jarir Bookstore",
    "عملية شراء بمبلغ 150.00 ريال من بنده",
    "Refund of £12.99 from Boots",
    "ATM withdrawal EGP 2,000.00",
    "Paiement de 45,00 € à SNCF",
    "Credited SAR 9,500.00 salary",
    "Transfer of AED 1,000.00 to Ahmed",
    "معاملة بقيمة ٧٥٫٢٥ ر.س",
    "Transaction: USD 19.99 Netflix 2026-03-02",
    "Virement de 300,00 € reçu",
    "إيداع 3,000.00 ج.م",
    "POS purchase KWD 12.500",
    "You spent $84.10 at Shell Oil",
]
for i, phrase in enumerate(TRANSACTIONS):
    place(
        phrase,
        "transaction",
        "transaction with context",
        carrier_names[(i + 5) % 10],
        "url" if i % 6 == 4 else None,
    )

CREDENTIALS = [
    "Your OTP is 482913",
    "PIN: 4821",
    "رمز التحقق الخاص بك 739201",
    "Votre code de vérification : 552901",
    "Your one-time passcode: 118822",
    "Your password is Summer2024!",
    "كلمة المرور: Riyadh#2026",
    "mot de passe : Paris_75001",
    "Your new PIN is 9034",
    "الرقم السري ٤٥٦٧",
    "verification code 300912",
    "OTP=771204",
]
for i, phrase in enumerate(CREDENTIALS):
    place(
        phrase,
        "credential",
        "credential echoed back",
        carrier_names[(i + 2) % 10],
        "base64url" if i % 5 == 4 else None,
    )

# masked forms that reveal more than the policy allows
for i in range(8):
    value = card(rng.choice(["4", "51", "2221"]), 16)
    form = [
        value[:10] + "******",
        value[:8] + "****" + value[12:],
        "**** " + value[4:8] + " **** " + value[12:],
        value[:6] + "•" * 4 + value[10:],
        "xxxx-xxxx-" + value[8:12] + "-" + value[12:],
        value[:12] + "****",
        "••" + value[2:],
        "#### " + value[4:16],
    ][i]
    place(f"Card {form}", "card_number", "masked form revealing too much", carrier_names[i % 10])

# split across two messages of one thread
for i in range(6):
    prefix = rng.choice(["4", "55", "2500", "37"])
    value = card(prefix, 15 if prefix == "37" else 16)  # each scheme's own length
    cut = [8, 4, 12, 6, 10, 8][i]
    thread = f"split-{i}"
    first, second = value[:cut], value[cut:]
    texts = [
        (f"Your card starts {grouped(first)}", f"and ends {grouped(second)}"),
        (f"بطاقتك تبدأ بـ {first}", f"وتنتهي بـ {second}"),
        (f"card part 1/2: {first}", f"card part 2/2: {second}"),
        (first, second),
        (f"Carte: {first}", f"suite: {second}"),
        (f"{first}", f"{second}"),
    ][i]
    add(carrier_text(texts[0]), set(), "split card, first half", thread)
    add(
        carrier_text(texts[1]),
        {"card_number"},
        "split card, second half: the thread reveals it all",
        thread,
    )
for i in range(3):
    value = card("4", 16)
    masked_a = value[:8] + "********"
    masked_b = "********" + value[8:]
    thread = f"masksplit-{i}"
    add(
        carrier_text(f"Card {grouped(masked_a)}"),
        {"card_number"},
        "masked: first 8 alone is too much",
        thread,
    )
    add(
        carrier_text(f"Card {grouped(masked_b)}"),
        {"card_number"},
        "masked: second message completes the number",
        thread,
    )
for i in range(3):
    value = card("4", 16)
    thread = f"masksplit-ok-{i}"
    add(
        carrier_text(f"Card {value[:6]}******{value[12:]}"),
        set(),
        "masked first6+last4 is allowed (PCI)",
        thread,
    )
    add(
        carrier_text(f"Card ************{value[12:]}"),
        set(),
        "masked last4 after first6+last4: still only first6+last4",
        thread,
    )

# split across fields of one message
for _ in range(3):
    value = card("4", 16)
    parts = [value[0:4], value[4:8], value[8:12], value[12:16]]
    add(
        graph(
            {
                "text": "Pick",
                "quick_replies": [
                    {"content_type": "text", "title": p, "payload": f"P{k}"}
                    for k, p in enumerate(parts)
                ],
            }
        ),
        {"card_number"},
        "card split over quick reply titles",
    )

# unscannable content
add(
    {
        "method": "POST",
        "url": GRAPH,
        "headers": {"content-type": "application/json", "content-encoding": "gzip"},
        "body": {"base64": base64.b64encode(b"\x1f\x8b\x08\x00garbage-not-gzip").decode()},
    },
    {"unscannable"},
    "corrupt gzip body",
)
add(
    {
        "method": "POST",
        "url": GRAPH,
        "headers": {"content-type": "application/octet-stream"},
        "body": {"base64": base64.b64encode(bytes(range(256))).decode()},
    },
    {"unscannable"},
    "opaque binary body",
)
add(
    {
        "method": "POST",
        "url": GRAPH,
        "headers": {"content-type": "text/plain"},
        "body": {"base64": base64.b64encode(b"\xff\xfe\xfa\xc3\x28 not utf8 \xa0\xa1").decode()},
    },
    {"unscannable"},
    "undecodable bytes",
)
add(
    {
        "method": "POST",
        "url": GRAPH,
        "headers": {"content-type": "application/json", "content-encoding": "br"},
        "body": {"base64": base64.b64encode(b"\x0b\x02\x80hello").decode()},
    },
    {"unscannable"},
    "unsupported content coding",
)

# -- negatives ---------------------------------------------------------------------------------

NEGATIVES = [
    "Your appointment is on 2026-03-15 at 10:30",
    "Statement date 15/03/2026",
    "موعدك يوم ١٥/٠٣/٢٠٢٦",
    "Call us on +966 50 123 4567",
    "Customer care: 800 124 4444",
    "اتصل بنا على ٩٢٠٠٠٠١٢٣",
    "Order #12345678 has shipped",
    "Your order number is 4000123456",
    "Tracking: 1Z999AA10123456784",
    "رقم الشحنة 7712345678901",
    "Annual fee is SAR 300",
    "Transfer fee: AED 15.00",
    "Monthly fee €5,00",
    "Rate: 3.5% APR",
    "The profit rate is 4.25%",
    "Card ending 1234",
    "Your card •••• 1234 is frozen",
    "Card **** **** **** 1234",
    "Account ending in 5678",
    "حسابك المنتهي بـ 9012",
    "Timestamp 1700000000007",
    "event at 1767225600000",
    "Reply 1 for balance, 2 for cards",
    "Your balance is available in the app",
    "رصيدك متاح في التطبيق",
    "Never share your PIN or OTP with anyone",
    "Enter the 6-digit code we sent you",
    "لا تشارك رمز التحقق مع أي شخص",
    "We will never ask for your password",
    "Votre solde est disponible dans l'application",
    "Branch hours 9:00-17:00, Sun-Thu",
    "Minimum balance required: SAR 3,000",
    "Transfers over 5,000 SAR need approval",
    "Cashback up to 10% on dining",
    "1 USD = 3.75 SAR",
    "Version 25.0 of the app",
    "Ticket #998877 opened",
    "Room 1204, floor 12",
    "Postal code 12345",
    "Invoice 2026-00042",
    "CUSTOMER BALANCES REPORT",
    "PAYMENTS TRANSFER SECURITY",
    "Our SWIFT network is available 24/7",
    "Use IBAN format SAxx xxxx xxxx xxxx xxxx xxxx",
    "Card 411111******1111",
    "رسوم البطاقة السنوية ٣٠٠ ريال",
    "Frais annuels : 50 €",
    "Limit: $5,000 per day",
    "Call 8001244444 for help",
    "Your reference is REF-2026-0042",
    "Ref 20260315-001",
    "Booking confirmation 5XK9QP",
    "Flight SV1020 departs 14:05",
    "The price is 1,299 SAR",
    "iPhone 15 costs 3,999 SAR",
    "Pay 0 SAR today",
    "Interest rate 5.99% per year",
    "You can transfer up to AED 50,000",
    "Your request 8844221 is in progress",
    "Dial *123# for balance",
    "Tap to view your balance",
    "رصيدك",
    "transaction history is in the app",
    "Your last 5 transactions are in the app",
    "Processing takes 3-5 business days",
    "Meeting 10/12",
    "Fee schedule 2026: SAR 25 per transfer",
    "Coupon code SAVE2026",
    "Use code WELCOME10",
    "Zip 90210",
    "Case 2026-11-30-0007",
    "Build 1.2.3.4",
    "Download our app v4.12.1",
    "Order 2024-000123 delivered",
    "شكراً لتواصلك معنا",
    "Merci de votre message",
    "How can I help you today?",
    "مرحبا! كيف يمكنني مساعدتك؟",
    "Your card 5555 **** **** 4444 is active",
    "Accounts: ****1234, ****5678",
    "Card ending ٤٣٢١",
    "Phone: +971 4 123 4567",
    "Whatsapp +20 100 123 4567",
    "Our routing number is 021000021",
    "Support line 8001244444",
    "Public holiday on 23/09",
    "Page 2 of 10",
    "50% off at partner stores",
    "The minimum payment is 5% of your balance",
    "Credit limit SAR 20,000 for Platinum cards",
]
for i, phrase in enumerate(NEGATIVES):
    carrier = carrier_names[i % 10]
    encoding = encoding_names[i % len(encoding_names)] if i % 9 == 8 else None
    place(phrase, "none", "negative", carrier, encoding)
    records[-1]["expected"] = [c for c in records[-1]["expected"] if c != "none"]

# negatives that are structurally dangerous: PSID in recipient, Graph ids, quick reply payload constants
for _ in range(12):
    psid = digits(16)
    rec = graph(
        {
            "text": "Welcome back!",
            "quick_replies": [
                {"content_type": "text", "title": "Balance", "payload": "BALANCE_INQUIRY"},
                {"content_type": "text", "title": "Cards", "payload": "CARDS_MENU"},
            ],
        }
    )
    body = json.loads(rec["body"])
    body["recipient"]["id"] = psid
    rec["body"] = json.dumps(body)
    add(rec, set(), "negative: PSID recipients and menu constants")
for _ in range(6):
    add(
        graph(
            {
                "text": f"Order {digits(8)} confirmed",
                "quick_replies": [
                    {
                        "content_type": "text",
                        "title": f"Track {digits(6)}",
                        "payload": f"TRACK_{digits(6)}",
                    }
                ],
            }
        ),
        set(),
        "negative: order/tracking numbers in payloads",
    )
for _ in range(6):
    add(
        {
            "method": "POST",
            "url": "https://core.bank.internal/api/accounts",
            "headers": {"content-type": "application/json"},
            "body": json.dumps(
                {"account": digits(12), "card": card("4", 16), "balance": "12,345.67"}
            ),
        },
        set(),
        "negative: trusted bank back end is inside the boundary",
    )

out = HERE / "corpus.jsonl"
with out.open("w", encoding="utf-8") as fh:
    for item in records:
        fh.write(json.dumps(item, ensure_ascii=False) + "\n")
print(f"wrote {len(records)} records to {out}")

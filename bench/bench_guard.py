"""Benchmark: the boundary guard against Presidio's pattern recognizers and a plain ``re`` pass.

Run ``python bench/bench_guard.py`` (``--help`` for sizes). It prints tables:

1. Throughput on one generated corpus of Send API bodies (a few MB, a realistic mix:
   mostly benign chatter in English, Arabic and French, templates, quick replies,
   masked cards, and some leaks), per message, side by side in one run: the guard
   (default policy; hyperscan prefilter and the pure-Python one), Presidio's financial
   pattern recognizers called directly without any spaCy model, and one combined
   ``re`` alternation (card / IBAN / digit runs) with ``finditer``.
   Then repeated replies: ``--distinct`` replies of that corpus sent to 1,000 customers (one
   thread each), the guard with its per-request memo and with it off.
2. Precision and recall of the guard and of Presidio on the labelled corpus in
   ``tests/corpus/`` (the same counting as ``tests/boundary/test_corpus_precision_recall.py``).
3. Canary cost: the guard with 10 and with 100,000 canary values, build time apart from
   per-message scan time.

Plain script, no pytest: timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import random
import re
import string
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from stdnum import iban as stdnum_iban
from stdnum import luhn

from mockmessenger.boundary import Guard, Policy
from mockmessenger.boundary.canaries import CustomerFactory
from mockmessenger.records import EgressRecord

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
sys.path.insert(0, str(CORPUS))
from labelled import load_corpus, to_record  # noqa: E402

GRAPH = "https://graph.facebook.com/v25.0/me/messages"

# -- generated Send API corpus ----------------------------------------------------------------

EN = [
    "Hi {name}! How can I help you today?",
    "Our branch on {street} opens at 9:00 and closes at 17:30.",
    "The savings rate is 3.5% per year; fees start at {small}.",
    "Call us on +1 800 555 {d4} if you need anything else.",
    "Your order #{d8} has shipped and should arrive by {date}.",
    "Your card ending in {d4} is now active.",
    "For security, never share your PIN or one-time code with anyone.",
    "Tap below to see your recent activity or talk to an agent.",
    "Reference {ref} — thanks for banking with us.",
]
AR = [
    "مرحبا {name}! كيف يمكنني مساعدتك اليوم؟",
    "تم جدولة تحويلك بتاريخ {date}.",
    "فرعنا في {street} يفتح الساعة ٩ صباحا.",
    "نسبة الربح ٣٫٥٪ سنويا والرسوم تبدأ من ١٠ ريال.",
    "بطاقتك المنتهية بـ {d4} أصبحت فعالة.",
    "لا تشارك رمز التحقق مع أي شخص.",
    "رقم الطلب {d8} قيد الشحن.",
]
FR = [
    "Bonjour {name}, que puis-je faire pour vous ?",
    "Votre carte se terminant par {d4} est activée.",
    "Le taux du livret est de 3,5 % par an.",
    "Votre commande n° {d8} a été expédiée le {date}.",
]
LEAKS = [
    "Your card number is {card}",
    "بطاقتك رقم {card_ar}",
    "IBAN: {iban}",
    "Your balance is {balance} SAR",
    "رصيدك {balance} ريال",
    "SSN on file: {ssn}",
    "Account {account} routing {aba}",
    "Votre solde est de {balance} €",
    "Your transfer of {small} was scheduled for {date}.",
]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _card(rng: random.Random) -> str:
    prefix, length = rng.choice([("4", 16), ("51", 16), ("2221", 16), ("37", 15), ("62", 19)])
    body = prefix + _digits(rng, length - len(prefix) - 1)
    return body + luhn.calc_check_digit(body)


def _iban(rng: random.Random) -> str:
    country, bban = rng.choice(
        [
            ("SA", "80" + _digits(rng, 18)),
            ("GB", "NWBK" + _digits(rng, 14)),
            ("DE", _digits(rng, 18)),
            ("AE", "033" + _digits(rng, 16)),
        ]
    )
    return country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban


def _fill(template: str, rng: random.Random) -> str:
    card = _card(rng)
    aba = _digits(rng, 8)
    aba += str((10 - (3 * int(aba[0]) + 7 * int(aba[1]) + int(aba[2]) + 3 * int(aba[3]) + 7 * int(aba[4]) + int(aba[5]) + 3 * int(aba[6]) + 7 * int(aba[7])) % 10) % 10)  # fmt: skip
    return template.format(
        name=rng.choice(["Sam", "Lina", "Omar", "Chloé", "سارة", "محمد"]),
        small=f"{rng.randint(1, 99)}.{rng.randint(0, 99):02d}",
        date=f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        street=rng.choice(["King Fahd Rd", "Main Street", "شارع التحلية", "rue de Rivoli"]),
        d4=_digits(rng, 4),
        d8=_digits(rng, 8),
        ref="".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(10)),
        card=" ".join(card[i : i + 4] for i in range(0, len(card), 4)),
        card_ar=card.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        iban=_iban(rng),
        balance=f"{rng.randint(1000, 99999):,}.{rng.randint(1, 99):02d}",
        ssn=f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
        account=_digits(rng, 11),
        aba=aba,
    )


def _message(rng: random.Random) -> tuple[dict, bool]:
    """A Send API body, and whether it leaks (a LEAKS template went into it)."""
    roll = rng.random()
    pool = EN if roll < 0.55 else AR if roll < 0.85 else FR
    leaks = rng.random() < 0.08
    text = _fill(rng.choice(LEAKS if leaks else pool), rng)
    recipient = {"id": "24" + _digits(rng, 15)}
    shape = rng.random()
    if shape < 0.5:
        message: dict = {"text": text}
    elif shape < 0.7:
        replies = [
            {"content_type": "text", "title": t, "payload": f"{t.upper()}_{_digits(rng, 6)}"}
            for t in rng.sample(["Balance", "Cards", "Transfers", "Agent", "Menu", "الرصيد"], 3)
        ]
        message = {"text": text, "quick_replies": replies}
    elif shape < 0.85:
        buttons = [
            {
                "type": "web_url",
                "title": "Open",
                "url": f"https://bank.example/app?session={_digits(rng, 12)}&lang=ar",
            },
            {
                "type": "postback",
                "title": "More",
                "payload": json.dumps({"action": "more", "n": rng.randint(1, 9)}),
            },
        ]
        payload = {"template_type": "button", "text": text, "buttons": buttons}
        message = {"attachment": {"type": "template", "payload": payload}}
    else:
        elements = [
            {
                "title": rng.choice(["Current account", "Savings", "الحساب الجاري"]),
                "subtitle": text if i == 0 else _fill(rng.choice(pool), rng),
                "image_url": f"https://cdn.bank.example/img/{_digits(rng, 6)}.png",
                "buttons": [
                    {
                        "type": "postback",
                        "title": "Details",
                        "payload": f"DETAILS_{_digits(rng, 5)}",
                    }
                ],
            }
            for i in range(rng.randint(1, 4))
        ]
        payload = {"template_type": "generic", "elements": elements}
        message = {"attachment": {"type": "template", "payload": payload}}
        message["quick_replies"] = [{"content_type": "text", "title": "Menu", "payload": "MENU"}]
    body = {"recipient": recipient, "messaging_type": "RESPONSE", "message": message}
    if rng.random() < 0.3:
        body["message"]["metadata"] = json.dumps({"trace": _digits(rng, 10), "intent": "faq"})
    return body, leaks


def labelled_generated_corpus(megabytes: float, seed: int = 1) -> list[tuple[str, bool]]:
    """(Send API body as JSON text, leaks) until the bodies reach ``megabytes``."""
    rng = random.Random(seed)
    out: list[tuple[str, bool]] = []
    size = 0
    while size < megabytes * 1_000_000:
        body, leaks = _message(rng)
        text = json.dumps(body, ensure_ascii=False)
        out.append((text, leaks))
        size += len(text.encode("utf-8"))
    return out


def generated_corpus(megabytes: float, seed: int = 1) -> list[str]:
    """Send API bodies (JSON text) until their total size reaches ``megabytes``."""
    return [text for text, _ in labelled_generated_corpus(megabytes, seed)]


# -- the contenders -------------------------------------------------------------------------

PRESIDIO_ENTITIES = {
    "CREDIT_CARD": "card_number",
    "IBAN_CODE": "iban",
    "US_BANK_NUMBER": "account_number",
    "ABA_ROUTING_NUMBER": "routing_number",
    "US_SSN": "national_id",
    "US_ITIN": "national_id",
}


def presidio_recognizers() -> list[tuple[object, str]]:
    from presidio_analyzer.predefined_recognizers import (
        AbaRoutingRecognizer,
        CreditCardRecognizer,
        IbanRecognizer,
        UsBankRecognizer,
        UsItinRecognizer,
        UsSsnRecognizer,
    )

    return [
        (CreditCardRecognizer(), "CREDIT_CARD"),
        (IbanRecognizer(), "IBAN_CODE"),
        (UsBankRecognizer(), "US_BANK_NUMBER"),
        (AbaRoutingRecognizer(), "ABA_ROUTING_NUMBER"),
        (UsSsnRecognizer(), "US_SSN"),
        (UsItinRecognizer(), "US_ITIN"),
    ]


def presidio_categories(recognizers, text: str, min_score: float = 0.0) -> set[str]:
    """Categories Presidio reports in ``text`` with a score above ``min_score``."""
    return {c for c, score in presidio_scores(recognizers, text) if score > min_score}


def presidio_scores(recognizers, text: str) -> list[tuple[str, float]]:
    return [
        (PRESIDIO_ENTITIES[result.entity_type], result.score)
        for recognizer, entity in recognizers
        for result in recognizer.analyze(text, [entity], nlp_artifacts=None)
    ]


#: The plain combined regex pass: cards (13-19 digits with optional space/dash), IBANs, digit runs.
COMBINED_RE = re.compile(
    r"\b(?:\d[ -]?){12,18}\d\b"
    r"|\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b"
    r"|\b\d{6,}\b"
)


def re_pass(text: str) -> int:
    return sum(1 for _ in COMBINED_RE.finditer(text))


def record_of(body: str, index: int) -> EgressRecord:
    return EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, body, index=index, timestamp=0.0
    )


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """CPU seconds of this process: the machine is shared, wall time would measure the others."""
    gc.collect()
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


# -- tables ---------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def throughput(args: argparse.Namespace) -> dict[str, float]:
    labelled = labelled_generated_corpus(args.mb)
    bodies = [text for text, _ in labelled]
    records = [record_of(b, i) for i, b in enumerate(bodies)]
    total_mb = sum(len(r.body) for r in records) / 1e6
    print(f"\n## Throughput: {len(bodies)} Send API bodies, {total_mb:.2f} MB, per message\n")
    results: dict[str, tuple[float, int, float]] = {}

    def run_guard(guard: Guard) -> int:
        return sum(len(guard.scan(r)) for r in records)

    guard = Guard(Policy.default())
    guard.scan(records[0])  # warm-up (lazy compilation)
    elapsed, n = timed(lambda: run_guard(guard))
    results[f"guard ({guard.engine})"] = (elapsed, len(records), total_mb)
    guard_elapsed = elapsed
    pure = Guard(Policy.default(), use_hyperscan=False)
    pure.scan(records[0])
    elapsed, _ = timed(lambda: run_guard(pure))
    results[f"guard ({pure.engine})"] = (elapsed, len(records), total_mb)

    elapsed, _ = timed(lambda: [re_pass(b) for b in bodies])
    results["plain re pass"] = (elapsed, len(records), total_mb)
    re_elapsed = elapsed

    recognizers = presidio_recognizers()
    sample = bodies[: args.presidio_messages] if args.presidio_messages else bodies
    sample_mb = sum(len(b.encode("utf-8")) for b in sample) / 1e6
    elapsed, _ = timed(lambda: [presidio_categories(recognizers, b) for b in sample])
    results["presidio (6 recognizers)"] = (elapsed, len(sample), sample_mb)
    presidio_rate = len(sample) / elapsed

    rows = []
    for name, (elapsed, count, mb) in results.items():
        rate = count / elapsed
        rows.append([
            name, count, f"{elapsed:.2f}", f"{rate:,.0f}", f"{mb / elapsed:.2f}",
            f"{rate / presidio_rate:.1f}x", f"{rate / (len(records) / re_elapsed):.2f}x",
        ])  # fmt: skip
    print(table(["engine", "messages", "seconds", "msg/s", "MB/s", "vs presidio", "vs re"], rows))
    print(f"\nguard findings on the generated corpus: {n}")
    clean_only(records, labelled, recognizers)
    guard.reset()
    flagged = Counter()
    for record, (_, leaks) in zip(records, labelled, strict=True):
        found = {f.category for f in guard.scan(record)}
        flagged["leaky messages"] += leaks
        flagged["leaky messages flagged"] += leaks and bool(found)
        flagged["clean messages"] += not leaks
        flagged["clean messages flagged"] += (not leaks) and bool(found)
        if not leaks:
            flagged.update(f"  flagged as {c}" for c in found)
    print("; ".join(f"{k}: {v}" for k, v in sorted(flagged.items())))
    if args.profile:
        profile_guard(records, labelled)
    repeated_replies(args, labelled, presidio_rate, len(records) / re_elapsed)
    return {"guard_rate": len(records) / guard_elapsed, "re_rate": len(records) / re_elapsed}


def clean_only(
    records: list[EgressRecord], labelled: list[tuple[str, bool]], recognizers: object
) -> None:
    """The same engines on the corpus' clean messages alone: what a bot that passes its tests
    sends, where the guard's quick check decides without the full scan."""
    clean = [r for r, (_, leaks) in zip(records, labelled, strict=True) if not leaks]
    bodies = [r.body.decode("utf-8") for r in clean]
    guard = Guard(Policy.default())
    guard.scan(clean[0])
    guard.reset()
    rates = {}
    rates["guard (hyperscan)"], _ = timed(lambda: sum(len(guard.scan(r)) for r in clean))
    rates["plain re pass"], _ = timed(lambda: [re_pass(b) for b in bodies])
    rates["presidio (6 recognizers)"], _ = timed(
        lambda: [presidio_categories(recognizers, b) for b in bodies]
    )
    presidio_rate = len(clean) / rates["presidio (6 recognizers)"]
    re_rate = len(clean) / rates["plain re pass"]
    print(f"\n## The clean messages alone ({len(clean)} of them)\n")
    rows = []
    for name, elapsed in rates.items():
        rate = len(clean) / elapsed
        rows.append(
            [name, f"{rate:,.0f}", f"{rate / presidio_rate:.1f}x", f"{rate / re_rate:.2f}x"]
        )
    print(table(["engine", "msg/s", "vs presidio", "vs re"], rows))


def repeated_replies(
    args: argparse.Namespace,
    labelled: list[tuple[str, bool]],
    presidio_rate: float,
    re_rate: float,
) -> None:
    """Bots send the same replies to many customers: the guard remembers a request it has seen.

    ``--distinct`` replies of the corpus above, each sent to one of 1,000 customers (PSIDs, one
    thread each, as the pytest plugin and the proxy record them) until as many messages as the
    corpus are sent. The same guard with its memo off runs on the same records for comparison.
    Presidio and the ``re`` pass have no such memory: their rates from the table above apply.
    """
    if not args.distinct:
        return
    rng = random.Random(7)
    pool = [json.loads(text) for text, _ in labelled[: args.distinct]]
    psids = ["24" + _digits(rng, 15) for _ in range(1000)]
    records = []
    for index in range(len(labelled)):
        body = dict(rng.choice(pool))
        psid = rng.choice(psids)
        body["recipient"] = {"id": psid}
        text = json.dumps(body, ensure_ascii=False)
        records.append(
            EgressRecord.make(
                "POST", GRAPH, {"content-type": "application/json"}, text, thread=psid, index=index
            )
        )

    class Unremembering(Guard):
        MEMO_SIZE = 0

    print(
        f"\n## Repeated replies: {args.distinct} distinct replies sent {len(records)} times"
        " to 1,000 customers (one thread each)\n"
    )
    rows = []
    for name, guard in (("remembers requests", Guard()), ("memo off", Unremembering())):
        guard.scan(record_of("{}", 0))  # warm-up (lazy compilation), nothing remembered from it
        elapsed, found = timed(lambda g=guard: sum(len(g.scan(r)) for r in records))
        rate = len(records) / elapsed
        rows.append([
            f"guard ({guard.engine}), {name}", len(records), f"{elapsed:.2f}", f"{rate:,.0f}",
            f"{rate / presidio_rate:.1f}x", f"{rate / re_rate:.2f}x", found,
        ])  # fmt: skip
    print(
        table(["engine", "messages", "seconds", "msg/s", "vs presidio", "vs re", "findings"], rows)
    )


def profile_guard(records: list[EgressRecord], labelled: list[tuple[str, bool]]) -> None:
    """Where the guard's time goes, apart for the clean messages (the quick check decides) and
    the leaky ones (the full scan), by own and by cumulative time: the two paths share little.

    cProfile charges its own overhead per call to the caller: functions calling many small
    ones look costlier than they are (time them alone before believing their own time).
    """
    warm = Guard(Policy.default())
    for record in records[:100]:  # module-level tables built on first use, by either path
        warm.scan(record)
    for name, wanted in (("clean", False), ("leaky", True)):
        chosen = [r for r, (_, leaks) in zip(records, labelled, strict=True) if leaks == wanted]
        guard = Guard(Policy.default())
        profiler = cProfile.Profile()
        profiler.enable()
        for record in chosen:
            guard.scan(record)
        profiler.disable()
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(15)
            print(f"\n## Where the guard's time goes: {len(chosen)} {name} messages (by {order})\n")
            lines = out.getvalue().splitlines()
            start = next(i for i, line in enumerate(lines) if "ncalls" in line)
            print("\n".join(lines[start : start + 16]))


# -- precision / recall on the labelled corpus ----------------------------------------------


def score(
    found_per_item: list[set[str]], items: list[dict], within: set[str] | None = None
) -> tuple[float, float, Counter]:
    counts: Counter = Counter()
    for found, item in zip(found_per_item, items, strict=True):
        expected = set(item["expected"])
        if within is not None:
            expected &= within
            found = found & within
        counts["tp"] += len(expected & found)
        counts["fn"] += len(expected - found)
        counts["fp"] += len(found - expected)
    recall = counts["tp"] / max(1, counts["tp"] + counts["fn"])
    precision = counts["tp"] / max(1, counts["tp"] + counts["fp"])
    return recall, precision, counts


def precision_recall() -> None:
    items = load_corpus()
    if not items:
        print("\n(no labelled corpus in tests/corpus/)")
        return
    policy_file = CORPUS / "policy.yaml"
    policy = Policy.load(policy_file) if policy_file.exists() else Policy.default()
    guard = Guard(policy)
    records = [to_record(item, i) for i, item in enumerate(items)]
    guard_found = [{f.category for f in guard.scan(r)} for r in records]
    recognizers = presidio_recognizers()

    def presidio_text(record: EgressRecord) -> str:
        return record.url + "\n" + record.body.decode("utf-8", errors="replace")

    presidio_hits = [presidio_scores(recognizers, presidio_text(r)) for r in records]
    covered = set(PRESIDIO_ENTITIES.values())
    positives = sum(1 for item in items if item["expected"])
    print(f"\n## Labelled corpus: {len(items)} records ({positives} with a leak), tests/corpus/\n")
    rows = []
    engines = [("guard", guard_found)]
    for threshold in (0.0, 0.5):
        found = [{c for c, score in hits if score > threshold} for hits in presidio_hits]
        engines.append((f"presidio (score > {threshold})", found))
    for name, found in engines:
        for scope, within in (("all categories", None), ("presidio's categories", covered)):
            recall, precision, counts = score(found, items, within)
            rows.append(
                [
                    name,
                    scope,
                    f"{recall:.1%}",
                    f"{precision:.1%}",
                    counts["tp"],
                    counts["fn"],
                    counts["fp"],
                ]
            )
    print(table(["engine", "scope", "recall", "precision", "tp", "fn", "fp"], rows))
    print(f"(presidio's categories: {', '.join(sorted(covered))})")


# -- canary cost ----------------------------------------------------------------------------


def canary_customers(values: int, seed: int) -> list:
    """Lean customers (1 card, 1 account, no transactions: ~11 canary values each)."""
    from mockmessenger.boundary.matcher import canary_values

    factory = CustomerFactory(seed=seed, cards=1, accounts=1, transactions=0)
    customers, count = [], 0
    while count < values:
        customer = factory.customer(
            ("en_US", "en_GB", "de_DE", "fr_FR", "ar_SA", "ar_EG", "ar_AE")[len(customers) % 7]
        )
        count += len(canary_values(customer))
        customers.append(customer)
    return customers


def canary_cost(args: argparse.Namespace) -> None:
    from mockmessenger.boundary.matcher import CanaryMatcher

    bodies = generated_corpus(args.canary_mb, seed=2)
    records = [record_of(b, i) for i, b in enumerate(bodies)]
    mb = sum(len(r.body) for r in records) / 1e6
    print(f"\n## Canary cost: {len(records)} messages ({mb:.2f} MB) per setting, CPU seconds\n")
    rows = []
    for target in (10, args.canaries):
        made, customers = timed(lambda t=target: canary_customers(t, seed=t))
        matcher = CanaryMatcher()
        built, _ = timed(lambda m=matcher, c=customers: (m.add_customers(c), m.build()))
        searched, _ = timed(lambda m=matcher: [m.search(b) for b in bodies])
        guard = Guard(Policy.default(), canaries=matcher)
        scanned, _ = timed(lambda g=guard: sum(len(g.scan(r)) for r in records))
        rows.append([
            f"{len(matcher):,}", f"{len(customers):,}", f"{matcher.key_count:,}", f"{made:.1f}",
            f"{built:.1f}", f"{searched / len(records) * 1e6:.0f}", f"{scanned / len(records) * 1e6:.0f}",
            f"{len(records) / scanned:,.0f}", f"{mb / scanned:.2f}",
        ])  # fmt: skip
        del guard, matcher, customers
        gc.collect()
    print(table(
        ["canaries", "customers", "keys", "make s", "build s", "match µs/msg", "guard µs/msg", "guard msg/s", "guard MB/s"],
        rows,
    ))  # fmt: skip
    print("(make: generating customers; build: all keys + automaton; match: CanaryMatcher.search")
    print(" alone on each body; guard: Guard(default policy, canaries=matcher).scan per record)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=3.0, help="size of the generated corpus")
    parser.add_argument(
        "--presidio-messages", type=int, default=0, help="limit Presidio to N messages (0: all)"
    )
    parser.add_argument("--canaries", type=int, default=100_000, help="large canary count")
    parser.add_argument(
        "--canary-mb", type=float, default=1.0, help="corpus size for the canary runs"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the guard on the corpus: clean and leaky messages apart",
    )
    parser.add_argument(
        "--distinct",
        type=int,
        default=500,
        help="distinct replies for the repeated-replies run (0: skip it)",
    )
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["throughput", "accuracy", "canaries"]
    )
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}; one process; all times are CPU seconds (process_time)")
    if "throughput" not in args.skip:
        throughput(args)
    if "accuracy" not in args.skip:
        precision_recall()
    if "canaries" not in args.skip:
        canary_cost(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

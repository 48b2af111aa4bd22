"""``mockmessenger record --from FILE``: turn recorded traffic into a scrubbed scenario.

FILE is a mitmproxy flow file (``mitmdump -w``) or a HAR file (browser dev tools,
Charles, mitmproxy's HAR export) holding the webhooks Meta delivered to the bot and
the bot's Graph calls. Every id, token, signature, name, e-mail and street address and
financial value is replaced by a synthetic stand-in; the finished file is scanned by
the guard and written only if nothing real is left (exit 1 otherwise). To record live, run
mitmproxy with the recorder addon (see docs/proxy.md)::

    mitmdump -s mockmessenger/transports/proxy/recorder.py \\
        --mode reverse:http://127.0.0.1:8080@8081 --mode regular@8082 \\
        --set connection_strategy=lazy --set record_out=recorded.yaml
"""

from __future__ import annotations

import argparse
import sys

from mockmessenger.cli import check_output
from mockmessenger.errors import InputError, InputProblem


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="FILE",
        help="mitmproxy flow file or HAR file with the webhooks and the bot's Graph calls",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="scenario file to write (default: print it)"
    )
    parser.add_argument("--name", default="recorded conversation", help="scenario name")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic stand-ins")
    parser.add_argument("--locale", help="persona locale (default: from the traffic)")
    parser.add_argument(
        "--policy", metavar="FILE", help="policy for the final scan (default policy)"
    )


def run(args: argparse.Namespace) -> int:
    from mockmessenger.boundary import Guard, Policy
    from mockmessenger.recording.capture import read_capture
    from mockmessenger.recording.to_scenario import (
        EmptyRecordingError,
        UnsafeRecordingError,
        build_recording,
        check_options,
        write_recording,
    )

    check_output(args.output, "-o/--output")
    try:
        check_options(name=args.name, locale=args.locale)
    except InputError as exc:  # named as the options that set them
        raise InputError(
            [InputProblem(p.message, field=f"--{p.field}") for p in exc.problems]
        ) from None
    policy = Policy.load(args.policy) if args.policy else Policy.default()
    captured = read_capture(args.source)
    try:
        recording = build_recording(
            captured, guard=Guard(policy), seed=args.seed, name=args.name, locale=args.locale
        )
    except EmptyRecordingError as exc:
        raise InputError(InputProblem(str(exc), file=args.source)) from None
    except UnsafeRecordingError as exc:
        print(f"mockmessenger record: {exc}", file=sys.stderr)
        return 1
    steps = sum(len(doc["steps"]) for doc in recording.documents)
    summary = (
        f"{recording.conversations} conversation(s), {steps} step(s) from "
        f"{len(captured)} exchange(s); ids, tokens, names, e-mail and street addresses and financial values replaced"
    )
    for warning in recording.warnings:
        print(f"mockmessenger record: warning: {warning}", file=sys.stderr)
    if args.output:
        try:
            path = write_recording(recording, args.output)
        except OSError as exc:  # tried up front; a disk can still fill up
            problem = f"cannot write: {exc.strerror or exc}"
            raise InputError(InputProblem(problem, file=args.output, field="-o/--output")) from None
        print(f"wrote {path}: {summary}")
    else:
        sys.stdout.write(recording.text)
        print(summary, file=sys.stderr)
    return 0

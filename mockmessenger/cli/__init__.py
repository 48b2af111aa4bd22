"""The ``mockmessenger`` command line.

Each sub-command lives in its own module of this package with two functions,
``add_arguments(parser)`` and ``run(args) -> int``; they are imported only when
used so that ``mockmessenger --help`` stays fast. Exit codes: 0 success,
1 failures or findings, 2 bad input (printed as a clear message, no traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from mockmessenger.errors import InputError, InputProblem

#: sub-command name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("mockmessenger.cli.demo", "run the bundled scenarios against the demo bank bot"),
    "run": ("mockmessenger.cli.run", "run scenario files against a bot"),
    "serve": ("mockmessenger.cli.serve", "serve the fake Messenger Platform over HTTP"),
    "scan": ("mockmessenger.cli.scan", "scan recorded traffic for financial data"),
    "validate": ("mockmessenger.cli.validate", "check scenario and policy files"),
    "record": ("mockmessenger.cli.record", "turn recorded traffic into a scenario"),
}


def check_output(path: str | Path | None, option: str) -> None:
    """An :class:`InputError` now, before any work, when ``path`` cannot be written as a file
    (a directory, under a file, a folder we may not write to)."""
    if path is None:
        return
    path = Path(path)
    problem = None
    if path.is_dir():
        problem = f"{option} is a directory; give the name of a file to write"
    else:
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            problem = f"{option}: {folder} is a file, it cannot hold {path.name}"
        elif not os.access(folder, os.W_OK | os.X_OK):
            problem = f"{option}: cannot write in {folder} (permission denied)"
        elif path.exists() and not os.access(path, os.W_OK):
            problem = f"{option}: cannot write {path} (permission denied)"
        else:
            problem = _probe(folder, option)
    if problem:
        raise InputError(InputProblem(problem, file=str(path)))


def _probe(folder: Path, option: str) -> str | None:
    """Create and drop a file in ``folder``: the access bits say yes for /proc or a
    read-only mount, only trying tells (as root, every bit says yes)."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".mockmessenger-probe-"):
            pass
    except OSError as exc:
        return f"{option}: cannot write in {folder} ({exc.strerror or exc})"
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mockmessenger",
        description="A fake Messenger Platform and boundary guard for banking chatbots.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if only is None or only == name:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:  # pragma: no cover - packaging error
                if exc.name != module_name:
                    raise
                continue
            module.add_arguments(command)
            command.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(first if first in COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 2
    try:
        return int(args._module.run(args) or 0)
    except InputError as exc:
        print(f"mockmessenger {args.command}: error:\n{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

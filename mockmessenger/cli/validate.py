"""``mockmessenger validate PATH...``: check scenario and policy files without running anything.

Every problem is printed as ``file:line: [field] message``; the exit code is 0 when
all files are fine and 2 when any is not. A file is taken for a policy when its
top-level keys are a policy's (``forbidden``, ``allowed_masks``, ...), so one command
checks a whole repository's test data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mockmessenger.errors import InputError, InputProblem
from mockmessenger.scenarios.loader import duplicate_names, iter_scenario_files, load_file

POLICY_KEYS = frozenset(
    {"forbidden", "allowed_masks", "allowlist", "exempt", "destinations", "unscannable_media"}
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="scenario or policy files, or directories"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")


def is_policy_file(path: Path) -> bool:
    """A YAML mapping with no steps and a policy's keys, or keys a typo away from them
    (``forbid:``): checked as a policy, its mistakes are named as a policy's."""
    import difflib

    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError, RecursionError):
        return False  # the scenario loader reports what is wrong with it
    if not isinstance(data, dict) or "steps" in data:
        return False
    keys = {str(key) for key in data}
    if (POLICY_KEYS | {"version"}) & keys:
        return True
    return any(difflib.get_close_matches(key, POLICY_KEYS, n=1, cutoff=0.75) for key in keys)


def check_paths(paths: list[str]) -> tuple[list[InputProblem], int, int]:
    """Problems of every file under ``paths``, with counts of scenarios and policies seen."""
    from mockmessenger.boundary.policy import validate_policy_file

    problems: list[InputProblem] = []
    policies = 0
    loaded_all = []
    policy_files: set[str] = set()
    for raw in paths:
        if not Path(raw).exists():
            problems.append(InputProblem("no such file or directory", file=raw))
            continue
        files = list(iter_scenario_files([raw]))
        if Path(raw).is_dir() and not files:
            problems.append(InputProblem("no scenario files (*.yaml, *.yml) here", file=raw))
        for file in files:
            if is_policy_file(file):
                policies += 1
                problems.extend(validate_policy_file(file))
                continue
            try:
                loaded = load_file(file, require=True)
            except InputError as error:
                problems.extend(error.problems)
                continue
            loaded_all.extend(loaded)
            for scenario in loaded:
                if scenario.policy_file and scenario.policy_file not in policy_files:
                    policy_files.add(scenario.policy_file)
                    problems.extend(validate_policy_file(scenario.policy_file))
    problems.extend(duplicate_names(loaded_all))  # as `run` and the pytest plugin see them
    return problems, len(loaded_all), policies


def run(args: argparse.Namespace) -> int:
    problems, scenarios, policies = check_paths(args.paths)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not args.quiet:
        status = f"{len(problems)} problem(s)" if problems else "ok"
        print(f"checked {scenarios} scenario(s), {policies} policy file(s): {status}")
    return 2 if problems else 0

"""Shared helpers for the scenario tests: writing scenario files, the demo bot, the library."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mockmessenger.demo import CHECKOUT, DemoFiles, import_bankbot, run_library
from mockmessenger.scenarios import load_scenarios

LIBRARY = CHECKOUT / "scenarios"


@pytest.fixture
def write(tmp_path: Path):
    """write("name.yaml", text) -> path; the text is dedented."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture(scope="session")
def bankbot():
    return import_bankbot(DemoFiles(CHECKOUT))


@pytest.fixture(scope="session")
def library():
    return load_scenarios([LIBRARY])


@pytest.fixture
def run(bankbot):
    """run(scenarios, leaks=()) -> results, against the in-process demo bank bot."""

    def _run(scenarios, leaks=()):
        return run_library(bankbot, list(scenarios), label="test", leaks=tuple(leaks)).results

    return _run

"""What the plugin keeps over a session, and how xdist workers hand it over.

Each process (the only one, or each xdist worker) keeps one :class:`Ledger`: the
conversations it drove, every finding, how many requests the guard scanned. A
worker sends its ledger to the controller through ``config.workeroutput`` when
it finishes; the controller merges them in ``pytest_testnodedown`` and writes
the reports once, for the whole run.
"""

from __future__ import annotations

from typing import Any

import pytest

from mockmessenger.reports import SessionReport

WORKEROUTPUT_KEY = "mockmessenger"


class Ledger:
    """One process's share of the run (and, on the controller, everyone's)."""

    def __init__(self) -> None:
        self.report = SessionReport()
        self.workers_merged = 0

    @property
    def used(self) -> bool:
        """Whether any test in this run was guarded (the summary is shown only then)."""
        return bool(self.report.tests_guarded or self.report.conversations)

    def to_workeroutput(self) -> dict[str, Any]:
        return self.report.to_dict(with_transcripts=True)

    def merge_workeroutput(self, data: dict[str, Any]) -> None:
        self.report.merge(SessionReport.from_dict(data))
        self.workers_merged += 1


LEDGER_KEY = pytest.StashKey[Ledger]()


def ledger_of(config: pytest.Config) -> Ledger:
    """The session's ledger, created on first use."""
    ledger = config.stash.get(LEDGER_KEY, None)
    if ledger is None:
        ledger = config.stash[LEDGER_KEY] = Ledger()
    return ledger


def is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def is_xdist_controller(config: pytest.Config) -> bool:
    return (
        not is_xdist_worker(config)
        and config.pluginmanager.hasplugin("dsession")
        and getattr(config.option, "numprocesses", None) not in (None, 0)
    )

"""The bundled library: it loads, covers the demo bot, and passes against the safe bot."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from mockmessenger.demo import CHECKOUT
from mockmessenger.scenarios.leakmap import load_leak_map
from mockmessenger.scenarios.runner import render_failures

LIBRARY = CHECKOUT / "scenarios"

ARABIC = re.compile(r"[\u0600-\u06ff]")
ARABIC_INDIC_DIGIT = re.compile(r"[٠-٩]")


def folder(scenario) -> str:
    return Path(scenario.file).relative_to(LIBRARY).parts[0]


def test_every_bundled_scenario_loads(library):
    counts = Counter(folder(s) for s in library)
    assert len(library) >= 40
    assert counts["en"] >= 16 and counts["ar"] >= 14 and counts["adversarial"] >= 12


def test_arabic_scenarios_speak_arabic(library):
    arabic = [s for s in library if folder(s) == "ar"]
    assert all(any(ARABIC.search(str(step.value)) for step in s.steps) for s in arabic)
    typed = [str(step.value) for s in library for step in s.steps]
    assert any(ARABIC_INDIC_DIGIT.search(text) for text in typed)


def test_the_leak_map_covers_every_switch_and_names_real_scenarios(library, bankbot):
    leak_map = load_leak_map(LIBRARY / "_leaks.yaml")
    assert set(leak_map) == set(bankbot.LEAK_SWITCHES)
    names = {s.name for s in library}
    for switch, scenarios in leak_map.items():
        assert scenarios, switch
        assert set(scenarios) <= names, switch


def test_the_library_passes_against_the_safe_bot(library, run):
    results = run(library)
    failed = [render_failures(r) for r in results if not r.passed]
    assert not failed, "\n\n".join(failed)
    assert [f for r in results for f in r.findings] == []

"""YAML scenarios: load them (with file/line/field errors) and run them through any door.

```python
from mockmessenger.scenarios import load_scenarios, ScenarioRunner
scenarios = load_scenarios(["scenarios/en"])
results = ScenarioRunner(messenger_factory).run_all(scenarios)
```
"""

from mockmessenger.scenarios.loader import iter_scenario_files, load_file, load_scenarios
from mockmessenger.scenarios.model import (
    LeakExpectation,
    Persona,
    ReplyExpectation,
    Scenario,
    ScenarioResult,
    Step,
    StepExpectation,
    StepFailure,
)

__all__ = [
    "LeakExpectation",
    "Persona",
    "ReplyExpectation",
    "Scenario",
    "ScenarioResult",
    "Step",
    "StepExpectation",
    "StepFailure",
    "iter_scenario_files",
    "load_file",
    "load_scenarios",
]

"""Scenario files -> :class:`Scenario` objects, or an :class:`InputError` naming every mistake.

Loading does the whole job up front (schema, includes, data tables, customer data,
templates) so that ``mockmessenger validate`` and a test run see the same errors,
each with file, line and field, before any bot is started.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from mockmessenger.boundary.customers import Customer
from mockmessenger.errors import InputError, InputProblem
from mockmessenger.scenarios.expansion import Row, expand
from mockmessenger.scenarios.model import (
    STEP_KINDS,
    LeakExpectation,
    Persona,
    ReplyExpectation,
    Scenario,
    Step,
    StepExpectation,
    Where,
)
from mockmessenger.scenarios.personas import persona_labels, resolve_persona
from mockmessenger.scenarios.schema import schema_problems, step_action_problems
from mockmessenger.scenarios.source import Document, JsonPath, field_name, load_documents
from mockmessenger.scenarios.template import TemplateError, render

SCENARIO_SUFFIXES = (".yaml", ".yml")
MAX_INCLUDE_DEPTH = 8


def iter_scenario_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named by ``paths``; directories are walked for ``*.yaml``/``*.yml``.

    In a directory, names starting with ``_`` (``_parts/``, ``_leaks.yaml``) are not
    scenarios: they are included by scenarios or read by tests.
    """
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                hidden = any(part.startswith(("_", ".")) for part in relative)
                if child.suffix in SCENARIO_SUFFIXES and child.is_file() and not hidden:
                    yield child
        else:
            yield path


def load_scenarios(paths: Iterable[str | Path] | str | Path) -> list[Scenario]:
    """Load every scenario of ``paths`` (files or directories); all problems in one error."""
    if isinstance(paths, str | Path):
        paths = [paths]
    scenarios: list[Scenario] = []
    problems: list[InputProblem] = []
    files = list(iter_scenario_files(paths))
    for file in files:
        try:
            scenarios.extend(load_file(file, require=True))
        except InputError as error:
            problems.extend(error.problems)
    problems.extend(duplicate_names(scenarios))
    if not files and not problems:
        shown = ", ".join(map(str, paths))
        problems.append(InputProblem(f"no scenario files (*.yaml, *.yml) in {shown}"))
    if problems:
        raise InputError(problems)
    return scenarios


def load_file(path: str | Path, *, require: bool = False) -> list[Scenario]:
    """Every scenario in one file (several YAML documents allowed).

    ``require``: a file named to be run or checked that holds no document at all is a
    mistake (a file saved empty, a wrong path), not a pass with nothing run.
    """
    scenarios: list[Scenario] = []
    problems: list[InputProblem] = []
    documents = load_documents(path)
    if require and all(doc.data is None for doc in documents):
        raise InputError(
            InputProblem("the file is empty: no scenarios (nor a policy) in it", file=str(path))
        )
    for doc in documents:
        if isinstance(doc.data, dict) and "part" in doc.data:
            problems.extend(check_part(doc))
            continue
        try:
            scenarios.extend(build_scenarios(doc))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return scenarios


def check_part(doc: Document) -> list[InputProblem]:
    """Schema problems of a part document (its templates are checked where it is included)."""
    if not isinstance(doc.data, dict):
        return [doc.problem((), "a part must be a mapping with 'part' and 'steps'")]
    problems = schema_problems(doc, "part") + step_action_problems(doc, ("steps",))
    return sorted(problems, key=lambda p: p.line or 0)


def duplicate_names(scenarios: list[Scenario]) -> list[InputProblem]:
    """A problem for every scenario whose name an earlier one already has."""
    seen: dict[str, Scenario] = {}
    problems = []
    for scenario in scenarios:
        first = seen.setdefault(scenario.name, scenario)
        if first is not scenario:
            problems.append(
                InputProblem(
                    f"scenario name '{scenario.name}' is already used at {first.file}:{first.line}",
                    file=scenario.file,
                    line=scenario.line,
                    field="name",
                )
            )
    return problems


# --- one document -> scenarios ---------------------------------------------------------


def build_scenarios(doc: Document) -> list[Scenario]:
    """Validate one scenario document and expand it (table rows, personas) into scenarios."""
    if not isinstance(doc.data, dict):
        raise InputError(doc.problem((), "a scenario must be a mapping with 'name' and 'steps'"))
    problems = schema_problems(doc, "scenario") + step_action_problems(doc, ("steps",))
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise InputError(problems)
    rows = expand(doc)
    resolved = [resolve_persona(doc, row) for row in rows]
    chosen = [i for i, row in enumerate(rows) if row.persona is not None]
    labels = dict(zip(chosen, persona_labels([resolved[i][0] for i in chosen]), strict=True))
    scenarios: list[Scenario] = []
    by_row: list[tuple[str, list[InputProblem]]] = []
    first_row: dict[str, Row] = {}
    first_variant: dict[str, JsonPath] = {}
    built = 0
    for i, (row, (persona, persona_problems)) in enumerate(zip(rows, resolved, strict=True)):
        if persona_problems:  # reported at the row's own cell: no need to name the row
            by_row.append(("", persona_problems))
            continue
        variant = row.variant(labels.get(i, persona.locale))
        if variant in first_variant:
            by_row.append(("", [_twice(doc, f"'[{variant}]'", first_variant[variant], row)]))
            continue
        first_variant[variant] = row.where
        built += 1
        try:
            scenario = _build_one(doc, row, persona, variant)
        except InputError as error:
            by_row.append((variant, error.problems))
            continue
        first = first_row.setdefault(scenario.name, row)
        if first is not row:
            by_row.append(("", [_twice(doc, f"scenario '{scenario.name}'", first.where, row)]))
            continue
        scenarios.append(scenario)
    if by_row:
        raise InputError(_merge_row_problems(by_row, built))
    return scenarios


def _twice(doc: Document, what: str, first: JsonPath, row: Row) -> InputProblem:
    message = (
        f"{what} comes out twice (also from {field_name(first)}):"
        " rows and personas must differ, or have a 'name' each"
    )
    return doc.problem(row.where, message)


def _merge_row_problems(
    by_row: list[tuple[str, list[InputProblem]]], row_count: int
) -> list[InputProblem]:
    """One problem per mistake: a template wrong in all ``row_count`` rows is reported
    once, and a mistake of some rows only names them (``(in row 'ar_SA')``)."""
    variants: dict[tuple[Any, ...], list[str]] = {}
    first: dict[tuple[Any, ...], InputProblem] = {}
    for variant, problems in by_row:
        for problem in problems:
            key = (problem.file, problem.line, problem.field, problem.message)
            first.setdefault(key, problem)
            if variant and variant not in variants.setdefault(key, []):
                variants[key].append(variant)
    merged = []
    for key, problem in first.items():
        named = variants.get(key, [])
        if row_count > 1 and named and len(named) < row_count:
            rows = ", ".join(f"'{v}'" for v in named)
            plural = "s" if len(named) > 1 else ""
            problem = dataclasses.replace(
                problem, message=f"{problem.message} (in row{plural} {rows})"
            )
        merged.append(problem)
    return sorted(merged, key=lambda p: (str(p.file), p.line or 0))


class _Builder:
    """Builds one scenario (one table row) from a validated document."""

    def __init__(self, doc: Document, row: dict[str, Any]):
        self.doc = doc
        self.row = row
        self.problems: list[InputProblem] = []
        self.steps: list[Step] = []

    # templates ---------------------------------------------------------------------
    def render(self, doc: Document, path: JsonPath, value: Any, context: dict[str, Any]) -> Any:
        """Render ``value``; a bad template becomes a problem at its own line."""
        if isinstance(value, str):
            try:
                return render(value, context)
            except TemplateError as exc:
                self.problems.append(doc.problem(path, str(exc)))
                return value
        if isinstance(value, list):
            return [self.render(doc, (*path, i), item, context) for i, item in enumerate(value)]
        if isinstance(value, dict):
            return {k: self.render(doc, (*path, k), v, context) for k, v in value.items()}
        return value

    def check_regexes(self, doc: Document, path: JsonPath, value: Any) -> None:
        """Every ``regex:`` under ``value`` must compile: a bad one is a problem at its line
        now, not an exception in the middle of a run."""
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "regex" and isinstance(item, str):
                    self.check_regex(doc, (*path, key), item)
                else:
                    self.check_regexes(doc, (*path, key), item)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.check_regexes(doc, (*path, i), item)

    def check_regex(self, doc: Document, path: JsonPath, pattern: str) -> None:
        try:
            re.compile(pattern)
        except re.error as exc:
            where = f" at position {exc.pos}" if exc.pos is not None else ""
            self.problems.append(
                doc.problem(path, f"not a valid regular expression: {exc.msg}{where}")
            )

    # customer ----------------------------------------------------------------------
    def customer(self, persona: Persona) -> Customer:
        """The persona's own synthetic customer (its locale was checked by resolve_persona)."""
        from mockmessenger.boundary.canaries import CustomerFactory

        customer = CustomerFactory(persona.seed).customer(persona.locale)
        if persona.first_name:
            customer.first_name = persona.first_name
        if persona.last_name:
            customer.last_name = persona.last_name
        persona.first_name, persona.last_name = customer.first_name, customer.last_name
        overrides = self.doc.data.get("customer")
        if overrides:
            overrides = self.render(self.doc, ("customer",), overrides, dict(self.row))
            _apply(customer, overrides, self.doc, ("customer",), self.problems)
        return customer

    # steps -------------------------------------------------------------------------
    def add_steps(
        self,
        doc: Document,
        path: JsonPath,
        context: dict[str, Any],
        chain: tuple[Where, ...],
        files: tuple[str, ...],
    ) -> None:
        for i, raw in enumerate(doc.data_at(path)):
            step_path = (*path, i)
            where = Where(doc.file, doc.line_of(step_path), field_name(step_path))
            if "include" in raw:
                self.include(doc, step_path, raw, context, (*chain, where), files)
                continue
            self.steps.append(self.step(doc, step_path, raw, context, where, chain))

    def step(
        self,
        doc: Document,
        path: JsonPath,
        raw: dict[str, Any],
        context: dict[str, Any],
        where: Where,
        chain: tuple[Where, ...],
    ) -> Step:
        kind = next(k for k in raw if k in STEP_KINDS)
        value = self.render(doc, (*path, kind), raw[kind], context)
        expect = None
        if "expect" in raw:
            rendered = self.render(doc, (*path, "expect"), raw["expect"], context)
            self.check_regexes(doc, (*path, "expect"), rendered)
            expect = _expectation(doc, (*path, "expect"), rendered)
        return Step(
            index=len(self.steps) + 1,
            kind=kind,
            value=value,
            where=where,
            expect=expect,
            label=str(self.render(doc, (*path, "label"), raw.get("label", ""), context)),
            timeout=raw.get("timeout"),
            included_from=chain,
        )

    def include(
        self,
        doc: Document,
        path: JsonPath,
        raw: dict[str, Any],
        context: dict[str, Any],
        chain: tuple[Where, ...],
        files: tuple[str, ...],
    ) -> None:
        target = (Path(doc.file).parent / str(raw["include"])).resolve()
        include_path = (*path, "include")
        if str(target) in files or len(chain) > MAX_INCLUDE_DEPTH:
            self.problems.append(doc.problem(include_path, f"include loop through {target.name}"))
            return
        if not target.is_file():
            self.problems.append(doc.problem(include_path, f"included file not found: {target}"))
            return
        try:
            parts = load_documents(target)
        except InputError as error:
            self.problems.extend(error.problems)
            return
        part = parts[0] if parts else None
        if part is None or not isinstance(part.data, dict) or "part" not in part.data:
            self.problems.append(
                doc.problem(include_path, f"{target.name} is not a part (it needs a 'part:' key)")
            )
            return
        part_problems = check_part(part)
        if part_problems:
            self.problems.extend(part_problems)
            return
        params = self.params(doc, path, raw, part, context)
        if params is None:
            return
        inner = {**context, "params": params}
        self.add_steps(part, ("steps",), inner, chain, (*files, str(target)))

    def params(
        self,
        doc: Document,
        path: JsonPath,
        raw: dict[str, Any],
        part: Document,
        context: dict[str, Any],
    ) -> dict[str, Any] | None:
        declared = part.data.get("params") or {}
        given = self.render(doc, (*path, "with"), raw.get("with") or {}, context)
        unknown = [name for name in given if name not in declared]
        for name in unknown:
            known = ", ".join(declared) or "none"
            self.problems.append(
                doc.problem(
                    (*path, "with", name),
                    f"{Path(part.file).name} has no parameter '{name}' (parameters: {known})",
                )
            )
        defaults = self.render(part, ("params",), declared, context)
        params = {**defaults, **given}
        missing = [name for name, value in params.items() if value is None]
        for name in missing:
            self.problems.append(
                doc.problem(
                    (*path, "include"),
                    f"parameter '{name}' of {Path(part.file).name} needs a value in 'with'",
                )
            )
        return None if unknown or missing else params

    # policy ------------------------------------------------------------------------
    def policy(self) -> tuple[str | None, list[Any], list[LeakExpectation]]:
        raw = self.doc.data.get("policy")
        if raw is None:
            return None, [], []
        spec = {"file": raw} if isinstance(raw, str) else raw
        file = spec.get("file")
        path: str | None = None
        if file and file != "default":
            target = (Path(self.doc.file).parent / file).resolve()
            if not target.is_file():
                where = ("policy", "file") if isinstance(raw, dict) else ("policy",)
                self.problems.append(self.doc.problem(where, f"policy file not found: {target}"))
            path = str(target)
        leaks = []
        for i, leak in enumerate(spec.get("expect_leak", [])):
            leak_path = ("policy", "expect_leak", i)
            if isinstance(leak.get("path"), str):
                self.check_regex(self.doc, (*leak_path, "path"), leak["path"])
            leaks.append(
                LeakExpectation(
                    category=leak["category"],
                    where=Where(self.doc.file, self.doc.line_of(leak_path), field_name(leak_path)),
                    value_category=leak.get("value_category"),
                    step=leak.get("step"),
                    path=leak.get("path"),
                    destination=leak.get("destination"),
                    min=leak.get("min", 1),
                )
            )
        return path, list(spec.get("allow", [])), leaks


def _build_one(doc: Document, row: Row, persona: Persona, variant: str) -> Scenario:
    builder = _Builder(doc, row.values)
    customer = builder.customer(persona)
    context = {"persona": persona.to_context(), "customer": customer_context(customer)}
    # table values may use persona and customer data too ("my card {{ customer.cards[0].last4 }}")
    values = {
        key: builder.render(doc, row.cells[key], value, {**row.values, **context})
        for key, value in row.values.items()
    }
    context.update(values)
    name = str(builder.render(doc, ("name",), doc.data["name"], context))
    if variant and row.label and name == doc.data["name"]:
        name = f"{name} [{variant}]"
    builder.add_steps(doc, ("steps",), context, (), (str(Path(doc.file).resolve()),))
    policy_file, allow, leaks = builder.policy()
    for leak in leaks:
        if leak.step is not None and leak.step > len(builder.steps):
            builder.problems.append(
                InputProblem(
                    f"step {leak.step} does not exist (the scenario has {len(builder.steps)})",
                    file=leak.where.file,
                    line=leak.where.line,
                    field=leak.where.field + ".step",
                )
            )
    if builder.problems:
        raise InputError(builder.problems)
    return Scenario(
        name=name,
        file=doc.file,
        line=doc.line,
        steps=builder.steps,
        persona=persona,
        customer=customer,
        description=str(doc.data.get("description", "")),
        tags=list(doc.data.get("tags", [])),
        marks=list(doc.data.get("marks", [])),
        policy_file=policy_file,
        policy_allow=allow,
        expect_leaks=leaks,
        timeout=doc.data.get("timeout"),
        row=values,
        variant=variant if row.label else "",
        registered=bool(doc.data.get("registered", True)),
    )


def customer_context(customer: Customer) -> dict[str, Any]:
    """The customer as template data; amounts stay numbers (``Customer.to_dict`` makes them text)."""
    data = dataclasses.asdict(customer)
    data["name"] = customer.name
    for item in (*data["cards"], *data["accounts"]):
        item["last4"] = item["number"][-4:]
    return data


# --- expectations ------------------------------------------------------------------------


def _expectation(doc: Document, path: JsonPath, raw: Any) -> StepExpectation:
    where = Where(doc.file, doc.line_of(path), field_name(path))
    if isinstance(raw, list):
        return StepExpectation(_replies(doc, path, raw), where)
    if raw.get("nothing"):
        return StepExpectation([], where, nothing=True)
    for order in ("in_order", "any_order"):
        if order in raw:
            replies = _replies(doc, (*path, order), raw[order])
            return StepExpectation(replies, where, order=order, more=bool(raw.get("more")))
    return StepExpectation([_reply(doc, path, raw)], where)


def _replies(doc: Document, path: JsonPath, raw: list[Any]) -> list[ReplyExpectation]:
    return [_reply(doc, (*path, i), item) for i, item in enumerate(raw)]


def _reply(doc: Document, path: JsonPath, raw: dict[str, Any]) -> ReplyExpectation:
    return ReplyExpectation(
        checks=dict(raw),
        where=Where(doc.file, doc.line_of(path), field_name(path)),
        lines={key: doc.line_of((*path, key)) for key in raw},
    )


# --- customer overrides --------------------------------------------------------------------


def _apply(
    target: Any,
    overrides: dict[str, Any],
    doc: Document,
    path: JsonPath,
    problems: list[InputProblem],
) -> None:
    """Merge ``overrides`` into a customer dataclass; lists merge item by item."""
    fields = {f.name: f for f in dataclasses.fields(target)}
    for key, value in overrides.items():
        here = (*path, key)
        if key not in fields:
            known = ", ".join(fields)
            problems.append(doc.problem(here, f"unknown customer field '{key}' (known: {known})"))
            continue
        current = getattr(target, key)
        if isinstance(current, list):
            if not isinstance(value, list):
                problems.append(doc.problem(here, "must be a list"))
                continue
            _apply_list(current, key, value, doc, here, problems)
        elif isinstance(current, Decimal):
            try:
                setattr(target, key, Decimal(str(value)))
            except InvalidOperation:
                problems.append(doc.problem(here, f"must be a number, not {value!r}"))
        elif isinstance(current, bool):
            if not isinstance(value, bool):
                problems.append(doc.problem(here, "must be true or false"))
            else:
                setattr(target, key, value)
        else:
            setattr(target, key, str(value))


def _apply_list(
    items: list[Any],
    key: str,
    overrides: list[Any],
    doc: Document,
    path: JsonPath,
    problems: list[InputProblem],
) -> None:
    for i, override in enumerate(overrides):
        here = (*path, i)
        if not isinstance(override, dict):
            problems.append(doc.problem(here, "must be a mapping of fields to change"))
            continue
        if i < len(items):
            _apply(items[i], override, doc, here, problems)
            continue
        if not items:
            problems.append(doc.problem(here, f"the generated customer has no {key} to copy"))
            continue
        extra = copy.deepcopy(items[-1])
        _apply(extra, override, doc, here, problems)
        items.append(extra)

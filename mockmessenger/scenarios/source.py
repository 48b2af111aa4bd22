"""Reading YAML while remembering where every value came from.

PyYAML's composer gives nodes with marks; we turn them into plain Python data and a
side table ``path -> line`` so that any later check (the JSON Schema, a template, an
unknown step kind) can name the file, line and field of the mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mockmessenger.errors import InputError, InputProblem

JsonPath = tuple[str | int, ...]


@dataclass
class Document:
    """One YAML document: its data, and the 1-based line of every node by path."""

    file: str
    data: Any
    lines: dict[JsonPath, int] = field(default_factory=dict)
    index: int = 0

    @property
    def line(self) -> int:
        return self.lines.get((), 1)

    def line_of(self, path: JsonPath) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, self.line)

    def data_at(self, path: JsonPath) -> Any:
        value = self.data
        for key in path:
            value = value[key]
        return value

    def problem(self, path: JsonPath, message: str) -> InputProblem:
        return InputProblem(
            message, file=self.file, line=self.line_of(path), field=field_name(path)
        )


def field_name(path: JsonPath) -> str:
    """``("steps", 2, "expect", "text")`` -> ``steps[2].expect.text``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def read_text(path: str | Path) -> str:
    """The file's text; a file that is not UTF-8 is an :class:`InputError` naming the line."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(InputProblem(f"cannot read file: {exc.strerror}", file=file)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            InputProblem(
                f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
                file=file,
                line=line,
                column=column,
            )
        ) from None
    return text.removeprefix("\ufeff")


class ScenarioLoader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. ``[Yes, No]`` quick reply titles stay text."""


ScenarioLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ScenarioLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def parse_documents(text: str, file: str) -> list[Document]:
    """Every non-empty YAML document of ``text`` with its line table."""
    try:
        nodes = list(yaml.compose_all(text, Loader=ScenarioLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise InputError(
            InputProblem(
                f"invalid YAML: {message}",
                file=file,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            )
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(InputProblem(f"invalid YAML: {exc}", file=file)) from None
    documents = []
    problems: list[InputProblem] = []
    for index, node in enumerate(nodes):
        if node is None:
            continue
        document = Document(file=file, data=None, index=index)
        document.data = _Converter(document, problems).convert(node, ())
        document.lines.setdefault((), node.start_mark.line + 1)
        documents.append(document)
    if problems:
        raise InputError(problems)
    return documents


def load_documents(path: str | Path) -> list[Document]:
    return parse_documents(read_text(path), str(path))


class _Converter:
    """Plain data from nodes, through a fresh SafeLoader (its object cache is per parse)."""

    def __init__(self, doc: Document, problems: list[InputProblem]):
        self.doc = doc
        self.problems = problems
        self.loader = ScenarioLoader("")

    def _problem(self, message: str, node: yaml.Node, path: JsonPath) -> None:
        self.problems.append(
            InputProblem(
                message, file=self.doc.file, line=node.start_mark.line + 1, field=field_name(path)
            )
        )

    def convert(self, node: yaml.Node, path: JsonPath) -> Any:
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self._problem(f"invalid value: {exc.problem}", node, path)
            return None

    def _mapping(self, node: yaml.MappingNode, path: JsonPath) -> dict[str, Any]:
        self.loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            if key is None or not isinstance(key, str | int | float | bool):
                self._problem("mapping keys must be plain text", key_node, path)
                continue
            key = key if isinstance(key, str) else str(key)
            child = (*path, key)
            if key in result:
                self._problem(f"duplicate key '{key}'", key_node, child)
                continue
            self.doc.lines[child] = key_node.start_mark.line + 1
            result[key] = self.convert(value_node, child)
        return result

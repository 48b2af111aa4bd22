"""Reading YAML while remembering where every value came from.

PyYAML's composer gives nodes with marks; we turn them into plain Python data and a
side table ``path -> line`` so that any later check (the JSON Schema, a template, an
unknown step kind) can name the file, line and field of the mistake.

This is also the policy loader's reader (duplicate keys are mistakes in both). Hostile
YAML is refused with a clear problem, never a traceback or a hang: nesting too deep to
read, aliases that refer to themselves or expand a document past
:data:`MAX_EXPANDED_VALUES` values (a "billion laughs"), numbers too long to convert,
a merge key (``<<:``) that is not a mapping, a NUL or other character YAML forbids.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mockmessenger.errors import InputError, InputProblem

JsonPath = tuple[str | int, ...]

#: Values a document may hold once its aliases are expanded, when aliases add to them.
MAX_EXPANDED_VALUES = 100_000


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
    loader: ScenarioLoader | None = None
    try:
        loader = ScenarioLoader(text)
        nodes = []
        while loader.check_node():
            nodes.append(loader.get_node())
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
    except yaml.reader.ReaderError as exc:  # a NUL or another character YAML forbids
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        what = f"#x{exc.character:04x}" if isinstance(exc.character, int) else "a character"
        raise InputError(
            InputProblem(
                f"invalid YAML: {what} is not allowed in YAML ({exc.reason})",
                file=file,
                line=line,
                column=column,
            )
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(InputProblem(f"invalid YAML: {exc}", file=file)) from None
    except RecursionError:
        mark = loader.get_mark() if loader else None
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(InputProblem(_TOO_DEEP, file=file, line=line, column=column)) from None
    finally:
        if loader is not None:
            loader.dispose()
    documents = []
    problems: list[InputProblem] = []
    for index, node in enumerate(nodes):
        if node is None:
            continue
        refused = _expansion_problem(node, file)
        if refused is not None:
            problems.append(refused)
            continue
        document = Document(file=file, data=None, index=index)
        try:
            document.data = _Converter(document, problems).convert(node, ())
        except RecursionError:
            problems.append(InputProblem(_TOO_DEEP, file=file, line=node.start_mark.line + 1))
            continue
        document.lines.setdefault((), node.start_mark.line + 1)
        documents.append(document)
    if problems:
        raise InputError(problems)
    return documents


_TOO_DEEP = "invalid YAML: lists or mappings nested too deeply to read"


def _expansion_problem(root: yaml.Node, file: str) -> InputProblem | None:
    """A problem when the document's aliases loop or expand it past the bound, else None.

    Counts the values the document holds with every alias expanded, each distinct node
    once (memoised), so an alias bomb is measured without being expanded.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()
    distinct = 0

    def size(node: yaml.Node) -> int:
        nonlocal distinct
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise _AliasLoop(node)
        active.add(key)
        distinct += 1
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        active.discard(key)
        sizes[key] = total
        return total

    try:
        total = size(root)
    except _AliasLoop as loop:
        line = loop.node.start_mark.line + 1
        return InputProblem("invalid YAML: an alias refers to itself", file=file, line=line)
    except RecursionError:
        return InputProblem(_TOO_DEEP, file=file, line=root.start_mark.line + 1)
    if total > MAX_EXPANDED_VALUES and total > distinct:
        return InputProblem(
            f"invalid YAML: its aliases (*name) expand this document to more than "
            f"{MAX_EXPANDED_VALUES:,} values ({total:,}); write the values out, or use fewer",
            file=file,
            line=root.start_mark.line + 1,
        )
    return None


#: the tags of plain mappings and lists; any other tag on a collection is refused
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _AliasLoop(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


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
        if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_TAGS:
            self._problem(f"invalid value: the tag '{node.tag}' is not supported here", node, path)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._construct(node, path)

    def _construct(self, node: yaml.Node, path: JsonPath) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self._problem(f"invalid value: {exc.problem}", node, path)
        except ValueError as exc:  # int(): more digits than Python converts
            if "integer string conversion" not in str(exc):
                raise
            limit = sys.get_int_max_str_digits()
            self._problem(f"a number with more than {limit} digits (too long to read)", node, path)
        return None

    def _mapping(self, node: yaml.MappingNode, path: JsonPath) -> dict[str, Any]:
        try:
            self.loader.flatten_mapping(node)
        except yaml.constructor.ConstructorError as exc:  # "<<: 5"
            mark = exc.problem_mark or node.start_mark
            self.problems.append(
                InputProblem(
                    f"invalid YAML: {exc.problem} (a merge key '<<' takes a mapping or "
                    "a list of mappings)",
                    file=self.doc.file,
                    line=mark.line + 1,
                    field=field_name(path),
                )
            )
            return {}
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._construct(key_node, path) if isinstance(key_node, yaml.ScalarNode) else []
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

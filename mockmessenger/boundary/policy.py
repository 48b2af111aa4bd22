"""The boundary policy: what may not leave, what masked forms may, which hosts are inside.

Policies are YAML files checked against ``mockmessenger/schemas/policy.schema.json``.
Every mistake is reported as an :class:`~mockmessenger.errors.InputProblem` naming
the file, the line and the field, because a policy is written by hand.
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
import json
import re
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import jsonschema

from ..errors import InputError, InputProblem
from .findings import CATEGORIES
from .masking import redact
from .normalize import compact

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_POLICY = PACKAGE_DIR / "data" / "default-policy.yaml"
SCHEMA = PACKAGE_DIR / "schemas" / "policy.schema.json"


@dataclass(frozen=True)
class MaskForm:
    """A masked form judged by the digits it reveals: at most ``first`` leading and ``last`` trailing."""

    name: str
    first: int = 0
    last: int = 0

    def permits(self, leading: int, trailing: int, middle: int) -> bool:
        return middle == 0 and leading <= self.first and trailing <= self.last


@dataclass(frozen=True)
class AllowedValue:
    value: str
    category: str | None = None
    reason: str = ""


#: What a number that is a Messenger id could be taken for: where the request names a number as
#: an id (:attr:`Exemption.id`), these categories are not reported for its digits anywhere in it.
ID_CATEGORIES = frozenset({"card_number", "account_number", "routing_number", "national_id"})


@dataclass(frozen=True)
class Exemption:
    """A location not scanned (for ``categories``, or at all), on ``host`` or any.

    ``id``: the location holds an id Meta issued (the recipient's PSID, the Graph node id of the
    URL path): the same digits elsewhere in the request are that id, not a financial number
    (:data:`ID_CATEGORIES` are not reported for them).
    """

    path: str
    host: str | None = None
    categories: tuple[str, ...] = ()
    id: bool = False

    def covers(self, path: str, host: str, category: str | None = None) -> bool:
        if self.host and not fnmatch.fnmatchcase(host, self.host):
            return False
        if category is not None and self.categories and category not in self.categories:
            return False
        return _path_pattern(self.path).fullmatch(path) is not None


@dataclass(frozen=True)
class Policy:
    """A loaded policy. Build with :meth:`load`, :meth:`from_dict` or :meth:`default`."""

    name: str = "policy"
    forbidden: frozenset[str] = frozenset(CATEGORIES)
    allowed_masks: dict[str, tuple[MaskForm, ...]] = field(default_factory=dict)
    allowlist: tuple[AllowedValue, ...] = ()
    exempt: tuple[Exemption, ...] = ()
    trusted_hosts: tuple[str, ...] = ()
    outside_hosts: tuple[str, ...] = ()
    unknown_hosts: str = "report"
    unscannable_media: str = "report"
    source: str | None = None

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def default(cls) -> Policy:
        """The retail-bank policy shipped with the package."""
        return _default_policy()

    @classmethod
    def load(cls, path: str | Path) -> Policy:
        """Load and check a policy file; raises :class:`InputError` naming file, line and field."""
        path = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(
                InputProblem(f"cannot read policy: {exc.strerror}", file=path)
            ) from None
        except UnicodeDecodeError:
            raise InputError(InputProblem("policy is not UTF-8 text", file=path)) from None
        data, problems = _parse_and_check(text, path)
        if problems:
            raise InputError(problems)
        return cls.from_dict(data, source=path)

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str | None = None) -> Policy:
        """Build from already parsed data (checked against the schema first)."""
        problems = [
            InputProblem(
                _schema_message(error), file=source, field=_field_name(error.absolute_path)
            )
            for error in _validator().iter_errors(data)
        ]
        if problems:
            raise InputError(problems)
        masks = {
            category: tuple(
                MaskForm(
                    form.get("name") or _mask_name(form.get("first", 0), form.get("last", 0)),
                    form.get("first", 0),
                    form.get("last", 0),
                )
                for form in forms
            )
            for category, forms in (data.get("allowed_masks") or {}).items()
        }
        allowlist = tuple(
            AllowedValue(str(item))
            if not isinstance(item, dict)
            else AllowedValue(str(item["value"]), item.get("category"), item.get("reason", ""))
            for item in data.get("allowlist") or ()
        )
        exempt = tuple(
            Exemption(
                item["path"],
                item.get("host"),
                tuple(item.get("categories") or ()),
                bool(item.get("id", False)),
            )
            for item in data.get("exempt") or ()
        )
        destinations = data.get("destinations") or {}
        return cls(
            name=data.get("name", Path(source).stem if source else "policy"),
            forbidden=frozenset(data["forbidden"]),
            allowed_masks=masks,
            allowlist=allowlist,
            exempt=exempt,
            trusted_hosts=tuple(h.lower() for h in destinations.get("trusted") or ()),
            outside_hosts=tuple(h.lower() for h in destinations.get("outside") or ()),
            unknown_hosts=destinations.get("unknown_hosts", "report"),
            unscannable_media=data.get("unscannable_media", "report"),
            source=source,
        )

    # -- questions the guard asks ---------------------------------------------------------------

    def forbids(self, category: str) -> bool:
        return category in self.forbidden

    def is_trusted(self, host: str) -> bool:
        """True for a host inside the bank (never scanned); Meta's hosts are outside unless listed
        here. A host listed outside is never trusted, whatever pattern in ``trusted`` matches it
        too (``trusted: ["*"]`` with ``outside: [graph.facebook.com]``): the safer side wins."""
        host = host.lower().rstrip(".")
        return any(_host_matches(host, pattern) for pattern in self.trusted_hosts) and not any(
            _host_matches(host, pattern) for pattern in self.outside_hosts
        )

    def is_known_outside(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(_host_matches(host, pattern) for pattern in self.outside_hosts)

    def is_exempt(self, path: str, host: str, category: str | None = None) -> bool:
        if not self._exempt_paths.match(path):
            return False  # one regex over every exempt path first: most paths are not exempt
        return any(rule.covers(path, host, category) for rule in self.exempt)

    @cached_property
    def _exempt_paths(self) -> re.Pattern[str]:
        if not self.exempt:
            return re.compile(r"(?!)")
        return re.compile(
            "|".join(f"(?:{_path_pattern(rule.path).pattern})\\Z" for rule in self.exempt)
        )

    def is_fully_exempt(self, path: str, host: str) -> bool:
        """True when no category is ever reported at ``path``: the field need not be scanned at all.

        An exemption limited to some categories (Graph ids are not card numbers) still lets the
        field be scanned for the others.
        """
        if not self._exempt_paths.match(path):
            return False
        return any(not rule.categories and rule.covers(path, host) for rule in self.exempt)

    def names_id(self, path: str, host: str) -> bool:
        """True when the value at ``path`` is an id Meta issued (an exemption with ``id: true``):
        the guard reads the same digits anywhere else in the request as that id."""
        if not self._exempt_paths.match(path):
            return False
        return any(rule.id and rule.covers(path, host) for rule in self.exempt)

    def is_allowlisted(self, value: str, category: str) -> bool:
        if not self.allowlist:
            return False
        key = compact(value)
        return bool(key) and any(
            known == key and (item_category in (None, category))
            for known, item_category in self._allowlist_keys
        )

    @cached_property
    def _allowlist_keys(self) -> tuple[tuple[str, str | None], ...]:
        return tuple((compact(item.value), item.category) for item in self.allowlist)

    def mask_forms(self, category: str) -> tuple[MaskForm, ...]:
        return self.allowed_masks.get(category, ())

    def permits_mask(
        self, category: str, leading: int, trailing: int, middle: int
    ) -> MaskForm | None:
        """The allowed form a masked value fits, or None; a value that reveals nothing always fits."""
        if leading == trailing == middle == 0:
            return MaskForm("none")
        for form in self.mask_forms(category):
            if form.permits(leading, trailing, middle):
                return form
        return None

    def reveal(self, category: str) -> int:
        """How many trailing characters a report may show of a value of ``category``."""
        return min((f.last for f in self.mask_forms(category) if f.first == 0), default=0)


@functools.lru_cache(maxsize=512)
def _path_pattern(glob: str) -> re.Pattern[str]:
    """A location glob where only ``*`` is a wildcard: ``$.items[*].id`` keeps its brackets literal."""
    return re.compile(".*".join(re.escape(part) for part in glob.split("*")))


def _host_matches(host: str, pattern: str) -> bool:
    if pattern.startswith("*."):
        return host == pattern[2:] or host.endswith(pattern[1:])
    return fnmatch.fnmatchcase(host, pattern)


def _mask_name(first: int, last: int) -> str:
    return "_".join(
        p for p in (f"first{first}" if first else "", f"last{last}" if last else "") if p
    )


@cache
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text("utf-8"))


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = _schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


@cache
def _default_policy() -> Policy:
    data, problems = _parse_and_check(DEFAULT_POLICY.read_text("utf-8"), str(DEFAULT_POLICY))
    if problems:
        raise InputError(problems)
    return Policy.from_dict(data, source="<default policy>")


# -- YAML with line numbers ---------------------------------------------------------------------


def _field_name(path: Any) -> str:
    parts = list(path)
    if not parts:
        return "(top level)"
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_message(error: jsonschema.ValidationError) -> str:
    """The schema's complaint in words a policy author acts on, never quoting a long number whole."""
    return redact(_plain_message(error))


def _plain_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "enum" and set(error.validator_value) == set(CATEGORIES):
        return f"unknown category {error.instance!r}; expected one of: {', '.join(CATEGORIES)}"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        return _unknown_fields_message(error)
    message = error.message
    return message if len(message) < 200 else message[:197] + "..."


def _unknown_fields_message(error: jsonschema.ValidationError) -> str:
    """``unknown field 'forbid' (did you mean 'forbidden'?) (known: ...)``."""
    known = sorted(error.schema.get("properties", {}))
    extra = sorted(str(key) for key in error.instance if key not in known)
    named = []
    for name in extra:
        close = difflib.get_close_matches(name, known, n=1)
        named.append(f"'{name}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    plural = "s" if len(extra) > 1 else ""
    return f"unknown field{plural} {', '.join(named)} (known: {', '.join(known)})"


def _line_for(
    path: tuple[Any, ...], lines: dict[tuple[Any, ...], int], error: Any = None
) -> int | None:
    if error is not None and error.validator == "additionalProperties":
        extra = [
            k for k in (error.instance or {}) if k not in (error.schema.get("properties") or {})
        ]
        for key in extra:
            line = lines.get((*path, key, "<key>"))
            if line:
                return line
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


def _parse_and_check(text: str, file: str) -> tuple[dict[str, Any], list[InputProblem]]:
    """Parse YAML keeping node lines, then check the schema; problems name file, line and field.

    The YAML is read by the scenario files' reader: duplicate keys, alias bombs, nesting
    too deep and numbers too long are problems there, named the same way.
    """
    from mockmessenger.scenarios.source import parse_documents

    try:
        documents = parse_documents(text, file)
    except InputError as error:
        return {}, [_yaml_problem(problem) for problem in error.problems]
    if len(documents) > 1:
        return {}, [
            InputProblem(
                "not valid YAML: a policy is one YAML document, another starts here",
                file=file,
                line=documents[1].line,
            )
        ]
    if not documents or not isinstance(documents[0].data, dict):
        return {}, [
            InputProblem(
                "a policy must be a YAML mapping (forbidden:, allowed_masks:, ...)",
                file=file,
                line=1,
            )
        ]
    data = documents[0].data
    lines: dict[tuple[Any, ...], int] = dict(documents[0].lines)
    for path, line in documents[0].lines.items():
        if path and isinstance(path[-1], str):
            lines[(*path, "<key>")] = line
    problems = []
    for error in sorted(
        _validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
    ):
        path = tuple(error.absolute_path)
        problems.append(
            InputProblem(
                _schema_message(error),
                file=file,
                line=_line_for(path, lines, error),
                field=_field_name(path),
            )
        )
    return data, problems


def _yaml_problem(problem: InputProblem) -> InputProblem:
    message = problem.message
    if message.startswith("invalid YAML: "):
        message = "not valid YAML: " + message.removeprefix("invalid YAML: ")
    return replace(problem, message=message)


def validate_policy_file(path: str | Path) -> list[InputProblem]:
    """Every problem in a policy file (empty when it is fine): for ``mockmessenger validate``."""
    try:
        Policy.load(path)
    except InputError as error:
        return error.problems
    return []

"""Turn a rule document (parsed JSON) into a ``Rule``, or say exactly what is wrong where.

Everything unknown is rejected: a property, an operator, a key, a mode. A rule that reaches
evaluation therefore never meets a name it cannot evaluate (R1: fail closed at save time).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TypeVar

from tendarr.domain.media import ItemKind
from tendarr.domain.rules.catalogue import PROPERTIES
from tendarr.domain.rules.errors import InvalidRule
from tendarr.domain.rules.model import (
    DEFAULT_GRACE_DAYS,
    MAX_DEPTH,
    ActionSettings,
    Condition,
    DueAction,
    Group,
    GroupKind,
    Mode,
    Rule,
)
from tendarr.domain.rules.operators import OPERATORS
from tendarr.domain.rules.values import MAX_TEXT, parse_value

MAX_CONDITIONS = 100
MAX_GRACE_DAYS = 3650
MAX_NAME = 120
_E = TypeVar("_E", ItemKind, Mode, DueAction)
_RULE_KEYS = ("name", "target", "conditions", "library_ids", "mode", "grace_days", "actions")
_CONDITION_KEYS = ("property", "operator", "value")
_GROUP_KEYS = ("all", "any", "not")
_ACTION_FLAGS = ("import_exclusion", "server_delete_fallback", "delete_files_directly",
                 "clear_request")  # fmt: skip


def validate_rule(raw: Mapping[str, object]) -> Rule:
    """Return the rule ``raw`` describes; raise InvalidRule naming the first bad path."""
    if not isinstance(raw, Mapping):
        raise InvalidRule("rule", "must be an object")
    _only_keys(raw, _RULE_KEYS, "rule")
    target = _choice(raw.get("target"), ItemKind, "target")
    conditions = raw.get("conditions")
    if not isinstance(conditions, list):
        raise InvalidRule("conditions", "must be a non-empty list of conditions and groups")
    tree = _TreeReader(target)
    root = Group(GroupKind.ALL, tree.children(conditions, "conditions", depth=1))
    return Rule(
        name=_name(raw.get("name")),
        target=target,
        root=root,
        library_ids=_library_ids(raw.get("library_ids", [])),
        mode=_choice(raw.get("mode", Mode.DRY_RUN.value), Mode, "mode"),
        grace_days=_grace_days(raw.get("grace_days", DEFAULT_GRACE_DAYS)),
        actions=_actions(raw.get("actions", {})),
    )


class _TreeReader:
    """Read a condition tree for one target, counting conditions as it goes."""

    def __init__(self, target: ItemKind) -> None:
        self.target = target
        self.count = 0

    def children(self, raw: list[object], path: str, depth: int) -> tuple[Condition | Group, ...]:
        if depth > MAX_DEPTH:
            raise InvalidRule(path, f"groups nest deeper than {MAX_DEPTH} levels")
        if not raw:
            raise InvalidRule(path, "a group must not be empty (an empty rule matches nothing)")
        return tuple(self.node(child, f"{path}[{i}]", depth) for i, child in enumerate(raw))

    def node(self, raw: object, path: str, depth: int) -> Condition | Group:
        if not isinstance(raw, Mapping):
            raise InvalidRule(path, "must be an object: a condition or a group (all, any, not)")
        kinds = [key for key in _GROUP_KEYS if key in raw]
        if not kinds:
            return self.condition(raw, path)
        if len(raw) != 1:
            raise InvalidRule(path, "a group is an object with exactly one key: all, any or not")
        kind = GroupKind(kinds[0])
        inner, inner_path = raw[kind.value], f"{path}.{kind.value}"
        if kind is GroupKind.NOT:
            if depth + 1 > MAX_DEPTH:
                raise InvalidRule(inner_path, f"groups nest deeper than {MAX_DEPTH} levels")
            if not isinstance(inner, Mapping):
                raise InvalidRule(inner_path, "not takes one condition or group (an object)")
            return Group(kind, (self.node(inner, inner_path, depth + 1),))
        if not isinstance(inner, list):
            raise InvalidRule(inner_path, f"{kind.value} takes a list of conditions and groups")
        return Group(kind, self.children(inner, inner_path, depth + 1))

    def condition(self, raw: Mapping[str, object], path: str) -> Condition:
        _only_keys(raw, _CONDITION_KEYS, path, hint="a condition has property, operator, value")
        self.count += 1
        if self.count > MAX_CONDITIONS:
            raise InvalidRule(path, f"a rule may hold at most {MAX_CONDITIONS} conditions")
        name = raw.get("property")
        if not isinstance(name, str):
            raise InvalidRule(f"{path}.property", "is required (a property name)")
        spec = PROPERTIES.get(name)
        if spec is None:
            raise InvalidRule(f"{path}.property", _unknown("property", name, PROPERTIES))
        if not spec.applies_to(self.target):
            kinds = ", ".join(kind.value for kind in ItemKind if kind in spec.targets)
            raise InvalidRule(
                f"{path}.property",
                f"{name!r} does not apply to {self.target.value} rules (only {kinds})",
            )
        operators = OPERATORS[spec.type]
        operator = raw.get("operator")
        if not isinstance(operator, str):
            raise InvalidRule(f"{path}.operator", "is required (an operator name)")
        operator_spec = operators.get(operator)
        if operator_spec is None:
            problem = _unknown(f"operator for {spec.type.value} property {name!r}", operator,
                               operators)  # fmt: skip
            raise InvalidRule(f"{path}.operator", problem)
        value = parse_value(operator_spec.shape, raw.get("value"), f"{path}.value")
        return Condition(name, operator, value)


def _unknown(what: str, name: str, known: Mapping[str, object]) -> str:
    shown = name if len(name) <= 60 else name[:57] + "..."
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; one of: {', '.join(known)}"
    return f"unknown {what}: {shown!r}{hint}"


def _only_keys(
    raw: Mapping[str, object], allowed: tuple[str, ...], path: str, hint: str = ""
) -> None:
    for key in raw:
        if key not in allowed:
            shown = key if isinstance(key, str) else repr(key)
            tail = hint or f"allowed: {', '.join(allowed)}"
            raise InvalidRule(
                f"{path}.{shown}" if path != "rule" else shown, f"unknown key ({tail})"
            )


def _choice(raw: object, kind: type[_E], path: str) -> _E:
    choices = ", ".join(member.value for member in kind)
    if not isinstance(raw, str):
        raise InvalidRule(path, f"is required: one of {choices}")
    try:
        return kind(raw)
    except ValueError:
        raise InvalidRule(path, f"unknown value {raw!r}; one of {choices}") from None


def _name(raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidRule("name", "is required (a non-empty string)")
    if len(raw.strip()) > MAX_NAME:
        raise InvalidRule("name", f"must be at most {MAX_NAME} characters")
    return raw.strip()


def _library_ids(raw: object) -> frozenset[str]:
    if not isinstance(raw, list):
        raise InvalidRule("library_ids", "must be a list of library ids (empty: every library)")
    for index, library in enumerate(raw):
        if not isinstance(library, str) or not library.strip() or len(library) > MAX_TEXT:
            raise InvalidRule(f"library_ids[{index}]", "must be a non-empty library id string")
    if len(set(raw)) != len(raw):
        raise InvalidRule("library_ids", "lists a library more than once")
    return frozenset(raw)


def _grace_days(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_GRACE_DAYS:
        raise InvalidRule(
            "grace_days", f"must be a whole number of days from 1 to {MAX_GRACE_DAYS}, got {raw!r}"
        )
    return raw


def _actions(raw: object) -> ActionSettings:
    if not isinstance(raw, Mapping):
        raise InvalidRule("actions", "must be an object")
    _only_keys(raw, ("on_due", *_ACTION_FLAGS), "actions")
    flags: dict[str, bool] = {}
    for flag in _ACTION_FLAGS:
        if flag in raw:
            value = raw[flag]
            if not isinstance(value, bool):
                raise InvalidRule(f"actions.{flag}", "must be true or false")
            flags[flag] = value
    on_due = _choice(raw.get("on_due", DueAction.DELETE.value), DueAction, "actions.on_due")
    settings = ActionSettings(on_due=on_due, **flags)
    if on_due is DueAction.UNMONITOR and (
        settings.delete_files_directly or settings.server_delete_fallback
    ):
        raise InvalidRule("actions.on_due", "unmonitor keeps files: it cannot also delete them")
    return settings

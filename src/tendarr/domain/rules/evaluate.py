"""Evaluate a compiled rule against one item and explain every condition's outcome.

``CompiledRule.outcome`` is the fast path (short-circuits, no explanation); ``evaluate``
evaluates every condition so the UI can show why an item matched, did not, or was kept.
Both give the same outcome: Kleene logic does not depend on evaluation order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from tendarr.domain.rules.compiler import CompiledCondition, CompiledGroup, CompiledRule, Values
from tendarr.domain.rules.facts import (
    NOT_GATHERED,
    Facts,
    FactValue,
    TextSet,
    Unknown,
)
from tendarr.domain.rules.model import GroupKind
from tendarr.domain.rules.operators import GIB
from tendarr.domain.rules.outcome import FALSE, UNKNOWN, Outcome, all_of, any_of, negate
from tendarr.domain.rules.properties import Absence, ValueType
from tendarr.domain.rules.values import JsonValue

_DAY_SECONDS = 86_400.0


@dataclass(frozen=True, slots=True)
class ConditionResult:
    """One condition's outcome with what it compared, for the "why" panel."""

    path: str
    property: str
    operator: str
    expected: JsonValue  # as written in the rule
    actual: JsonValue  # the fact in the property's unit (days, GB); None if unknown/empty
    outcome: Outcome
    reason: str | None = None  # why it is unknown, or what an empty value meant
    source: str | None = None  # the source that failed, for an unknown

    def describe(self) -> str:
        """Return one line such as ``play_count gt 3: 5 -> true``."""
        expected = "" if self.expected is None else f" {_text(self.expected)}"
        head = f"{self.property} {self.operator}{expected}"
        if self.outcome is UNKNOWN:
            return f"{head}: unknown ({self.source}: {self.reason})"
        shown = self.reason if self.actual is None and self.reason else _text(self.actual)
        return f"{head}: {shown} -> {self.outcome.value}"


def _text(value: JsonValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_text(member) for member in value) + "]"
    return str(value)


@dataclass(frozen=True, slots=True)
class GroupResult:
    """One group's outcome over its children's."""

    path: str
    kind: GroupKind
    outcome: Outcome
    children: tuple[ConditionResult | GroupResult, ...]


@dataclass(frozen=True, slots=True)
class RuleResult:
    """A rule's outcome for one item; ``root`` is None when the item is out of scope."""

    rule: str
    outcome: Outcome
    root: GroupResult | None
    out_of_scope: str | None = None

    def conditions(self) -> Iterator[ConditionResult]:
        """Yield every condition result, depth first."""
        if self.root is not None:
            yield from _leaves(self.root)


def _leaves(node: ConditionResult | GroupResult) -> Iterator[ConditionResult]:
    if isinstance(node, ConditionResult):
        yield node
        return
    for child in node.children:
        yield from _leaves(child)


def evaluate(rule: CompiledRule, facts: Facts, now: datetime) -> RuleResult:
    """Return ``rule``'s outcome for the item ``facts`` describes, with every reason."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    name = rule.rule.name
    outside = rule.out_of_scope(facts)
    if outside is not None:
        return RuleResult(name, FALSE, None, outside)
    root = _group(rule.root, facts._values, now)
    return RuleResult(name, root.outcome, root)


def _group(group: CompiledGroup, values: Values, now: datetime) -> GroupResult:
    children = tuple(
        _condition(child, values, now)
        if isinstance(child, CompiledCondition)
        else _group(child, values, now)
        for child in group.children
    )
    outcomes = (child.outcome for child in children)
    if group.kind is GroupKind.NOT:
        outcome = negate(children[0].outcome)
    elif group.kind is GroupKind.ALL:
        outcome = all_of(outcomes)
    else:
        outcome = any_of(outcomes)
    return GroupResult(group.path, group.kind, outcome, children)


def _condition(compiled: CompiledCondition, values: Values, now: datetime) -> ConditionResult:
    spec, condition = compiled.spec, compiled.condition
    outcome = compiled.run(values, now)
    value = values.get(spec.name, NOT_GATHERED)
    actual: JsonValue = None
    reason: str | None = None
    source: str | None = None
    if isinstance(value, Unknown):
        reason, source = value.reason, value.source or spec.source.value
    elif value is None:
        reason = _ABSENT[spec.absence]
        source = spec.source.value if outcome is UNKNOWN else None
    else:
        actual = shown_value(spec.type, value, now)
        if outcome is UNKNOWN:
            reason, source = "the fact could not be compared", spec.source.value
    return ConditionResult(
        compiled.path,
        spec.name,
        condition.operator,
        compiled.expected,
        actual,
        outcome,
        reason,
        source,
    )


_ABSENT = {
    Absence.UNKNOWN: "no value was reported",
    Absence.NO_VALUE: "no value",
    Absence.NEVER: "never (counts as infinitely long ago)",
}


def shown_value(kind: ValueType, value: FactValue, now: datetime) -> JsonValue:
    """Return a known fact in the unit its property is named in (days, GB), JSON-ready."""
    if kind is ValueType.DAYS and isinstance(value, datetime):
        return round((now - value).total_seconds() / _DAY_SECONDS, 1)
    if kind is ValueType.BYTES and isinstance(value, int | float):
        return round(value / GIB, 2)
    if isinstance(value, TextSet):
        return [member for member in value.shown]
    if isinstance(value, frozenset):
        return [int(member) for member in sorted(value, key=int)]
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)

"""Compile a rule once into closures, so evaluating an item costs a few calls per condition.

The compiled tree keeps each condition's spec and path beside its closure: the fast path
(``CompiledRule.outcome``) short-circuits, and ``evaluate`` walks the same closures to
explain every condition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from tendarr.domain.rules.catalogue import PROPERTIES
from tendarr.domain.rules.facts import NOT_GATHERED, Facts, FactValue, Unknown
from tendarr.domain.rules.model import Condition, Group, GroupKind, Rule
from tendarr.domain.rules.operators import OPERATORS, OperatorSpec
from tendarr.domain.rules.outcome import FALSE, TRUE, UNKNOWN, Outcome
from tendarr.domain.rules.properties import Absence, PropertySpec
from tendarr.domain.rules.serialize import rule_to_raw
from tendarr.domain.rules.validate import validate_rule
from tendarr.domain.rules.values import JsonValue, raw_value

Values = dict[str, FactValue]
Runner = Callable[[Values, datetime], Outcome]
# Facts are type-checked when built, so a test can only raise through an engine bug; if one
# ever does, the condition protects (UNKNOWN, "could not be compared") instead of matching.
_BROKEN_FACT = (TypeError, ValueError, AttributeError, OverflowError)


@dataclass(frozen=True, slots=True)
class CompiledCondition:
    """One condition with its property, operator and compiled test."""

    path: str
    condition: Condition
    spec: PropertySpec
    operator: OperatorSpec
    run: Runner
    expected: JsonValue  # the value as written in the rule, for explanations


@dataclass(frozen=True, slots=True)
class CompiledGroup:
    """One group with its compiled children."""

    path: str
    kind: GroupKind
    children: tuple[CompiledCondition | CompiledGroup, ...]
    run: Runner


class CompiledRule:
    """A rule ready to evaluate many items; build it with ``compile_rule``."""

    __slots__ = ("_libraries", "_run", "_target", "root", "rule")

    def __init__(self, rule: Rule, root: CompiledGroup) -> None:
        """Keep the rule and its compiled tree (use ``compile_rule``)."""
        self.rule = rule
        self.root = root
        self._run = root.run
        self._target = rule.target
        self._libraries = rule.library_ids

    def out_of_scope(self, facts: Facts) -> str | None:
        """Return why ``facts`` is outside the rule's target and libraries, or None."""
        if facts.kind is not self._target:
            article = "an" if facts.kind.value[0] in "aeiou" else "a"
            return f"the rule targets {self._target.value}s; this is {article} {facts.kind.value}"
        if self._libraries and self._libraries.isdisjoint(facts.library_ids):
            return "the item is in none of the rule's libraries"
        return None

    def outcome(self, facts: Facts, now: datetime) -> Outcome:
        """Return the rule's tri-state outcome for one item (FALSE when out of scope)."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        if facts.kind is not self._target:
            return FALSE
        if self._libraries and self._libraries.isdisjoint(facts.library_ids):
            return FALSE
        return self._run(facts._values, now)

    def outcomes(self, items: Iterable[Facts], now: datetime) -> list[Outcome]:
        """Return ``outcome`` for each item, in order (the loop a cleanup run makes)."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        run, target, libraries = self._run, self._target, self._libraries
        results: list[Outcome] = []
        append = results.append
        for facts in items:
            if facts.kind is not target or (libraries and libraries.isdisjoint(facts.library_ids)):
                append(FALSE)
            else:
                append(run(facts._values, now))
        return results


def compile_rule(rule: Rule) -> CompiledRule:
    """Compile ``rule``; a hand-built rule is validated first (InvalidRule if it is bad)."""
    checked = validate_rule(rule_to_raw(rule))
    return CompiledRule(checked, _group(checked.root, "conditions"))


def _group(group: Group, path: str) -> CompiledGroup:
    children: list[CompiledCondition | CompiledGroup] = []
    for index, child in enumerate(group.children):
        if group.kind is GroupKind.NOT:
            child_path = f"{path}.not"
        elif path == "conditions":
            child_path = f"{path}[{index}]"
        else:
            child_path = f"{path}.{group.kind.value}[{index}]"
        if isinstance(child, Condition):
            children.append(_condition(child, child_path))
        else:
            children.append(_group(child, child_path))
    runners = tuple(child.run for child in children)
    return CompiledGroup(path, group.kind, tuple(children), _combine(group.kind, runners))


def _combine(kind: GroupKind, runners: tuple[Runner, ...]) -> Runner:
    if kind is GroupKind.NOT:
        (inner,) = runners

        def negated(values: Values, now: datetime) -> Outcome:
            outcome = inner(values, now)
            if outcome is TRUE:
                return FALSE
            return TRUE if outcome is FALSE else UNKNOWN

        return negated
    if len(runners) == 1:
        return runners[0]
    stop, keep = (FALSE, TRUE) if kind is GroupKind.ALL else (TRUE, FALSE)

    def combined(values: Values, now: datetime) -> Outcome:
        unknown = False
        for run in runners:
            outcome = run(values, now)
            if outcome is stop:
                return stop
            if outcome is UNKNOWN:
                unknown = True
        return UNKNOWN if unknown else keep

    return combined


def absent_outcome(spec: PropertySpec, operator: OperatorSpec) -> Outcome:
    """Return what a known-empty fact (None) makes of ``operator`` on ``spec``."""
    if spec.absence is Absence.UNKNOWN:
        return UNKNOWN
    if operator.name == "exists":
        return FALSE
    if operator.name == "not_exists":
        return TRUE
    if spec.absence is Absence.NEVER:
        return TRUE if operator.never else FALSE
    return FALSE


def _condition(condition: Condition, path: str) -> CompiledCondition:
    spec = PROPERTIES[condition.property]
    operator = OPERATORS[spec.type][condition.operator]
    run = _runner(spec, operator, condition)
    return CompiledCondition(path, condition, spec, operator, run, raw_value(condition.value))


def _runner(spec: PropertySpec, operator: OperatorSpec, condition: Condition) -> Runner:
    name, absent = spec.name, absent_outcome(spec, operator)
    if operator.build_timed is not None:
        timed = operator.build_timed(condition.value)

        def run(values: Values, now: datetime) -> Outcome:
            value = values.get(name, NOT_GATHERED)
            if value is None:
                return absent
            if value.__class__ is Unknown:
                return UNKNOWN
            try:
                return TRUE if timed(value, now) else FALSE
            except _BROKEN_FACT:
                return UNKNOWN

    else:
        assert operator.build is not None
        test = operator.build(condition.value)

        def run(values: Values, now: datetime) -> Outcome:
            value = values.get(name, NOT_GATHERED)
            if value is None:
                return absent
            if value.__class__ is Unknown:
                return UNKNOWN
            try:
                return TRUE if test(value) else FALSE
            except _BROKEN_FACT:
                return UNKNOWN

    return run

"""Cleanup rules: a pure, tri-state rules engine that never matches on missing data.

Validate a rule document (``validate_rule``), compile it once (``compile_rule``), then
evaluate items' ``Facts`` with ``CompiledRule.outcome`` (fast) or ``evaluate`` (with the
reason for every condition) and turn the result into a ``Decision`` with ``decide``: only
TRUE matches; anything unknown keeps the item. See ``docs/rules.md``.
"""

from tendarr.domain.rules.catalogue import PROPERTIES, property_spec
from tendarr.domain.rules.compiler import CompiledRule, compile_rule
from tendarr.domain.rules.decision import Decision, Verdict, decide
from tendarr.domain.rules.errors import InvalidRule
from tendarr.domain.rules.evaluate import ConditionResult, GroupResult, RuleResult, evaluate
from tendarr.domain.rules.facts import WATCH_HISTORY_SYNCED, Facts, TextSet, Unknown
from tendarr.domain.rules.model import (
    ActionSettings,
    Condition,
    DueAction,
    Group,
    GroupKind,
    Mode,
    Rule,
)
from tendarr.domain.rules.operators import OPERATORS, OperatorSpec, Shape, operator_spec
from tendarr.domain.rules.outcome import Outcome
from tendarr.domain.rules.properties import Absence, PropertySpec, Source, ValueType
from tendarr.domain.rules.serialize import rule_to_raw
from tendarr.domain.rules.validate import validate_rule

__all__ = [
    "OPERATORS",
    "PROPERTIES",
    "WATCH_HISTORY_SYNCED",
    "Absence",
    "ActionSettings",
    "CompiledRule",
    "Condition",
    "ConditionResult",
    "Decision",
    "DueAction",
    "Facts",
    "Group",
    "GroupKind",
    "GroupResult",
    "InvalidRule",
    "Mode",
    "OperatorSpec",
    "Outcome",
    "PropertySpec",
    "Rule",
    "RuleResult",
    "Shape",
    "Source",
    "TextSet",
    "Unknown",
    "ValueType",
    "Verdict",
    "compile_rule",
    "decide",
    "evaluate",
    "operator_spec",
    "property_spec",
    "rule_to_raw",
    "validate_rule",
]

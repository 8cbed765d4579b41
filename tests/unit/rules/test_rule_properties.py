"""Property-based proofs of the engine's safety: unknown never decides, validation is closed.

Needs hypothesis (a dev dependency in pyproject.toml); skipped with a reason without it.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

pytest.importorskip("hypothesis", reason="hypothesis is not installed (pip install -e '.[dev]')")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tendarr.domain.media import ItemKind
from tendarr.domain.rules import (
    OPERATORS,
    PROPERTIES,
    ConditionResult,
    GroupKind,
    GroupResult,
    InvalidRule,
    Outcome,
    Rule,
    Verdict,
    compile_rule,
    decide,
    evaluate,
    rule_to_raw,
    validate_rule,
)

from .factories import NOW
from .strategies import Case, as_facts, cases, conditions, rule_documents

T, F, U = Outcome.TRUE, Outcome.FALSE, Outcome.UNKNOWN
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(cases())
def test_knowing_more_never_flips_a_settled_result(case: Case) -> None:
    """A TRUE or FALSE reached with unknown facts stays put whatever those facts turn out to be."""
    rule = compile_rule(validate_rule(case.raw))
    kind = rule.rule.target
    settled = rule.outcome(as_facts(kind, case.partial, case.synced), NOW)
    if settled is not U:
        assert rule.outcome(as_facts(kind, case.values), NOW) is settled


@SETTINGS
@given(cases())
def test_unknown_conditions_decide_only_when_no_assignment_could_flip_them(case: Case) -> None:
    """Kleene is exact over independent conditions: UNKNOWN iff the unknowns could flip it."""
    rule = compile_rule(validate_rule(case.raw))
    result = evaluate(rule, as_facts(rule.rule.target, case.partial, case.synced), NOW)
    assert result.root is not None
    unknown = [leaf.path for leaf in result.conditions() if leaf.outcome is U]
    if len(unknown) > 10:
        return
    reachable = {
        _classical(result.root, dict(zip(unknown, bits, strict=True)))
        for bits in itertools.product((True, False), repeat=len(unknown))
    }
    if result.outcome is T:
        assert reachable == {True}
    elif result.outcome is F:
        assert reachable == {False}
    else:
        assert reachable == {True, False}


def _classical(node: ConditionResult | GroupResult, assigned: dict[str, bool]) -> bool:
    if isinstance(node, ConditionResult):
        return assigned[node.path] if node.outcome is U else node.outcome is T
    values = [_classical(child, assigned) for child in node.children]
    if node.kind is GroupKind.NOT:
        return not values[0]
    return all(values) if node.kind is GroupKind.ALL else any(values)


@SETTINGS
@given(cases())
def test_negating_a_rule_swaps_true_and_false_and_keeps_unknown(case: Case) -> None:
    rule = compile_rule(validate_rule(case.raw))
    body = [{"not": {"all": case.raw["conditions"]}}]
    negated = compile_rule(validate_rule({**case.raw, "conditions": body}))
    item = as_facts(rule.rule.target, case.partial, case.synced)
    expected = {T: F, F: T, U: U}[rule.outcome(item, NOW)]
    assert negated.outcome(item, NOW) is expected


@SETTINGS
@given(cases())
def test_fast_and_explaining_paths_agree_and_only_true_matches(case: Case) -> None:
    rule = compile_rule(validate_rule(case.raw))
    item = as_facts(rule.rule.target, case.partial, case.synced)
    result = evaluate(rule, item, NOW)
    assert rule.outcome(item, NOW) is result.outcome
    assert rule.outcomes([item], NOW) == [result.outcome]
    decision = decide(result)
    assert decision.matches is (result.outcome is T)
    assert (decision.verdict is Verdict.KEPT) is (result.outcome is U)
    if decision.verdict is Verdict.KEPT:
        assert decision.unknown
        assert all(leaf.reason for leaf in decision.unknown)


@SETTINGS
@given(cases())
def test_nothing_watch_based_matches_before_watch_history_synced(case: Case) -> None:
    rule = compile_rule(validate_rule(case.raw))
    result = evaluate(rule, as_facts(rule.rule.target, case.values, synced=False), NOW)
    for leaf in result.conditions():
        if PROPERTIES[leaf.property].needs_watch_history:
            assert leaf.outcome is U


@SETTINGS
@given(rule_documents())
def test_every_accepted_rule_round_trips_and_compiles(raw: dict[str, Any]) -> None:
    rule = validate_rule(raw)
    assert validate_rule(rule_to_raw(rule)) == rule
    assert compile_rule(rule).rule == rule


@SETTINGS
@given(st.text(max_size=30), st.data())
def test_validation_never_accepts_an_unknown_property(name: str, data: st.DataObject) -> None:
    if name in PROPERTIES:
        return
    condition = data.draw(conditions(ItemKind.MOVIE))
    raw = {"name": "x", "target": "movie", "conditions": [{**condition, "property": name}]}
    with pytest.raises(InvalidRule) as caught:
        validate_rule(raw)
    assert caught.value.path == "conditions[0].property"


@SETTINGS
@given(conditions(ItemKind.MOVIE), st.text(max_size=20))
def test_validation_never_accepts_an_operator_foreign_to_the_type(
    condition: dict[str, Any], operator: str
) -> None:
    if operator in OPERATORS[PROPERTIES[condition["property"]].type]:
        return
    raw = {
        "name": "x",
        "target": "movie",
        "conditions": [{"any": [{**condition, "operator": operator}]}],
    }
    with pytest.raises(InvalidRule) as caught:
        validate_rule(raw)
    assert caught.value.path == "conditions[0].any[0].operator"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(("property", "operator", "value", "all", "any", "not", "name", "x"))


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(("name", "target", "conditions", "mode", "grace_days", "actions", "x")),
        JSON | st.lists(st.dictionaries(KEYS, JSON, max_size=3), max_size=3),
        max_size=6,
    )
)
def test_any_document_is_either_a_rule_or_an_invalid_rule_error(raw: dict[str, Any]) -> None:
    outcome = _validated(raw)
    if isinstance(outcome, InvalidRule):
        assert outcome.path
        assert outcome.problem
    else:
        assert all(c.property in PROPERTIES for c in outcome.conditions())


def _validated(raw: dict[str, Any]) -> Rule | InvalidRule:
    try:
        return validate_rule(raw)
    except InvalidRule as error:
        return error

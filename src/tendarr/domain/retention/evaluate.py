"""Explain one item under a retention rule: tri-state verdict, reasons and due date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tendarr.domain.retention.compile import rule_documents
from tendarr.domain.retention.model import Basis, RetentionRule
from tendarr.domain.rules import (
    Facts,
    Outcome,
    compile_rule,
    decide,
    evaluate,
    validate_rule,
)

NOT_APPLICABLE = "the rule does not apply: none of its requesters requested it"


@dataclass(frozen=True)
class RetentionVerdict:
    """``due`` (TRUE: enters Leaving Soon), ``keep`` (FALSE) or ``unknown`` (kept)."""

    outcome: Outcome
    reasons: tuple[str, ...]
    due_at: datetime | None  # when the N days end (None: not known yet, or does not apply)

    @property
    def verdict(self) -> str:
        """Return ``due``, ``keep`` or ``unknown``."""
        return {Outcome.TRUE: "due", Outcome.FALSE: "keep"}.get(self.outcome, "unknown")


def judge(rule: RetentionRule, facts: Facts, now: datetime) -> RetentionVerdict:
    """Evaluate ``facts`` with the same engine and document a cleanup run uses.

    A title none of the rule's requesters asked for is not the rule's business: it is kept,
    the first reason says the rule does not apply, and it has no due date. Nor has a title
    whose requester is unknown: its date would be a guess.
    """
    target = facts.kind.value
    document = rule_documents(rule).get(target)
    if document is None:
        return RetentionVerdict(Outcome.FALSE, (f"the rule does not cover {target}s",), None)
    result = evaluate(compile_rule(validate_rule(document)), facts, now)
    decision = decide(result)
    if result.root is None:
        return RetentionVerdict(Outcome.FALSE, decision.reasons, None)
    applies = result.root.children[0].outcome  # the requester match (``conditions``)
    if applies is Outcome.FALSE:
        return RetentionVerdict(Outcome.FALSE, (NOT_APPLICABLE, *decision.reasons), None)
    due_at = _due_at(rule, facts) if applies is Outcome.TRUE else None
    return RetentionVerdict(result.outcome, decision.reasons, due_at)


def _due_at(rule: RetentionRule, facts: Facts) -> datetime | None:
    start = facts.value("days_since_available")
    if rule.basis is Basis.WATCHED:
        watched = facts.value("days_since_requester_watched")
        unwatched = facts.value("watched_by_requester") is False
        if isinstance(watched, datetime):
            start = watched
        elif rule.require_watched or not unwatched:
            return None
    return start + timedelta(days=rule.days) if isinstance(start, datetime) else None

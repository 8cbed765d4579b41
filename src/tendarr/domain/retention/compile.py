"""Turn a retention form into cleanup rule documents (one per target) the engine runs."""

from __future__ import annotations

from typing import Any

from tendarr.domain.retention.model import Basis, RetentionRule
from tendarr.domain.rules import rule_to_raw, validate_rule

Doc = dict[str, Any]


def rule_documents(rule: RetentionRule) -> dict[str, Doc]:
    """Return a validated cleanup rule document per target (``movie``, ``show``)."""
    documents: dict[str, Doc] = {}
    for target in rule.targets:
        label = "movies" if target == "movie" else "shows"
        raw = {
            "name": f"{rule.name} ({label})"[:120],
            "target": target,
            "mode": rule.mode.value,
            "grace_days": rule.grace_days,
            "conditions": conditions(rule),
        }
        documents[target] = rule_to_raw(validate_rule(raw))
    return documents


def conditions(rule: RetentionRule) -> list[Doc]:
    """Return the conditions: the requester matches, it is due, and nobody else needs it.

    The requester match comes first: ``judge`` reads it to tell whether the rule applies.
    """
    found: list[Doc] = [_requesters(rule), _due(rule)]
    if rule.respect_others:
        found.append({"not": _is("others_in_progress")})
        found.append({"not": _is("on_others_watchlist")})
    return found


def _requesters(rule: RetentionRule) -> Doc:
    ids = [m.user_id for m in rule.requesters if m.user_id is not None]
    names = [m.username or m.email for m in rule.requesters if m.user_id is None]
    parts: list[Doc] = []
    if ids:
        parts.append({"property": "requested_by", "operator": "contains_any", "value": ids})
    if names:
        parts.append({"property": "requester_names", "operator": "contains_any", "value": names})
    return parts[0] if len(parts) == 1 else {"any": parts}


def _due(rule: RetentionRule) -> Doc:
    watched = _days("days_since_requester_watched", rule.days)
    available = _days("days_since_available", rule.days)
    if rule.basis is Basis.AVAILABLE:
        return (
            {"all": [_is("watched_by_requester"), available]}
            if rule.require_watched
            else (available)
        )
    if rule.require_watched:
        return watched
    unwatched = {"all": [_is("watched_by_requester", False), available]}
    return {"any": [watched, unwatched]}


def _is(name: str, value: bool = True) -> Doc:
    return {"property": name, "operator": "is_true" if value else "is_false"}


def _days(name: str, days: int) -> Doc:
    return {"property": name, "operator": "gte", "value": days}

"""Small builders for rule-engine tests: rule documents, compiled rules and facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tendarr.domain.media import ItemKind
from tendarr.domain.rules import CompiledRule, Facts, Outcome, compile_rule, validate_rule

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
GIB = 1024**3


def days_ago(days: float) -> datetime:
    """Return the instant ``days`` before NOW."""
    return NOW - timedelta(days=days)


def cond(prop: str, operator: str, value: Any = None) -> dict[str, Any]:
    """Return one condition document (no ``value`` key when value is None)."""
    node: dict[str, Any] = {"property": prop, "operator": operator}
    if value is not None:
        node["value"] = value
    return node


def document(*conditions: Any, target: str = "movie", **fields: Any) -> dict[str, Any]:
    """Return a rule document named "test" holding ``conditions``."""
    return {"name": "test", "target": target, "conditions": list(conditions), **fields}


def compiled(*conditions: Any, target: str = "movie", **fields: Any) -> CompiledRule:
    """Return the compiled rule of ``document(...)``."""
    return compile_rule(validate_rule(document(*conditions, target=target, **fields)))


def facts(kind: ItemKind = ItemKind.MOVIE, synced: bool = True, **values: Any) -> Facts:
    """Return facts for one item; watch history synced unless told otherwise."""
    return Facts(kind, values, watch_history_synced=synced)


def outcome_of(*conditions: Any, item: Facts, target: str = "movie") -> Outcome:
    """Return the fast-path outcome of a rule of ``conditions`` for ``item``."""
    return compiled(*conditions, target=target).outcome(item, NOW)

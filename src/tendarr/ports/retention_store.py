"""Storage port for per-user retention rules (the form and its generated cleanup rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class StoredRetention:
    """A saved retention form; ``document`` also holds ``cleanup_rule_ids`` by target."""

    id: int
    name: str
    document: dict[str, Any]
    enabled: bool
    created_at: datetime
    updated_at: datetime


class RetentionRuleRepository(Protocol):
    """The ``retention_rules`` table."""

    def add(self, name: str, document: dict[str, Any], enabled: bool, now: datetime) -> int: ...
    def get(self, rule_id: int) -> StoredRetention | None: ...
    def all(self) -> list[StoredRetention]: ...
    def update(
        self, rule_id: int, name: str, document: dict[str, Any], enabled: bool, now: datetime
    ) -> bool: ...
    def delete(self, rule_id: int) -> bool: ...

"""Storage port for saved cleanup rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class StoredRule:
    """A saved rule: the validated document (``rule_to_raw``) and its bookkeeping."""

    id: int
    name: str
    target: str
    document: dict[str, Any]
    mode: str
    enabled: bool
    created_at: datetime
    updated_at: datetime
    created_by: str | None


class CleanupRuleRepository(Protocol):
    """Saved cleanup rules; ``name``, ``target`` and ``mode`` are read from the document."""

    def add(
        self, document: dict[str, Any], enabled: bool, created_by: str | None, now: datetime
    ) -> StoredRule: ...
    def get(self, rule_id: int) -> StoredRule | None: ...
    def all(self) -> list[StoredRule]: ...
    def update(
        self, rule_id: int, document: dict[str, Any], enabled: bool, now: datetime
    ) -> StoredRule | None: ...
    def delete(self, rule_id: int) -> bool: ...

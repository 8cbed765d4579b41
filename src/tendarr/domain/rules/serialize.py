"""Write a ``Rule`` back as the document ``validate_rule`` reads (for storage and the API)."""

from __future__ import annotations

from tendarr.domain.rules.model import Condition, Group, GroupKind, Rule
from tendarr.domain.rules.values import JsonValue, raw_value


def rule_to_raw(rule: Rule) -> dict[str, JsonValue]:
    """Return the JSON-ready document of ``rule``; ``validate_rule`` of it gives ``rule``."""
    actions = rule.actions
    return {
        "name": rule.name,
        "target": rule.target.value,
        "library_ids": [library for library in sorted(rule.library_ids)],
        "mode": rule.mode.value,
        "grace_days": rule.grace_days,
        "actions": {
            "on_due": actions.on_due.value,
            "import_exclusion": actions.import_exclusion,
            "server_delete_fallback": actions.server_delete_fallback,
            "delete_files_directly": actions.delete_files_directly,
            "clear_request": actions.clear_request,
        },
        "conditions": [node_to_raw(child) for child in rule.root.children],
    }


def node_to_raw(node: Condition | Group) -> dict[str, JsonValue]:
    """Return one condition or group as written in a rule document."""
    if isinstance(node, Condition):
        raw: dict[str, JsonValue] = {"property": node.property, "operator": node.operator}
        if node.value is not None:
            raw["value"] = raw_value(node.value)
        return raw
    if node.kind is GroupKind.NOT:
        return {"not": node_to_raw(node.children[0])}
    return {node.kind.value: [node_to_raw(child) for child in node.children]}

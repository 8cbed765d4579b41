"""Rules for the rolling history of application settings."""

from __future__ import annotations

from typing import Any

MAX_SETTINGS_BACKUPS = 20


def changed_keys(before: dict[str, Any], after: dict[str, Any], prefix: str = "") -> list[str]:
    """Return the dotted paths whose values differ between two settings documents."""
    keys: list[str] = []
    for key in sorted(set(before) | set(after)):
        path = f"{prefix}{key}"
        old, new = before.get(key), after.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            keys.extend(changed_keys(old, new, f"{path}."))
        elif old != new:
            keys.append(path)
    return keys


def deep_merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Return ``base`` with ``patch`` applied: nested objects merge, other values replace."""
    merged = dict(base)
    for key, value in patch.items():
        current = merged.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            merged[key] = deep_merge(current, value)
        else:
            merged[key] = value
    return merged

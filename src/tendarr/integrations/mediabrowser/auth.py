"""The ``Scheme Key="value", ...`` authorization header both servers read."""

from __future__ import annotations

from collections.abc import Iterable


def authorization_value(scheme: str, pairs: Iterable[tuple[str, str]]) -> str:
    """Return ``scheme`` followed by quoted pairs (a quote inside a value is dropped)."""
    return f"{scheme} " + ", ".join(_pair(key, value) for key, value in pairs)


def _pair(key: str, value: str) -> str:
    # The format has no escaping: a quote would end the value early.
    clean = value.replace('"', "")
    return f'{key}="{clean}"'

"""Exclusions: local paths (as Tendarr sees them) that never get previews."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tendarr.domain.errors import ValidationFailed


@dataclass(frozen=True)
class Exclusions:
    """Folder prefixes (whole path segments) and regular expressions matched on the full path."""

    prefixes: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def build(cls, prefixes: Iterable[str], patterns: Iterable[str]) -> Exclusions:
        """Compile the rules; raise ValidationFailed for a bad regular expression."""
        compiled = []
        for text in patterns:
            try:
                compiled.append(re.compile(text))
            except re.error as err:
                raise ValidationFailed(f"exclusion regex {text!r}: {err}") from err
        cleaned = tuple(p.rstrip("/") or "/" for p in prefixes if p.strip())
        return cls(cleaned, tuple(compiled))

    def reason(self, path: str) -> str | None:
        """Return why ``path`` is excluded, or None when it is not."""
        for prefix in self.prefixes:
            if prefix == "/" or path == prefix or path.startswith(prefix + "/"):
                return f"excluded by path prefix {prefix}"
        for pattern in self.patterns:
            if pattern.search(path):
                return f"excluded by pattern {pattern.pattern}"
        return None

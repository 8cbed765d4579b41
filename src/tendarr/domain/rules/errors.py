"""The error a rule that cannot be saved raises (HTTP 400 at the edge)."""

from __future__ import annotations

from tendarr.domain.errors import ValidationFailed


class InvalidRule(ValidationFailed):
    """A rule document with a problem at ``path`` (e.g. ``conditions[2].any[0].operator``)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

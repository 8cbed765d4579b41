"""Per-user retention: keep what someone requested until they are done with it.

A retention rule is a form (``validate_retention``) that compiles to ordinary cleanup
rule documents (``rule_documents``), so it goes through the one cleanup pipeline
(Leaving Soon, grace, caps, breaker, review); ``judge`` explains one item. See
``docs/retention.md``.
"""

from tendarr.domain.retention.compile import rule_documents
from tendarr.domain.retention.evaluate import RetentionVerdict, judge
from tendarr.domain.retention.model import (
    Basis,
    RequesterMatch,
    RetentionRule,
    retention_to_raw,
    validate_retention,
)

__all__ = [
    "Basis",
    "RequesterMatch",
    "RetentionRule",
    "RetentionVerdict",
    "judge",
    "retention_to_raw",
    "rule_documents",
    "validate_retention",
]

"""Turn a rule result into what cleanup may do: only TRUE matches; UNKNOWN keeps the item."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

from tendarr.domain.rules.evaluate import ConditionResult, GroupResult, RuleResult
from tendarr.domain.rules.model import GroupKind
from tendarr.domain.rules.outcome import FALSE, TRUE, UNKNOWN


class Verdict(enum.StrEnum):
    """What a rule's result means for one item."""

    MATCHES = "matches"  # every needed fact known, and the rule holds
    NO_MATCH = "no_match"  # known facts show the rule does not hold
    KEPT = "kept"  # something the result depends on is unknown: keep the item


@dataclass(frozen=True, slots=True)
class Decision:
    """A verdict and the reasons behind it (the deciding conditions, one line each)."""

    verdict: Verdict
    reasons: tuple[str, ...]
    unknown: tuple[ConditionResult, ...] = ()  # for KEPT: the conditions that were unknown

    @property
    def matches(self) -> bool:
        """Return whether the item matched (the only verdict cleanup may act on)."""
        return self.verdict is Verdict.MATCHES


def decide(result: RuleResult) -> Decision:
    """Return the decision for ``result``: TRUE matches, FALSE does not, UNKNOWN is kept."""
    if result.root is None:
        return Decision(Verdict.NO_MATCH, (result.out_of_scope or "out of scope",))
    deciding = tuple(_deciding(result.root, negated=False))
    if result.outcome is TRUE:
        return Decision(Verdict.MATCHES, tuple(_line(leaf, neg) for leaf, neg in deciding))
    if result.outcome is FALSE:
        return Decision(Verdict.NO_MATCH, tuple(_line(leaf, neg) for leaf, neg in deciding))
    unknown = tuple((leaf, neg) for leaf, neg in deciding if leaf.outcome is UNKNOWN)
    reasons = tuple(_line(leaf, neg) for leaf, neg in unknown)
    return Decision(Verdict.KEPT, reasons, tuple(leaf for leaf, _ in unknown))


def _line(leaf: ConditionResult, negated: bool) -> str:
    return f"not ({leaf.describe()})" if negated else leaf.describe()


def _deciding(
    node: ConditionResult | GroupResult, *, negated: bool
) -> Iterator[tuple[ConditionResult, bool]]:
    """Yield the conditions that decide ``node`` (the others could not change it)."""
    if isinstance(node, ConditionResult):
        yield node, negated
        return
    for child in node.children:
        if node.kind is GroupKind.NOT:
            yield from _deciding(child, negated=not negated)
        elif child.outcome is node.outcome:
            yield from _deciding(child, negated=negated)

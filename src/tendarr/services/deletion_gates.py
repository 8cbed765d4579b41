"""The re-check made immediately before each deletion (field notes R7, R8).

Given fresh facts and what is playing now, return why an item must be kept, or None. The
order is: gone from the library, protected, playing now (or a server could not say),
in progress, on a watchlist, recently requested, then — for rule deletions — the rule
itself re-evaluated on the fresh facts, where anything unknown keeps the item.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from tendarr.domain.rules import CompiledRule, Outcome, Unknown, decide, evaluate
from tendarr.ports.deletion_reads import DeletionSubject
from tendarr.services.cleanup_facts import ItemFactsView


@dataclass(frozen=True)
class Situation:
    """What is true right now, read once per batch just before acting."""

    playing: frozenset[int]  # media item ids playing on any server
    unavailable: dict[str, str]  # servers that could not say what is playing
    protected: frozenset[int]  # protected media item ids (shows include their episodes)
    requests_configured: bool  # whether any request app should be able to answer


@dataclass(frozen=True)
class GatePolicy:
    """The settings the re-check follows.

    VIPER orders use ``skip_watchlisted=False``: VIPER keeps a watchlisted show's episodes
    for its own, bounded watchlist grace (docs/viper.md, defect D9: a grace that never ends).
    """

    skip_watchlisted: bool = True
    recent_request_days: int = 30


def _unknown(value: object) -> Unknown | None:
    return value if isinstance(value, Unknown) else None


def skip_reason(
    subject: DeletionSubject | None,
    view: ItemFactsView | None,
    rule: CompiledRule | None,
    situation: Situation,
    policy: GatePolicy,
    now: datetime,
) -> str | None:
    """Return why the item must not be deleted now, or None when it may be."""
    if subject is None or view is None:
        return "it is no longer in the library"
    family = set(subject.descendant_ids) | {subject.id}
    if subject.show_id is not None:
        family.add(subject.show_id)
    if family & situation.protected:
        return "it is protected"
    if situation.unavailable:
        server, why = next(iter(sorted(situation.unavailable.items())))
        return f"could not check what is playing now on {server}: {why}"
    if set(subject.descendant_ids) & situation.playing:
        return "someone is playing it now"
    return _fact_reason(view, policy, situation, now) or _rule_reason(rule, view, now)


def _fact_reason(
    view: ItemFactsView, policy: GatePolicy, situation: Situation, now: datetime
) -> str | None:
    facts = view.facts
    progress = facts.value("in_progress")
    if (unknown := _unknown(progress)) is not None:
        return f"whether someone is partway through it is unknown: {unknown.reason}"
    if progress is True:
        return "someone is partway through it"
    if policy.skip_watchlisted:
        listed = facts.value("on_any_watchlist")
        if (unknown := _unknown(listed)) is not None:
            return f"whether it is on a watchlist is unknown: {unknown.reason}"
        if listed is True:
            return "it is on someone's watchlist"
    requested = facts.value("days_since_requested")
    if (unknown := _unknown(requested)) is not None:
        if situation.requests_configured:
            return f"whether it was requested recently is unknown: {unknown.reason}"
    elif isinstance(requested, datetime) and (
        now - requested <= timedelta(days=policy.recent_request_days)
    ):
        return f"it was requested in the last {policy.recent_request_days} days"
    return None


def _rule_reason(rule: CompiledRule | None, view: ItemFactsView, now: datetime) -> str | None:
    if rule is None:
        return None
    outcome = rule.outcome(view.facts, now)
    if outcome is Outcome.TRUE:
        return None
    reasons = "; ".join(decide(evaluate(rule, view.facts, now)).reasons)
    if outcome is Outcome.UNKNOWN:
        return f"the rule could not be evaluated with fresh data: {reasons}"
    return f"it no longer matches the rule: {reasons}"


def playing_ids(playing: Collection[int | None]) -> frozenset[int]:
    """Return the playing media item ids, dropping sessions that matched no item."""
    return frozenset(i for i in playing if i is not None)

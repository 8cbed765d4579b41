"""Decide every episode of a show: keep (who and why), delete (and how it comes back), search.

An on-disk episode is deletable only when all of these hold (field notes §3.5):
nothing unknown (watch data, playing now, protection, the file, Sonarr's ability to fetch
it again when someone still needs it); not protected or in a grace window; not a special;
not playing; outside every active viewer's bubble and not in progress for any of them;
and every active viewer who has not reached it would reach it only after a redownload
could be back (lead time plus download time, and never inside the emergency window). An
episode nobody has watched and no active viewer is heading to is left to cleanup rules.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tendarr.domain.viper.bubble import Bubble, viewer_bubble
from tendarr.domain.viper.config import ViperConfig
from tendarr.domain.viper.inputs import EpisodeState, ShowInput, require_aware
from tendarr.domain.viper.order import EpisodeOrder
from tendarr.domain.viper.outcome import (
    Action,
    EpisodeDecision,
    Reason,
    ReasonCode,
    RedownloadPlan,
    ShowDecision,
    Tier,
)

_EVERYONE_PAST = (Reason(ReasonCode.EVERYONE_PAST),)
_UNWATCHED = (Reason(ReasonCode.UNWATCHED),)


@dataclass(frozen=True, slots=True)
class _Show:
    """What every episode's decision of one show shares, computed once."""

    show: ShowInput
    order: EpisodeOrder
    now: datetime
    show_reasons: tuple[Reason, ...]  # keep every on-disk episode
    can_plan: bool  # watch data known and mapped: need dates mean something
    holders: dict[int, list[Reason]]  # ordinal -> in-progress and bubble reasons
    heading: tuple[Bubble, ...]  # active viewers, by position
    positions: tuple[int, ...]  # their positions, ascending (for bisect)
    ahead_of: tuple[Reason, ...]  # AHEAD_OF_VIEWERS for each of them, same order
    furthest_active: int
    watched: frozenset[int]
    lead_days: float  # lead time plus download time
    keep_days: float  # a need closer than this keeps the episode
    emergency_days: float


def decide_show(show: ShowInput, now: datetime, config: ViperConfig) -> ShowDecision:
    """Return the decision for every episode of ``show`` at ``now``."""
    require_aware(now, "now")
    order = EpisodeOrder(e.key for e in show.episodes)
    bubbles = tuple(
        b for w in show.watch or () if (b := viewer_bubble(w, order, now, config)) is not None
    )
    context = _context(show, order, now, bubbles, config)
    episodes = tuple(_decide(e, context) for e in sorted(show.episodes, key=lambda e: e.key))
    return ShowDecision(show.tvdb_id, now, bubbles, episodes)


def decide_shows(
    shows: Iterable[ShowInput], now: datetime, config: ViperConfig
) -> dict[int, ShowDecision]:
    """Return each show's decision by TVDB id; the same id twice is refused, never merged."""
    decisions: dict[int, ShowDecision] = {}
    for show in shows:
        if show.tvdb_id in decisions:
            raise ValueError(f"show tvdb:{show.tvdb_id} given twice")
        decisions[show.tvdb_id] = decide_show(show, now, config)
    return decisions


def _context(
    show: ShowInput,
    order: EpisodeOrder,
    now: datetime,
    bubbles: Sequence[Bubble],
    config: ViperConfig,
) -> _Show:
    reasons: list[Reason] = []
    if show.watch is None:
        reasons.append(Reason(ReasonCode.UNKNOWN_WATCH_DATA))
    reasons.extend(Reason(ReasonCode.UNKNOWN_EPISODE, b.viewer) for b in bubbles if b.unmapped)
    if show.protected is None:
        reasons.append(Reason(ReasonCode.UNKNOWN_PROTECTION))
    elif show.protected:
        reasons.append(Reason(ReasonCode.PROTECTED))
    if show.grace_until is not None and now < show.grace_until:
        reasons.append(Reason(ReasonCode.GRACE))
    if show.playing is None:
        reasons.append(Reason(ReasonCode.UNKNOWN_PLAYING))
    active = sorted((b for b in bubbles if b.active), key=lambda b: (b.position, b.viewer))
    holders: dict[int, list[Reason]] = {}
    for bubble in active:
        started = Reason(ReasonCode.IN_PROGRESS, bubble.viewer)
        for ordinal in bubble.in_progress:
            holders.setdefault(ordinal, []).append(started)
        inside = Reason(ReasonCode.IN_BUBBLE, bubble.viewer)
        for ordinal in range(bubble.start, bubble.end + 1):
            holders.setdefault(ordinal, []).append(inside)
    download = show.download_time  # an explicit zero is a measurement, not "unknown"
    if download is None:
        download = timedelta(hours=config.default_download_hours)
    lead_days = config.redownload_lead_days + download / timedelta(days=1)
    emergency_days = config.emergency_hours / 24.0
    return _Show(
        show=show,
        order=order,
        now=now,
        show_reasons=tuple(reasons),
        can_plan=show.watch is not None and not any(b.unmapped for b in bubbles),
        holders=holders,
        heading=tuple(active),
        positions=tuple(b.position for b in active),
        ahead_of=tuple(Reason(ReasonCode.AHEAD_OF_VIEWERS, b.viewer) for b in active),
        furthest_active=max((b.position for b in active), default=0),
        watched=frozenset().union(*(b.completed for b in bubbles)),
        lead_days=lead_days,
        keep_days=max(lead_days, emergency_days),
        emergency_days=emergency_days,
    )


def _decide(episode: EpisodeState, ctx: _Show) -> EpisodeDecision:
    key = episode.key
    ordinal = ctx.order.ordinal(key)
    if episode.has_file is False:
        return _absent(episode, ordinal, ctx)
    reasons = list(ctx.show_reasons)
    if key.season in ctx.show.protected_seasons or key in ctx.show.protected_episodes:
        reasons.append(Reason(ReasonCode.PROTECTED))
    if ctx.show.playing is not None and key in ctx.show.playing:
        reasons.append(Reason(ReasonCode.PLAYING))
    if episode.has_file is None:
        reasons.append(Reason(ReasonCode.UNKNOWN_FILE))
    if ordinal is None:
        reasons.append(Reason(ReasonCode.SPECIAL))
        return EpisodeDecision(key, None, Action.KEEP, tuple(reasons))
    reasons.extend(ctx.holders.get(ordinal, ()))
    if reasons:
        return EpisodeDecision(key, ordinal, Action.KEEP, tuple(reasons))
    count = bisect_left(ctx.positions, ordinal)  # active viewers not yet at it
    if not count:
        if ordinal in ctx.watched or ordinal < ctx.furthest_active:
            return EpisodeDecision(key, ordinal, Action.DELETE, _EVERYONE_PAST)
        return EpisodeDecision(key, ordinal, Action.KEEP, _UNWATCHED)
    behind = ctx.heading[:count]
    first, days = _first_need(behind, ordinal)
    if days <= ctx.keep_days:
        return _keep(episode, ordinal, ReasonCode.NEEDED_SOON, first.viewer)
    if ctx.show.redownloadable is None:
        return _keep(episode, ordinal, ReasonCode.UNKNOWN_REDOWNLOAD, first.viewer)
    if not ctx.show.redownloadable:
        return _keep(episode, ordinal, ReasonCode.NOT_REDOWNLOADABLE, first.viewer)
    why = ctx.ahead_of[:count]
    return EpisodeDecision(key, ordinal, Action.DELETE, why, _plan(first.viewer, days, ctx))


def _absent(episode: EpisodeState, ordinal: int | None, ctx: _Show) -> EpisodeDecision:
    key = episode.key
    if not episode.unmonitored_by_tendarr:
        return EpisodeDecision(key, ordinal, Action.NONE, (Reason(ReasonCode.NOT_OURS),))
    if ordinal is None:
        return EpisodeDecision(key, None, Action.NONE, (Reason(ReasonCode.SPECIAL),))
    if not ctx.can_plan:
        unknown = tuple(
            r
            for r in ctx.show_reasons
            if r.code in {ReasonCode.UNKNOWN_WATCH_DATA, ReasonCode.UNKNOWN_EPISODE}
        )
        return EpisodeDecision(key, ordinal, Action.NONE, unknown)
    needing = [b for b in ctx.heading if b.position < ordinal or ordinal in b.in_progress]
    if not needing:
        return EpisodeDecision(key, ordinal, Action.NONE, (Reason(ReasonCode.NOT_NEEDED),))
    first, days = _first_need(needing, ordinal)
    plan = _plan(first.viewer, days, ctx)
    if plan.tier is Tier.PLANNED:
        why = Reason(ReasonCode.REDOWNLOAD_PLANNED, first.viewer)
        return EpisodeDecision(key, ordinal, Action.NONE, (why,), plan)
    if ctx.show.redownloadable:
        why = Reason(ReasonCode.REDOWNLOAD_DUE, first.viewer)
        return EpisodeDecision(key, ordinal, Action.SEARCH, (why,), plan)
    code = (
        ReasonCode.UNKNOWN_REDOWNLOAD
        if ctx.show.redownloadable is None
        else ReasonCode.NOT_REDOWNLOADABLE
    )
    return EpisodeDecision(key, ordinal, Action.NONE, (Reason(code, first.viewer),), plan)


def _keep(episode: EpisodeState, ordinal: int, code: ReasonCode, viewer: str) -> EpisodeDecision:
    return EpisodeDecision(episode.key, ordinal, Action.KEEP, (Reason(code, viewer),))


def _first_need(viewers: Sequence[Bubble], ordinal: int) -> tuple[Bubble, float]:
    """Return the viewer who reaches ``ordinal`` first and in how many days."""
    best, best_days = viewers[0], float("inf")
    for bubble in viewers:
        days = max(ordinal - bubble.position, 0) / bubble.per_day_for_planning
        if days < best_days:
            best, best_days = bubble, days
    return best, best_days


def _plan(viewer: str, days: float, ctx: _Show) -> RedownloadPlan:
    need_at = ctx.now + timedelta(days=days)
    search_at = need_at - timedelta(days=ctx.lead_days)
    if days <= ctx.emergency_days:
        tier = Tier.EMERGENCY
    elif search_at <= ctx.now:
        tier = Tier.DUE
    else:
        tier = Tier.PLANNED
    return RedownloadPlan(viewer, need_at, search_at, tier)

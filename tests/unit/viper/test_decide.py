"""Per-episode decisions: who keeps what, unknowns, unmonitoring and redownload timing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tendarr.domain.viper.config import ViperConfig
from tendarr.domain.viper.inputs import EpisodeState
from tendarr.domain.viper.order import EpisodeKey
from tendarr.domain.viper.outcome import Action, ReasonCode
from tests.unit.viper.builders import DAY, NOW, decide, episodes, keys, labels, paced, show, span

SIZES = (10, 10, 10)
ALL = keys(SIZES)


def two_viewers(**fields: Any) -> Any:
    """Fast viewer at ordinal 25 (one a day), slow at 5 (one every other day), files all."""
    fast = paced("fast", ALL[:25], NOW - DAY / 8)
    slow = paced("slow", ALL[:5], NOW - DAY / 8, every=2 * DAY)
    return show(episodes(SIZES), [fast, slow], **fields)


def test_gap_between_viewers_is_deleted_unmonitored_with_a_plan_for_the_slower_one() -> None:
    decision = decide(two_viewers())

    # slow: 0.5/day -> 8 ahead (5..13); fast: 1/day -> 13 ahead (25..30).
    assert labels(decision, Action.KEEP) == span(SIZES, 5, 13) + span(SIZES, 25, 30)
    gap = decision.with_action(Action.DELETE)[4:]
    assert [e.key.label for e in gap] == span(SIZES, 14, 24)
    assert all(e.unmonitor for e in gap)
    s2e04 = decision.decision(EpisodeKey(2, 4))  # ordinal 14: 9 episodes ahead of slow
    assert s2e04.redownload is not None
    assert s2e04.redownload.viewer == "slow"
    assert s2e04.redownload.need_at == NOW + 18 * DAY
    assert s2e04.redownload.search_at == NOW + 14 * DAY  # 3 days' lead + 1 day's download


def test_measured_download_time_moves_the_search_earlier() -> None:
    decision = decide(two_viewers(download_time=timedelta(days=5)))

    plan = decision.decision(EpisodeKey(2, 4)).redownload
    assert plan is not None
    assert plan.search_at == NOW + 10 * DAY


def test_a_measured_download_time_of_zero_is_used_not_replaced_by_the_default() -> None:
    decision = decide(two_viewers(download_time=timedelta(0)))

    plan = decision.decision(EpisodeKey(2, 4)).redownload
    assert plan is not None
    assert plan.search_at == NOW + 15 * DAY


def test_a_negative_download_time_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        two_viewers(download_time=timedelta(hours=-1))


def test_an_episode_a_slower_viewer_needs_before_a_redownload_could_land_is_kept() -> None:
    config = ViperConfig(redownload_lead_days=20)

    decision = decide(two_viewers(), config)

    # slow needs ordinal 14 in 18 days: within 20 days' lead + 1 day's download.
    s2e04 = decision.decision(EpisodeKey(2, 4))
    assert s2e04.action is Action.KEEP
    assert s2e04.reasons[0].code is ReasonCode.NEEDED_SOON
    assert s2e04.keepers == ("slow",)
    # slow needs ordinal 16 in 22 days: deletable.
    assert decision.decision(EpisodeKey(2, 6)).action is Action.DELETE


def test_nothing_is_deleted_inside_the_emergency_window_even_with_no_lead() -> None:
    config = ViperConfig(
        redownload_lead_days=0,
        default_download_hours=0,
        emergency_hours=24 * 5,
        padding_episodes=0,
        days_buffer=0,
        max_episodes_ahead=0,
    )

    decision = decide(two_viewers(), config)

    # slow (0.5/day) reaches ordinal 7 in 4 days, ordinal 8 in 6.
    assert decision.decision(ALL[6]).action is Action.KEEP
    assert decision.decision(ALL[7]).action is Action.DELETE


@pytest.mark.parametrize(
    ("redownloadable", "code"),
    [(None, ReasonCode.UNKNOWN_REDOWNLOAD), (False, ReasonCode.NOT_REDOWNLOADABLE)],
)
def test_without_a_way_back_nothing_a_viewer_still_needs_is_deleted(
    redownloadable: bool | None, code: ReasonCode
) -> None:
    decision = decide(two_viewers(redownloadable=redownloadable))

    assert labels(decision, Action.DELETE) == span(SIZES, 1, 4)  # behind everyone only
    assert decision.decision(EpisodeKey(2, 4)).reasons[0].code is code


def test_an_episode_nobody_watched_and_nobody_is_heading_to_is_left_alone() -> None:
    viewer = paced("v", ALL[:25], NOW - 40 * DAY)  # inactive

    decision = decide(show(episodes(SIZES), [viewer]))

    assert labels(decision, Action.DELETE) == span(SIZES, 1, 25)  # watched, nobody active
    assert {e.reasons[0].code for e in decision.with_action(Action.KEEP)} == {ReasonCode.UNWATCHED}


def test_a_show_nobody_has_started_is_not_touched() -> None:
    decision = decide(show(episodes(SIZES), []))

    assert labels(decision, Action.KEEP) == span(SIZES, 1, 30)


def test_an_inactive_viewers_bubble_and_progress_keep_nothing() -> None:
    gone = paced("gone", ALL[:3], NOW - 31 * DAY, in_progress=ALL[3])
    here = paced("here", ALL[:20], NOW - DAY)

    decision = decide(show(episodes(SIZES), [gone, here]))

    assert labels(decision, Action.KEEP) == span(SIZES, 20, 30)
    assert all("gone" not in e.keepers for e in decision.episodes)


def test_in_progress_episodes_of_active_viewers_are_kept_even_behind_them() -> None:
    rewatching = paced("v", ALL[:20], NOW - DAY, in_progress=ALL[2])

    decision = decide(show(episodes(SIZES), [rewatching]))

    assert decision.decision(ALL[2]).action is Action.KEEP
    assert decision.decision(ALL[2]).reasons[0].code is ReasonCode.IN_PROGRESS


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"playing": None}, ReasonCode.UNKNOWN_PLAYING),
        ({"protected": None}, ReasonCode.UNKNOWN_PROTECTION),
        ({"protected": True}, ReasonCode.PROTECTED),
        ({"grace_until": NOW + DAY}, ReasonCode.GRACE),
    ],
)
def test_show_wide_holds_keep_every_episode(fields: dict[str, Any], code: ReasonCode) -> None:
    decision = decide(two_viewers(**fields))

    assert labels(decision, Action.KEEP) == span(SIZES, 1, 30)
    assert all(any(r.code is code for r in e.reasons) for e in decision.episodes)


def test_a_protected_season_is_kept_whole() -> None:
    decision = decide(two_viewers(protected_seasons=frozenset({1, 2})))

    assert labels(decision, Action.DELETE) == span(SIZES, 21, 24)
    assert all(decision.decision(k).reasons[0].code is ReasonCode.PROTECTED for k in ALL[:20])


def test_unknown_watch_data_keeps_everything() -> None:
    decision = decide(show(episodes(SIZES), None))

    assert labels(decision, Action.KEEP) == span(SIZES, 1, 30)
    assert all(e.reasons[0].code is ReasonCode.UNKNOWN_WATCH_DATA for e in decision.episodes)


def test_watch_data_naming_an_unlisted_episode_keeps_everything() -> None:
    stale = paced("v", [*ALL[:20], EpisodeKey(4, 1)], NOW - DAY)

    decision = decide(show(episodes(SIZES), [stale]))

    assert labels(decision, Action.DELETE) == []
    assert decision.decision(ALL[0]).reasons[0].code is ReasonCode.UNKNOWN_EPISODE


def test_playing_and_protected_episodes_are_kept() -> None:
    decision = decide(
        two_viewers(playing=frozenset({ALL[15]}), protected_episodes=frozenset({ALL[16]}))
    )

    assert decision.decision(ALL[15]).reasons[0].code is ReasonCode.PLAYING
    assert decision.decision(ALL[16]).reasons[0].code is ReasonCode.PROTECTED


def test_unknown_file_state_keeps_and_specials_are_left_alone() -> None:
    eps = [EpisodeState(EpisodeKey(0, 1), True), *episodes(SIZES)[:29], EpisodeState(ALL[29], None)]
    viewer = paced("v", ALL, NOW - 40 * DAY)

    decision = decide(show(eps, [viewer]))

    assert decision.decision(EpisodeKey(0, 1)).reasons[0].code is ReasonCode.SPECIAL
    assert decision.decision(ALL[29]).reasons[0].code is ReasonCode.UNKNOWN_FILE
    assert len(decision.with_action(Action.DELETE)) == 29


def test_decisions_are_deterministic_and_read_no_clock() -> None:
    target = two_viewers()

    assert decide(target) == decide(target)
    assert decide(target, now=NOW + DAY).decided_at == NOW + DAY


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        decide(two_viewers(), now=NOW.replace(tzinfo=None))


def test_every_decision_explains_itself() -> None:
    decision = decide(two_viewers())

    assert all(e.reasons for e in decision.episodes)
    assert all(r.describe() for e in decision.episodes for r in e.reasons)

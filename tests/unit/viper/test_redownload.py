"""Redownloads: episodes Tendarr deleted come back before the next viewer needs them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tendarr.domain.viper.config import ViperConfig
from tendarr.domain.viper.inputs import Completion, EpisodeState, ShowInput, ViewerWatch
from tendarr.domain.viper.outcome import Action, ReasonCode, Tier
from tests.unit.viper.builders import DAY, NOW, decide, episodes, keys, paced, show

SIZES = (10, 10, 10)
ALL = keys(SIZES)


def absent_show(position: int, **fields: Any) -> ShowInput:
    """Files up to ordinal 20, ordinals 21.. deleted by Tendarr; one viewer at ``position``."""
    eps = [EpisodeState(k, n < 20, unmonitored_by_tendarr=n >= 20) for n, k in enumerate(ALL)]
    return show(eps, [paced("v", ALL[:position], NOW - DAY / 8)], **fields)


def test_a_deleted_episode_is_searched_when_its_need_is_within_the_lead() -> None:
    decision = decide(absent_show(17))

    # one a day from 17: ordinal 21 in 4 days (lead 3 + download 1): due now.
    s3e01 = decision.decision(ALL[20])
    assert s3e01.action is Action.SEARCH
    assert s3e01.redownload is not None
    assert s3e01.redownload.tier is Tier.DUE
    later = decision.decision(ALL[21])
    assert later.action is Action.NONE
    assert later.redownload is not None
    assert later.redownload.tier is Tier.PLANNED
    assert later.redownload.search_at == NOW + DAY


def test_a_deleted_episode_needed_within_a_day_is_an_emergency() -> None:
    decision = decide(absent_show(20))

    plan = decision.decision(ALL[20]).redownload
    assert decision.decision(ALL[20]).action is Action.SEARCH
    assert plan is not None
    assert plan.tier is Tier.EMERGENCY


@pytest.mark.parametrize("redownloadable", [None, False])
def test_a_due_redownload_without_sonarr_is_reported_not_searched(
    redownloadable: bool | None,
) -> None:
    decision = decide(absent_show(20, redownloadable=redownloadable))

    assert decision.decision(ALL[20]).action is Action.NONE
    assert decision.decision(ALL[20]).redownload is not None


def test_missing_episodes_tendarr_did_not_remove_are_not_ours() -> None:
    eps = [EpisodeState(k, n < 20) for n, k in enumerate(ALL)]

    decision = decide(show(eps, [paced("v", ALL[:20], NOW - DAY / 8)]))

    assert decision.decision(ALL[20]).reasons[0].code is ReasonCode.NOT_OURS


def test_a_deleted_episode_behind_everyone_is_not_redownloaded() -> None:
    eps = [EpisodeState(k, n > 0, unmonitored_by_tendarr=n == 0) for n, k in enumerate(ALL)]

    decision = decide(show(eps, [paced("v", ALL[:20], NOW - DAY / 8)]))

    assert decision.decision(ALL[0]).action is Action.NONE
    assert decision.decision(ALL[0]).reasons[0].code is ReasonCode.NOT_NEEDED


def test_viewers_of_unknown_pace_are_planned_at_the_assumed_pace() -> None:
    undated = paced("v", ALL[:5], NOW).completions
    watch = ViewerWatch("v", tuple(Completion(c.key, None) for c in undated))
    decision = decide(show(episodes(SIZES), [watch]), ViperConfig(unknown_velocity_per_day=2.0))

    bubble = decision.bubbles[0]
    assert bubble.ahead == 13
    assert bubble.end == 18
    plan = decision.decision(ALL[19]).redownload  # 15 ahead at 2 a day: 7.5 days
    assert plan is not None
    assert plan.need_at == NOW + timedelta(days=7.5)

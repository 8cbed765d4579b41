"""Seed 000's Breaking Bad household, as an executable test with the outcome it describes.

The seed (Flexerr README, "A household of 3 users watching Breaking Bad (62 episodes)"):

| User | Watch Speed        | Current Position   |
| Dad  | Finished           | Season 5 Complete  |
| Mom  | 1 ep/day           | Season 2, Episode 5 |
| Teen | Paused for 2 weeks | Season 1, Episode 3 |

What VIPER keeps:
- S1E01-S1E02 -> Cleaned (everyone's past them)
- S1E03 + buffer ahead -> Protected (Teen's bubble)
- S2E05 + buffer ahead -> Protected (Mom's bubble)
- S2E06 through S5 -> Cleaned (Dad's done, outside Mom's forward buffer)
"The gap cleanup: Episodes between Teen's bubble and Mom's bubble, and between Mom's
bubble and the end, get cleaned."

With the defaults (D 10, P 3, M 20, U 10, min samples 3) both bubbles reach 13 episodes
ahead: Teen's S1E03..S2E09 and Mom's S2E05..S3E05. They overlap across the S1/S2 boundary,
so the gap between them is empty; everything after Mom's bubble (S3E06..S5E16) is cleaned.
("S2E06 through S5" minus Mom's forward buffer; the seed's own line says both.)
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tendarr.domain.viper.inputs import ViewerWatch
from tendarr.domain.viper.order import EpisodeKey
from tendarr.domain.viper.outcome import Action, ReasonCode, ShowDecision, Tier
from tests.unit.viper.builders import (
    BREAKING_BAD,
    DAY,
    NOW,
    decide,
    episodes,
    keys,
    labels,
    paced,
    show,
    span,
)

ALL = keys(BREAKING_BAD)
S1E03, S2E05 = EpisodeKey(1, 3), EpisodeKey(2, 5)
MOM = paced("mom", ALL[: ALL.index(S2E05) + 1], NOW - 2 * DAY / 24)  # 1 ep/day, last night
TEEN_DONE = paced("teen", ALL[:3], NOW - 14 * DAY)  # finished S1E03 two weeks ago
TEEN_PAUSED = paced(  # stopped partway through S1E03 two weeks ago
    "teen", ALL[:2], NOW - 15 * DAY, in_progress=S1E03, paused_at=NOW - 14 * DAY
)
DAD_RECENT = paced("dad", ALL, NOW - 2 * DAY)  # finished the finale two days ago
DAD_LONG_AGO = paced("dad", ALL, NOW - 180 * DAY)


def household(dad: ViewerWatch, teen: ViewerWatch) -> ShowDecision:
    return decide(show(episodes(BREAKING_BAD), [dad, MOM, teen]))


HOUSEHOLDS = pytest.mark.parametrize(
    ("dad", "teen"),
    [
        (DAD_RECENT, TEEN_DONE),
        (DAD_RECENT, TEEN_PAUSED),
        (DAD_LONG_AGO, TEEN_DONE),
        (DAD_LONG_AGO, TEEN_PAUSED),
    ],
    ids=[
        "dad-recent/teen-done",
        "dad-recent/teen-paused",
        "dad-gone/teen-done",
        "dad-gone/teen-paused",
    ],
)


@HOUSEHOLDS
def test_breaking_bad_keeps_exactly_teens_and_moms_bubbles(
    dad: ViewerWatch, teen: ViewerWatch
) -> None:
    decision = household(dad, teen)

    assert labels(decision, Action.DELETE) == ["S01E01", "S01E02", *span(BREAKING_BAD, 26, 62)]
    assert labels(decision, Action.KEEP) == span(BREAKING_BAD, 3, 25)
    assert span(BREAKING_BAD, 3, 25)[0] == "S01E03"
    assert span(BREAKING_BAD, 3, 25)[-1] == "S03E05"


@HOUSEHOLDS
def test_breaking_bad_bubbles_are_s1e03_and_s2e05_plus_thirteen(
    dad: ViewerWatch, teen: ViewerWatch
) -> None:
    bubbles = {b.viewer: b for b in household(dad, teen).bubbles}

    assert (bubbles["teen"].start, bubbles["teen"].end, bubbles["teen"].ahead) == (3, 16, 13)
    assert (bubbles["mom"].start, bubbles["mom"].end, bubbles["mom"].ahead) == (12, 25, 13)
    assert bubbles["mom"].velocity.per_day == pytest.approx(1.0)
    assert bubbles["dad"].finished
    assert bubbles["dad"].start > bubbles["dad"].end  # Dad's done: his bubble is empty


@HOUSEHOLDS
def test_breaking_bad_keepers_are_teen_then_both_then_mom_and_never_dad(
    dad: ViewerWatch, teen: ViewerWatch
) -> None:
    decision = household(dad, teen)
    keepers = {e.key.label: e.keepers for e in decision.with_action(Action.KEEP)}

    assert all(keepers[label] == ("teen",) for label in span(BREAKING_BAD, 3, 11))
    assert all(set(keepers[label]) == {"mom", "teen"} for label in span(BREAKING_BAD, 12, 16))
    assert all(keepers[label] == ("mom",) for label in span(BREAKING_BAD, 17, 25))
    assert not any("dad" in k for k in keepers.values())


@HOUSEHOLDS
def test_breaking_bad_cleans_behind_everyone_and_after_moms_bubble_with_a_way_back(
    dad: ViewerWatch, teen: ViewerWatch
) -> None:
    decision = household(dad, teen)
    first_two = decision.with_action(Action.DELETE)[:2]
    after_mom = decision.with_action(Action.DELETE)[2:]

    assert all(e.reasons[0].code is ReasonCode.EVERYONE_PAST for e in first_two)
    assert all(e.redownload is None and e.unmonitor for e in first_two)
    assert all(e.unmonitor and e.redownload is not None for e in after_mom)
    s3e06 = decision.decision(EpisodeKey(3, 6))
    assert s3e06.redownload is not None
    # Mom (S2E05, 1 a day) reaches S3E06 in 14 days; Teen (S1E03) in 23. Searching 3 days'
    # lead plus a day's download before Mom's need brings it back in time.
    assert s3e06.redownload.viewer == "mom"
    assert s3e06.redownload.need_at == NOW + 14 * DAY
    assert s3e06.redownload.search_at == NOW + 10 * DAY
    assert s3e06.redownload.tier is Tier.PLANNED
    assert {r.viewer for r in s3e06.reasons} == {"mom", "teen"}


def _resumed(teen_last: datetime, mom_last: datetime) -> ShowDecision:
    teen = paced("teen", ALL[:7], teen_last)  # finished season 1
    mom = paced("mom", ALL[:15], mom_last)  # three more days at her pace: S2E08
    return decide(show(episodes(BREAKING_BAD), [DAD_RECENT, mom, teen]))


def test_what_happens_next_bubbles_move_and_more_is_cleaned_behind_teen() -> None:
    decision = _resumed(NOW - DAY / 24, NOW - DAY / 12)
    bubbles = {b.viewer: b for b in decision.bubbles}

    assert (bubbles["teen"].start, bubbles["teen"].end) == (7, 20)  # S1E07..S2E13
    assert (bubbles["mom"].start, bubbles["mom"].end) == (15, 28)  # S2E08..S3E08
    assert labels(decision, Action.DELETE)[:6] == span(BREAKING_BAD, 1, 6)
    assert labels(decision, Action.KEEP) == span(BREAKING_BAD, 7, 28)

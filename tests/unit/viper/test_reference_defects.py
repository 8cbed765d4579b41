"""Regression tests for Flexerr's VIPER defects (field notes lifecycle.md §2, D1-D16).

Each test states the outcome the reference implementation got wrong; where the reference
arithmetic is simple, the test computes it too, to show the case really separates them.
D17 (no tests) is answered by this directory and the property tests.
"""

from __future__ import annotations

import ast
import sys
from datetime import timedelta
from pathlib import Path

import pytest

import tendarr.domain.viper
from tendarr.domain.errors import ValidationFailed
from tendarr.domain.viper.bubble import buffer_ahead, viewer_bubble
from tendarr.domain.viper.config import ViperConfig
from tendarr.domain.viper.decide import decide_shows
from tendarr.domain.viper.inputs import Completion, EpisodeState, InProgress, ViewerWatch
from tendarr.domain.viper.order import EpisodeKey, EpisodeOrder
from tendarr.domain.viper.outcome import Action, ReasonCode
from tendarr.domain.viper.velocity import VelocityClass
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


def flexerr_position(key: EpisodeKey) -> int:
    return 100 * key.season + key.episode


def test_d1_the_next_season_is_inside_the_bubble_across_the_boundary() -> None:
    sizes = (20, 20)
    viewer = paced("v", keys(sizes)[:20], NOW - DAY / 8)  # at S1E20, one a day: 13 ahead

    decision = decide(show(episodes(sizes), [viewer]))

    kept = labels(decision, Action.KEEP)
    assert kept == span(sizes, 20, 33)  # S1E20..S2E13
    # Flexerr's bubble (120, 133] misses every S2 episode (201..213).
    assert not any(120 < flexerr_position(k) <= 133 for k in keys(sizes)[20:33])


def test_d1_seasons_of_a_hundred_episodes_keep_distinct_positions() -> None:
    sizes = (150, 10)
    viewer = paced("v", keys(sizes)[:140], NOW - DAY / 8)

    decision = decide(show(episodes(sizes), [viewer]))

    assert labels(decision, Action.KEEP) == span(sizes, 140, 153)  # S1E140..S2E03
    assert flexerr_position(EpisodeKey(1, 101)) == flexerr_position(EpisodeKey(2, 1))


def test_d2_a_viewer_with_no_velocity_is_placed_in_the_same_unit() -> None:
    sizes = (10, 10)
    measured = paced("measured", keys(sizes)[:3], NOW - DAY / 8)
    no_velocity = ViewerWatch("new", in_progress=(InProgress(EpisodeKey(2, 1), NOW),))

    decision = decide(show(episodes(sizes), [measured, no_velocity]))

    positions = {b.viewer: b.position for b in decision.bubbles}
    assert positions == {"measured": 3, "new": 11}
    assert "new" in decision.decision(EpisodeKey(2, 1)).keepers
    assert labels(decision, Action.DELETE) == span(sizes, 1, 2)


def test_d3_far_ahead_trim_counts_real_episodes() -> None:
    sizes = (20, 30)
    fast = paced("fast", keys(sizes)[:20], NOW - DAY / 8, every=DAY / 3)  # 3 a day: M = 20

    decision = decide(show(episodes(sizes), [fast]))

    assert decision.bubbles[0].ahead == 20
    assert labels(decision, Action.KEEP) == span(sizes, 20, 40)  # S1E20..S2E20
    assert flexerr_position(EpisodeKey(2, 1)) > flexerr_position(EpisodeKey(1, 20)) + 20


def test_d4_one_estimator_whatever_order_or_source_the_plays_come_in() -> None:
    sizes = (10,)
    watch = paced("v", keys(sizes)[:8], NOW - DAY, every=DAY * 1.5)
    shuffled = ViewerWatch("v", tuple(reversed(watch.completions)) + watch.completions[:3])

    first = decide(show(episodes(sizes), [watch]))
    second = decide(show(episodes(sizes), [shuffled]))

    assert first.bubbles[0].velocity == second.bubbles[0].velocity
    assert first.episodes == second.episodes


def test_d5_velocity_is_recomputed_from_timestamps_not_frozen_or_inflated() -> None:
    sizes = (20,)
    order = EpisodeOrder(keys(sizes))
    start = NOW - 12 * DAY
    pair = (Completion(EpisodeKey(1, 1), start), Completion(EpisodeKey(1, 2), start + DAY / 32))
    later = tuple(Completion(EpisodeKey(1, n), start + DAY * (n - 2)) for n in range(3, 13))

    early = viewer_bubble(ViewerWatch("v", pair), order, start + DAY / 16, ViperConfig())
    now = viewer_bubble(ViewerWatch("v", pair + later), order, NOW, ViperConfig())

    assert early is not None
    assert now is not None
    assert early.velocity.per_day == pytest.approx(2.0)  # not ~64 (45 min apart)
    assert now.velocity.per_day == pytest.approx(1.0)  # not frozen at the first batch


def test_d6_s1e10_and_s2e01_read_as_s2e01() -> None:
    sizes = (10, 10)
    watch = paced("v", [EpisodeKey(1, 10), EpisodeKey(2, 1)], NOW - DAY)

    bubble = viewer_bubble(watch, EpisodeOrder(keys(sizes)), NOW, ViperConfig())

    assert bubble is not None
    assert EpisodeOrder(keys(sizes)).key(bubble.position) == EpisodeKey(2, 1)


def test_d7_the_sample_count_is_real_and_min_samples_matters() -> None:
    sizes = (30,)
    slow = paced("v", keys(sizes)[:5], NOW - DAY, every=5 * DAY)  # 0.2 a day, 5 samples

    measured = decide(show(episodes(sizes), [slow])).bubbles[0]
    strict = decide(show(episodes(sizes), [slow]), ViperConfig(min_velocity_samples=6)).bubbles[0]

    assert (measured.velocity.velocity_class, measured.ahead) == (VelocityClass.MEASURED, 5)
    assert (strict.velocity.velocity_class, strict.ahead) == (VelocityClass.ESTIMATED, 13)


def test_d8_protection_holds_on_the_episode_path() -> None:
    dad = paced("dad", keys(BREAKING_BAD), NOW - 2 * DAY)
    mom = paced("mom", keys(BREAKING_BAD)[:12], NOW - DAY / 8)

    decision = decide(show(episodes(BREAKING_BAD), [dad, mom], protected=True))

    assert labels(decision, Action.DELETE) == []
    assert all(any(r.code is ReasonCode.PROTECTED for r in e.reasons) for e in decision.episodes)


@pytest.mark.parametrize(("ends_in_days", "held"), [(1, True), (-1, False)])
def test_d9_a_grace_window_ends_on_its_stored_date(ends_in_days: int, held: bool) -> None:
    viewer = paced("v", keys(BREAKING_BAD), NOW - 2 * DAY)

    decision = decide(show(episodes(BREAKING_BAD), [viewer], grace_until=NOW + ends_in_days * DAY))

    assert (labels(decision, Action.DELETE) == []) is held


def test_d10_a_long_gone_viewer_pins_nothing() -> None:
    gone = paced("gone", keys(BREAKING_BAD)[:1], NOW - 200 * DAY)
    dad = paced("dad", keys(BREAKING_BAD), NOW - 2 * DAY)

    decision = decide(show(episodes(BREAKING_BAD), [gone, dad]))

    assert len(decision.with_action(Action.DELETE)) == 62


def test_d11_no_gap_deletion_that_a_redownload_could_not_refill_in_time() -> None:
    sizes = (10, 10, 10)
    fast = paced("fast", keys(sizes)[:25], NOW - DAY / 8)
    slow = paced("slow", keys(sizes)[:5], NOW - DAY / 8, every=2 * DAY)  # bubble ends at 13

    decision = decide(show(episodes(sizes), [fast, slow], download_time=timedelta(days=17)))

    # slow reaches 14 in 18 days and 15 in 20: not later than 3 + 17 days. Flexerr deleted
    # both: the fast viewer is past them.
    for key in keys(sizes)[13:15]:
        assert decision.decision(key).action is Action.KEEP
        assert decision.decision(key).reasons[0].code is ReasonCode.NEEDED_SOON
    assert decision.decision(keys(sizes)[15]).action is Action.DELETE


def test_d12_redownloads_are_planned_from_sonarr_state_alone() -> None:
    sizes = (10, 10)
    eps = [
        EpisodeState(k, n < 12, unmonitored_by_tendarr=n >= 12) for n, k in enumerate(keys(sizes))
    ]
    viewer = paced("v", keys(sizes)[:10], NOW - DAY / 8)

    decision = decide(show(eps, [viewer]))

    # Gone from every media server; Sonarr says no file and Tendarr's record says it
    # unmonitored them: S2E03 (3 ahead, needed in 3 days) is searched now.
    assert decision.decision(EpisodeKey(2, 3)).action is Action.SEARCH
    assert decision.decision(EpisodeKey(2, 8)).redownload is not None


def test_d13_shows_are_keyed_by_tvdb_id_and_never_merged() -> None:
    viewer = paced("v", keys((5,)), NOW - DAY)
    pluribus = show(episodes((5,)), [viewer], tvdb_id=1)
    plur1bus = show(episodes((5,)), [], tvdb_id=2)

    decisions = decide_shows([pluribus, plur1bus], NOW, ViperConfig())

    assert len(decisions[1].with_action(Action.DELETE)) == 5
    assert decisions[2].with_action(Action.DELETE) == ()
    with pytest.raises(ValueError, match="given twice"):
        decide_shows([pluribus, pluribus], NOW, ViperConfig())


def test_d14_viper_is_pure_and_only_proposes_candidates() -> None:
    package = Path(tendarr.domain.viper.__file__).parent
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                top = name.split(".")[0]
                assert name.startswith("tendarr.domain") or top in sys.stdlib_module_names, (
                    f"{module.name} imports {name}"
                )


def test_d15_explicit_zeros_are_kept_and_bad_settings_refused() -> None:
    config = ViperConfig.from_mapping({"padding_episodes": 0, "episodes_behind": 0})
    steady = decide(show(episodes((30,)), [paced("v", keys((30,))[:5], NOW)]), config)

    assert config.padding_episodes == 0
    assert steady.bubbles[0].ahead == 10  # ceil(1 * 10) + 0, not + 3
    assert buffer_ahead(steady.bubbles[0].velocity, ViperConfig(padding_episodes=0)) == 10
    for bad in ({"days_buffer": -1}, {"padding_episodes": True}, {"smart_days": 3}):
        with pytest.raises(ValidationFailed):
            ViperConfig.from_mapping(bad)


def test_d16_the_active_window_is_a_setting() -> None:
    viewer = paced("v", keys(BREAKING_BAD)[:10], NOW - 10 * DAY)

    default = decide(show(episodes(BREAKING_BAD), [viewer]))
    week = decide(show(episodes(BREAKING_BAD), [viewer]), ViperConfig(active_viewer_days=7))

    assert default.bubbles[0].active
    assert not week.bubbles[0].active
    assert len(week.with_action(Action.DELETE)) == 10

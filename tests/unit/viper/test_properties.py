"""Property tests over generated households (hypothesis).

No episode inside an active viewer's bubble (or in progress for one) is ever deletable;
unknown data never deletes; a faster viewer never keeps fewer episodes ahead; every
deletion ahead of a viewer comes back in time; the order counts real episodes.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tendarr.domain.viper.bubble import buffer_ahead
from tendarr.domain.viper.config import ViperConfig
from tendarr.domain.viper.decide import decide_show
from tendarr.domain.viper.inputs import Completion, EpisodeState, InProgress, ShowInput, ViewerWatch
from tendarr.domain.viper.order import EpisodeKey, EpisodeOrder
from tendarr.domain.viper.outcome import Action, ShowDecision
from tendarr.domain.viper.velocity import VelocityClass, VelocityEstimate, estimate_velocity
from tests.unit.viper.builders import NOW, keys, paced

PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZERO = datetime(1970, 1, 1, tzinfo=UTC)

season_sizes = st.one_of(
    st.lists(st.integers(1, 25), min_size=1, max_size=5),
    st.tuples(st.integers(100, 130), st.integers(1, 5)).map(list),
)
# Paces between plays (hours): often near the sitting gap, where sittings split.
pace_hours = st.one_of(st.floats(0.25, 12), st.floats(1, 240))


def clear_of_the_sitting_gap(config: ViperConfig, *gaps: float) -> bool:
    """Return whether no pace is (to float rounding) exactly the sitting gap.

    Plays exactly one sitting gap apart chain or split by rounding, into sittings of mixed
    sizes whose mean over the median gap reads faster than the pace: an overestimate,
    which only keeps more, not a slower viewer outpacing a faster one.
    """
    return all(abs(gap - config.sitting_gap_hours) > 1e-3 for gap in gaps)


@st.composite
def configs(draw: st.DrawFn) -> ViperConfig:
    padding = draw(st.integers(0, 5))
    return ViperConfig(
        days_buffer=draw(st.floats(0, 20)),
        padding_episodes=padding,
        max_episodes_ahead=draw(st.integers(padding, 40)),
        unknown_velocity_buffer=draw(st.integers(0, 15)),
        min_velocity_samples=draw(st.integers(1, 6)),
        episodes_behind=draw(st.integers(0, 3)),
        active_viewer_days=draw(st.floats(1, 60)),
        sitting_gap_hours=draw(st.floats(0.25, 24)),
        velocity_sittings=draw(st.integers(2, 12)),
        redownload_lead_days=draw(st.floats(0, 10)),
        default_download_hours=draw(st.floats(0, 72)),
    )


@st.composite
def viewers(draw: st.DrawFn, all_keys: list[EpisodeKey], name: str) -> ViewerWatch:
    count = draw(st.integers(0, len(all_keys)))
    watched = draw(st.permutations(all_keys))[:count] if draw(st.booleans()) else all_keys[:count]
    every = timedelta(hours=draw(st.floats(0.5, 300)))
    last = NOW - timedelta(days=draw(st.one_of(st.floats(-0.5, 5), st.floats(0, 90))))
    watch = paced(name, watched, last, every)
    bad = draw(st.sampled_from([None, ZERO, NOW + timedelta(days=5), "keep"]))
    completions = tuple(
        c if bad == "keep" or draw(st.integers(0, 9)) else Completion(c.key, bad)  # type: ignore[arg-type]
        for c in watch.completions
    )
    started: tuple[InProgress, ...] = ()
    if draw(st.booleans()):
        started = (InProgress(draw(st.sampled_from(all_keys)), last),)
    return ViewerWatch(name, completions, started)


@st.composite
def shows(draw: st.DrawFn) -> ShowInput:
    sizes = draw(season_sizes)
    all_keys = keys(sizes)
    watch = tuple(draw(viewers(all_keys, f"v{n}")) for n in range(draw(st.integers(0, 4))))
    file_state = st.sampled_from([True] * 8 + [False, None])
    eps = [
        EpisodeState(k, has, unmonitored_by_tendarr=has is False and draw(st.booleans()))
        for k in all_keys
        for has in [draw(file_state)]
    ]
    if draw(st.booleans()):
        eps.append(EpisodeState(EpisodeKey(0, 1), True))
    rarely = st.integers(0, 9).map(lambda n: n == 0)  # unknowns one time in ten
    fields: dict[str, Any] = {
        "watch": None if draw(rarely) else watch,
        "playing": None if draw(rarely) else draw(st.frozensets(st.sampled_from(all_keys))),
        "redownloadable": None if draw(rarely) else draw(rarely.map(lambda r: not r)),
        "protected": None if draw(rarely) else draw(rarely),
        "protected_episodes": draw(st.frozensets(st.sampled_from(all_keys), max_size=3)),
        "download_time": draw(st.one_of(st.none(), st.timedeltas(timedelta(0), timedelta(days=9)))),
    }
    return ShowInput(tvdb_id=1, episodes=tuple(eps), **fields)


def ordinals_with(decision: ShowDecision, action: Action) -> set[int]:
    return {e.ordinal for e in decision.with_action(action) if e.ordinal is not None}


@PROPERTIES
@given(shows(), configs())
def test_nothing_in_an_active_bubble_or_in_progress_is_ever_deletable(
    show: ShowInput, config: ViperConfig
) -> None:
    decision = decide_show(show, NOW, config)
    deleted = ordinals_with(decision, Action.DELETE)

    for bubble in decision.bubbles:
        if bubble.active:
            assert not any(bubble.covers(n) for n in deleted)
            assert not deleted & set(bubble.in_progress)


@PROPERTIES
@given(shows(), configs())
def test_unknown_data_never_deletes(show: ShowInput, config: ViperConfig) -> None:
    decision = decide_show(show, NOW, config)
    deletions = decision.with_action(Action.DELETE)

    if show.watch is None or show.playing is None or show.protected is not False:
        assert deletions == ()
    files = {e.key: e.has_file for e in show.episodes}
    assert all(files[e.key] is True for e in deletions)
    if show.redownloadable is not True:
        assert all(e.redownload is None for e in deletions)  # nobody still needs them
    assert all(e.unmonitor for e in deletions)


@PROPERTIES
@given(shows(), configs())
def test_protected_playing_and_special_episodes_are_never_deletable(
    show: ShowInput, config: ViperConfig
) -> None:
    decision = decide_show(show, NOW, config)

    for entry in decision.with_action(Action.DELETE):
        assert entry.key not in show.protected_episodes
        assert show.playing is not None
        assert entry.key not in show.playing
        assert not entry.key.is_special


@PROPERTIES
@given(shows(), configs())
def test_every_deletion_ahead_of_a_viewer_is_back_before_they_need_it(
    show: ShowInput, config: ViperConfig
) -> None:
    decision = decide_show(show, NOW, config)
    download = show.download_time
    if download is None:
        download = timedelta(hours=config.default_download_hours)
    lead = timedelta(days=config.redownload_lead_days) + download

    for entry in decision.with_action(Action.DELETE):
        plan = entry.redownload
        if plan is None:
            continue
        assert plan.search_at > NOW
        assert abs((plan.need_at - plan.search_at) - lead) < timedelta(seconds=1)
        assert plan.need_at - NOW > timedelta(hours=config.emergency_hours)


@PROPERTIES
@given(
    st.floats(0.01, 30),
    st.floats(0.01, 30),
    st.integers(0, 8),
    configs(),
)
def test_a_faster_viewer_never_keeps_fewer_episodes_ahead(
    slow: float, fast: float, samples: int, config: ViperConfig
) -> None:
    slow, fast = sorted((slow, fast))
    kind = (
        VelocityClass.UNKNOWN
        if samples == 0
        else VelocityClass.MEASURED
        if samples >= config.min_velocity_samples
        else VelocityClass.ESTIMATED
    )

    def ahead(per_day: float) -> int:
        return buffer_ahead(VelocityEstimate(per_day, kind, samples, 1, 1.0), config)

    assert config.padding_episodes <= ahead(slow) <= ahead(fast) <= config.max_episodes_ahead


@st.composite
def positions(draw: st.DrawFn) -> tuple[list[int], int]:
    """Return season sizes and how many episodes a viewer has completed (often few)."""
    sizes = draw(season_sizes)
    total = sum(sizes)
    return sizes, draw(st.one_of(st.integers(1, min(total, 12)), st.integers(1, total)))


@PROPERTIES
@given(st.integers(1, 40), pace_hours, pace_hours, configs())
def test_plays_further_apart_never_read_as_a_faster_velocity(
    count: int, hours_a: float, hours_b: float, config: ViperConfig
) -> None:
    assume(clear_of_the_sitting_gap(config, hours_a, hours_b))
    slow_gap, fast_gap = sorted((hours_a, hours_b), reverse=True)

    def per_day(gap: float) -> float | None:
        return estimate_velocity([n * gap * 3600.0 for n in range(count)], config).per_day

    slow, fast = per_day(slow_gap), per_day(fast_gap)
    assert slow is not None
    assert fast is not None
    assert slow <= fast


def kept_at_each_pace(
    sizes: list[int], position: int, gaps: tuple[float, ...], config: ViperConfig
) -> list[set[int]]:
    """Return what one viewer, ``position`` episodes in, keeps at each pace (hours apart)."""
    all_keys = keys(sizes)
    kept = []
    for gap in gaps:
        watch = paced("v", all_keys[:position], NOW, timedelta(hours=gap))
        target = ShowInput(
            1, tuple(EpisodeState(k, True) for k in all_keys), (watch,), frozenset(), True
        )
        kept.append(ordinals_with(decide_show(target, NOW, config), Action.KEEP))
    return kept


def test_plays_an_hour_apart_keep_as_much_as_plays_four_hours_apart() -> None:
    zero_buffers = ViperConfig(
        days_buffer=0.0,
        padding_episodes=0,
        max_episodes_ahead=0,
        unknown_velocity_buffer=0,
        min_velocity_samples=1,
        episodes_behind=0,
        active_viewer_days=1.0,
    )
    for config in (zero_buffers, ViperConfig()):
        slow, fast = kept_at_each_pace([100, 1], 2, (4.0, 1.0), config)

        assert slow <= fast  # once 2..26 against 2..10: the binge read as 2 a day, not 6


@PROPERTIES
@given(positions(), pace_hours, pace_hours, configs())
@example(([7, 13, 13, 13, 16], 2), 1.0, 4.5, ViperConfig())
def test_a_faster_viewer_keeps_at_least_as_much_of_the_show(
    show: tuple[list[int], int], hours_a: float, hours_b: float, config: ViperConfig
) -> None:
    # A binger's sitting may hold more samples than the slower viewer's last
    # ``velocity_sittings`` sittings: then only the binger is "measured", and the untrusted
    # estimate of the slower one rightly keeps the larger unknown-velocity buffer.
    assume(config.velocity_sittings >= config.min_velocity_samples)
    assume(clear_of_the_sitting_gap(config, hours_a, hours_b))
    sizes, position = show
    slow, fast = kept_at_each_pace(
        sizes, position, tuple(sorted((hours_a, hours_b), reverse=True)), config
    )

    assert slow <= fast


@PROPERTIES
@given(shows(), configs(), st.randoms(use_true_random=False))
def test_decisions_do_not_depend_on_input_order(
    show: ShowInput, config: ViperConfig, rng: random.Random
) -> None:
    shuffled = list(show.episodes)
    rng.shuffle(shuffled)
    again = ShowInput(
        show.tvdb_id,
        tuple(shuffled),
        show.watch,
        show.playing,
        show.redownloadable,
        show.protected,
        show.protected_seasons,
        show.protected_episodes,
        show.grace_until,
        show.download_time,
    )

    assert decide_show(again, NOW, config).episodes == decide_show(show, NOW, config).episodes


@PROPERTIES
@given(season_sizes, st.data())
def test_ordinal_distance_is_the_number_of_episodes_between(
    sizes: list[int], data: st.DataObject
) -> None:
    all_keys = keys(sizes)
    order = EpisodeOrder(data.draw(st.permutations(all_keys)))
    a, b = (
        data.draw(st.integers(0, len(all_keys) - 1)),
        data.draw(st.integers(0, len(all_keys) - 1)),
    )

    assert order.distance(all_keys[a], all_keys[b]) == b - a
    assert order.key(a + 1) == all_keys[a]

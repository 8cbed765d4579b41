"""The slot planner: keyframes within the drift limit, seeks elsewhere, grouped runs."""

from __future__ import annotations

import pytest

from tendarr.domain.previews.slots import SeekGroup, SlotSource, plan_slots, slot_count

NTSC_FILM = 24000 / 1001
X264_DEFAULT_GOP = 250 / NTSC_FILM  # 10.427 s


def kinds(plan_text: str) -> list[SlotSource]:
    return [SlotSource.KEYFRAME if c == "K" else SlotSource.SEEK for c in plan_text]


@pytest.mark.parametrize(
    ("duration", "interval", "frame", "count"),
    [
        (0.0, 10, 0.0, 0),
        (0.03, 10, 1 / 24, 1),  # shorter than a frame: still one thumbnail
        (9.99, 10, 1 / 24, 1),
        (120.037, 10, 1 / NTSC_FILM, 12),  # last frame at 119.995 s: slots 0..110
        (120.0, 10, 0.0, 13),
        (120.05, 10, 0.04, 13),
        (3600.0, 1, 1 / 25, 3600),
    ],
)
def test_slot_count_stops_at_the_last_frame(
    duration: float, interval: int, frame: float, count: int
) -> None:
    assert slot_count(duration, interval, frame) == count


# Each case: keyframe times, duration, interval, max drift -> K(eyframe)/S(eek) per slot.
CASES = {
    "dense 2 s keyframes": ([2.0 * n for n in range(31)], 60.0, 10, 2.0, "KKKKKK"),
    "x264 default at 23.976 fps": (
        [n * X264_DEFAULT_GOP for n in range(12)], 120.037, 10, 2.0, "KKKKKSSSSSSS",
    ),
    "same with a looser drift": (
        [n * X264_DEFAULT_GOP for n in range(12)], 120.037, 10, 5.0, "KKKKKKKKKKKK",
    ),
    "drift 0 keeps only exact keyframes": ([0.0, 9.5, 20.0, 31.0], 40.0, 10, 0.0, "KSKS"),
    "a keyframe serves only the slot it is nearest to": (
        [0.0, 2.0, 4.0, 6.0], 7.0, 1, 2.0, "KSKSKSK",
    ),
    "keyframe after the slot counts too": ([0.0, 11.5, 19.2], 25.0, 10, 2.0, "KKK"),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_slot_sources(case: str) -> None:
    keyframes, duration, interval, drift, expected = CASES[case]
    plan = plan_slots(duration, interval, keyframes, drift, 1 / NTSC_FILM)
    assert [slot.source for slot in plan.slots] == kinds(expected)
    for slot in plan.keyframe_slots:
        assert abs(slot.planned_drift) <= drift + 1e-9
        assert slot.keyframe in keyframes
    shown = [slot.keyframe for slot in plan.keyframe_slots]
    assert len(shown) == len(set(shown)), "a keyframe was used for two thumbnails"


def test_x264_default_gop_seeks_decode_from_the_keyframe_before() -> None:
    keyframes = [n * X264_DEFAULT_GOP for n in range(12)]
    plan = plan_slots(120.037, 10, keyframes, 2.0, 1 / NTSC_FILM)
    assert plan.keyframes_known
    assert plan.seek_count == 7
    first = plan.groups[0]
    assert (first.first, first.last) == (5, 5)  # 50 s: the nearest keyframe is 2.14 s away
    assert first.decode_from == pytest.approx(4 * X264_DEFAULT_GOP)
    # every seek slot has a keyframe after the previous slot, so each is its own run
    assert [(g.first, g.last) for g in plan.groups] == [(i, i) for i in range(5, 12)]
    assert plan.decode_seconds < 0.5 * 120  # far less than decoding everything


def test_consecutive_seeks_without_a_keyframe_between_form_one_run() -> None:
    plan = plan_slots(62.0, 5, [0.0, 30.0, 60.0], 1.0)
    assert plan.groups == (
        SeekGroup(1, 5, 5.0, 25.0, 0.0),
        SeekGroup(7, 11, 35.0, 55.0, 30.0),
    )
    assert plan.keyframe_slots[1].index == 6


def test_unknown_keyframes_give_one_run_from_the_start() -> None:
    keyframes: list[float] | None
    for keyframes in (None, []):
        plan = plan_slots(95.0, 10, keyframes, 2.0)
        assert not plan.keyframes_known
        assert plan.groups == (SeekGroup(0, 9, 0.0, 90.0, None),)
        assert plan.decode_seconds == 89.0  # up to 90 s, less the 1 s seek lead


def test_negative_drift_is_refused() -> None:
    with pytest.raises(ValueError, match="drift"):
        plan_slots(10.0, 10, [0.0], -1.0)


@pytest.mark.parametrize(("drift", "lead"), [(2.0, 1.0), (5.0, 1.0), (0.5, 0.25), (0.0, 0.0)])
def test_seeks_may_stop_half_the_drift_early_at_most_one_second(drift: float, lead: float) -> None:
    plan = plan_slots(120.037, 10, [n * X264_DEFAULT_GOP for n in range(12)], drift)
    assert plan.seek_lead == lead
    assert plan.max_planned_drift <= drift
    if plan.groups:
        assert plan.max_planned_drift >= lead

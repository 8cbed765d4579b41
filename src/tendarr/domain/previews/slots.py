"""The slot planner: which thumbnails come from keyframes and which need a targeted seek.

Thumbnail slot *i* should show the picture at ``t = i x interval``. Decoding only
keyframes is fast, but with sparse keyframes (x264's default spacing at 23.976 fps is
10.43 s) the nearest keyframe can be far from ``t``. The rule:

* A keyframe stands in for the slot it is nearest to (so no keyframe serves two slots and
  no thumbnail repeats), when it lies within ``max_drift`` seconds of that slot's time.
* Every other slot is a *seek*: decode forward from the keyframe before ``t`` and take the
  first frame at or after ``t - seek_lead``, where ``seek_lead`` is half the allowed drift
  (at most 1 s): a seek never shows a picture more than that early, and each one decodes
  that much less.
* Consecutive seek slots with no keyframe between them form one group, decoded in one
  run: seeking again would restart from a keyframe the run has already passed.
* When the keyframe positions are unknown every slot is a seek and they form one group:
  one decode from the start, the always-correct fallback.
"""

from __future__ import annotations

import bisect
import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

_EPSILON = 1e-6
MAX_SEEK_LEAD_S = 1.0


class SlotSource(enum.StrEnum):
    """Where a slot's picture comes from."""

    KEYFRAME = "keyframe"
    SEEK = "seek"


@dataclass(frozen=True)
class Slot:
    """One thumbnail: its target time and how its picture is obtained."""

    index: int
    target: float
    source: SlotSource
    keyframe: float | None = None  # the keyframe shown, for KEYFRAME slots

    @property
    def planned_drift(self) -> float:
        """Return the planned picture time minus the target (0 for seeks)."""
        return 0.0 if self.keyframe is None else self.keyframe - self.target


@dataclass(frozen=True)
class SeekGroup:
    """Consecutive seek slots ``first..last`` decoded in one run."""

    first: int
    last: int
    start: float  # target time of the first slot
    end: float  # target time of the last slot
    decode_from: float | None  # the keyframe decoding starts at; None when unknown

    @property
    def slot_indexes(self) -> range:
        """Return the slot indexes this group produces."""
        return range(self.first, self.last + 1)

    @property
    def decode_seconds(self) -> float:
        """Return how many seconds of video the run decodes (from its keyframe to the end)."""
        return self.end - (self.decode_from if self.decode_from is not None else 0.0)


@dataclass(frozen=True)
class SlotPlan:
    """The decision for every slot of one video."""

    interval: float
    max_drift: float
    slots: tuple[Slot, ...]
    groups: tuple[SeekGroup, ...]
    keyframes_known: bool
    seek_lead: float = 0.0  # seeks take the first frame at or after target - seek_lead

    @property
    def count(self) -> int:
        """Return the number of thumbnails."""
        return len(self.slots)

    @property
    def keyframe_slots(self) -> tuple[Slot, ...]:
        """Return the slots shown from a keyframe, in order."""
        return tuple(slot for slot in self.slots if slot.source is SlotSource.KEYFRAME)

    @property
    def seek_count(self) -> int:
        """Return how many slots need a seek."""
        return sum(1 for slot in self.slots if slot.source is SlotSource.SEEK)

    @property
    def decode_seconds(self) -> float:
        """Return the seconds of video the seek groups decode (keyframes not counted)."""
        return sum(max(0.0, group.decode_seconds - self.seek_lead) for group in self.groups)

    @property
    def max_planned_drift(self) -> float:
        """Return the largest planned distance of a thumbnail from its slot time."""
        drift = max((abs(slot.planned_drift) for slot in self.slots), default=0.0)
        return max(drift, self.seek_lead) if self.groups else drift


def slot_count(duration: float, interval: float, frame_duration: float = 0.0) -> int:
    """Return how many slots fit: every ``i x interval`` up to the last frame's time."""
    if interval <= 0:
        raise ValueError("the interval must be positive")
    if duration <= 0:
        return 0
    last_frame = max(0.0, duration - max(0.0, frame_duration))
    return math.floor(last_frame / interval + _EPSILON) + 1


def plan_slots(
    duration: float,
    interval: float,
    keyframes: Sequence[float] | None,
    max_drift: float,
    frame_duration: float = 0.0,
) -> SlotPlan:
    """Plan every slot of a video ``duration`` seconds long.

    ``keyframes`` are keyframe times in seconds from the start of the video (any order);
    None or empty means unknown.
    """
    if max_drift < 0:
        raise ValueError("the maximum drift cannot be negative")
    count = slot_count(duration, interval, frame_duration)
    known = sorted(set(keyframes)) if keyframes else []
    chosen = _keyframe_per_slot(known, interval, count, max_drift)
    slots = tuple(
        Slot(i, i * interval, SlotSource.KEYFRAME, chosen[i])
        if i in chosen
        else Slot(i, i * interval, SlotSource.SEEK)
        for i in range(count)
    )
    return SlotPlan(
        interval,
        max_drift,
        slots,
        _seek_groups(slots, known),
        keyframes_known=bool(known),
        seek_lead=min(max_drift / 2, MAX_SEEK_LEAD_S),
    )


def _keyframe_per_slot(
    keyframes: Sequence[float], interval: float, count: int, max_drift: float
) -> dict[int, float]:
    """Map each slot to the nearest keyframe that is nearer to it than to any other slot."""
    best: dict[int, float] = {}
    for keyframe in keyframes:
        owner = math.floor(keyframe / interval + 0.5)
        if not 0 <= owner < count:
            continue
        distance = abs(keyframe - owner * interval)
        if distance > max_drift + _EPSILON:
            continue
        current = best.get(owner)
        if current is None or distance < abs(current - owner * interval):
            best[owner] = keyframe
    return best


def _seek_groups(slots: Sequence[Slot], keyframes: Sequence[float]) -> tuple[SeekGroup, ...]:
    groups: list[SeekGroup] = []
    previous: Slot | None = None
    for slot in slots:
        if slot.source is not SlotSource.SEEK:
            previous = None
            continue
        decode_from = _keyframe_at_or_before(keyframes, slot.target)
        if previous is not None and (
            decode_from is None or decode_from <= previous.target + _EPSILON
        ):
            run = groups[-1]
            groups[-1] = SeekGroup(run.first, slot.index, run.start, slot.target, run.decode_from)
        else:
            groups.append(SeekGroup(slot.index, slot.index, slot.target, slot.target, decode_from))
        previous = slot
    return tuple(groups)


def _keyframe_at_or_before(keyframes: Sequence[float], time: float) -> float | None:
    position = bisect.bisect_right(keyframes, time + _EPSILON)
    return keyframes[position - 1] if position else None

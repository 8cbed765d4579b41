"""Map the JPEGs an extraction wrote back to their slots, and check none is missing."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from tendarr.domain.previews.plans import FrameVariant
from tendarr.domain.previews.slots import SeekGroup, SlotPlan
from tendarr.ports.previews import ExtractionIncomplete

_LOG_LINE = re.compile(r"^frame:(\d+)\s+pts:\S+\s+pts_time:(\S+)", re.MULTILINE)


def keyframe_times(log: Path) -> dict[int, int]:
    """Return output number → time in ms from the keyframe pass's ``metadata`` log."""
    if not log.exists():
        return {}
    times: dict[int, int] = {}
    for match in _LOG_LINE.finditer(log.read_text(errors="replace")):
        times[int(match.group(1))] = round(float(match.group(2)) * 1000)
    return times


def _slot_by_ms(plan: SlotPlan) -> dict[int, int]:
    return {round((slot.keyframe or 0.0) * 1000): slot.index for slot in plan.keyframe_slots}


def _keyframe_slot(by_ms: Mapping[int, int], stamp: int) -> int | None:
    return next((by_ms[ms] for ms in (stamp, stamp - 1, stamp + 1) if ms in by_ms), None)


def lost_keyframes(
    plan: SlotPlan, logged: Mapping[int, int], directory: Path
) -> tuple[SeekGroup, ...]:
    """Return one-slot seek groups for the chosen keyframes the keyframe pass did not write."""
    by_ms = _slot_by_ms(plan)
    written = {int(Path(entry.name).stem) for entry in os.scandir(directory)}
    got = {_keyframe_slot(by_ms, ms) for number, ms in logged.items() if number in written}
    return tuple(
        SeekGroup(slot.index, slot.index, slot.target, slot.target, None)
        for slot in plan.keyframe_slots
        if slot.index not in got
    )


def collect(
    plan: SlotPlan,
    variants: tuple[FrameVariant, ...],
    key_dirs: Mapping[FrameVariant, Path],
    seek_dirs: Mapping[FrameVariant, Path],
    logged: Mapping[int, int],
) -> dict[FrameVariant, tuple[Path, ...]]:
    """Map every written JPEG to its slot and check that no slot is missing."""
    by_ms = _slot_by_ms(plan)
    result: dict[FrameVariant, tuple[Path, ...]] = {}
    for variant in variants:
        found: dict[int, Path] = {}
        for entry in os.scandir(key_dirs[variant]):
            stamp = logged.get(int(Path(entry.name).stem))
            if stamp is None:
                continue
            slot = _keyframe_slot(by_ms, stamp)
            if slot is not None and slot not in found:
                found[slot] = Path(entry.path)
        for entry in os.scandir(seek_dirs[variant]):
            found[int(Path(entry.name).stem)] = Path(entry.path)
        missing = [slot for slot in range(plan.count) if slot not in found]
        # The last slot may fall after the final decodable frame: drop it, nothing else.
        if missing == [plan.count - 1]:
            missing = []
        if missing:
            raise ExtractionIncomplete(
                f"no picture for {len(missing)} of {plan.count} thumbnails "
                f"(first at {missing[0] * plan.interval:g} s)",
                missing,
            )
        count = plan.count if (plan.count - 1) in found else plan.count - 1
        result[variant] = tuple(found[slot] for slot in range(count))
    counts = {len(paths) for paths in result.values()}
    if len(counts) > 1:
        raise ExtractionIncomplete("frame variants disagree on the thumbnail count", [])
    return result

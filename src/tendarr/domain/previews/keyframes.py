"""A video stream's keyframes: their times, and where the demuxer meets them."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass


@dataclass(frozen=True)
class KeyframeIndex:
    """Keyframe times in seconds from the start, sorted; with packet numbers when known.

    ``packets[i]`` is the number of keyframe *i*'s packet among all packets of its stream
    in demux order, which lets an extractor pass exactly those packets to the decoder.
    """

    times: tuple[float, ...]
    packets: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.packets and len(self.packets) != len(self.times):
            raise ValueError("one packet number per keyframe time")

    def packet_of(self, time: float, tolerance: float = 0.0005) -> int | None:
        """Return the packet number of the keyframe at ``time``, if known."""
        if not self.packets:
            return None
        position = bisect_left(self.times, time - tolerance)
        if position < len(self.times) and abs(self.times[position] - time) <= tolerance:
            return self.packets[position]
        return None

"""Keyframe index by a packet scan: reads every packet header, decodes nothing.

``ffprobe -show_entries packet=pts_time,flags`` was measured faster than decoding keyframes
(``-skip_frame nokey -show_entries frame=pts_time``) on every clip of ``bench/previews.py``;
see docs/benchmarks.md.
"""

from __future__ import annotations

from pathlib import Path

from tendarr.domain.previews.keyframes import KeyframeIndex
from tendarr.domain.previews.source import VideoProbe
from tendarr.integrations.ffmpeg.probe import media_url
from tendarr.integrations.ffmpeg.process import run_watched
from tendarr.integrations.ffmpeg.tools import FfmpegTools


def parse_packet_scan(text: str, start_time: float) -> KeyframeIndex:
    """Return keyframes (times relative to ``start_time``, packet numbers) from the CSV.

    Each line is one packet of the stream, ``pts_time,flags``, in demux order.
    """
    found: dict[float, int] = {}
    for number, line in enumerate(text.splitlines()):
        pts, _, flags = line.partition(",")
        if "K" not in flags:
            continue
        try:
            time = round(float(pts) - start_time, 6)
        except ValueError:
            continue  # N/A: a keyframe without a timestamp cannot be targeted
        found.setdefault(time, number)
    times = tuple(sorted(found))
    return KeyframeIndex(times, tuple(found[time] for time in times))


class PacketScanIndexer:
    """The KeyframeIndexer port over an ffprobe packet scan of the main video stream."""

    def __init__(self, tools: FfmpegTools, stall_timeout: float = 60.0) -> None:
        self._tools = tools
        self._stall_timeout = stall_timeout

    def keyframes(self, path: Path, video: VideoProbe) -> KeyframeIndex | None:
        """Return the keyframes, or None when the scan fails or finds none."""
        argv = [self._tools.ffprobe, "-v", "error", "-select_streams", str(video.stream_index)]
        argv += ["-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", media_url(path)]
        result = run_watched(argv, stall_timeout=self._stall_timeout, capture_stdout=True)
        if result.returncode != 0:
            return None
        index = parse_packet_scan(result.stdout.decode(errors="replace"), video.start_time)
        return index if index.times else None

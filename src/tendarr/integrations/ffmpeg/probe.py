"""ffprobe: the main video stream, its timing, colour description and Dolby Vision record."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from tendarr.domain.previews.source import VideoProbe
from tendarr.integrations.ffmpeg.process import run_watched
from tendarr.integrations.ffmpeg.tools import FfmpegTools
from tendarr.ports.previews import SourceUnusable

_DEPTH = re.compile(r"p(\d+)(?:le|be)$")
_DOVI = "DOVI configuration record"


def media_url(path: Path) -> str:
    """Return an FFmpeg input URL that never reads a colon in the name as a protocol."""
    return f"file:{path.resolve()}"


def _rational(text: object) -> Fraction | None:
    if not isinstance(text, str):
        return None
    num, _, den = text.replace(":", "/").partition("/")
    try:
        value = Fraction(int(num), int(den or 1))
    except (ValueError, ZeroDivisionError):
        return None
    return value if value > 0 else None


def _float(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN


def _bit_depth(stream: dict[str, Any]) -> int | None:
    raw = stream.get("bits_per_raw_sample")
    if isinstance(raw, str) and raw.isdigit():
        return int(raw)
    match = _DEPTH.search(str(stream.get("pix_fmt", "")))
    return int(match.group(1)) if match else (8 if stream.get("pix_fmt") else None)


def _main_video(streams: list[dict[str, Any]]) -> dict[str, Any] | None:
    videos = [
        stream
        for stream in streams
        if stream.get("codec_type") == "video"
        and not stream.get("disposition", {}).get("attached_pic")
    ]
    if not videos:
        return None
    return next((s for s in videos if s.get("disposition", {}).get("default")), videos[0])


def parse_probe(document: dict[str, Any]) -> VideoProbe:
    """Turn ffprobe's JSON (``-show_format -show_streams``) into a VideoProbe."""
    stream = _main_video(document.get("streams", []))
    if stream is None:
        raise SourceUnusable("no video stream (audio-only or cover art only)")
    fmt = document.get("format", {})
    width, height = int(stream.get("width") or 0), int(stream.get("height") or 0)
    if width < 1 or height < 1:
        raise SourceUnusable(f"the video stream ({stream.get('codec_name')}) has no picture size")
    duration = _float(stream.get("duration")) or _float(fmt.get("duration"))
    if not duration or duration <= 0:
        raise SourceUnusable("the file does not say how long it is (truncated or corrupt?)")
    rate = _rational(stream.get("avg_frame_rate")) or _rational(stream.get("r_frame_rate"))
    aspect = _rational(stream.get("sample_aspect_ratio"))
    dovi: dict[str, Any] = next(
        (side for side in stream.get("side_data_list", []) if side.get("side_data_type") == _DOVI),
        {},
    )
    return VideoProbe(
        stream_index=int(stream.get("index", 0)),
        codec=str(stream.get("codec_name") or "unknown"),
        width=width,
        height=height,
        duration=duration,
        start_time=_float(fmt.get("start_time")) or 0.0,
        frame_rate=float(rate) if rate and rate < 1000 else None,
        sample_aspect=float(aspect) if aspect else 1.0,
        pixel_format=stream.get("pix_fmt"),
        bit_depth=_bit_depth(stream),
        profile=stream.get("profile"),
        color_transfer=stream.get("color_transfer"),
        color_primaries=stream.get("color_primaries"),
        color_space=stream.get("color_space"),
        dv_profile=dovi.get("dv_profile"),
        dv_bl_compat_id=dovi.get("dv_bl_signal_compatibility_id"),
    )


class FfprobeProber:
    """The VideoProber port over ``ffprobe -show_format -show_streams``."""

    def __init__(self, tools: FfmpegTools, stall_timeout: float = 60.0) -> None:
        self._tools = tools
        self._stall_timeout = stall_timeout

    def probe(self, path: Path) -> VideoProbe:
        """Return the main video stream of ``path``; raise SourceUnusable when unusable."""
        argv = [self._tools.ffprobe, "-v", "error", "-print_format", "json"]
        argv += ["-show_format", "-show_streams", media_url(path)]
        result = run_watched(argv, stall_timeout=self._stall_timeout, capture_stdout=True)
        if result.returncode != 0:
            reason = result.error_line.removeprefix(f"{media_url(path)}: ")
            raise SourceUnusable(f"cannot read the file: {reason or 'ffprobe failed'}")
        try:
            document = json.loads(result.stdout)
        except json.JSONDecodeError as err:
            raise SourceUnusable("ffprobe returned unreadable output") from err
        return parse_probe(document)

"""Small synthetic videos whose pictures say what time they show, and ways to read them.

The top quarter of every frame is a 16-bar barcode of the frame number (bar *b* white when
bit *b* is set), drawn at low resolution by ``geq`` and scaled up, over ``testsrc2``.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tendarr.domain.previews.jpeg import jpeg_size

WIDTH, HEIGHT, BAR_HEIGHT = 320, 180, 46
_BAR = (
    "[1:v]format=yuv420p,geq=lum='if(mod(floor(N/pow(2\\,X))\\,2)\\,235\\,16)':cb=128:cr=128,"
    f"scale={WIDTH}:{BAR_HEIGHT}:flags=neighbor,setsar=1[bar];[bar][0:v]vstack,setsar=1"
)
HDR10_X265 = (
    "log-level=error:hdr10=1:colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc:"
    "master-display=G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,1):"
    "max-cll=1000,400"
)


def make_clip(
    target: Path,
    seconds: float,
    rate: str,
    encode: Sequence[str],
    pix_fmt: str = "yuv420p",
    picture_filter: str = "",
) -> Path:
    """Encode a barcode clip to ``target`` (``picture_filter`` applies to the picture part)."""
    picture = f"testsrc2=size={WIDTH}x{HEIGHT - BAR_HEIGHT}:rate={rate}:duration={seconds}"
    picture += f",{picture_filter}" if picture_filter else ""
    bars = f"color=c=black:size=16x2:rate={rate}:duration={seconds}"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", picture, "-f", "lavfi", "-i", bars,
         "-filter_complex", f"{_BAR},format={pix_fmt}[v]", "-map", "[v]", *encode, str(target)],
        check=True, timeout=120,
    )  # fmt: skip
    return target


def gray_frames(jpegs: Sequence[bytes]) -> list[tuple[int, int, bytes]]:
    """Decode same-size JPEGs with one FFmpeg run; return (width, height, 8-bit luma) each."""
    sizes = {jpeg_size(data) for data in jpegs}
    if len(sizes) != 1:
        return [frame for data in jpegs for frame in gray_frames([data])]
    width, height = sizes.pop()
    with tempfile.TemporaryDirectory() as tmp:
        for number, data in enumerate(jpegs):
            (Path(tmp) / f"{number:06d}.jpg").write_bytes(data)
        raw = subprocess.run(
            ["ffmpeg", "-v", "error", "-start_number", "0", "-i", str(Path(tmp) / "%06d.jpg"),
             "-f", "rawvideo", "-pix_fmt", "gray", "-"],
            capture_output=True, check=True, timeout=60,
        ).stdout  # fmt: skip
    frame = width * height
    assert len(raw) == frame * len(jpegs), "a JPEG did not decode to a full picture"
    return [(width, height, raw[n * frame : (n + 1) * frame]) for n in range(len(jpegs))]


def frame_numbers(jpegs: Sequence[bytes]) -> list[int]:
    """Return the frame number each thumbnail's barcode shows."""
    numbers = []
    for width, height, raw in gray_frames(jpegs):
        row = round(height * BAR_HEIGHT / HEIGHT / 2)
        numbers.append(
            sum(
                1 << bit
                for bit in range(16)
                if raw[row * width + int((bit + 0.5) * width / 16)] > 128
            )
        )
    return numbers


@dataclass(frozen=True)
class LumaStats:
    """Luma of the pictures below the barcode: 5th percentile, mean, 95th percentile."""

    low: int
    mean: float
    high: int

    @property
    def spread(self) -> int:
        """Return the contrast: the 5-95 % luma range."""
        return self.high - self.low


def luma_stats(jpegs: Sequence[bytes]) -> LumaStats:
    """Return the luma statistics of every picture together."""
    values: list[int] = []
    for width, height, raw in gray_frames(jpegs):
        values.extend(raw[(round(height * BAR_HEIGHT / HEIGHT) + 2) * width :])
    values.sort()
    return LumaStats(
        values[len(values) // 20], sum(values) / len(values), values[len(values) * 19 // 20]
    )


def plain_thumbnails(source: Path, seconds: Sequence[float]) -> list[bytes]:
    """Return thumbnails scaled straight from ``source`` (no tone mapping), as JPEG bytes."""
    frames = []
    for second in seconds:
        frames.append(
            subprocess.run(
                ["ffmpeg", "-v", "error", "-ss", str(second), "-i", str(source), "-frames:v", "1",
                 "-vf", "scale=320:-2,format=yuv420p", "-f", "mjpeg", "-"],
                capture_output=True, check=True, timeout=30,
            ).stdout
        )  # fmt: skip
    return frames

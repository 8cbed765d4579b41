"""Write small real video files for a World's library, so previews run on real media.

Each distinct encode (codec, bit depth, resolution class, dynamic range, keyframe spacing,
container) is rendered once with FFmpeg (a few seconds of a moving test pattern with a
tone), then copied to every library path that uses it. The files are real and decodable;
what they cannot carry is stated plainly:

- Dolby Vision: no RPU is synthesised (FFmpeg cannot author one), so DV files are HEVC
  10-bit HDR10 streams — the base layer profiles 7/8 carry; profile 5 has no such base.
- Durations are a few seconds, not the World's runtime.
- Audio is one AAC stereo tone whatever the World says (previews and video conversion do
  not depend on it; FFmpeg's TrueHD and DTS encoders are experimental).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tendarr.sim.model import MediaFile
from tendarr.sim.world import World

DEFAULT_SECONDS = 6
_HDR_X265 = (
    "colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc:hdr10=1:"
    "master-display=G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,1):"
    "max-cll=1000,400"
)
_HLG_X265 = "colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc"


class FFmpegMissing(RuntimeError):
    """FFmpeg is not installed."""


@dataclass(frozen=True)
class Encode:
    """What decides how a sample file is rendered."""

    codec: str
    bit_depth: int
    height: int
    dynamic_range: str
    keyframe_interval_s: float
    frame_rate: float
    container: str

    @classmethod
    def of(cls, file: MediaFile) -> Encode:
        """Return the encode a World file calls for (heights above 1080 shrink to 720)."""
        return cls(
            codec=file.video.codec,
            bit_depth=file.video.bit_depth,
            height=360 if file.video.height <= 720 else 480,
            dynamic_range=file.video.dynamic_range,
            keyframe_interval_s=file.video.keyframe_interval_s,
            frame_rate=round(file.video.frame_rate, 3),
            container=file.container,
        )


def ffmpeg_command(encode: Encode, seconds: int, output: Path) -> list[str]:
    """Return the FFmpeg command that renders ``encode`` to ``output``."""
    width = encode.height * 16 // 9 // 2 * 2  # 4:2:0 needs even dimensions
    gop = max(1, round(encode.keyframe_interval_s * encode.frame_rate))
    source = f"testsrc2=size={width}x{encode.height}:rate={encode.frame_rate}:duration={seconds}"
    cmd = [
        "ffmpeg",
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        source,
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=440:duration={seconds}",
    ]
    ten_bit = encode.bit_depth >= 10
    if encode.codec == "h264":
        cmd += [
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-g",
            str(gop),
            "-keyint_min",
            str(gop),
            "-sc_threshold",
            "0",
        ]
    elif encode.codec == "hevc":
        params = [f"keyint={gop}", f"min-keyint={gop}", "scenecut=0", "log-level=error"]
        if encode.dynamic_range in {"HDR10", "HDR10+", "DV"}:
            params.append(_HDR_X265)
        elif encode.dynamic_range == "HLG":
            params.append(_HLG_X265)
        cmd += [
            "-c:v",
            "libx265",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p10le" if ten_bit else "yuv420p",
            "-x265-params",
            ":".join(params),
            "-tag:v",
            "hvc1",
        ]
    elif encode.codec == "av1":
        cmd += [
            "-c:v",
            "libsvtav1",
            "-preset",
            "12",
            "-g",
            str(gop),
            "-pix_fmt",
            "yuv420p10le" if ten_bit else "yuv420p",
        ]
    else:
        raise ValueError(f"no encoder for {encode.codec}")
    cmd += ["-c:a", "aac", "-b:a", "96k", "-ac", "2", "-shortest", str(output)]
    return cmd


def write_media(
    world: World,
    media_dir: Path,
    seconds: int = DEFAULT_SECONDS,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write every library file of ``world`` under ``media_dir``; return how many."""
    if shutil.which("ffmpeg") is None:
        raise FFmpegMissing("ffmpeg is not installed (apt-get install ffmpeg)")
    files = [m.file for m in world.movies if m.file] + [
        e.file for e in world.episode_by_id.values() if e.file
    ]
    samples_dir = media_dir / ".samples"
    samples_dir.mkdir(parents=True, exist_ok=True)
    samples: dict[Encode, Path] = {}
    for done, file in enumerate(files, start=1):
        encode = Encode.of(file)
        sample = samples.get(encode)
        if sample is None:
            sample = samples_dir / f"sample-{len(samples):03d}.{encode.container}"
            subprocess.run(  # noqa: S603
                ffmpeg_command(encode, seconds, sample),
                check=True,
                env={**os.environ, "SVT_LOG": "1"},  # SVT-AV1 prints its banner otherwise
            )
            samples[encode] = sample
        target = media_dir / file.path.removeprefix("/media/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            try:
                target.hardlink_to(sample)
            except OSError:
                shutil.copyfile(sample, target)
        if progress is not None:
            progress(done, len(files))
    return len(files)

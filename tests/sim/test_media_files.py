"""Real video files for a World, probed with ffprobe."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.media_files import Encode, ffmpeg_command, write_media

pytestmark = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="ffmpeg/ffprobe are not installed (apt-get install ffmpeg)",
)


def probe(path: Path) -> dict[str, object]:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=codec_name,pix_fmt,color_transfer",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    stream: dict[str, object] = json.loads(out)["streams"][0]
    return stream


def keyframe_times(path: Path) -> list[float]:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-skip_frame",
            "nokey",
            "-show_entries",
            "frame=pts_time",
            "-of",
            "csv=p=0",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [float(line.strip(",")) for line in out.split() if line.strip(",")]


def test_every_library_file_is_written_in_the_codec_the_world_describes(tmp_path: Path) -> None:
    world = generate_world(WorldConfig(seed=5, movies=10, shows=1, users=2))
    written = write_media(world, tmp_path, seconds=2)
    files = [m.file for m in world.movies if m.file] + [
        e.file for e in world.episode_by_id.values() if e.file
    ]
    assert written == len(files)
    for file in files:
        path = tmp_path / file.path.removeprefix("/media/")
        assert path.is_file(), path
        stream = probe(path)
        assert stream["codec_name"] == file.video.codec
        assert stream["pix_fmt"] == ("yuv420p10le" if file.video.bit_depth == 10 else "yuv420p")
        if file.video.dynamic_range in {"HDR10", "HDR10+", "DV"}:
            assert stream["color_transfer"] == "smpte2084"
        if file.video.dynamic_range == "HLG":
            assert stream["color_transfer"] == "arib-std-b67"


def test_sparse_keyframes_are_really_sparse(tmp_path: Path) -> None:
    world = generate_world(WorldConfig(seed=5, movies=40, shows=0, users=2))
    sparse = next(
        m
        for m in world.movies
        if m.file and m.file.video.keyframe_interval_s > 10 and m.file.video.codec == "h264"
    )
    assert sparse.file is not None
    sample = tmp_path / "sparse.mkv"
    subprocess.run(ffmpeg_command(Encode.of(sparse.file), 12, sample), check=True)
    times = keyframe_times(sample)
    assert times[0] == pytest.approx(0, abs=0.1)
    assert len(times) == 2  # at 0 s and ~10.4 s in a 12 s file
    assert times[1] == pytest.approx(10.43, abs=0.1)

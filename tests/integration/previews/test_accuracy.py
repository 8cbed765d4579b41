"""Real FFmpeg: every thumbnail shows the picture within the drift limit of its slot."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tendarr.domain.previews.bif import decode_bif
from tendarr.domain.previews.outcome import OutcomeStatus
from tendarr.domain.previews.settings import PreviewSettings
from tendarr.domain.previews.slots import plan_slots
from tendarr.domain.previews.trickplay import TileGrid
from tendarr.integrations.ffmpeg.keyframes import PacketScanIndexer
from tendarr.integrations.ffmpeg.probe import FfprobeProber
from tendarr.integrations.ffmpeg.sheets import count_filled_tiles
from tendarr.integrations.ffmpeg.tools import FfmpegTools
from tendarr.services.generate_previews import PreviewGenerator
from tests.integration.previews.conftest import Clips, full_request
from tests.integration.previews.media import frame_numbers, gray_frames

NTSC_FPS = 24000 / 1001
FRAME_SLACK_S = 0.2  # a seek shows the first decoded frame at/after the slot


def drifts(frames: tuple[bytes, ...], fps: float, interval: int) -> list[float]:
    return [number / fps - i * interval for i, number in enumerate(frame_numbers(frames))]


def test_sparse_keyframes_plan_mixes_keyframes_and_seeks(clips: Clips, tools: FfmpegTools) -> None:
    """The x264 default spacing (10.43 s) defeats keyframe-only extraction."""
    video = FfprobeProber(tools).probe(clips.sparse)
    keyframes = PacketScanIndexer(tools).keyframes(clips.sparse, video)
    assert keyframes is not None
    assert max(b - a for a, b in itertools.pairwise(keyframes.times)) > 10.4
    plan = plan_slots(video.duration, 10, keyframes.times, 2.0, video.frame_duration)
    assert plan.count == 9
    assert 0 < len(plan.keyframe_slots) < plan.count
    assert plan.seek_count >= 3


def test_sparse_clip_bif_and_trickplay_show_the_right_moments(
    clips: Clips, generator: PreviewGenerator, tools: FfmpegTools, tmp_path: Path
) -> None:
    request = full_request(clips.sparse, tmp_path)
    outcome = generator.generate(request)
    assert outcome.status is OutcomeStatus.GENERATED, outcome.reason
    bif = decode_bif(request.bifs[0].path.read_bytes())
    assert bif.count == 9
    assert bif.separation_ms == 10_000
    assert bif.timestamps == tuple(range(9))
    for error in drifts(bif.frames, NTSC_FPS, 10):
        assert -2.0 <= error <= 2.0 + FRAME_SLACK_S
    sizes = {(w, h) for w, h, _ in gray_frames(bif.frames)}
    assert sizes == {(320, 180)}

    sheets = request.trickplay[0].directory
    assert sorted(p.name for p in sheets.iterdir()) == ["0.jpg"]
    assert gray_frames([(sheets / "0.jpg").read_bytes()])[0][:2] == (3200, 1800)
    assert count_filled_tiles(tools, sheets / "0.jpg", TileGrid()) == 9


def test_tiles_hold_the_same_pictures_as_the_bif(
    clips: Clips, generator: PreviewGenerator, tmp_path: Path
) -> None:
    request = full_request(clips.dense, tmp_path, PreviewSettings(interval_s=4))
    assert generator.generate(request).status is OutcomeStatus.GENERATED
    bif = decode_bif(request.bifs[0].path.read_bytes())
    assert bif.count == 15
    sheet = (request.trickplay[0].directory / "0.jpg").read_bytes()
    width, height, raw = gray_frames([sheet])[0]
    tiles = []
    for index in (0, 7, 14):
        column, row = index % 10, index // 10
        bar_row = row * 180 + 11
        tiles.append(
            sum(
                1 << bit
                for bit in range(16)
                if raw[bar_row * width + column * 320 + int((bit + 0.5) * 20)] > 128
            )
        )
    numbers = frame_numbers(bif.frames)
    assert tiles == [numbers[0], numbers[7], numbers[14]]
    assert height == 1800


def test_dense_keyframes_are_exact(
    clips: Clips, generator: PreviewGenerator, tmp_path: Path
) -> None:
    request = full_request(clips.dense, tmp_path)
    outcome = generator.generate(request)
    assert outcome.max_drift_s == 0.0
    bif = decode_bif(request.bifs[0].path.read_bytes())
    assert [round(error, 3) for error in drifts(bif.frames, 24.0, 10)] == [0.0] * 6


@pytest.mark.parametrize(("interval", "drift"), [(7, 0.5), (3, 2.0)])
def test_tighter_drift_and_other_intervals_hold(
    clips: Clips, generator: PreviewGenerator, tmp_path: Path, interval: int, drift: float
) -> None:
    request = full_request(
        clips.sparse, tmp_path, PreviewSettings(interval_s=interval, max_drift_s=drift)
    )
    assert generator.generate(request).status is OutcomeStatus.GENERATED
    bif = decode_bif(request.bifs[0].path.read_bytes())
    assert bif.count == len(range(0, 90, interval))
    for error in drifts(bif.frames, NTSC_FPS, interval):
        assert -drift <= error <= drift + FRAME_SLACK_S


def test_open_gop_keyframes_that_fail_alone_are_sought_instead(
    clips: Clips, generator: PreviewGenerator, tmp_path: Path
) -> None:
    request = full_request(clips.open_gop, tmp_path)
    outcome = generator.generate(request)
    assert outcome.status is OutcomeStatus.GENERATED, outcome.reason
    bif = decode_bif(request.bifs[0].path.read_bytes())
    assert bif.count == 6
    for error in drifts(bif.frames, 24.0, 10):
        assert -2.0 <= error <= 2.0 + FRAME_SLACK_S

"""Real FFmpeg: HDR10 sources are tone-mapped, not washed out, with or without zscale."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tendarr.domain.previews.bif import decode_bif
from tendarr.domain.previews.outcome import OutcomeStatus
from tendarr.domain.previews.plans import FrameVariant
from tendarr.domain.previews.settings import TonemapAlgorithm
from tendarr.domain.previews.slots import plan_slots
from tendarr.domain.previews.source import ToneRoute
from tendarr.integrations.ffmpeg.extract import FfmpegFrameExtractor
from tendarr.integrations.ffmpeg.filters import ChainKind
from tendarr.integrations.ffmpeg.probe import FfprobeProber
from tendarr.integrations.ffmpeg.tools import FfmpegCapabilities, FfmpegTools
from tendarr.ports.previews import ExtractionJob
from tendarr.services.generate_previews import PreviewGenerator
from tests.integration.previews.conftest import Clips, full_request, make_engine
from tests.integration.previews.media import frame_numbers, luma_stats, plain_thumbnails


def hdr_bif(generator: PreviewGenerator, clips: Clips, out: Path) -> tuple[bytes, ...]:
    request = full_request(clips.hdr, out)
    outcome = generator.generate(request)
    assert outcome.status is OutcomeStatus.GENERATED, outcome.reason
    return decode_bif(request.bifs[0].path.read_bytes()).frames


def test_hdr10_is_routed_to_the_zscale_tonemap_chain(
    clips: Clips, tools: FfmpegTools, capabilities: FfmpegCapabilities
) -> None:
    video = FfprobeProber(tools).probe(clips.hdr)
    assert video.tone_route is ToneRoute.PQ
    assert video.bit_depth == 10
    job = ExtractionJob(
        clips.hdr, video, plan_slots(video.duration, 10, None, 2.0),
        (FrameVariant(320, 4),), TonemapAlgorithm.HABLE,
    )  # fmt: skip
    assert capabilities.zscale
    assert FfmpegFrameExtractor(tools, capabilities).chain_for(job).kind is ChainKind.ZSCALE_TONEMAP


def test_tonemapped_thumbnails_are_not_washed_out(
    clips: Clips, generator: PreviewGenerator, tmp_path: Path
) -> None:
    frames = hdr_bif(generator, clips, tmp_path)
    assert len(frames) == 3
    for slot, number in enumerate(frame_numbers(frames)):
        assert abs(number / 24 - slot * 10) <= 2.0
    washed = luma_stats(plain_thumbnails(clips.hdr, [0, 10, 20]))
    mapped = luma_stats(frames)
    assert 30 < mapped.mean < washed.mean  # a sane level, below the grey washed-out one
    assert mapped.low <= washed.low - 10  # blacks are black again
    assert mapped.spread >= 1.15 * washed.spread  # contrast restored


def test_without_zscale_the_lut_fallback_still_tonemaps(
    clips: Clips,
    tools: FfmpegTools,
    capabilities: FfmpegCapabilities,
    tmp_path: Path,
) -> None:
    no_zimg = replace(capabilities, filters=capabilities.filters - {"zscale"})
    engine = make_engine(tools, no_zimg)
    frames = hdr_bif(PreviewGenerator(engine), clips, tmp_path)
    washed = luma_stats(plain_thumbnails(clips.hdr, [0, 10, 20]))
    mapped = luma_stats(frames)
    assert 30 < mapped.mean < 1.1 * washed.mean
    assert mapped.low <= washed.low - 10
    assert mapped.spread >= 1.15 * washed.spread

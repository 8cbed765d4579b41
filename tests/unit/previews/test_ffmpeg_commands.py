"""FFmpeg command construction: passes, picture chains, GPU flags (no FFmpeg needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tendarr.domain.previews.hardware import GpuDevice, GpuKind
from tendarr.domain.previews.plans import FrameVariant
from tendarr.domain.previews.settings import TonemapAlgorithm
from tendarr.domain.previews.slots import plan_slots
from tendarr.domain.previews.source import ToneRoute
from tendarr.integrations.ffmpeg.commands import hw_input_args, keyframe_pass, seek_pass
from tendarr.integrations.ffmpeg.filters import ChainKind, lut_tonemap_expression, picture_chain

CUDA = GpuDevice(GpuKind.CUDA, "1", "NVIDIA RTX")
VAAPI = GpuDevice(GpuKind.VAAPI, "/dev/dri/renderD128", "Intel")
QSV = GpuDevice(GpuKind.QSV, "/dev/dri/renderD129", "Intel")
V320 = FrameVariant(320, 4)
V480 = FrameVariant(480, 2)
SIZES = {V480: (480, 270), V320: (320, 180)}
DIRS = {V480: Path("/w/480"), V320: Path("/w/320")}
PLAN = plan_slots(120.0, 10, [0.0, 10.43, 20.86, 31.29, 41.72, 52.15, 62.58], 2.0, 1 / 24)


def flag(argv: tuple[str, ...], name: str) -> list[str]:
    return [argv[i + 1] for i, arg in enumerate(argv) if arg == name]


def test_keyframe_pass_decodes_keyframes_only_and_keeps_the_chosen_ones() -> None:
    chain = picture_chain(ToneRoute.SDR, 480, 270)
    command = keyframe_pass(
        ffmpeg="ffmpeg", url="file:/m/a.mkv", slots=PLAN.keyframe_slots, chain=chain,
        sizes=SIZES, directories=DIRS, script=("-filter_complex_script", Path("/w/k.graph")),
    )  # fmt: skip
    argv = command.argv
    assert flag(argv, "-skip_frame:v") == ["nokey"]  # no packet numbers: skip_frame
    assert command.feed is None
    assert flag(argv, "-filter_complex_script") == ["/w/k.graph"]
    assert flag(argv, "-frames:v") == ["5", "5"]  # stop after the last chosen keyframe
    assert "-frame_pts" not in argv  # numbered in order; times come from the metadata log
    assert "lt(abs(t-41.720000),0.001)" in command.graph
    assert "metadata=mode=print:file=keyframes.txt" in command.graph
    assert "split=2" in command.graph
    assert "scale=w=320:h=180" in command.graph
    assert command.slots == (0, 1, 2, 3, 4)


def test_keyframe_pass_with_packet_numbers_decodes_only_the_chosen_packets() -> None:
    chain = picture_chain(ToneRoute.SDR, 320, 180)
    command = keyframe_pass(
        ffmpeg="ffmpeg", url="file:/m/a.mkv", slots=PLAN.keyframe_slots, chain=chain,
        sizes={V320: (320, 180)}, directories={V320: Path("/w")},
        script=("-filter_complex_script", Path("/w/k.graph")), stream_index=2,
        packets=(0, 250, 500, 750, 1000),
    )  # fmt: skip
    assert command.feed is not None
    feed = command.feed
    assert flag(feed, "-map") == ["0:2"]
    assert flag(feed, "-c") == ["copy"]
    assert "-copyinkf" in feed
    assert flag(feed, "-bsf:v") == [
        "noise=drop='not(eq(n,0)+eq(n,250)+eq(n,500)+eq(n,750)+eq(n,1000))',setts=dts=PTS"
    ]
    assert feed[-3:] == ("-f", "nut", "pipe:1")
    assert flag(command.argv, "-i") == ["pipe:0"]
    assert "-copyts" in command.argv
    assert "-skip_frame:v" not in command.argv


def test_seek_pass_has_one_accurate_input_per_group_named_by_slot() -> None:
    chain = picture_chain(ToneRoute.SDR, 320, 180)
    command = seek_pass(
        ffmpeg="ffmpeg", url="file:/m/a.mkv", groups=PLAN.groups[:2], interval=10,
        frame_duration=1 / 24, chain=chain, sizes={V320: (320, 180)},
        directories={V320: Path("/w/320")}, script=("-/filter_complex", Path("/w/s.graph")),
        lead=1.0, threads=1,
    )  # fmt: skip
    argv = command.argv
    assert flag(argv, "-ss") == ["49.000000", "59.000000"]  # the seek lead
    assert flag(argv, "-threads:v") == ["1", "1"]
    assert flag(argv, "-skip_frame:v") == ["noref", "noref"]
    assert flag(argv, "-i") == ["file:/m/a.mkv", "file:/m/a.mkv"]
    assert flag(argv, "-frame_pts") == ["1", "1"]
    assert flag(argv, "-enc_time_base:v") == ["1", "1"]
    assert flag(argv, "-/filter_complex") == ["/w/s.graph"]
    assert "+5)*1000" in command.graph
    assert "+6)*1000" in command.graph
    assert command.slots == (5, 6)


def test_a_run_from_the_start_needs_no_seek() -> None:
    whole = plan_slots(30.0, 10, None, 2.0, 0.04)
    command = seek_pass(
        ffmpeg="ffmpeg", url="file:/a", groups=whole.groups, interval=10, frame_duration=0.04,
        chain=picture_chain(ToneRoute.SDR, 320, 180), sizes={V320: (320, 180)},
        directories={V320: Path("/w")}, script=("-filter_complex_script", Path("/w/g")),
    )  # fmt: skip
    assert "-ss" not in command.argv
    assert flag(command.argv, "-frames:v") == ["3"]


def test_pq_chain_downscales_inside_the_first_zscale_before_tonemapping() -> None:
    chain = picture_chain(ToneRoute.PQ, 320, 180, algorithm=TonemapAlgorithm.MOBIUS)
    assert chain.kind is ChainKind.ZSCALE_TONEMAP
    first, *rest = chain.filters.split(",")
    assert first.startswith("zscale=w=320:h=180:tin=smpte2084:min=bt2020nc:pin=bt2020")
    assert "t=linear" in first
    assert "tonemap=tonemap=mobius:desat=0" in rest
    assert rest[-1] == "format=yuv420p"


def test_hlg_chain_reads_the_hlg_transfer() -> None:
    assert "tin=arib-std-b67" in picture_chain(ToneRoute.HLG, 320, 180).filters


def test_without_zscale_hdr_uses_the_lut_fallback() -> None:
    chain = picture_chain(ToneRoute.PQ, 320, 180, zscale=False)
    assert chain.kind is ChainKind.LUT_TONEMAP
    assert chain.filters.startswith("scale=w=320:h=180:in_color_matrix=bt2020")
    assert "lutyuv=y='st(0," in chain.filters


def test_lut_expression_is_a_curve_of_val() -> None:
    pq = lut_tonemap_expression(ToneRoute.PQ, TonemapAlgorithm.HABLE)
    hlg = lut_tonemap_expression(ToneRoute.HLG, TonemapAlgorithm.HABLE)
    assert "val" in pq
    assert "78.84375" in pq
    assert "exp(" in hlg
    assert pq != hlg
    assert pq.count("(") == pq.count(")")


def test_sdr_chain_is_a_plain_scale() -> None:
    chain = picture_chain(ToneRoute.SDR, 320, 180)
    assert chain == picture_chain(ToneRoute.SDR, 320, 180, zscale=False)
    assert chain.filters == "scale=w=320:h=180:flags=bicubic,format=yuv420p"


@pytest.mark.parametrize(
    ("device", "scaler", "args"),
    [
        (CUDA, "scale_cuda=w=320:h=180:format=nv12", ["-hwaccel", "cuda", "-hwaccel_device", "1"]),
        (VAAPI, "scale_vaapi=w=320:h=180:format=nv12", ["-hwaccel", "vaapi", "-hwaccel_device"]),
        (QSV, "scale_qsv=w=320:h=180:format=nv12", ["-hwaccel", "qsv", "-qsv_device"]),
    ],
)
def test_gpu_chains_scale_on_the_device_then_download_small_frames(
    device: GpuDevice, scaler: str, args: list[str]
) -> None:
    chain = picture_chain(ToneRoute.SDR, 320, 180, device=device)
    assert chain.filters.startswith(f"{scaler},hwdownload,format=nv12,")
    hw = hw_input_args(device)
    assert hw[: len(args)] == args
    assert hw[-2:] == ["-hwaccel_output_format", device.kind.value]


def test_gpu_hdr_downloads_10_bit_then_tonemaps_without_resizing() -> None:
    chain = picture_chain(ToneRoute.PQ, 320, 180, device=CUDA)
    assert chain.filters.startswith(
        "scale_cuda=w=320:h=180:format=p010le,hwdownload,format=p010le,"
    )
    assert ",zscale=tin=smpte2084" in chain.filters  # no second resize on the CPU


def test_gpu_decode_feeds_the_pass_inputs() -> None:
    chain = picture_chain(ToneRoute.SDR, 320, 180, device=VAAPI)
    command = keyframe_pass(
        ffmpeg="ffmpeg", url="file:/a", slots=PLAN.keyframe_slots, chain=chain,
        sizes={V320: (320, 180)}, directories={V320: Path("/w")},
        script=("-filter_complex_script", Path("/w/g")), device=VAAPI, threads=2,
    )  # fmt: skip
    argv = command.argv
    assert flag(argv, "-hwaccel") == ["vaapi"]
    assert flag(argv, "-hwaccel_output_format") == ["vaapi"]
    assert flag(argv, "-threads:v") == ["2"]
    assert flag(argv, "-filter_threads") == ["2"]
    assert argv.index("-hwaccel") < argv.index("-i")


def test_dolby_vision_5_uses_libplacebo_when_vulkan_is_real() -> None:
    chain = picture_chain(ToneRoute.DOVI5, 320, 180, device=CUDA, vulkan=True)
    assert chain.kind is ChainKind.LIBPLACEBO
    assert chain.filters.startswith("hwupload,libplacebo=w=320:h=180:tonemapping=hable")
    assert chain.input_options == ("-init_hw_device", "vulkan=vk", "-filter_hw_device", "vk")
    command = keyframe_pass(
        ffmpeg="ffmpeg", url="file:/a", slots=PLAN.keyframe_slots, chain=chain,
        sizes={V320: (320, 180)}, directories={V320: Path("/w")},
        script=("-filter_complex_script", Path("/w/g")), device=CUDA,
    )  # fmt: skip
    assert "-hwaccel_output_format" not in command.argv  # libplacebo uploads system frames
    assert command.argv.index("-init_hw_device") < command.argv.index("-i")


def test_dolby_vision_5_without_vulkan_is_scaled_untonemapped() -> None:
    chain = picture_chain(ToneRoute.DOVI5, 320, 180, vulkan=False)
    assert chain.kind is ChainKind.DOVI5_UNMAPPED
    assert "libplacebo" not in chain.filters
    assert "zscale" not in chain.filters

"""Parsing ffprobe/FFmpeg output: probe JSON, packet scans, versions, filters."""

from __future__ import annotations

from typing import Any

import pytest

from tendarr.domain.previews.source import ToneRoute
from tendarr.integrations.ffmpeg.keyframes import parse_packet_scan
from tendarr.integrations.ffmpeg.probe import parse_probe
from tendarr.integrations.ffmpeg.tools import (
    FfmpegCapabilities,
    parse_filters,
    parse_hwaccels,
    parse_version,
)
from tendarr.ports.previews import SourceUnusable


def stream(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "index": 0, "codec_type": "video", "codec_name": "hevc", "width": 3840, "height": 2160,
        "pix_fmt": "yuv420p10le", "avg_frame_rate": "24000/1001", "sample_aspect_ratio": "1:1",
        "disposition": {"default": 1, "attached_pic": 0},
    }  # fmt: skip
    return base | fields


def document(*streams: dict[str, Any], **fmt: Any) -> dict[str, Any]:
    return {"streams": list(streams), "format": {"duration": "7200.5", "start_time": "0.0"} | fmt}


def test_probe_reads_hdr_and_dolby_vision() -> None:
    dovi = {"side_data_type": "DOVI configuration record", "dv_profile": 8,
            "dv_bl_signal_compatibility_id": 1}  # fmt: skip
    probe = parse_probe(
        document(
            stream(color_transfer="smpte2084", color_primaries="bt2020", side_data_list=[dovi])
        )
    )
    assert (probe.width, probe.height, probe.bit_depth) == (3840, 2160, 10)
    assert probe.frame_rate == pytest.approx(23.976, abs=1e-3)
    assert probe.duration == 7200.5
    assert (probe.dv_profile, probe.dv_bl_compat_id) == (8, 1)
    assert probe.tone_route is ToneRoute.PQ
    assert probe.codec_key == "hevc-10bit"


def test_probe_skips_cover_art_and_reads_the_anamorphic_aspect() -> None:
    art = stream(codec_name="mjpeg", width=600, height=600, disposition={"attached_pic": 1})
    video = stream(index=2, codec_name="mpeg2video", width=720, height=576, pix_fmt="yuv420p",
                   sample_aspect_ratio="64:45", avg_frame_rate="25/1", disposition={})  # fmt: skip
    probe = parse_probe(document(art, video, start_time="1.4"))
    assert probe.stream_index == 2
    assert probe.display_size == (1024, 576)
    assert probe.start_time == 1.4
    assert probe.codec_key == "mpeg2video"


def test_profile_5_routes_to_the_dolby_vision_chain() -> None:
    dovi = {"side_data_type": "DOVI configuration record", "dv_profile": 5,
            "dv_bl_signal_compatibility_id": 0}  # fmt: skip
    assert parse_probe(document(stream(side_data_list=[dovi]))).tone_route is ToneRoute.DOVI5


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        (document(stream(codec_type="audio")), "no video stream"),
        (document(stream(width=0)), "no picture size"),
        (document(stream(), duration="N/A"), "does not say how long"),
    ],
)
def test_unusable_sources_say_why(doc: dict[str, Any], reason: str) -> None:
    with pytest.raises(SourceUnusable, match=reason):
        parse_probe(doc)


def test_packet_scan_keeps_keyframes_relative_to_the_start() -> None:
    text = "1.400000,K_\n1.441708,__\nN/A,K_\n11.827000,K_\n11.868708,__\n21.400000,KD\n"
    index = parse_packet_scan(text, 1.4)
    assert index.times == (0.0, 10.427, 20.0)
    assert index.packets == (0, 3, 5)  # packet numbers in demux order
    assert index.packet_of(10.427) == 3
    assert index.packet_of(10.5) is None
    assert parse_packet_scan("", 0.0).times == ()


def test_version_filters_and_hwaccels() -> None:
    assert parse_version("ffmpeg version 5.1.9-0+deb12u1 Copyright") == (5, 1)
    assert parse_version("ffmpeg version n7.1 Copyright") == (7, 1)
    assert parse_version("ffmpeg version N-118000-gabcdef") is None
    filters = parse_filters(
        " TSC zscale            V->V       Apply resizing\n"
        " ... tonemap           V->V       Tone mapping\n"
        " ..C libplacebo        V->V       libplacebo\n"
        " T.. null              V->V       Pass through\n"
    )
    assert filters == {"zscale", "tonemap", "libplacebo", "null"}
    assert parse_hwaccels("Hardware acceleration methods:\ncuda\nvaapi\n\n") == {"cuda", "vaapi"}
    caps = FfmpegCapabilities((5, 1), filters, frozenset())
    assert caps.zscale
    assert caps.libplacebo
    assert caps.script_option == "-filter_complex_script"
    assert FfmpegCapabilities((7, 1), filters, frozenset()).script_option == "-/filter_complex"

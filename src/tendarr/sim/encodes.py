"""Encodes the generated files use: codec, dynamic range, audio and release tokens."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tendarr.sim.model import AudioStream, VideoStream


@dataclass(frozen=True)
class Encode:
    """One encode: the Sonarr/Radarr quality, source, streams and filename tokens."""

    quality: str
    source: str
    video: VideoStream
    audio: list[AudioStream]
    tokens: str


def pick_encode(rng: random.Random) -> Encode:
    """Draw one realistic encode: codec, HDR format, audio and the release tokens."""
    r = rng.random()
    sparse = rng.random() < 0.15  # x264 defaults: a keyframe every ~10.4 s
    kf = 10.43 if sparse else rng.choice((2.0, 2.5, 4.0, 5.0))
    eng = AudioStream("eac3", None, 6, "eng", default=True)
    if r < 0.10:  # UHD remux, Dolby Vision profile 7 with TrueHD Atmos
        video = VideoStream(
            "hevc",
            "Main 10",
            3840,
            2160,
            10,
            23.976,
            "DV",
            7,
            True,
            color_transfer="smpte2084",
            color_primaries="bt2020",
            keyframe_interval_s=kf,
            bitrate_kbps=60000,
        )
        audio = [
            AudioStream(
                "truehd", None, 8, "eng", atmos=True, default=True, title="TrueHD Atmos 7.1"
            ),
            AudioStream("ac3", None, 6, "eng"),
        ]
        return Encode(
            "Remux-2160p",
            "BluRay",
            video,
            audio,
            "[Remux-2160p][DV HDR10][TrueHD Atmos 7.1][h265]",
        )
    if r < 0.22:  # WEB-DL DV profile 8 with HDR10 fallback, EAC3 Atmos
        video = VideoStream(
            "hevc",
            "Main 10",
            3840,
            2160,
            10,
            23.976,
            "DV",
            8,
            True,
            color_transfer="smpte2084",
            color_primaries="bt2020",
            keyframe_interval_s=kf,
            bitrate_kbps=16000,
        )
        audio = [
            AudioStream("eac3", None, 6, "eng", atmos=True, default=True, title="DDP 5.1 Atmos")
        ]
        return Encode(
            "WEBDL-2160p",
            "WEB",
            video,
            audio,
            "[WEBDL-2160p][DoVi HDR10][EAC3 Atmos 5.1][h265]",
        )
    if r < 0.27:  # WEB-DL DV profile 5: no HDR10 fallback
        video = VideoStream(
            "hevc",
            "Main 10",
            3840,
            2160,
            10,
            23.976,
            "DV",
            5,
            False,
            color_transfer="smpte2084",
            color_primaries="bt2020",
            keyframe_interval_s=kf,
            bitrate_kbps=15000,
        )
        return Encode("WEBDL-2160p", "WEB", video, [eng], "[WEBDL-2160p][DV][EAC3 5.1][h265]")
    if r < 0.37:  # UHD Bluray HDR10 with DTS-HD MA or DTS:X
        plus = rng.random() < 0.4
        video = VideoStream(
            "hevc",
            "Main 10",
            3840,
            2160,
            10,
            23.976,
            "HDR10+" if plus else "HDR10",
            hdr10_plus=plus,
            color_transfer="smpte2084",
            color_primaries="bt2020",
            keyframe_interval_s=kf,
            bitrate_kbps=40000,
        )
        dtsx = rng.random() < 0.4
        audio = [AudioStream("dts", "DTS:X" if dtsx else "DTS-HD MA", 8, "eng", default=True)]
        hdr = "HDR10Plus" if plus else "HDR10"
        dts = "DTS-X 7.1" if dtsx else "DTS-HD MA 7.1"
        return Encode("Bluray-2160p", "BluRay", video, audio, f"[Bluray-2160p][{hdr}][{dts}][x265]")
    if r < 0.40:  # HLG broadcast capture
        video = VideoStream(
            "hevc",
            "Main 10",
            3840,
            2160,
            10,
            50.0,
            "HLG",
            color_transfer="arib-std-b67",
            color_primaries="bt2020",
            keyframe_interval_s=kf,
            bitrate_kbps=20000,
        )
        return Encode(
            "HDTV-2160p",
            "TV",
            video,
            [AudioStream("aac", None, 2, "eng", default=True)],
            "[HDTV-2160p][HLG][AAC 2.0][h265]",
        )
    if r < 0.50:  # AV1 web encode
        video = VideoStream(
            "av1",
            "Main",
            1920,
            1080,
            10,
            23.976,
            "SDR",
            keyframe_interval_s=kf,
            bitrate_kbps=3000,
        )
        return Encode(
            "WEBRip-1080p",
            "WEB",
            video,
            [AudioStream("aac", None, 6, "eng", default=True)],
            "[WEBRip-1080p][AAC 5.1][AV1]",
        )
    if r < 0.75:  # the common case: 1080p x264 Bluray
        video = VideoStream(
            "h264",
            "High",
            1920,
            1080,
            8,
            23.976,
            "SDR",
            keyframe_interval_s=kf,
            bitrate_kbps=10000,
        )
        has_dts = rng.random() < 0.5
        audio = [
            AudioStream("dts", "DTS", 6, "eng", default=True)
            if has_dts
            else AudioStream("ac3", None, 6, "eng", default=True)
        ]
        return Encode(
            "Bluray-1080p",
            "BluRay",
            video,
            audio,
            f"[Bluray-1080p][{'DTS' if has_dts else 'AC3'} 5.1][x264]",
        )
    if r < 0.92:
        video = VideoStream(
            "h264",
            "High",
            1920,
            1080,
            8,
            23.976,
            "SDR",
            keyframe_interval_s=kf,
            bitrate_kbps=6000,
        )
        return Encode("WEBDL-1080p", "WEB", video, [eng], "[WEBDL-1080p][EAC3 5.1][h264]")
    video = VideoStream(
        "h264", "Main", 1280, 720, 8, 25.0, "SDR", keyframe_interval_s=kf, bitrate_kbps=3000
    )
    return Encode(
        "HDTV-720p",
        "TV",
        video,
        [AudioStream("aac", None, 2, "eng", default=True)],
        "[HDTV-720p][AAC 2.0][h264]",
    )

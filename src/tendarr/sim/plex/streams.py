"""Serialize a World file as PMS ``Media`` / ``Part`` / ``Stream`` objects."""

from __future__ import annotations

from typing import Any

from tendarr.sim.model import AudioStream, MediaFile, MediaServer, SubtitleStream, VideoStream
from tendarr.sim.plex.state import part_hash

LANGUAGES = {
    "eng": "English",
    "fre": "French",
    "ger": "German",
    "spa": "Spanish",
    "jpn": "Japanese",
}
TAGS = {"eng": "en", "fre": "fr", "ger": "de", "spa": "es", "jpn": "ja"}
AUDIO_PROFILES = {"DTS-HD MA": "ma", "DTS:X": "dts:x", "DTS": "dts"}
CHANNEL_LAYOUTS = {1: "mono", 2: "stereo", 6: "5.1(side)", 8: "7.1"}


def resolution(video: VideoStream) -> str:
    """Return Plex's ``videoResolution`` for a video track."""
    if video.width >= 3200:
        return "4k"
    for height in (1080, 720, 576, 480):
        if video.height >= height - 40 or video.width >= height * 16 // 9 - 40:
            return str(height)
    return "sd"


def media(server: MediaServer, file: MediaFile, *, streams: bool) -> dict[str, Any]:
    """Return one ``Media`` object with its ``Part`` (and streams when ``streams``)."""
    video, first_audio = file.video, file.audio[0] if file.audio else None
    part: dict[str, Any] = {
        "id": file.id,
        "key": f"/library/parts/{file.id}/{int(file.added_at.timestamp())}/file.{file.container}",
        "duration": file.duration_ms,
        "file": server.server_path(file.path),
        "size": file.size,
        "container": file.container,
        "hash": part_hash(server, file),
        "videoProfile": video.profile.lower(),
        "has64bitOffsets": False,
        "optimizedForStreaming": file.container == "mp4",
    }
    if first_audio is not None and first_audio.profile in AUDIO_PROFILES:
        part["audioProfile"] = AUDIO_PROFILES[first_audio.profile]
    if streams:
        part["accessible"] = True
        part["exists"] = True
        part["Stream"] = _streams(file)
    out: dict[str, Any] = {
        "id": file.id,
        "duration": file.duration_ms,
        "bitrate": video.bitrate_kbps + (640 if first_audio is None else _audio_kbps(first_audio)),
        "width": video.width,
        "height": video.height,
        "aspectRatio": round(video.width / video.height, 2),
        "audioChannels": first_audio.channels if first_audio else 0,
        "audioCodec": first_audio.codec if first_audio else "",
        "videoCodec": video.codec,
        "videoResolution": resolution(video),
        "container": file.container,
        "videoFrameRate": "24p"
        if video.frame_rate < 25
        else "PAL"
        if video.frame_rate < 30
        else "NTSC",
        "videoProfile": video.profile.lower(),
        "has64bitOffsets": False,
        "optimizedForStreaming": file.container == "mp4",
        "Part": [part],
    }
    if "audioProfile" in part:
        out["audioProfile"] = part["audioProfile"]
    return out


def _audio_kbps(audio: AudioStream) -> int:
    return 640 if audio.codec in {"aac", "ac3", "eac3"} else 3000


def _streams(file: MediaFile) -> list[dict[str, Any]]:
    base = file.id * 100
    out = [_video(base + 1, file.video)]
    out += [_audio(base + 2 + n, a, n) for n, a in enumerate(file.audio)]
    first = base + 2 + len(file.audio)
    out += [_subtitle(first + n, s) for n, s in enumerate(file.subtitles)]
    return out


def _video(stream_id: int, video: VideoStream) -> dict[str, Any]:
    label = {"4k": "4K"}.get(resolution(video), resolution(video) + "p")
    if video.dynamic_range == "DV":
        label += " DoVi/HDR10" if video.dv_hdr10_compatible else " DoVi"
    elif video.dynamic_range != "SDR":
        label += f" {video.dynamic_range}"
    display = f"{label} ({video.codec.upper()} {video.profile})"
    out: dict[str, Any] = {
        "id": stream_id,
        "streamType": 1,
        "default": True,
        "codec": video.codec,
        "index": 0,
        "bitrate": video.bitrate_kbps,
        "bitDepth": video.bit_depth,
        "chromaSubsampling": "4:2:0",
        "codedHeight": video.height,
        "codedWidth": video.width,
        "colorPrimaries": video.color_primaries,
        "colorRange": "tv",
        "colorSpace": "bt2020nc" if video.color_primaries == "bt2020" else "bt709",
        "colorTrc": video.color_transfer,
        "frameRate": video.frame_rate,
        "height": video.height,
        "width": video.width,
        "level": 150 if video.width >= 3200 else 40,
        "profile": video.profile.lower(),
        "refFrames": 1,
        "scanType": "progressive",
        "displayTitle": display,
        "extendedDisplayTitle": display,
    }
    if video.dynamic_range == "DV" and video.dv_profile is not None:
        out.update(
            DOVIPresent=True,
            DOVIProfile=video.dv_profile,
            DOVILevel=6,
            DOVIVersion="1.0",
            DOVIBLPresent=video.dv_profile != 5,
            DOVIELPresent=video.dv_profile == 7,
            DOVIRPUPresent=True,
            DOVIBLCompatID={5: 0, 7: 6, 8: 1}.get(video.dv_profile, 0),
        )
    return out


def _audio(stream_id: int, audio: AudioStream, index: int) -> dict[str, Any]:
    layout = CHANNEL_LAYOUTS.get(audio.channels, f"{audio.channels}ch")
    name = LANGUAGES.get(audio.language, audio.language)
    codec = audio.profile or audio.codec.upper()
    channels = {2: "Stereo", 1: "Mono"}.get(audio.channels, f"{audio.channels - 1}.1")
    atmos = " Atmos" if audio.atmos else ""
    out: dict[str, Any] = {
        "id": stream_id,
        "streamType": 2,
        "codec": audio.codec,
        "index": index + 1,
        "channels": audio.channels,
        "audioChannelLayout": layout,
        "bitrate": _audio_kbps(audio),
        "samplingRate": 48000,
        "language": name,
        "languageCode": audio.language,
        "languageTag": TAGS.get(audio.language, audio.language[:2]),
        "displayTitle": f"{name} ({codec}{atmos} {channels})",
        "extendedDisplayTitle": f"{audio.title or name} ({codec}{atmos} {channels})",
    }
    if audio.profile in AUDIO_PROFILES:
        out["profile"] = AUDIO_PROFILES[audio.profile]
    if audio.default:
        out["default"] = True
        out["selected"] = True
    if audio.title:
        out["title"] = audio.title
    return out


def _subtitle(stream_id: int, sub: SubtitleStream) -> dict[str, Any]:
    codec = "srt" if sub.codec in {"subrip", "srt"} else sub.codec
    name = LANGUAGES.get(sub.language, sub.language)
    extra = " Forced" if sub.forced else ""
    kind = "External" if sub.external else ""
    label = f"{name} ({codec.upper()}{extra}{' ' + kind if kind else ''})"
    out: dict[str, Any] = {
        "id": stream_id,
        "streamType": 3,
        "codec": codec,
        "language": name,
        "languageCode": sub.language,
        "languageTag": TAGS.get(sub.language, sub.language[:2]),
        "displayTitle": label,
        "extendedDisplayTitle": label,
    }
    if sub.forced:
        out["forced"] = True
    if sub.external:
        out["key"] = f"/library/streams/{stream_id}"
    return out

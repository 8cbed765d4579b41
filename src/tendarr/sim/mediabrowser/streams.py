"""MediaSources and MediaStreams for a World file, in Jellyfin's or Emby's vocabulary."""

from __future__ import annotations

from typing import Any

from tendarr.sim.mediabrowser.state import Flavor
from tendarr.sim.model import AudioStream, MediaFile, MediaServer, SubtitleStream, VideoStream

TICKS_PER_MS = 10_000
_LANGUAGES = {"eng": "English", "fre": "French", "ger": "German", "spa": "Spanish"}
_LAYOUTS = {1: "mono", 2: "stereo", 6: "5.1", 8: "7.1"}
# Emby's ExtendedVideoType names are **unverified** (no Emby spec is shipped).
_EMBY_RANGE = {
    "SDR": ("SDR", "None"),
    "HDR10": ("HDR 10", "Hdr10"),
    "HDR10+": ("HDR 10+", "Hdr10Plus"),
    "HLG": ("HLG", "HyperLogGamma"),
    "DV": ("Dolby Vision", "DolbyVision"),
}


def video_range_type(video: VideoStream) -> str:
    """Return Jellyfin's VideoRangeType for a video track."""
    if video.dynamic_range == "DV":
        if video.dv_profile == 7:
            return "DOVIWithELHDR10Plus" if video.hdr10_plus else "DOVIWithEL"
        if video.dv_hdr10_compatible:
            return "DOVIWithHDR10Plus" if video.hdr10_plus else "DOVIWithHDR10"
        return "DOVI"
    if video.dynamic_range == "HDR10+" or (video.dynamic_range == "HDR10" and video.hdr10_plus):
        return "HDR10Plus"
    return video.dynamic_range


def _bl_compatibility(video: VideoStream) -> int:
    """Return the Dolby Vision base-layer compatibility id (6 is the UHD Blu-ray profile 7)."""
    if video.dv_profile == 7:
        return 6
    return 1 if video.dv_hdr10_compatible else 0


def _video(video: VideoStream, flavor: Flavor) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Codec": video.codec,
        "ColorTransfer": video.color_transfer,
        "ColorPrimaries": video.color_primaries,
        "BitRate": video.bitrate_kbps * 1000,
        "BitDepth": video.bit_depth,
        "Height": video.height,
        "Width": video.width,
        "AverageFrameRate": video.frame_rate,
        "RealFrameRate": video.frame_rate,
        "Profile": video.profile,
        "Type": "Video",
        "AspectRatio": "16:9",
        "IsInterlaced": False,
        "IsDefault": True,
        "IsForced": False,
        "IsExternal": False,
        "IsTextSubtitleStream": False,
        "SupportsExternalStream": False,
    }
    if flavor == "jellyfin":
        kind = video_range_type(video)
        out["VideoRange"] = "SDR" if kind == "SDR" else "HDR"
        out["VideoRangeType"] = kind
        out["AudioSpatialFormat"] = "None"
        out["IsHearingImpaired"] = False
        if video.dynamic_range == "DV":
            out.update(
                DvVersionMajor=1,
                DvVersionMinor=0,
                DvProfile=video.dv_profile,
                DvLevel=6,
                RpuPresentFlag=1,
                ElPresentFlag=1 if video.dv_profile == 7 else 0,
                BlPresentFlag=1,
                DvBlSignalCompatibilityId=_bl_compatibility(video),
            )
        if video.hdr10_plus:
            out["Hdr10PlusPresentFlag"] = True
    else:
        label, extended = _EMBY_RANGE[video.dynamic_range]
        out["VideoRange"] = label
        out["ExtendedVideoType"] = extended
    out["DisplayTitle"] = f"{video.height}p {video.codec.upper()} {out['VideoRange']}"
    return out


def _audio(audio: AudioStream, flavor: Flavor) -> dict[str, Any]:
    language = _LANGUAGES.get(audio.language, audio.language)
    layout = _LAYOUTS.get(audio.channels, f"{audio.channels}ch")
    out: dict[str, Any] = {"Codec": audio.codec, "Language": audio.language}
    if audio.title:
        out["Title"] = audio.title
    if audio.profile:
        out["Profile"] = audio.profile
    parts = [language, (audio.profile or audio.codec.upper()), layout]
    if audio.atmos:
        parts.insert(2, "Atmos")
    if audio.default:
        parts.append("Default")
    out.update(
        DisplayTitle=" - ".join(parts),
        ChannelLayout=layout,
        Channels=audio.channels,
        SampleRate=48000,
        Type="Audio",
        IsInterlaced=False,
        IsDefault=audio.default,
        IsForced=False,
        IsExternal=False,
        IsTextSubtitleStream=False,
        SupportsExternalStream=False,
    )
    if flavor == "jellyfin":
        spatial = "None"
        if audio.atmos:
            spatial = "DolbyAtmos"
        elif audio.profile == "DTS:X":
            spatial = "DTSX"
        out["AudioSpatialFormat"] = spatial
        out["IsHearingImpaired"] = False
        out["VideoRange"] = "Unknown"
        out["VideoRangeType"] = "Unknown"
    return out


def _subtitle(sub: SubtitleStream, flavor: Flavor) -> dict[str, Any]:
    text = sub.codec in {"srt", "subrip", "ass"}
    language = _LANGUAGES.get(sub.language, sub.language)
    title = f"{language} - {sub.codec.upper()}" + (" - Forced" if sub.forced else "")
    out: dict[str, Any] = {
        "Codec": sub.codec,
        "Language": sub.language,
        "DisplayTitle": title,
        "Type": "Subtitle",
        "IsInterlaced": False,
        "IsDefault": False,
        "IsForced": sub.forced,
        "IsExternal": sub.external,
        "IsTextSubtitleStream": text,
        "SupportsExternalStream": text,
    }
    if flavor == "jellyfin":
        out.update(
            IsHearingImpaired=False,
            VideoRange="Unknown",
            VideoRangeType="Unknown",
            AudioSpatialFormat="None",
        )
    return out


def media_streams(file: MediaFile, flavor: Flavor) -> list[dict[str, Any]]:
    """Return a file's streams, indexed in container order."""
    streams = [_video(file.video, flavor)]
    streams += [_audio(a, flavor) for a in file.audio]
    streams += [_subtitle(s, flavor) for s in file.subtitles]
    for index, stream in enumerate(streams):
        stream["Index"] = index
    return streams


def media_source(
    file: MediaFile, item_id: str, server: MediaServer, flavor: Flavor
) -> dict[str, Any]:
    """Return the single MediaSourceInfo for a file."""
    path = server.server_path(file.path)
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    audio_index = next((i + 1 for i, a in enumerate(file.audio) if a.default), 1)
    out: dict[str, Any] = {
        "Protocol": "File",
        "Id": item_id,
        "Path": path,
        "Type": "Default",
        "Container": file.container,
        "Size": file.size,
        "Name": name,
        "IsRemote": False,
        "RunTimeTicks": file.duration_ms * TICKS_PER_MS,
        "ReadAtNativeFramerate": False,
        "IgnoreDts": False,
        "IgnoreIndex": False,
        "GenPtsInput": False,
        "SupportsTranscoding": True,
        "SupportsDirectStream": True,
        "SupportsDirectPlay": True,
        "IsInfiniteStream": False,
        "RequiresOpening": False,
        "RequiresClosing": False,
        "RequiresLooping": False,
        "SupportsProbing": True,
        "VideoType": "VideoFile",
        "MediaStreams": media_streams(file, flavor),
        "Formats": [],
        "Bitrate": int(file.size * 8 * 1000 / max(file.duration_ms, 1)),
        "RequiredHttpHeaders": {},
        "DefaultAudioStreamIndex": audio_index,
    }
    if flavor == "jellyfin":
        out.update(
            ETag=item_id[:32],
            UseMostCompatibleTranscodingProfile=False,
            MediaAttachments=[],
            TranscodingSubProtocol="http",
            HasSegments=False,
        )
    return out

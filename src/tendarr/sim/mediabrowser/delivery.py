"""How a playing file reaches its device: DirectPlay, DirectStream or Transcode.

The decision follows Jellyfin's StreamBuilder in miniature: the device's profile is checked
against the container, the video track and the default audio track. Failures a remux can
fix (container, audio) give ``DirectStream``, with the video copied; any video failure
gives ``Transcode``. Finer reasons (resolution, channels) are dropped when the codec itself
already failed, as Jellyfin masks them. The same file on the same device always gets the
same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tendarr.sim.mediabrowser.state import Delivery, Device, Flavor, PlaybackSession, PlayMethod
from tendarr.sim.mediabrowser.streams import video_range_type
from tendarr.sim.model import AudioStream, MediaFile

# TranscodeReason names in the order Jellyfin's enum declares them (flags serialise so).
_REASON_ORDER = (
    "ContainerNotSupported",
    "VideoCodecNotSupported",
    "AudioCodecNotSupported",
    "VideoResolutionNotSupported",
    "AudioChannelsNotSupported",
    "VideoRangeTypeNotSupported",
)
_VIDEO_REASONS = {
    "VideoCodecNotSupported",
    "VideoResolutionNotSupported",
    "VideoRangeTypeNotSupported",
}
_ALL_RANGES = frozenset(
    {
        "SDR",
        "HDR10",
        "HDR10Plus",
        "HLG",
        "DOVI",
        "DOVIWithHDR10",
        "DOVIWithHDR10Plus",
        "DOVIWithHLG",
        "DOVIWithSDR",
        "DOVIWithEL",
        "DOVIWithELHDR10Plus",
    }
)


@dataclass(frozen=True)
class ClientProfile:
    """What a kind of device plays without help from the server."""

    name: str
    containers: frozenset[str]
    video_codecs: frozenset[str]
    video_ranges: frozenset[str]
    audio_codecs: frozenset[str]
    max_audio_channels: int
    max_height: int


# A current desktop Chrome with hardware HEVC: no Matroska, no Dolby/DTS audio, and Dolby
# Vision only where an HDR10/HLG/SDR base layer lets it fall back.
BROWSER = ClientProfile(
    "browser",
    frozenset({"mp4", "webm"}),
    frozenset({"h264", "hevc", "av1", "vp9"}),
    frozenset(
        {"SDR", "HDR10", "HDR10Plus", "HLG", "DOVIWithHDR10", "DOVIWithHDR10Plus", "DOVIWithHLG"}
    ),
    frozenset({"aac", "mp3", "opus", "flac"}),
    6,
    2160,
)
# A 1080p Roku: HEVC and AC-3/E-AC-3 passthrough, no AV1, no Dolby Vision.
ROKU = ClientProfile(
    "roku",
    frozenset({"mkv", "mp4"}),
    frozenset({"h264", "hevc"}),
    frozenset({"SDR", "HDR10", "HDR10Plus", "HLG"}),
    frozenset({"aac", "mp3", "ac3", "eac3", "flac"}),
    6,
    1080,
)
# Living-room players (Apple TV, Shield, Kodi, Infuse) that play every file the World has.
LIVING_ROOM = ClientProfile(
    "living-room",
    frozenset({"mkv", "mp4", "webm"}),
    frozenset({"h264", "hevc", "av1", "vp9"}),
    _ALL_RANGES,
    frozenset({"aac", "mp3", "opus", "flac", "ac3", "eac3", "truehd", "dts"}),
    8,
    2160,
)
_LIVING_ROOM_WORDS = ("apple tv", "tvos", "shield", "android tv", "kodi", "infuse")


def profile_for(device: Device) -> ClientProfile:
    """Return the profile of a device, judged by its client and device names."""
    words = f"{device.client} {device.device}".lower()
    if "roku" in words:
        return ROKU
    if any(w in words for w in _LIVING_ROOM_WORDS):
        return LIVING_ROOM
    return BROWSER


def decide(file: MediaFile, profile: ClientProfile) -> Delivery:
    """Return how ``file`` is delivered to a device with ``profile``."""
    reasons: set[str] = set()
    if file.container not in profile.containers:
        reasons.add("ContainerNotSupported")
    video = file.video
    if video.codec not in profile.video_codecs:
        reasons.add("VideoCodecNotSupported")
    else:
        if video.height > profile.max_height:
            reasons.add("VideoResolutionNotSupported")
        if video_range_type(video) not in profile.video_ranges:
            reasons.add("VideoRangeTypeNotSupported")
    chosen = _audio_track(file, profile)
    if chosen is not None:
        if chosen.codec not in profile.audio_codecs:
            reasons.add("AudioCodecNotSupported")
        elif chosen.channels > profile.max_audio_channels:
            reasons.add("AudioChannelsNotSupported")
    video_direct = not reasons & _VIDEO_REASONS
    audio_direct = not reasons & {"AudioCodecNotSupported", "AudioChannelsNotSupported"}
    method: PlayMethod = "DirectPlay"
    if not video_direct:
        method = "Transcode"
    elif reasons:
        method = "DirectStream"
    ordered = tuple(r for r in _REASON_ORDER if r in reasons)
    index = None if chosen is None else 1 + file.audio.index(chosen)
    return Delivery(method, ordered, video_direct, audio_direct, index)


def _audio_track(file: MediaFile, profile: ClientProfile) -> AudioStream | None:
    """Return the default track, or a same-language one the device plays, as Jellyfin picks."""
    if not file.audio:
        return None
    default = next((a for a in file.audio if a.default), file.audio[0])
    same_language = [a for a in file.audio if a.language == default.language]
    candidates = [default, *(a for a in same_language if a is not default)]
    return next((a for a in candidates if a.codec in profile.audio_codecs), default)


def transcoding_info(
    session: PlaybackSession, file: MediaFile, flavor: Flavor
) -> dict[str, Any] | None:
    """Return the session's TranscodingInfo; None when the device plays the file itself."""
    delivery = session.delivery
    if delivery.method == "DirectPlay":
        return None
    profile = profile_for(session.device)
    video = file.video
    audio = file.audio[delivery.audio_index - 1] if delivery.audio_index else None
    height = video.height
    if "VideoResolutionNotSupported" in delivery.reasons:
        height = min(height, profile.max_height)
    width = video.width * height // video.height // 2 * 2
    video_codec = video.codec if delivery.video_direct else "h264"
    video_bitrate = video.bitrate_kbps * 1000 if delivery.video_direct else _target(height)
    channels = 0 if audio is None else audio.channels
    if not delivery.audio_direct:
        channels = min(channels, profile.max_audio_channels)
    audio_bitrate = channels * 96_000
    duration_ticks = max(file.duration_ms, 1) * 10_000
    out: dict[str, Any] = {
        "AudioCodec": None if audio is None else (audio.codec if delivery.audio_direct else "aac"),
        "VideoCodec": video_codec,
        # HLS segments: MPEG-TS for H.264, fragmented MP4 for what TS cannot carry well.
        "Container": "ts" if video_codec == "h264" else "mp4",
        "IsVideoDirect": delivery.video_direct,
        "IsAudioDirect": delivery.audio_direct,
        "Bitrate": video_bitrate + audio_bitrate,
        "Framerate": video.frame_rate,
        "CompletionPercentage": round(min(session.position_ticks / duration_ticks, 1) * 100, 4),
        "Width": width,
        "Height": height,
        "AudioChannels": channels or None,
    }
    if flavor == "jellyfin":
        out["HardwareAccelerationType"] = "none"
        out["TranscodeReasons"] = list(delivery.reasons)
        return out
    # Emby's TranscodingInfo (its generated client models; **unverified** on the wire).
    out.update(
        SubProtocol="hls",
        VideoBitrate=video_bitrate,
        AudioBitrate=audio_bitrate,
        TranscodingPositionTicks=session.position_ticks,
        TranscodingStartPositionTicks=0,
        TranscodeReasons=list(delivery.reasons),
        VideoDecoderIsHardware=False,
        VideoEncoderIsHardware=False,
    )
    return out


def _target(height: int) -> int:
    """Return the video bitrate a transcode aims for at ``height``."""
    if height >= 2160:
        return 20_000_000
    if height >= 1080:
        return 8_000_000
    return 4_000_000 if height >= 720 else 2_000_000

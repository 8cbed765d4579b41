"""Files as the apps describe them: quality, languages and media info."""

from __future__ import annotations

from typing import Literal

from tendarr.sim.arr.wire import Json, utc
from tendarr.sim.model import MediaFile

App = Literal["sonarr", "radarr"]

LANGUAGE_NAMES = {
    "en": (1, "English"),
    "fr": (2, "French"),
    "es": (3, "Spanish"),
    "de": (4, "German"),
    "ja": (8, "Japanese"),
    "ko": (21, "Korean"),
}
ISO3 = {"eng": "English", "fre": "French", "ger": "German", "spa": "Spanish"}

# name -> (id, source, resolution, Radarr modifier)
SONARR_QUALITIES: dict[str, tuple[int, str, int]] = {
    "HDTV-720p": (4, "television", 720),
    "WEBDL-1080p": (3, "web", 1080),
    "Bluray-1080p": (7, "bluray", 1080),
    "WEBRip-1080p": (15, "webRip", 1080),
    "HDTV-2160p": (16, "television", 2160),
    "WEBDL-2160p": (18, "web", 2160),
    "Bluray-2160p": (19, "bluray", 2160),
    "Bluray-2160p Remux": (21, "blurayRaw", 2160),
}
RADARR_QUALITIES: dict[str, tuple[int, str, int, str]] = {
    "HDTV-720p": (4, "tv", 720, "none"),
    "WEBDL-1080p": (3, "webdl", 1080, "none"),
    "Bluray-1080p": (7, "bluray", 1080, "none"),
    "WEBRip-1080p": (15, "webrip", 1080, "none"),
    "HDTV-2160p": (16, "tv", 2160, "none"),
    "WEBDL-2160p": (18, "webdl", 2160, "none"),
    "Bluray-2160p": (19, "bluray", 2160, "none"),
    "Remux-2160p": (31, "bluray", 2160, "remux"),
}
# Quality order (low to high) that profiles and cutoffs refer to.
RANK = [
    "HDTV-720p",
    "WEBRip-1080p",
    "WEBDL-1080p",
    "Bluray-1080p",
    "HDTV-2160p",
    "WEBDL-2160p",
    "Bluray-2160p",
    "Remux-2160p",
]
CUTOFF = {1: "Bluray-1080p", 2: "Remux-2160p", 3: "Bluray-1080p"}


def quality_name(app: App, world_name: str) -> str:
    """Return the app's name for a world quality (Sonarr calls remuxes differently)."""
    if app == "sonarr" and world_name == "Remux-2160p":
        return "Bluray-2160p Remux"
    return world_name


def quality(app: App, world_name: str) -> Json:
    """Return a ``Quality`` resource."""
    name = quality_name(app, world_name)
    if app == "sonarr":
        qid, source, resolution = SONARR_QUALITIES[name]
        return {"id": qid, "name": name, "source": source, "resolution": resolution}
    qid, source, resolution, modifier = RADARR_QUALITIES[name]
    return {
        "id": qid,
        "name": name,
        "source": source,
        "resolution": resolution,
        "modifier": modifier,
    }


def quality_model(app: App, world_name: str) -> Json:
    """Return a ``QualityModel`` (quality plus revision)."""
    return {
        "quality": quality(app, world_name),
        "revision": {"version": 1, "real": 0, "isRepack": False},
    }


def cutoff_not_met(profile_id: int, world_name: str) -> bool:
    """Return whether a file is below its profile's cutoff (an upgrade is wanted)."""
    cutoff = CUTOFF.get(profile_id, "Bluray-1080p")
    return RANK.index(world_name) < RANK.index(cutoff)


def language(code: str) -> Json:
    """Return a ``Language`` resource for a two-letter code."""
    lid, name = LANGUAGE_NAMES.get(code, (1, "English"))
    return {"id": lid, "name": name}


def file_languages(file: MediaFile) -> list[Json]:
    """Return the languages of a file's audio tracks."""
    seen: list[Json] = []
    for track in file.audio:
        name = ISO3.get(track.language, "English")
        entry = next(
            ({"id": i, "name": n} for i, n in LANGUAGE_NAMES.values() if n == name),
            {"id": 1, "name": "English"},
        )
        if entry not in seen:
            seen.append(entry)
    return seen


def video_codec(file: MediaFile) -> str:
    """Return the codec as the apps' media info formatter names it."""
    codec = file.video.codec
    if codec == "av1":
        return "AV1"
    if codec == "hevc":
        return "x265" if "x265" in file.path else "h265"
    return "x264" if "x264" in file.path else "h264"


def audio_codec(file: MediaFile) -> str:
    """Return the first audio track's codec as the apps name it."""
    track = file.audio[0]
    if track.codec == "truehd":
        return "TrueHD Atmos" if track.atmos else "TrueHD"
    if track.codec == "eac3":
        return "EAC3 Atmos" if track.atmos else "EAC3"
    if track.codec == "dts":
        return {"DTS-HD MA": "DTS-HD MA", "DTS:X": "DTS-X"}.get(track.profile or "", "DTS")
    return track.codec.upper()


def dynamic_range(file: MediaFile) -> tuple[str, str]:
    """Return (videoDynamicRange, videoDynamicRangeType)."""
    video = file.video
    if video.dynamic_range == "SDR":
        return "", ""
    if video.dynamic_range == "DV":
        return "HDR", "DV HDR10" if video.dv_hdr10_compatible else "DV"
    return "HDR", {"HDR10+": "HDR10Plus"}.get(video.dynamic_range, video.dynamic_range)


def channels(file: MediaFile) -> float:
    """Return the first audio track's channel layout (5.1, 7.1, 2.0)."""
    count = file.audio[0].channels
    return {8: 7.1, 6: 5.1, 2: 2.0, 1: 1.0}.get(count, float(count))


def run_time(duration_ms: int) -> str:
    """Return a run time as the apps format it (``1:58:23`` or ``45:12``)."""
    seconds = duration_ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def media_info(file: MediaFile) -> Json:
    """Return a ``MediaInfoResource``."""
    video = file.video
    dr, dr_type = dynamic_range(file)
    return {
        "audioBitrate": 640000 if file.audio[0].codec in {"ac3", "eac3", "aac"} else 0,
        "audioChannels": channels(file),
        "audioCodec": audio_codec(file),
        "audioLanguages": "/".join(t.language for t in file.audio),
        "audioStreamCount": len(file.audio),
        "videoBitDepth": video.bit_depth,
        "videoBitrate": video.bitrate_kbps * 1000,
        "videoCodec": video_codec(file),
        "videoFps": video.frame_rate,
        "videoDynamicRange": dr,
        "videoDynamicRangeType": dr_type,
        "resolution": f"{video.width}x{video.height}",
        "runTime": run_time(file.duration_ms),
        "scanType": "Progressive",
        "subtitles": "/".join(s.language for s in file.subtitles),
    }


def webhook_media_info(file: MediaFile) -> Json:
    """Return the media info block of a webhook file."""
    dr, dr_type = dynamic_range(file)
    return {
        "audioChannels": channels(file),
        "audioCodec": audio_codec(file),
        "audioLanguages": [t.language for t in file.audio],
        "height": file.video.height,
        "width": file.video.width,
        "subtitles": [s.language for s in file.subtitles],
        "videoCodec": video_codec(file),
        "videoDynamicRange": dr,
        "videoDynamicRangeType": dr_type,
    }


def scene_name(file: MediaFile) -> str:
    """Return the release name a file was grabbed as (dots, no brackets, ``-GROUP``)."""
    stem = file.path.rsplit("/", 1)[-1].rsplit(".", 1)[0].removesuffix("-" + file.release_group)
    words = "".join(ch if ch.isalnum() or ch == "-" else " " for ch in stem).split()
    return ".".join(w for w in words if w != "-") + "-" + file.release_group


def webhook_file(app: App, file: MediaFile, folder: str, source_path: str | None) -> Json:
    """Return a webhook ``episodeFile``/``movieFile`` block."""
    return {
        "id": file.id,
        "relativePath": file.path.removeprefix(folder + "/"),
        "path": file.path,
        "quality": quality_name(app, file.quality),
        "qualityVersion": 1,
        "releaseGroup": file.release_group,
        "sceneName": scene_name(file),
        "size": file.size,
        "dateAdded": utc(file.added_at),
        "languages": file_languages(file),
        "mediaInfo": webhook_media_info(file),
        "sourcePath": source_path,
    }


def deleted_file(app: App, file: MediaFile, folder: str) -> Json:
    """Return one ``deletedFiles[]`` entry of an upgrade ``Download``."""
    body = webhook_file(app, file, folder, None)
    body["recycleBinPath"] = None
    return body

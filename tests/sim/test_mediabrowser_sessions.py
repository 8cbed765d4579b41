"""Now-playing sessions say how each file reaches its device: PlayMethod and TranscodingInfo."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

from tendarr.sim import emby, jellyfin
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.mediabrowser.catalog import Item
from tendarr.sim.mediabrowser.delivery import (
    BROWSER,
    LIVING_ROOM,
    ROKU,
    ClientProfile,
    decide,
    profile_for,
)
from tendarr.sim.mediabrowser.server import SimServer
from tendarr.sim.mediabrowser.state import Device
from tendarr.sim.model import AudioStream, MediaFile, VideoStream

CHROME = Device("Jellyfin Web", "Chrome", "web-1", "10.11.11")
ROKU_ULTRA = Device("Jellyfin Roku", "Roku Ultra", "roku-1", "2.2.0")
APPLE_TV = Device("Swiftfin", "Apple TV", "atv-1", "1.2.0")
SDR_1080 = VideoStream("h264", "High", 1920, 1080, 8, 23.976, "SDR")
HEVC_4K_HDR10 = VideoStream(
    "hevc", "Main 10", 3840, 2160, 10, 23.976, "HDR10", color_transfer="smpte2084"
)
AAC = AudioStream("aac", None, 2, "eng", default=True)
DTS = AudioStream("dts", "DTS-HD MA", 8, "eng", default=True)


def media(container: str, video: VideoStream, *audio: AudioStream) -> MediaFile:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    return MediaFile(1, "/media/x", 1, container, 3_600_000, video, list(audio), [], "", "", moment)


def test_devices_map_to_the_profile_of_their_kind() -> None:
    assert profile_for(CHROME) is BROWSER
    assert profile_for(ROKU_ULTRA) is ROKU
    assert profile_for(APPLE_TV) is LIVING_ROOM
    assert profile_for(Device("Emby Web", "Firefox")) is BROWSER


def test_a_file_the_device_plays_is_direct_play() -> None:
    delivery = decide(media("mp4", SDR_1080, AAC), BROWSER)
    assert (delivery.method, delivery.reasons, delivery.audio_index) == ("DirectPlay", (), 1)


def test_a_container_the_browser_cannot_open_is_remuxed_as_direct_stream() -> None:
    delivery = decide(media("mkv", SDR_1080, AAC), BROWSER)
    assert delivery.method == "DirectStream"
    assert delivery.reasons == ("ContainerNotSupported",)
    assert (delivery.video_direct, delivery.audio_direct) == (True, True)


def test_audio_the_device_cannot_decode_is_converted_with_the_video_copied() -> None:
    delivery = decide(media("mkv", HEVC_4K_HDR10, DTS), BROWSER)
    assert delivery.method == "DirectStream"
    assert delivery.reasons == ("ContainerNotSupported", "AudioCodecNotSupported")
    assert (delivery.video_direct, delivery.audio_direct) == (True, False)


def test_a_same_language_track_the_device_decodes_is_played_instead() -> None:
    ac3 = AudioStream("ac3", None, 6, "eng")
    delivery = decide(media("mkv", SDR_1080, DTS, ac3), ROKU)
    assert (delivery.method, delivery.audio_index) == ("DirectPlay", 2)


def test_video_the_device_cannot_show_is_transcoded() -> None:
    delivery = decide(media("mkv", HEVC_4K_HDR10, AAC), ROKU)
    assert delivery.method == "Transcode"
    assert delivery.reasons == ("VideoResolutionNotSupported",)
    assert (delivery.video_direct, delivery.audio_direct) == (False, True)


def test_an_unsupported_codec_hides_the_finer_reasons_as_jellyfin_masks_them() -> None:
    av1_dv = replace(HEVC_4K_HDR10, codec="av1", dynamic_range="DV", dv_profile=5)
    too_many = AudioStream("aac", None, 8, "eng", default=True)
    delivery = decide(media("mkv", av1_dv, too_many), ROKU)
    assert delivery.reasons == ("VideoCodecNotSupported", "AudioChannelsNotSupported")
    no_fallback = decide(media("mp4", replace(av1_dv, codec="hevc"), AAC), BROWSER)
    assert no_fallback.reasons == ("VideoRangeTypeNotSupported",)


@pytest.mark.parametrize("profile", [BROWSER, ROKU, LIVING_ROOM])
def test_the_same_file_on_the_same_device_always_gets_the_same_answer(
    profile: ClientProfile,
) -> None:
    world = generate_world(WorldConfig(movies=20, shows=3, users=2))
    files = [m.file for m in world.movies if m.file is not None]
    assert [decide(f, profile) for f in files] == [decide(f, profile) for f in files]


def sim_and_client(flavor: str) -> tuple[SimServer, TestClient, dict[str, str]]:
    world = generate_world(WorldConfig(movies=30, shows=5, users=4))
    vendor = jellyfin if flavor == "jellyfin" else emby
    app = vendor.create_app(world)
    sim: SimServer = app.state.sim
    return sim, TestClient(app), {"X-Emby-Token": vendor.credentials(world)["api_key"]}


def pick(sim: SimServer, device: Device, method: str) -> Item:
    profile = profile_for(device)
    return next(
        i
        for i in sim.catalog().items
        if i.file is not None and decide(i.file, profile).method == method
    )


def listed(client: TestClient, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    response = client.get("/Sessions", headers=headers)
    assert response.status_code == 200
    return {s["Id"]: s for s in response.json()}


@pytest.mark.parametrize("flavor", ["jellyfin", "emby"])
def test_sessions_report_play_method_and_transcoding_info(flavor: str) -> None:
    sim, client, headers = sim_and_client(flavor)
    user = sim.state.users()[0]
    plays = {
        "DirectPlay": sim.start_playback(user, pick(sim, APPLE_TV, "DirectPlay").id, APPLE_TV),
        "DirectStream": sim.start_playback(user, pick(sim, CHROME, "DirectStream").id, CHROME),
        "Transcode": sim.start_playback(user, pick(sim, ROKU_ULTRA, "Transcode").id, ROKU_ULTRA),
    }
    sessions = listed(client, headers)
    for method, session in plays.items():
        body = sessions[session.id]
        assert body["PlayState"]["PlayMethod"] == method
        assert body["PlayState"]["AudioStreamIndex"] == session.delivery.audio_index
    assert "TranscodingInfo" not in sessions[plays["DirectPlay"].id]
    remux = sessions[plays["DirectStream"].id]["TranscodingInfo"]
    assert remux["IsVideoDirect"] is True
    assert "ContainerNotSupported" in remux["TranscodeReasons"]
    transcode = sessions[plays["Transcode"].id]["TranscodingInfo"]
    assert (transcode["IsVideoDirect"], transcode["VideoCodec"]) == (False, "h264")
    assert transcode["TranscodeReasons"] == list(plays["Transcode"].delivery.reasons)
    if "VideoResolutionNotSupported" in transcode["TranscodeReasons"]:
        assert transcode["Height"] == ROKU.max_height
    if flavor == "jellyfin":
        assert transcode["HardwareAccelerationType"] == "none"
        assert "SubProtocol" not in transcode
    else:
        assert transcode["SubProtocol"] == "hls"
        assert "HardwareAccelerationType" not in transcode


def test_transcoding_progress_follows_the_position() -> None:
    sim, client, headers = sim_and_client("jellyfin")
    item = pick(sim, ROKU_ULTRA, "Transcode")
    assert item.file is not None
    session = sim.start_playback(sim.state.users()[0], item.id, ROKU_ULTRA)
    session.position_ticks = item.file.duration_ms * 10_000 // 4
    info = listed(client, headers)[session.id]["TranscodingInfo"]
    assert info["CompletionPercentage"] == 25.0


def test_the_same_world_gives_the_same_sessions() -> None:
    bodies = []
    for _ in range(2):
        sim, client, headers = sim_and_client("jellyfin")
        playable = [i for i in sim.catalog().items if i.file is not None]
        for n, user in enumerate(sim.state.users()):
            device = (CHROME, ROKU_ULTRA, APPLE_TV)[n % 3]
            sim.start_playback(user, playable[n * 7].id, device)
        bodies.append(client.get("/Sessions", headers=headers).json())
    assert bodies[0] == bodies[1]

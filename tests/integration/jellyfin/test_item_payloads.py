"""BaseItemDto fields the simulator does not send, read from hand-written payloads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from tendarr.domain.media import (
    AudioInfo,
    Credit,
    ExternalIds,
    ItemKind,
    LibraryPage,
    RemoteFile,
    SubtitleInfo,
    VideoInfo,
)
from tendarr.integrations._http import VendorHttp
from tendarr.integrations.jellyfin.adapter import JellyfinServer
from tendarr.integrations.jellyfin.client import JellyfinClient
from tests.integration.jellyfin.conftest import DEVICE

Page = dict[str, Any]

EPISODE: dict[str, Any] = {
    "Id": "ep1",
    "Type": "Episode",
    "Name": "Pilot",
    "SeriesId": "series1",
    "SeasonId": "season1",
    "ParentId": "season1",
    "IndexNumber": 1,
    "ParentIndexNumber": 1,
    "ProductionYear": 2019,
    "PremiereDate": "2019-04-02T00:00:00.0000000Z",
    "DateCreated": "2024-05-06T07:08:09.1234567Z",
    "DateLastSaved": "2024-06-01T00:00:00Z",
    "ProviderIds": {"TVDB": "7001", "tmdb": "not-a-number", "IMDB": "tt0000001"},
    "Tags": ["keep", "4k"],
    "People": [
        {"Name": "A. Actor", "Role": "Hero", "Type": "Actor"},
        {"Name": "D. Rector", "Type": "Director"},
        {"Name": "G. Star", "Role": "Cameo", "Type": "GuestStar"},
        {"Name": "P. Roducer", "Type": "Producer"},
    ],
    "Studios": [{"Name": "HBO", "Id": "s1"}],
    "MediaSources": [
        {
            "Id": "src1",
            "Path": "/media/tv/Show/S01E01.mkv",
            "Size": 123456789,
            "Container": "mkv",
            "RunTimeTicks": 36_000_000_000,
            "MediaStreams": [
                {"Type": "EmbeddedImage", "Codec": "mjpeg"},
                {"Type": "Video", "Codec": "mjpeg", "Width": 600, "Height": 900},
                {
                    "Type": "Video",
                    "Codec": "hevc",
                    "Profile": "Main 10",
                    "Width": 3840,
                    "Height": 2160,
                    "BitDepth": 10,
                    "AverageFrameRate": 23.976,
                    "ColorTransfer": "smpte2084",
                    "ColorPrimaries": "bt2020",
                    "VideoRange": "HDR",
                    "VideoRangeType": "DOVIWithHDR10",
                    "DvProfile": 8,
                    "DvBlSignalCompatibilityId": 1,
                    "DisplayTitle": "4K DoVi/HDR10 (HEVC Main 10)",
                },
                {
                    "Type": "Audio",
                    "Codec": "truehd",
                    "Channels": 8,
                    "Language": "eng",
                    "DisplayTitle": "English - TrueHD Atmos 7.1",
                    "IsDefault": True,
                },
                {"Type": "Subtitle", "Codec": "pgssub", "Language": "fre", "IsForced": True},
            ],
        }
    ],
}


def serve(pages: Callable[[httpx.Request], Page]) -> JellyfinServer:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages(request))

    http = httpx.Client(base_url="http://jf.test", transport=httpx.MockTransport(handle))
    client = JellyfinClient(VendorHttp(http, "Jellyfin"), DEVICE, "key")
    return JellyfinServer(client, server_id="srv")


def one_page(*items: Any, total: int | None = None) -> JellyfinServer:
    body: Page = {"Items": list(items)}
    if total is not None:
        body["TotalRecordCount"] = total
    return serve(lambda request: body)


def test_every_field_of_an_episode_is_read() -> None:
    (page,) = one_page(EPISODE, total=1).iter_library("lib")
    (item,) = page.items
    assert item.kind is ItemKind.EPISODE
    assert (item.native_id, item.parent_native_id, item.show_native_id) == (
        "ep1",
        "season1",
        "series1",
    )
    assert (item.season_number, item.episode_number, item.year) == (1, 1, 2019)
    assert item.ids == ExternalIds(tvdb=7001, imdb="tt0000001")  # unreadable TMDB id: unknown
    assert item.released == date(2019, 4, 2)
    assert item.added_at == datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
    assert item.updated_at == datetime(2024, 6, 1, tzinfo=UTC)
    assert item.labels == ("keep", "4k")
    assert item.studios == ("HBO",)
    assert item.cast == (Credit("A. Actor", "Hero"),)
    assert item.crew == (Credit("D. Rector", "Director"),)
    assert item.files == (
        RemoteFile(
            path="/media/tv/Show/S01E01.mkv",
            size=123456789,
            container="mkv",
            duration_ms=3_600_000,
            video=VideoInfo(
                codec="hevc",
                profile="Main 10",
                width=3840,
                height=2160,
                bit_depth=10,
                frame_rate=23.976,
                color_transfer="smpte2084",
                color_primaries="bt2020",
                range_label="DOVIWithHDR10",
                dv_profile=8,
                dv_bl_compat_id=1,
                hdr10_plus=False,
                title="4K DoVi/HDR10 (HEVC Main 10)",
            ),
            audio=(
                AudioInfo(
                    codec="truehd",
                    channels=8,
                    language="eng",
                    title="English - TrueHD Atmos 7.1",
                    default=True,
                ),
            ),
            subtitles=(SubtitleInfo(codec="pgssub", language="fre", forced=True),),
            part_id="src1",
        ),
    )


def test_emby_style_tag_items_and_never_dates() -> None:
    movie = {
        "Id": "m1",
        "Type": "Movie",
        "Name": "Film",
        "TagItems": [{"Name": "kids", "Id": 4}],
        "DateCreated": "0001-01-01T00:00:00.0000000Z",
        "PremiereDate": None,
    }
    (page,) = one_page(movie).iter_library("lib")
    (item,) = page.items
    assert item.labels == ("kids",)
    assert item.added_at is None
    assert item.released is None
    assert item.ids == ExternalIds()
    assert item.files == ()


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"Id": "x1", "Type": "BoxSet", "Name": "Collection"}, "unexpected item type 'BoxSet'"),
        ({"Id": "x2", "Type": "Movie"}, "Name is missing"),
        ({"Id": "x3", "Type": "Movie", "Name": "F", "DateCreated": "soon"}, "DateCreated"),
        ({"Id": "x4", "Type": "Movie", "Name": "F", "Genres": "Drama"}, "Genres"),
        ({"Id": "x5", "Type": "Movie", "Name": "F", "MediaSources": [{"Size": 1}]}, "Path"),
        ({"Type": "Movie", "Name": "F"}, "Id is missing"),
    ],
)
def test_an_unreadable_item_is_reported_with_its_reason(bad: dict[str, Any], reason: str) -> None:
    good = {"Id": "ok", "Type": "Movie", "Name": "Fine"}
    (page,) = one_page(good, bad, total=2).iter_library("lib")
    assert [i.native_id for i in page.items] == ["ok"]
    (problem,) = page.problems
    assert problem.native_id == bad.get("Id")
    assert reason in problem.reason


def test_without_a_total_the_walk_ends_at_the_first_short_page() -> None:
    requested: list[int] = []

    def pages(request: httpx.Request) -> Page:
        start = int(request.url.params["startIndex"])
        requested.append(start)
        count = 2 if start < 4 else 1
        return {
            "Items": [{"Id": f"m{start + i}", "Type": "Movie", "Name": "F"} for i in range(count)]
        }

    walked: list[LibraryPage] = list(serve(pages).iter_library("lib", page_size=2))
    assert requested == [0, 2, 4]
    assert [len(p.items) for p in walked] == [2, 2, 1]
    assert all(p.total is None for p in walked)


def test_an_item_repeated_on_a_later_page_is_yielded_once() -> None:
    def pages(request: httpx.Request) -> Page:
        start = int(request.url.params["startIndex"])
        ids = ["a", "b"] if start == 0 else ["b", "c"]
        items = [{"Id": i, "Type": "Movie", "Name": i} for i in ids]
        return {"Items": items, "TotalRecordCount": 4}

    walked = list(serve(pages).iter_library("lib", page_size=2))
    assert [[i.native_id for i in p.items] for p in walked] == [["a", "b"], ["c"]]


def test_naive_changed_since_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        one_page().iter_library("lib", changed_since=datetime(2024, 1, 1))


@pytest.mark.parametrize(
    ("fields", "label", "hdr10_plus"),
    [
        ({"VideoRange": "HDR", "VideoRangeType": "HDR10"}, "HDR10", False),
        (
            {"VideoRangeType": "DOVIWithHDR10Plus", "Hdr10PlusPresentFlag": True},
            "DOVIWithHDR10Plus",
            True,
        ),
        ({"VideoRange": "Unknown", "VideoRangeType": "Unknown"}, None, None),
        ({"VideoRange": "HDR 10", "ExtendedVideoType": "Hdr10"}, "Hdr10", None),
        ({"VideoRange": "HDR 10+", "ExtendedVideoType": "Hdr10Plus"}, "Hdr10Plus", True),
        ({"VideoRange": "SDR", "ExtendedVideoType": "None"}, "SDR", None),
    ],
)
def test_range_label_and_hdr10_plus_say_only_what_the_server_knows(
    fields: dict[str, Any], label: str | None, hdr10_plus: bool | None
) -> None:
    stream = {"Type": "Video", "Codec": "hevc", **fields}
    movie = {
        "Id": "m1",
        "Type": "Movie",
        "Name": "Film",
        "MediaSources": [{"Path": "/m.mkv", "MediaStreams": [stream]}],
    }
    (page,) = one_page(movie).iter_library("lib")
    video = page.items[0].files[0].video
    assert video is not None
    assert (video.range_label, video.hdr10_plus) == (label, hdr10_plus)

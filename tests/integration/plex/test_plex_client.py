"""PlexClient's outgoing requests, and parsing of PMS-shaped payloads the simulator never sends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from tendarr.domain.media import Credit, ExternalIds, ItemKind
from tendarr.integrations.plex import PlexClient, PlexServer
from tendarr.ports.media_server import ServerResponseInvalid
from tests.integration.plex.conftest import CLIENT_ID, PlexSim

BASE = "http://plex.test:32400"
SECTIONS = {
    "MediaContainer": {
        "size": 1,
        "Directory": [{"key": "7", "type": "movie", "title": "Films", "Location": []}],
    }
}

# A movie as a current PMS details it: two versions, credits, tags, Dolby Vision 8.1.
DETAILED_MOVIE: dict[str, Any] = {
    "ratingKey": "501",
    "type": "movie",
    "title": "Heat",
    "year": 1995,
    "guid": "plex://movie/5d776829880197001ec91306",
    "addedAt": 1700000000,
    "updatedAt": 1710000000,
    "originallyAvailableAt": "1995-12-15",
    "audienceRating": 9.4,
    "rating": 8.7,
    "contentRating": "R",
    "studio": "Warner Bros.",
    "someFieldNoSpecDeclares": {"nested": True},
    "Guid": [{"id": "imdb://tt0113277"}, {"id": "tmdb://949"}, {"id": "tvdb://1234"}],
    "Genre": [{"tag": "Crime"}, {"tag": "Thriller"}],
    "Collection": [{"tag": "Michael Mann"}],
    "Label": [{"tag": "keep"}],
    "Director": [{"id": 1, "tag": "Michael Mann"}],
    "Writer": [{"tag": "Michael Mann"}],
    "Role": [{"tag": "Al Pacino", "role": "Vincent Hanna"}, {"tag": "Robert De Niro"}],
    "Media": [
        {
            "id": 11,
            "container": "mkv",
            "duration": 10260000,
            "Part": [
                {
                    "id": 111,
                    "file": "/movies/Heat (1995)/Heat.2160p.DV.mkv",
                    "size": 71234567890,
                    "Stream": [
                        {
                            "streamType": 1,
                            "codec": "hevc",
                            "profile": "main 10",
                            "width": 3840,
                            "height": 1600,
                            "bitDepth": 10,
                            "frameRate": 23.976,
                            "colorTrc": "smpte2084",
                            "colorPrimaries": "bt2020",
                            "videoRangeType": "DOVIWithHDR10",
                            "DOVIPresent": True,
                            "DOVIProfile": 8,
                            "DOVIBLCompatID": 1,
                            "displayTitle": "4K DoVi/HDR10 (HEVC Main 10)",
                        },
                        {
                            "streamType": 2,
                            "codec": "truehd",
                            "channels": 8,
                            "language": "English",
                            "languageCode": "eng",
                            "displayTitle": "English (TRUEHD 7.1)",
                            "extendedDisplayTitle": "English (TrueHD 7.1 Atmos)",
                            "default": 1,
                        },
                        {
                            "streamType": 3,
                            "codec": "srt",
                            "languageCode": "eng",
                            "forced": "1",
                            "key": "/library/streams/9",
                        },
                        {"streamType": 4, "codec": "lyrics"},
                    ],
                }
            ],
        },
        {
            "id": 12,
            "container": "mp4",
            "duration": 10250000,
            "Part": [{"id": 121, "file": "/movies/Heat (1995)/Heat.1080p.mp4", "Stream": []}],
        },
    ],
}


def _movie(key: str, **fields: Any) -> dict[str, Any]:
    """Return a listing row that already carries its streams (no detail fetch needed)."""
    part = {"id": key, "file": f"/movies/{key}.mkv", "Stream": []}
    return {
        "ratingKey": key,
        "type": "movie",
        "title": f"Movie {key}",
        "Media": [{"Part": [part]}],
        **fields,
    }


def _listing(rows: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    return {"MediaContainer": {"size": len(rows), **fields, "Metadata": rows}}


def _pms(answer: Callable[[httpx.Request], Any], seen: list[httpx.Request]) -> PlexClient:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/library/sections/all":
            return httpx.Response(200, json=SECTIONS)
        return httpx.Response(200, json=answer(request))

    http = httpx.Client(transport=httpx.MockTransport(handle))
    return PlexClient(http, BASE + "/", "secret-token", CLIENT_ID, version="1.2.3")


def test_every_request_identifies_tendarr_and_asks_for_json(sim: PlexSim) -> None:
    client = sim.client()
    client.server_info()
    client.sections()
    client.section_items("1", 1, start=20, size=10, updated_since=1700000000)
    for request in sim.requests:
        assert request.headers["X-Plex-Token"] == sim.token
        assert request.headers["X-Plex-Client-Identifier"] == CLIENT_ID
        assert request.headers["X-Plex-Product"] == "Tendarr"
        assert request.headers["X-Plex-Version"] == "9.9.9"
        assert request.headers["Accept"] == "application/json"
        assert "X-Plex-Token" not in request.url.params  # the token stays out of URLs and logs
        assert request.url.host == "plex.sim.test"
    listing = sim.requests[-1]
    assert listing.url.path == "/library/sections/1/all"
    assert dict(listing.url.params) == {
        "type": "1",
        "includeGuids": "1",
        "X-Plex-Container-Start": "20",
        "X-Plex-Container-Size": "10",
        "updatedAt>>": "1700000000",
    }


def test_identity_answers_without_a_valid_token(sim: PlexSim) -> None:
    info = sim.client(token="wrong").identity()
    assert info.machine_identifier == sim.server_model.machine_id
    assert info.version == sim.server_model.version
    assert sim.paths() == ["/identity"]


def test_client_returns_typed_sections_and_pages(sim: PlexSim) -> None:
    client = sim.client()
    sections = client.sections()
    assert [(s.key, s.type, s.locations) for s in sections] == [
        ("1", "movie", ("/data/movies",)),
        ("2", "show", ("/data/tv",)),
    ]
    page = client.section_items("1", 1, start=3, size=4)
    assert (page.offset, page.total_size, len(page.entries)) == (3, 30, 4)
    keys = [e.rating_key for e in page.entries]
    detail = client.metadata([str(k) for k in keys])
    assert sim.requests[-1].url.path == "/library/metadata/" + ",".join(str(k) for k in keys)
    assert [e.rating_key for e in detail.entries] == keys


def test_a_detailed_movie_maps_every_field_of_the_model() -> None:
    seen: list[httpx.Request] = []
    listing = {**DETAILED_MOVIE, "Media": [{"Part": [{"file": "/movies/x.mkv"}]}]}

    def answer(request: httpx.Request) -> Any:
        if request.url.path == "/library/metadata/501":
            return _listing([DETAILED_MOVIE])
        return _listing([listing], totalSize=1, offset=0)

    pages = list(PlexServer("p", _pms(answer, seen)).iter_library("7"))
    (item,) = pages[0].items
    assert str(seen[0].url).startswith(BASE + "/library/sections/all")  # base_url's "/" trimmed
    assert item.kind is ItemKind.MOVIE
    assert item.ids == ExternalIds(tmdb=949, tvdb=1234, imdb="tt0113277")
    assert (item.title, item.year, item.released) == ("Heat", 1995, date(1995, 12, 15))
    assert item.added_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert item.updated_at == datetime.fromtimestamp(1710000000, UTC)
    assert (item.rating, item.critic_rating, item.content_rating) == (9.4, 8.7, "R")
    assert (item.genres, item.studios) == (("Crime", "Thriller"), ("Warner Bros.",))
    assert (item.collections, item.labels) == (("Michael Mann",), ("keep",))
    assert item.cast == (Credit("Al Pacino", "Vincent Hanna"), Credit("Robert De Niro"))
    assert item.crew == (Credit("Michael Mann", "Director"), Credit("Michael Mann", "Writer"))
    uhd, hd = item.files
    assert (uhd.path, uhd.size, uhd.container, uhd.duration_ms, uhd.part_id) == (
        "/movies/Heat (1995)/Heat.2160p.DV.mkv",
        71234567890,
        "mkv",
        10260000,
        "111",
    )
    assert uhd.video is not None
    assert (uhd.video.range_label, uhd.video.dv_profile, uhd.video.dv_bl_compat_id) == (
        "DOVIWithHDR10",
        8,
        1,
    )
    assert uhd.video.title == "4K DoVi/HDR10 (HEVC Main 10)"
    assert (uhd.video.color_transfer, uhd.video.frame_rate) == ("smpte2084", 23.976)
    (audio,) = uhd.audio
    assert (audio.codec, audio.channels, audio.language, audio.default) == (
        "truehd",
        8,
        "eng",
        True,
    )
    assert audio.title == "English (TrueHD 7.1 Atmos)"
    (sub,) = uhd.subtitles
    assert (sub.codec, sub.language, sub.forced, sub.external) == ("srt", "eng", True, True)
    assert (hd.container, hd.duration_ms, hd.video, hd.audio) == ("mp4", 10250000, None, ())


def test_legacy_agent_guids_still_give_external_ids() -> None:
    rows = [
        _movie("1", guid="com.plexapp.agents.imdb://tt0000001?lang=en"),
        _movie("2", guid="com.plexapp.agents.themoviedb://77?lang=en"),
        _movie("3", guid="local://3"),
    ]
    page = _listing(rows, totalSize=3, offset=0)
    pages = list(PlexServer("p", _pms(lambda r: page, [])).iter_library("7"))
    assert [i.ids for i in pages[0].items] == [
        ExternalIds(imdb="tt0000001"),
        ExternalIds(tmdb=77),
        ExternalIds(),
    ]


def test_broken_entries_become_problems_with_their_ratingkey() -> None:
    rows: list[Any] = [
        _movie("1"),
        _movie("2", Media="none"),
        {"type": "movie", "title": "No key"},
        {**_movie("4", originallyAvailableAt="soon"), "ratingKey": 4},
        _movie("5", type="clip"),
        "not even an object",
    ]
    page = _listing(rows, totalSize=6, offset=0)
    (result,) = list(PlexServer("p", _pms(lambda r: page, [])).iter_library("7"))
    assert [i.native_id for i in result.items] == ["1"]
    assert [(x.native_id, x.server_id) for x in result.problems] == [
        ("2", "p"),
        (None, "p"),
        ("4", "p"),
        ("5", "p"),
        (None, "p"),
    ]
    assert "Media" in result.problems[0].reason


def test_without_total_size_a_short_page_ends_the_walk() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> Any:
        start = int(request.url.params["X-Plex-Container-Start"])
        count = {0: 2, 2: 2, 4: 1}[start]
        return _listing([_movie(str(start + n)) for n in range(count)])

    pages = list(PlexServer("p", _pms(answer, seen)).iter_library("7", page_size=2))
    assert [len(p.items) for p in pages] == [2, 2, 1]
    assert [p.total for p in pages] == [None, None, None]
    # rows that already carry their streams need no detail requests
    assert not [r for r in seen if r.url.path.startswith("/library/metadata/")]


def test_a_server_that_ignores_the_page_offset_raises_instead_of_repeating_itself() -> None:
    def answer(request: httpx.Request) -> Any:
        return _listing([_movie("1"), _movie("2")], totalSize=6, offset=0)

    walk = PlexServer("p", _pms(answer, [])).iter_library("7", page_size=2)
    assert len(next(walk).items) == 2
    with pytest.raises(ServerResponseInvalid, match="offset 0 for 2"):
        next(walk)


def test_an_empty_page_before_the_total_is_reached_raises() -> None:
    def answer(request: httpx.Request) -> Any:
        start = int(request.url.params["X-Plex-Container-Start"])
        rows = [] if start else [_movie("1")]
        return _listing(rows, totalSize=5, offset=start)

    walk = PlexServer("p", _pms(answer, [])).iter_library("7", page_size=1)
    assert len(next(walk).items) == 1
    with pytest.raises(ServerResponseInvalid, match="sent none"):
        next(walk)


def test_items_older_than_changed_since_are_dropped_when_the_server_ignores_the_filter() -> None:
    rows = [
        _movie("1", updatedAt=100),
        _movie("2", updatedAt=300),
        _movie("3"),
    ]
    page = _listing(rows, totalSize=3, offset=0)
    since = datetime.fromtimestamp(200, UTC)
    pages = list(PlexServer("p", _pms(lambda r: page, [])).iter_library("7", changed_since=since))
    assert [i.native_id for i in pages[0].items] == ["2", "3"]


def test_a_container_that_is_not_an_object_raises_server_response_invalid() -> None:
    client = _pms(lambda r: {"MediaContainer": []}, [])
    with pytest.raises(ServerResponseInvalid, match="MediaContainer"):
        client.section_items("7", 1, start=0, size=10)

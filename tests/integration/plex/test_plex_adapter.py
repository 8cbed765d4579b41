"""PlexServer against the PMS simulator: every item, ids, files and streams match the World."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tendarr.domain.media import ItemKind, LibraryPage, RemoteFile, RemoteItem, ServerKind
from tendarr.ports.media_server import MediaServer
from tendarr.sim.model import MediaFile
from tendarr.sim.plex.streams import AUDIO_PROFILES
from tests.integration.plex.conftest import SERVER_ID, PlexSim

MOVIES, SHOWS = "1", "2"
DV_BL_COMPAT = {5: 0, 7: 6, 8: 1}


def _walk(pages: list[LibraryPage]) -> dict[str, RemoteItem]:
    items = [i for p in pages for i in p.items]
    assert not [x for p in pages for x in p.problems]
    by_key = {i.native_id: i for i in items}
    assert len(by_key) == len(items), "an item came back twice"
    return by_key


def _assert_file_matches(sim: PlexSim, remote: RemoteFile, file: MediaFile) -> None:
    assert remote.path == sim.server_model.server_path(file.path)
    assert (remote.size, remote.container, remote.duration_ms) == (
        file.size,
        file.container,
        file.duration_ms,
    )
    assert remote.part_id == str(file.id)
    video, v = remote.video, file.video
    assert video is not None
    assert (video.codec, video.profile, video.width, video.height) == (
        v.codec,
        v.profile.lower(),
        v.width,
        v.height,
    )
    assert (video.bit_depth, video.frame_rate) == (v.bit_depth, v.frame_rate)
    assert (video.color_transfer, video.color_primaries) == (v.color_transfer, v.color_primaries)
    assert video.title
    assert video.range_label
    if v.dynamic_range == "DV":
        assert video.dv_profile == v.dv_profile
        assert video.dv_bl_compat_id == DV_BL_COMPAT[v.dv_profile or 0]
        assert "DoVi" in video.title
    else:
        assert video.dv_profile is None
        assert video.dv_bl_compat_id is None
    assert [(a.codec, a.channels, a.language, a.default) for a in remote.audio] == [
        (a.codec, a.channels, a.language, a.default) for a in file.audio
    ]
    assert [a.profile for a in remote.audio] == [
        AUDIO_PROFILES.get(a.profile or "") for a in file.audio
    ]
    assert all(a.title for a in remote.audio)
    assert [(s.language, s.forced, s.external) for s in remote.subtitles] == [
        (s.language, s.forced, s.external) for s in file.subtitles
    ]
    assert [s.codec for s in remote.subtitles] == [
        "srt" if s.codec in {"subrip", "srt"} else s.codec for s in file.subtitles
    ]


def test_identity_reports_the_servers_name_machine_id_and_version(sim: PlexSim) -> None:
    port: MediaServer = sim.adapter()  # mypy checks PlexServer against the port
    identity = port.identity()
    server = sim.server_model
    assert identity.kind is ServerKind.PLEX
    assert (identity.name, identity.machine_id, identity.version) == (
        server.name,
        server.machine_id,
        server.version,
    )
    assert sim.paths() == ["/"]  # "/" needs the token, so identity() is a connection test


def test_libraries_are_the_sections_with_their_kind_and_folders(sim: PlexSim) -> None:
    libraries = sim.adapter().libraries()
    assert [(lib.id, lib.name, lib.kind, lib.locations) for lib in libraries] == [
        (lib.key, lib.name, lib.kind, (lib.root,)) for lib in sim.server_model.libraries
    ]


def test_every_movie_comes_back_with_ids_metadata_files_and_streams(sim: PlexSim) -> None:
    items = _walk(list(sim.adapter().iter_library(MOVIES)))
    movies = sim.world.library_movies()
    assert len(items) == len(movies)
    checked_dv = 0
    for movie in movies:
        assert movie.file is not None
        item = items[sim.native("movie", movie.id)]
        assert item.kind is ItemKind.MOVIE
        assert (item.server_id, item.library_id) == (SERVER_ID, MOVIES)
        assert (item.ids.tmdb, item.ids.imdb, item.ids.tvdb) == (movie.tmdb_id, movie.imdb_id, None)
        assert (item.title, item.year, item.released) == (
            movie.title,
            movie.year,
            movie.release_date,
        )
        assert item.parent_native_id is None
        assert item.show_native_id is None
        assert item.content_rating == movie.content_rating
        assert item.genres == tuple(movie.genres)
        assert item.studios == (movie.studio,)
        assert item.rating == round(movie.tmdb_rating, 1)
        assert item.critic_rating == round(movie.critic_rating / 10, 1)
        assert item.updated_at == movie.file.added_at
        assert item.added_at == (movie.added_at or movie.file.added_at)
        assert item.added_at is not None
        assert item.added_at.tzinfo is UTC
        assert len(item.files) == 1
        _assert_file_matches(sim, item.files[0], movie.file)
        checked_dv += movie.file.video.dynamic_range == "DV"
    assert checked_dv > 0, "the world should hold Dolby Vision files to compare"


def test_every_show_season_and_episode_comes_back_linked_to_its_parents(sim: PlexSim) -> None:
    pages = list(sim.adapter().iter_library(SHOWS))
    items = _walk(pages)
    shows = sim.world.library_shows()
    seasons = [(show, s) for show in shows for s in show.seasons if any(e.file for e in s.episodes)]
    episodes = [(show, e) for show in shows for e in show.episodes() if e.file is not None]
    assert len(items) == len(shows) + len(seasons) + len(episodes)
    assert {p.total for p in pages} == {len(items)}
    kinds = [i.kind for p in pages for i in p.items]
    assert kinds == sorted(kinds, key=[ItemKind.SHOW, ItemKind.SEASON, ItemKind.EPISODE].index)
    for show in shows:
        item = items[sim.native("show", show.id)]
        assert item.kind is ItemKind.SHOW
        assert (item.ids.tmdb, item.ids.tvdb, item.ids.imdb) == (
            show.tmdb_id,
            show.tvdb_id,
            show.imdb_id,
        )
        assert (item.title, item.year, item.studios) == (show.title, show.year, (show.network,))
        assert item.files == ()
    for show, season in seasons:
        item = items[sim.native("season", show.id * 1000 + season.number)]
        assert item.kind is ItemKind.SEASON
        assert item.parent_native_id == item.show_native_id == sim.native("show", show.id)
        assert item.season_number == season.number
    for show, episode in episodes:
        assert episode.file is not None
        item = items[sim.native("episode", episode.id)]
        assert item.kind is ItemKind.EPISODE
        assert item.ids.tmdb == episode.tmdb_id
        assert item.ids.tvdb == episode.tvdb_id  # the episode's own id, never the series'
        assert item.show_native_id == sim.native("show", show.id)
        season_key = show.id * 1000 + episode.season_number
        assert item.parent_native_id == sim.native("season", season_key)
        assert (item.season_number, item.episode_number) == (
            episode.season_number,
            episode.episode_number,
        )
        assert (item.title, item.released) == (episode.title, episode.air_date)
        assert item.updated_at == episode.file.added_at
        _assert_file_matches(sim, item.files[0], episode.file)


def test_paging_walks_many_small_pages_and_sees_each_item_once(sim: PlexSim) -> None:
    pages = list(sim.adapter().iter_library(MOVIES, page_size=7))
    movies = len(sim.world.library_movies())
    assert len(pages) == -(-movies // 7)
    assert [len(p.items) for p in pages[:-1]] == [7] * (len(pages) - 1)
    assert {p.total for p in pages} == {movies}
    assert len(_walk(pages)) == movies
    listing = [r for r in sim.requests if r.url.path == "/library/sections/1/all"]
    assert [r.url.params["X-Plex-Container-Start"] for r in listing] == [
        str(n) for n in range(0, movies, 7)
    ]
    assert {r.url.params["X-Plex-Container-Size"] for r in listing} == {"7"}


def test_stream_details_are_fetched_in_batches_of_ratingkeys(sim: PlexSim) -> None:
    movies = sorted(sim.native("movie", m.id) for m in sim.world.library_movies())
    list(sim.adapter(detail_batch=12).iter_library(MOVIES, page_size=200))
    detail = [r.url.path for r in sim.requests if r.url.path.startswith("/library/metadata/")]
    assert len(detail) == -(-len(movies) // 12)
    keys = [k for path in detail for k in path.removeprefix("/library/metadata/").split(",")]
    assert sorted(keys) == movies
    assert len(sim.requests) == 2 + len(detail)  # sections, one listing page, the batches


def test_items_held_at_their_stamp_skip_the_detail_requests(sim: PlexSim) -> None:
    first = list(_walk(list(sim.adapter().iter_library(MOVIES, page_size=200))).values())
    held = {item.native_id: item.updated_at for item in first[:-1] if item.updated_at}
    assert len(held) == len(first) - 1
    sim.requests.clear()
    again = _walk(list(sim.adapter().iter_library(MOVIES, page_size=200, known=held)))
    detail = [r.url.path for r in sim.requests if r.url.path.startswith("/library/metadata/")]
    assert detail == [f"/library/metadata/{first[-1].native_id}"]  # only the one not held
    assert set(again) == {i.native_id for i in first}
    assert again[first[-1].native_id].files


def test_show_library_counts_each_type_once_then_pages_through_it(sim: PlexSim) -> None:
    list(sim.adapter().iter_library(SHOWS, page_size=50))
    listing = [r.url.params for r in sim.requests if r.url.path == "/library/sections/2/all"]
    counts = [p for p in listing if p["X-Plex-Container-Size"] == "0"]
    assert [p["type"] for p in counts] == ["2", "3", "4"]
    assert all(p["includeGuids"] == "1" for p in listing)
    walked = [p["type"] for p in listing if p["X-Plex-Container-Size"] == "50"]
    assert walked == sorted(walked)
    assert set(walked) == {"2", "3", "4"}


def test_changed_since_returns_only_items_updated_at_or_after_it(sim: PlexSim) -> None:
    stamps = sorted({m.file.added_at for m in sim.world.library_movies() if m.file})
    cutoff = stamps[len(stamps) // 2]
    items = _walk(list(sim.adapter().iter_library(MOVIES, changed_since=cutoff)))
    expected = {
        sim.native("movie", m.id)
        for m in sim.world.library_movies()
        if m.file is not None and m.file.added_at >= cutoff
    }
    assert set(items) == expected
    assert 0 < len(expected) < len(sim.world.library_movies())
    listing = next(r for r in sim.requests if r.url.path == "/library/sections/1/all")
    assert listing.url.params["updatedAt>>"] == str(int(cutoff.timestamp()))


def test_changed_since_on_a_show_library_keeps_changed_shows_seasons_and_episodes(
    sim: PlexSim,
) -> None:
    episodes = [e for e in sim.world.episode_by_id.values() if e.file is not None]
    cutoff = sorted({e.file.added_at for e in episodes if e.file})[-3]
    items = _walk(list(sim.adapter().iter_library(SHOWS, changed_since=cutoff)))
    changed = {
        sim.native("episode", e.id) for e in episodes if e.file and e.file.added_at >= cutoff
    }
    assert {k for k, i in items.items() if i.kind is ItemKind.EPISODE} == changed
    shows = {i.show_native_id for i in items.values() if i.kind is ItemKind.EPISODE}
    assert {k for k, i in items.items() if i.kind is ItemKind.SHOW} == shows


def test_changed_since_must_be_timezone_aware(sim: PlexSim) -> None:
    naive = datetime(2025, 1, 1)
    with pytest.raises(ValueError, match="timezone"):
        list(sim.adapter().iter_library(MOVIES, changed_since=naive))


def test_a_library_with_nothing_changed_yields_one_empty_page(sim: PlexSim) -> None:
    later = sim.world.now.replace(year=sim.world.now.year + 1)
    pages = list(sim.adapter().iter_library(MOVIES, changed_since=later))
    assert [(p.items, p.problems, p.total) for p in pages] == [([], [], 0)]
    assert not [r for r in sim.requests if r.url.path.startswith("/library/metadata/")]

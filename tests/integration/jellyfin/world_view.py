"""What a Jellyfin or Emby server of a simulated World should report, read off the World.

Shared by the Jellyfin and Emby adapter tests (the two servers share one item model).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import httpx

from tendarr.domain.media import (
    AudioInfo,
    ExternalIds,
    ItemKind,
    LibraryPage,
    RemoteFile,
    RemoteItem,
    SubtitleInfo,
)
from tendarr.sim.model import MediaFile, MediaServer, VideoStream
from tendarr.sim.world import World

# The range label and HDR10+ flag a server reports for a World video stream.
RangeOf = Callable[[VideoStream], tuple[str, bool | None]]


@dataclass(frozen=True)
class Expected:
    """One item as the World says the server lists it."""

    kind: ItemKind
    library_id: str
    title: str
    ids: ExternalIds
    parent: str | None = None
    show: str | None = None
    season_number: int | None = None
    episode_number: int | None = None
    file: MediaFile | None = None


def expected_items(world: World, server: MediaServer) -> dict[str, Expected]:
    """Return every movie, series, season and episode with a file, by native id."""
    ids = server.native_ids
    movie_lib = next(lib.key for lib in server.libraries if lib.kind == "movie")
    show_lib = next(lib.key for lib in server.libraries if lib.kind == "show")
    out: dict[str, Expected] = {}
    for movie in world.movies:
        if movie.file is not None:
            out[ids[("movie", movie.id)]] = Expected(
                ItemKind.MOVIE,
                movie_lib,
                movie.title,
                ExternalIds(tmdb=movie.tmdb_id, imdb=movie.imdb_id),
                file=movie.file,
            )
    for show in world.shows:
        if not show.in_library:
            continue
        series = ids[("show", show.id)]
        out[series] = Expected(
            ItemKind.SHOW,
            show_lib,
            show.title,
            ExternalIds(tmdb=show.tmdb_id, tvdb=show.tvdb_id, imdb=show.imdb_id),
        )
        for season in show.seasons:
            episodes = [e for e in season.episodes if e.file is not None]
            if not episodes:
                continue
            season_id = ids[("season", show.id * 1000 + season.number)]
            out[season_id] = Expected(
                ItemKind.SEASON,
                show_lib,
                f"Season {season.number}",
                ExternalIds(tmdb=season.tmdb_id),
                parent=series,
                show=series,
                season_number=season.number,
            )
            for episode in episodes:
                out[ids[("episode", episode.id)]] = Expected(
                    ItemKind.EPISODE,
                    show_lib,
                    episode.title,
                    ExternalIds(tmdb=episode.tmdb_id, tvdb=episode.tvdb_id),
                    parent=season_id,
                    show=series,
                    season_number=episode.season_number,
                    episode_number=episode.episode_number,
                    file=episode.file,
                )
    return out


def collect(pages: Iterable[LibraryPage]) -> list[RemoteItem]:
    """Return the items of every page, failing on any reported problem."""
    items: list[RemoteItem] = []
    for page in pages:
        assert page.problems == []
        items.extend(page.items)
    return items


def assert_matches(
    items: Iterable[RemoteItem],
    expected: dict[str, Expected],
    server: MediaServer,
    server_id: str,
    range_of: RangeOf,
) -> None:
    """Assert the adapter reported exactly the expected items, ids, files and streams."""
    by_id = {item.native_id: item for item in items}
    assert by_id.keys() == expected.keys()
    for native_id, want in expected.items():
        got = by_id[native_id]
        assert got.server_id == server_id
        assert (got.kind, got.library_id, got.title, got.ids) == (
            want.kind,
            want.library_id,
            want.title,
            want.ids,
        )
        assert (got.parent_native_id, got.show_native_id) == (want.parent, want.show)
        assert (got.season_number, got.episode_number) == (
            want.season_number,
            want.episode_number,
        )
        if want.file is None:
            assert got.files == ()
        else:
            assert got.files == (expected_file(want.file, got, server, range_of),)


def expected_file(
    file: MediaFile, got: RemoteItem, server: MediaServer, range_of: RangeOf
) -> RemoteFile:
    """Return the RemoteFile a World file should read as (the video is checked field-wise)."""
    video = got.files[0].video
    assert video is not None
    source = file.video
    assert (video.codec, video.profile, video.width, video.height, video.bit_depth) == (
        source.codec,
        source.profile,
        source.width,
        source.height,
        source.bit_depth,
    )
    assert video.frame_rate == source.frame_rate
    assert (video.color_transfer, video.color_primaries) == (
        source.color_transfer,
        source.color_primaries,
    )
    assert (video.range_label, video.hdr10_plus) == range_of(source)
    assert video.title
    return RemoteFile(
        path=server.server_path(file.path),
        size=file.size,
        container=file.container,
        duration_ms=file.duration_ms,
        video=video,
        audio=tuple(
            AudioInfo(
                codec=a.codec,
                profile=a.profile,
                channels=a.channels,
                language=a.language,
                title=got.files[0].audio[i].title,
                default=a.default,
            )
            for i, a in enumerate(file.audio)
        ),
        subtitles=tuple(
            SubtitleInfo(codec=s.codec, language=s.language, forced=s.forced, external=s.external)
            for s in file.subtitles
        ),
        part_id=got.native_id,
    )


class Recorder:
    """Keep every request a client sends (an httpx request event hook)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> None:
        self.requests.append(request)

    def paths(self) -> list[str]:
        """Return the path of each request in order."""
        return [r.url.path for r in self.requests]


def record(client: httpx.Client) -> Recorder:
    """Attach a Recorder to ``client`` and return it."""
    recorder = Recorder()
    client.event_hooks = {"request": [recorder], "response": []}
    return recorder


def no_sleep_log() -> tuple[list[float], Callable[[float], None]]:
    """Return a list and a sleep function that only appends to it."""
    slept: list[float] = []
    return slept, slept.append

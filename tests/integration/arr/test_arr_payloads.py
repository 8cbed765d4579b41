"""Payload readers: optional fields may be absent, wrong types are named, unknown is None."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tendarr.domain.arr import ArrSeason, CommandStatus, SeriesStatus
from tendarr.integrations.arr.fields import MalformedPayload
from tendarr.integrations.arr.models import (
    DiskSpace,
    Labels,
    parse_command,
    parse_root_folder,
    with_totals,
)
from tendarr.integrations.radarr.models import movie_parser
from tendarr.integrations.radarr.models import parse_exclusion as radarr_exclusion
from tendarr.integrations.sonarr.models import parse_episode, series_parser

LABELS = Labels(tags={1: "keep"}, profiles={4: "HD-1080p"})


def test_a_minimal_series_reads_with_unknowns_as_none() -> None:
    series = series_parser(LABELS)({"id": 7, "tvdbId": 81189, "title": "X", "monitored": False})
    assert (series.id, series.tvdb_id, series.monitored) == (7, 81189, False)
    assert (series.status, series.quality_profile, series.size_on_disk) == (None, None, None)
    assert (series.tmdb_id, series.year, series.added_at, series.seasons) == (None, None, None, ())


def test_series_fields_sonarr_v4_sends_are_read() -> None:
    body = {
        "id": 1,
        "tvdbId": 2,
        "tmdbId": 0,
        "title": "Y",
        "monitored": True,
        "status": "upcoming",
        "tags": [1],
        "qualityProfileId": 4,
        "added": "0001-01-01T00:00:00Z",
        "statistics": {"sizeOnDisk": 10, "episodeFileCount": 2},
        "seasons": [
            {"seasonNumber": 2, "monitored": False},
            {"seasonNumber": 1, "monitored": True, "statistics": {"episodeFileCount": 2}},
        ],
        "someFutureField": {"ignored": True},
    }
    series = series_parser(LABELS)(body)
    assert series.status is SeriesStatus.UPCOMING
    assert (series.tags, series.quality_profile, series.tmdb_id) == (("keep",), "HD-1080p", None)
    assert (series.size_on_disk, series.episode_file_count, series.added_at) == (10, 2, None)
    assert series.seasons == (
        ArrSeason(1, True, episode_file_count=2),
        ArrSeason(2, False),
    )


def test_an_unknown_status_is_unknown_not_a_guess() -> None:
    body = {"id": 1, "tvdbId": 2, "title": "Y", "monitored": True, "status": "hiatus"}
    assert series_parser(LABELS)(body).status is None


def test_a_series_without_a_tvdb_id_is_malformed() -> None:
    with pytest.raises(MalformedPayload, match="tvdbId is missing"):
        series_parser(LABELS)({"id": 1, "tvdbId": 0, "title": "Y", "monitored": True})


def test_a_bad_season_is_named() -> None:
    body = {
        "id": 1,
        "tvdbId": 2,
        "title": "Y",
        "monitored": True,
        "seasons": [{"seasonNumber": 3, "monitored": "yes"}],
    }
    with pytest.raises(MalformedPayload, match="season 3: monitored is str"):
        series_parser(LABELS)(body)


def test_an_episode_without_a_file_has_no_file_id_or_size() -> None:
    episode = parse_episode(
        {
            "id": 5,
            "seriesId": 1,
            "seasonNumber": 0,
            "episodeNumber": 1,
            "monitored": False,
            "episodeFileId": 0,
            "hasFile": False,
            "airDate": "2024-02-29",
            "airDateUtc": "2024-03-01T01:00:00Z",
        }
    )
    assert (episode.file_id, episode.file_size, episode.has_file) == (None, None, False)
    assert episode.air_date == date(2024, 2, 29)
    assert episode.aired_at == datetime(2024, 3, 1, 1, tzinfo=UTC)


def test_a_movie_takes_its_size_from_statistics_when_the_top_level_lacks_it() -> None:
    movie = movie_parser(LABELS)(
        {"id": 3, "tmdbId": 603, "title": "M", "monitored": True, "statistics": {"sizeOnDisk": 9}}
    )
    assert (movie.size_on_disk, movie.has_file, movie.file_id) == (9, False, None)


def test_radarr_exclusions_ignore_provider_fields() -> None:
    exclusion = radarr_exclusion(
        {"id": 2, "tmdbId": 603, "movieTitle": "M", "movieYear": 1999, "fields": [], "tags": []}
    )
    assert (exclusion.external_id, exclusion.title, exclusion.year) == (603, "M", 1999)


def test_a_command_with_an_unknown_status_reads_as_unknown() -> None:
    command = parse_command({"id": 4, "name": "EpisodeSearch", "status": "paused"})
    assert command.status is None
    assert parse_command({"id": 4, "name": "X", "status": "failed"}).status is CommandStatus.FAILED


def test_a_root_folder_takes_the_total_of_the_deepest_disk_that_holds_it() -> None:
    folders = [
        parse_root_folder({"id": 1, "path": "/data/tv/", "freeSpace": 5}),
        parse_root_folder({"id": 2, "path": "/elsewhere", "freeSpace": 1}),
        parse_root_folder({"id": 3, "path": "/data/tvshows", "freeSpace": 2}),
    ]
    disks = [
        DiskSpace("/", 1, 100),
        DiskSpace("/data", 5, 1000),
        DiskSpace("/data/tv", 5, 500),
        DiskSpace("/elsewhere-too", 3, 7),
    ]
    assert [f.total_bytes for f in with_totals(folders, disks)] == [500, 100, 1000]

"""The universal webhook recognises each sender's shapes, ignores noise, refuses the rest."""

from __future__ import annotations

from typing import Any

import pytest

from tendarr.domain.media import ServerKind
from tendarr.domain.previews.webhooks import (
    Verdict,
    WebhookSource,
    WebhookUnrecognised,
    arr_path_to_local,
    recognise_webhook,
    webhook_local_paths,
    webhook_sender,
)
from tendarr.domain.servers import PathMapping, ServerConfig
from tests.unit.preview_jobs import webhook_bodies as bodies


def test_sonarr_download_names_the_episode_file() -> None:
    found = recognise_webhook(bodies.SONARR_DOWNLOAD)
    assert (found.source, found.verdict, found.event) == (
        WebhookSource.SONARR,
        Verdict.IMPORT,
        "Download",
    )
    assert found.paths == (bodies.EPISODE_PATH,)
    assert found.title == "The Expanse S01E02"
    assert not found.upgrade


def test_sonarr_v4_import_complete_shape_lists_every_file() -> None:
    found = recognise_webhook(bodies.SONARR_IMPORT_COMPLETE)
    assert found.verdict is Verdict.IMPORT
    assert found.paths == (
        bodies.EPISODE_PATH,
        "/tv/The Expanse/Season 01/The Expanse - S01E03 - Remember the Cant.mkv",
    )
    assert found.title == "The Expanse"


def test_sonarr_upgrade_reports_the_replaced_file() -> None:
    found = recognise_webhook(bodies.SONARR_UPGRADE)
    assert found.upgrade
    assert found.deleted_paths == (
        "/tv/The Expanse/Season 01/The Expanse - S01E02 - The Big Empty 720p.mkv",
    )


def test_radarr_download_and_relative_shape() -> None:
    found = recognise_webhook(bodies.RADARR_DOWNLOAD)
    assert (found.source, found.paths) == (WebhookSource.RADARR, (bodies.MOVIE_PATH,))
    assert found.title == "Inception (2010)"
    relative = recognise_webhook(bodies.RADARR_RELATIVE)
    assert relative.paths == ("/movies/Inception (2010)/Inception.mkv",)


def test_radarr_upgrade_flag_alone_counts() -> None:
    assert recognise_webhook({**bodies.RADARR_DOWNLOAD, "isUpgrade": True}).upgrade


@pytest.mark.parametrize(
    ("body", "source"),
    [
        (bodies.SONARR_TEST, WebhookSource.SONARR),
        (bodies.RADARR_TEST, WebhookSource.RADARR),
        (bodies.EMBY_TEST, WebhookSource.EMBY),
        (bodies.CUSTOM_TEST, WebhookSource.CUSTOM),
        ({"event": "test.ping", "Server": {"uuid": "x"}}, WebhookSource.PLEX),
    ],
)
def test_test_events_are_recognised(body: dict[str, Any], source: WebhookSource) -> None:
    found = recognise_webhook(body)
    assert (found.source, found.verdict) == (source, Verdict.TEST)


@pytest.mark.parametrize(
    ("body", "source"),
    [
        (bodies.SONARR_GRAB, WebhookSource.SONARR),
        (bodies.SONARR_RENAME, WebhookSource.SONARR),
        (bodies.RADARR_HEALTH, WebhookSource.RADARR),
        (bodies.PLEX_PLAY, WebhookSource.PLEX),
        (bodies.PLEX_TRACK, WebhookSource.PLEX),
        (bodies.JELLYFIN_PLAYBACK, WebhookSource.JELLYFIN),
        ({**bodies.JELLYFIN_ITEM_ADDED, "ItemType": "Audio"}, WebhookSource.JELLYFIN),
        (bodies.EMBY_PLAYBACK, WebhookSource.EMBY),
    ],
)
def test_known_noise_is_ignored(body: dict[str, Any], source: WebhookSource) -> None:
    found = recognise_webhook(body)
    assert (found.source, found.verdict) == (source, Verdict.NOISE)
    assert found.reason


def test_plex_library_new_gives_the_rating_key_and_server() -> None:
    found = recognise_webhook(bodies.PLEX_LIBRARY_NEW)
    assert (found.source, found.verdict) == (WebhookSource.PLEX, Verdict.IMPORT)
    assert found.paths == ()
    assert found.item_ids == ("153037",)
    assert found.server_identity == "plex-machine-1"
    assert found.title == "The Expanse - The Big Empty"
    with_file = recognise_webhook(bodies.PLEX_LIBRARY_NEW_WITH_FILE)
    assert with_file.paths == ("/data/movies/Some Movie/Some Movie.mkv",)


def test_jellyfin_item_added_and_emby_library_new() -> None:
    jelly = recognise_webhook(bodies.JELLYFIN_ITEM_ADDED)
    assert (jelly.source, jelly.verdict) == (WebhookSource.JELLYFIN, Verdict.IMPORT)
    assert jelly.item_ids == ("a1b2c3d4e5f60718293a4b5c6d7e8f90",)
    assert jelly.server_identity == "0f4e9c2b6a1d4b8e9f3a2c1d0e9b8a7f"
    emby = recognise_webhook(bodies.EMBY_LIBRARY_NEW)
    assert (emby.source, emby.paths) == (
        WebhookSource.EMBY,
        ("/mnt/movies/Inception (2010)/Inception.mkv",),
    )
    assert emby.server_identity == "emby-machine"


def test_custom_bodies() -> None:
    one = recognise_webhook(bodies.CUSTOM_ONE)
    assert (one.source, one.paths) == (WebhookSource.CUSTOM, (bodies.CUSTOM_ONE["file_path"],))
    many = recognise_webhook(bodies.CUSTOM_MANY)
    assert many.paths == tuple(bodies.CUSTOM_MANY["file_paths"])
    assert many.title == "Tdarr re-encode"


@pytest.mark.parametrize(
    "body",
    [
        [],
        "text",
        {},
        {"hello": "world"},
        {"file_paths": "/not/a/list"},
        {"file_paths": []},
        {"eventType": "Download", "series": {"title": "No path"}, "episodeFile": {}},
        {"event": "library.new", "Metadata": {"type": "movie"}},
    ],
)
def test_unrecognised_bodies_are_refused(body: object) -> None:
    with pytest.raises(WebhookUnrecognised):
        recognise_webhook(body)


MAPPINGS = (
    PathMapping("/data_disk1", "/data", ("/data",)),
    PathMapping("/data_disk2", "/data"),
    PathMapping("/data/tv", "/srv/tv"),
)


def test_arr_paths_map_through_webhook_prefixes_then_remote_prefixes() -> None:
    assert arr_path_to_local("/data/movies/a.mkv", MAPPINGS) == "/data/movies/a.mkv"
    assert arr_path_to_local("/data/tv/show/e.mkv", MAPPINGS) == "/srv/tv/show/e.mkv"  # longest
    assert arr_path_to_local("/data_disk2/x.mkv", MAPPINGS) == "/data/x.mkv"
    assert arr_path_to_local("/database/x.mkv", MAPPINGS) is None  # whole segments only
    assert arr_path_to_local("/elsewhere/x.mkv", MAPPINGS) is None


def _server(server_id: str, kind: ServerKind, identity: str, *rows: PathMapping) -> ServerConfig:
    return ServerConfig(server_id, kind, server_id, "http://h", server_identity=identity,
                        path_mappings=rows)  # fmt: skip


def test_media_server_webhooks_find_their_server_and_map_its_paths() -> None:
    plex = _server("plex-1", ServerKind.PLEX, "plex-machine-1", PathMapping("/data", "/media"))
    other = _server("plex-2", ServerKind.PLEX, "other", PathMapping("/data", "/elsewhere"))
    emby = _server("emby-1", ServerKind.EMBY, "emby-machine", PathMapping("/mnt", "/media"))
    servers = [plex, other, emby]
    found = recognise_webhook(bodies.PLEX_LIBRARY_NEW_WITH_FILE)
    sender = webhook_sender(found, servers, None)
    assert sender == plex
    local = webhook_local_paths(found.paths, found.source, servers, None, sender)
    assert local == ["/media/movies/Some Movie/Some Movie.mkv"]
    emby_found = recognise_webhook(bodies.EMBY_LIBRARY_NEW)
    assert webhook_sender(emby_found, servers, None) == emby
    with pytest.raises(Exception, match="server id is not that of plex-2"):
        webhook_sender(found, servers, other)


def test_arr_webhooks_use_every_server_unless_pinned() -> None:
    plex = _server("plex-1", ServerKind.PLEX, "p", PathMapping("/data", "/media", ("/tv",)))
    found = recognise_webhook(bodies.SONARR_DOWNLOAD)
    assert webhook_sender(found, [plex], None) is None
    local = webhook_local_paths(found.paths, found.source, [plex], None, None)
    assert local == ["/media/The Expanse/Season 01/The Expanse - S01E02 - The Big Empty.mkv"]
    assert webhook_local_paths(["/x/y.mkv"], found.source, [plex], None, None) == ["/x/y.mkv"]

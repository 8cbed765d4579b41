"""Where previews go: Plex bundles, Emby sidecars, Jellyfin folders, paths, readiness, tester."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tendarr.domain.media import ServerKind
from tendarr.domain.previews.placement import (
    PlacementSettings,
    emby_sidecar_path,
    jellyfin_trickplay_path,
    map_to_remote,
    plex_bundle_path,
    plex_config_problem,
    server_paths,
    webhook_to_local,
)
from tendarr.domain.previews.readiness import (
    EXTRACT_DURING_SCAN,
    EXTRACTION,
    SAVE_WITH_MEDIA,
    BridgePlugin,
    bridge_from_plugins,
    jellyfin_readiness,
)
from tendarr.domain.servers import PathMapping, ServerConfig, map_to_local
from tendarr.services.path_tester import Role, SuggestionKind, inspect_path

HASH = "0123456789abcdef0123456789abcdef01234567"
PMS = "/config/Library/Application Support/Plex Media Server"


# --- Plex bundle ---------------------------------------------------------------------


def test_bundle_path_matches_the_field_notes_byte_for_byte() -> None:
    path = plex_bundle_path(PMS, HASH)
    assert str(path).encode() == (
        b"/config/Library/Application Support/Plex Media Server/Media/localhost/0/"
        b"123456789abcdef0123456789abcdef01234567.bundle/Contents/Indexes/index-sd.bif"
    )


def test_bundle_path_ignores_a_trailing_slash_on_the_config_folder() -> None:
    assert plex_bundle_path(PMS + "/", HASH) == plex_bundle_path(PMS, HASH)


@pytest.mark.parametrize("bad", ["", "0123", HASH.upper(), HASH + "0", "g" * 40, "../" + HASH[3:]])
def test_bundle_path_refuses_anything_but_a_part_hash(bad: str) -> None:
    with pytest.raises(ValueError, match="not a Plex MediaPart hash"):
        plex_bundle_path(PMS, bad)


# --- Emby and Jellyfin beside the media ----------------------------------------------


@pytest.mark.parametrize(
    ("media", "width", "interval", "expected"),
    [
        ("/movies/Movie (2010)/Movie (2010).mkv", 320, 10, "Movie (2010)-320-10.bif"),
        ("/tv/Show/Season 01/Show.S01E01.1080p.WEB.mkv", 240, 5, "Show.S01E01.1080p.WEB-240-5.bif"),
        ("/movies/Film [4K] {tmdb-1}.mp4", 320, 2, "Film [4K] {tmdb-1}-320-2.bif"),
    ],
)
def test_emby_sidecar_sits_next_to_the_media_with_emby_s_name(
    media: str, width: int, interval: int, expected: str
) -> None:
    path = emby_sidecar_path(Path(media), width, interval)
    assert path == Path(media).parent / expected


def test_jellyfin_folder_sits_next_to_the_media() -> None:
    media = Path("/movies/Inception (2010)/Inception (2010).mkv")
    assert jellyfin_trickplay_path(media, 320) == Path(
        "/movies/Inception (2010)/Inception (2010).trickplay/320 - 10x10"
    )


def test_widths_come_from_the_kind_or_a_per_server_override() -> None:
    settings = PlacementSettings(bif_width=240, trickplay_width=320, server_widths={"jf2": 480})
    jellyfin = ServerConfig("jf", ServerKind.JELLYFIN, "JF", "http://jf")
    assert settings.width_for(jellyfin) == 320
    assert settings.width_for(ServerConfig("em", ServerKind.EMBY, "E", "http://e")) == 240
    assert settings.width_for(ServerConfig("jf2", ServerKind.JELLYFIN, "J", "http://j")) == 480


# --- reverse path mapping --------------------------------------------------------------

SIMPLE = (PathMapping("/data", "/mnt/media"),)
NESTED = (PathMapping("/data", "/mnt"), PathMapping("/tv-disk", "/mnt/tv"))
MERGED = (PathMapping("/data_disk1", "/data"), PathMapping("/data_disk2", "/data/"))
SLASHES = (PathMapping("/data/", "/mnt/media/"),)
ROOT = (PathMapping("/share", "/"),)


@pytest.mark.parametrize(
    ("mappings", "local", "expected"),
    [
        (SIMPLE, "/mnt/media/movies/x.mkv", ("/data/movies/x.mkv",)),
        (SIMPLE, "/mnt/media", ("/data",)),
        (SIMPLE, "/mnt/media2/movies/x.mkv", ()),  # whole segments only
        (SIMPLE, "/mnt/med", ()),
        (SIMPLE, "/elsewhere/x.mkv", ()),
        (NESTED, "/mnt/tv/Show/e1.mkv", ("/tv-disk/Show/e1.mkv",)),  # longest prefix wins
        (NESTED, "/mnt/movies/x.mkv", ("/data/movies/x.mkv",)),
        (MERGED, "/data/tv/e1.mkv", ("/data_disk1/tv/e1.mkv", "/data_disk2/tv/e1.mkv")),
        (SLASHES, "/mnt/media/movies/x.mkv", ("/data/movies/x.mkv",)),
        (ROOT, "/movies/x.mkv", ("/share/movies/x.mkv",)),
        ((), "/movies/x.mkv", ()),
    ],
)
def test_local_paths_map_back_to_server_paths(
    mappings: tuple[PathMapping, ...], local: str, expected: tuple[str, ...]
) -> None:
    assert map_to_remote(local, mappings) == expected
    for remote in expected:  # and every candidate maps forward to the same file
        assert map_to_local(remote, mappings) == local


def test_a_server_without_mappings_sees_tendarr_s_paths_unchanged() -> None:
    assert server_paths("/movies/x.mkv", ()) == ("/movies/x.mkv",)
    assert server_paths("/movies/x.mkv", SIMPLE) == ()


def test_webhook_paths_map_to_local_through_their_prefixes() -> None:
    mappings = (
        PathMapping("/data_disk1", "/data", ("/downloads",)),
        PathMapping("/data_disk2", "/data", ("/downloads/complete",)),
    )
    assert webhook_to_local("/downloads/complete/x.mkv", mappings) == "/data/x.mkv"
    assert webhook_to_local("/downloads/other/x.mkv", mappings) == "/data/other/x.mkv"
    assert webhook_to_local("/downloadsX/x.mkv", mappings) is None


# --- Plex config folder --------------------------------------------------------------


def on_disk(*paths: str) -> set[str]:
    """Return every path and all of its parents, as a filesystem would have them."""
    found: set[str] = set()
    for path in paths:
        parts = path.strip("/").split("/")
        found.update("/" + "/".join(parts[:n]) for n in range(1, len(parts) + 1))
    return found


PLEX_DISK = on_disk(f"{PMS}/Media/localhost", f"{PMS}/Metadata", f"{PMS}/Cache")


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        (PMS, None),
        (PMS + "/", None),
        ("/config", f"one level too high: use {PMS}"),
        (f"{PMS}/Media", f"too deep: use {PMS}"),
        (f"{PMS}/Media/localhost", f"too deep: use {PMS}"),
        ("/plex", "does not exist here"),
        ("/config/Library", "not the 'Plex Media Server' data folder"),
        (None, "no Plex config folder is set"),
    ],
)
def test_plex_config_folder_problems_name_the_fix(folder: str | None, expected: str | None) -> None:
    problem = plex_config_problem(folder, PLEX_DISK.__contains__)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None
        assert expected in problem


# --- Jellyfin readiness ----------------------------------------------------------------

GOOD = {EXTRACTION: True, SAVE_WITH_MEDIA: True, EXTRACT_DURING_SCAN: False}


def test_extraction_off_blocks_and_warns_that_tiles_get_deleted() -> None:
    readiness = jellyfin_readiness("l1", "Movies", {**GOOD, EXTRACTION: False}, BridgePlugin(True))
    assert not readiness.ready
    advice = readiness.advice()
    assert f"Set {EXTRACTION}=true" in advice
    assert "deletes the trickplay folders" in advice


def test_missing_flags_count_as_not_set() -> None:
    readiness = jellyfin_readiness("l1", "Movies", {}, BridgePlugin(False))
    assert [c.flag for c in readiness.missing()] == [EXTRACTION, SAVE_WITH_MEDIA]


def test_scan_extraction_is_only_a_recommendation() -> None:
    readiness = jellyfin_readiness(
        "l1", "Movies", {**GOOD, EXTRACT_DURING_SCAN: True}, BridgePlugin(True)
    )
    assert readiness.ready
    assert readiness.registers_immediately
    assert f"{EXTRACT_DURING_SCAN}=false" in readiness.advice()


def test_without_the_plugin_jellyfin_imports_at_its_next_scan() -> None:
    readiness = jellyfin_readiness("l1", "Movies", GOOD, BridgePlugin(False))
    assert readiness.ready
    assert not readiness.registers_immediately
    assert "#12887" in readiness.advice()


@pytest.mark.parametrize(
    ("plugins", "usable"),
    [
        ([{"Name": "Webhook", "Id": "71552a5a5c5c4350a2aeebe451a30173"}], False),
        (
            [{"Name": "Other", "Id": "C2CB9BF9-7C5D-4F1A-9A07-2D6F5E5B0001", "Status": "Active"}],
            True,
        ),
        ([{"Name": "media preview bridge"}], True),
        ([{"Name": "Media Preview Bridge", "Status": "Restart"}], False),
        ([], False),
    ],
)
def test_the_bridge_plugin_is_recognised_by_id_or_name(
    plugins: list[dict[str, object]], usable: bool
) -> None:
    assert bridge_from_plugins(list(plugins)).usable is usable


# --- the path tester ----------------------------------------------------------------------


def server(sid: str, *mappings: PathMapping, kind: ServerKind = ServerKind.PLEX) -> ServerConfig:
    return ServerConfig(sid, kind, sid.title(), f"http://{sid}", path_mappings=mappings)


PLEX = server("plex", PathMapping("/data", "/mnt/media"))


def test_an_existing_file_is_owned_with_no_suggestions() -> None:
    disk = on_disk("/mnt/media/movies/x.mkv")
    report = inspect_path("/data/movies/x.mkv", [PLEX], disk.__contains__)
    assert report.exists
    assert report.suggestions == ()
    [owner] = report.owners
    assert (owner.server_id, owner.role, owner.local_path) == (
        "plex",
        Role.SERVER,
        "/mnt/media/movies/x.mkv",
    )


def test_a_local_path_shows_the_server_path_it_stands_for() -> None:
    disk = on_disk("/mnt/media/movies/x.mkv")
    report = inspect_path("/mnt/media/movies/x.mkv", [PLEX], disk.__contains__)
    [owner] = report.owners
    assert (owner.role, owner.remote_paths, owner.exists) == (
        Role.LOCAL,
        ("/data/movies/x.mkv",),
        True,
    )


def test_a_docker_root_mismatch_suggests_the_mapping_that_finds_the_file() -> None:
    disk = on_disk("/media/movies/x.mkv")
    report = inspect_path("/data/movies/x.mkv", [PLEX], disk.__contains__)
    assert not report.exists
    swap = next(s for s in report.suggestions if s.kind is SuggestionKind.ROOT_SWAP)
    assert swap.mapping == PathMapping("/data", "/media")
    assert swap.server_id == "plex"
    assert "/media/movies/x.mkv" in swap.message


def test_the_nearest_existing_parent_is_named() -> None:
    disk = on_disk("/mnt/media/movies")
    report = inspect_path("/data/movies/Film (2020)/Film (2020).mkv", [PLEX], disk.__contains__)
    parent = next(s for s in report.suggestions if s.kind is SuggestionKind.NEAREST_PARENT)
    assert "nearest existing folder is /mnt/media/movies " in parent.message


@pytest.mark.parametrize(
    ("prefix", "path", "kind"),
    [
        ("/Data", "/data/movies/x.mkv", "letter case"),
        ("/data ", "/data/movies/x.mkv", "slashes or spaces"),
        ("/data", "\\data\\movies\\x.mkv", "slashes or spaces"),
        (
            unicodedata.normalize("NFC", "/médias"),
            unicodedata.normalize("NFD", "/médias/x.mkv"),
            "Unicode form",
        ),
    ],
)
def test_a_mapping_prefix_that_nearly_matches_is_pointed_out(
    prefix: str, path: str, kind: str
) -> None:
    plex = server("plex", PathMapping(prefix, "/mnt/media"))
    report = inspect_path(path, [plex], lambda _path: False)
    near = [s for s in report.suggestions if s.kind is SuggestionKind.PREFIX_NEAR_MISS]
    assert near
    assert kind in near[0].message
    assert near[0].server_id == "plex"


def test_a_server_without_mappings_owns_paths_unchanged() -> None:
    jellyfin = server("jf", kind=ServerKind.JELLYFIN)
    report = inspect_path("/media/x.mkv", [PLEX, jellyfin], on_disk("/media/x.mkv").__contains__)
    assert [(o.server_id, o.role) for o in report.owners] == [("jf", Role.UNMAPPED)]
    assert report.local_paths == ("/media/x.mkv",)

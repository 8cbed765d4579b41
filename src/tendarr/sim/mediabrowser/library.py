"""Libraries (virtual folders), their options, refreshes and trickplay registration."""

from __future__ import annotations

from typing import Any

from tendarr.sim.mediabrowser.catalog import Catalog
from tendarr.sim.mediabrowser.state import ServerState, TrickplayTiles, WorldKey
from tendarr.sim.model import Library


def default_options(state: ServerState, library: Library) -> dict[str, Any]:
    """Return a library's LibraryOptions as a fresh server would hold them."""
    options: dict[str, Any] = {
        "Enabled": True,
        "EnablePhotos": True,
        "EnableRealtimeMonitor": True,
        "EnableChapterImageExtraction": False,
        "ExtractChapterImagesDuringLibraryScan": False,
        "PathInfos": [{"Path": library.root}],
        "SaveLocalMetadata": False,
        "EnableInternetProviders": True,
        "EnableAutomaticSeriesGrouping": False,
        "EnableEmbeddedTitles": False,
        "EnableEmbeddedEpisodeInfos": False,
        "AutomaticRefreshIntervalDays": 0,
        "PreferredMetadataLanguage": "en",
        "MetadataCountryCode": "US",
        "SeasonZeroDisplayName": "Specials",
        "MetadataSavers": [],
        "DisabledLocalMetadataReaders": [],
        "LocalMetadataReaderOrder": ["Nfo"],
        "DisabledSubtitleFetchers": [],
        "SubtitleFetcherOrder": [],
        "SkipSubtitlesIfEmbeddedSubtitlesPresent": False,
        "SkipSubtitlesIfAudioTrackMatches": False,
        "SubtitleDownloadLanguages": [],
        "RequirePerfectSubtitleMatch": True,
        "SaveSubtitlesWithMedia": True,
        "TypeOptions": [],
    }
    if state.flavor == "jellyfin":
        options.update(
            EnableLUFSScan=True,
            EnableTrickplayImageExtraction=library.trickplay_extraction,
            ExtractTrickplayImagesDuringLibraryScan=library.trickplay_extraction,
            EnableEmbeddedExtrasTitles=False,
            DisabledMediaSegmentProviders=[],
            MediaSegmentProviderOrder=[],
            SaveLyricsWithMedia=False,
            SaveTrickplayWithMedia=False,
            DisabledLyricFetchers=[],
            LyricFetcherOrder=[],
            PreferNonstandardArtistsTag=False,
            UseCustomTagDelimiters=False,
            CustomTagDelimiters=["/", "|", ";", "\\"],
            DelimiterWhitelist=[],
            AutomaticallyAddToCollection=False,
            AllowEmbeddedSubtitles="AllowAll",
        )
    else:
        # Emby's name for this flag is **unverified** (absent from the Emby 4.8.11 spec).
        options["ExtractTrickplayImagesDuringLibraryScan"] = library.trickplay_extraction
        options["SaveLocalThumbnailSets"] = False
        options["ThumbnailImagesIntervalSeconds"] = 10
    return options


def options_of(state: ServerState, library: Library) -> dict[str, Any]:
    """Return a library's current options (stored after the first update)."""
    return state.library_options.setdefault(library.key, default_options(state, library))


def replace_options(state: ServerState, library: Library, options: dict[str, Any]) -> None:
    """Store posted options; the server takes the posted object whole."""
    # Whether omitted fields reset is unverified upstream; this simulator keeps what is sent
    # on top of the defaults so a partial object does not invent nulls.
    merged = default_options(state, library)
    merged.update(options)
    state.library_options[library.key] = merged
    library.trickplay_extraction = bool(merged.get("ExtractTrickplayImagesDuringLibraryScan"))


def virtual_folder(state: ServerState, library: Library) -> dict[str, Any]:
    """Return the VirtualFolderInfo for a library."""
    return {
        "Name": library.name,
        "Locations": [library.root],
        "CollectionType": "movies" if library.kind == "movie" else "tvshows",
        "LibraryOptions": options_of(state, library),
        "ItemId": library.key,
        "PrimaryImageItemId": library.key,
        "RefreshStatus": "Idle",
    }


def write_tiles(
    state: ServerState,
    key: WorldKey,
    width: int = 320,
    thumbnails: int = 1,
    interval_ms: int = 10_000,
    height: int | None = None,
    bytes_per_tile: int = 4_000,
) -> TrickplayTiles:
    """Put tile sheets beside an item's media, as Tendarr's generator would (test helper)."""
    sheets = max(1, -(-thumbnails // 100))
    tiles = TrickplayTiles(
        width=width,
        height=height or width * 9 // 16,
        sheets=sheets,
        thumbnails=thumbnails,
        interval_ms=interval_ms,
        bandwidth=bytes_per_tile * 8 * 1000 // interval_ms,
    )
    state.trickplay.setdefault(key, {})[width] = tiles
    return tiles


def register_tiles(state: ServerState, key: WorldKey, width: int) -> TrickplayTiles | None:
    """Register tiles with the correct count, as the Media Preview Bridge plugin does."""
    tiles = state.trickplay.get(key, {}).get(width)
    if tiles is None:
        return None
    tiles.registered = True
    tiles.thumbnail_count = tiles.thumbnails
    return tiles


def refresh(state: ServerState, catalog: Catalog, keys: list[WorldKey] | None = None) -> None:
    """Rescan: import or drop trickplay per library flags; maybe give items new ids."""
    state.refreshes += 1
    items = [i for i in catalog.items if keys is None or i.key in keys]
    for item in items:
        options = options_of(state, item.library)
        state.last_saved[item.key] = state.world.now
        tiles_by_width = state.trickplay.get(item.key)
        if not tiles_by_width:
            continue
        if not options.get("EnableTrickplayImageExtraction", False):
            # Jellyfin deletes trickplay folders on refresh when extraction is off.
            if state.flavor == "jellyfin":
                state.trickplay.pop(item.key, None)
            continue
        if state.flavor == "jellyfin" and options.get("SaveTrickplayWithMedia", False):
            for tiles in tiles_by_width.values():
                if not tiles.registered:
                    tiles.registered = True
                    # Jellyfin bug #12887: the import branch stores the sheet count.
                    tiles.thumbnail_count = tiles.sheets
    if keys is None and state.ids_change_on_rescan:
        state.world.rescan_changes_ids(state.server.id)

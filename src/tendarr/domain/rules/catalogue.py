"""Every property a cleanup rule can test: type, targets, source and meaning.

The descriptions are shown in the rules editor and in ``docs/rules.md`` (a test keeps the
two in step). A property missing from here cannot be used in a rule: validation rejects it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from tendarr.domain.media import ItemKind
from tendarr.domain.rules.properties import (
    ALL_KINDS,
    SERIES_LEVEL,
    TITLES,
    TV,
    Absence,
    PropertySpec,
    Source,
    ValueType,
)

_MOVIE = frozenset({ItemKind.MOVIE})
_V = ValueType
_S = Source

# fmt: off
_SPECS = (
    # Watch data: every one of these needs watch history to have synced at least once.
    PropertySpec("watched_by_anyone", _V.BOOL, ALL_KINDS, _S.WATCH_HISTORY,
                 "Someone in the household watched it to the end (a show or season: every "
                 "aired episode).", needs_watch_history=True),
    PropertySpec("watched_by_all_active_members", _V.BOOL, ALL_KINDS, _S.WATCH_HISTORY,
                 "Every active household member watched it to the end.",
                 needs_watch_history=True),
    PropertySpec("watched_by_requester", _V.BOOL, ALL_KINDS, _S.WATCH_HISTORY,
                 "The user who requested it watched it to the end; no value when nobody "
                 "requested it.", absence=Absence.NO_VALUE, needs_watch_history=True),
    PropertySpec("days_since_requester_watched", _V.DAYS, ALL_KINDS, _S.WATCH_HISTORY,
                 "Days since the user who requested it finished it (several requesters: the "
                 "last of them to finish); no value when nobody requested it or a requester "
                 "has not finished it.", absence=Absence.NO_VALUE, needs_watch_history=True),
    PropertySpec("others_in_progress", _V.BOOL, ALL_KINDS, _S.WATCH_HISTORY,
                 "A household member who did not request it is partway through it (nobody "
                 "requested it: anyone is).", needs_watch_history=True),
    PropertySpec("watched_by", _V.USER_LIST, ALL_KINDS, _S.WATCH_HISTORY,
                 "The users who watched it to the end.", needs_watch_history=True),
    PropertySpec("play_count", _V.NUMBER, ALL_KINDS, _S.WATCH_HISTORY,
                 "Completed plays across the whole household.", needs_watch_history=True),
    PropertySpec("days_since_last_watched", _V.DAYS, ALL_KINDS, _S.WATCH_HISTORY,
                 "Days since anyone last played it, finished or not; never played counts as "
                 "infinitely long ago.", absence=Absence.NEVER, needs_watch_history=True),
    PropertySpec("in_progress", _V.BOOL, ALL_KINDS, _S.WATCH_HISTORY,
                 "Someone is partway through it (a started, unfinished movie or episode, or a "
                 "show or season with some but not all episodes watched).",
                 needs_watch_history=True),
    PropertySpec("last_watched_by", _V.USER, ALL_KINDS, _S.WATCH_HISTORY,
                 "The user who played it most recently; no value when never played.",
                 absence=Absence.NO_VALUE, needs_watch_history=True),
    # Age
    PropertySpec("days_since_added", _V.DAYS, ALL_KINDS, _S.LIBRARY,
                 "Days since it first appeared on any configured server."),
    PropertySpec("release_year", _V.NUMBER, ALL_KINDS, _S.METADATA,
                 "Year of release (first air year for shows).", absence=Absence.NO_VALUE),
    PropertySpec("days_since_release", _V.DAYS, ALL_KINDS, _S.METADATA,
                 "Days since release or air date; negative before it; no value when the "
                 "date is not known.", absence=Absence.NO_VALUE),
    PropertySpec("days_since_last_air", _V.DAYS, SERIES_LEVEL, _S.METADATA,
                 "Days since its most recent episode aired; no value before any aired.",
                 absence=Absence.NO_VALUE),
    # Metadata
    PropertySpec("title", _V.TEXT, ALL_KINDS, _S.METADATA,
                 "The title (episodes: the episode title)."),
    PropertySpec("tmdb_rating", _V.NUMBER, ALL_KINDS, _S.METADATA,
                 "TMDB audience rating, 0-10; no value when unrated.",
                 absence=Absence.NO_VALUE),
    PropertySpec("imdb_rating", _V.NUMBER, ALL_KINDS, _S.METADATA,
                 "IMDb rating, 0-10; no value when unrated.", absence=Absence.NO_VALUE),
    PropertySpec("critic_rating", _V.NUMBER, TITLES, _S.METADATA,
                 "Critic score, 0-100 (e.g. Rotten Tomatoes); no value when unrated.",
                 absence=Absence.NO_VALUE),
    PropertySpec("genre", _V.TEXT_LIST, ALL_KINDS, _S.METADATA,
                 "Genres (seasons and episodes carry their show's)."),
    PropertySpec("studio", _V.TEXT_LIST, _MOVIE, _S.METADATA,
                 "Production studios of a movie."),
    PropertySpec("network", _V.TEXT_LIST, TV, _S.METADATA,
                 "Networks or streaming services that air the show."),
    PropertySpec("content_rating", _V.TEXT, ALL_KINDS, _S.METADATA,
                 "Content rating such as PG-13 or TV-MA; no value when unrated.",
                 absence=Absence.NO_VALUE),
    PropertySpec("collection", _V.TEXT_LIST, ALL_KINDS, _S.SERVERS,
                 "Collections that hold it on any configured server."),
    PropertySpec("label", _V.TEXT_LIST, ALL_KINDS, _S.SERVERS,
                 "Labels (Plex) and tags (Jellyfin, Emby) on any configured server."),
    PropertySpec("language", _V.TEXT, ALL_KINDS, _S.METADATA,
                 "Original language as an ISO 639-1 code (en, ja); no value when unknown "
                 "to the metadata source.", absence=Absence.NO_VALUE),
    # Files: a file whose class the analysis could not tell makes these unknown.
    PropertySpec("size_gb", _V.BYTES, ALL_KINDS, _S.FILES,
                 "Total size of its files in GB (GiB, 1024^3 bytes; shows and seasons: every "
                 "episode file)."),
    PropertySpec("resolution", _V.TEXT_LIST, ALL_KINDS, _S.FILES,
                 "Resolution classes of its files: 4320p, 2160p, 1440p, 1080p, 720p, 576p, "
                 "480p, SD."),
    PropertySpec("dynamic_range", _V.TEXT_LIST, ALL_KINDS, _S.FILES,
                 "Dynamic-range classes of its files: DV, HDR10+, HDR10, HLG, SDR."),
    PropertySpec("audio_profile", _V.TEXT_LIST, ALL_KINDS, _S.FILES,
                 "Best audio format of each file, e.g. Atmos (TrueHD), DTS-HD MA, EAC3, AAC."),
    PropertySpec("video_codec", _V.TEXT_LIST, ALL_KINDS, _S.FILES,
                 "Video codecs of its files: h264, hevc, av1, mpeg2video, vc1 ..."),
    # Lists and requests
    PropertySpec("on_any_watchlist", _V.BOOL, ALL_KINDS, _S.WATCHLISTS,
                 "On at least one household member's watchlist (a season or episode: its "
                 "show's)."),
    PropertySpec("on_watchlist_of", _V.USER_LIST, ALL_KINDS, _S.WATCHLISTS,
                 "The users whose watchlists hold it."),
    PropertySpec("requested_by", _V.USER_LIST, ALL_KINDS, _S.REQUESTS,
                 "The users who requested it (Tendarr, Overseerr or Jellyseerr requests)."),
    PropertySpec("days_since_requested", _V.DAYS, ALL_KINDS, _S.REQUESTS,
                 "Days since its most recent request; never requested counts as infinitely "
                 "long ago.", absence=Absence.NEVER),
    PropertySpec("requester_names", _V.TEXT_LIST, ALL_KINDS, _S.REQUESTS,
                 "Names and emails of the users who requested it: their Overseerr/Jellyseerr, "
                 "Plex and Jellyfin usernames, email and the Tendarr username they are linked "
                 "to (ignoring case); empty when nobody requested it."),
    PropertySpec("days_since_available", _V.DAYS, ALL_KINDS, _S.REQUESTS,
                 "Days since it became available: the request app's availability date when "
                 "one knows the title, else when it first appeared on a configured server."),
    PropertySpec("on_others_watchlist", _V.BOOL, ALL_KINDS, _S.WATCHLISTS,
                 "On the watchlist of a household member who did not request it (a season or "
                 "episode: its show's)."),
    # Sonarr / Radarr: no value when no *arr manages the title.
    PropertySpec("arr_monitored", _V.BOOL, ALL_KINDS, _S.ARR,
                 "Monitored in Sonarr/Radarr; no value when not managed there.",
                 absence=Absence.NO_VALUE),
    PropertySpec("arr_tags", _V.TEXT_LIST, ALL_KINDS, _S.ARR,
                 "Tag labels in Sonarr/Radarr; no value when not managed there.",
                 absence=Absence.NO_VALUE),
    PropertySpec("arr_quality_profile", _V.TEXT, ALL_KINDS, _S.ARR,
                 "Quality profile name in Sonarr/Radarr; no value when not managed there.",
                 absence=Absence.NO_VALUE),
    PropertySpec("series_status", _V.TEXT, TV, _S.ARR,
                 "Sonarr series status: continuing, ended, upcoming or deleted; no value "
                 "when not managed there.", absence=Absence.NO_VALUE),
    # Storage
    PropertySpec("root_free_gb", _V.BYTES, ALL_KINDS, _S.STORAGE,
                 "Free space of the root folder that holds its files, in GB (GiB)."),
    PropertySpec("root_free_percent", _V.NUMBER, ALL_KINDS, _S.STORAGE,
                 "Free space of the root folder that holds its files, in percent of its size."),
    # Servers
    PropertySpec("present_on_server", _V.TEXT_LIST, ALL_KINDS, _S.SERVERS,
                 "Ids of the configured servers that hold a copy."),
)
# fmt: on

PROPERTIES: Mapping[str, PropertySpec] = MappingProxyType({spec.name: spec for spec in _SPECS})
"""Every property by name, in catalogue order."""


def property_spec(name: str) -> PropertySpec | None:
    """Return the named property, or None when the catalogue has no such property."""
    return PROPERTIES.get(name)

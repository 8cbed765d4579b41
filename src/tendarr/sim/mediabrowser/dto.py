"""BaseItemDto for library items, with the optional parts that ``fields`` asks for."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from tendarr.sim.mediabrowser import userdata
from tendarr.sim.mediabrowser.catalog import (
    Catalog,
    Item,
    date_created,
    date_last_media_added,
    normalize_id,
)
from tendarr.sim.mediabrowser.state import Flavor, ServerState
from tendarr.sim.mediabrowser.streams import media_source, media_streams
from tendarr.sim.mediabrowser.wire import iso
from tendarr.sim.model import Credit, User

TICKS_PER_MS = 10_000
_PERSON_TYPES = {"Director": "Director", "Writer": "Writer", "Screenplay": "Writer"}


def name_id(flavor: Flavor, namespace: str, name: str) -> str:
    """Return the id a server gives a person, studio or genre."""
    digest = hashlib.sha256(f"{namespace}|{name}".encode()).digest()
    if flavor == "emby":
        return str(200_000 + int.from_bytes(digest[:3], "big"))
    return uuid.UUID(bytes=digest[:16], version=4).hex


def _people(item: Item, flavor: Flavor) -> list[dict[str, Any]]:
    credits: list[Credit]
    if item.movie is not None:
        credits = item.movie.cast[:10] + item.movie.crew[:4]
    elif item.show is not None and item.type == "Series":
        credits = item.show.cast[:10] + item.show.crew[:4]
    else:
        return []
    people = []
    for credit in credits:
        kind = "Actor" if credit.character is not None else _PERSON_TYPES.get(credit.job or "")
        entry: dict[str, Any] = {
            "Name": credit.name,
            "Id": name_id(flavor, "person", str(credit.person_id)),
            "Type": kind or "Producer",
        }
        if credit.character is not None:
            entry["Role"] = credit.character
        people.append(entry)
    return people


def _provider_ids(item: Item) -> dict[str, str]:
    if item.movie is not None:
        return {"Tmdb": str(item.movie.tmdb_id), "Imdb": item.movie.imdb_id}
    if item.episode is not None:
        return {"Tvdb": str(item.episode.tvdb_id), "Tmdb": str(item.episode.tmdb_id)}
    if item.season is not None:
        return {"Tmdb": str(item.season.tmdb_id)}
    assert item.show is not None
    show = item.show
    return {"Tmdb": str(show.tmdb_id), "Imdb": show.imdb_id, "Tvdb": str(show.tvdb_id)}


def _basics(state: ServerState, catalog: Catalog, item: Item) -> dict[str, Any]:
    server = state.server
    server_id = server.machine_id
    dto: dict[str, Any] = {"Name": item.name, "ServerId": server_id, "Id": item.id}
    movie, show, episode = item.movie, item.show, item.episode
    file = item.file
    if file is not None:
        dto["HasSubtitles"] = bool(file.subtitles)
        dto["Container"] = file.container
    if movie is not None:
        dto.update(
            PremiereDate=iso_date(movie.release_date),
            CriticRating=movie.critic_rating,
            OfficialRating=movie.content_rating,
            CommunityRating=round(movie.tmdb_rating, 1),
            ProductionYear=movie.year,
        )
    elif episode is not None:
        if episode.air_date is not None:
            dto["PremiereDate"] = iso_date(episode.air_date)
            dto["ProductionYear"] = episode.air_date.year
        dto.update(IndexNumber=episode.episode_number, ParentIndexNumber=episode.season_number)
    elif item.season is not None:
        dto["IndexNumber"] = item.season.number
    elif show is not None:
        dto.update(
            PremiereDate=iso_date(show.first_air_date),
            OfficialRating=show.content_rating,
            CommunityRating=round(show.tmdb_rating, 1),
            ProductionYear=show.year,
            Status="Ended" if show.status == "ended" else "Continuing",
        )
    if file is not None:
        dto["RunTimeTicks"] = file.duration_ms * TICKS_PER_MS
    elif item.type == "Series" and show is not None and show.episodes():
        dto["RunTimeTicks"] = show.episodes()[0].runtime_min * 60 * 10_000_000
    dto["IsFolder"] = item.is_folder
    dto["Type"] = item.type
    if item.type in {"Season", "Episode"} and show is not None:
        dto["SeriesName"] = show.title
        dto["SeriesId"] = item.series_id
        if item.type == "Episode":
            dto["SeasonId"] = item.season_id
            if item.season is not None:
                dto["SeasonName"] = f"Season {item.season.number}"
    if item.type == "Series":
        dto["ChildCount"] = len(catalog.children.get(normalize_id(item.id), []))
    return dto


def iso_date(day: Any) -> str:
    """Return a calendar date as the servers write premiere dates."""
    return f"{day.isoformat()}T00:00:00.0000000Z"


def base_item(
    state: ServerState,
    catalog: Catalog,
    item: Item,
    fields: set[str],
    user: User | None,
    enable_user_data: bool = True,
) -> dict[str, Any]:
    """Return the BaseItemDto for an item with the requested ``fields``."""
    dto = _basics(state, catalog, item)
    wanted = {f.lower() for f in fields}
    flavor = state.flavor
    file = item.file
    if "path" in wanted:
        dto["Path"] = state.server.server_path(_canonical_path(item))
    if "datecreated" in wanted:
        dto["DateCreated"] = iso(date_created(item, catalog))
    if "datelastmediaadded" in wanted and item.is_folder:
        dto["DateLastMediaAdded"] = iso(date_last_media_added(item, catalog))
    # ``fields=DateLastSaved`` is accepted, but BaseItemDto has no such property: it only
    # feeds the ``minDateLastSaved`` filter.
    if "overview" in wanted:
        dto["Overview"] = _overview(item)
    if "genres" in wanted:
        genres = _genres(item)
        dto["Genres"] = genres
        dto["GenreItems"] = [{"Name": g, "Id": name_id(flavor, "genre", g)} for g in genres]
    if "studios" in wanted:
        studio = _studio(item)
        dto["Studios"] = (
            [{"Name": studio, "Id": name_id(flavor, "studio", studio)}] if studio else []
        )
    if "people" in wanted:
        dto["People"] = _people(item, flavor)
    if "providerids" in wanted:
        dto["ProviderIds"] = _provider_ids(item)
    if "parentid" in wanted:
        dto["ParentId"] = item.parent_id
    if "mediasources" in wanted and file is not None:
        dto["MediaSources"] = [media_source(file, item.id, state.server, flavor)]
    if "mediastreams" in wanted and file is not None:
        dto["MediaStreams"] = media_streams(file, flavor)
    if "trickplay" in wanted and flavor == "jellyfin" and file is not None:
        dto["Trickplay"] = trickplay_manifest(state, item)
    if "candelete" in wanted:
        dto["CanDelete"] = state.server.allow_media_deletion and (
            user is None or user.kind == "owner"
        )
    if user is not None and enable_user_data:
        dto["UserData"] = userdata.user_data_dto(state, catalog, user, item)
    if file is not None:
        dto["VideoType"] = "VideoFile"
    dto["ImageTags"] = {}
    dto["BackdropImageTags"] = []
    if flavor == "jellyfin":
        dto["ImageBlurHashes"] = {}
    dto["LocationType"] = "FileSystem"
    dto["MediaType"] = "Video" if file is not None else "Unknown"
    return dto


def trickplay_manifest(state: ServerState, item: Item) -> dict[str, dict[str, dict[str, int]]]:
    """Return BaseItemDto.Trickplay: media source id to width to TrickplayInfoDto."""
    widths = {
        str(width): {
            "Width": tiles.width,
            "Height": tiles.height,
            "TileWidth": tiles.tile_width,
            "TileHeight": tiles.tile_height,
            "ThumbnailCount": tiles.thumbnail_count,
            "Interval": tiles.interval_ms,
            "Bandwidth": tiles.bandwidth,
        }
        for width, tiles in sorted(state.trickplay.get(item.key, {}).items())
        if tiles.registered
    }
    return {item.id: widths} if widths else {}


def date_last_saved(state: ServerState, catalog: Catalog, item: Item) -> Any:
    """Return when the server last saved the item's metadata."""
    saved = state.last_saved.get(item.key)
    created = date_last_media_added(item, catalog)
    return max(saved, created) if saved is not None else created


def _canonical_path(item: Item) -> str:
    file = item.file
    if file is not None:
        return file.path
    assert item.show is not None
    show = item.show
    folder = f"/media/tv/{show.title} ({show.year}) {{tvdb-{show.tvdb_id}}}"
    if item.season is not None:
        return f"{folder}/Season {item.season.number:02d}"
    return folder


def _overview(item: Item) -> str:
    if item.movie is not None:
        return item.movie.overview
    if item.episode is not None:
        return item.episode.overview
    assert item.show is not None
    return item.show.overview if item.season is None else ""


def _genres(item: Item) -> list[str]:
    if item.movie is not None:
        return list(item.movie.genres)
    if item.show is not None and item.type == "Series":
        return list(item.show.genres)
    return []


def _studio(item: Item) -> str | None:
    if item.movie is not None:
        return item.movie.studio
    if item.show is not None and item.type == "Series":
        return item.show.network
    return None

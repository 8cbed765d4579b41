"""Serialize library items as PMS ``Metadata`` objects, with per-user watch state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tendarr.sim.model import Play, User
from tendarr.sim.plex.library import Catalog, Item, plex_hex
from tendarr.sim.plex.state import PlexState
from tendarr.sim.plex.streams import media


def epoch(at: datetime | None) -> int:
    """Return epoch seconds (PMS dates)."""
    return int(at.timestamp()) if at is not None else 0


class Serializer:
    """Turn Items into the JSON PMS sends to one user."""

    def __init__(self, state: PlexState, user: User) -> None:
        self.state = state
        self.user = user
        self.catalog = Catalog(state.world, state.server)
        self._plays: dict[tuple[str, int], list[Play]] = {}
        for play in state.world.plays:
            if play.user_id == user.id and play.server_id == state.server_id:
                self._plays.setdefault((play.item_kind, play.item_id), []).append(play)

    def metadata(self, item: Item, *, detail: bool = False, guids: bool = False) -> dict[str, Any]:
        """Return ``item`` as a Metadata object (full streams when ``detail``)."""
        section = self.catalog.section_of(item)
        out: dict[str, Any] = {
            "ratingKey": item.rating_key,
            "key": f"/library/metadata/{item.rating_key}",
            "type": item.kind,
            "librarySectionID": int(section.key),
            "librarySectionKey": f"/library/sections/{section.key}",
            "librarySectionTitle": section.name,
        }
        if item.kind == "movie":
            out.update(self._movie(item, guids))
        elif item.kind == "show":
            out.update(self._show(item, guids))
        elif item.kind == "season":
            out.update(self._season(item))
        else:
            out.update(self._episode(item, guids))
        out.update(self.stamps(item))
        file = item.file
        if file is not None:
            out["Media"] = [media(self.state.server, file, streams=detail)]
            out.update(self._watch_state(item))
        else:
            out.update(self._leaf_counts(item))
        return out

    def _movie(self, item: Item, guids: bool) -> dict[str, Any]:
        movie = item.movie
        assert movie is not None
        assert movie.file is not None
        out: dict[str, Any] = {
            "guid": f"plex://movie/{plex_hex('movie', movie.tmdb_id)}",
            "title": movie.title,
            "titleSort": movie.title.removeprefix("The "),
            "originalTitle": movie.original_title,
            "contentRating": movie.content_rating,
            "summary": movie.overview,
            "studio": movie.studio,
            "year": movie.year,
            "originallyAvailableAt": movie.release_date.isoformat(),
            "duration": movie.file.duration_ms,
            "audienceRating": round(movie.tmdb_rating, 1),
            "rating": round(movie.critic_rating / 10, 1),
            "thumb": f"/library/metadata/{item.rating_key}/thumb/{epoch(movie.added_at)}",
            "Genre": [{"tag": g} for g in movie.genres],
        }
        if guids:
            out["Guid"] = [
                {"id": f"imdb://{movie.imdb_id}"},
                {"id": f"tmdb://{movie.tmdb_id}"},
            ]
        return out

    def _show(self, item: Item, guids: bool) -> dict[str, Any]:
        show = item.show
        assert show is not None
        out: dict[str, Any] = {
            "guid": f"plex://show/{plex_hex('show', show.tmdb_id)}",
            "key": f"/library/metadata/{item.rating_key}/children",
            "title": show.title,
            "titleSort": show.title.removeprefix("The "),
            "contentRating": show.content_rating,
            "summary": show.overview,
            "studio": show.network,
            "year": show.year,
            "originallyAvailableAt": show.first_air_date.isoformat(),
            "audienceRating": round(show.tmdb_rating, 1),
            "thumb": f"/library/metadata/{item.rating_key}/thumb/{epoch(show.added_at)}",
            "childCount": len(self.catalog.children(item)),
            "Genre": [{"tag": g} for g in show.genres],
        }
        if guids:
            out["Guid"] = [
                {"id": f"imdb://{show.imdb_id}"},
                {"id": f"tmdb://{show.tmdb_id}"},
                {"id": f"tvdb://{show.tvdb_id}"},
            ]
        return out

    def _season(self, item: Item) -> dict[str, Any]:
        show, season = item.show, item.season
        assert show is not None
        assert season is not None
        parent = self.catalog.rating_key("show", show.id) or ""
        return {
            "guid": f"plex://season/{plex_hex(f'season{season.number}', show.tmdb_id)}",
            "key": f"/library/metadata/{item.rating_key}/children",
            "title": f"Season {season.number}" if season.number else "Specials",
            "index": season.number,
            "parentRatingKey": parent,
            "parentKey": f"/library/metadata/{parent}",
            "parentGuid": f"plex://show/{plex_hex('show', show.tmdb_id)}",
            "parentTitle": show.title,
            "parentYear": show.year,
        }

    def _episode(self, item: Item, guids: bool) -> dict[str, Any]:
        show, season, ep = item.show, item.season, item.episode
        assert show is not None
        assert season is not None
        assert ep is not None
        assert ep.file is not None
        show_key = self.catalog.rating_key("show", show.id) or ""
        season_rk = self.catalog.rating_key("season", show.id * 1000 + season.number) or ""
        out: dict[str, Any] = {
            "guid": f"plex://episode/{plex_hex(f'ep{ep.tvdb_id}', show.tmdb_id)}",
            "title": ep.title,
            "index": ep.episode_number,
            "parentIndex": ep.season_number,
            "parentRatingKey": season_rk,
            "parentKey": f"/library/metadata/{season_rk}",
            "parentTitle": f"Season {season.number}",
            "grandparentRatingKey": show_key,
            "grandparentKey": f"/library/metadata/{show_key}",
            "grandparentGuid": f"plex://show/{plex_hex('show', show.tmdb_id)}",
            "grandparentTitle": show.title,
            "contentRating": show.content_rating,
            "summary": ep.overview,
            "duration": ep.file.duration_ms,
        }
        if ep.air_date is not None:
            out["originallyAvailableAt"] = ep.air_date.isoformat()
            out["year"] = ep.air_date.year
        if guids:
            out["Guid"] = [{"id": f"tmdb://{ep.tmdb_id}"}, {"id": f"tvdb://{ep.tvdb_id}"}]
        return out

    def stamps(self, item: Item) -> dict[str, int]:
        """Return ``addedAt`` and ``updatedAt`` of ``item`` (all the date filters read)."""
        if item.movie is not None:
            movie = item.movie
            assert movie.file is not None
            return {
                "addedAt": epoch(movie.added_at or movie.file.added_at),
                "updatedAt": epoch(movie.file.added_at),
            }
        if item.episode is not None:
            assert item.episode.file is not None
            at = epoch(item.episode.file.added_at)
            return {"addedAt": at, "updatedAt": at}
        if item.season is not None:
            files = [epoch(e.file.added_at) for e in item.season.episodes if e.file is not None]
            return {"addedAt": min(files), "updatedAt": max(files)}
        show = item.show
        assert show is not None
        files = [epoch(e.file.added_at) for e in show.episodes() if e.file is not None]
        added = epoch(show.added_at)
        return {"addedAt": added, "updatedAt": max(files, default=added)}

    def views(self, item: Item) -> tuple[int, datetime | None, int]:
        """Return (viewCount, lastViewedAt, partial viewOffset) of a leaf for this user."""
        kind = "movie" if item.kind == "movie" else "episode"
        item_id = (item.movie or item.episode).id  # type: ignore[union-attr]
        since = self.state.unwatched_since.get((self.user.id, kind, item_id))
        plays = [
            p for p in self._plays.get((kind, item_id), []) if since is None or p.stopped_at > since
        ]
        done = [p for p in plays if p.completed]
        last = max((p.stopped_at for p in done), default=None)
        partial = [p for p in plays if not p.completed and (last is None or p.stopped_at > last)]
        offset = max(partial, key=lambda p: p.stopped_at).view_offset_ms if partial else 0
        return len(done), last, offset

    def _watch_state(self, item: Item) -> dict[str, Any]:
        count, last, offset = self.views(item)
        out: dict[str, Any] = {}
        if count:
            out["viewCount"] = count
            out["lastViewedAt"] = epoch(last)
        if offset:
            out["viewOffset"] = offset
        return out

    def _leaf_counts(self, item: Item) -> dict[str, Any]:
        leaves = self.catalog.leaves(item)
        watched = [leaf for leaf in leaves if self.views(leaf)[0] > 0]
        out: dict[str, Any] = {"leafCount": len(leaves), "viewedLeafCount": len(watched)}
        if watched:
            last = max(self.views(leaf)[1] or datetime.min for leaf in watched)
            out["lastViewedAt"] = epoch(last)
        return out

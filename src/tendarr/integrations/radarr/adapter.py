"""The RadarrPort over Radarr's API v3."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from tendarr.domain.arr import ArrCommand, ArrKind, ArrMovie, ImportExclusion
from tendarr.integrations.arr.adapter import ArrAdapter
from tendarr.integrations.arr.fields import Json
from tendarr.integrations.arr.models import read_all, read_one
from tendarr.integrations.radarr.models import movie_parser, parse_exclusion, parse_file_owner
from tendarr.ports.media_server import ServerResponseInvalid


class RadarrAdapter(ArrAdapter):
    """One configured Radarr; no I/O until a method is called."""

    kind = ArrKind.RADARR
    exclusions_path = "/exclusions"

    def movies(self) -> list[ArrMovie]:
        """Return every movie Radarr manages (Radarr lists them in one answer)."""
        return self._movie_list(self._client.get("/movie"))

    def movie(self, movie_id: int) -> ArrMovie:
        """Return one movie by Radarr id; ``ArrItemMissing`` when Radarr has none."""
        body = self._client.get(f"/movie/{movie_id}", missing=f"movie {movie_id}")
        return read_one(movie_parser(self._labels()), body, self.vendor, "movie")

    def movie_by_tmdb(self, tmdb_id: int) -> ArrMovie | None:
        """Return the movie with this TMDB id, or None when Radarr does not manage it."""
        found = self._movie_list(self._client.get("/movie", {"tmdbId": tmdb_id}))
        # Filter here too: a Radarr that ignores the parameter answers with every movie.
        return next((m for m in found if m.tmdb_id == tmdb_id), None)

    def delete_movie(
        self, movie_id: int, *, delete_files: bool, add_import_exclusion: bool
    ) -> None:
        """Remove a movie from Radarr; its files only with ``delete_files``."""
        params = {"deleteFiles": delete_files, "addImportExclusion": add_import_exclusion}
        self._client.send(
            "DELETE", f"/movie/{movie_id}", params=params, missing=f"movie {movie_id}"
        )

    def delete_movie_files(self, file_ids: Collection[int]) -> list[int]:
        """Delete these movie files; return the ids that existed and are now deleted.

        Radarr's bulk delete files every id under the first file's movie, so the files are
        looked up first and deleted movie by movie.
        """
        if not file_ids:
            return []
        body = self._client.get("/moviefile", {"movieFileIds": sorted(set(file_ids))})
        owners = read_all(parse_file_owner, body, self.vendor, "movie file")
        by_movie: dict[int, list[int]] = {}
        for file_id, movie_id in owners:
            if file_id in file_ids:
                by_movie.setdefault(movie_id, []).append(file_id)
        for ids in by_movie.values():
            self._client.send("DELETE", "/moviefile/bulk", json={"movieFileIds": ids})
        return sorted(i for ids in by_movie.values() for i in ids)

    def set_movie_monitored(self, movie_id: int, monitored: bool) -> None:
        """Monitor or unmonitor a movie."""

        def edit(body: Json) -> None:
            body["monitored"] = monitored

        self._update(f"/movie/{movie_id}", f"movie {movie_id}", edit)

    def search_movies(self, movie_ids: Collection[int]) -> ArrCommand:
        """Queue ``MoviesSearch`` for these movies."""
        if not movie_ids:
            raise ValueError("search_movies needs at least one movie id")
        return self._run("MoviesSearch", movieIds=sorted(set(movie_ids)))

    def add_movie(
        self,
        tmdb_id: int,
        *,
        quality_profile: str,
        root_folder: str,
        monitored: bool = True,
        tags: Sequence[str] = (),
        search: bool = True,
    ) -> ArrMovie:
        """Add a movie back from Radarr's TMDB lookup, with this profile, folder and tags."""
        profile_id = self._profile_id(quality_profile)
        tag_ids = self._tag_ids(tags)
        body = self._client.get(
            "/movie/lookup/tmdb", {"tmdbId": tmdb_id}, missing=f"movie with TMDB id {tmdb_id}"
        )
        if not isinstance(body, dict):
            raise ServerResponseInvalid(f"{self.vendor} sent a lookup that is not an object")
        options: dict[str, Any] = {
            "monitor": "movieOnly" if monitored else "none",
            "searchForMovie": search,
        }
        body.update(
            qualityProfileId=profile_id,
            rootFolderPath=root_folder,
            monitored=monitored,
            tags=tag_ids,
            minimumAvailability=body.get("minimumAvailability") or "released",
            addOptions=options,
        )
        body.pop("id", None)
        created = self._client.send("POST", "/movie", json=body)
        return read_one(movie_parser(self._labels()), created, self.vendor, "movie")

    def remove_import_exclusion(self, tmdb_id: int) -> bool:
        """Remove the exclusion of a TMDB id; return whether there was one."""
        return self._remove_exclusions(lambda e: e.external_id == tmdb_id)

    def _exclusion(self, body: Json) -> ImportExclusion:
        return parse_exclusion(body)

    def _movie_list(self, body: Any) -> list[ArrMovie]:
        # Labels are read after the movies: a tag must exist before a movie can carry it.
        labels = self._labels()
        return read_all(movie_parser(labels), body, self.vendor, "movie")

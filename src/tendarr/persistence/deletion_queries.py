"""SQL reads behind the deletion pipeline: one item, its descendants, copies and files."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tendarr.persistence.media_tables import MediaFileRow, MediaItemRow, ServerItemRow
from tendarr.ports.deletion_reads import DeletionSubject, SubjectCopy


class SqlDeletionReader:
    """Reads inside the caller's unit of work."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def subject(self, item_id: int) -> DeletionSubject | None:
        """Return the item with what finds it in Sonarr/Radarr and on the servers."""
        item = self._s.get(MediaItemRow, item_id)
        if item is None:
            return None
        show = self._s.get(MediaItemRow, item.show_id) if item.show_id is not None else None
        below = list(
            self._s.scalars(
                select(MediaItemRow).where(
                    or_(MediaItemRow.show_id == item.id, MediaItemRow.parent_id == item.id)
                )
            )
        )
        episodes = [r for r in below if r.kind == "episode"]
        if item.kind == "episode":
            episodes = [item]
        numbers = tuple(
            sorted(
                (e.season_number, e.episode_number)
                for e in episodes
                if e.season_number is not None and e.episode_number is not None
            )
        )
        leaves = [item.id] if item.kind in {"movie", "episode"} else [e.id for e in episodes]
        return DeletionSubject(
            id=item.id,
            kind=item.kind,
            title=item.title,
            year=item.year,
            tmdb_id=item.tmdb_id,
            tvdb_id=item.tvdb_id,
            imdb_id=item.imdb_id,
            show_id=item.show_id,
            show_title=show.title if show else None,
            show_tvdb_id=show.tvdb_id if show else None,
            show_tmdb_id=show.tmdb_id if show else None,
            season_number=item.season_number,
            episode_number=item.episode_number,
            descendant_ids=frozenset({item.id, *(r.id for r in below)}),
            episode_numbers=numbers,
            copies=self._copies(item.id, leaves),
        )

    def _copies(self, item_id: int, leaves: list[int]) -> tuple[SubjectCopy, ...]:
        own = list(
            self._s.scalars(select(ServerItemRow).where(ServerItemRow.media_item_id == item_id))
        )
        rows = own or list(
            self._s.scalars(select(ServerItemRow).where(ServerItemRow.media_item_id.in_(leaves)))
        )
        files: dict[int, list[MediaFileRow]] = defaultdict(list)
        if rows:
            for file in self._s.scalars(
                select(MediaFileRow).where(MediaFileRow.server_item_id.in_([r.id for r in rows]))
            ):
                files[file.server_item_id].append(file)
        out = []
        for row in rows:
            sizes = [f.size for f in files[row.id]]
            size = None if any(s is None for s in sizes) else sum(s for s in sizes if s is not None)
            paths = tuple(f.path for f in files[row.id])
            copy = SubjectCopy(
                row.server_id, row.native_id, row.library_id, row.media_item_id, paths, size
            )
            out.append(copy)
        return tuple(out)

"""Preview outcomes, freshness state and the library reads preview jobs make."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from tendarr.domain.previews.work import FileStatus
from tendarr.persistence.media_tables import MediaFileRow, MediaItemRow, ServerItemRow
from tendarr.persistence.preview_tables import PreviewFileRow, PreviewStateRow
from tendarr.ports.preview_store import FileOutcomeRecord, LibraryFile, PreviewState

_IN_CHUNK = 500  # bind-parameter lists stay well under every backend's limit


def path_key(path: str) -> str:
    """Return the primary key of a path's state row."""
    return hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()


class SqlPreviewRepository:
    """``preview_files`` and ``preview_state``, plus reads over the synced library."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add_outcomes(self, outcomes: Sequence[FileOutcomeRecord]) -> None:
        self._s.add_all(
            PreviewFileRow(
                job_id=o.job_id,
                path=o.path,
                status=o.status.value,
                reason=o.reason,
                decoder=o.decoder,
                seconds=o.seconds,
                thumbnails=o.thumbnails,
                created_at=o.created_at,
            )
            for o in outcomes
        )
        self._s.flush()

    def outcomes(
        self, job_id: int, statuses: Sequence[FileStatus] | None, limit: int, offset: int
    ) -> list[FileOutcomeRecord]:
        query = select(PreviewFileRow).where(PreviewFileRow.job_id == job_id)
        if statuses:
            query = query.where(PreviewFileRow.status.in_([s.value for s in statuses]))
        query = query.order_by(PreviewFileRow.id).limit(limit).offset(offset)
        return [_outcome(row) for row in self._s.scalars(query)]

    def outcome_counts(self, job_id: int) -> dict[FileStatus, int]:
        query = (
            select(PreviewFileRow.status, func.count())
            .where(PreviewFileRow.job_id == job_id)
            .group_by(PreviewFileRow.status)
        )
        return {FileStatus(status): int(count) for status, count in self._s.execute(query)}

    def outcome_paths(self, job_id: int, statuses: Sequence[FileStatus]) -> list[str]:
        query = (
            select(PreviewFileRow.path)
            .where(
                PreviewFileRow.job_id == job_id,
                PreviewFileRow.status.in_([s.value for s in statuses]),
            )
            .order_by(PreviewFileRow.id)
        )
        return list(dict.fromkeys(self._s.scalars(query)))

    def states(self, paths: Iterable[str]) -> dict[str, PreviewState]:
        keys = [path_key(p) for p in dict.fromkeys(paths)]
        found: dict[str, PreviewState] = {}
        for start in range(0, len(keys), _IN_CHUNK):
            chunk = keys[start : start + _IN_CHUNK]
            query = select(PreviewStateRow).where(PreviewStateRow.path_hash.in_(chunk))
            for row in self._s.scalars(query.execution_options(populate_existing=True)):
                found[row.path] = _state(row)
        return found

    def save_state(self, state: PreviewState) -> None:
        key = path_key(state.path)
        row = self._s.get(PreviewStateRow, key)
        if row is None:
            row = PreviewStateRow(path_hash=key, path=state.path)
            self._s.add(row)
        row.fingerprint = state.fingerprint
        row.outputs = list(state.outputs)
        row.settings_digest = state.settings_digest
        row.source_size = state.source_size
        row.source_mtime_ns = state.source_mtime_ns
        row.status = state.status.value
        row.updated_at = state.updated_at
        self._s.flush()

    def forget_states(self, paths: Iterable[str]) -> int:
        keys = [path_key(p) for p in paths]
        removed = 0
        for start in range(0, len(keys), _IN_CHUNK):
            chunk = keys[start : start + _IN_CHUNK]
            result = self._s.execute(
                delete(PreviewStateRow).where(PreviewStateRow.path_hash.in_(chunk))
            )
            removed += int(result.rowcount)  # type: ignore[attr-defined]
        return removed

    def library_files(
        self,
        server_id: str,
        library_ids: Sequence[str],
        added_since: datetime | None = None,
    ) -> list[LibraryFile]:
        query = (
            select(
                ServerItemRow.library_id,
                ServerItemRow.native_id,
                MediaFileRow.path,
                ServerItemRow.added_at,
            )
            .join(MediaFileRow, MediaFileRow.server_item_id == ServerItemRow.id)
            .where(ServerItemRow.server_id == server_id)
            .where(ServerItemRow.library_id.in_(list(library_ids)))
        )
        if added_since is not None:
            query = query.where(ServerItemRow.added_at >= added_since)
        query = query.order_by(ServerItemRow.added_at.desc().nulls_last(), MediaFileRow.id)
        return [
            LibraryFile(server_id, library_id, native_id, path, added_at)
            for library_id, native_id, path, added_at in self._s.execute(query)
        ]

    def item_files(self, server_id: str, native_id: str) -> list[str] | None:
        item = self._s.scalars(
            select(ServerItemRow.media_item_id).where(
                ServerItemRow.server_id == server_id, ServerItemRow.native_id == native_id
            )
        ).first()
        if item is None:
            return None
        query = (
            select(MediaFileRow.path)
            .join(ServerItemRow, MediaFileRow.server_item_id == ServerItemRow.id)
            .join(MediaItemRow, ServerItemRow.media_item_id == MediaItemRow.id)
            .where(ServerItemRow.server_id == server_id)
            .where(
                or_(
                    MediaItemRow.id == item,
                    MediaItemRow.show_id == item,
                    MediaItemRow.parent_id == item,
                )
            )
            .order_by(MediaItemRow.season_number, MediaItemRow.episode_number, MediaFileRow.id)
        )
        return list(dict.fromkeys(self._s.scalars(query)))


def _outcome(row: PreviewFileRow) -> FileOutcomeRecord:
    return FileOutcomeRecord(
        job_id=row.job_id,
        path=row.path,
        status=FileStatus(row.status),
        reason=row.reason,
        decoder=row.decoder,
        seconds=row.seconds,
        thumbnails=row.thumbnails,
        created_at=row.created_at,
        id=row.id,
    )


def _state(row: PreviewStateRow) -> PreviewState:
    return PreviewState(
        path=row.path,
        fingerprint=row.fingerprint,
        outputs=tuple(str(p) for p in row.outputs or []),
        settings_digest=row.settings_digest,
        source_size=row.source_size,
        source_mtime_ns=row.source_mtime_ns,
        status=FileStatus(row.status),
        updated_at=row.updated_at,
    )

"""When no Sonarr/Radarr manages a title: delete on the media server, or the files directly.

Both are opt-in per rule (``server_delete_fallback``, ``delete_files_directly``). Files are
only ever removed under ``TENDARR_MEDIA_ROOT``: a path that resolves anywhere else (a
symlink out, ``..``) refuses the whole deletion before anything is touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

from tendarr.domain.rules import ActionSettings
from tendarr.ports.deletion_reads import DeletionSubject, SubjectCopy
from tendarr.ports.deletions import DeletionMethod


class FallbackRefused(Exception):
    """No method may delete this item; the message says why and what to change."""


class ServerItemDeleter(Protocol):
    """Deletes one item on one media server (Plex needs "allow media deletion")."""

    def delete_item(self, server_id: str, native_id: str) -> None: ...


def copy_from_json(raw: dict[str, Any]) -> SubjectCopy:
    """Read a copy back from a checkpoint."""
    return SubjectCopy(
        str(raw["server_id"]),
        str(raw["native_id"]),
        str(raw["library_id"]),
        int(raw["media_item_id"]),
        tuple(str(p) for p in raw.get("paths") or ()),
        raw.get("size"),
    )


def _copies_json(copies: Sequence[SubjectCopy]) -> list[dict[str, Any]]:
    return [{**asdict(c), "paths": list(c.paths)} for c in copies]


class FallbackDeleter:
    """Plans and carries out the two fallbacks."""

    def __init__(self, server: ServerItemDeleter | None, media_root: Path | None) -> None:
        self._server = server
        self._root = media_root.resolve() if media_root is not None else None

    def plan(
        self, subject: DeletionSubject, actions: ActionSettings
    ) -> tuple[DeletionMethod, dict[str, Any]]:
        """Return the method and the checkpoint target, or raise ``FallbackRefused``."""
        if not subject.copies:
            raise FallbackRefused("no Sonarr/Radarr manages it and no server holds a copy")
        if actions.server_delete_fallback and self._server is not None:
            return DeletionMethod.MEDIA_SERVER, {"copies": _copies_json(subject.copies)}
        if actions.delete_files_directly:
            for copy in subject.copies:
                for path in copy.paths:
                    self._inside(path)
            return DeletionMethod.FILES, {"copies": _copies_json(subject.copies)}
        raise FallbackRefused(
            "no Sonarr/Radarr manages it, and the rule allows neither deleting on the media "
            "server nor deleting the files directly"
        )

    def act(self, method: DeletionMethod, copies: Sequence[SubjectCopy]) -> str:
        """Carry out a planned fallback; repeating it is harmless."""
        if method is DeletionMethod.MEDIA_SERVER:
            if self._server is None:
                raise FallbackRefused("deleting on the media server is not available")
            seen: set[tuple[str, str]] = set()
            for copy in copies:
                key = (copy.server_id, copy.native_id)
                if key not in seen:
                    seen.add(key)
                    self._server.delete_item(*key)
            servers = sorted({c.server_id for c in copies})
            return f"deleted on {', '.join(servers)}"
        if method is DeletionMethod.FILES:
            removed = 0
            for copy in copies:
                for raw in copy.paths:
                    path = self._inside(raw)
                    if path.exists():
                        path.unlink()
                        removed += 1
            return f"{removed} file(s) deleted under {self._root}"
        raise FallbackRefused(f"{method.value} is not a fallback")

    def _inside(self, raw: str) -> Path:
        if self._root is None:
            raise FallbackRefused("TENDARR_MEDIA_ROOT is not set: files are never deleted directly")
        path = Path(raw).resolve()
        if not path.is_relative_to(self._root):
            raise FallbackRefused(f"{raw} is not under TENDARR_MEDIA_ROOT ({self._root})")
        return path

"""Which local files a preview job works on: items, whole libraries, recent additions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tendarr.app_settings import PreviewsSettings
from tendarr.domain.previews.work import ItemRef
from tendarr.domain.servers import ServerConfig, map_to_local
from tendarr.ports.preview_store import PreviewState, PreviewUnitOfWorkFactory
from tendarr.ports.previews import PreviewError
from tendarr.services.preview_seams import SourceStamper


def settings_digest(settings: PreviewsSettings) -> str:
    """Return a digest of every setting that changes what previews look like or where."""
    shaping = {
        "interval": settings.interval_seconds,
        "bif_width": settings.bif_width,
        "trickplay_width": settings.trickplay_width,
        "quality": settings.quality,
        "max_drift": settings.max_drift_seconds,
        "tonemap": settings.tonemap.value,
        "formats": settings.formats.model_dump(),
    }
    canonical = json.dumps(shaping, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class Selection:
    """Local paths to work on, items the library does not hold yet, and what was skipped."""

    paths: list[str] = field(default_factory=list)
    unresolved: list[ItemRef] = field(default_factory=list)
    skipped_fresh: int = 0


class PreviewSelection:
    """Turn job payloads into local paths using the synced library and path mappings."""

    def __init__(self, uow: PreviewUnitOfWorkFactory, stamper: SourceStamper) -> None:
        self._uow = uow
        self._stamper = stamper

    def for_items(self, items: Sequence[ItemRef]) -> Selection:
        """Return the local files of media-server items; unknown items stay unresolved."""
        chosen = Selection()
        with self._uow() as uow:
            servers = {s.id: s for s in uow.servers.all()}
            for item in items:
                server = servers.get(item.server_id)
                files = uow.previews.item_files(item.server_id, item.native_id)
                if server is None or not files:
                    chosen.unresolved.append(item)
                    continue
                chosen.paths.extend(_local(path, server) for path in files)
        chosen.paths = list(dict.fromkeys(chosen.paths))
        return chosen

    def library(
        self,
        settings: PreviewsSettings,
        *,
        server_id: str | None,
        library_id: str | None,
        added_since: datetime | None,
        force: bool,
    ) -> Selection:
        """Return the files of enabled libraries whose previews are missing or stale."""
        found: list[str] = []
        with self._uow() as uow:
            for server in uow.servers.all():
                if not server.enabled or server_id not in {None, server.id}:
                    continue
                libraries = [
                    lib.id
                    for lib in server.enabled_libraries()
                    if library_id is None or lib.id == library_id
                ]
                if not libraries:
                    continue
                files = uow.previews.library_files(server.id, libraries, added_since)
                found.extend(_local(f.path, server) for f in files)
            paths = list(dict.fromkeys(found))
            states = {} if force else uow.previews.states(paths)
        if force:
            return Selection(paths=paths)
        digest = settings_digest(settings)
        stale = [p for p in paths if not self._fresh(states.get(p), digest)]
        return Selection(paths=stale, skipped_fresh=len(paths) - len(stale))

    def _fresh(self, state: PreviewState | None, digest: str) -> bool:
        if state is None or state.settings_digest != digest or state.source_size is None:
            return False
        try:
            stamp = self._stamper.stamp(Path(state.path))
        except (OSError, PreviewError):
            return False  # let the job try it and report why it cannot be read
        return (stamp.size, stamp.mtime_ns) == (state.source_size, state.source_mtime_ns)


def _local(path: str, server: ServerConfig) -> str:
    """Return where Tendarr finds a path the server reports (unchanged when unmapped)."""
    return map_to_local(path, server.path_mappings) or path

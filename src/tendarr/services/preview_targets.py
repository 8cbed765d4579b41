"""Turn "this local file" into one PreviewRequest for every server that shows it.

For each enabled server: map the local path to the server's path(s) (reverse path
mapping), find the server's item for that file in Tendarr's library tables, then place:

* Plex: a BIF in the MediaPart's bundle under the server's ``plex_config_folder`` (the
  hash comes from ``/library/metadata/{id}/tree``, matched by file for multi-version items);
* Emby: a sidecar BIF next to the media;
* Jellyfin: trickplay sheets next to the media, when the library keeps them.

Every server that gets nothing says why (``Hold``), so a job can record per-file outcomes
and retry ``not_indexed`` files with back-off. One request feeds every target, so the file
is decoded once however many servers show it.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import structlog

from tendarr.domain.media import ServerKind
from tendarr.domain.previews.placement import (
    PlacementSettings,
    emby_sidecar_path,
    jellyfin_trickplay_path,
    plex_bundle_path,
    plex_config_problem,
    server_paths,
)
from tendarr.domain.previews.plans import BifTarget, PreviewRequest, TrickplayTarget
from tendarr.domain.servers import ServerConfig
from tendarr.ports.media_server import MediaServerError
from tendarr.ports.preview_items import IndexedFile, PreviewUnitOfWorkFactory
from tendarr.ports.preview_placement import PreviewPlacementFactory, TrickplayRegistration

log = structlog.get_logger(__name__)


class Hold(enum.StrEnum):
    """Why a server gets no preview for a file."""

    NOT_INDEXED = "not_indexed"  # the server has no item (or Plex no hash) yet: retry later
    NO_MAPPING = "no_mapping"  # no path mapping of the server covers the file
    NO_CONFIG_FOLDER = "no_config_folder"  # Plex: the config folder is unset or wrong
    NOT_READY = "not_ready"  # Jellyfin: the library's flags would hide or delete tiles
    UNAVAILABLE = "unavailable"  # the server could not be asked: retry later


RETRYABLE = frozenset({Hold.NOT_INDEXED, Hold.UNAVAILABLE})


@dataclass(frozen=True)
class ServerTarget:
    """What one server gets for the file: a BIF (Plex, Emby) or a trickplay folder."""

    server_id: str
    kind: ServerKind
    item_id: str
    library_id: str
    remote_path: str
    output: Path
    width: int
    note: str | None = None  # Jellyfin: how the tiles will be registered

    @property
    def trickplay(self) -> bool:
        """Return whether the output is a Jellyfin trickplay folder (else a BIF)."""
        return self.kind is ServerKind.JELLYFIN


@dataclass(frozen=True)
class ServerHold:
    """A server that gets nothing for the file, and why."""

    server_id: str
    kind: ServerKind
    reason: Hold
    message: str


@dataclass(frozen=True)
class TargetResolution:
    """The request to generate and each server's part or reason."""

    local_path: Path
    request: PreviewRequest
    targets: tuple[ServerTarget, ...]
    holds: tuple[ServerHold, ...]

    @property
    def retry_later(self) -> bool:
        """Return whether some server may want this file once it has indexed it."""
        return any(h.reason in RETRYABLE for h in self.holds)

    def reasons(self) -> dict[str, Hold]:
        """Return each held server's reason, by server id."""
        return {h.server_id: h.reason for h in self.holds}


@dataclass(frozen=True)
class ServerRegistration:
    """The outcome of telling one Jellyfin server about new tiles."""

    server_id: str
    registered: bool
    message: str


class PreviewTargets:
    """Resolve a local file to its preview request and register tiles afterwards."""

    def __init__(
        self,
        uow: PreviewUnitOfWorkFactory,
        placement: PreviewPlacementFactory,
        exists: Callable[[str], bool] = os.path.exists,
    ) -> None:
        self._uow = uow
        self._placement = placement
        self._exists = exists

    def for_path(self, local_path: str | Path, settings: PlacementSettings) -> TargetResolution:
        """Return the request for ``local_path`` with a target or a reason per server."""
        local = str(local_path)
        with self._uow() as work:
            servers = [s for s in work.servers.all() if s.enabled]
            indexed = {
                s.id: work.preview_items.files_at(s.id, server_paths(local, s.path_mappings))
                for s in servers
            }
        # Servers are asked after the transaction ends: no lock is held across HTTP calls.
        placed = [
            answer
            for server in servers
            for answer in self._place(server, Path(local), indexed[server.id], settings)
        ]
        targets = [p for p in placed if isinstance(p, ServerTarget)]
        holds = [p for p in placed if isinstance(p, ServerHold)]
        request = _request(Path(local), settings, targets)
        return TargetResolution(Path(local), request, tuple(targets), tuple(holds))

    def register(
        self, resolution: TargetResolution, settings: PlacementSettings
    ) -> list[ServerRegistration]:
        """Tell each Jellyfin target about its published tiles (call after generating)."""
        wanted = [t for t in resolution.targets if t.trickplay]
        if not wanted:
            return []
        with self._uow() as work:
            configs = {s.id: s for s in work.servers.all()}
        done = []
        for target in wanted:
            config = configs.get(target.server_id)
            if config is None:
                done.append(ServerRegistration(target.server_id, False, "server was removed"))
                continue
            try:
                answer = self._placement.jellyfin(config).register_trickplay(
                    target.item_id,
                    target.width,
                    settings.preview.interval_ms,
                    library_id=target.library_id,
                )
            except MediaServerError as err:
                answer = TrickplayRegistration(False, f"registration failed: {err}")
            done.append(ServerRegistration(target.server_id, answer.registered, answer.message))
        return done

    def _place(
        self,
        server: ServerConfig,
        local: Path,
        files: list[IndexedFile],
        settings: PlacementSettings,
    ) -> list[ServerTarget | ServerHold]:
        def hold(reason: Hold, message: str) -> list[ServerTarget | ServerHold]:
            return [ServerHold(server.id, server.kind, reason, message)]

        if not server_paths(str(local), server.path_mappings):
            return hold(Hold.NO_MAPPING, f"no path mapping of {server.name} covers {local}")
        if server.kind is ServerKind.PLEX and (
            problem := plex_config_problem(server.plex_config_folder, self._exists)
        ):
            return hold(Hold.NO_CONFIG_FOLDER, f"{server.name}: {problem}")
        if not files:
            shown = ", ".join(server_paths(str(local), server.path_mappings))
            return hold(Hold.NOT_INDEXED, f"{server.name} has no item for {shown} yet")
        placed: list[ServerTarget | ServerHold] = []
        for file in files:
            try:
                placed.append(self._target(server, local, file, settings))
            except MediaServerError as err:
                log.info("previews.placement_unavailable", server=server.id, error=str(err))
                placed.extend(hold(Hold.UNAVAILABLE, f"{server.name}: {err}"))
        return placed

    def _target(
        self, server: ServerConfig, local: Path, file: IndexedFile, settings: PlacementSettings
    ) -> ServerTarget | ServerHold:
        width = settings.width_for(server)

        def target(output: Path, note: str | None = None) -> ServerTarget:
            return ServerTarget(
                server.id,
                server.kind,
                file.native_id,
                file.library_id,
                file.path,
                output,
                width,
                note,
            )

        def hold(reason: Hold, message: str) -> ServerHold:
            return ServerHold(server.id, server.kind, reason, f"{server.name}: {message}")

        if server.kind is ServerKind.EMBY:
            return target(emby_sidecar_path(local, width, settings.preview.interval_s))
        if server.kind is ServerKind.PLEX:
            assert server.plex_config_folder is not None  # checked by _place
            part = self._placement.plex(server).part_hash(file.native_id, file.path)
            if part is None:
                return hold(Hold.NOT_INDEXED, f"Plex has not analysed {file.path} yet (no hash)")
            return target(plex_bundle_path(server.plex_config_folder, part))
        readiness = self._placement.jellyfin(server).trickplay_readiness(file.library_id)
        if not readiness.ready:
            return hold(Hold.NOT_READY, readiness.advice())
        return target(jellyfin_trickplay_path(local, width), readiness.advice())


def _request(
    local: Path, settings: PlacementSettings, targets: list[ServerTarget]
) -> PreviewRequest:
    """Return one request for every target; servers sharing an output share one target."""
    bifs: dict[Path, BifTarget] = {}
    sheets: dict[Path, TrickplayTarget] = {}
    for t in targets:
        if t.trickplay:
            sheets.setdefault(t.output, TrickplayTarget(t.output, t.width))
        else:
            bifs.setdefault(t.output, BifTarget(t.output, t.width))
    return PreviewRequest(local, settings.preview, tuple(bifs.values()), tuple(sheets.values()))
